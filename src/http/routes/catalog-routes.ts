import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentPriceBook } from '../../app/catalog/current-price-book';
import { ANY_ROLE } from '../../domain/access/roles';
import { priceBookToJson } from '../../domain/pricing/catalog-json';
import type { System } from '../../system';
import { errorResponses } from '../schemas';

const Periods = z.object({ mensal: z.number().int(), semestral: z.number().int(), anual: z.number().int() });
const Item = z.object({
  code: z.string(),
  name: z.string(),
  product_code: z.string().nullable().describe('Produto a que o item se aplica; null = qualquer produto'),
  original_cents: z.number().int().describe('Valor Original mensal, em centavos'),
  minimum_cents: z.number().int().describe('Valor Mínimo mensal, em centavos'),
  cost_cents: z.number().int().describe('Custo Hiper mensal, em centavos'),
  sort_order: z.number().int(),
});

export const PriceBookBody = z.object({
  id: z.string(),
  name: z.string(),
  valid_from: z.string().describe('Início da vigência (AAAA-MM-DD)'),
  central_fee_bp: z.number().int().describe('Taxa da central em pontos-base (650 = 6,5%)'),
  discount_bp: Periods.describe('Desconto por periodicidade, em pontos-base'),
  max_card_installments: Periods.describe('Máximo de parcelas no cartão por periodicidade'),
  plans: z.array(
    Item.extend({
      product_code: z.string(),
      description: z.string(),
      setup_fee_cents: z.number().int().describe('Implantação, em centavos'),
      included: z.object({ users: z.number().int(), registers: z.number().int(), stores: z.number().int() }),
    }),
  ),
  addons: z.array(Item),
  apps: z.array(Item),
});

export function catalogRoutes(system: System): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/catalog',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Catálogo'],
          summary:
            'Tabela de preços em vigor hoje (planos, adicionais, aplicativos, descontos, taxa da central)',
          response: { 200: PriceBookBody, ...errorResponses(401, 422) },
        },
      },
      async () =>
        priceBookToJson(await currentPriceBook({ catalog: system.deps.catalog, clock: system.clock })),
    );
  };
}
