import { describe, expect, it } from 'vitest';
import { checkPriceBook, checkValidFrom, marginAtMinimum, type PriceBookDraft } from './catalog-rules';
import { demoPriceBook } from './demo-price-book';

function draft(change: (b: PriceBookDraft) => void = () => {}): PriceBookDraft {
  const { id: _id, ...book } = demoPriceBook();
  change(book);
  return book;
}

const app = (b: PriceBookDraft, code: string) => b.apps.find((a) => a.code === code)!;

describe('price book rules', () => {
  it('accepts the demo price book with no errors and no warnings', () => {
    expect(checkPriceBook(draft())).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a Mínimo above the Original, naming the item and both values', () => {
    const { errors } = checkPriceBook(
      draft((b) => {
        app(b, 'boletos').originalCents = 2990;
        app(b, 'boletos').minimumCents = 3000;
      }),
    );
    expect(errors).toEqual([
      {
        code: 'minimum_above_original',
        field: 'apps.1.minimum_cents',
        message: 'Boletos: o valor mínimo (R$ 30,00) não pode ser maior que o original (R$ 29,90).',
      },
    ]);
  });

  it('refuses negative or fractional values', () => {
    const { errors } = checkPriceBook(
      draft((b) => {
        b.plans[0]!.costCents = -1;
        b.addons[0]!.originalCents = 10.5;
        b.plans[1]!.setupFeeCents = -100;
      }),
    );
    expect(errors.map((e) => e.field)).toEqual([
      'plans.0.cost_cents',
      'plans.1.setup_fee_cents',
      'addons.0.original_cents',
    ]);
  });

  it('keeps discounts within 0–90% and the anual one at least the semestral one', () => {
    expect(checkPriceBook(draft((b) => (b.discountBp.anual = 900))).errors).toEqual([
      {
        code: 'invalid_discount',
        field: 'discount_bp.anual',
        message: 'O desconto anual não pode ser menor que o semestral.',
      },
    ]);
    expect(checkPriceBook(draft((b) => (b.discountBp.anual = 9001))).errors[0]!.field).toBe(
      'discount_bp.anual',
    );
    expect(checkPriceBook(draft((b) => (b.discountBp.semestral = -1))).errors[0]!.field).toBe(
      'discount_bp.semestral',
    );
    expect(checkPriceBook(draft((b) => (b.discountBp.anual = 9000))).errors).toEqual([]);
  });

  it('allows 1 to 12 card installments for each periodicity', () => {
    const fields = (n: number) =>
      checkPriceBook(
        draft((b) => (b.maxCardInstallments = { mensal: n, semestral: n, anual: n })),
      ).errors.map((e) => e.field);
    expect(fields(0)).toEqual([
      'max_card_installments.mensal',
      'max_card_installments.semestral',
      'max_card_installments.anual',
    ]);
    expect(fields(13)).toHaveLength(3);
    expect(fields(12)).toEqual([]);
  });

  it('needs exactly one plan per product', () => {
    const missing = checkPriceBook(draft((b) => b.plans.pop())).errors;
    expect(missing).toEqual([
      { code: 'invalid_plans', field: 'plans', message: 'A tabela precisa de um plano para o Hiper Gestão.' },
    ]);
    const twice = checkPriceBook(draft((b) => b.plans.push({ ...b.plans[0]!, code: 'hiper-mini-2' }))).errors;
    expect(twice.map((e) => e.message)).toEqual(['O Hiper Mini deve ter um único plano (há 2).']);
  });

  it('keeps item codes unique per product (the same code for different products is fine)', () => {
    const { errors } = checkPriceBook(
      draft((b) => {
        b.apps.push({ ...app(b, 'nfse'), sortOrder: 99 });
      }),
    );
    expect(errors).toEqual([
      {
        code: 'duplicate_item',
        field: 'apps.14.code',
        message: 'NFS-e: o código "nfse" aparece mais de uma vez para todos os produtos.',
      },
    ]);
    // caixa exists for both products in the demo book
    expect(checkPriceBook(draft()).errors).toEqual([]);
  });

  it('warns (without refusing) when the Mínimo does not cover custo + taxa da central', () => {
    const book = draft((b) => {
      app(b, 'qr_pix').costCents = 1300; // mínimo 1327, taxa 6,5% = 86
    });
    expect(marginAtMinimum(app(book, 'qr_pix'), book.centralFeeBp)).toBe(-59);
    const { errors, warnings } = checkPriceBook(book);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        code: 'negative_repasse',
        field: 'apps.5.minimum_cents',
        message:
          'QR PIX: vendido pelo mínimo (R$ 13,27), o repasse fica negativo (-R$ 0,59): custo R$ 13,00 + taxa da central R$ 0,86.',
      },
    ]);
  });

  it('starts a new version today or later, on a real date', () => {
    expect(checkValidFrom('2026-11-27', '2026-11-27')).toBeNull();
    expect(checkValidFrom('2026-12-01', '2026-11-27')).toBeNull();
    expect(checkValidFrom('2026-11-26', '2026-11-27')?.message).toBe(
      'A vigência deve começar hoje (27/11/2026) ou depois.',
    );
    expect(checkValidFrom('2026-02-30', '2026-01-01')?.message).toBe('Data de vigência inválida.');
    expect(checkValidFrom('amanhã', '2026-01-01')?.field).toBe('valid_from');
  });
});
