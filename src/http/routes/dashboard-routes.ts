import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Painel: the Hiperador's, the gerente de contas' and the back office's dashboards (issue 7). */
export function dashboardRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
