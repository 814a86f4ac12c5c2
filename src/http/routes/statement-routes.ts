import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Extratos (OFX): import, the unmatched credits queue, hand match / dismiss. */
export function statementRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
