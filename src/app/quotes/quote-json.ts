import type { PaymentMethod, Periodicity, PriceBookSnapshot } from '../../domain/pricing/catalog';
import type { PricedQuote, QuoteConfiguration } from '../../domain/pricing/price-quote';

/**
 * The calculator's input and result as the API speaks them (snake_case JSON). Shared by the quote
 * route and the proposals, which store both exactly as the calculator sends and receives them.
 */
export interface QuoteInput {
  product: string;
  addons: Record<string, number>;
  apps: string[];
  periodicity: Periodicity;
  setup_fee: boolean;
  negotiated_monthly_cents?: number | null | undefined;
  payment_method: PaymentMethod;
  card_installments?: number | null | undefined;
}

export interface PricedQuoteLineJson {
  kind: 'plan' | 'addon' | 'app';
  code: string;
  name: string;
  quantity: number;
  unit_original_cents: number;
  original_cents: number;
  minimum_cents: number;
  cost_cents: number;
  negotiated_cents: number;
}

export interface PricedQuoteJson {
  price_book: { id: string; name: string; valid_from: string };
  product: string;
  product_name: string;
  periodicity: Periodicity;
  months: number;
  lines: PricedQuoteLineJson[];
  quantities: { users: number; registers: number; stores: number };
  monthly_list_cents: number;
  monthly_original_cents: number;
  monthly_minimum_cents: number;
  monthly_negotiated_cents: number;
  period_total_cents: number;
  setup_fee_cents: number;
  first_charge_cents: number;
  options: {
    periodicity: Periodicity;
    months: number;
    discount_bp: number;
    monthly_original_cents: number;
    monthly_minimum_cents: number;
    period_total_cents: number;
    discount_cents: number;
  }[];
  payment: { method: PaymentMethod; card_installments: number | null; installment_amounts: number[] };
  repasse: { monthly_cents: number; cost_cents: number; central_fee_cents: number };
  warnings: { code: string; message: string }[];
}

export function configurationFromInput(input: QuoteInput): QuoteConfiguration {
  return {
    product: input.product,
    addons: input.addons,
    apps: input.apps,
    periodicity: input.periodicity,
    setupFee: input.setup_fee,
    negotiatedMonthlyCents: input.negotiated_monthly_cents ?? null,
    paymentMethod: input.payment_method,
    cardInstallments: input.card_installments ?? null,
  };
}

export function inputFromConfiguration(c: QuoteConfiguration): QuoteInput {
  return {
    product: c.product,
    addons: { ...c.addons },
    apps: [...c.apps],
    periodicity: c.periodicity,
    setup_fee: c.setupFee,
    negotiated_monthly_cents: c.negotiatedMonthlyCents ?? null,
    payment_method: c.paymentMethod,
    card_installments: c.cardInstallments ?? null,
  };
}

export function pricedQuoteToJson(book: PriceBookSnapshot, q: PricedQuote): PricedQuoteJson {
  return {
    price_book: { id: book.id, name: book.name, valid_from: book.validFrom },
    product: q.product ?? '',
    product_name: q.productName ?? '',
    periodicity: q.periodicity,
    months: q.months,
    lines: q.lines.map((l) => ({
      kind: l.kind,
      code: l.code,
      name: l.name,
      quantity: l.quantity,
      unit_original_cents: l.unitOriginalCents,
      original_cents: l.originalCents,
      minimum_cents: l.minimumCents,
      cost_cents: l.costCents,
      negotiated_cents: l.negotiatedCents,
    })),
    quantities: { ...q.quantities },
    monthly_list_cents: q.monthlyListCents,
    monthly_original_cents: q.monthlyOriginalCents,
    monthly_minimum_cents: q.monthlyMinimumCents,
    monthly_negotiated_cents: q.monthlyNegotiatedCents,
    period_total_cents: q.periodTotalCents,
    setup_fee_cents: q.setupFeeCents,
    first_charge_cents: q.firstChargeCents,
    options: q.options.map((o) => ({
      periodicity: o.periodicity,
      months: o.months,
      discount_bp: o.discountBp,
      monthly_original_cents: o.monthlyOriginalCents,
      monthly_minimum_cents: o.monthlyMinimumCents,
      period_total_cents: o.periodTotalCents,
      discount_cents: o.discountCents,
    })),
    payment: {
      method: q.payment.method,
      card_installments: q.payment.cardInstallments,
      installment_amounts: [...q.payment.installmentAmounts],
    },
    repasse: {
      monthly_cents: q.repasse.monthlyCents,
      cost_cents: q.repasse.costCents,
      central_fee_cents: q.repasse.centralFeeCents,
    },
    warnings: q.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}
