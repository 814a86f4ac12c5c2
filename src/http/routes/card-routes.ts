import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderEmail } from '../../adapters/email/email-layout';
import { SandboxCardGateway } from '../../adapters/payments/sandbox-card-gateway';
import {
  type CardLinkDeps,
  clientCard,
  registerCard,
  type StoredCard,
  sendCardRegistrationLink,
  viewCardLink,
} from '../../app/payments/card-registration';
import { type CardChargeOutcome, chargeCard } from '../../app/payments/charge-card';
import { notFound } from '../../app/shared/errors';
import { ANY_ROLE, BACK_OFFICE } from '../../domain/access/roles';
import { CARD_BRAND_LABELS, CARD_BRANDS, type CardBrand, cardLabel } from '../../domain/payments/card-number';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

/** Where the card page posts the number in sandbox mode (the "third-party" gateway, outside our API). */
export const SANDBOX_TOKENIZE_PATH = '/sandbox/gateway/tokens';

const TokenParams = z.object({ token: z.string().max(100) });
const IdParams = z.object({ id: z.string().max(60) });
const TAGS = ['Cartão de crédito'];

const CardBody = z.object({
  brand: z.string().describe('visa, mastercard, elo, amex ou hipercard'),
  brand_label: z.string(),
  last4: z.string(),
  exp_month: z.number().int(),
  exp_year: z.number().int(),
  expiry: z.string().describe('Validade MM/AAAA'),
  holder_name: z.string(),
  label: z.string().describe('Ex.: "Visa final 1111"'),
  since: z.string().describe('Quando foi cadastrado'),
});

const ChargeOutcomeBody = z.object({
  charge_id: z.string().uuid(),
  charge_number: z.string(),
  attempt: z.number().int(),
  amount_cents: z.number().int(),
  status: z.enum(['paga', 'falhou']),
  transaction_id: z.string().nullable(),
  reason_code: z.string().nullable(),
  reason: z.string().nullable().describe('Motivo da recusa, do gateway'),
  replayed: z.boolean().describe('Esta tentativa já tinha sido feita: nada foi cobrado de novo'),
});

function cardBody(card: StoredCard): z.infer<typeof CardBody> {
  return {
    brand: card.brand,
    brand_label: CARD_BRAND_LABELS[card.brand as CardBrand] ?? card.brand,
    last4: card.last4,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    expiry: `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`,
    holder_name: card.holderName,
    label: cardLabel(card.brand, card.last4),
    since: card.createdAt.toISOString(),
  };
}

function outcomeBody(o: CardChargeOutcome): z.infer<typeof ChargeOutcomeBody> {
  return {
    charge_id: o.chargeId,
    charge_number: o.chargeNumber,
    attempt: o.attempt,
    amount_cents: o.amountCents,
    status: o.status,
    transaction_id: o.transactionId,
    reason_code: o.reasonCode,
    reason: o.reason,
    replayed: o.replayed,
  };
}

/** Cartão: registration link (e-mail), the public registration page's API, card charges. */
export function cardRoutes(system: System): FastifyPluginAsyncZod {
  const deps = (): CardLinkDeps & typeof system.deps => ({
    ...system.deps,
    clock: system.clock,
    renderEmail,
    publicUrl: system.config.publicUrl,
  });
  return async (app) => {
    const gateway = system.deps.cardGateway;
    if (gateway instanceof SandboxCardGateway) {
      // The sandbox plays the card gateway's own tokenization API: the browser posts the number here, never
      // to /api/v1. Nothing of the body is logged (Fastify logs method, URL and status only) or stored.
      app.post(
        SANDBOX_TOKENIZE_PATH,
        {
          config: { access: 'public' },
          schema: {
            hide: true,
            body: z.object({
              number: z.string().max(30),
              exp_month: z.number().int(),
              exp_year: z.number().int(),
              cvv: z.string().max(4),
              holder_name: z.string().max(100).optional(),
            }),
          },
        },
        async (request) => {
          const t = gateway.tokenize(request.body);
          return {
            token: t.token,
            brand: t.brand,
            last4: t.last4,
            exp_month: t.expMonth,
            exp_year: t.expYear,
          };
        },
      );
    }

    app.get(
      '/api/v1/card-links/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: 'A página de cadastro do cartão pelo link do e-mail',
          description:
            'O token do caminho é a credencial (sem sessão). 404: link desconhecido; 410: link vencido, já usado ou substituído por um envio mais recente.',
          security: [],
          params: TokenParams,
          response: {
            200: z.object({
              client: z.object({ legal_name: z.string() }),
              reseller_name: z.string(),
              expires_at: z.string(),
              card: CardBody.nullable().describe('O cartão cadastrado hoje (será substituído)'),
              sandbox: z.boolean().describe('Gateway de testes: mostra os números de teste'),
              tokenize_url: z.string().nullable().describe('Onde a página tokeniza o cartão (sandbox)'),
              test_numbers: z.array(
                z.object({
                  number: z.string(),
                  brand: z.string(),
                  outcome: z.string(),
                  description: z.string(),
                }),
              ),
            }),
            ...errorResponses(404, 410),
          },
        },
      },
      async (request) => {
        const view = await viewCardLink(deps(), request.params.token);
        return {
          client: { legal_name: view.link.clientLegalName },
          reseller_name: view.link.resellerName,
          expires_at: view.link.expiresAt.toISOString(),
          card: view.card ? cardBody(view.card) : null,
          sandbox: view.sandbox,
          tokenize_url: view.sandbox ? SANDBOX_TOKENIZE_PATH : null,
          test_numbers: view.testNumbers.map((t) => ({ ...t })),
        };
      },
    );

    app.post(
      '/api/v1/card-links/:token/card',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: 'Cadastra o cartão (token do gateway) e cobra as cobranças de cartão em aberto',
          description:
            'Recebe só o token do gateway, bandeira, 4 últimos dígitos e validade — nunca o número nem o CVV. Substitui o cartão anterior, usa o link e cobra na hora as cobranças de cartão emitidas ou recusadas do cliente (a cobrança de ativação). Reenviar o mesmo token responde o mesmo cartão sem cobrar de novo.',
          security: [],
          params: TokenParams,
          body: z.object({
            token: z.string().max(200).describe('Token do gateway'),
            brand: z.enum(CARD_BRANDS),
            last4: z.string().regex(/^\d{4}$/, 'os 4 últimos dígitos'),
            exp_month: z.number().int().min(1).max(12),
            exp_year: z.number().int().min(2000).max(2100),
            holder_name: z.string().max(100).describe('Nome impresso no cartão'),
          }),
          response: {
            200: z.object({ card: CardBody, charges: z.array(ChargeOutcomeBody), replayed: z.boolean() }),
            ...errorResponses(400, 404, 410),
          },
        },
      },
      async (request) => {
        const done = await registerCard(deps(), request.params.token, request.body, request.ip ?? null);
        return { card: cardBody(done.card), charges: done.charges.map(outcomeBody), replayed: done.replayed };
      },
    );

    app.post(
      '/api/v1/clients/:id/card-link',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Envia ao cliente o link de cadastro do cartão de crédito',
          description:
            'Para o e-mail do cliente e os e-mails de cobrança (Caixa de saída). O link vale 7 dias; os links anteriores ainda não usados deixam de valer.',
          params: IdParams,
          response: {
            200: z.object({ sent_to: z.array(z.string()), expires_at: z.string() }),
            ...errorResponses(401, 403, 404, 422),
          },
        },
      },
      async (request) => {
        const sent = await sendCardRegistrationLink(deps(), actorOf(request), request.params.id, request.ip);
        return { sent_to: sent.sentTo, expires_at: sent.expiresAt.toISOString() };
      },
    );

    app.get(
      '/api/v1/clients/:id/card',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'O cartão de crédito cadastrado do cliente (ou null)',
          params: IdParams,
          response: { 200: z.object({ card: CardBody.nullable() }), ...errorResponses(401, 404) },
        },
      },
      async (request) => {
        const card = await clientCard(deps(), actorOf(request), request.params.id);
        return { card: card ? cardBody(card) : null };
      },
    );

    app.post(
      '/api/v1/charges/:id/card/charge',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Cobrar no cartão agora',
          description:
            'Cobra a cobrança de cartão no cartão cadastrado do cliente. Idempotente por tentativa (`attempt`, padrão: a próxima): a mesma tentativa nunca é cobrada duas vezes no gateway.',
          params: IdParams,
          body: z.object({ attempt: z.number().int().min(1).max(99).optional() }).nullish(),
          response: { 200: ChargeOutcomeBody, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const charge = await system.deps.charges.get(actor, request.params.id);
        if (!charge) throw notFound('Cobrança');
        const outcome = await chargeCard(deps(), charge.id, { attempt: request.body?.attempt });
        await system.deps.audit.record({
          actorUserId: actor.userId,
          actorEmail: actor.email,
          action: 'charge.card_charged',
          entityType: 'charge',
          entityId: charge.id,
          ip: request.ip ?? null,
          details: {
            number: charge.number,
            attempt: outcome.attempt,
            status: outcome.status,
            reason: outcome.reason,
            transaction_id: outcome.transactionId,
          },
        });
        return outcomeBody(outcome);
      },
    );
  };
}
