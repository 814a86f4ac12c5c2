import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Pix: PSP webhook (POST /api/v1/webhooks/pix) and the sandbox's simular pagamento. */
export function pixRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
