import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Page } from '../../../app/clients/ports';
import type {
  ChargeDraft,
  ChargeEventInput,
  ChargeEventRecord,
  ChargeListQuery,
  ChargeRecord,
  ChargeRepository,
  NewPayment,
  PaymentOutcome,
  PaymentRecord,
} from '../../../app/payments/ports';
import type { Actor } from '../../../domain/access/roles';
import { contractNumber } from '../../../domain/contracts/contract-rules';
import { normalizeDocument } from '../../../domain/documents/cpf-cnpj';
import type { Cents } from '../../../domain/money/money';
import { type ChargeStatus, settle } from '../../../domain/payments/charges';
import { tedIdentifierFor } from '../../../domain/payments/ted/ted-matching';
import type { Db } from '../database';
import {
  chargeEvents,
  chargeNumberSeq,
  charges,
  clientCredits,
  clients,
  nossoNumeroSeq,
  payments,
  resellers,
  users,
} from '../schema';
import { escapeLike, rowsOf } from '../sql-helpers';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columns = {
  id: charges.id,
  number: charges.number,
  clientId: charges.clientId,
  clientLegalName: clients.legalName,
  clientDocument: clients.document,
  clientEmail: clients.email,
  clientAddress: {
    street: clients.street,
    number: clients.number,
    district: clients.district,
    city: clients.city,
    state: clients.state,
    cep: clients.cep,
  },
  resellerId: charges.resellerId,
  resellerName: resellers.name,
  contractId: charges.contractId,
  installmentId: charges.installmentId,
  description: charges.description,
  method: charges.method,
  status: charges.status,
  amountCents: charges.amountCents,
  paidCents: charges.paidCents,
  dueDate: charges.dueDate,
  fineBasisPoints: charges.fineBasisPoints,
  interestMonthlyBasisPoints: charges.interestMonthlyBasisPoints,
  provider: charges.provider,
  providerReference: charges.providerReference,
  bankCode: charges.bankCode,
  nossoNumero: charges.nossoNumero,
  barcode: charges.barcode,
  digitableLine: charges.digitableLine,
  pixTxid: charges.pixTxid,
  pixPayload: charges.pixPayload,
  tedIdentifier: charges.tedIdentifier,
  cardInstallments: charges.cardInstallments,
  failureReason: charges.failureReason,
  registrationFileId: charges.registrationFileId,
  cancellationFileId: charges.cancellationFileId,
  registeredAt: charges.registeredAt,
  paidOn: charges.paidOn,
  cancelledAt: charges.cancelledAt,
  cancelReason: charges.cancelReason,
  createdAt: charges.createdAt,
};

/** A payment's idempotency key. */
const keyOf = (p: { source: string; sourceId: string }) => `${p.source}\u0000${p.sourceId}`;

/** Rows per multi-row statement: well under PostgreSQL's 65,535 parameters. */
const CHUNK = 2000;

/** A charge that a payment batch settled (its paid date). */
export interface SettledCharge {
  chargeId: string;
  paidOn: string;
}

/**
 * Runs inside the payment transaction, after the charges are updated: what settling a charge means elsewhere
 * (billing: the installment is paid, the client ativo with its liberado até). A failure rolls the batch back.
 */
export type SettlementHook = (tx: Db, settled: SettledCharge[]) => Promise<void>;

export class DbChargeRepository implements ChargeRepository {
  private settlementHook: SettlementHook | null = null;

  constructor(private readonly db: Db) {}

  /** Billing registers what a settled charge does (see src/adapters/db/repositories/billing-repository.ts). */
  onSettled(hook: SettlementHook): void {
    this.settlementHook = hook;
  }

  private select(db: Pick<Db, 'select'> = this.db) {
    return db
      .select(columns)
      .from(charges)
      .innerJoin(clients, eq(clients.id, charges.clientId))
      .innerJoin(resellers, eq(resellers.id, charges.resellerId));
  }

  async create(draft: ChargeDraft): Promise<ChargeRecord> {
    const seq = (await this.db.execute(
      sql`select nextval(${sql.raw(`'${chargeNumberSeq.seqName}'`)}) as n`,
    )) as unknown as { rows: { n: string | number }[] };
    const number = contractNumber(draft.dueDate.slice(0, 4), Number(seq.rows[0]!.n));
    const [row] = await this.db
      .insert(charges)
      .values({
        number,
        clientId: draft.clientId,
        resellerId: draft.resellerId,
        contractId: draft.contractId ?? null,
        installmentId: draft.installmentId ?? null,
        description: draft.description,
        method: draft.method,
        status: draft.status ?? 'emitida',
        amountCents: draft.amountCents,
        dueDate: draft.dueDate,
        fineBasisPoints: draft.fineBasisPoints,
        interestMonthlyBasisPoints: draft.interestMonthlyBasisPoints,
        provider: draft.provider,
        providerReference: draft.providerReference ?? null,
        bankCode: draft.bankCode ?? null,
        nossoNumero: draft.nossoNumero ?? null,
        barcode: draft.barcode ?? null,
        digitableLine: draft.digitableLine ?? null,
        pixTxid: draft.pixTxid ?? null,
        pixPayload: draft.pixPayload ?? null,
        // TED: the identifier the client writes in the transfer, CC + the number's digits (CC2026000042).
        tedIdentifier: draft.tedIdentifier ?? (draft.method === 'ted' ? tedIdentifierFor(number) : null),
        cardInstallments: draft.cardInstallments ?? null,
        createdBy: draft.createdBy ?? null,
        ...(draft.createdAt ? { createdAt: draft.createdAt } : {}),
      })
      .returning({ id: charges.id });
    return (await this.systemGet(row!.id))!;
  }

  async nextNossoNumeroSequence(): Promise<number> {
    const seq = (await this.db.execute(
      sql`select nextval(${sql.raw(`'${nossoNumeroSeq.seqName}'`)}) as n`,
    )) as unknown as { rows: { n: string | number }[] };
    return Number(seq.rows[0]!.n);
  }

  async get(actor: Actor, id: string): Promise<ChargeRecord | null> {
    if (!UUID_RE.test(id)) return null;
    const [row] = await this.select()
      .where(and(eq(charges.id, id), visibleResellerCondition(actor, charges.resellerId)))
      .limit(1);
    return row ? toRecord(row) : null;
  }

  async systemGet(id: string): Promise<ChargeRecord | null> {
    if (!UUID_RE.test(id)) return null;
    const [row] = await this.select().where(eq(charges.id, id)).limit(1);
    return row ? toRecord(row) : null;
  }

  async list(actor: Actor, query: ChargeListQuery): Promise<Page<ChargeRecord>> {
    const conditions: (SQL | undefined)[] = [visibleResellerCondition(actor, charges.resellerId)];
    if (query.clientId) {
      conditions.push(UUID_RE.test(query.clientId) ? eq(charges.clientId, query.clientId) : sql`false`);
    }
    if (query.status) conditions.push(eq(charges.status, query.status));
    if (query.method) conditions.push(eq(charges.method, query.method));
    if (query.search) {
      const term = `%${escapeLike(query.search)}%`;
      const doc = normalizeDocument(query.search);
      conditions.push(
        or(
          ilike(clients.legalName, term),
          ilike(clients.tradeName, term),
          ilike(charges.number, term),
          ilike(charges.description, term),
          doc.length >= 3 ? ilike(clients.document, `%${escapeLike(doc)}%`) : undefined,
          doc.length >= 5 ? ilike(charges.nossoNumero, `%${escapeLike(doc)}%`) : undefined,
        ),
      );
    }
    const where = and(...conditions);
    const [{ total }] = (await this.db
      .select({ total: count() })
      .from(charges)
      .innerJoin(clients, eq(clients.id, charges.clientId))
      .where(where)) as [{ total: number }];
    const rows = await this.select()
      .where(where)
      .orderBy(desc(charges.dueDate), desc(charges.createdAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { items: rows.map(toRecord), total: Number(total), page: query.page, pageSize: query.pageSize };
  }

  async payments(chargeId: string): Promise<PaymentRecord[]> {
    const rows = await this.db
      .select({
        id: payments.id,
        chargeId: payments.chargeId,
        source: payments.source,
        sourceId: payments.sourceId,
        amountCents: payments.amountCents,
        principalCents: payments.principalCents,
        fineInterestCents: payments.fineInterestCents,
        discountCents: payments.discountCents,
        overpaidCents: payments.overpaidCents,
        paidOn: payments.paidOn,
        creditedOn: payments.creditedOn,
        reason: payments.reason,
        recordedByName: users.name,
        createdAt: payments.createdAt,
      })
      .from(payments)
      .leftJoin(users, eq(users.id, payments.recordedBy))
      .where(eq(payments.chargeId, chargeId))
      .orderBy(asc(payments.createdAt));
    return rows;
  }

  async events(chargeId: string): Promise<ChargeEventRecord[]> {
    return this.db
      .select({
        id: chargeEvents.id,
        type: chargeEvents.type,
        description: chargeEvents.description,
        details: chargeEvents.details,
        at: chargeEvents.at,
      })
      .from(chargeEvents)
      .where(eq(chargeEvents.chargeId, chargeId))
      .orderBy(asc(chargeEvents.at));
  }

  async applyPayments(batch: NewPayment[]): Promise<PaymentOutcome[]> {
    const outcomes: PaymentOutcome[] = [];
    for (let i = 0; i < batch.length; i += CHUNK) {
      outcomes.push(...(await this.applyChunk(batch.slice(i, i + CHUNK))));
    }
    return outcomes;
  }

  /**
   * One transaction: lock the charges (in id order, so concurrent appliers never deadlock), skip what was
   * applied before, settle the rest in order against the charge as it stands, then write payments, charges,
   * credits — a few multi-row statements whatever the batch size.
   */
  private async applyChunk(batch: NewPayment[]): Promise<PaymentOutcome[]> {
    if (batch.length === 0) return [];
    return this.db.transaction(async (tx) => {
      // Raw SQL with one JSON parameter per statement: a 2,000-payment batch is four statements, and
      // the bank-return import (100,000 titles) spends its time in PostgreSQL, not in query building.
      const chargeIds = [...new Set(batch.map((p) => p.chargeId))].sort();
      const locked = rowsOf<LockedCharge>(
        await tx.execute(sql`
          select id, client_id, reseller_id, number, amount_cents::text as amount_cents,
                 paid_cents::text as paid_cents, status::text as status, paid_on::text as paid_on
          from ${charges}
          where id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(chargeIds)}::jsonb))
          order by id
          for update`),
      );
      const state = new Map(
        locked.map((c) => [
          c.id,
          {
            id: c.id,
            clientId: c.client_id,
            resellerId: c.reseller_id,
            number: c.number,
            amountCents: Number(c.amount_cents),
            paidCents: Number(c.paid_cents),
            status: c.status as ChargeStatus,
            paidOn: c.paid_on,
            changed: false,
          },
        ]),
      );
      for (const id of chargeIds) {
        if (!state.has(id)) throw new Error(`cobrança ${id} não encontrada`);
      }

      // Payments applied before (this or an earlier transaction): same (source, source_id).
      const keys = [
        ...new Map(batch.map((p) => [keyOf(p), { source: p.source, source_id: p.sourceId }])).values(),
      ];
      const previous = new Map<
        string,
        { id: string; chargeId: string; principalCents: Cents; overpaidCents: Cents }
      >();
      for (const r of rowsOf<PreviousPayment>(
        await tx.execute(sql`
          select p.id, p.charge_id, p.source::text as source, p.source_id,
                 p.principal_cents::text as principal_cents, p.overpaid_cents::text as overpaid_cents
          from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(source payment_source, source_id text)
          join ${payments} p on p.source = k.source and p.source_id = k.source_id`),
      )) {
        previous.set(keyOf({ source: r.source, sourceId: r.source_id }), {
          id: r.id,
          chargeId: r.charge_id,
          principalCents: Number(r.principal_cents),
          overpaidCents: Number(r.overpaid_cents),
        });
      }

      const inserts: Record<string, unknown>[] = [];
      const credits: (typeof clientCredits.$inferInsert)[] = [];
      const planned: (PaymentOutcome | { key: string })[] = [];
      const seen = new Map<string, PaymentOutcome>();
      const newlySettled = new Set<string>();
      for (const p of batch) {
        const key = keyOf(p);
        const earlier = previous.get(key);
        if (earlier) {
          const c = state.get(earlier.chargeId) ?? state.get(p.chargeId)!;
          planned.push({
            status: 'duplicate',
            paymentId: earlier.id,
            chargeId: earlier.chargeId,
            principalCents: earlier.principalCents,
            overpaidCents: earlier.overpaidCents,
            balanceCents: Math.max(0, c.amountCents - c.paidCents),
            settled: c.paidCents >= c.amountCents,
          });
          continue;
        }
        if (seen.has(key)) {
          planned.push({ key });
          continue;
        }
        const c = state.get(p.chargeId)!;
        const s = settle(
          { amountCents: c.amountCents, paidCents: c.paidCents },
          {
            amountCents: p.amountCents,
            fineInterestCents: p.fineInterestCents ?? 0,
            discountCents: p.discountCents ?? 0,
          },
        );
        const id = randomUUID();
        inserts.push({
          id,
          charge_id: c.id,
          client_id: c.clientId,
          reseller_id: c.resellerId,
          source: p.source,
          source_id: p.sourceId,
          amount_cents: p.amountCents,
          principal_cents: s.principalCents,
          fine_interest_cents: s.fineInterestCents,
          discount_cents: s.discountCents,
          overpaid_cents: s.overpaidCents,
          paid_on: p.paidOn,
          credited_on: p.creditedOn ?? null,
          reason: p.reason ?? null,
          evidence: p.evidence,
          recorded_by: p.recordedBy ?? null,
        });
        if (s.overpaidCents > 0) {
          credits.push({
            clientId: c.clientId,
            resellerId: c.resellerId,
            amountCents: s.overpaidCents,
            paymentId: id,
            chargeId: c.id,
            description: `Pagamento acima do valor devido na cobrança ${c.number}`,
          });
        }
        const wasSettled = c.paidCents >= c.amountCents;
        c.paidCents = s.paidCentsAfter;
        if (s.settled && !wasSettled) {
          c.status = 'paga';
          c.paidOn = p.paidOn;
          newlySettled.add(c.id);
        }
        c.changed = true;
        const outcome: PaymentOutcome = {
          status: 'applied',
          paymentId: id,
          chargeId: c.id,
          principalCents: s.principalCents,
          overpaidCents: s.overpaidCents,
          balanceCents: s.balanceCents,
          settled: s.settled,
        };
        seen.set(key, outcome);
        planned.push(outcome);
      }

      if (inserts.length > 0) {
        // The unique (source, source_id) index is the last guard: a concurrent twin makes this fail, and the
        // transaction (with everything above) rolls back; the caller's retry then sees a duplicate.
        await tx.execute(sql`
          insert into ${payments} (id, charge_id, client_id, reseller_id, source, source_id, amount_cents,
            principal_cents, fine_interest_cents, discount_cents, overpaid_cents, paid_on, credited_on, reason,
            evidence, recorded_by)
          select id, charge_id, client_id, reseller_id, source, source_id, amount_cents, principal_cents,
            fine_interest_cents, discount_cents, overpaid_cents, paid_on, credited_on, reason, evidence, recorded_by
          from jsonb_to_recordset(${JSON.stringify(inserts)}::jsonb) as x(id uuid, charge_id uuid, client_id uuid,
            reseller_id uuid, source payment_source, source_id text, amount_cents bigint, principal_cents bigint,
            fine_interest_cents bigint, discount_cents bigint, overpaid_cents bigint, paid_on date, credited_on date,
            reason text, evidence jsonb, recorded_by uuid)`);
        const changed = [...state.values()]
          .filter((c) => c.changed)
          .map((c) => ({ id: c.id, paid_cents: c.paidCents, status: c.status, paid_on: c.paidOn }));
        await tx.execute(sql`
          update ${charges} set
            paid_cents = v.paid_cents,
            status = v.status,
            paid_on = v.paid_on,
            -- a charge that failed before (card declined) and is now paid no longer shows the decline
            failure_reason = case when v.status = 'paga' then null else ${charges.failureReason} end,
            updated_at = now()
          from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb)
            as v(id uuid, paid_cents bigint, status charge_status, paid_on date)
          where ${charges.id} = v.id`);
        if (credits.length > 0) await tx.insert(clientCredits).values(credits);
        const settled = [...newlySettled].map((chargeId) => ({
          chargeId,
          paidOn: state.get(chargeId)!.paidOn!,
        }));
        if (settled.length > 0 && this.settlementHook)
          await this.settlementHook(tx as unknown as Db, settled);
      }
      return planned.map((o) => ('key' in o ? { ...seen.get(o.key)!, status: 'duplicate' as const } : o));
    });
  }

  async addEvent(event: ChargeEventInput): Promise<boolean> {
    const rows = await this.db
      .insert(chargeEvents)
      .values({
        chargeId: event.chargeId,
        type: event.type,
        eventKey: event.eventKey,
        description: event.description,
        details: event.details ?? {},
      })
      .onConflictDoNothing({ target: chargeEvents.eventKey })
      .returning({ id: chargeEvents.id });
    return rows.length > 0;
  }

  async update(chargeId: string, patch: Parameters<ChargeRepository['update']>[1]): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db
      .update(charges)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(charges.id, chargeId));
  }

  async findByNossoNumero(bankCode: string, nossoNumeros: string[]): Promise<Map<string, ChargeRecord>> {
    const found = new Map<string, ChargeRecord>();
    const unique = [...new Set(nossoNumeros)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.select().where(
        and(eq(charges.bankCode, bankCode), inArray(charges.nossoNumero, unique.slice(i, i + CHUNK))),
      );
      for (const row of rows) found.set(row.nossoNumero!, toRecord(row));
    }
    return found;
  }

  async findByPixTxid(txid: string): Promise<ChargeRecord | null> {
    const [row] = await this.select().where(eq(charges.pixTxid, txid)).limit(1);
    return row ? toRecord(row) : null;
  }

  async findByTedIdentifier(identifier: string): Promise<ChargeRecord | null> {
    const [row] = await this.select().where(eq(charges.tedIdentifier, identifier.toUpperCase())).limit(1);
    return row ? toRecord(row) : null;
  }

  async openTedCharges(amountCents: Cents): Promise<ChargeRecord[]> {
    const rows = await this.select()
      .where(
        and(
          eq(charges.method, 'ted'),
          inArray(charges.status, ['emitida', 'registrada', 'vencida']),
          sql`${charges.amountCents} - ${charges.paidCents} = ${amountCents}`,
          isNull(charges.cancelledAt),
        ),
      )
      .orderBy(asc(charges.dueDate));
    return rows.map(toRecord);
  }

  async openChargesDueBefore(date: string): Promise<{ id: string; dueDate: string }[]> {
    return this.db
      .select({ id: charges.id, dueDate: charges.dueDate })
      .from(charges)
      .where(and(inArray(charges.status, ['emitida', 'registrada']), sql`${charges.dueDate} < ${date}`));
  }

  async markOverdue(ids: string[]): Promise<number> {
    let updated = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db
        .update(charges)
        .set({ status: 'vencida', updatedAt: sql`now()` })
        .where(
          and(
            inArray(charges.id, ids.slice(i, i + CHUNK)),
            inArray(charges.status, ['emitida', 'registrada']),
          ),
        )
        .returning({ id: charges.id });
      updated += rows.length;
    }
    return updated;
  }

  async creditBalance(clientId: string): Promise<Cents> {
    if (!UUID_RE.test(clientId)) return 0;
    const [row] = await this.db
      .select({ total: sql<string>`coalesce(sum(${clientCredits.amountCents}), 0)` })
      .from(clientCredits)
      .where(eq(clientCredits.clientId, clientId));
    return Number(row?.total ?? 0);
  }
}

interface LockedCharge {
  id: string;
  client_id: string;
  reseller_id: string;
  number: string;
  amount_cents: string;
  paid_cents: string;
  status: string;
  paid_on: string | null;
}

interface PreviousPayment {
  id: string;
  charge_id: string;
  source: string;
  source_id: string;
  principal_cents: string;
  overpaid_cents: string;
}

function toRecord(row: Omit<ChargeRecord, 'status'> & { status: string }): ChargeRecord {
  return { ...row, status: row.status as ChargeStatus };
}
