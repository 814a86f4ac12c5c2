import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { priceConfiguration } from '../../app/quotes/price-quote';
import {
  configurationFromInput,
  inputFromConfiguration,
  type PricedQuoteJson,
  pricedQuoteToJson,
  type QuoteInput,
} from '../../app/quotes/quote-json';
import { ANY_ROLE } from '../../domain/access/roles';
import { PAYMENT_METHODS, PERIODICITIES } from '../../domain/pricing/catalog';
import type { System } from '../../system';
import { errorResponses } from '../schemas';

/** The calculator's input, as the API takes it (also stored with a proposal). */
export const QuoteInputBody = z.object({
  product: z.string().min(1).max(40).describe('hiper-mini | hiper-gestao'),
  addons: z
    .record(z.string().max(40), z.number().int())
    .default({})
    .describe('Quantidades adicionais por código: { "caixa": 2 }'),
  apps: z.array(z.string().max(40)).max(50).default([]).describe('Códigos dos aplicativos'),
  periodicity: z.enum(PERIODICITIES),
  setup_fee: z.boolean().default(false).describe('Com valor de implantação'),
  negotiated_monthly_cents: z.number().int().nullish().describe('Valor mensal negociado, em centavos'),
  payment_method: z.enum(PAYMENT_METHODS),
  card_installments: z.number().int().nullish().describe('Parcelas no cartão (Cartão de Crédito)'),
});
export type { QuoteInput };
export { configurationFromInput, inputFromConfiguration, pricedQuoteToJson };

const Line = z.object({
  kind: z.enum(['plan', 'addon', 'app']),
  code: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unit_original_cents: z.number().int(),
  original_cents: z.number().int(),
  minimum_cents: z.number().int(),
  cost_cents: z.number().int(),
  negotiated_cents: z.number().int(),
});

export const PricedQuoteBody = z.object({
  price_book: z.object({ id: z.string(), name: z.string(), valid_from: z.string() }),
  product: z.string(),
  product_name: z.string(),
  periodicity: z.enum(PERIODICITIES),
  months: z.number().int(),
  lines: z.array(Line),
  quantities: z.object({ users: z.number().int(), registers: z.number().int(), stores: z.number().int() }),
  monthly_list_cents: z.number().int(),
  monthly_original_cents: z.number().int(),
  monthly_minimum_cents: z.number().int(),
  monthly_negotiated_cents: z.number().int(),
  period_total_cents: z.number().int(),
  setup_fee_cents: z.number().int(),
  first_charge_cents: z.number().int(),
  options: z.array(
    z.object({
      periodicity: z.enum(PERIODICITIES),
      months: z.number().int(),
      discount_bp: z.number().int(),
      monthly_original_cents: z.number().int(),
      monthly_minimum_cents: z.number().int(),
      period_total_cents: z.number().int(),
      discount_cents: z.number().int(),
    }),
  ),
  payment: z.object({
    method: z.enum(PAYMENT_METHODS),
    card_installments: z.number().int().nullable(),
    installment_amounts: z.array(z.number().int()),
  }),
  repasse: z.object({
    monthly_cents: z.number().int(),
    cost_cents: z.number().int(),
    central_fee_cents: z.number().int(),
  }),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

// Compile-time check: the documented response and the shared mapper describe the same JSON.
const _sameShape: (j: PricedQuoteJson) => z.infer<typeof PricedQuoteBody> = (j) => j;
void _sameShape;

export function quoteRoutes(system: System): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/quotes/price',
      {
        config: { access: ANY_ROLE },
        // The calculator's hot path: the body is built by pricedQuoteToJson from the typed quote, so the
        // response schema serves the OpenAPI document only and is not re-validated on every answer.
        serializerCompiler: () => (data) => JSON.stringify(data),
        schema: {
          tags: ['Calculadora'],
          summary: 'Calcula uma proposta na tabela de preços em vigor (sem gravar nada)',
          description:
            'Mesma regra da calculadora do portal. Abaixo do mínimo → 422 `below_minimum` com `minimum_monthly_cents`; códigos desconhecidos → 400; item não permitido para o produto ou parcelas além do limite → 422, sempre com `field`.',
          body: QuoteInputBody,
          response: { 200: PricedQuoteBody, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (request) => {
        const { book, quote } = await priceConfiguration(
          { catalog: system.deps.catalog, clock: system.clock },
          configurationFromInput(request.body),
        );
        return pricedQuoteToJson(book, quote);
      },
    );
  };
}
