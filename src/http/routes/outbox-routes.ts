import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOutboxEmail, listOutbox, MAX_OUTBOX_PAGE_SIZE } from '../../app/email/outbox-queries';
import { EMAIL_STATUSES, type OutboxMessage, type OutboxSummary } from '../../app/email/ports';
import { retryEmail } from '../../app/email/retry-email';
import { STAFF } from '../../domain/access/roles';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';

const OutboxSummaryBody = z.object({
  id: z.string().uuid(),
  to: z.string().describe('Destinatário'),
  subject: z.string(),
  status: z.enum(EMAIL_STATUSES).describe('pendente, enviado ou falhou'),
  attempts: z.number().int().describe('Tentativas de envio feitas'),
  last_error: z
    .string()
    .nullable()
    .describe('Último erro de envio (ou a observação de que o SMTP não está configurado)'),
  entity: z
    .object({ type: z.string(), id: z.string().nullable() })
    .nullable()
    .describe('Do que trata o e-mail, ex. { type: "contract", id }'),
  reseller_id: z.string().uuid().nullable(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});

const OutboxMessageBody = OutboxSummaryBody.extend({
  html: z.string(),
  text: z.string(),
  provider_message_id: z.string().nullable(),
});

function summaryBody(m: OutboxSummary): z.infer<typeof OutboxSummaryBody> {
  return {
    id: m.id,
    to: m.to,
    subject: m.subject,
    status: m.status,
    attempts: m.attempts,
    last_error: m.lastError,
    entity: m.entityType ? { type: m.entityType, id: m.entityId } : null,
    reseller_id: m.resellerId,
    created_at: m.createdAt.toISOString(),
    sent_at: m.sentAt?.toISOString() ?? null,
  };
}

function messageBody(m: OutboxMessage): z.infer<typeof OutboxMessageBody> {
  return { ...summaryBody(m), html: m.html, text: m.text, provider_message_id: m.providerMessageId };
}

const IdParams = z.object({ id: z.string().max(60) });
const TAGS = ['Caixa de saída'];

export function outboxRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({ ...system.deps, clock: system.clock });
  return async (app) => {
    app.get(
      '/api/v1/outbox',
      {
        config: { access: STAFF },
        schema: {
          tags: TAGS,
          summary: 'Caixa de saída: e-mails enviados e a enviar, dos mais novos para os mais antigos',
          description:
            'Equipe Hiper. Um gerente de contas vê só os e-mails dos seus Hiperadores; e-mails sem Hiperador, só administrador e financeiro.',
          querystring: z.object({
            status: z.enum(EMAIL_STATUSES).optional(),
            q: z.string().max(100).optional().describe('Parte do destinatário ou do assunto'),
            ...pageQuery(MAX_OUTBOX_PAGE_SIZE),
          }),
          response: {
            200: pageBody(OutboxSummaryBody),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const result = await listOutbox(deps(), actorOf(request), {
          status: request.query.status,
          search: request.query.q,
          page: request.query.page,
          pageSize: request.query.page_size,
        });
        return pageToJson(result, summaryBody);
      },
    );

    app.get(
      '/api/v1/outbox/:id',
      {
        config: { access: STAFF },
        schema: {
          tags: TAGS,
          summary: 'Um e-mail da Caixa de saída, com as versões HTML e texto',
          params: IdParams,
          response: { 200: OutboxMessageBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => messageBody(await getOutboxEmail(deps(), actorOf(request), request.params.id)),
    );

    app.post(
      '/api/v1/outbox/:id/retry',
      {
        config: { access: STAFF },
        schema: {
          tags: TAGS,
          summary: 'Reenvia um e-mail que falhou (ou ainda pendente): nova rodada de tentativas',
          description:
            'E-mail já enviado → 422. Sem SMTP configurado (SMTP_URL) → 422: o e-mail fica para leitura na Caixa de saída.',
          params: IdParams,
          response: { 200: OutboxMessageBody, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        messageBody(await retryEmail(deps(), actorOf(request), request.params.id, request.ip)),
    );
  };
}
