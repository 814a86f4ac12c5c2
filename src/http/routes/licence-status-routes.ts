import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagMatches, type LicenceStatus } from '../../app/licence/licence-status';
import { CLIENT_STATUSES } from '../../domain/clients/client-status';
import type { System } from '../../system';
import { installationOf } from '../access';
import { errorResponses } from '../schemas';

const StatusBody = z.object({
  status: z
    .enum(CLIENT_STATUSES)
    .describe('Situação do cliente (ativo, aguardando_pagamento, inadimplente, …)'),
  liberado_ate: z
    .string()
    .nullable()
    .describe('Data (AAAA-MM-DD) até a qual o uso está pago; null antes do primeiro pagamento'),
  must_sign_contract: z
    .boolean()
    .describe('Um contrato aguarda assinatura e não restam adiamentos: o Hiper fica bloqueado até assinar'),
  token: z
    .string()
    .describe(
      'JWS compacto (EdDSA/Ed25519, cabeçalho kid) com sub (id do cliente), iss, iat, exp, status, liberado_ate e must_sign_contract; verifique com /.well-known/jwks.json',
    ),
});

const JwksBody = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string(),
      kid: z.string(),
      alg: z.literal('EdDSA'),
      use: z.literal('sig'),
    }),
  ),
});

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends already serialized JSON (the schemas above document it; the hot path skips their serializer). */
const sendRaw = (reply: FastifyReply, type: string, json: string) => reply.type(type).send(json);

function bodyOf(s: LicenceStatus): string {
  return JSON.stringify({
    status: s.status,
    liberado_ate: s.liberadoAte,
    must_sign_contract: s.mustSignContract,
    token: s.token,
  });
}

/**
 * Licence status for the Hiper software (Bearer API key): status, liberado até, must_sign and a signed token it
 * can trust offline until the token's exp (src/app/licence/licence-status.ts); and the public keys (JWKS).
 * The hottest route of the system: a repeated request is answered from memory (no database, no signature) and
 * the body is sent pre-serialized.
 */
export function licenceStatusRoutes(system: System): FastifyPluginAsyncZod {
  // The last body sent per status object: the same cached status is serialized once.
  const bodies = new WeakMap<LicenceStatus, string>();
  return async (app) => {
    app.get(
      '/api/v1/licence/status',
      {
        config: { access: 'installation' },
        schema: {
          tags: ['Licença do Hiper'],
          summary: 'Situação da licença do cliente desta instalação, com o token assinado para uso offline',
          description:
            'Responde com `ETag`; envie-o em `If-None-Match` para receber 304 sem corpo enquanto nada mudou. O Hiper pode funcionar sem internet enquanto o token não expirar (`exp`, 72 h por padrão) e a data de hoje não passar de `liberado_ate`.',
          security: [{ installationKey: [] }],
          response: {
            200: StatusBody,
            304: z.null().describe('Nada mudou desde o ETag enviado em If-None-Match'),
            ...errorResponses(401),
          },
        },
      },
      async (request, reply) => {
        const status = await system.deps.licenceStatus.status(installationOf(request));
        // Private (it answers for one key) and revalidated every time, with the ETag.
        reply.header('cache-control', 'private, no-cache').header('etag', status.etag);
        if (etagMatches(request.headers['if-none-match'], status.etag)) {
          return (reply as FastifyReply).code(304).send();
        }
        let body = bodies.get(status);
        if (body === undefined) {
          body = bodyOf(status);
          bodies.set(status, body);
        }
        return sendRaw(reply, JSON_TYPE, body);
      },
    );

    app.get(
      '/.well-known/jwks.json',
      {
        config: { access: 'public' },
        schema: {
          tags: ['Licença do Hiper'],
          summary: 'Chaves públicas (JWKS) que verificam o token de licença',
          description:
            'Todas as chaves publicadas: a que assina agora e as anteriores, até os tokens que assinaram expirarem. Procure a chave pelo `kid` do cabeçalho do token.',
          security: [],
          response: { 200: JwksBody },
        },
      },
      async (_request, reply) =>
        sendRaw(
          reply.header('cache-control', 'public, max-age=300'),
          'application/jwk-set+json; charset=utf-8',
          system.deps.licenceKeys.jwksJson(),
        ),
    );
  };
}
