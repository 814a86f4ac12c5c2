import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderRepasseStatementPdf } from '../../adapters/pdf/repasse-statement-pdf';
import {
  REPASSE_ENTRY_KIND_LABELS,
  REPASSE_ENTRY_KINDS,
  type RepasseEntryRecord,
} from '../../app/repasse/ports';
import { statementCsv, statementFilename } from '../../app/repasse/statement-export';
import {
  addAdjustment,
  closeStatement,
  downloadInvoice,
  getStatement,
  listStatements,
  MAX_INVOICE_BYTES,
  MAX_STATEMENT_PAGE_SIZE,
  monthLabel,
  type RepasseDeps,
  recordPayout,
  STATEMENT_PAGE_SIZE,
  STATEMENT_STATUS_LABELS,
  type StatementDetail,
  type StatementSummary,
  type StatementTotals,
  uploadInvoice,
} from '../../app/repasse/statements';
import { AppError } from '../../app/shared/errors';
import { ANY_ROLE, BACK_OFFICE } from '../../domain/access/roles';
import { businessDateAt } from '../../domain/calendar/dates';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const TAGS = ['Repasse'];
const STATUSES = ['aberto', 'fechado', 'pago'] as const;
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'mês no formato AAAA-MM')
  .describe('Mês do extrato, AAAA-MM');
const ResellerParams = z.object({ reseller_id: z.string().max(60).describe('Id do Hiperador (revenda)') });
const MonthParams = ResellerParams.extend({ month });
const LinesQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(MAX_STATEMENT_PAGE_SIZE).default(STATEMENT_PAGE_SIZE),
});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'data no formato AAAA-MM-DD');

const TotalsBody = z.object({
  line_count: z.number().int(),
  received_cents: z.number().int().describe('Recebido dos clientes (principal das parcelas)'),
  cost_cents: z.number().int().describe('Custo Hiper dos itens'),
  central_fee_cents: z.number().int().describe('Taxa da central'),
  fine_interest_cents: z.number().int().describe('Multa e juros repassados ao Hiperador'),
  adjustments_cents: z.number().int().describe('Soma dos ajustes'),
  repasse_cents: z.number().int().describe('Total a repassar (já com ajustes e estornos)'),
});

const ResellerBody = z.object({
  id: z.string().uuid(),
  name: z.string(),
  legal_name: z.string(),
  document: z.string().describe('CNPJ formatado'),
});

const SummaryBody = TotalsBody.extend({
  month: z.string(),
  month_label: z.string().describe('MM/AAAA'),
  status: z.enum(STATUSES),
  status_label: z.string(),
  closed_at: z.string().nullable(),
  paid_on: z.string().nullable(),
  payment_reference: z.string().nullable(),
  has_invoice: z.boolean(),
});

const LineBody = z.object({
  id: z.string().uuid(),
  kind: z.enum(REPASSE_ENTRY_KINDS),
  kind_label: z.string(),
  description: z.string(),
  client: z
    .object({
      id: z.string().uuid(),
      legal_name: z.string(),
      document: z.string().describe('CNPJ/CPF formatado'),
    })
    .nullable(),
  charge: z.object({ id: z.string().uuid(), number: z.string() }).nullable(),
  competence: z.string().nullable().describe('AAAA-MM'),
  occurred_on: z.string().describe('Data do pagamento (ou do estorno, do ajuste)'),
  reverses_id: z.string().uuid().nullable().describe('Estorno: a linha que ele desfaz'),
  received_cents: z.number().int(),
  cost_cents: z.number().int(),
  central_fee_cents: z.number().int(),
  fine_interest_cents: z.number().int(),
  repasse_cents: z.number().int(),
});

const DetailBody = z.object({
  reseller: ResellerBody,
  month: z.string(),
  month_label: z.string(),
  status: z.enum(STATUSES),
  status_label: z.string(),
  lines: z.array(LineBody).describe('Os lançamentos da página pedida (ajustes vêm todos em adjustments)'),
  lines_page: z.object({
    page: z.number().int(),
    page_size: z.number().int(),
    total: z.number().int().describe('Quantos lançamentos (sem os ajustes) o extrato tem'),
  }),
  adjustments: z.array(LineBody),
  totals: TotalsBody,
  closed_at: z.string().nullable(),
  closed_by_name: z.string().nullable().describe('null: fechado pela rotina automática'),
  paid_on: z.string().nullable(),
  payment_reference: z.string().nullable(),
  invoice: z
    .object({
      filename: z.string(),
      content_type: z.string(),
      sha256: z.string(),
      size_bytes: z.number().int(),
      uploaded_at: z.string(),
      uploaded_by_name: z.string().nullable(),
    })
    .nullable(),
});

function totalsBody(t: StatementTotals): z.infer<typeof TotalsBody> {
  return {
    line_count: t.lineCount,
    received_cents: t.receivedCents,
    cost_cents: t.costCents,
    central_fee_cents: t.centralFeeCents,
    fine_interest_cents: t.fineInterestCents,
    adjustments_cents: t.adjustmentsCents,
    repasse_cents: t.repasseCents,
  };
}

function summaryBody(s: StatementSummary): z.infer<typeof SummaryBody> {
  return {
    ...totalsBody(s),
    month: s.month,
    month_label: monthLabel(s.month),
    status: s.status,
    status_label: STATEMENT_STATUS_LABELS[s.status],
    closed_at: s.closedAt?.toISOString() ?? null,
    paid_on: s.paidOn,
    payment_reference: s.paymentReference,
    has_invoice: s.hasInvoice,
  };
}

function lineBody(e: RepasseEntryRecord): z.infer<typeof LineBody> {
  return {
    id: e.id,
    kind: e.kind,
    kind_label: REPASSE_ENTRY_KIND_LABELS[e.kind],
    description: e.description,
    client:
      e.clientId && e.clientLegalName
        ? {
            id: e.clientId,
            legal_name: e.clientLegalName,
            document: e.clientDocument ? formatDocument(e.clientDocument) : '',
          }
        : null,
    charge: e.chargeId && e.chargeNumber ? { id: e.chargeId, number: e.chargeNumber } : null,
    competence: e.competence,
    occurred_on: e.occurredOn,
    reverses_id: e.reversesId,
    received_cents: e.receivedCents,
    cost_cents: e.costCents,
    central_fee_cents: e.centralFeeCents,
    fine_interest_cents: e.fineInterestCents,
    repasse_cents: e.repasseCents,
  };
}

function detailBody(d: StatementDetail): z.infer<typeof DetailBody> {
  return {
    reseller: {
      id: d.reseller.id,
      name: d.reseller.name,
      legal_name: d.reseller.legalName,
      document: formatDocument(d.reseller.document),
    },
    month: d.month,
    month_label: monthLabel(d.month),
    status: d.status,
    status_label: STATEMENT_STATUS_LABELS[d.status],
    lines: d.lines.map(lineBody),
    lines_page: { page: d.linesPage.page, page_size: d.linesPage.pageSize, total: d.linesPage.total },
    adjustments: d.adjustments.map(lineBody),
    totals: totalsBody(d.totals),
    closed_at: d.closedAt?.toISOString() ?? null,
    closed_by_name: d.closedByName,
    paid_on: d.paidOn,
    payment_reference: d.paymentReference,
    invoice: d.invoice
      ? {
          filename: d.invoice.filename,
          content_type: d.invoice.contentType,
          sha256: d.invoice.sha256,
          size_bytes: d.invoice.sizeBytes,
          uploaded_at: d.invoice.uploadedAt.toISOString(),
          uploaded_by_name: d.invoice.uploadedByName,
        }
      : null,
  };
}

/** `attachment; filename="…"` with only safe characters. */
const disposition = (kind: 'attachment' | 'inline', filename: string) =>
  `${kind}; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`;

const INVOICE_CONTENT_TYPES = ['application/pdf', 'application/xml', 'text/xml', 'application/octet-stream'];

function bodyBytes(body: unknown): Uint8Array {
  if (Buffer.isBuffer(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  throw new AppError(
    'validation_failed',
    'Envie a nota fiscal (PDF ou XML) como corpo da requisição, com Content-Type application/pdf ou application/xml.',
    'arquivo',
  );
}

/** Extratos de repasse (SPEC §7): statements, lines, close, payout, nota fiscal, CSV/PDF; refunds live in charge-routes. */
export function repasseRoutes(system: System): FastifyPluginAsyncZod {
  const deps = (): RepasseDeps => ({ ...system.deps, clock: system.clock });
  const base = '/api/v1/repasse/resellers/:reseller_id/statements';
  return async (app) => {
    // The nota fiscal is the raw body (PDF or XML bytes), checked by its first bytes in the use case.
    app.addContentTypeParser(
      INVOICE_CONTENT_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_INVOICE_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.get(
      base,
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Extratos de repasse de um Hiperador, do mês mais novo ao mais antigo',
          description:
            'Meses com lançamentos ou extrato fechado: aberto (lançamentos ainda não fechados), fechado (totais congelados) ou pago. ' +
            'O Hiperador vê só os seus; o gerente de contas, os Hiperadores que acompanha (404 para os demais).',
          params: ResellerParams,
          response: {
            200: z.object({ reseller: ResellerBody, statements: z.array(SummaryBody) }),
            ...errorResponses(401, 404),
          },
        },
      },
      async (request) => {
        const r = await listStatements(deps(), actorOf(request), request.params.reseller_id);
        return {
          reseller: {
            id: r.reseller.id,
            name: r.reseller.name,
            legal_name: r.reseller.legalName,
            document: formatDocument(r.reseller.document),
          },
          statements: r.statements.map(summaryBody),
        };
      },
    );

    app.get(
      `${base}/:month`,
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary:
            'Um extrato de repasse: lançamentos (com estornos), ajustes, totais, pagamento e nota fiscal',
          params: MonthParams,
          querystring: LinesQuery,
          response: { 200: DetailBody, ...errorResponses(400, 401, 404) },
        },
      },
      async (request) =>
        detailBody(
          await getStatement(deps(), actorOf(request), request.params.reseller_id, request.params.month, {
            page: request.query.page,
            pageSize: request.query.page_size,
          }),
        ),
    );

    app.get(
      `${base}/:month/export.csv`,
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'O extrato em CSV (planilha pt-BR: separador ";", decimais com vírgula, UTF-8 com BOM)',
          params: MonthParams,
          produces: ['text/csv'],
          response: { 200: z.any().describe('CSV'), ...errorResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const detail = await getStatement(
          deps(),
          actorOf(request),
          request.params.reseller_id,
          request.params.month,
          { all: true },
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', disposition('attachment', statementFilename(detail, 'csv')))
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(statementCsv(detail)));
      },
    );

    app.get(
      `${base}/:month/export.pdf`,
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'O extrato em PDF (A4)',
          params: MonthParams,
          produces: ['application/pdf'],
          response: { 200: z.any().describe('PDF'), ...errorResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const detail = await getStatement(
          deps(),
          actorOf(request),
          request.params.reseller_id,
          request.params.month,
          { all: true },
        );
        const pdf = await renderRepasseStatementPdf(detail, businessDateAt(system.clock.now()));
        return reply
          .type('application/pdf')
          .header('content-disposition', disposition('inline', statementFilename(detail, 'pdf')))
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(pdf));
      },
    );

    app.post(
      `${base}/:month/close`,
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary:
            'Fecha o extrato do mês (Financeiro): congela os totais; eventos posteriores vão para o próximo',
          description:
            'O mês precisa ter terminado (horário de São Paulo) e os extratos anteriores com lançamentos abertos precisam estar fechados. ' +
            'Fechar de novo: 409. Também fechado pela rotina diária a partir do dia REPASSE_CLOSE_DAY.',
          params: MonthParams,
          response: { 200: DetailBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { reseller_id, month: m } = request.params;
        await closeStatement(deps(), actor, reseller_id, m);
        return detailBody(await getStatement(deps(), actor, reseller_id, m));
      },
    );

    app.post(
      `${base}/:month/adjustments`,
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Lança um ajuste (positivo ou negativo) no extrato aberto do mês (Financeiro)',
          params: MonthParams,
          body: z.object({
            amount_cents: z.number().int().describe('Centavos; negativo desconta do repasse'),
            description: z.string().max(500),
            idempotency_key: z
              .string()
              .max(60)
              .nullish()
              .describe('UUID do formulário: reenviar não duplica'),
          }),
          response: { 200: DetailBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        detailBody(
          await addAdjustment(
            deps(),
            actorOf(request),
            request.params.reseller_id,
            request.params.month,
            {
              amountCents: request.body.amount_cents,
              description: request.body.description,
              idempotencyKey: request.body.idempotency_key ?? null,
            },
            request.ip,
          ),
        ),
    );

    app.post(
      `${base}/:month/payout`,
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary:
            'Registra o pagamento do repasse de um extrato fechado (Financeiro): data e referência bancária',
          params: MonthParams,
          body: z.object({ paid_on: isoDate, reference: z.string().max(200) }),
          response: { 200: DetailBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        detailBody(
          await recordPayout(
            deps(),
            actorOf(request),
            request.params.reseller_id,
            request.params.month,
            { paidOn: request.body.paid_on, reference: request.body.reference },
            request.ip,
          ),
        ),
    );

    app.put(
      `${base}/:month/invoice`,
      {
        config: { access: ANY_ROLE },
        bodyLimit: MAX_INVOICE_BYTES,
        schema: {
          tags: TAGS,
          summary:
            'Envia a nota fiscal de serviço do Hiperador para um extrato fechado (PDF ou XML, até 5 MB)',
          description:
            'Corpo: o arquivo, com Content-Type application/pdf, application/xml (ou application/octet-stream). ' +
            'O tipo é conferido pelos primeiros bytes. Enviar de novo substitui a anterior.',
          params: MonthParams,
          querystring: z.object({ filename: z.string().max(200).optional().describe('Nome do arquivo') }),
          response: { 200: DetailBody, ...errorResponses(400, 401, 404, 413, 422) },
        },
      },
      async (request) =>
        detailBody(
          await uploadInvoice(
            deps(),
            actorOf(request),
            request.params.reseller_id,
            request.params.month,
            {
              filename: request.query.filename ?? `nota-fiscal-${request.params.month}`,
              content: bodyBytes(request.body),
            },
            request.ip,
          ),
        ),
    );

    app.get(
      `${base}/:month/invoice`,
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Baixa a nota fiscal enviada para o extrato',
          params: MonthParams,
          produces: ['application/pdf', 'application/xml'],
          response: { 200: z.any().describe('PDF ou XML'), ...errorResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const file = await downloadInvoice(
          deps(),
          actorOf(request),
          request.params.reseller_id,
          request.params.month,
        );
        return reply
          .type(file.contentType)
          .header('content-disposition', disposition('attachment', file.filename))
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .send(Buffer.from(file.content));
      },
    );
  };
}
