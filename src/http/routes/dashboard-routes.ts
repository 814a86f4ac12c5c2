import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  delinquencyBp,
  getBackOfficeDashboard,
  getClientRepasse,
  getManagerDashboard,
  getResellerDashboard,
} from '../../app/dashboards/dashboards';
import type {
  ClientsByStatus,
  Delinquency,
  ManagerDashboard,
  ResellerRankingRow,
} from '../../app/dashboards/ports';
import { ANY_ROLE, BACK_OFFICE, STAFF } from '../../domain/access/roles';
import { CLIENT_STATUS_LABELS, CLIENT_STATUSES } from '../../domain/clients/client-status';
import {
  CHARGE_METHOD_LABELS,
  CHARGE_METHODS,
  CHARGE_STATUS_LABELS,
  CHARGE_STATUSES,
} from '../../domain/payments/charges';
import { PAYMENT_METHOD_LABELS, type PaymentMethod } from '../../domain/pricing/catalog';
import type { RepasseLine } from '../../domain/repasse/repasse';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';
import { RUN_STATUS_LABELS, RUN_TRIGGER_LABELS } from './billing-routes';

const TAGS = ['Painel'];

export const MRR_DEFINITION =
  'MRR: soma das mensalidades dos clientes em cobrança (ativos e inadimplentes) da Central de Cobranças.';
export const DELINQUENCY_DEFINITION =
  'Inadimplência: valor vencido em aberto ÷ valor vencido nos últimos 12 meses (cobranças com vencimento ' +
  'nos 12 meses anteriores a hoje, sem as canceladas e estornadas).';
export const MONTH_REPASSE_DEFINITION =
  'Repasse do mês: repasse gerado pelos pagamentos recebidos no mês corrente, menos estornos.';

const ClientsByStatusBody = z
  .object(
    Object.fromEntries(CLIENT_STATUSES.map((s) => [s, z.number().int()])) as Record<
      (typeof CLIENT_STATUSES)[number],
      z.ZodNumber
    >,
  )
  .describe('Clientes por situação');

const DelinquencyBody = z.object({
  overdue_open_cents: z.number().int().describe('Valor vencido em aberto'),
  due_cents: z.number().int().describe('Valor vencido no período'),
  from: z.string().describe('Início do período (hoje − 12 meses)'),
  rate_bp: z.number().int().describe('Inadimplência em pontos-base (1234 = 12,34%)'),
  definition: z.string(),
});

const ResellerRefBody = z.object({ id: z.string().uuid(), name: z.string() });

const RepasseLineBody = z.object({
  received_cents: z.number().int(),
  cost_cents: z.number().int(),
  central_fee_cents: z.number().int(),
  fine_interest_cents: z.number().int(),
  repasse_cents: z.number().int(),
});

const ResellerDashboardBody = z.object({
  today: z.string().describe('Hoje (São Paulo)'),
  reseller: ResellerRefBody,
  mrr_cents: z.number().int(),
  mrr_definition: z.string(),
  clients_by_status: ClientsByStatusBody,
  repasse_by_month: z
    .array(
      z.object({
        month: z.string().describe('AAAA-MM do extrato'),
        paid_cents: z.number().int().describe('Em extratos pagos'),
        to_receive_cents: z.number().int().describe('Em extratos abertos ou fechados, ainda não pagos'),
      }),
    )
    .describe('Últimos 12 meses'),
  delinquency: DelinquencyBody,
  upcoming: z.object({
    due_date: z.string().describe('O próximo dia 15'),
    count: z.number().int(),
    total_cents: z.number().int(),
    items: z.array(
      z.object({
        installment_id: z
          .string()
          .uuid()
          .nullable()
          .describe('null: prevista pelo calendário, ainda não emitida'),
        client_id: z.string().uuid(),
        client_name: z.string(),
        competence: z.string(),
        due_date: z.string(),
        amount_cents: z.number().int().describe('Parcela + implantação'),
        payment_method_label: z.string().nullable().describe('Forma de pagamento'),
        charge: z
          .object({
            id: z.string().uuid(),
            number: z.string(),
            method: z.enum(CHARGE_METHODS),
            status: z.enum(CHARGE_STATUSES),
            status_label: z.string(),
          })
          .nullable(),
        situation: z.string().describe('Situação da cobrança'),
      }),
    ),
  }),
  expiring: z.object({
    until: z.string(),
    count: z.number().int(),
    items: z.array(
      z.object({
        client_id: z.string().uuid(),
        client_name: z.string(),
        status: z.enum(CLIENT_STATUSES),
        status_label: z.string(),
        paid_through: z.string(),
        monthly_fee_cents: z.number().int().nullable(),
      }),
    ),
  }),
  account_manager: z
    .object({ name: z.string(), email: z.string(), phone: z.string().nullable() })
    .nullable()
    .describe('Fale com seu Gerente de Contas'),
});

const RankingBody = z.object({
  reseller: ResellerRefBody,
  mrr_cents: z.number().int(),
  active_clients: z.number().int(),
  billed_clients: z.number().int(),
  delinquency: DelinquencyBody,
  month_repasse_cents: z.number().int(),
});

const PortfolioBody = z.object({
  today: z.string(),
  month: z.string(),
  definitions: z.object({ mrr: z.string(), delinquency: z.string(), month_repasse: z.string() }),
  totals: z.object({
    mrr_cents: z.number().int(),
    clients_by_status: ClientsByStatusBody,
    delinquency: DelinquencyBody,
    month_repasse_cents: z.number().int(),
  }),
  ranking: z.array(RankingBody).describe('Hiperadores por MRR'),
});

const BackOfficeBody = PortfolioBody.extend({
  aging: z
    .array(
      z.object({
        bucket: z.enum(['a_vencer', '1_30', '31_60', '60_mais']),
        label: z.string(),
        count: z.number().int(),
        open_cents: z.number().int(),
      }),
    )
    .describe('Cobranças em aberto por dias de atraso'),
  billing_runs: z.array(
    z.object({
      id: z.string().uuid(),
      run_date: z.string(),
      status: z.enum(['executando', 'concluida', 'falhou']),
      status_label: z.string(),
      trigger_label: z.string(),
      total_items: z.number().int(),
      processed_items: z.number().int(),
      error_count: z.number().int(),
      counts: z.record(z.string(), z.number()),
      started_at: z.string(),
      finished_at: z.string().nullable(),
    }),
  ),
  unmatched_credits: z.object({ count: z.number().int(), total_cents: z.number().int() }),
});

const AGING_LABELS = {
  a_vencer: 'A vencer',
  '1_30': '1 a 30 dias',
  '31_60': '31 a 60 dias',
  '60_mais': 'Mais de 60 dias',
} as const;

const ClientRepasseBody = z.object({
  client: z.object({ id: z.string().uuid(), name: z.string(), status: z.string() }),
  contract: z
    .object({
      id: z.string().uuid(),
      number: z.string(),
      version: z.number().int(),
      periodicity: z.string(),
      monthly_cents: z.number().int().describe('Mensalidade'),
      monthly: RepasseLineBody.describe('O que um mês do contrato rende ao Hiperador'),
    })
    .nullable(),
  next: z
    .object({
      installment_id: z.string().uuid().nullable().describe('null: prevista, ainda não emitida'),
      projected: z
        .boolean()
        .describe('true: a parcela que o calendário emitirá a seguir (ainda não emitida)'),
      competence: z.string(),
      due_date: z.string(),
      overdue: z.boolean().describe('Vencida e ainda em aberto'),
      amount_cents: z.number().int(),
      setup_fee_cents: z.number().int(),
      installment: RepasseLineBody,
      setup_fee: RepasseLineBody.nullable(),
      total_repasse_cents: z.number().int(),
    })
    .nullable()
    .describe(
      'A próxima parcela em aberto (ou, sem nenhuma, a prevista pelo calendário) e o repasse que renderá, se paga por inteiro',
    ),
  ledger: z.array(
    z.object({
      id: z.string().uuid(),
      kind: z.enum(['parcela', 'implantacao', 'proporcional', 'estorno', 'ajuste']),
      description: z.string(),
      competence: z.string().nullable(),
      occurred_on: z.string(),
      month: z.string(),
      received_cents: z.number().int(),
      cost_cents: z.number().int(),
      central_fee_cents: z.number().int(),
      fine_interest_cents: z.number().int(),
      repasse_cents: z.number().int(),
      statement_status: z.enum(['aberto', 'fechado', 'pago']),
      statement_month: z.string().nullable(),
    }),
  ),
  ledger_total_repasse_cents: z.number().int(),
});

function delinquencyBody(d: Delinquency): z.infer<typeof DelinquencyBody> {
  return {
    overdue_open_cents: d.overdueOpenCents,
    due_cents: d.dueCents,
    from: d.from,
    rate_bp: delinquencyBp(d),
    definition: DELINQUENCY_DEFINITION,
  };
}

const statusesBody = (s: ClientsByStatus) => ({ ...s });

function lineBody(l: RepasseLine): z.infer<typeof RepasseLineBody> {
  return {
    received_cents: l.receivedCents,
    cost_cents: l.costCents,
    central_fee_cents: l.centralFeeCents,
    fine_interest_cents: l.fineInterestCents,
    repasse_cents: l.repasseCents,
  };
}

function rankingBody(r: ResellerRankingRow): z.infer<typeof RankingBody> {
  return {
    reseller: r.reseller,
    mrr_cents: r.mrrCents,
    active_clients: r.activeClients,
    billed_clients: r.billedClients,
    delinquency: delinquencyBody(r.delinquency),
    month_repasse_cents: r.monthRepasseCents,
  };
}

function portfolioBody(today: string, d: ManagerDashboard): z.infer<typeof PortfolioBody> {
  return {
    today,
    month: d.month,
    definitions: {
      mrr: MRR_DEFINITION,
      delinquency: DELINQUENCY_DEFINITION,
      month_repasse: MONTH_REPASSE_DEFINITION,
    },
    totals: {
      mrr_cents: d.totals.mrrCents,
      clients_by_status: statusesBody(d.totals.clientsByStatus),
      delinquency: delinquencyBody(d.totals.delinquency),
      month_repasse_cents: d.totals.monthRepasseCents,
    },
    ranking: d.ranking.map(rankingBody),
  };
}

/** Painel: the Hiperador's, the gerente de contas' and the back office's dashboards (issue 7). */
export function dashboardRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({ dashboards: system.deps.dashboards, clock: system.clock });

  return async (app) => {
    app.get(
      '/api/v1/dashboard/reseller',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Painel do Hiperador',
          description:
            'MRR, clientes por situação, repasse por mês (últimos 12: pago e a receber), inadimplência, parcelas ' +
            'do próximo dia 15, clientes cujo liberado até termina em 10 dias e o Gerente de Contas. O ' +
            'Hiperador vê o seu (reseller_id de outro → 404); a equipe Hiper informa reseller_id (gerente de ' +
            'contas: só os Hiperadores atribuídos a ele).',
          querystring: z.object({ reseller_id: z.string().max(60).optional() }),
          response: { 200: ResellerDashboardBody, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { today, dashboard: d } = await getResellerDashboard(
          deps(),
          actorOf(request),
          request.query.reseller_id,
        );
        return {
          today,
          reseller: d.reseller,
          mrr_cents: d.mrrCents,
          mrr_definition: MRR_DEFINITION,
          clients_by_status: statusesBody(d.clientsByStatus),
          repasse_by_month: d.repasseByMonth.map((m) => ({
            month: m.month,
            paid_cents: m.paidCents,
            to_receive_cents: m.toReceiveCents,
          })),
          delinquency: delinquencyBody(d.delinquency),
          upcoming: {
            due_date: d.upcoming.dueDate,
            count: d.upcoming.count,
            total_cents: d.upcoming.totalCents,
            items: d.upcoming.items.map((i) => ({
              installment_id: i.installmentId,
              client_id: i.clientId,
              client_name: i.clientName,
              competence: i.competence,
              due_date: i.dueDate,
              amount_cents: i.amountCents + i.setupFeeCents,
              payment_method_label: i.chargeMethod
                ? CHARGE_METHOD_LABELS[i.chargeMethod]
                : i.paymentMethod
                  ? (PAYMENT_METHOD_LABELS[i.paymentMethod as PaymentMethod] ?? i.paymentMethod)
                  : null,
              charge:
                i.chargeId && i.chargeNumber && i.chargeMethod && i.chargeStatus
                  ? {
                      id: i.chargeId,
                      number: i.chargeNumber,
                      method: i.chargeMethod,
                      status: i.chargeStatus,
                      status_label: CHARGE_STATUS_LABELS[i.chargeStatus],
                    }
                  : null,
              situation:
                i.status === 'paga'
                  ? 'Paga'
                  : i.status === 'prevista'
                    ? 'Prevista (ainda não emitida)'
                    : i.chargeStatus
                      ? CHARGE_STATUS_LABELS[i.chargeStatus]
                      : 'Sem cobrança emitida',
            })),
          },
          expiring: {
            until: d.expiring.until,
            count: d.expiring.count,
            items: d.expiring.items.map((c) => ({
              client_id: c.clientId,
              client_name: c.clientName,
              status: c.status,
              status_label: CLIENT_STATUS_LABELS[c.status],
              paid_through: c.paidThrough,
              monthly_fee_cents: c.monthlyFeeCents,
            })),
          },
          account_manager: d.accountManager,
        };
      },
    );

    app.get(
      '/api/v1/dashboard/portfolio',
      {
        config: { access: STAFF },
        schema: {
          tags: TAGS,
          summary: 'Painel do gerente de contas: totais e ranking dos Hiperadores',
          description:
            'Equipe Hiper. O gerente de contas vê os Hiperadores atribuídos a ele; administrador e financeiro, ' +
            'todos. Ranking por MRR, com clientes ativos, inadimplência e repasse do mês.',
          response: { 200: PortfolioBody, ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        const { today, dashboard } = await getManagerDashboard(deps(), actorOf(request));
        return portfolioBody(today, dashboard);
      },
    );

    app.get(
      '/api/v1/dashboard/back-office',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Painel do administrador e do financeiro',
          description:
            'Totais de todos os Hiperadores, ranking, idade dos recebíveis em aberto (a vencer, 1–30, 31–60, ' +
            'mais de 60 dias de atraso), últimas execuções de cobrança e créditos bancários não conciliados.',
          response: { 200: BackOfficeBody, ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        const { today, dashboard: d } = await getBackOfficeDashboard(deps(), actorOf(request));
        return {
          ...portfolioBody(today, d),
          aging: d.aging.map((a) => ({
            bucket: a.bucket,
            label: AGING_LABELS[a.bucket],
            count: a.count,
            open_cents: a.openCents,
          })),
          billing_runs: d.billingRuns.map((r) => ({
            id: r.id,
            run_date: r.runDate,
            status: r.status,
            status_label: RUN_STATUS_LABELS[r.status],
            trigger_label: RUN_TRIGGER_LABELS[r.trigger] ?? r.trigger,
            total_items: r.totalItems,
            processed_items: r.processedItems,
            error_count: r.errorCount,
            counts: r.counts,
            started_at: r.startedAt.toISOString(),
            finished_at: r.finishedAt?.toISOString() ?? null,
          })),
          unmatched_credits: {
            count: d.unmatchedCredits.count,
            total_cents: d.unmatchedCredits.totalCents,
          },
        };
      },
    );

    app.get(
      '/api/v1/clients/:id/repasse',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Mensalidade e repasse do cliente, a próxima parcela e os lançamentos de repasse',
          description:
            'A mensalidade do contrato assinado e o repasse de um mês (recebido − custo Hiper − taxa da ' +
            'central), o que a próxima parcela em aberto renderá e as linhas do razão de repasse do cliente ' +
            '(mais recentes primeiro). O Hiperador vê só os seus clientes (404 para os demais).',
          params: z.object({ id: z.string().max(60) }),
          response: { 200: ClientRepasseBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const r = await getClientRepasse(deps(), actorOf(request), request.params.id);
        return {
          client: r.client,
          contract: r.contract
            ? {
                id: r.contract.id,
                number: r.contract.number,
                version: r.contract.version,
                periodicity: r.contract.periodicity,
                monthly_cents: r.contract.monthlyCents,
                monthly: lineBody(r.contract.monthly),
              }
            : null,
          next: r.next
            ? {
                installment_id: r.next.installmentId,
                projected: r.next.projected,
                competence: r.next.competence,
                due_date: r.next.dueDate,
                overdue: r.next.overdue,
                amount_cents: r.next.amountCents,
                setup_fee_cents: r.next.setupFeeCents,
                installment: lineBody(r.next.installment),
                setup_fee: r.next.setupFee ? lineBody(r.next.setupFee) : null,
                total_repasse_cents: r.next.totalRepasseCents,
              }
            : null,
          ledger: r.ledger.map((l) => ({
            id: l.id,
            kind: l.kind,
            description: l.description,
            competence: l.competence,
            occurred_on: l.occurredOn,
            month: l.month,
            received_cents: l.receivedCents,
            cost_cents: l.costCents,
            central_fee_cents: l.centralFeeCents,
            fine_interest_cents: l.fineInterestCents,
            repasse_cents: l.repasseCents,
            statement_status: l.statementStatus ?? ('aberto' as const),
            statement_month: l.statementMonth,
          })),
          ledger_total_repasse_cents: r.ledgerTotalRepasseCents,
        };
      },
    );
  };
}
