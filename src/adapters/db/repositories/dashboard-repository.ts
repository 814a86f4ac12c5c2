import { type SQL, sql } from 'drizzle-orm';
import type {
  AccountManagerContact,
  AgingBucket,
  BillingRunSummary,
  ClientLedgerLine,
  ClientRepasseBasisRow,
  ClientsByStatus,
  DashboardRepository,
  Delinquency,
  ExpiringClient,
  ManagerDashboard,
  RepasseMonth,
  ResellerDashboard,
  ResellerRankingRow,
  ResellerRef,
  UpcomingInstallment,
} from '../../../app/dashboards/ports';
import type { Actor } from '../../../domain/access/roles';
import { addDays, addMonths } from '../../../domain/calendar/dates';
import { CLIENT_STATUSES, type ClientStatus } from '../../../domain/clients/client-status';
import type { ChargeMethod, ChargeStatus } from '../../../domain/payments/charges';
import { statementMonthFor } from '../../../domain/repasse/repasse';
import type { Db } from '../database';
import { rowsOf } from '../sql-helpers';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Upcoming installments and expiring clients listed on the dashboard (the counts and totals cover all). */
export const UPCOMING_LIMIT = 100;
export const EXPIRING_LIMIT = 100;
/** "Liberado até" ending within this many days. */
export const EXPIRING_DAYS = 10;
/** Months of repasse on the chart (the current one included). */
export const REPASSE_MONTHS = 12;

/** Charges still open (face value − paid is owed). */
const OPEN_CHARGE = sql`('emitida', 'registrada', 'vencida', 'falhou')`;

/** Bigint sums come back as strings (pg) or bigints (PGlite): cast to text in SQL, then here. */
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * Tenancy as a condition on a reseller-id column (same rule as ../tenancy.ts, for raw SQL):
 * back office any, gerente de contas the assigned ones, a Hiperador its own.
 */
function resellerScope(actor: Actor, column: SQL): SQL {
  switch (actor.role) {
    case 'admin':
    case 'financeiro':
      return sql`true`;
    case 'gerente_contas':
      return sql`${column} in (select amr.reseller_id from account_manager_resellers amr where amr.user_id = ${actor.userId})`;
    case 'hiperador':
      return actor.resellerId ? sql`${column} = ${actor.resellerId}` : sql`false`;
  }
}

const monthOf = (date: string) => date.slice(0, 7);

/** The next day 15 on or after `today`. */
export function nextFifteenth(today: string): string {
  const day = Number(today.slice(8, 10));
  return day <= 15 ? `${today.slice(0, 8)}15` : `${addMonths(`${today.slice(0, 8)}01`, 1).slice(0, 8)}15`;
}

function emptyStatuses(): ClientsByStatus {
  return Object.fromEntries(CLIENT_STATUSES.map((s) => [s, 0])) as ClientsByStatus;
}

export class DbDashboardRepository implements DashboardRepository {
  constructor(private readonly db: Db) {}

  async visibleReseller(actor: Actor, resellerId: string): Promise<ResellerRef | null> {
    if (!UUID_RE.test(resellerId)) return null;
    const rows = rowsOf<{ id: string; name: string }>(
      await this.db.execute(sql`
        select r.id, r.name from resellers r
        where r.id = ${resellerId} and ${resellerScope(actor, sql`r.id`)}`),
    );
    return rows[0] ?? null;
  }

  async resellerDashboard(resellerId: string, today: string): Promise<ResellerDashboard> {
    const scope = (column: SQL) => sql`${column} = ${resellerId}`;
    const [reseller, clients, delinquency, repasseByMonth, upcoming, expiring, accountManager] =
      await Promise.all([
        this.resellerRef(resellerId),
        this.clientStats(scope),
        this.delinquency(scope, today),
        this.repasseByMonth(resellerId, today),
        this.upcoming(resellerId, today),
        this.expiring(resellerId, today),
        this.accountManager(resellerId),
      ]);
    const stats = clients.get(resellerId);
    return {
      reseller,
      mrrCents: stats?.mrrCents ?? 0,
      clientsByStatus: stats?.byStatus ?? emptyStatuses(),
      repasseByMonth,
      delinquency: delinquency.get(resellerId) ?? {
        overdueOpenCents: 0,
        dueCents: 0,
        from: addMonths(today, -12),
      },
      upcoming,
      expiring,
      accountManager,
    };
  }

  async portfolio(actor: Actor, today: string): Promise<ManagerDashboard> {
    const scope = (column: SQL) => resellerScope(actor, column);
    const month = monthOf(today);
    const from = addMonths(today, -12);
    const [resellers, clients, delinquency, repasse] = await Promise.all([
      rowsOf<{ id: string; name: string }>(
        await this.db.execute(
          sql`select r.id, r.name from resellers r where ${scope(sql`r.id`)} order by r.name`,
        ),
      ),
      this.clientStats(scope),
      this.delinquency(scope, today),
      this.monthRepasse(scope, month),
    ]);
    const ranking: ResellerRankingRow[] = resellers.map((r) => {
      const stats = clients.get(r.id);
      const byStatus = stats?.byStatus ?? emptyStatuses();
      return {
        reseller: r,
        mrrCents: stats?.mrrCents ?? 0,
        activeClients: byStatus.ativo,
        billedClients: byStatus.ativo + byStatus.inadimplente,
        delinquency: delinquency.get(r.id) ?? { overdueOpenCents: 0, dueCents: 0, from },
        monthRepasseCents: repasse.get(r.id) ?? 0,
      };
    });
    ranking.sort(
      (a, b) => b.mrrCents - a.mrrCents || a.reseller.name.localeCompare(b.reseller.name, 'pt-BR'),
    );
    const clientsByStatus = emptyStatuses();
    for (const row of ranking) {
      const byStatus = clients.get(row.reseller.id)?.byStatus;
      if (byStatus) for (const s of CLIENT_STATUSES) clientsByStatus[s] += byStatus[s];
    }
    return {
      month,
      totals: {
        mrrCents: ranking.reduce((a, r) => a + r.mrrCents, 0),
        clientsByStatus,
        delinquency: {
          overdueOpenCents: ranking.reduce((a, r) => a + r.delinquency.overdueOpenCents, 0),
          dueCents: ranking.reduce((a, r) => a + r.delinquency.dueCents, 0),
          from,
        },
        monthRepasseCents: ranking.reduce((a, r) => a + r.monthRepasseCents, 0),
      },
      ranking,
    };
  }

  async aging(today: string): Promise<AgingBucket[]> {
    const rows = rowsOf<{ bucket: AgingBucket['bucket']; n: number; open: string }>(
      await this.db.execute(sql`
        select case
                 when ch.due_date >= ${today}::date then 'a_vencer'
                 when ch.due_date >= ${addDays(today, -30)}::date then '1_30'
                 when ch.due_date >= ${addDays(today, -60)}::date then '31_60'
                 else '60_mais'
               end as bucket,
               count(*)::int as n,
               coalesce(sum(greatest(ch.amount_cents - ch.paid_cents, 0)), 0)::text as open
        from charges ch
        where ch.status in ${OPEN_CHARGE}
        group by 1`),
    );
    const order: AgingBucket['bucket'][] = ['a_vencer', '1_30', '31_60', '60_mais'];
    return order.map((bucket) => {
      const r = rows.find((x) => x.bucket === bucket);
      return { bucket, count: num(r?.n), openCents: num(r?.open) };
    });
  }

  async recentBillingRuns(limit: number): Promise<BillingRunSummary[]> {
    const rows = rowsOf<{
      id: string;
      run_date: string;
      status: BillingRunSummary['status'];
      trigger: string;
      total_items: number;
      processed_items: number;
      error_count: number;
      counts: Record<string, number> | string;
      started_ms: string | number;
      finished_ms: string | number | null;
    }>(
      await this.db.execute(sql`
        select id, run_date::text as run_date, status::text as status, trigger, total_items, processed_items,
               jsonb_array_length(errors)::int as error_count, counts,
               (extract(epoch from started_at) * 1000)::float8 as started_ms,
               (extract(epoch from finished_at) * 1000)::float8 as finished_ms
        from billing_runs
        order by run_date desc, started_at desc
        limit ${limit}`),
    );
    return rows.map((r) => ({
      id: r.id,
      runDate: r.run_date,
      status: r.status,
      trigger: r.trigger,
      totalItems: r.total_items,
      processedItems: r.processed_items,
      errorCount: r.error_count,
      counts: typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts,
      startedAt: new Date(Math.round(Number(r.started_ms))),
      finishedAt: r.finished_ms === null ? null : new Date(Math.round(Number(r.finished_ms))),
    }));
  }

  async unmatchedCredits(): Promise<{ count: number; totalCents: number }> {
    const rows = rowsOf<{ n: number; total: string }>(
      await this.db.execute(sql`
        select count(*)::int as n, coalesce(sum(amount_cents), 0)::text as total
        from statement_entries where status = 'pendente'`),
    );
    return { count: num(rows[0]?.n), totalCents: num(rows[0]?.total) };
  }

  async clientRepasseBasis(actor: Actor, clientId: string): Promise<ClientRepasseBasisRow | null> {
    if (!UUID_RE.test(clientId)) return null;
    const rows = rowsOf<{
      id: string;
      legal_name: string;
      status: ClientStatus;
      contract_id: string | null;
      number: string | null;
      version: number | null;
      periodicity: string | null;
      monthly: string | null;
      period_total: string | null;
      cost: string | null;
      fee_bp: number | null;
      setup_bp: number | null;
      ended: boolean | null;
      last_competence: string | null;
    }>(
      await this.db.execute(sql`
        select c.id, c.legal_name, c.status::text as status,
               (k.ended_at is not null) as ended,
               (select max(li.competence) from installments li
                 where li.client_id = c.id and li.key like 'parcela:%'
                   and li.status in ('emitida', 'paga')) as last_competence,
               k.id as contract_id, k.number, k.version, k.periodicity,
               k.monthly_negotiated_cents::text as monthly, k.period_total_cents::text as period_total,
               coalesce((k.pricing->'repasse'->>'cost_cents')::bigint, 0)::text as cost,
               pb.central_fee_bp as fee_bp, coalesce(p.setup_fee_reseller_bp, 10000) as setup_bp
        from clients c
        left join lateral (
          select * from contracts k
          where k.client_id = c.id and k.status = 'assinado' and k.signed_at is not null
          order by (k.ended_at is null) desc, k.version desc
          limit 1
        ) k on true
        left join price_books pb on pb.id = k.price_book_id
        left join products p on p.code = k.product_code
        where c.id = ${clientId} and ${resellerScope(actor, sql`c.reseller_id`)}`),
    );
    const r = rows[0];
    if (!r) return null;
    const next = rowsOf<{
      id: string;
      key: string;
      competence: string;
      due_date: string;
      amount: string;
      setup: string;
      monthly: string;
      cost: string;
      fee_bp: number;
      setup_bp: number;
      prev_monthly: string | null;
      prev_cost: string | null;
    }>(
      await this.db.execute(sql`
        select i.id, i.key, i.competence, i.due_date::text as due_date, i.amount_cents::text as amount,
               i.setup_fee_cents::text as setup,
               k.monthly_negotiated_cents::text as monthly,
               coalesce((k.pricing->'repasse'->>'cost_cents')::bigint, 0)::text as cost,
               pb.central_fee_bp as fee_bp, coalesce(p.setup_fee_reseller_bp, 10000) as setup_bp,
               prev.monthly_negotiated_cents::text as prev_monthly,
               coalesce((prev.pricing->'repasse'->>'cost_cents')::bigint, 0)::text as prev_cost
        from installments i
        join contracts k on k.id = i.contract_id
        join price_books pb on pb.id = k.price_book_id
        left join products p on p.code = k.product_code
        left join lateral (
          select pc.monthly_negotiated_cents, pc.pricing from contracts pc
          where pc.client_id = k.client_id and pc.version < k.version and pc.signed_at is not null
          order by pc.version desc limit 1
        ) prev on i.key like 'proporcional:%'
        where i.client_id = ${clientId} and i.status = 'emitida'
        order by i.due_date, i.number
        limit 1`),
    )[0];
    const proportional = next?.key.startsWith('proporcional:') ?? false;
    return {
      clientId: r.id,
      clientName: r.legal_name,
      clientStatus: r.status,
      contract:
        r.contract_id === null
          ? null
          : {
              id: r.contract_id,
              number: r.number ?? '',
              version: r.version ?? 1,
              periodicity: r.periodicity ?? 'mensal',
              monthlyCents: num(r.monthly),
              periodTotalCents: num(r.period_total),
              monthlyCostCents: num(r.cost),
              centralFeeBp: r.fee_bp ?? 0,
              setupFeeResellerBp: r.setup_bp ?? 10000,
              billing: r.ended !== true && r.status !== 'cancelado',
              lastCompetence: r.last_competence,
            },
      nextInstallment: next
        ? {
            id: next.id,
            key: next.key,
            competence: next.competence,
            dueDate: next.due_date,
            amountCents: num(next.amount),
            setupFeeCents: num(next.setup),
            // An upgrade's proporcional is measured against the difference (as the ledger does).
            monthlyRevenueCents: proportional
              ? Math.max(0, num(next.monthly) - num(next.prev_monthly))
              : num(next.monthly),
            monthlyCostCents: proportional
              ? Math.max(0, num(next.cost) - num(next.prev_cost))
              : num(next.cost),
            centralFeeBp: next.fee_bp,
            setupFeeResellerBp: next.setup_bp,
          }
        : null,
    };
  }

  async clientLedger(clientId: string, limit: number): Promise<ClientLedgerLine[]> {
    if (!UUID_RE.test(clientId)) return [];
    const rows = rowsOf<{
      id: string;
      kind: ClientLedgerLine['kind'];
      description: string;
      competence: string | null;
      occurred_on: string;
      month: string;
      received: string;
      cost: string;
      fee: string;
      fine: string;
      repasse: string;
      statement_status: 'fechado' | 'pago' | null;
      statement_month: string | null;
    }>(
      await this.db.execute(sql`
        select e.id, e.kind::text as kind, e.description, e.competence, e.occurred_on::text as occurred_on,
               e.month, e.received_cents::text as received, e.cost_cents::text as cost,
               e.central_fee_cents::text as fee, e.fine_interest_cents::text as fine,
               e.repasse_cents::text as repasse, s.status::text as statement_status, s.month as statement_month
        from repasse_entries e
        left join repasse_statements s on s.id = e.statement_id
        where e.client_id = ${clientId}
        order by e.occurred_on desc, e.created_at desc, e.entry_key
        limit ${limit}`),
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      description: r.description,
      competence: r.competence,
      occurredOn: r.occurred_on,
      month: r.month,
      receivedCents: num(r.received),
      costCents: num(r.cost),
      centralFeeCents: num(r.fee),
      fineInterestCents: num(r.fine),
      repasseCents: num(r.repasse),
      statementStatus: r.statement_status,
      statementMonth: r.statement_month,
    }));
  }

  // ── building blocks ───────────────────────────────────────────────────────────────────────────────

  private async resellerRef(resellerId: string): Promise<ResellerRef> {
    const rows = rowsOf<ResellerRef>(
      await this.db.execute(sql`select id, name from resellers where id = ${resellerId}`),
    );
    return rows[0] ?? { id: resellerId, name: '' };
  }

  /** Clients by status and MRR (monthly fees of the billed: ativo + inadimplente), per reseller. */
  private async clientStats(
    scope: (column: SQL) => SQL,
  ): Promise<Map<string, { byStatus: ClientsByStatus; mrrCents: number }>> {
    const rows = rowsOf<{ reseller_id: string; status: ClientStatus; n: number; mrr: string }>(
      await this.db.execute(sql`
        select c.reseller_id, c.status::text as status, count(*)::int as n,
               coalesce(sum(c.monthly_fee_cents) filter (where c.status in ('ativo', 'inadimplente')), 0)::text as mrr
        from clients c
        where ${scope(sql`c.reseller_id`)}
        group by c.reseller_id, c.status`),
    );
    const out = new Map<string, { byStatus: ClientsByStatus; mrrCents: number }>();
    for (const r of rows) {
      let entry = out.get(r.reseller_id);
      if (!entry) {
        entry = { byStatus: emptyStatuses(), mrrCents: 0 };
        out.set(r.reseller_id, entry);
      }
      entry.byStatus[r.status] = num(r.n);
      entry.mrrCents += num(r.mrr);
    }
    return out;
  }

  /**
   * Inadimplência per reseller: of the charges due in the last 12 months (today excluded; cancelled and
   * refunded ones left out), the face value, and what is still open of it.
   */
  private async delinquency(scope: (column: SQL) => SQL, today: string): Promise<Map<string, Delinquency>> {
    const from = addMonths(today, -12);
    const rows = rowsOf<{ reseller_id: string; open: string; due: string }>(
      await this.db.execute(sql`
        select ch.reseller_id,
               coalesce(sum(greatest(ch.amount_cents - ch.paid_cents, 0)) filter (where ch.status in ${OPEN_CHARGE}), 0)::text as open,
               coalesce(sum(ch.amount_cents), 0)::text as due
        from charges ch
        where ${scope(sql`ch.reseller_id`)}
          and ch.due_date >= ${from}::date and ch.due_date < ${today}::date
          and ch.status not in ('cancelada', 'estornada')
        group by ch.reseller_id`),
    );
    return new Map(
      rows.map((r) => [r.reseller_id, { overdueOpenCents: num(r.open), dueCents: num(r.due), from }]),
    );
  }

  /** Repasse accrued in `month` (payments received less refunds), per reseller. */
  private async monthRepasse(scope: (column: SQL) => SQL, month: string): Promise<Map<string, number>> {
    const rows = rowsOf<{ reseller_id: string; total: string }>(
      await this.db.execute(sql`
        select e.reseller_id, coalesce(sum(e.repasse_cents), 0)::text as total
        from repasse_entries e
        where ${scope(sql`e.reseller_id`)} and e.month = ${month}
        group by e.reseller_id`),
    );
    return new Map(rows.map((r) => [r.reseller_id, num(r.total)]));
  }

  /**
   * Repasse per statement month, the last 12: paid = statements Financeiro paid; to receive = closed
   * statements not yet paid + the open lines (by the statement they will go to).
   */
  private async repasseByMonth(resellerId: string, today: string): Promise<RepasseMonth[]> {
    const firstMonth = monthOf(addMonths(`${monthOf(today)}-01`, -(REPASSE_MONTHS - 1)));
    const [statements, open] = await Promise.all([
      rowsOf<{ month: string; status: 'fechado' | 'pago'; repasse: string; last_closed: string | null }>(
        await this.db.execute(sql`
          select s.month, s.status::text as status, s.repasse_cents::text as repasse,
                 max(s.month) over () as last_closed
          from repasse_statements s
          where s.reseller_id = ${resellerId}
          order by s.month`),
      ),
      rowsOf<{ month: string; repasse: string }>(
        await this.db.execute(sql`
          select e.month, coalesce(sum(e.repasse_cents), 0)::text as repasse
          from repasse_entries e
          where e.reseller_id = ${resellerId} and e.statement_id is null
          group by e.month`),
      ),
    ]);
    const months = new Map<string, RepasseMonth>();
    for (let i = 0; i < REPASSE_MONTHS; i++) {
      const month = monthOf(addMonths(`${firstMonth}-01`, i));
      months.set(month, { month, paidCents: 0, toReceiveCents: 0 });
    }
    const lastClosed = statements.at(-1)?.last_closed ?? null;
    for (const s of statements) {
      const m = months.get(s.month);
      if (!m) continue;
      if (s.status === 'pago') m.paidCents += num(s.repasse);
      else m.toReceiveCents += num(s.repasse);
    }
    for (const o of open) {
      const month = statementMonthFor(o.month, lastClosed);
      if (month < firstMonth) continue;
      let m = months.get(month);
      if (!m) {
        m = { month, paidCents: 0, toReceiveCents: 0 };
        months.set(month, m);
      }
      m.toReceiveCents += num(o.repasse);
    }
    return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
  }

  /**
   * The installments due on the next 15th (issued ahead of time by the billing run), by client name. Two
   * queries: the totals (installments_due_idx), and the first page walked in name order
   * (clients_reseller_name_idx → installments_client_idx), so 10,000 installments are never sorted.
   */
  private async upcoming(resellerId: string, today: string): Promise<ResellerDashboard['upcoming']> {
    const dueDate = nextFifteenth(today);
    const competence = dueDate.slice(0, 7);
    // Issued installments due on that 15th, and — until the run issues them (BILLING_LEAD_DAYS before) —
    // the ones the schedule will issue (as daily-run.ts's scheduleStart): a billing version's competências
    // are its first one + k·P months (P = 1, 6 or 12; an ativação/migração starts in the month it was signed
    // — #1 is the activation charge —, an alteração on its effective_from). Arithmetic only, no probe per
    // client, so it stays fast for a reseller with thousands of clients.
    const [ny, nm] = competence.split('-').map(Number) as [number, number];
    const monthIndex = ny * 12 + nm - 1;
    const items = sql`
      with issued as (
        select i.id, i.client_id, i.competence, i.due_date, i.amount_cents, i.setup_fee_cents,
               i.status::text as status, i.charge_id, i.contract_id
        from installments i
        where i.reseller_id = ${resellerId} and i.due_date = ${dueDate}::date and i.status in ('emitida', 'paga')
      ),
      already as (
        select li.client_id from installments li
        where li.reseller_id = ${resellerId} and li.key = ${`parcela:${competence}`}
        union select client_id from issued
      ),
      billing as (
        select distinct on (k.client_id) k.id, k.client_id, k.period_total_cents,
               case k.periodicity when 'anual' then 12 when 'semestral' then 6 else 1 end as p,
               ${monthIndex} - (case when k.kind = 'alteracao'
                   then extract(year from to_date(k.effective_from || '-01', 'YYYY-MM-DD')) * 12
                        + extract(month from to_date(k.effective_from || '-01', 'YYYY-MM-DD')) - 1
                   else extract(year from k.signed_at at time zone 'America/Sao_Paulo') * 12
                        + extract(month from k.signed_at at time zone 'America/Sao_Paulo') - 1 end)::int as months,
               k.kind
        from contracts k join clients c on c.id = k.client_id
        where k.reseller_id = ${resellerId} and k.status = 'assinado' and k.signed_at is not null
          and k.ended_at is null and c.status <> 'cancelado'
          and not exists (select 1 from already a where a.client_id = k.client_id)
        order by k.client_id, k.version desc
      ),
      projected as (
        select null::uuid as id, b.client_id, ${competence}::text as competence, ${dueDate}::date as due_date,
               b.period_total_cents as amount_cents, 0::bigint as setup_fee_cents, 'prevista' as status,
               null::uuid as charge_id, b.id as contract_id
        from billing b
        where b.months % b.p = 0 and (b.months > 0 or (b.kind = 'alteracao' and b.months = 0))
      )
      select * from issued union all select * from projected`;
    const rows = rowsOf<{
      id: string | null;
      client_id: string;
      legal_name: string;
      competence: string;
      due_date: string;
      amount: string;
      setup: string;
      status: UpcomingInstallment['status'];
      charge_id: string | null;
      charge_number: string | null;
      charge_method: ChargeMethod | null;
      charge_status: ChargeStatus | null;
      payment_method: string | null;
      n: number;
      total: string;
    }>(
      await this.db.execute(sql`
        with u as (${items}),
        -- The page first (sorted by name, with the totals of all), then its charges and contracts: joining
        -- the charges of every row before the limit would hash the whole charges table.
        top as (
          select u.*, c.legal_name,
                 (count(*) over ())::int as n, (sum(u.amount_cents + u.setup_fee_cents) over ())::text as total
          from u join clients c on c.id = u.client_id
          order by c.legal_name, u.competence, u.id
          limit ${UPCOMING_LIMIT}
        )
        select t.id, t.client_id, t.legal_name, t.competence, t.due_date::text as due_date,
               t.amount_cents::text as amount, t.setup_fee_cents::text as setup, t.status,
               ch.id as charge_id, ch.number as charge_number, ch.method::text as charge_method,
               ch.status::text as charge_status, k.payment_method, t.n, t.total
        from top t
        join contracts k on k.id = t.contract_id
        left join charges ch on ch.id = t.charge_id
        order by t.legal_name, t.competence, t.id`),
    );
    const totals = [{ n: rows[0]?.n ?? 0, total: rows[0]?.total ?? '0' }];
    return {
      dueDate,
      count: num(totals[0]?.n),
      totalCents: num(totals[0]?.total),
      items: rows.map((r) => ({
        installmentId: r.id,
        clientId: r.client_id,
        clientName: r.legal_name,
        competence: r.competence,
        dueDate: r.due_date,
        amountCents: num(r.amount),
        setupFeeCents: num(r.setup),
        status: r.status,
        chargeId: r.charge_id,
        chargeNumber: r.charge_number,
        chargeMethod: r.charge_method,
        chargeStatus: r.charge_status,
        paymentMethod: r.payment_method,
      })),
    };
  }

  /** Billed clients (ativo, inadimplente) whose liberado até ends within EXPIRING_DAYS (today included). */
  private async expiring(resellerId: string, today: string): Promise<ResellerDashboard['expiring']> {
    const until = addDays(today, EXPIRING_DAYS);
    const rows = rowsOf<{
      id: string;
      legal_name: string;
      status: ClientStatus;
      paid_through: string;
      fee: string | null;
      total_count: number;
    }>(
      await this.db.execute(sql`
        select c.id, c.legal_name, c.status::text as status, c.paid_through::text as paid_through,
               c.monthly_fee_cents::text as fee, (count(*) over ())::int as total_count
        from clients c
        where c.reseller_id = ${resellerId} and c.status in ('ativo', 'inadimplente')
          and c.paid_through >= ${today}::date and c.paid_through <= ${until}::date
        order by c.paid_through, c.legal_name, c.id
        limit ${EXPIRING_LIMIT}`),
    );
    return {
      until,
      count: num(rows[0]?.total_count),
      items: rows.map(
        (r): ExpiringClient => ({
          clientId: r.id,
          clientName: r.legal_name,
          status: r.status,
          paidThrough: r.paid_through,
          monthlyFeeCents: r.fee === null ? null : num(r.fee),
        }),
      ),
    };
  }

  /** "Fale com seu Gerente de Contas": the (first, by name) active gerente assigned to the reseller. */
  private async accountManager(resellerId: string): Promise<AccountManagerContact | null> {
    const rows = rowsOf<AccountManagerContact>(
      await this.db.execute(sql`
        select u.name, u.email, u.phone
        from account_manager_resellers amr
        join users u on u.id = amr.user_id
        where amr.reseller_id = ${resellerId} and u.active and u.role = 'gerente_contas'
        order by u.name
        limit 1`),
    );
    return rows[0] ?? null;
  }
}
