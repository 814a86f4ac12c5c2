import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { System } from '../../system';

const HealthBody = z.object({
  status: z.enum(['ok', 'erro']),
  database: z.enum(['ok', 'erro']),
  queue: z.enum(['ok', 'desligada', 'erro']).optional(),
});

export function healthRoutes(system: System, state: { ready: boolean }): FastifyPluginAsyncZod {
  async function databaseOk(): Promise<boolean> {
    try {
      await system.database.executeSql('select 1 as ok');
      return true;
    } catch {
      return false;
    }
  }
  return async (app) => {
    app.get(
      '/healthz',
      {
        config: { access: 'public' },
        schema: {
          tags: ['Operação'],
          security: [],
          summary: 'Vivo: o processo responde e o banco de dados também',
          response: { 200: HealthBody, 503: HealthBody },
        },
      },
      async (_request, reply) => {
        const ok = await databaseOk();
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'erro', database: ok ? 'ok' : 'erro' });
      },
    );
    app.get(
      '/readyz',
      {
        config: { access: 'public' },
        schema: {
          tags: ['Operação'],
          security: [],
          summary: 'Pronto para receber tráfego (migrações aplicadas, fila iniciada, não está desligando)',
          response: { 200: HealthBody, 503: HealthBody },
        },
      },
      async (_request, reply) => {
        const ok = state.ready && (await databaseOk());
        return reply.code(ok ? 200 : 503).send({
          status: ok ? 'ok' : 'erro',
          database: ok ? 'ok' : 'erro',
          queue: system.queue ? (state.ready ? 'ok' : 'erro') : 'desligada',
        });
      },
    );
  };
}
