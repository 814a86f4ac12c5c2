import type { ProductCode } from './products';

/** Billing periods: Mensal (1 month), Semestral (6), Anual (12). */
export const PERIODICITIES = ['mensal', 'semestral', 'anual'] as const;
export type Periodicity = (typeof PERIODICITIES)[number];

export const PERIODICITY_MONTHS: Record<Periodicity, number> = { mensal: 1, semestral: 6, anual: 12 };
export const PERIODICITY_LABELS: Record<Periodicity, string> = {
  mensal: 'Mensal',
  semestral: 'Semestral',
  anual: 'Anual',
};

/** Formas de pagamento (SPEC §5): before the slash pays the activation charge, after it the installments. */
export const PAYMENT_METHODS = ['boleto', 'cartao', 'ted_boleto', 'ted_cartao', 'ted'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  boleto: 'Boleto bancário',
  cartao: 'Cartão de Crédito',
  ted_boleto: 'TED / Boleto',
  ted_cartao: 'TED / Cartão de Crédito',
  ted: 'TED',
};

/** Whether the period's total may be split in card installments (parcelas). */
export function usesCard(method: PaymentMethod): boolean {
  return method === 'cartao' || method === 'ted_cartao';
}

/** A priced catalog entry. Monthly values in centavos; Mínimo ≤ Original; custo is what Hiper keeps. */
export interface PricedItem {
  code: string;
  name: string;
  originalCents: number;
  minimumCents: number;
  costCents: number;
  sortOrder: number;
}

export interface PlanItem extends PricedItem {
  productCode: ProductCode;
  description: string;
  /** Implantação (setup fee), charged once with the first installment when the contract has it. */
  setupFeeCents: number;
  included: { users: number; registers: number; stores: number };
}

export type AddonCode = 'caixa' | 'filial' | 'usuario';

export interface AddonItem extends PricedItem {
  code: AddonCode | string;
  /** The product it applies to; null = any product. */
  productCode: ProductCode | null;
}

export interface AppItem extends PricedItem {
  /** The only product that may have it; null = any product. */
  productCode: ProductCode | null;
}

/** Everything the pricing needs from one price book (a dated, immutable version of the prices). */
export interface PriceBookSnapshot {
  id: string;
  name: string;
  validFrom: string;
  /** Taxa da central, basis points of what is received (650 = 6,5%). */
  centralFeeBp: number;
  discountBp: Record<Periodicity, number>;
  maxCardInstallments: Record<Periodicity, number>;
  plans: PlanItem[];
  addons: AddonItem[];
  apps: AppItem[];
}

/** The add-on that applies to a product: the product-specific one wins over a generic one. */
export function addonFor(book: PriceBookSnapshot, product: ProductCode, code: string): AddonItem | null {
  return (
    book.addons.find((a) => a.code === code && a.productCode === product) ??
    book.addons.find((a) => a.code === code && a.productCode === null) ??
    null
  );
}

export function addonsFor(book: PriceBookSnapshot, product: ProductCode): AddonItem[] {
  const codes = [...new Set(book.addons.map((a) => a.code))];
  return codes
    .map((code) => addonFor(book, product, code))
    .filter((a): a is AddonItem => a !== null)
    .sort((a, b) => a.sortOrder - b.sortOrder);
}

export function appsFor(book: PriceBookSnapshot, product: ProductCode): AppItem[] {
  return book.apps.filter((a) => a.productCode === null || a.productCode === product);
}
