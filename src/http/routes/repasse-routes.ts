import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Extratos de repasse (SPEC §7): statements, lines, close, payout, nota fiscal, CSV/PDF; refunds live in charge-routes. */
export function repasseRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
