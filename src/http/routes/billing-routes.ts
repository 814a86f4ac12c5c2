import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { grantAccessUntil } from '../../app/billing/access-override';
import {
  type BillingRunRecord,
  clientInstallments,
  getBillingRun,
  type InstallmentView,
  listBillingRuns,
  MAX_RUN_PAGE_SIZE,
  startBillingRun,
} from '../../app/billing/billing-queries';
import { cancelBilling } from '../../app/billing/cancellation';
import { ANY_ROLE, BACK_OFFICE, STAFF } from '../../domain/access/roles';
import { businessDateAt } from '../../domain/calendar/dates';
import { CLIENT_STATUS_LABELS, CLIENT_STATUSES } from '../../domain/clients/client-status';
import {
  CHARGE_METHOD_LABELS,
  CHARGE_METHODS,
  CHARGE_STATUS_LABELS,
  CHARGE_STATUSES,
} from '../../domain/payments/charges';
import { billingDeps, type System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'data no formato AAAA-MM-DD');

export const RUN_STATUS_LABELS: Record<BillingRunRecord['status'], string> = {
  executando: 'Executando',
  concluida: 'Concluída',
  falhou: 'Falhou',
};
export const RUN_TRIGGER_LABELS: Record<string, string> = {
  cron: 'Automática (06:00)',
  manual: 'Manual',
  cli: 'Linha de comando',
};

const RunErrorBody = z.object({
  contract_id: z.string().nullable(),
  client_id: z.string().nullable(),
  client_name: z.string().nullable(),
  step: z.string().nullable().describe('Etapa: emissao, cartao:1, lembrete:antes, inadimplente, bloqueio…'),
  message: z.string(),
});

const RunBody = z.object({
  id: z.string().uuid(),
  run_date: z.string().describe('Data (São Paulo) para a qual a cobrança foi executada'),
  status: z.enum(['executando', 'concluida', 'falhou']),
  status_label: z.string(),
  trigger: z.string().describe('cron, manual ou cli'),
  trigger_label: z.string(),
  total_items: z.number().int(),
  processed_items: z.number().int().describe('Progresso: itens processados de total_items'),
  counts: z
    .record(z.string(), z.number())
    .describe(
      'issued, charged, failed, reminded, overdue, blocked, unblocked… (emitidas, cobradas no cartão…)',
    ),
  errors: z.array(RunErrorBody),
  started_by_name: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

function runBody(r: BillingRunRecord): z.infer<typeof RunBody> {
  return {
    id: r.id,
    run_date: r.runDate,
    status: r.status,
    status_label: RUN_STATUS_LABELS[r.status],
    trigger: r.trigger,
    trigger_label: RUN_TRIGGER_LABELS[r.trigger] ?? r.trigger,
    total_items: r.totalItems,
    processed_items: r.processedItems,
    counts: r.counts,
    errors: r.errors.map((e) => ({
      contract_id: e.contractId,
      client_id: e.clientId,
      client_name: e.clientName,
      step: e.step,
      message: e.message,
    })),
    started_by_name: r.startedByName,
    started_at: r.startedAt.toISOString(),
    finished_at: r.finishedAt?.toISOString() ?? null,
  };
}

/** What the client page says about an installment. */
export function installmentSituation(i: InstallmentView, today: string): string {
  if (i.status === 'paga') return 'Paga';
  if (i.status === 'cancelada') return 'Cancelada';
  if (i.charge?.status === 'falhou') return 'Cartão recusado';
  if (i.charge?.status === 'vencida' || i.dueDate < today) return 'Vencida';
  return 'Em aberto';
}

const InstallmentBody = z.object({
  id: z.string().uuid(),
  contract: z.object({ id: z.string().uuid(), number: z.string(), version: z.number().int() }),
  key: z.string(),
  kind: z.enum(['parcela', 'proporcional']).describe('proporcional: diferença de um upgrade'),
  number: z.number().int().describe('1 = cobrança de ativação; 0 = proporcional de upgrade'),
  competence: z.string().describe('Competência AAAA-MM'),
  due_date: z.string(),
  amount_cents: z.number().int(),
  setup_fee_cents: z.number().int().describe('Implantação incluída (só na ativação)'),
  access_until: z.string().describe('Liberado até que o pagamento concede'),
  status: z.enum(['emitida', 'paga', 'cancelada', 'estornada']),
  situation: z.string().describe('Paga, Em aberto, Vencida, Cartão recusado, Cancelada'),
  paid_on: z.string().nullable(),
  charge: z
    .object({
      id: z.string().uuid(),
      number: z.string(),
      status: z.enum(CHARGE_STATUSES),
      status_label: z.string(),
      method: z.enum(CHARGE_METHODS),
      method_label: z.string(),
    })
    .nullable(),
});

const OverrideBody = z.object({
  id: z.string().uuid(),
  until: z.string(),
  reason: z.string(),
  created_by_name: z.string().nullable(),
  created_at: z.string(),
});

const ClientInstallmentsBody = z.object({
  client: z.object({
    id: z.string().uuid(),
    legal_name: z.string(),
    status: z.enum(CLIENT_STATUSES),
    status_label: z.string(),
    paid_through: z.string().nullable().describe('Liberado até'),
  }),
  contract: z
    .object({
      id: z.string().uuid(),
      number: z.string(),
      version: z.number().int(),
      effective_from: z.string().nullable(),
      ended_at: z.string().nullable(),
      end_reason: z.string().nullable(),
    })
    .nullable()
    .describe('A versão assinada mais recente'),
  cancellation: z.object({ at: z.string(), reason: z.string() }).nullable(),
  installments: z.array(InstallmentBody),
  overrides: z.array(OverrideBody).describe('Liberações manuais ("liberar até"), mais recentes primeiro'),
});

const IdParams = z.object({ id: z.string().max(60) });
const TAGS = ['Cobrança recorrente'];

/** Billing: daily runs (list, detail, run for a date), a client's installments, liberar até, cancellation. */
export function billingRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({
    ...billingDeps(system),
    billingAdmin: system.deps.billingAdmin,
    queue: system.queue,
  });
  const today = () => businessDateAt(system.clock.now());

  return async (app) => {
    app.get(
      '/api/v1/billing/runs',
      {
        config: { access: STAFF },
        schema: {
          tags: TAGS,
          summary: 'Execuções de cobrança, mais recentes primeiro',
          description:
            'Equipe Hiper. Cada execução da cobrança diária (automática às 06:00, manual ou pela linha de ' +
            'comando) com seu progresso, contagens e erros.',
          querystring: z.object(pageQuery(MAX_RUN_PAGE_SIZE)),
          response: { 200: pageBody(RunBody), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const page = await listBillingRuns(deps(), {
          page: request.query.page,
          pageSize: request.query.page_size,
        });
        return pageToJson(page, runBody);
      },
    );

    app.get(
      '/api/v1/billing/runs/:id',
      {
        config: { access: STAFF },
        schema: {
          tags: TAGS,
          summary: 'Uma execução de cobrança: progresso, contagens e erros',
          params: IdParams,
          response: { 200: RunBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => runBody(await getBillingRun(deps(), request.params.id)),
    );

    app.post(
      '/api/v1/billing/runs',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Executa a cobrança de uma data (em segundo plano)',
          description:
            'Administrador e financeiro. Executa a cobrança diária para a data informada (hoje ou uma data ' +
            'passada): emissão das parcelas, cartão, lembretes, inadimplência e bloqueios. Cada efeito acontece ' +
            'uma vez só: executar de novo a mesma data não duplica nada. Responde 202 com a execução; ' +
            'acompanhe por GET /api/v1/billing/runs/:id.',
          body: z.object({ date: isoDate.describe('Data AAAA-MM-DD (São Paulo)') }),
          response: { 202: RunBody, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const run = await startBillingRun(deps(), actor, request.body.date, (err, runId) =>
          request.log.error({ err, runId }, 'execução de cobrança interrompida'),
        );
        reply.code(202);
        return runBody(run);
      },
    );

    app.get(
      '/api/v1/clients/:id/installments',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Parcelas do cliente, liberado até e liberações manuais',
          description:
            'Cada parcela com competência, vencimento, valor, liberado até que concede, situação e a cobrança ' +
            'que a recebe; o liberado até do cliente e o histórico de "liberar até". O Hiperador vê só os seus ' +
            'clientes (404 para os demais).',
          params: IdParams,
          response: { 200: ClientInstallmentsBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const found = await clientInstallments(deps(), actorOf(request), request.params.id);
        const day = today();
        return {
          client: {
            id: found.client.id,
            legal_name: found.client.legalName,
            status: found.client.status,
            status_label: CLIENT_STATUS_LABELS[found.client.status],
            paid_through: found.client.paidThrough,
          },
          contract: found.contract
            ? {
                id: found.contract.id,
                number: found.contract.number,
                version: found.contract.version,
                effective_from: found.contract.effectiveFrom,
                ended_at: found.contract.endedAt?.toISOString() ?? null,
                end_reason: found.contract.endReason,
              }
            : null,
          cancellation: found.cancellation
            ? { at: found.cancellation.at.toISOString(), reason: found.cancellation.reason }
            : null,
          installments: found.installments.map((i) => ({
            id: i.id,
            contract: { id: i.contractId, number: i.contractNumber, version: i.contractVersion },
            key: i.key,
            kind: i.prorated ? ('proporcional' as const) : ('parcela' as const),
            number: i.number,
            competence: i.competence,
            due_date: i.dueDate,
            amount_cents: i.amountCents,
            setup_fee_cents: i.setupFeeCents,
            access_until: i.accessUntil,
            status: i.status,
            situation: installmentSituation(i, day),
            paid_on: i.paidOn,
            charge: i.charge
              ? {
                  ...i.charge,
                  status_label: CHARGE_STATUS_LABELS[i.charge.status],
                  method_label: CHARGE_METHOD_LABELS[i.charge.method],
                }
              : null,
          })),
          overrides: found.overrides.map((o) => ({
            id: o.id,
            until: o.until,
            reason: o.reason,
            created_by_name: o.createdByName,
            created_at: o.createdAt.toISOString(),
          })),
        };
      },
    );

    app.post(
      '/api/v1/clients/:id/access-override',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Liberar até: libera o acesso do cliente até uma data, com motivo',
          description:
            'Administrador e financeiro. O liberado até passa a ser a maior entre a atual e a informada (o ' +
            'acesso nunca diminui); um cliente bloqueado volta a ter acesso na hora (ativo, ou inadimplente se ' +
            'ainda houver parcela vencida). Motivo obrigatório (ao menos 10 caracteres), data a partir de hoje. ' +
            'Registrado na auditoria (client.access_granted).',
          params: IdParams,
          body: z.object({
            until: isoDate.describe('Liberar até AAAA-MM-DD'),
            reason: z.string().max(500),
          }),
          response: {
            200: z.object({
              override: OverrideBody,
              previous_paid_through: z.string().nullable(),
              paid_through: z.string(),
              previous_status: z.enum(CLIENT_STATUSES),
              status: z.enum(CLIENT_STATUSES),
              status_label: z.string(),
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request) => {
        const r = await grantAccessUntil(
          deps(),
          actorOf(request),
          request.params.id,
          { until: request.body.until, reason: request.body.reason },
          request.ip,
        );
        // The Hiper software sees the new liberado até at once (not after the status cache expires).
        system.deps.licenceStatus.forgetClient(request.params.id);
        return {
          override: {
            id: r.override.id,
            until: r.override.until,
            reason: r.override.reason,
            created_by_name: r.override.createdByName,
            created_at: r.override.createdAt.toISOString(),
          },
          previous_paid_through: r.previousPaidThrough,
          paid_through: r.paidThrough,
          previous_status: r.previousStatus,
          status: r.status,
          status_label: CLIENT_STATUS_LABELS[r.status],
        };
      },
    );

    app.post(
      '/api/v1/clients/:id/cancel-billing',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Cancela a cobrança do cliente, com motivo',
          description:
            'Administrador e financeiro. O contrato em cobrança é encerrado (nenhuma parcela nova); parcelas em ' +
            'aberto de competências futuras e suas cobranças são canceladas; o cliente mantém o acesso até o ' +
            'liberado até e fica cancelado no dia seguinte (na hora, se já não estiver coberto). Uma versão ' +
            'aguardando assinatura também é cancelada. Reativar = nova ativação. Registrado na auditoria.',
          params: IdParams,
          body: z.object({ reason: z.string().max(500) }),
          response: {
            200: z.object({
              contracts: z.array(
                z.object({ id: z.string().uuid(), number: z.string(), version: z.number() }),
              ),
              cancelled_pending_contracts: z.array(z.string()),
              cancelled_installments: z.number().int(),
              cancelled_charges: z.array(z.object({ id: z.string().uuid(), number: z.string() })),
              paid_through: z.string().nullable(),
              status: z.enum(CLIENT_STATUSES),
              status_label: z.string(),
            }),
            ...errorResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request) => {
        const r = await cancelBilling(
          deps(),
          actorOf(request),
          request.params.id,
          request.body.reason,
          request.ip,
        );
        system.deps.licenceStatus.forgetClient(request.params.id);
        return {
          contracts: r.contracts,
          cancelled_pending_contracts: r.cancelledPendingContracts,
          cancelled_installments: r.cancelledInstallments,
          cancelled_charges: r.cancelledCharges,
          paid_through: r.paidThrough,
          status: r.status,
          status_label: CLIENT_STATUS_LABELS[r.status],
        };
      },
    );
  };
}
