import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Billing: daily runs (list, detail, run again for a date), a client's installments, liberar até, cancellation. */
export function billingRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
