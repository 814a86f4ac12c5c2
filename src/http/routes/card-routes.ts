import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Cartão: registration link (e-mail), the public registration page's API, card charges. */
export function cardRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
