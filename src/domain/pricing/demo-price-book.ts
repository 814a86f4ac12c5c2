import type { AppItem, PriceBookSnapshot } from './catalog';
import type { ProductCode } from './products';

/**
 * The demo price book of SPEC §3 (R$/month in centavos; plausible, not Hiper's real table).
 * Seeds the demo database and serves as the fixture of the pricing tests.
 */

const app = (
  sortOrder: number,
  code: string,
  name: string,
  original: number,
  productCode: ProductCode | null = null,
) =>
  ({
    code,
    name,
    productCode,
    originalCents: original,
    // floor ≈ ⅔ of the list price and custo ≈ ⅓, rounded to the centavo
    minimumCents: Math.round((original * 2) / 3),
    costCents: Math.round(original / 3),
    sortOrder,
  }) satisfies AppItem;

export function demoPriceBook(id = 'demo', validFrom = '2026-01-01'): PriceBookSnapshot {
  return {
    id,
    name: 'Tabela de preços demonstração',
    validFrom,
    centralFeeBp: 650,
    discountBp: { mensal: 0, semestral: 1000, anual: 2000 },
    maxCardInstallments: { mensal: 1, semestral: 6, anual: 12 },
    plans: [
      {
        code: 'hiper-mini',
        name: 'Hiper Mini',
        productCode: 'hiper-mini',
        description: 'Frente de caixa simples para o pequeno varejo.',
        originalCents: 8990,
        minimumCents: 5990,
        costCents: 2800,
        setupFeeCents: 30000,
        included: { users: 1, registers: 1, stores: 1 },
        sortOrder: 1,
      },
      {
        code: 'hiper-gestao',
        name: 'Hiper Gestão',
        productCode: 'hiper-gestao',
        description: 'Gestão completa: estoque, financeiro, fiscal e várias lojas.',
        originalCents: 17990,
        minimumCents: 11990,
        costCents: 5700,
        setupFeeCents: 60000,
        included: { users: 2, registers: 1, stores: 1 },
        sortOrder: 2,
      },
    ],
    addons: [
      {
        code: 'caixa',
        name: 'Caixa adicional',
        productCode: 'hiper-mini',
        originalCents: 2990,
        minimumCents: 1990,
        costCents: 1000,
        sortOrder: 10,
      },
      {
        code: 'caixa',
        name: 'Caixa adicional',
        productCode: 'hiper-gestao',
        originalCents: 3990,
        minimumCents: 2790,
        costCents: 1340,
        sortOrder: 10,
      },
      {
        code: 'filial',
        name: 'Filial adicional',
        productCode: 'hiper-gestao',
        originalCents: 8990,
        minimumCents: 5990,
        costCents: 3015,
        sortOrder: 11,
      },
      {
        code: 'usuario',
        name: 'Usuário adicional',
        productCode: null,
        originalCents: 1990,
        minimumCents: 1290,
        costCents: 600,
        sortOrder: 12,
      },
    ],
    apps: [
      app(20, 'arquivos_fiscais', 'Arquivos fiscais', 2990),
      app(21, 'boletos', 'Boletos', 3990),
      app(22, 'hiper_vendas', 'Hiper Vendas', 4990),
      app(23, 'mdfe', 'MDF-e', 3990, 'hiper-gestao'),
      app(24, 'nfse', 'NFS-e', 2990),
      app(25, 'qr_pix', 'QR PIX', 1990),
      app(26, 'hiper_tef', 'Hiper TEF', 5990),
      app(27, 'varejo_digital', 'Pacote do varejo digital', 9990),
      app(28, 'imagens_produtos', 'Imagens de produtos', 1990, 'hiper-mini'),
      app(29, 'loja_servidor', 'Hiper Loja servidor adicional', 6990, 'hiper-gestao'),
      app(30, 'gestao_precos', 'Gestão de preços', 0),
      app(31, 'comissao_vendas', 'Comissão de vendas', 0),
      app(32, 'pos_connect', 'POS Connect', 0),
      app(33, 'hiper_connection', 'Hiper Connection', 0),
    ],
  };
}
