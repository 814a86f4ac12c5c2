import { and, eq, type SQL, sql } from 'drizzle-orm';
import type {
  ClosedStatementRecord,
  ClosePlan,
  EntryPage,
  EntryTotals,
  OpenMonthSummary,
  RefundRequest,
  RefundResult,
  RepasseEntryKind,
  RepasseEntryRecord,
  RepasseRepository,
  RepasseReseller,
} from '../../../app/repasse/ports';
import type { Actor } from '../../../domain/access/roles';
import { reversal } from '../../../domain/repasse/repasse';
import type { Db } from '../database';
import { repasseStatements, resellers } from '../schema';
import { rowsOf } from '../sql-helpers';
import { visibleResellerCondition } from '../tenancy';
import { insertLedgerLines, type LedgerLine } from './repasse-ledger';

interface EntryRow {
  id: string;
  kind: string;
  description: string;
  competence: string | null;
  occurred_on: string;
  month: string;
  client_id: string | null;
  client_legal_name: string | null;
  client_document: string | null;
  charge_id: string | null;
  charge_number: string | null;
  installment_id: string | null;
  contract_id: string | null;
  reverses_id: string | null;
  statement_id: string | null;
  received_cents: string;
  cost_cents: string;
  central_fee_cents: string;
  fine_interest_cents: string;
  repasse_cents: string;
  created_at: string | Date;
}

interface StatementRow {
  id: string;
  reseller_id: string;
  month: string;
  status: 'fechado' | 'pago';
  line_count: number;
  received_cents: string;
  cost_cents: string;
  central_fee_cents: string;
  fine_interest_cents: string;
  adjustments_cents: string;
  repasse_cents: string;
  closed_at: string | Date;
  closed_by_name: string | null;
  paid_on: string | null;
  payment_reference: string | null;
  paid_at: string | Date | null;
  invoice_filename: string | null;
  invoice_content_type: string | null;
  invoice_sha256: string | null;
  invoice_size: number | null;
  invoice_uploaded_at: string | Date | null;
  invoice_uploaded_by_name: string | null;
}

const ENTRY_COLUMNS = sql`
  e.id, e.kind::text as kind, e.description, e.competence, e.occurred_on::text as occurred_on, e.month,
  e.client_id, cl.legal_name as client_legal_name, cl.document as client_document, e.charge_id,
  ch.number as charge_number, e.installment_id, e.contract_id, e.reverses_id, e.statement_id,
  e.received_cents::text as received_cents, e.cost_cents::text as cost_cents,
  e.central_fee_cents::text as central_fee_cents, e.fine_interest_cents::text as fine_interest_cents,
  e.repasse_cents::text as repasse_cents, e.created_at`;

const ENTRY_FROM = sql`
  from repasse_entries e
  left join clients cl on cl.id = e.client_id
  left join charges ch on ch.id = e.charge_id`;

/** Lines in the order a statement prints them: payments by date and client, ajustes last. */
const ENTRY_ORDER = sql`order by (e.kind = 'ajuste'), e.occurred_on, cl.legal_name nulls last, e.competence nulls last, e.kind, e.created_at, e.id`;

const STATEMENT_SELECT = sql`
  select s.id, s.reseller_id, s.month, s.status::text as status, s.line_count,
    s.received_cents::text as received_cents, s.cost_cents::text as cost_cents,
    s.central_fee_cents::text as central_fee_cents, s.fine_interest_cents::text as fine_interest_cents,
    s.adjustments_cents::text as adjustments_cents, s.repasse_cents::text as repasse_cents,
    s.closed_at, cu.name as closed_by_name, s.paid_on::text as paid_on, s.payment_reference, s.paid_at,
    s.invoice_filename, s.invoice_content_type, s.invoice_sha256,
    octet_length(s.invoice_content) as invoice_size, s.invoice_uploaded_at, iu.name as invoice_uploaded_by_name
  from repasse_statements s
  left join users cu on cu.id = s.closed_by
  left join users iu on iu.id = s.invoice_uploaded_by`;

/** The open lines of a statement month: accrued in `month`, or late ones accrued up to `lateUpTo`. */
function openCondition(resellerId: string, month: string, lateUpTo: string | null): SQL {
  const late = lateUpTo === null ? sql`false` : sql`e.month <= ${lateUpTo}`;
  return sql`e.reseller_id = ${resellerId} and e.statement_id is null and (e.month = ${month} or ${late})`;
}

function pageCondition(page: EntryPage | undefined): SQL {
  if (!page) return sql``;
  return page.kind === 'adjustments' ? sql`and e.kind = 'ajuste'` : sql`and e.kind <> 'ajuste'`;
}

function pageLimit(page: EntryPage | undefined): SQL {
  return page ? sql`limit ${page.limit} offset ${page.offset}` : sql``;
}

interface TotalsRow {
  lines: string;
  adjustments: string;
  received: string | null;
  cost: string | null;
  fee: string | null;
  fine: string | null;
  adjustments_cents: string | null;
  repasse: string | null;
}

const TOTALS_COLUMNS = sql`
  (count(*) filter (where e.kind <> 'ajuste'))::text as lines,
  (count(*) filter (where e.kind = 'ajuste'))::text as adjustments,
  sum(e.received_cents)::text as received, sum(e.cost_cents)::text as cost,
  sum(e.central_fee_cents)::text as fee, sum(e.fine_interest_cents)::text as fine,
  sum(e.repasse_cents) filter (where e.kind = 'ajuste')::text as adjustments_cents,
  sum(e.repasse_cents)::text as repasse`;

function toTotals(r: TotalsRow | undefined): EntryTotals {
  const n = (v: string | null | undefined) => Number(v ?? 0);
  return {
    lines: n(r?.lines),
    adjustments: n(r?.adjustments),
    receivedCents: n(r?.received),
    costCents: n(r?.cost),
    centralFeeCents: n(r?.fee),
    fineInterestCents: n(r?.fine),
    adjustmentsCents: n(r?.adjustments_cents),
    repasseCents: n(r?.repasse),
  };
}

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

function toEntry(r: EntryRow): RepasseEntryRecord {
  return {
    id: r.id,
    kind: r.kind as RepasseEntryKind,
    description: r.description,
    competence: r.competence,
    occurredOn: r.occurred_on,
    month: r.month,
    clientId: r.client_id,
    clientLegalName: r.client_legal_name,
    clientDocument: r.client_document,
    chargeId: r.charge_id,
    chargeNumber: r.charge_number,
    reversesId: r.reverses_id,
    statementId: r.statement_id,
    receivedCents: Number(r.received_cents),
    costCents: Number(r.cost_cents),
    centralFeeCents: Number(r.central_fee_cents),
    fineInterestCents: Number(r.fine_interest_cents),
    repasseCents: Number(r.repasse_cents),
    createdAt: asDate(r.created_at),
  };
}

function toStatement(r: StatementRow): ClosedStatementRecord {
  return {
    id: r.id,
    resellerId: r.reseller_id,
    month: r.month,
    status: r.status,
    lineCount: Number(r.line_count),
    receivedCents: Number(r.received_cents),
    costCents: Number(r.cost_cents),
    centralFeeCents: Number(r.central_fee_cents),
    fineInterestCents: Number(r.fine_interest_cents),
    adjustmentsCents: Number(r.adjustments_cents),
    repasseCents: Number(r.repasse_cents),
    closedAt: asDate(r.closed_at),
    closedByName: r.closed_by_name,
    paidOn: r.paid_on,
    paymentReference: r.payment_reference,
    paidAt: r.paid_at === null ? null : asDate(r.paid_at),
    invoice:
      r.invoice_filename && r.invoice_content_type && r.invoice_sha256 && r.invoice_uploaded_at
        ? {
            filename: r.invoice_filename,
            contentType: r.invoice_content_type,
            sha256: r.invoice_sha256,
            sizeBytes: Number(r.invoice_size ?? 0),
            uploadedAt: asDate(r.invoice_uploaded_at),
            uploadedByName: r.invoice_uploaded_by_name,
          }
        : null,
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The repasse ledger's statements, refunds and clawbacks (SPEC §7). */
export class DbRepasseRepository implements RepasseRepository {
  constructor(private readonly db: Db) {}

  async visibleReseller(actor: Actor, resellerId: string): Promise<RepasseReseller | null> {
    if (!UUID_RE.test(resellerId)) return null;
    const [row] = await this.db
      .select({
        id: resellers.id,
        name: resellers.name,
        legalName: resellers.legalName,
        document: resellers.document,
      })
      .from(resellers)
      .where(and(eq(resellers.id, resellerId), visibleResellerCondition(actor, resellers.id)));
    return row ?? null;
  }

  async resellersWithOpenLinesUpTo(month: string): Promise<string[]> {
    const rows = rowsOf<{ reseller_id: string }>(
      await this.db.execute(sql`
        select distinct reseller_id from repasse_entries
        where statement_id is null and month <= ${month}
        order by reseller_id`),
    );
    return rows.map((r) => r.reseller_id);
  }

  async lastClosedMonth(resellerId: string): Promise<string | null> {
    const [row] = rowsOf<{ month: string | null }>(
      await this.db.execute(
        sql`select max(month) as month from repasse_statements where reseller_id = ${resellerId}`,
      ),
    );
    return row?.month ?? null;
  }

  async openMonths(resellerId: string): Promise<OpenMonthSummary[]> {
    const rows = rowsOf<{
      month: string;
      n: string;
      received: string;
      cost: string;
      fee: string;
      fine: string;
      adjustments: string;
      repasse: string;
    }>(
      await this.db.execute(sql`
        select month, count(*)::text as n, sum(received_cents)::text as received, sum(cost_cents)::text as cost,
          sum(central_fee_cents)::text as fee, sum(fine_interest_cents)::text as fine,
          coalesce(sum(repasse_cents) filter (where kind = 'ajuste'), 0)::text as adjustments,
          sum(repasse_cents)::text as repasse
        from repasse_entries
        where reseller_id = ${resellerId} and statement_id is null
        group by month order by month`),
    );
    return rows.map((r) => ({
      month: r.month,
      lineCount: Number(r.n),
      receivedCents: Number(r.received),
      costCents: Number(r.cost),
      centralFeeCents: Number(r.fee),
      fineInterestCents: Number(r.fine),
      adjustmentsCents: Number(r.adjustments),
      repasseCents: Number(r.repasse),
    }));
  }

  async openEntries(
    resellerId: string,
    month: string,
    lateUpTo: string | null,
    page?: EntryPage,
  ): Promise<RepasseEntryRecord[]> {
    return rowsOf<EntryRow>(
      await this.db.execute(sql`
        select ${ENTRY_COLUMNS} ${ENTRY_FROM}
        where ${openCondition(resellerId, month, lateUpTo)} ${pageCondition(page)}
        ${ENTRY_ORDER} ${pageLimit(page)}`),
    ).map(toEntry);
  }

  async openTotals(resellerId: string, month: string, lateUpTo: string | null): Promise<EntryTotals> {
    const [row] = rowsOf<TotalsRow>(
      await this.db.execute(sql`select ${TOTALS_COLUMNS} from repasse_entries e
        where ${openCondition(resellerId, month, lateUpTo)}`),
    );
    return toTotals(row);
  }

  async statements(resellerId: string): Promise<ClosedStatementRecord[]> {
    return rowsOf<StatementRow>(
      await this.db.execute(sql`${STATEMENT_SELECT} where s.reseller_id = ${resellerId} order by s.month`),
    ).map(toStatement);
  }

  async statement(resellerId: string, month: string): Promise<ClosedStatementRecord | null> {
    const [row] = rowsOf<StatementRow>(
      await this.db.execute(
        sql`${STATEMENT_SELECT} where s.reseller_id = ${resellerId} and s.month = ${month}`,
      ),
    );
    return row ? toStatement(row) : null;
  }

  async statementEntries(statementId: string, page?: EntryPage): Promise<RepasseEntryRecord[]> {
    return rowsOf<EntryRow>(
      await this.db.execute(sql`
        select ${ENTRY_COLUMNS} ${ENTRY_FROM} where e.statement_id = ${statementId} ${pageCondition(page)}
        ${ENTRY_ORDER} ${pageLimit(page)}`),
    ).map(toEntry);
  }

  async closeStatement(
    resellerId: string,
    month: string,
    closedBy: { userId: string | null; email: string | null },
    plan: (state: { lastClosedMonth: string | null; open: RepasseEntryRecord[] }) => ClosePlan,
  ): Promise<ClosedStatementRecord> {
    const id = await this.db.transaction(async (tx) => {
      // One close at a time per reseller: the row lock serialises the job and Financeiro's button.
      await tx.execute(sql`select id from resellers where id = ${resellerId} for update`);
      const [last] = rowsOf<{ month: string | null }>(
        await tx.execute(
          sql`select max(month) as month from repasse_statements where reseller_id = ${resellerId}`,
        ),
      );
      const open = rowsOf<EntryRow>(
        await tx.execute(sql`
          select ${ENTRY_COLUMNS} ${ENTRY_FROM}
          where e.reseller_id = ${resellerId} and e.statement_id is null and e.month <= ${month}
          ${ENTRY_ORDER}`),
      ).map(toEntry);
      const p = plan({ lastClosedMonth: last?.month ?? null, open });
      const [row] = await tx
        .insert(repasseStatements)
        .values({
          resellerId,
          month,
          status: 'fechado',
          lineCount: p.lineCount,
          receivedCents: p.receivedCents,
          costCents: p.costCents,
          centralFeeCents: p.centralFeeCents,
          fineInterestCents: p.fineInterestCents,
          adjustmentsCents: p.adjustmentsCents,
          repasseCents: p.repasseCents,
          closedBy: closedBy.userId,
        })
        .returning({ id: repasseStatements.id });
      const statementId = row!.id;
      if (p.entryIds.length > 0) {
        await tx.execute(sql`
          update repasse_entries set statement_id = ${statementId}
          where statement_id is null
            and id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(p.entryIds)}::jsonb))`);
      }
      await tx.execute(sql`
        insert into audit_log (actor_user_id, actor_email, action, entity_type, entity_id, details)
        values (${closedBy.userId}, ${closedBy.email}, 'repasse.statement_closed', 'repasse_statement',
          ${statementId}, ${JSON.stringify({
            reseller_id: resellerId,
            month,
            line_count: p.lineCount,
            repasse_cents: p.repasseCents,
            scheduled: closedBy.userId === null,
          })}::jsonb)`);
      return statementId;
    });
    const [row] = rowsOf<StatementRow>(await this.db.execute(sql`${STATEMENT_SELECT} where s.id = ${id}`));
    return toStatement(row!);
  }

  async insertAdjustment(line: {
    entryKey: string;
    resellerId: string;
    amountCents: number;
    description: string;
    occurredOn: string;
    createdBy: string | null;
  }): Promise<boolean> {
    const ledger: LedgerLine = {
      entry_key: line.entryKey,
      reseller_id: line.resellerId,
      client_id: null,
      contract_id: null,
      installment_id: null,
      charge_id: null,
      kind: 'ajuste',
      description: line.description,
      competence: null,
      occurred_on: line.occurredOn,
      reverses_id: null,
      created_by: line.createdBy,
      receivedCents: 0,
      costCents: 0,
      centralFeeCents: 0,
      fineInterestCents: 0,
      repasseCents: line.amountCents,
    };
    return (await insertLedgerLines(this.db, [ledger])) === 1;
  }

  async recordPayout(
    statementId: string,
    payout: { paidOn: string; reference: string; paidBy: string | null; at: Date },
  ): Promise<boolean> {
    const rows = await this.db
      .update(repasseStatements)
      .set({
        status: 'pago',
        paidOn: payout.paidOn,
        paymentReference: payout.reference,
        paidBy: payout.paidBy,
        paidAt: payout.at,
      })
      .where(and(eq(repasseStatements.id, statementId), eq(repasseStatements.status, 'fechado')))
      .returning({ id: repasseStatements.id });
    return rows.length === 1;
  }

  async saveInvoice(
    statementId: string,
    invoice: {
      filename: string;
      contentType: string;
      content: Uint8Array;
      sha256: string;
      uploadedBy: string | null;
      at: Date;
    },
  ): Promise<void> {
    await this.db
      .update(repasseStatements)
      .set({
        invoiceFilename: invoice.filename,
        invoiceContentType: invoice.contentType,
        invoiceContent: invoice.content,
        invoiceSha256: invoice.sha256,
        invoiceUploadedAt: invoice.at,
        invoiceUploadedBy: invoice.uploadedBy,
      })
      .where(eq(repasseStatements.id, statementId));
  }

  async invoiceContent(
    statementId: string,
  ): Promise<{ filename: string; contentType: string; content: Uint8Array } | null> {
    const [row] = await this.db
      .select({
        filename: repasseStatements.invoiceFilename,
        contentType: repasseStatements.invoiceContentType,
        content: repasseStatements.invoiceContent,
      })
      .from(repasseStatements)
      .where(eq(repasseStatements.id, statementId));
    if (!row?.filename || !row.contentType || !row.content) return null;
    return { filename: row.filename, contentType: row.contentType, content: row.content };
  }

  async refundCharge(request: RefundRequest): Promise<RefundResult> {
    if (!UUID_RE.test(request.chargeId)) return { status: 'not_found' };
    return this.db.transaction(async (tx) => {
      const [charge] = rowsOf<{
        id: string;
        number: string;
        client_id: string;
        reseller_id: string;
        status: string;
        paid_on: string | null;
      }>(
        await tx.execute(sql`
          select id, number, client_id, reseller_id, status::text as status, paid_on::text as paid_on
          from charges where id = ${request.chargeId} for update`),
      );
      if (!charge) return { status: 'not_found' };

      // The same refund again (same source id) changes nothing.
      const [earlier] = rowsOf<{
        id: string;
        charge_id: string;
        amount_cents: string;
        refunded_on: string;
      }>(
        await tx.execute(sql`
          select id, charge_id, amount_cents::text as amount_cents, refunded_on::text as refunded_on
          from payment_refunds where source_id = ${request.sourceId}`),
      );
      if (earlier) {
        if (earlier.charge_id !== charge.id) return { status: 'other_charge' };
        const [claw] = rowsOf<{ n: string; total: string }>(
          await tx.execute(sql`
            select count(*)::text as n, coalesce(sum(repasse_cents), 0)::text as total
            from repasse_entries where charge_id = ${charge.id} and kind = 'estorno'`),
        );
        return {
          status: 'duplicate',
          refundId: earlier.id,
          amountCents: Number(earlier.amount_cents),
          refundedOn: earlier.refunded_on,
          reversedLines: Number(claw?.n ?? 0),
          clawbackCents: Number(claw?.total ?? 0),
        };
      }
      if (charge.status !== 'paga') {
        return { status: 'not_paid', chargeStatus: charge.status, number: charge.number };
      }
      if (charge.paid_on && request.refundedOn < charge.paid_on) {
        return { status: 'before_payment', paidOn: charge.paid_on, number: charge.number };
      }

      // Everything the client paid on this charge (face value and multa/juros; an over-payment is credit).
      const [paid] = rowsOf<{ total: string }>(
        await tx.execute(sql`
          select coalesce(sum(principal_cents + fine_interest_cents), 0)::text as total
          from payments where charge_id = ${charge.id}`),
      );
      const amountCents = Number(paid?.total ?? 0);
      const [refund] = rowsOf<{ id: string }>(
        await tx.execute(sql`
          insert into payment_refunds (charge_id, client_id, reseller_id, kind, source_id, amount_cents,
            refunded_on, reason, evidence, recorded_by)
          values (${charge.id}, ${charge.client_id}, ${charge.reseller_id}, ${request.kind}, ${request.sourceId},
            ${amountCents}, ${request.refundedOn}, ${request.reason}, ${JSON.stringify(request.evidence)}::jsonb,
            ${request.recordedBy})
          returning id`),
      );
      await tx.execute(
        sql`update charges set status = 'estornada', updated_at = now() where id = ${charge.id}`,
      );
      await tx.execute(sql`
        update installments set status = 'estornada'
        where status = 'paga'
          and (charge_id = ${charge.id} or id = (select installment_id from charges where id = ${charge.id}))`);

      // The clawback: every line of the charge not reversed yet, negated, in the month of the refund.
      const lines = rowsOf<EntryRow & { reseller_id: string }>(
        await tx.execute(sql`
          select ${ENTRY_COLUMNS}, e.reseller_id ${ENTRY_FROM}
          where e.kind in ('parcela', 'implantacao', 'proporcional')
            and (e.charge_id = ${charge.id}
              or e.installment_id in (select i.id from installments i where i.charge_id = ${charge.id}))
            and not exists (select 1 from repasse_entries r where r.reverses_id = e.id)
          order by e.created_at, e.id`),
      );
      const label = request.kind === 'chargeback' ? 'Chargeback' : 'Estorno';
      const reversals: LedgerLine[] = lines.map((r) => {
        const line = toEntry(r);
        return {
          ...reversal(line),
          entry_key: `estorno:${line.id}`,
          reseller_id: r.reseller_id,
          client_id: line.clientId,
          contract_id: r.contract_id,
          installment_id: r.installment_id,
          charge_id: charge.id,
          kind: 'estorno',
          description: `${label} — ${line.description} (cobrança ${charge.number})`,
          competence: line.competence,
          occurred_on: request.refundedOn,
          reverses_id: line.id,
          created_by: request.recordedBy,
        };
      });
      await insertLedgerLines(tx, reversals);
      const clawbackCents = reversals.reduce((a, l) => a + l.repasseCents, 0);

      const details = {
        number: charge.number,
        kind: request.kind,
        refund_id: refund!.id,
        amount_cents: amountCents,
        refunded_on: request.refundedOn,
        reason: request.reason,
        reversed_lines: reversals.length,
        clawback_cents: clawbackCents,
      };
      await tx.execute(sql`
        insert into charge_events (charge_id, type, event_key, description, details)
        values (${charge.id}, ${request.kind}, ${`refund:${refund!.id}`},
          ${`${label} registrado: ${request.reason}`}, ${JSON.stringify(details)}::jsonb)`);
      await tx.execute(sql`
        insert into audit_log (actor_user_id, actor_email, action, entity_type, entity_id, ip, details)
        values (${request.recordedBy}, ${request.actorEmail}, 'charge.refunded', 'charge', ${charge.id},
          ${request.ip}, ${JSON.stringify(details)}::jsonb)`);
      return {
        status: 'applied',
        refundId: refund!.id,
        amountCents,
        refundedOn: request.refundedOn,
        reversedLines: reversals.length,
        clawbackCents,
      };
    });
  }
}
