import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderEmail } from '../../adapters/email/email-layout';
import { boletoDocumentFor, payerAddressLines } from '../../adapters/pdf/boleto-pdf';
import {
  cancelCharge,
  chargeNoLongerPayable,
  getCharge,
  listCharges,
  MAX_CHARGE_PAGE_SIZE,
  publicCharge,
  publicPayableCharge,
  resendCharge,
  visibleCharge,
} from '../../app/payments/charge-queries';
import { type ChargeDeps, createCharge } from '../../app/payments/create-charge';
import { paymentPageUrl } from '../../app/payments/payment-link';
import type { ChargeEventRecord, ChargeRecord, PaymentRecord } from '../../app/payments/ports';
import { REFUND_KINDS, refundCharge } from '../../app/payments/refund-charge';
import { ANY_ROLE, BACK_OFFICE } from '../../domain/access/roles';
import { businessDateAt } from '../../domain/calendar/dates';
import { formatDigitableLine } from '../../domain/payments/boleto/barcode';
import {
  CHARGE_METHOD_LABELS,
  CHARGE_METHODS,
  CHARGE_STATUS_LABELS,
  CHARGE_STATUSES,
  PAYMENT_SOURCE_LABELS,
  PAYMENT_SOURCES,
} from '../../domain/payments/charges';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'data no formato AAAA-MM-DD');

const ChargeSummaryBody = z.object({
  id: z.string().uuid(),
  number: z.string().describe('Número da cobrança: ano do vencimento e sequência, ex. 2026-000042'),
  client: z.object({ id: z.string().uuid(), legal_name: z.string(), document: z.string() }),
  reseller: z.object({ id: z.string().uuid(), name: z.string() }),
  contract_id: z.string().uuid().nullable(),
  installment_id: z.string().uuid().nullable(),
  description: z.string(),
  method: z.enum(CHARGE_METHODS),
  method_label: z.string(),
  status: z.enum(CHARGE_STATUSES),
  status_label: z.string(),
  amount_cents: z.number().int(),
  paid_cents: z.number().int().describe('Quanto dos pagamentos já abateu o valor da cobrança'),
  balance_cents: z.number().int().describe('O que falta pagar'),
  due_date: z.string(),
  paid_on: z.string().nullable(),
  created_at: z.string(),
});

const ChargeBody = ChargeSummaryBody.extend({
  fine_basis_points: z.number().int().describe('Multa após o vencimento (200 = 2%)'),
  interest_monthly_basis_points: z.number().int().describe('Juros de mora ao mês, pro rata die (100 = 1%)'),
  provider: z.string(),
  provider_reference: z.string().nullable(),
  boleto: z
    .object({
      bank_code: z.string(),
      nosso_numero: z.string(),
      barcode: z.string(),
      digitable_line: z.string(),
      digitable_line_formatted: z.string(),
      registered_at: z.string().nullable(),
    })
    .nullable(),
  pix: z.object({ txid: z.string(), payload: z.string().describe('Pix copia e cola') }).nullable(),
  ted: z
    .object({
      identifier: z.string().describe('Informe no histórico da TED'),
      bank: z.string(),
      agency: z.string(),
      account: z.string(),
      beneficiary: z.string(),
      beneficiary_document: z.string(),
    })
    .nullable(),
  card_installments: z.number().int().nullable(),
  failure_reason: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  payment_page_url: z.string().describe('Página de pagamento do cliente (link do e-mail)'),
});

const PaymentBody = z.object({
  id: z.string().uuid(),
  source: z.enum(PAYMENT_SOURCES),
  source_label: z.string(),
  source_id: z.string(),
  amount_cents: z.number().int().describe('Valor pago'),
  principal_cents: z.number().int().describe('Quanto abateu o valor da cobrança'),
  fine_interest_cents: z.number().int(),
  discount_cents: z.number().int(),
  overpaid_cents: z.number().int().describe('Pago a mais: vira crédito do cliente'),
  paid_on: z.string(),
  credited_on: z.string().nullable(),
  reason: z.string().nullable(),
  recorded_by_name: z.string().nullable(),
  created_at: z.string(),
});

const EventBody = z.object({
  id: z.string().uuid(),
  type: z.string(),
  description: z.string(),
  details: z.record(z.string(), z.unknown()),
  at: z.string(),
});

const ChargeDetailBody = ChargeBody.extend({
  payments: z.array(PaymentBody),
  events: z.array(EventBody),
});

/** What the client sees on the public payment page: nothing beyond what its e-mail said. */
const PublicChargeBody = z.object({
  number: z.string(),
  client_name: z.string(),
  description: z.string(),
  method: z.enum(CHARGE_METHODS),
  method_label: z.string(),
  status: z.enum(CHARGE_STATUSES),
  status_label: z.string(),
  amount_cents: z.number().int(),
  balance_cents: z.number().int(),
  due_date: z.string(),
  paid_on: z.string().nullable(),
  fine_basis_points: z.number().int(),
  interest_monthly_basis_points: z.number().int(),
  beneficiary: z.object({ name: z.string(), document: z.string() }),
  boleto: ChargeBody.shape.boleto,
  pix: ChargeBody.shape.pix,
  ted: ChargeBody.shape.ted,
});

const IdParams = z.object({ id: z.string().max(60) });
const TokenParams = z.object({ token: z.string().max(200) });
const TAGS = ['Cobranças'];

export function chargeRoutes(system: System): FastifyPluginAsyncZod {
  const deps = (): ChargeDeps & typeof system.deps => ({
    ...system.deps,
    clock: system.clock,
    renderEmail,
    publicUrl: system.config.publicUrl,
    linkSecret: system.config.sessionSecret,
    payments: system.config.payments,
  });
  const settings = system.config.payments;

  function summary(c: ChargeRecord): z.infer<typeof ChargeSummaryBody> {
    return {
      id: c.id,
      number: c.number,
      client: { id: c.clientId, legal_name: c.clientLegalName, document: c.clientDocument },
      reseller: { id: c.resellerId, name: c.resellerName },
      contract_id: c.contractId,
      installment_id: c.installmentId,
      description: c.description,
      method: c.method,
      method_label: CHARGE_METHOD_LABELS[c.method],
      status: c.status,
      status_label: CHARGE_STATUS_LABELS[c.status],
      amount_cents: c.amountCents,
      paid_cents: c.paidCents,
      balance_cents: Math.max(0, c.amountCents - c.paidCents),
      due_date: c.dueDate,
      paid_on: c.paidOn,
      created_at: c.createdAt.toISOString(),
    };
  }

  function instruments(c: ChargeRecord) {
    return {
      boleto:
        c.barcode && c.digitableLine && c.bankCode && c.nossoNumero
          ? {
              bank_code: c.bankCode,
              nosso_numero: c.nossoNumero,
              barcode: c.barcode,
              digitable_line: c.digitableLine,
              digitable_line_formatted: formatDigitableLine(c.digitableLine),
              registered_at: c.registeredAt?.toISOString() ?? null,
            }
          : null,
      pix: c.pixTxid && c.pixPayload ? { txid: c.pixTxid, payload: c.pixPayload } : null,
      ted: c.tedIdentifier
        ? {
            identifier: c.tedIdentifier,
            bank: `${settings.ted.bankCode} — ${settings.ted.bankName}`,
            agency: settings.ted.agency,
            account: settings.ted.account,
            beneficiary: settings.beneficiary.name,
            beneficiary_document: settings.beneficiary.document,
          }
        : null,
    };
  }

  function chargeBody(c: ChargeRecord): z.infer<typeof ChargeBody> {
    return {
      ...summary(c),
      fine_basis_points: c.fineBasisPoints,
      interest_monthly_basis_points: c.interestMonthlyBasisPoints,
      provider: c.provider,
      provider_reference: c.providerReference,
      ...instruments(c),
      card_installments: c.cardInstallments,
      failure_reason: c.failureReason,
      cancelled_at: c.cancelledAt?.toISOString() ?? null,
      cancel_reason: c.cancelReason,
      payment_page_url: paymentPageUrl(system.config.publicUrl, system.config.sessionSecret, c.id),
    };
  }

  function paymentBody(p: PaymentRecord): z.infer<typeof PaymentBody> {
    return {
      id: p.id,
      source: p.source,
      source_label: PAYMENT_SOURCE_LABELS[p.source],
      source_id: p.sourceId,
      amount_cents: p.amountCents,
      principal_cents: p.principalCents,
      fine_interest_cents: p.fineInterestCents,
      discount_cents: p.discountCents,
      overpaid_cents: p.overpaidCents,
      paid_on: p.paidOn,
      credited_on: p.creditedOn,
      reason: p.reason,
      recorded_by_name: p.recordedByName,
      created_at: p.createdAt.toISOString(),
    };
  }

  const eventBody = (e: ChargeEventRecord) => ({ ...e, at: e.at.toISOString() });

  async function sendBoleto(reply: FastifyReply, charge: ChargeRecord) {
    const pdf = await system.deps.boletoPdf(
      boletoDocumentFor({
        charge,
        payerAddressLines: payerAddressLines(charge.clientAddress),
        settings,
        processingDate: businessDateAt(system.clock.now()),
      }),
    );
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="boleto-${charge.number}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(pdf));
  }

  return async (app) => {
    app.get(
      '/api/v1/charges/:id/boleto.pdf',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'O boleto (PDF, boleto híbrido com QR Code Pix) de uma cobrança por boleto',
          params: IdParams,
          produces: ['application/pdf'],
          response: { 200: z.any().describe('PDF'), ...errorResponses(401, 404) },
        },
      },
      async (request, reply) =>
        sendBoleto(reply, await visibleCharge(system.deps, actorOf(request), request.params.id)),
    );

    app.get(
      '/api/v1/payment-page/:token/boleto.pdf',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: 'O boleto (PDF) pela página de pagamento do cliente (link assinado)',
          params: TokenParams,
          produces: ['application/pdf'],
          response: { 200: z.any().describe('PDF'), ...errorResponses(404, 410) },
        },
      },
      async (request, reply) => sendBoleto(reply, await publicPayableCharge(deps(), request.params.token)),
    );

    app.get(
      '/api/v1/charges',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary:
            'Cobranças visíveis para quem chama (as do próprio Hiperador), do vencimento mais novo ao mais antigo',
          querystring: z.object({
            client_id: z.string().max(60).optional(),
            status: z.enum(CHARGE_STATUSES).optional(),
            method: z.enum(CHARGE_METHODS).optional(),
            search: z
              .string()
              .max(100)
              .optional()
              .describe('Cliente (nome ou CPF/CNPJ), número, descrição ou nosso número'),
            ...pageQuery(MAX_CHARGE_PAGE_SIZE),
          }),
          response: {
            200: pageBody(ChargeSummaryBody).extend({
              credit_cents: z
                .number()
                .int()
                .nullable()
                .describe('Com client_id: o crédito do cliente (pagamentos a mais)'),
            }),
            ...errorResponses(400, 401),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const result = await listCharges(system.deps, actorOf(request), {
          clientId: q.client_id,
          status: q.status,
          method: q.method,
          search: q.search?.trim() || undefined,
          page: q.page,
          pageSize: q.page_size,
        });
        const credit =
          q.client_id && (result.total > 0 || result.items.length > 0)
            ? await system.deps.charges.creditBalance(q.client_id)
            : null;
        return { ...pageToJson(result, summary), credit_cents: credit };
      },
    );

    app.post(
      '/api/v1/charges',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Emite uma cobrança avulsa para um cliente (Financeiro)',
          description:
            'Boleto: nosso número, código de barras e linha digitável pelo perfil do banco configurado, com QR Code Pix do mesmo valor (boleto híbrido); registrado no banco pela próxima remessa CNAB. Pix: cobrança com vencimento no PSP. TED: identificador para o histórico da transferência. Cartão: cobrado quando o cliente cadastrar o cartão (ou em "Cobrar no cartão agora"). O cliente recebe o e-mail com o link da página de pagamento (notify=false para não enviar).',
          body: z.object({
            client_id: z.string().max(60),
            method: z.enum(CHARGE_METHODS),
            amount_cents: z.number().int().describe('Valor em centavos'),
            due_date: isoDate,
            description: z.string().max(140),
            card_installments: z.number().int().nullish(),
            notify: z.boolean().optional(),
          }),
          response: { 201: ChargeBody, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const charge = await createCharge(
          deps(),
          actorOf(request),
          {
            clientId: b.client_id,
            method: b.method,
            amountCents: b.amount_cents,
            dueDate: b.due_date,
            description: b.description,
            cardInstallments: b.card_installments ?? null,
            notify: b.notify ?? true,
          },
          request.ip,
        );
        return reply.code(201).send(chargeBody(charge));
      },
    );

    app.get(
      '/api/v1/charges/:id',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Uma cobrança com pagamentos e ocorrências (404 se for de outro Hiperador)',
          params: IdParams,
          response: { 200: ChargeDetailBody, ...errorResponses(401, 404) },
        },
      },
      async (request) => {
        const detail = await getCharge(system.deps, actorOf(request), request.params.id);
        return {
          ...chargeBody(detail.charge),
          payments: detail.payments.map(paymentBody),
          events: detail.events.map(eventBody),
        };
      },
    );

    app.post(
      '/api/v1/charges/:id/cancel',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary:
            'Cancela uma cobrança em aberto, com motivo (boleto registrado: pedido de baixa na próxima remessa)',
          params: IdParams,
          body: z.object({ reason: z.string().max(500) }),
          response: { 200: ChargeBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        chargeBody(
          await cancelCharge(
            system.deps,
            actorOf(request),
            request.params.id,
            request.body.reason,
            request.ip,
          ),
        ),
    );

    app.post(
      '/api/v1/charges/:id/refund',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Estorna (ou registra o chargeback de) uma cobrança paga, por inteiro (Financeiro)',
          description:
            'A cobrança e a parcela passam a estornada; o repasse das linhas da cobrança é revertido com data do estorno ' +
            '(cai no extrato do mês do estorno, nunca num extrato fechado). O liberado até não muda: decida com ' +
            '"liberar até" ou o cancelamento. Com idempotency_key, reenviar não muda nada. Cobrança não paga: 409.',
          params: IdParams,
          body: z.object({
            kind: z.enum(REFUND_KINDS).describe('estorno (Financeiro) ou chargeback (cartão)'),
            reason: z.string().max(500),
            refunded_on: isoDate.nullish().describe('Data do estorno (padrão: hoje, São Paulo)'),
            idempotency_key: z.string().max(60).nullish().describe('UUID do formulário'),
          }),
          response: {
            200: z.object({
              charge: ChargeBody,
              refund: z.object({
                id: z.string().uuid(),
                status: z.enum(['applied', 'duplicate']),
                amount_cents: z.number().int().describe('Valor devolvido ao cliente'),
                refunded_on: z.string(),
                reversed_lines: z.number().int().describe('Linhas de repasse revertidas'),
                clawback_cents: z.number().int().describe('Repasse revertido (negativo)'),
              }),
            }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const b = request.body;
        const { charge, refund } = await refundCharge(
          { ...system.deps, clock: system.clock },
          actorOf(request),
          request.params.id,
          {
            kind: b.kind,
            reason: b.reason,
            refundedOn: b.refunded_on ?? null,
            idempotencyKey: b.idempotency_key ?? null,
          },
          request.ip,
        );
        return {
          charge: chargeBody(charge),
          refund: {
            id: refund.refundId,
            status: refund.status,
            amount_cents: refund.amountCents,
            refunded_on: refund.refundedOn,
            reversed_lines: refund.reversedLines,
            clawback_cents: refund.clawbackCents,
          },
        };
      },
    );

    app.post(
      '/api/v1/charges/:id/resend',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Reenvia ao cliente o e-mail da cobrança (com o link da página de pagamento)',
          params: IdParams,
          response: {
            200: z.object({ recipients: z.array(z.string()) }),
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      async (request) => resendCharge(deps(), actorOf(request), request.params.id),
    );

    app.get(
      '/api/v1/payment-page/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: 'Página de pagamento do cliente (link assinado do e-mail): valor, vencimento e como pagar',
          params: TokenParams,
          response: { 200: PublicChargeBody, ...errorResponses(404) },
        },
      },
      async (request) => {
        const c = await publicCharge(deps(), request.params.token);
        return {
          number: c.number,
          client_name: c.clientLegalName,
          description: c.description,
          method: c.method,
          method_label: CHARGE_METHOD_LABELS[c.method],
          status: c.status,
          status_label: CHARGE_STATUS_LABELS[c.status],
          amount_cents: c.amountCents,
          balance_cents: Math.max(0, c.amountCents - c.paidCents),
          due_date: c.dueDate,
          paid_on: c.paidOn,
          fine_basis_points: c.fineBasisPoints,
          interest_monthly_basis_points: c.interestMonthlyBasisPoints,
          beneficiary: { name: settings.beneficiary.name, document: settings.beneficiary.document },
          ...(chargeNoLongerPayable(c) ? { boleto: null, pix: null, ted: null } : instruments(c)),
        };
      },
    );
  };
}
