import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { confirmTedManually } from '../../app/payments/confirm-ted';
import {
  importStatement,
  MAX_STATEMENT_BYTES,
  type StatementImportSummary,
} from '../../app/payments/import-statement';
import type { PaymentOutcome } from '../../app/payments/ports';
import {
  type OpenChargeOption,
  STATEMENT_ENTRY_STATUS_LABELS,
  STATEMENT_ENTRY_STATUSES,
  type StatementEntryRecord,
} from '../../app/payments/statement-ports';
import {
  chargeOptionsForEntry,
  dismissStatementEntry,
  getStatementEntry,
  listStatementEntries,
  MAX_STATEMENT_PAGE_SIZE,
  matchStatementEntry,
} from '../../app/payments/statement-queue';
import { AppError } from '../../app/shared/errors';
import { BACK_OFFICE } from '../../domain/access/roles';
import {
  CHARGE_METHOD_LABELS,
  CHARGE_METHODS,
  CHARGE_STATUS_LABELS,
  CHARGE_STATUSES,
} from '../../domain/payments/charges';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'data no formato AAAA-MM-DD');

const SummaryBody = z.object({
  file_id: z.string().uuid(),
  filename: z.string(),
  sha256: z.string(),
  account: z.string().describe('Conta do extrato: BANKID-BRANCHID-ACCTID'),
  start: z.string().nullable().describe('Início do período do extrato (AAAA-MM-DD)'),
  end: z.string().nullable(),
  already_imported: z
    .boolean()
    .describe(
      'O mesmo arquivo (SHA-256) já foi importado: nada mudou; as contagens são as daquela importação',
    ),
  credits: z.number().int().describe('Créditos no arquivo'),
  matched: z.number().int().describe('Créditos novos conciliados automaticamente (pagamentos aplicados)'),
  duplicates: z.number().int().describe('Créditos já conhecidos (mesma conta e FITID): não gravados de novo'),
  unmatched: z.number().int().describe('Créditos novos que foram para a fila de conciliação manual'),
  ignored_debits: z.number().int().describe('Débitos (não são TEDs recebidas)'),
  ignored_balances: z.number().int().describe('Linhas de saldo que alguns bancos listam como lançamentos'),
});

const EntryBody = z.object({
  id: z.string().uuid(),
  file_id: z.string().uuid().nullable(),
  filename: z.string().nullable(),
  account: z.string(),
  fitid: z.string(),
  posted_on: z.string(),
  amount_cents: z.number().int(),
  memo: z.string().nullable().describe('Histórico do lançamento'),
  payer_document: z.string().nullable().describe('CPF/CNPJ válido citado no histórico'),
  status: z.enum(STATEMENT_ENTRY_STATUSES),
  status_label: z.string(),
  unmatched_reason: z.string().nullable().describe('Pendente: por que não foi conciliado automaticamente'),
  charge: z
    .object({ id: z.string().uuid(), number: z.string().nullable(), client_name: z.string().nullable() })
    .nullable(),
  payment_id: z.string().uuid().nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
  dismiss_reason: z.string().nullable(),
  created_at: z.string(),
});

const PaymentOutcomeBody = z.object({
  status: z.enum(['applied', 'duplicate']).describe('duplicate: já registrado antes; nada mudou'),
  payment_id: z.string().uuid(),
  charge_id: z.string().uuid(),
  principal_cents: z.number().int(),
  overpaid_cents: z.number().int().describe('Pago além do devido: vira crédito do cliente'),
  balance_cents: z.number().int().describe('O que ainda falta pagar da cobrança'),
  settled: z.boolean(),
});

const ChargeOptionBody = z.object({
  id: z.string().uuid(),
  number: z.string(),
  client: z.object({ id: z.string().uuid(), legal_name: z.string(), document: z.string() }),
  method: z.enum(CHARGE_METHODS),
  method_label: z.string(),
  status: z.enum(CHARGE_STATUSES),
  status_label: z.string(),
  amount_cents: z.number().int(),
  balance_cents: z.number().int(),
  due_date: z.string(),
  ted_identifier: z.string().nullable(),
});

function summaryBody(s: StatementImportSummary): z.infer<typeof SummaryBody> {
  return {
    file_id: s.fileId,
    filename: s.filename,
    sha256: s.sha256,
    account: s.account,
    start: s.start,
    end: s.end,
    already_imported: s.alreadyImported,
    credits: s.credits,
    matched: s.matched,
    duplicates: s.duplicates,
    unmatched: s.unmatched,
    ignored_debits: s.ignoredDebits,
    ignored_balances: s.ignoredBalances,
  };
}

function entryBody(e: StatementEntryRecord): z.infer<typeof EntryBody> {
  return {
    id: e.id,
    file_id: e.fileId,
    filename: e.filename,
    account: e.account,
    fitid: e.fitid,
    posted_on: e.postedOn,
    amount_cents: e.amountCents,
    memo: e.memo,
    payer_document: e.payerDocument,
    status: e.status,
    status_label: STATEMENT_ENTRY_STATUS_LABELS[e.status],
    unmatched_reason: e.unmatchedMessage,
    charge: e.chargeId ? { id: e.chargeId, number: e.chargeNumber, client_name: e.clientName } : null,
    payment_id: e.paymentId,
    resolved_by: e.resolvedByName,
    resolved_at: e.resolvedAt?.toISOString() ?? null,
    dismiss_reason: e.dismissReason,
    created_at: e.createdAt.toISOString(),
  };
}

function paymentBody(p: PaymentOutcome): z.infer<typeof PaymentOutcomeBody> {
  return {
    status: p.status,
    payment_id: p.paymentId,
    charge_id: p.chargeId,
    principal_cents: p.principalCents,
    overpaid_cents: p.overpaidCents,
    balance_cents: p.balanceCents,
    settled: p.settled,
  };
}

function optionBody(c: OpenChargeOption): z.infer<typeof ChargeOptionBody> {
  return {
    id: c.id,
    number: c.number,
    client: { id: c.clientId, legal_name: c.clientLegalName, document: c.clientDocument },
    method: c.method,
    method_label: CHARGE_METHOD_LABELS[c.method],
    status: c.status,
    status_label: CHARGE_STATUS_LABELS[c.status],
    amount_cents: c.amountCents,
    balance_cents: Math.max(0, c.amountCents - c.paidCents),
    due_date: c.dueDate,
    ted_identifier: c.tedIdentifier,
  };
}

const IdParams = z.object({ id: z.string().max(60) });
const TAGS = ['Extratos e TED'];
const OFX_CONTENT_TYPES = [
  'application/octet-stream',
  'application/x-ofx',
  'application/ofx',
  'application/vnd.intu.qfx',
  'text/plain',
];

export function statementRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({ ...system.deps, clock: system.clock });
  return async (app) => {
    // The OFX is the raw body, kept as bytes: its charset (latin1 or UTF-8) is the parser's business.
    app.addContentTypeParser(
      OFX_CONTENT_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_STATEMENT_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/v1/statements/import',
      {
        config: { access: BACK_OFFICE },
        bodyLimit: MAX_STATEMENT_BYTES,
        schema: {
          tags: TAGS,
          summary: 'Importa um extrato bancário OFX: concilia as TEDs recebidas e enfileira o resto',
          description:
            'Administrador e financeiro. Corpo: o arquivo OFX (1.0x SGML, latin1/1252, ou 2.x XML), ' +
            'Content-Type application/octet-stream (ou text/plain, application/x-ofx), até 10 MB. ' +
            'O arquivo é validado por inteiro antes de gravar qualquer coisa (com erro: 400 e nada muda). ' +
            'Créditos já conhecidos (mesma conta e FITID) não são gravados de novo; reimportar o mesmo ' +
            'arquivo não muda nada (already_imported). Cada crédito novo é conciliado com a cobrança por TED ' +
            'em aberto de mesmo saldo cujo identificador (CC…) ou CPF/CNPJ do cliente aparece no histórico, ' +
            'dentro do prazo (emissão até vencimento + 5 dias úteis); os demais vão para a fila.',
          querystring: z.object({
            filename: z.string().max(200).optional().describe('Nome do arquivo, para o histórico'),
          }),
          response: { 200: SummaryBody, ...errorResponses(400, 401, 403, 409, 413) },
        },
      },
      async (request) => {
        const content = bodyBytes(request.body);
        const summary = await importStatement(
          deps(),
          actorOf(request),
          { filename: request.query.filename ?? 'extrato.ofx', content },
          request.ip,
        );
        return summaryBody(summary);
      },
    );

    app.get(
      '/api/v1/statements/entries',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Créditos de extratos: a fila de pendentes e o histórico (conciliados, descartados)',
          querystring: z.object({
            status: z.enum(STATEMENT_ENTRY_STATUSES).optional(),
            q: z
              .string()
              .max(100)
              .optional()
              .describe('Parte do histórico, FITID, CPF/CNPJ, número da cobrança ou nome do cliente'),
            from: isoDate.optional().describe('Lançados a partir de (AAAA-MM-DD)'),
            to: isoDate.optional().describe('Lançados até (AAAA-MM-DD)'),
            ...pageQuery(MAX_STATEMENT_PAGE_SIZE),
          }),
          response: { 200: pageBody(EntryBody), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await listStatementEntries(deps(), actorOf(request), {
          status: q.status,
          search: q.q,
          from: q.from,
          to: q.to,
          page: q.page,
          pageSize: q.page_size,
        });
        return pageToJson(page, entryBody);
      },
    );

    app.get(
      '/api/v1/statements/entries/:id',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Um crédito de extrato',
          params: IdParams,
          response: { 200: EntryBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => entryBody(await getStatementEntry(deps(), actorOf(request), request.params.id)),
    );

    app.get(
      '/api/v1/statements/entries/:id/charge-options',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Cobranças em aberto para conciliar um crédito à mão',
          description:
            'Com q: busca por nome do cliente, CPF/CNPJ, número da cobrança ou identificador da TED. ' +
            'Sem q: as cobranças em aberto cujo saldo é o valor do crédito.',
          params: IdParams,
          querystring: z.object({ q: z.string().max(100).optional() }),
          response: { 200: z.object({ items: z.array(ChargeOptionBody) }), ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const options = await chargeOptionsForEntry(deps(), actorOf(request), {
          entryId: request.params.id,
          search: request.query.q,
        });
        return { items: options.map(optionBody) };
      },
    );

    app.post(
      '/api/v1/statements/entries/:id/match',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Concilia à mão um crédito pendente com uma cobrança',
          description:
            'O valor pode diferir do saldo: pagamento a menor deixa saldo em aberto; a maior vira crédito do ' +
            'cliente. Crédito já conciliado ou descartado → 409; cobrança paga ou cancelada → 422.',
          params: IdParams,
          body: z.object({ charge_id: z.string().uuid() }),
          response: {
            200: z.object({ entry: EntryBody, payment: PaymentOutcomeBody }),
            ...errorResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request) => {
        const result = await matchStatementEntry(
          deps(),
          actorOf(request),
          request.params.id,
          request.body.charge_id,
          request.ip,
        );
        return { entry: entryBody(result.entry), payment: paymentBody(result.payment) };
      },
    );

    app.post(
      '/api/v1/statements/entries/:id/dismiss',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Descarta um crédito pendente (não é pagamento de cobrança), com o motivo',
          description: 'Motivo obrigatório (ao menos 5 caracteres). Repetir o mesmo descarte não muda nada.',
          params: IdParams,
          body: z.object({ reason: z.string().max(500) }),
          response: { 200: EntryBody, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        entryBody(
          await dismissStatementEntry(
            deps(),
            actorOf(request),
            request.params.id,
            request.body.reason,
            request.ip,
          ),
        ),
    );

    app.post(
      '/api/v1/charges/:id/ted/confirm',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Confirma à mão uma TED recebida (sem extrato), com o motivo',
          description:
            'Administrador e financeiro; só cobranças por TED em aberto. O pagamento segue a regra geral ' +
            '(a menor deixa saldo, a maior vira crédito do cliente). Envie idempotency_key (UUID) para que ' +
            'repetir a mesma confirmação não registre outro pagamento.',
          params: IdParams,
          body: z.object({
            amount_cents: z.number().int().describe('Valor recebido, em centavos'),
            paid_on: isoDate.describe('Data em que a TED caiu na conta'),
            reason: z.string().max(500).describe('Motivo/comprovante (ao menos 5 caracteres)'),
            idempotency_key: z.string().uuid().optional(),
          }),
          response: {
            200: z.object({
              charge: z.object({
                id: z.string().uuid(),
                number: z.string(),
                status: z.enum(CHARGE_STATUSES),
                status_label: z.string(),
                amount_cents: z.number().int(),
                paid_cents: z.number().int(),
                balance_cents: z.number().int(),
                paid_on: z.string().nullable(),
              }),
              payment: PaymentOutcomeBody,
            }),
            ...errorResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request) => {
        const { charge, payment } = await confirmTedManually(
          deps(),
          actorOf(request),
          request.params.id,
          {
            amountCents: request.body.amount_cents,
            paidOn: request.body.paid_on,
            reason: request.body.reason,
            idempotencyKey: request.body.idempotency_key ?? null,
          },
          request.ip,
        );
        return {
          charge: {
            id: charge.id,
            number: charge.number,
            status: charge.status,
            status_label: CHARGE_STATUS_LABELS[charge.status],
            amount_cents: charge.amountCents,
            paid_cents: charge.paidCents,
            balance_cents: Math.max(0, charge.amountCents - charge.paidCents),
            paid_on: charge.paidOn,
          },
          payment: paymentBody(payment),
        };
      },
    );
  };
}

function bodyBytes(body: unknown): Uint8Array {
  if (Buffer.isBuffer(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  throw new AppError(
    'validation_failed',
    'Envie o arquivo OFX como corpo da requisição, com Content-Type application/octet-stream.',
    'arquivo',
  );
}
