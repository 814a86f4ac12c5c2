import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createPriceBook } from '../../app/catalog/create-price-book';
import { getPriceBook } from '../../app/catalog/get-price-book';
import { listPriceBooks } from '../../app/catalog/list-price-books';
import { STAFF } from '../../domain/access/roles';
import { priceBookToJson } from '../../domain/pricing/catalog-json';
import type { PriceBookDraft } from '../../domain/pricing/catalog-rules';
import type { ProductCode } from '../../domain/pricing/products';
import type { System } from '../../system';
import { actorOf } from '../access';
import { ErrorBody, errorResponses } from '../schemas';
import { PriceBookBody } from './catalog-routes';

const ADMIN_ONLY = ['admin'] as const;

const cents = (what: string) => z.number().int().describe(`${what}, em centavos`);
const NewItem = z.object({
  code: z.string().max(40),
  name: z.string().max(120),
  product_code: z
    .string()
    .max(40)
    .nullable()
    .describe('Produto a que o item se aplica; null = qualquer produto'),
  original_cents: cents('Valor Original mensal'),
  minimum_cents: cents('Valor Mínimo mensal'),
  cost_cents: cents('Custo Hiper mensal'),
  sort_order: z.number().int().optional(),
});
const NewPlan = NewItem.extend({
  product_code: z.string().max(40),
  description: z.string().max(500).optional().describe('Ignorado: a descrição é a do produto'),
  setup_fee_cents: cents('Implantação'),
  included: z.object({ users: z.number().int(), registers: z.number().int(), stores: z.number().int() }),
});

const NewPriceBookBody = z.object({
  name: z.string().max(120),
  valid_from: z.string().max(10).describe('Início da vigência (AAAA-MM-DD): hoje ou depois'),
  central_fee_bp: z.number().int().describe('Taxa da central em pontos-base (650 = 6,5%)'),
  discount_bp: z
    .object({ semestral: z.number().int(), anual: z.number().int() })
    .describe('Desconto por periodicidade, em pontos-base (0 a 9000; anual ≥ semestral)'),
  max_card_installments: z
    .object({ mensal: z.number().int(), semestral: z.number().int(), anual: z.number().int() })
    .describe('Máximo de parcelas no cartão por periodicidade (1 a 12)'),
  plans: z.array(NewPlan).min(1).max(10),
  addons: z.array(NewItem).max(100),
  apps: z.array(NewItem).max(200),
});
type NewPriceBook = z.infer<typeof NewPriceBookBody>;

const Warning = z.object({ code: z.string(), message: z.string(), field: z.string() });

const CreatedPriceBookBody = PriceBookBody.extend({
  warnings: z.array(Warning).describe('Avisos que não impedem a gravação (ex.: repasse negativo no mínimo)'),
});

const RuleErrorBody = ErrorBody.extend({
  errors: z
    .array(z.object({ code: z.string(), field: z.string(), message: z.string() }))
    .optional()
    .describe('Todos os problemas encontrados, com o campo de cada um'),
});

const PriceBookVersionBody = z.object({
  id: z.string().uuid(),
  name: z.string(),
  valid_from: z.string().describe('Início da vigência (AAAA-MM-DD)'),
  created_at: z.string(),
  created_by_name: z.string().nullable(),
  in_force: z.boolean().describe('É a tabela usada hoje pela calculadora'),
  status: z.enum(['em_vigor', 'agendada', 'encerrada']),
  items_count: z.number().int(),
});

export function draftFromBody(body: NewPriceBook): PriceBookDraft {
  const item = (i: z.infer<typeof NewItem>, index: number) => ({
    code: i.code.trim(),
    name: i.name.trim(),
    productCode: i.product_code as ProductCode | null,
    originalCents: i.original_cents,
    minimumCents: i.minimum_cents,
    costCents: i.cost_cents,
    sortOrder: i.sort_order ?? index,
  });
  return {
    name: body.name,
    validFrom: body.valid_from,
    centralFeeBp: body.central_fee_bp,
    discountBp: { mensal: 0, semestral: body.discount_bp.semestral, anual: body.discount_bp.anual },
    maxCardInstallments: { ...body.max_card_installments },
    plans: body.plans.map((p, index) => ({
      ...item(p, index),
      productCode: p.product_code as ProductCode,
      description: p.description ?? '',
      setupFeeCents: p.setup_fee_cents,
      included: { ...p.included },
    })),
    addons: body.addons.map(item),
    apps: body.apps.map(item),
  };
}

export function priceBookRoutes(system: System): FastifyPluginAsyncZod {
  const deps = { catalog: system.deps.catalog, audit: system.deps.audit, clock: system.clock };
  return async (app) => {
    app.get(
      '/api/v1/price-books',
      {
        config: { access: STAFF },
        schema: {
          tags: ['Catálogo'],
          summary: 'Versões da tabela de preços (em vigor, agendadas e encerradas)',
          response: { 200: z.object({ items: z.array(PriceBookVersionBody) }), ...errorResponses(401, 403) },
        },
      },
      async () => ({
        items: (await listPriceBooks(deps)).map((b) => ({
          id: b.id,
          name: b.name,
          valid_from: b.validFrom,
          created_at: b.createdAt.toISOString(),
          created_by_name: b.createdByName,
          in_force: b.status === 'em_vigor',
          status: b.status,
          items_count: b.itemsCount,
        })),
      }),
    );

    app.get(
      '/api/v1/price-books/:id',
      {
        config: { access: STAFF },
        schema: {
          tags: ['Catálogo'],
          summary: 'Uma versão da tabela de preços, completa',
          params: z.object({ id: z.string().max(60) }),
          response: { 200: PriceBookBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => priceBookToJson(await getPriceBook(deps, request.params.id)),
    );

    app.post(
      '/api/v1/price-books',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['Catálogo'],
          summary: 'Cria uma nova versão da tabela de preços (administrador)',
          description:
            'Uma tabela gravada nunca muda: a nova versão vale a partir de `valid_from` (hoje ou depois) e as propostas já feitas continuam com a sua. Regras violadas → 422 `business_rule` com `field` e a lista `errors`; mínimo abaixo de custo + taxa da central é só aviso (`warnings`).',
          body: NewPriceBookBody,
          response: { 201: CreatedPriceBookBody, ...errorResponses(400, 401, 403), 422: RuleErrorBody },
        },
      },
      async (request, reply) => {
        const { book, warnings } = await createPriceBook(
          deps,
          draftFromBody(request.body),
          actorOf(request),
          request.ip,
        );
        return reply.code(201).send({ ...priceBookToJson(book), warnings });
      },
    );
  };
}
