import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { System } from '../../system';

/** Licence status for the Hiper software (Bearer API key): status, liberado até, signed token; JWKS. */
export function licenceStatusRoutes(_system: System): FastifyPluginAsyncZod {
  return async () => {};
}
