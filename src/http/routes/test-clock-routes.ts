import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdjustableClock } from '../../adapters/clock/adjustable-clock';
import { businessDateAt } from '../../domain/calendar/dates';

/**
 * TEST ONLY: moves the server's clock (registered only with TEST_CLOCK=1, which the configuration refuses
 * in production; the browser journey e2e/journey.spec.ts uses it). Hidden from the OpenAPI document.
 */
const ClockBody = z.object({
  now: z.string().describe('Instante ISO 8601 (UTC)'),
  business_date: z.string().describe('Data de negócio (America/Sao_Paulo), AAAA-MM-DD'),
  adjusted: z.boolean(),
});

export function testClockRoutes(clock: AdjustableClock): FastifyPluginAsyncZod {
  const body = () => {
    const now = clock.now();
    return { now: now.toISOString(), business_date: businessDateAt(now), adjusted: clock.adjusted };
  };
  return async (app) => {
    app.get(
      '/api/v1/test/clock',
      { config: { access: 'public' }, schema: { hide: true, response: { 200: ClockBody } } },
      async () => body(),
    );
    app.post(
      '/api/v1/test/clock',
      {
        config: { access: 'public' },
        schema: {
          hide: true,
          body: z.object({ now: z.iso.datetime({ offset: true }).nullable() }),
          response: { 200: ClockBody },
        },
      },
      async (request) => {
        if (request.body.now === null) clock.reset();
        else clock.setTo(new Date(request.body.now));
        return body();
      },
    );
  };
}
