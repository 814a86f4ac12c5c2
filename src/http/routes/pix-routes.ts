import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PIX_SIGNATURE_HEADER,
  type PixWebhookResult,
  receivePixWebhook,
  simulatePixPayment,
} from '../../app/payments/pix-webhook';
import { notFound } from '../../app/shared/errors';
import { BACK_OFFICE } from '../../domain/access/roles';
import { CHARGE_STATUSES } from '../../domain/payments/charges';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const TAGS = ['Pix'];
/** A PSP batches at most a few hundred Pix per delivery; 1 MB is plenty. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

const WebhookResultBody = z.object({
  received: z.number().int().describe('Pix na notificação'),
  applied: z.number().int().describe('Pagamentos aplicados agora'),
  duplicates: z.number().int().describe('Já recebidos antes (mesmo endToEndId): nada mudou'),
  ignored: z
    .array(z.object({ end_to_end_id: z.string(), txid: z.string().nullable(), reason: z.string() }))
    .describe('Pix sem cobrança correspondente (sem txid ou txid desconhecido); registrados no log'),
});

function resultBody(result: PixWebhookResult): z.infer<typeof WebhookResultBody> {
  return {
    received: result.received,
    applied: result.applied,
    duplicates: result.duplicates,
    ignored: result.ignored.map((i) => ({ end_to_end_id: i.endToEndId, txid: i.txid, reason: i.reason })),
  };
}

/** Pix: the PSP's webhook (POST /api/v1/webhooks/pix) and the sandbox's "simular pagamento". */
export function pixRoutes(system: System): FastifyPluginAsyncZod {
  const webhookDeps = () => ({
    charges: system.deps.charges,
    webhookSecret: system.config.payments.pix.webhookSecret,
  });
  return async (app) => {
    // The HMAC is over the exact bytes received: in this scope only, every body is kept as a Buffer.
    await app.register(async (hook) => {
      hook.removeAllContentTypeParsers();
      hook.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES },
        (_request, body, done) => done(null, body),
      );

      hook.post(
        '/api/v1/webhooks/pix',
        {
          bodyLimit: MAX_WEBHOOK_BYTES,
          config: { access: 'public' },
          schema: {
            tags: TAGS,
            summary: 'Webhook do PSP Pix: pagamentos recebidos (padrão API Pix do BACEN)',
            security: [],
            description:
              'Corpo: `{ "pix": [ { "endToEndId", "txid", "valor": "123.45", "horario": "2026-03-10T14:30:00-03:00", "infoPagador"?, "componentesValor"? } ] }`. ' +
              'Autenticação: cabeçalho `X-Pix-Signature: sha256=<hex do HMAC-SHA256 do corpo bruto com PIX_WEBHOOK_SECRET>` (ausente ou errado → 401); ' +
              'em produção, além disso, mTLS terminado no balanceador de carga (certificado do PSP). ' +
              'Idempotente por endToEndId: reenvios (mesmo simultâneos) não aplicam o pagamento de novo. ' +
              'Valor menor que a cobrança: ela fica em aberto com o saldo; maior: a diferença vira crédito do cliente. ' +
              'Pix com txid desconhecido é devolvido em `ignored` (e registrado no log), sem erro.',
            response: { 200: WebhookResultBody, ...errorResponses(400, 401, 413) },
          },
        },
        async (request) => {
          const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const result = await receivePixWebhook(webhookDeps(), raw, request.headers[PIX_SIGNATURE_HEADER]);
          if (result.ignored.length > 0) {
            request.log.warn({ ignored: result.ignored }, 'webhook Pix: Pix sem cobrança correspondente');
          }
          request.log.info(
            { received: result.received, applied: result.applied, duplicates: result.duplicates },
            'webhook Pix processado',
          );
          return resultBody(result);
        },
      );
    });

    app.post(
      '/api/v1/charges/:id/pix/simulate',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Simular pagamento Pix (somente PSP sandbox)',
          description:
            'Monta o webhook assinado que o PSP enviaria para o txid da cobrança (por padrão, no valor do saldo em aberto) e o processa pelo mesmo caminho do webhook real. ' +
            'Com um PSP real configurado → 422. Cobrança paga ou cancelada → 422. Registrado na auditoria.',
          params: z.object({ id: z.string().max(60) }),
          body: z
            .object({
              amount_cents: z
                .number()
                .int()
                .positive()
                .optional()
                .describe('Valor pago, em centavos (padrão: o saldo em aberto)'),
            })
            .nullish(),
          response: {
            200: z.object({
              end_to_end_id: z.string(),
              amount_cents: z.number().int(),
              webhook: WebhookResultBody,
              charge: z.object({
                id: z.string().uuid(),
                status: z.enum(CHARGE_STATUSES),
                paid_cents: z.number().int(),
                balance_cents: z.number().int(),
              }),
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const simulated = await simulatePixPayment(
          {
            ...webhookDeps(),
            charges: system.deps.charges,
            pixPsp: system.deps.pixPsp,
            audit: system.deps.audit,
            clock: system.clock,
          },
          actor,
          request.params.id,
          request.body?.amount_cents ?? null,
          request.ip,
        );
        const charge = await system.deps.charges.get(actor, request.params.id);
        if (!charge) throw notFound('Cobrança');
        return {
          end_to_end_id: simulated.endToEndId,
          amount_cents: simulated.amountCents,
          webhook: resultBody(simulated.result),
          charge: {
            id: charge.id,
            status: charge.status,
            paid_cents: charge.paidCents,
            balance_cents: Math.max(0, charge.amountCents - charge.paidCents),
          },
        };
      },
    );
  };
}
