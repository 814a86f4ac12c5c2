import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listResellers } from '../../app/resellers/list-resellers';
import { STAFF } from '../../domain/access/roles';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const ResellerBody = z.object({
  id: z.string().uuid(),
  name: z.string(),
  legal_name: z.string(),
  document: z.string(),
  city: z.string(),
  state: z.string(),
  active: z.boolean(),
  clients_total: z.number().int(),
  clients_active: z.number().int(),
  monthly_fee_total_cents: z
    .number()
    .int()
    .describe('Soma das mensalidades dos clientes em cobrança, em centavos'),
  repasse_total_cents: z.number().int().describe('Soma dos repasses mensais desses clientes, em centavos'),
});

export function resellerRoutes(system: System): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/resellers',
      {
        config: { access: STAFF },
        schema: {
          tags: ['Hiperadores'],
          summary: 'Hiperadores visíveis para a equipe Hiper (gerente de contas: só a sua carteira)',
          response: { 200: z.object({ items: z.array(ResellerBody) }), ...errorResponses(401, 403) },
        },
      },
      async (request) => {
        const items = await listResellers(system.deps, actorOf(request));
        return {
          items: items.map((r) => ({
            id: r.id,
            name: r.name,
            legal_name: r.legalName,
            document: r.document,
            city: r.city,
            state: r.state,
            active: r.active,
            clients_total: r.clientsTotal,
            clients_active: r.clientsActive,
            monthly_fee_total_cents: r.monthlyFeeTotalCents,
            repasse_total_cents: r.repasseTotalCents,
          })),
        };
      },
    );
  };
}
