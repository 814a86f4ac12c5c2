import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Cobranças (charges): issue, list, detail, settle by hand, cancel, boleto PDF. */
export function chargeRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
