import { describe, expect, it } from 'vitest';
import { demoPriceBook } from './demo-price-book';
import { priceQuote, type QuoteConfiguration, switchProduct } from './price-quote';

const book = demoPriceBook();

const gestao = (overrides: Partial<QuoteConfiguration> = {}): QuoteConfiguration => ({
  product: 'hiper-gestao',
  addons: { caixa: 2 },
  apps: ['boletos', 'hiper_vendas'],
  periodicity: 'mensal',
  setupFee: false,
  paymentMethod: 'boleto',
  ...overrides,
});

describe('priceQuote', () => {
  it('prices Hiper Gestão with 2 caixas adicionais and 2 apps, monthly', () => {
    const q = priceQuote(book, gestao());
    expect(q.violations).toEqual([]);
    expect(q.lines.map((l) => [l.name, l.quantity, l.originalCents, l.minimumCents])).toEqual([
      ['Hiper Gestão', 1, 17990, 11990],
      ['Caixa adicional', 2, 7980, 5580],
      ['Boletos', 1, 3990, 2660],
      ['Hiper Vendas', 1, 4990, 3327],
    ]);
    expect(q.monthlyOriginalCents).toBe(34950);
    expect(q.monthlyMinimumCents).toBe(23557);
    expect(q.monthlyNegotiatedCents).toBe(34950);
    expect(q.periodTotalCents).toBe(34950);
    expect(q.quantities).toEqual({ users: 2, registers: 3, stores: 1 });
  });

  it('shows Planos e valores: Mensal, Semestral (−10%) and Anual (−20%) with the saving', () => {
    const q = priceQuote(book, gestao());
    expect(
      q.options.map((o) => [o.periodicity, o.monthlyOriginalCents, o.periodTotalCents, o.discountCents]),
    ).toEqual([
      ['mensal', 34950, 34950, 0],
      ['semestral', 31455, 188730, 20970],
      ['anual', 27960, 335520, 83880],
    ]);
  });

  it('applies the periodicity discount to Original and Mínimo of each line (half-up to the centavo)', () => {
    const q = priceQuote(book, gestao({ periodicity: 'anual' }));
    expect(q.lines.map((l) => [l.originalCents, l.minimumCents])).toEqual([
      [14392, 9592],
      [6384, 4464],
      [3192, 2128],
      [3992, 2662], // 3327 − 665,4 → 2662
    ]);
    expect(q.monthlyMinimumCents).toBe(18846);
    expect(q.periodTotalCents).toBe(27960 * 12);
  });

  it('refuses a negotiated value below the floor, naming the minimum', () => {
    const q = priceQuote(book, gestao({ negotiatedMonthlyCents: 23556 }));
    expect(q.violations).toEqual([
      {
        code: 'below_minimum',
        message: 'O valor negociado está abaixo do mínimo permitido: R$ 235,57',
        field: 'negotiated_monthly_cents',
        minimumMonthlyCents: 23557,
      },
    ]);
    expect(priceQuote(book, gestao({ negotiatedMonthlyCents: 23557 })).violations).toEqual([]);
  });

  it('spreads a negotiated discount over the lines by their room above the floor, summing back exactly', () => {
    const q = priceQuote(book, gestao({ negotiatedMonthlyCents: 30000 }));
    const sum = q.lines.reduce((a, l) => a + l.negotiatedCents, 0);
    expect(sum).toBe(30000);
    for (const l of q.lines) {
      expect(l.negotiatedCents).toBeGreaterThanOrEqual(l.minimumCents);
      expect(l.negotiatedCents).toBeLessThanOrEqual(l.originalCents);
    }
    // Hiper Gestão has 6.000 of room out of 11.393 in all: it takes 4.950 × 6.000 / 11.393 ≈ 2.606,86 of the cut
    expect(q.lines[0]!.negotiatedCents).toBe(17990 - 2607);
  });

  it('allows a value above the Original, with a warning', () => {
    const q = priceQuote(book, gestao({ negotiatedMonthlyCents: 40000 }));
    expect(q.violations).toEqual([]);
    expect(q.warnings.map((w) => w.code)).toEqual(['above_original']);
    expect(q.lines.reduce((a, l) => a + l.negotiatedCents, 0)).toBe(40000);
  });

  it('estimates the repasse: negotiated − custo Hiper − taxa da central (6,5%)', () => {
    const q = priceQuote(book, gestao({ negotiatedMonthlyCents: 30000 }));
    // custo: 5700 + 2×1340 + 1330 + 1663 = 11373; taxa: 6,5% of 30000 = 1950
    expect(q.repasse).toEqual({
      costCents: 11373,
      centralFeeCents: 1950,
      monthlyCents: 30000 - 11373 - 1950,
    });
  });

  it('adds the implantação to the first charge only when the contract has it', () => {
    expect(priceQuote(book, gestao({ setupFee: true })).setupFeeCents).toBe(60000);
    expect(priceQuote(book, gestao({ setupFee: true })).firstChargeCents).toBe(60000 + 34950);
    expect(priceQuote(book, gestao()).setupFeeCents).toBe(0);
  });

  it('splits an annual card payment in up to 12 parcelas that sum to the period total', () => {
    const q = priceQuote(
      book,
      gestao({ periodicity: 'anual', paymentMethod: 'cartao', cardInstallments: 12 }),
    );
    expect(q.violations).toEqual([]);
    expect(q.payment.installmentAmounts).toHaveLength(12);
    expect(q.payment.installmentAmounts.reduce((a, b) => a + b, 0)).toBe(q.periodTotalCents);
    const tooMany = priceQuote(
      book,
      gestao({ periodicity: 'semestral', paymentMethod: 'cartao', cardInstallments: 7 }),
    );
    expect(tooMany.violations).toEqual([
      {
        code: 'installments_exceed_limit',
        message: 'No plano Semestral o cartão pode ser parcelado em até 6x.',
        field: 'card_installments',
      },
    ]);
    const boleto = priceQuote(book, gestao({ cardInstallments: 3 }));
    expect(boleto.violations.map((v) => v.code)).toEqual(['installments_not_allowed']);
  });

  it('names the field of an unknown or not allowed item', () => {
    const q = priceQuote(book, {
      product: 'hiper-mini',
      addons: { filial: 1, caixa: -1, turbo: 1 },
      apps: ['mdfe', 'nao_existe'],
      periodicity: 'mensal',
      setupFee: false,
      paymentMethod: 'boleto',
    });
    expect(q.violations.map((v) => [v.code, v.field])).toEqual([
      ['addon_not_allowed', 'addons.filial'],
      ['invalid_quantity', 'addons.caixa'],
      ['unknown_addon', 'addons.turbo'],
      ['app_not_allowed', 'apps'],
      ['unknown_app', 'apps'],
    ]);
    expect(q.violations[0]!.message).toBe('Filial adicional não está disponível no Hiper Mini.');
    expect(priceQuote(book, { ...gestao(), product: 'hiper-max' }).violations[0]!.code).toBe(
      'unknown_product',
    );
  });
});

describe('switchProduct (upgrade / downgrade)', () => {
  it('keeps compatible choices and lists the ones dropped', () => {
    const { configuration, dropped } = switchProduct(
      book,
      gestao({ addons: { caixa: 2, filial: 1 }, apps: ['mdfe', 'boletos'], negotiatedMonthlyCents: 40000 }),
      'hiper-mini',
    );
    expect(configuration).toMatchObject({ product: 'hiper-mini', addons: { caixa: 2 }, apps: ['boletos'] });
    expect(configuration.negotiatedMonthlyCents).toBeNull();
    expect(dropped).toEqual([
      { kind: 'addon', code: 'filial', name: 'Filial adicional' },
      { kind: 'app', code: 'mdfe', name: 'MDF-e' },
    ]);
    expect(priceQuote(book, configuration).violations).toEqual([]);
  });
});
