import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Arquivos bancários: CNAB 240 remessas (generate, download) and retornos (import with progress). */
export function bankFileRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
