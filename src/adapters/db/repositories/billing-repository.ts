import { and, asc, eq, gt, inArray, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type {
  BillableClient,
  BillingContract,
  BillingRepository,
  BillingRunRecord,
  BillingScope,
  InstallmentDraft,
  InstallmentRecord,
  OpenInstallment,
  OpenWindow,
  PreparedIssue,
  StepKey,
} from '../../../app/billing/ports';
import { stepCompetence } from '../../../app/billing/ports';
import type { SettlementPolicy, SettlementStore } from '../../../app/billing/settlement';
import type { OutgoingEmail } from '../../../app/email/ports';
import { EMAIL_ATTEMPTS_PER_ROUND, NO_SMTP_NOTE } from '../../../app/email/send-email';
import { businessDateAt } from '../../../domain/calendar/dates';
import {
  ON_ACCESS_LAPSED,
  ON_CANCELLATION_END,
  ON_INSTALLMENT_OVERDUE,
  statusAfterPayment,
} from '../../../domain/clients/client-lifecycle';
import type { ClientStatus } from '../../../domain/clients/client-status';
import type { ContractKind } from '../../../domain/contracts/contract-rules';
import type { ChargeMethod, ChargeStatus } from '../../../domain/payments/charges';
import type { PaymentMethod, Periodicity } from '../../../domain/pricing/catalog';
import type { LateFeesTo } from '../../../domain/repasse/repasse';
import type { Db } from '../database';
import {
  auditLog,
  billingRuns,
  billingSteps,
  chargeNumberSeq,
  charges,
  clients,
  contracts,
  installments,
  nossoNumeroSeq,
  paymentCards,
  resellers,
} from '../schema';
import { rowsOf } from '../sql-helpers';
import { DbAuditLog } from './audit-log';
import { DbCardRepository } from './card-repository';
import type { SettledCharge } from './charge-repository';
import { DbChargeRepository } from './charge-repository';
import { DbClientRepository } from './client-repository';
import { DbEmailOutbox } from './email-outbox-repository';
import { accrueInstallmentRepasse } from './repasse-ledger';

const contractColumns = {
  id: contracts.id,
  number: contracts.number,
  version: contracts.version,
  kind: contracts.kind,
  status: contracts.status,
  clientId: contracts.clientId,
  resellerId: contracts.resellerId,
  periodicity: contracts.periodicity,
  paymentMethod: contracts.paymentMethod,
  cardInstallments: contracts.cardInstallments,
  monthlyNegotiatedCents: contracts.monthlyNegotiatedCents,
  periodTotalCents: contracts.periodTotalCents,
  setupFeeCents: contracts.setupFeeCents,
  repasseMonthlyCents: contracts.repasseMonthlyCents,
  signedAt: contracts.signedAt,
  effectiveFrom: contracts.effectiveFrom,
  endedAt: contracts.endedAt,
  endReason: contracts.endReason,
};

const installmentColumns = {
  id: installments.id,
  contractId: installments.contractId,
  clientId: installments.clientId,
  resellerId: installments.resellerId,
  key: installments.key,
  number: installments.number,
  competence: installments.competence,
  dueDate: installments.dueDate,
  amountCents: installments.amountCents,
  setupFeeCents: installments.setupFeeCents,
  accessUntil: installments.accessUntil,
  status: installments.status,
  chargeId: installments.chargeId,
  paidOn: installments.paidOn,
};

type ContractRow = Omit<BillingContract, 'kind' | 'periodicity' | 'paymentMethod'> & {
  kind: string;
  periodicity: string;
  paymentMethod: string;
};

const toContract = (r: ContractRow): BillingContract => ({
  ...r,
  kind: r.kind as ContractKind,
  periodicity: r.periodicity as Periodicity,
  paymentMethod: r.paymentMethod as PaymentMethod,
});

/** The open states of a charge: still to be paid (a declined card charge too). */
const OPEN_CHARGE_STATUSES: ChargeStatus[] = ['emitida', 'registrada', 'vencida', 'falhou'];

/** Qualified column references for correlated subqueries (drizzle leaves select-list columns unqualified). */
const CLIENT_ID = sql.raw('"clients"."id"');
const INST = sql.raw('"installments"');

/** Something that delivers outbox rows after they are committed (DbEmailOutbox). */
export interface OutboxDispatcher {
  dispatch(id: string, attemptLimit: number): Promise<boolean>;
  /** Many at once (one insert into the queue); without it, one by one. */
  dispatchMany?(ids: string[], attemptLimit: number): Promise<void>;
}

/** Rows sent to PostgreSQL as one JSON parameter (json_to_recordset): one statement for a whole batch. */
const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::json`;

export interface DbBillingRepositoryOptions {
  /** Whether SMTP is configured (the outbox notes it on the row otherwise). */
  transportConfigured: boolean;
  /** Hands committed e-mails to the send job. */
  dispatcher: OutboxDispatcher;
  /** Who keeps the multa e juros of a paid installment (REPASSE_LATE_FEES_TO; default Hiper). */
  lateFeesTo?: LateFeesTo;
}

/**
 * Billing's writes: installments (one per contract and competência), the billing steps that make every side
 * effect happen once, the runs, the status changes of the daily run, and the settlement of paid installments
 * (inside the payment transaction). Billing acts for no reseller: tenancy is for the screens that read it.
 */
export class DbBillingRepository implements BillingRepository, SettlementStore<Db> {
  constructor(
    private readonly db: Db,
    private readonly options: DbBillingRepositoryOptions,
  ) {}

  /** Repositories bound to `tx`; e-mails are collected to be dispatched after the commit. */
  private scope(tx: Db, mailIds: string[]): BillingScope {
    const outbox = new DbEmailOutbox(tx, { transportConfigured: this.options.transportConfigured });
    return {
      charges: new DbChargeRepository(tx),
      audit: new DbAuditLog(tx),
      outbox: {
        async enqueue(message: OutgoingEmail) {
          const row = await outbox.enqueue(message);
          mailIds.push(row.id);
          return row;
        },
      },
      cards: new DbCardRepository(tx),
      clients: new DbClientRepository(tx),
    };
  }

  private async dispatch(mailIds: string[]): Promise<void> {
    if (!this.options.transportConfigured || mailIds.length === 0) return;
    const { dispatcher } = this.options;
    if (dispatcher.dispatchMany) return dispatcher.dispatchMany(mailIds, EMAIL_ATTEMPTS_PER_ROUND);
    for (const id of mailIds) await dispatcher.dispatch(id, EMAIL_ATTEMPTS_PER_ROUND);
  }

  async contract(contractId: string): Promise<BillingContract | null> {
    const [row] = await this.db.select(contractColumns).from(contracts).where(eq(contracts.id, contractId));
    return row ? toContract(row) : null;
  }

  async installment(id: string): Promise<InstallmentRecord | null> {
    const [row] = await this.db.select(installmentColumns).from(installments).where(eq(installments.id, id));
    return row ?? null;
  }

  async issueInstallment(
    draft: InstallmentDraft,
    options: { effectiveFrom?: string | null },
    createCharge: (installmentId: string, scope: BillingScope) => Promise<{ id: string }>,
  ): Promise<{ installment: InstallmentRecord; created: boolean } | null> {
    const mailIds: string[] = [];
    const result = await this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      // One client at a time: a competência is billed once per client, whatever version issues it.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing:${draft.clientId}`}))`);
      const [other] = await tx
        .select({ id: installments.id })
        .from(installments)
        .where(
          and(
            eq(installments.clientId, draft.clientId),
            eq(installments.key, draft.key),
            sql`${installments.contractId} <> ${draft.contractId}`,
          ),
        )
        .limit(1);
      if (other) return null;
      await tx
        .insert(installments)
        .values({ ...draft })
        .onConflictDoNothing({ target: [installments.contractId, installments.key] });
      const [row] = await tx
        .select(installmentColumns)
        .from(installments)
        .where(and(eq(installments.contractId, draft.contractId), eq(installments.key, draft.key)))
        .for('update');
      if (!row) throw new Error(`parcela ${draft.key} do contrato ${draft.contractId} não encontrada`);
      if (options.effectiveFrom) {
        await tx
          .update(contracts)
          .set({ effectiveFrom: sql`coalesce(${contracts.effectiveFrom}, ${options.effectiveFrom})` })
          .where(eq(contracts.id, draft.contractId));
      }
      if (row.chargeId) return { installment: row, created: false };
      const charge = await createCharge(row.id, this.scope(tx, mailIds));
      await tx.update(installments).set({ chargeId: charge.id }).where(eq(installments.id, row.id));
      return { installment: { ...row, chargeId: charge.id }, created: true };
    });
    await this.dispatch(mailIds);
    return result;
  }

  async reserveChargeSequences(
    chargeCount: number,
    nossoNumeroCount: number,
  ): Promise<{ chargeNumbers: number[]; nossoNumeros: number[] }> {
    const reserve = async (name: string | undefined, n: number) => {
      if (n <= 0) return [];
      const rows = rowsOf<{ n: string | number }>(
        await this.db.execute(
          sql`select nextval(${sql.raw(`'${name}'`)}) as n from generate_series(1, ${n}::int) order by 1`,
        ),
      );
      return rows.map((r) => Number(r.n));
    };
    return {
      chargeNumbers: await reserve(chargeNumberSeq.seqName, chargeCount),
      nossoNumeros: await reserve(nossoNumeroSeq.seqName, nossoNumeroCount),
    };
  }

  async issueInstallments(items: PreparedIssue[], runId: string | null): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const mailIds: string[] = [];
    const created = await this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      // The clients' locks, in one order (two workers never wait on each other in a cycle); the same lock
      // as issueInstallment's: a competência is billed once per client, whatever version issues it.
      const clientIds = [...new Set(items.map((i) => i.installment.clientId))];
      await tx.execute(sql`
        select pg_advisory_xact_lock(h) from (
          select distinct hashtext('billing:' || id) as h from json_array_elements_text(${json(clientIds)}) as id
        ) locks order by h`);
      const rows = items.map(({ installment: i, charge: c }) => ({
        inst_id: c.installmentId,
        contract_id: i.contractId,
        client_id: i.clientId,
        reseller_id: i.resellerId,
        key: i.key,
        number: i.number,
        competence: i.competence,
        due_date: i.dueDate,
        amount_cents: i.amountCents,
        setup_fee_cents: i.setupFeeCents,
        access_until: i.accessUntil,
        charge_id: c.id,
        charge_number: c.number,
        description: c.description,
        method: c.method,
        charge_amount_cents: c.amountCents,
        charge_due_date: c.dueDate,
        fine_bp: c.fineBasisPoints,
        interest_bp: c.interestMonthlyBasisPoints,
        provider: c.provider,
        provider_reference: c.providerReference ?? null,
        bank_code: c.bankCode ?? null,
        nosso_numero: c.nossoNumero ?? null,
        barcode: c.barcode ?? null,
        digitable_line: c.digitableLine ?? null,
        pix_txid: c.pixTxid ?? null,
        pix_payload: c.pixPayload ?? null,
        ted_identifier: c.tedIdentifier ?? null,
        card_installments: c.cardInstallments ?? null,
        created_at: (c.createdAt ?? new Date()).toISOString(),
      }));
      // Installments and their charges in one statement (installments.charge_id is checked at its end).
      const inserted = rowsOf<{ contract_id: string; key: string }>(
        await tx.execute(sql`
          with input as (
            select * from json_to_recordset(${json(rows)}) as t(
              inst_id uuid, contract_id uuid, client_id uuid, reseller_id uuid, key text, number int,
              competence text, due_date date, amount_cents bigint, setup_fee_cents bigint, access_until date,
              charge_id uuid, charge_number text, description text, method charge_method,
              charge_amount_cents bigint, charge_due_date date, fine_bp int, interest_bp int, provider text,
              provider_reference text, bank_code text, nosso_numero text, barcode text, digitable_line text,
              pix_txid text, pix_payload text, ted_identifier text, card_installments int,
              created_at timestamptz)
          ),
          ins as (
            insert into ${installments} (id, contract_id, client_id, reseller_id, key, number, competence,
              due_date, amount_cents, setup_fee_cents, access_until, charge_id)
            select i.inst_id, i.contract_id, i.client_id, i.reseller_id, i.key, i.number, i.competence,
              i.due_date, i.amount_cents, i.setup_fee_cents, i.access_until, i.charge_id
            from input i
            where not exists (
              select 1 from ${installments} o
              where o.client_id = i.client_id and o.key = i.key and o.contract_id <> i.contract_id)
            on conflict (contract_id, key) do nothing
            returning id, contract_id, key
          ),
          ch as (
            insert into ${charges} (id, number, client_id, reseller_id, contract_id, installment_id,
              description, method, amount_cents, due_date, fine_basis_points, interest_monthly_basis_points,
              provider, provider_reference, bank_code, nosso_numero, barcode, digitable_line, pix_txid,
              pix_payload, ted_identifier, card_installments, created_at, updated_at)
            select i.charge_id, i.charge_number, i.client_id, i.reseller_id, i.contract_id, i.inst_id,
              i.description, i.method, i.charge_amount_cents, i.charge_due_date, i.fine_bp, i.interest_bp,
              i.provider, i.provider_reference, i.bank_code, i.nosso_numero, i.barcode, i.digitable_line,
              i.pix_txid, i.pix_payload, i.ted_identifier, i.card_installments, i.created_at, i.created_at
            from input i join ins on ins.id = i.inst_id
            returning id
          )
          select ins.contract_id::text as contract_id, ins.key from ins`),
      );
      const keys = new Set(inserted.map((r) => `${r.contract_id}/${r.key}`));
      const fresh = items.filter((i) => keys.has(`${i.installment.contractId}/${i.installment.key}`));
      if (fresh.length === 0) return keys;

      // The charge e-mail's step, claimed with its outbox rows (a step claimed before sends nothing).
      const claimed = rowsOf<{ contract_id: string; competence: string }>(
        await tx.execute(sql`
          insert into ${billingSteps} (contract_id, competence, step, run_id, details)
          select s.contract_id, s.competence, 'email:emissao', ${runId}::uuid,
            jsonb_build_object('charge_id', s.charge_id)
          from json_to_recordset(${json(
            fresh.map((i) => ({
              contract_id: i.installment.contractId,
              competence: stepCompetence(i.installment),
              charge_id: i.charge.id,
            })),
          )}) as s(contract_id uuid, competence text, charge_id text)
          on conflict (contract_id, competence, step) do nothing
          returning contract_id::text as contract_id, competence`),
      );
      const mailed = new Set(claimed.map((r) => `${r.contract_id}/${r.competence}`));
      const emails = fresh
        .filter((i) => mailed.has(`${i.installment.contractId}/${stepCompetence(i.installment)}`))
        .flatMap((i) => i.emails);
      if (emails.length > 0) {
        const note = this.options.transportConfigured ? null : NO_SMTP_NOTE;
        const ids = rowsOf<{ id: string }>(
          await tx.execute(sql`
            insert into email_outbox (to_address, subject, html, text, entity_type, entity_id, reseller_id,
              attachments, last_error)
            select e.to_address, e.subject, e.html, e.text, e.entity_type, e.entity_id, e.reseller_id,
              coalesce(e.attachments, '[]'::jsonb), ${note}
            from json_to_recordset(${json(
              emails.map((m) => ({
                to_address: m.to,
                subject: m.subject,
                html: m.html,
                text: m.text,
                entity_type: m.entityType ?? null,
                entity_id: m.entityId ?? null,
                reseller_id: m.resellerId ?? null,
                attachments: m.attachments ?? [],
              })),
            )}) as e(to_address text, subject text, html text, text text, entity_type text, entity_id text,
                     reseller_id uuid, attachments jsonb)
            returning id`),
        );
        mailIds.push(...ids.map((r) => r.id));
      }
      await tx.execute(sql`
        insert into ${auditLog} (actor_user_id, actor_email, action, entity_type, entity_id, ip, details)
        select a.actor_user_id, a.actor_email, a.action, a.entity_type, a.entity_id, a.ip,
          coalesce(a.details, '{}'::jsonb)
        from json_to_recordset(${json(
          fresh.map(({ audit: a }) => ({
            actor_user_id: a.actorUserId,
            actor_email: a.actorEmail,
            action: a.action,
            entity_type: a.entityType,
            entity_id: a.entityId ?? null,
            ip: a.ip ?? null,
            details: a.details ?? {},
          })),
        )}) as a(actor_user_id uuid, actor_email text, action text, entity_type text, entity_id text,
                 ip text, details jsonb)`);
      return keys;
    });
    await this.dispatch(mailIds);
    return created;
  }

  async runStep<T>(
    key: StepKey,
    effect: (scope: BillingScope) => Promise<T>,
  ): Promise<{ claimed: true; value: T } | { claimed: false }> {
    const mailIds: string[] = [];
    const result = await this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const claimed = await tx
        .insert(billingSteps)
        .values({
          contractId: key.contractId,
          competence: key.competence,
          step: key.step,
          runId: key.runId ?? null,
          details: key.details ?? {},
        })
        .onConflictDoNothing({
          target: [billingSteps.contractId, billingSteps.competence, billingSteps.step],
        })
        .returning({ id: billingSteps.id });
      if (claimed.length === 0) return { claimed: false as const };
      return { claimed: true as const, value: await effect(this.scope(tx, mailIds)) };
    });
    if (result.claimed) await this.dispatch(mailIds);
    return result;
  }

  async noteStep(key: StepKey, details: Record<string, unknown>): Promise<void> {
    await this.db
      .update(billingSteps)
      .set({ details: sql`${billingSteps.details} || ${JSON.stringify(details)}::jsonb` })
      .where(
        and(
          eq(billingSteps.contractId, key.contractId),
          eq(billingSteps.competence, key.competence),
          eq(billingSteps.step, key.step),
        ),
      );
  }

  async contractsAwaitingActivation(): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await this.db.execute(sql`
        select c.id from ${contracts} c
        join ${clients} cl on cl.id = c.client_id
        where c.status = 'assinado' and c.ended_at is null
          and cl.status <> 'cancelado'
          and (
            (c.kind in ('ativacao', 'migracao')
              and not exists (select 1 from ${installments} i where i.contract_id = c.id))
            -- an alteração the signature's listener could not apply (applyAlteration sets effective_from)
            or (c.kind = 'alteracao' and c.effective_from is null))
          and not exists (
            select 1 from ${contracts} n
            where n.client_id = c.client_id and n.status = 'assinado' and n.version > c.version)
        order by c.signed_at`),
    );
    return rows.map((r) => r.id);
  }

  private billableWhere() {
    return sql`${clients.status} <> 'cancelado' and exists (
      select 1 from ${contracts} c
      where c.client_id = ${CLIENT_ID} and c.status = 'assinado' and c.effective_from is not null)`;
  }

  async countBillableClients(): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(clients)
      .where(this.billableWhere());
    return Number(row?.n ?? 0);
  }

  async billableClients(afterId: string | null, limit: number): Promise<BillableClient[]> {
    const rows = await this.db
      .select({
        clientId: clients.id,
        resellerId: clients.resellerId,
        status: clients.status,
        legalName: clients.legalName,
        document: clients.document,
        email: clients.email,
        billingEmails: clients.billingEmails,
        resellerName: resellers.name,
        lastCompetence: sql<string | null>`(
          select max(i.competence) from ${installments} i
          where i.client_id = ${CLIENT_ID} and i.key like 'parcela:%')`,
        lastNumber: sql<number>`(
          select coalesce(max(i.number), 0)::int from ${installments} i
          where i.client_id = ${CLIENT_ID} and i.key like 'parcela:%')`,
      })
      .from(clients)
      .innerJoin(resellers, eq(resellers.id, clients.resellerId))
      .where(and(this.billableWhere(), afterId ? gt(clients.id, afterId) : undefined))
      .orderBy(asc(clients.id))
      .limit(limit);
    if (rows.length === 0) return [];
    const versions = await this.db
      .select(contractColumns)
      .from(contracts)
      .where(
        and(
          inArray(
            contracts.clientId,
            rows.map((r) => r.clientId),
          ),
          eq(contracts.status, 'assinado'),
          isNotNull(contracts.effectiveFrom),
        ),
      )
      .orderBy(asc(contracts.clientId), asc(contracts.version));
    const byClient = new Map<string, BillingContract[]>();
    for (const v of versions) {
      const list = byClient.get(v.clientId) ?? [];
      list.push(toContract(v));
      byClient.set(v.clientId, list);
    }
    return rows.map((r) => ({
      clientId: r.clientId,
      resellerId: r.resellerId,
      status: r.status,
      payer: {
        legalName: r.legalName,
        document: r.document,
        email: r.email,
        billingEmails: r.billingEmails,
        resellerName: r.resellerName,
      },
      lastCompetence: r.lastCompetence,
      lastNumber: Number(r.lastNumber),
      contracts: byClient.get(r.clientId) ?? [],
    }));
  }

  /** Whether the charge e-mail of the installment went out (step 'email:emissao'). */
  private issueEmailSent() {
    return sql<boolean>`exists (
      select 1 from ${billingSteps} bs where bs.contract_id = ${INST}.contract_id
        and bs.competence = (case when ${INST}.key like 'parcela:%'
                                  then ${INST}.competence else ${INST}.key end)
        and bs.step = 'email:emissao')`;
  }

  private openWhere(window: OpenWindow) {
    return and(
      eq(installments.status, 'emitida'),
      inArray(charges.status, OPEN_CHARGE_STATUSES),
      sql`${clients.status} <> 'cancelado'`,
      sql`${charges.dueDate} <= ${window.until}`,
      // Due later than followUpBy: nothing happens to it today, unless its e-mail is still to go.
      or(sql`${charges.dueDate} <= ${window.followUpBy}`, sql`not ${this.issueEmailSent()}`),
    );
  }

  async countOpenInstallments(window: OpenWindow): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(installments)
      .innerJoin(charges, eq(charges.id, installments.chargeId))
      .innerJoin(clients, eq(clients.id, installments.clientId))
      .where(this.openWhere(window));
    return Number(row?.n ?? 0);
  }

  async openInstallments(
    window: OpenWindow,
    afterId: string | null,
    limit: number,
  ): Promise<OpenInstallment[]> {
    const rows = await this.db
      .select({
        installmentId: installments.id,
        key: installments.key,
        contractId: installments.contractId,
        clientId: installments.clientId,
        clientStatus: clients.status,
        number: installments.number,
        competence: installments.competence,
        dueDate: installments.dueDate,
        chargeId: charges.id,
        chargeMethod: charges.method,
        chargeStatus: charges.status,
        chargeDueDate: charges.dueDate,
        chargeCreatedAt: charges.createdAt,
        hasActiveCard: sql<boolean>`exists (
          select 1 from ${paymentCards} pc where pc.client_id = ${INST}.client_id and pc.replaced_at is null)`,
        issueEmailSent: this.issueEmailSent(),
      })
      .from(installments)
      .innerJoin(charges, eq(charges.id, installments.chargeId))
      .innerJoin(clients, eq(clients.id, installments.clientId))
      .where(and(this.openWhere(window), afterId ? gt(installments.id, afterId) : undefined))
      .orderBy(asc(installments.id))
      .limit(limit);
    return rows.map(({ chargeCreatedAt, ...r }) => ({
      ...r,
      chargeMethod: r.chargeMethod as ChargeMethod,
      chargeStatus: r.chargeStatus as ChargeStatus,
      chargeIssuedOn: businessDateAt(chargeCreatedAt),
      hasActiveCard: Boolean(r.hasActiveCard),
      issueEmailSent: Boolean(r.issueEmailSent),
    }));
  }

  async markInadimplente(key: StepKey, clientId: string): Promise<boolean> {
    return this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const changed = await tx
        .update(clients)
        .set({ status: ON_INSTALLMENT_OVERDUE.to, updatedAt: sql`now()` })
        .where(and(eq(clients.id, clientId), inArray(clients.status, [...ON_INSTALLMENT_OVERDUE.from])))
        .returning({ id: clients.id, paidThrough: clients.paidThrough });
      if (changed.length === 0) return false;
      await tx
        .insert(billingSteps)
        .values({
          contractId: key.contractId,
          competence: key.competence,
          step: key.step,
          runId: key.runId ?? null,
          details: key.details ?? {},
        })
        .onConflictDoNothing({
          target: [billingSteps.contractId, billingSteps.competence, billingSteps.step],
        });
      await tx.insert(auditLog).values({
        actorUserId: null,
        actorEmail: null,
        action: 'client.status_changed',
        entityType: 'client',
        entityId: clientId,
        details: { from: 'ativo', to: ON_INSTALLMENT_OVERDUE.to, reason: 'parcela_vencida', ...key.details },
      });
      return true;
    });
  }

  async blockLapsed(date: string, runId: string | null): Promise<number> {
    return this.statusSweep({
      runId,
      step: 'bloqueio',
      to: ON_ACCESS_LAPSED.to,
      reason: 'liberado_ate_vencido',
      where: (cl) =>
        sql`${cl}.status in (${sql.join(
          ON_ACCESS_LAPSED.from.map((s) => sql`${s}`),
          sql`, `,
        )}) and ${cl}.paid_through < ${date}`,
    });
  }

  async endCancelled(date: string, runId: string | null): Promise<number> {
    // The client's latest signed version ended: a superseded version always has a later signed one, so
    // this is the cancellation (the client keeps access until its liberado até, then is cancelado).
    return this.statusSweep({
      runId,
      step: 'cancelamento',
      to: ON_CANCELLATION_END.to,
      reason: 'cancelamento',
      where: (cl) => sql`${cl}.status in (${sql.join(
        ON_CANCELLATION_END.from.map((s) => sql`${s}`),
        sql`, `,
      )}) and (${cl}.paid_through is null or ${cl}.paid_through < ${date})
        and exists (
          select 1 from ${contracts} c
          where c.client_id = ${cl}.id and c.status = 'assinado' and c.ended_at is not null
            -- ended by the end of the run's São Paulo date (the run's clock, not the database's: a run
            -- for another day, or an injected clock, must see the same contracts ended)
            and c.ended_at < ((${date}::date + 1)::timestamp at time zone 'America/Sao_Paulo')
            and not exists (
              select 1 from ${contracts} n
              where n.client_id = c.client_id and n.status = 'assinado' and n.version > c.version))`,
    });
  }

  /**
   * One transaction: the conditional status update, then one step row per changed client (keyed by its
   * liberado até, under its latest signed contract) and an audit entry.
   */
  private async statusSweep(input: {
    runId: string | null;
    step: string;
    to: ClientStatus;
    reason: string;
    /** The condition on a clients row, given its alias. */
    where: (alias: SQL) => SQL;
  }): Promise<number> {
    return this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const changed = rowsOf<{ id: string; from_status: string; paid_through: string | null }>(
        await tx.execute(sql`
          update ${clients} cl set status = ${input.to}, updated_at = now()
          from (select o.id, o.status from ${clients} o where ${input.where(sql.raw('o'))}
                order by o.id for update) old
          where cl.id = old.id and ${input.where(sql.raw('cl'))}
          returning cl.id, old.status::text as from_status, cl.paid_through::text as paid_through`),
      );
      if (changed.length === 0) return 0;
      const payload = JSON.stringify(
        changed.map((c) => ({
          client_id: c.id,
          competence: c.paid_through ?? '-',
          details: { from: c.from_status, to: input.to, paid_through: c.paid_through },
        })),
      );
      await tx.execute(sql`
        insert into ${billingSteps} (contract_id, competence, step, run_id, details)
        select k.id, x.competence, ${input.step}, ${input.runId}, x.details
        from jsonb_to_recordset(${payload}::jsonb) as x(client_id uuid, competence text, details jsonb)
        join lateral (
          select c.id from ${contracts} c where c.client_id = x.client_id and c.status = 'assinado'
          order by c.version desc limit 1) k on true
        on conflict (contract_id, competence, step) do nothing`);
      await tx.execute(sql`
        insert into ${auditLog} (actor_user_id, actor_email, action, entity_type, entity_id, details)
        select null, null, 'client.status_changed', 'client', x.client_id::text,
               x.details || jsonb_build_object('reason', ${input.reason}::text)
        from jsonb_to_recordset(${payload}::jsonb) as x(client_id uuid, competence text, details jsonb)`);
      return changed.length;
    });
  }

  /**
   * Inside the payment transaction: the installments of the settled charges become 'paga'; each client's
   * liberado até = greatest(current, access granted) — access never shrinks —, its status follows
   * statusAfterPayment (ativo when covered and nothing else overdue), activated_on is set once, and the
   * monthly fee and repasse come from the contract version billing now.
   */
  async settleInstallments(tx: Db, settled: SettledCharge[], policy: SettlementPolicy): Promise<number> {
    if (settled.length === 0) return 0;
    const paid = rowsOf<{
      id: string;
      client_id: string;
      contract_id: string;
      access_until: string;
      paid_on: string;
      competence: string;
    }>(
      await tx.execute(sql`
        update ${installments} i set status = 'paga', paid_on = s.paid_on
        from jsonb_to_recordset(${JSON.stringify(settled.map((s) => ({ charge_id: s.chargeId, paid_on: s.paidOn })))}::jsonb)
          as s(charge_id uuid, paid_on date)
        where i.charge_id = s.charge_id and i.status = 'emitida'
        returning i.id, i.client_id, i.contract_id, i.access_until::text as access_until,
                  i.paid_on::text as paid_on, i.competence`),
    );
    if (paid.length === 0) return 0;
    const clientIds = [...new Set(paid.map((p) => p.client_id))].sort();
    const ids = JSON.stringify(clientIds);
    const locked = rowsOf<{ id: string; status: string; paid_through: string | null }>(
      await tx.execute(sql`
        select id, status::text as status, paid_through::text as paid_through from ${clients}
        where id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb))
        order by id for update`),
    );
    // Other unpaid installments whose charge is past due: overdue if past the last day without charges.
    const open = rowsOf<{ client_id: string; due_date: string }>(
      await tx.execute(sql`
        select i.client_id, ch.due_date::text as due_date from ${installments} i
        join ${charges} ch on ch.id = i.charge_id
        where i.client_id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb))
          and i.status = 'emitida' and ch.status in ('emitida', 'registrada', 'vencida', 'falhou')
          and ch.due_date < ${policy.today}`),
    );
    const overdue = new Set(open.filter((o) => policy.isOverdue(o.due_date)).map((o) => o.client_id));
    // The version billing now (latest signed, in effect this competência), else the installment's own.
    const terms = rowsOf<{
      client_id: string;
      monthly: string;
      repasse: string;
      product_code: string;
    }>(
      await tx.execute(sql`
        select distinct on (c.client_id) c.client_id, c.monthly_negotiated_cents::text as monthly,
               c.repasse_monthly_cents::text as repasse, c.product_code
        from ${contracts} c
        where c.client_id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb))
          and c.status = 'assinado'
          and (c.effective_from <= ${policy.today.slice(0, 7)}
               or c.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(paid.map((p) => p.contract_id))}::jsonb)))
        order by c.client_id, (c.effective_from <= ${policy.today.slice(0, 7)}) desc nulls last, c.version desc`),
    );
    const termsOf = new Map(terms.map((t) => [t.client_id, t]));

    const updates: Record<string, unknown>[] = [];
    const audits: Record<string, unknown>[] = [];
    for (const c of locked) {
      const mine = paid.filter((p) => p.client_id === c.id);
      // Access never shrinks: the latest of the current liberado até and what the payments grant.
      const paidThrough = [c.paid_through ?? '', ...mine.map((p) => p.access_until)].sort().at(-1)!;
      const from = c.status as ClientStatus;
      const to = statusAfterPayment(from, {
        covered: paidThrough >= policy.today,
        otherOverdue: overdue.has(c.id),
      });
      const t = termsOf.get(c.id);
      const paidOn = mine.map((p) => p.paid_on).sort()[0]!;
      updates.push({
        id: c.id,
        paid_through: paidThrough,
        status: to,
        activated_on: paidOn,
        monthly: t ? Number(t.monthly) : null,
        repasse: t ? Number(t.repasse) : null,
        product_code: t?.product_code ?? null,
      });
      audits.push({
        client_id: c.id,
        details: {
          from,
          to,
          reason: 'pagamento',
          paid_through_before: c.paid_through,
          paid_through: paidThrough,
          installments: mine.map((p) => ({ id: p.id, competence: p.competence })),
        },
      });
    }
    await tx.execute(sql`
      update ${clients} cl set
        paid_through = v.paid_through,
        status = v.status,
        activated_on = coalesce(cl.activated_on, v.activated_on),
        monthly_fee_cents = coalesce(v.monthly, cl.monthly_fee_cents),
        repasse_cents = coalesce(v.repasse, cl.repasse_cents),
        product_code = coalesce(v.product_code, cl.product_code),
        updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
        as v(id uuid, paid_through date, status client_status, activated_on date, monthly bigint,
             repasse bigint, product_code text)
      where cl.id = v.id`);
    await tx.execute(sql`
      insert into ${auditLog} (actor_user_id, actor_email, action, entity_type, entity_id, details)
      select null, null, 'client.installment_paid', 'client', x.client_id::text, x.details
      from jsonb_to_recordset(${JSON.stringify(audits)}::jsonb) as x(client_id uuid, details jsonb)`);
    // The Hiperador's repasse accrues with the payment, in the same transaction (SPEC §7).
    await accrueInstallmentRepasse(
      tx,
      paid.map((p) => p.id),
      this.options.lateFeesTo ?? 'hiper',
    );
    return paid.length;
  }

  async createRun(input: {
    runDate: string;
    trigger: string;
    startedBy: string | null;
    at: Date;
  }): Promise<string> {
    const [row] = await this.db
      .insert(billingRuns)
      .values({
        runDate: input.runDate,
        trigger: input.trigger,
        startedBy: input.startedBy,
        startedAt: input.at,
      })
      .returning({ id: billingRuns.id });
    return row!.id;
  }

  async updateRun(id: string, patch: Parameters<BillingRepository['updateRun']>[1]): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    const { errors, ...rest } = patch;
    await this.db
      .update(billingRuns)
      .set({ ...rest, ...(errors ? { errors: errors as unknown as Record<string, unknown>[] } : {}) })
      .where(eq(billingRuns.id, id));
  }

  async run(id: string): Promise<BillingRunRecord | null> {
    const [row] = await this.db.select().from(billingRuns).where(eq(billingRuns.id, id));
    if (!row) return null;
    return { ...row, errors: row.errors as unknown as BillingRunRecord['errors'] };
  }

  async failStaleRuns(before: Date): Promise<number> {
    const rows = await this.db
      .update(billingRuns)
      .set({
        status: 'falhou',
        finishedAt: sql`now()`,
        errors: sql`${billingRuns.errors} || ${JSON.stringify([
          {
            client_id: null,
            contract_id: null,
            step: 'execucao',
            message: 'Execução interrompida antes de terminar; uma nova execução retomou o trabalho.',
          },
        ])}::jsonb`,
      })
      .where(and(eq(billingRuns.status, 'executando'), lt(billingRuns.startedAt, before)))
      .returning({ id: billingRuns.id });
    return rows.length;
  }
}
