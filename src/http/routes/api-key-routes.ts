import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../app/licence/api-keys';
import type { ApiKeyRecord } from '../../app/licence/ports';
import { ANY_ROLE } from '../../domain/access/roles';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const TAGS = ['Instalações do Hiper'];
const ClientParams = z.object({ id: z.string().max(60) });
const KeyParams = z.object({ id: z.string().max(60), keyId: z.string().max(60) });

const ApiKeyBody = z.object({
  id: z.string().uuid(),
  name: z.string(),
  key_prefix: z.string().describe('Início da chave, para reconhecê-la (a chave inteira não é guardada)'),
  created_at: z.string(),
  created_by: z.string().nullable().describe('E-mail de quem criou'),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  status: z.enum(['ativa', 'revogada']),
});

function apiKeyBody(r: ApiKeyRecord): z.infer<typeof ApiKeyBody> {
  return {
    id: r.id,
    name: r.name,
    key_prefix: r.keyPrefix,
    created_at: r.createdAt.toISOString(),
    created_by: r.createdByEmail,
    last_used_at: r.lastUsedAt?.toISOString() ?? null,
    revoked_at: r.revokedAt?.toISOString() ?? null,
    status: r.revokedAt ? 'revogada' : 'ativa',
  };
}

/** API keys of the client's Hiper software installations (the client's Hiperador and staff). */
export function apiKeyRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({ apiKeys: system.deps.apiKeys, audit: system.deps.audit, clock: system.clock });
  return async (app) => {
    app.get(
      '/api/v1/clients/:id/api-keys',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'As chaves de API das instalações do Hiper do cliente (sem o segredo)',
          params: ClientParams,
          response: { 200: z.object({ items: z.array(ApiKeyBody) }), ...errorResponses(401, 404) },
        },
      },
      async (request) => ({
        items: (await listApiKeys(deps(), actorOf(request), request.params.id)).map(apiKeyBody),
      }),
    );

    app.post(
      '/api/v1/clients/:id/api-keys',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Cria uma chave de API para uma instalação do Hiper (a chave é exibida só agora)',
          params: ClientParams,
          body: z.object({ name: z.string().max(200).optional().describe('Nome da instalação') }),
          response: {
            201: ApiKeyBody.extend({
              key: z.string().describe('A chave completa: exibida uma única vez, guardada só como hash'),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { key, record } = await createApiKey(
          deps(),
          actorOf(request),
          request.params.id,
          request.body ?? {},
          request.ip,
        );
        return reply.code(201).send({ ...apiKeyBody(record), key });
      },
    );

    app.post(
      '/api/v1/clients/:id/api-keys/:keyId/revoke',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Revoga uma chave de API (a instalação deixa de conseguir se autenticar)',
          params: KeyParams,
          response: { 200: ApiKeyBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) =>
        apiKeyBody(
          await revokeApiKey(deps(), actorOf(request), request.params.id, request.params.keyId, request.ip),
        ),
    );
  };
}
