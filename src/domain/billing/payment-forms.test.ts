import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_METHODS, type PaymentMethod } from '../pricing/catalog';
import { cardParcelas, chargeFormFor, installmentCharge, paymentForms } from './payment-forms';

describe('paymentForms (SPEC §5 table)', () => {
  it('before the slash pays the activation charge, after it the recurring installments', () => {
    expect(Object.fromEntries(PAYMENT_METHODS.map((m) => [m, paymentForms(m)]))).toEqual({
      boleto: { activation: 'boleto', recurring: 'boleto' },
      cartao: { activation: 'cartao', recurring: 'cartao' },
      ted_boleto: { activation: 'ted', recurring: 'boleto' },
      ted_cartao: { activation: 'ted', recurring: 'cartao' },
      ted: { activation: 'ted', recurring: 'ted' },
    });
    expect(chargeFormFor('ted_boleto', 1)).toBe('ted');
    expect(chargeFormFor('ted_boleto', 2)).toBe('boleto');
    expect(() => paymentForms('pix' as PaymentMethod)).toThrow(/Forma de pagamento inválida: "pix"/);
  });
});

describe('installmentCharge', () => {
  it('adds the implantação to installment 1 only', () => {
    expect(
      installmentCharge({
        periodTotalCents: 1_078_20,
        setupFeeCents: 500_00,
        number: 1,
        cardInstallments: null,
      }),
    ).toEqual({ amountCents: 1_578_20, setupFeeCents: 500_00, cardInstallments: 1, form: null });
    expect(
      installmentCharge({
        periodTotalCents: 1_078_20,
        setupFeeCents: 500_00,
        number: 2,
        cardInstallments: null,
      }),
    ).toEqual({ amountCents: 1_078_20, setupFeeCents: 0, cardInstallments: 1, form: null });
  });

  it('passes the card parcelas only to charges paid by card', () => {
    const base = { periodTotalCents: 6_000_00, setupFeeCents: 300_00, cardInstallments: 6 };
    expect(installmentCharge({ ...base, number: 1, method: 'cartao' })).toMatchObject({
      amountCents: 6_300_00,
      cardInstallments: 6,
      form: 'cartao',
    });
    // TED / Cartão: the activation is one TED, the recurring ones go to the card in 6 parcelas.
    expect(installmentCharge({ ...base, number: 1, method: 'ted_cartao' })).toMatchObject({
      cardInstallments: 1,
      form: 'ted',
    });
    expect(installmentCharge({ ...base, number: 2, method: 'ted_cartao' })).toMatchObject({
      amountCents: 6_000_00,
      cardInstallments: 6,
      form: 'cartao',
    });
    expect(installmentCharge({ ...base, number: 2, method: 'boleto' })).toMatchObject({
      cardInstallments: 1,
      form: 'boleto',
    });
    expect(
      installmentCharge({ ...base, cardInstallments: null, number: 2, method: 'cartao' }).cardInstallments,
    ).toBe(1);
  });

  it('refuses amounts that are not centavos and impossible parcelas', () => {
    expect(() =>
      installmentCharge({ periodTotalCents: 10.5, setupFeeCents: 0, number: 1, cardInstallments: null }),
    ).toThrow(/Valor do período inválido/);
    expect(() =>
      installmentCharge({ periodTotalCents: 1000, setupFeeCents: 0, number: 0, cardInstallments: null }),
    ).toThrow(/Número da parcela inválido/);
    expect(() =>
      installmentCharge({
        periodTotalCents: 1000,
        setupFeeCents: 0,
        number: 2,
        cardInstallments: 13,
        method: 'cartao',
      }),
    ).toThrow(/Número de parcelas inválido: 13/);
  });
});

describe('cardParcelas', () => {
  it('splits the period total, the first parcelas taking the extra centavos', () => {
    expect(cardParcelas(1_000_00, 3)).toEqual([33_334, 33_333, 33_333]);
    expect(cardParcelas(12_941_64, 12)).toEqual(Array(12).fill(1_078_47));
    expect(cardParcelas(500, 1)).toEqual([500]);
    expect(() => cardParcelas(500, 0)).toThrow(/Número de parcelas inválido/);
  });

  it('sums back exactly and differs by at most one centavo (property, 1,000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: 12 }), (total, n) => {
        const parts = cardParcelas(total, n);
        expect(parts).toHaveLength(n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        expect(parts.every(Number.isInteger)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
