import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  listProductSetupShares,
  type ProductSetupShare,
  setProductSetupShare,
  shareLabel,
} from '../../app/catalog/product-setup-share';
import { STAFF } from '../../domain/access/roles';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const ADMIN_ONLY = ['admin'] as const;

const ProductBody = z.object({
  code: z.string(),
  name: z.string(),
  setup_fee_reseller_bp: z
    .number()
    .int()
    .describe('Participação do Hiperador na implantação, em pontos-base (10000 = 100%)'),
  setup_fee_reseller_label: z.string().describe('A mesma participação por extenso, ex.: "100%", "70,5%"'),
});

const toJson = (p: ProductSetupShare) => ({
  code: p.code,
  name: p.name,
  setup_fee_reseller_bp: p.setupFeeResellerBp,
  setup_fee_reseller_label: shareLabel(p.setupFeeResellerBp),
});

export function productRoutes(system: System): FastifyPluginAsyncZod {
  const deps = { productShares: system.deps.catalog, audit: system.deps.audit };
  return async (app) => {
    app.get(
      '/api/v1/products',
      {
        config: { access: STAFF },
        schema: {
          tags: ['Catálogo'],
          summary: 'Produtos e a participação do Hiperador na implantação de cada um',
          response: { 200: z.object({ items: z.array(ProductBody) }), ...errorResponses(401, 403) },
        },
      },
      async (request) => ({
        items: (await listProductSetupShares(deps, actorOf(request))).map(toJson),
      }),
    );

    app.put(
      '/api/v1/products/:code/setup-fee-share',
      {
        config: { access: ADMIN_ONLY },
        schema: {
          tags: ['Catálogo'],
          summary: 'Altera a participação do Hiperador na implantação do produto (administrador)',
          description:
            'Vale para as implantações pagas a partir da alteração: as linhas já lançadas no repasse não mudam. `reseller_bp` em pontos-base, inteiro de 0 a 10000 (7000 = 70%; o restante fica com a Hiper). Valor fora da faixa → 400 `validation_failed` com `field`. A alteração fica no registro de auditoria, com o valor anterior e o novo.',
          params: z.object({ code: z.string().max(40) }),
          body: z.object({
            reseller_bp: z
              .number()
              .describe('Participação do Hiperador, em pontos-base: inteiro de 0 (nada) a 10000 (tudo)'),
          }),
          response: {
            200: ProductBody.extend({
              previous_setup_fee_reseller_bp: z.number().int().describe('O valor antes da alteração'),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const result = await setProductSetupShare(
          deps,
          { productCode: request.params.code, resellerBp: request.body.reseller_bp },
          actorOf(request),
          request.ip,
        );
        return { ...toJson(result), previous_setup_fee_reseller_bp: result.previousBp };
      },
    );
  };
}
