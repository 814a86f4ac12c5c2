import { allocateProportionally, discounted, formatBRL, splitEvenly } from '../money/money';
import { monthlyRepasse } from '../repasse/repasse';
import {
  addonFor,
  type PaymentMethod,
  PERIODICITIES,
  PERIODICITY_LABELS,
  PERIODICITY_MONTHS,
  type Periodicity,
  type PriceBookSnapshot,
  type PricedItem,
  usesCard,
} from './catalog';
import { isProductCode, PRODUCT_NAMES, type ProductCode } from './products';

/**
 * The calculadora de preços (SPEC §3), as one pure function shared by the portal and the server.
 *
 * Rounding rule: every percentage (periodicity discount, taxa da central) is applied to a line's monthly
 * value in centavos and rounded half-up to the centavo; splits (negotiated value over lines, card
 * installments) use largest-remainder allocation, so they always sum back to the whole.
 */

export const MAX_ADDON_QUANTITY = 999;

export interface QuoteConfiguration {
  product: string;
  /** Extra quantities beyond the plan, by add-on code: { caixa: 2 }. */
  addons: Record<string, number>;
  apps: readonly string[];
  periodicity: Periodicity;
  /** "com valor de implantação" */
  setupFee: boolean;
  /** The monthly value agreed with the client; absent → the Original. */
  negotiatedMonthlyCents?: number | null | undefined;
  paymentMethod: PaymentMethod;
  cardInstallments?: number | null | undefined;
}

export type ViolationCode =
  | 'unknown_product'
  | 'unknown_addon'
  | 'addon_not_allowed'
  | 'invalid_quantity'
  | 'unknown_app'
  | 'app_not_allowed'
  | 'invalid_negotiated_value'
  | 'below_minimum'
  | 'installments_not_allowed'
  | 'installments_exceed_limit';

export interface Violation {
  code: ViolationCode;
  message: string;
  /** The input field, in the API's names: product, addons.caixa, apps, negotiated_monthly_cents, card_installments. */
  field: string;
  minimumMonthlyCents?: number;
}

export interface QuoteWarning {
  code: 'above_original';
  message: string;
}

export interface QuoteLine {
  kind: 'plan' | 'addon' | 'app';
  code: string;
  name: string;
  quantity: number;
  /** List price of one unit per month, before the periodicity discount. */
  unitOriginalCents: number;
  /** Per month, for the whole quantity, after the periodicity discount. */
  originalCents: number;
  minimumCents: number;
  /** Custo Hiper per month for the whole quantity. */
  costCents: number;
  /** This line's share of the negotiated monthly value. */
  negotiatedCents: number;
}

export interface PeriodicityOption {
  periodicity: Periodicity;
  months: number;
  discountBp: number;
  monthlyOriginalCents: number;
  monthlyMinimumCents: number;
  /** What the client pays per period at the Original price. */
  periodTotalCents: number;
  /** Saved over the period compared with paying Mensal. */
  discountCents: number;
}

export interface PricedQuote {
  product: ProductCode | null;
  productName: string | null;
  periodicity: Periodicity;
  months: number;
  lines: QuoteLine[];
  /** Plan's included quantities plus the add-ons. */
  quantities: { users: number; registers: number; stores: number };
  /** Per month, before the periodicity discount. */
  monthlyListCents: number;
  monthlyOriginalCents: number;
  monthlyMinimumCents: number;
  monthlyNegotiatedCents: number;
  /** One installment: the negotiated monthly value × the months of the period. */
  periodTotalCents: number;
  setupFeeCents: number;
  /** Charged at activation: implantação + the first installment. */
  firstChargeCents: number;
  options: PeriodicityOption[];
  payment: { method: PaymentMethod; cardInstallments: number | null; installmentAmounts: number[] };
  /** The Hiperador's estimated share per month (SPEC §7): negotiated − custo Hiper − taxa da central. */
  repasse: { monthlyCents: number; costCents: number; centralFeeCents: number };
  violations: Violation[];
  warnings: QuoteWarning[];
}

interface SelectedItem {
  kind: QuoteLine['kind'];
  item: PricedItem;
  quantity: number;
}

const KIND_ORDER: Record<QuoteLine['kind'], number> = { plan: 0, addon: 1, app: 2 };

function select(book: PriceBookSnapshot, config: QuoteConfiguration, violations: Violation[]) {
  const selected: SelectedItem[] = [];
  if (!isProductCode(config.product)) {
    violations.push({
      code: 'unknown_product',
      message: `Produto desconhecido: "${config.product}".`,
      field: 'product',
    });
    return { product: null, plan: null, selected };
  }
  const product = config.product;
  const plan = book.plans.find((p) => p.productCode === product) ?? null;
  if (!plan) {
    violations.push({
      code: 'unknown_product',
      message: `${PRODUCT_NAMES[product]} não está na tabela de preços.`,
      field: 'product',
    });
    return { product, plan, selected };
  }
  selected.push({ kind: 'plan', item: plan, quantity: 1 });

  for (const [code, quantity] of Object.entries(config.addons)) {
    const field = `addons.${code}`;
    if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > MAX_ADDON_QUANTITY) {
      violations.push({
        code: 'invalid_quantity',
        message: `Quantidade inválida para o adicional "${code}": use um número inteiro de 0 a ${MAX_ADDON_QUANTITY}.`,
        field,
      });
      continue;
    }
    const addon = addonFor(book, product, code);
    if (!addon) {
      const other = book.addons.find((a) => a.code === code);
      violations.push(
        other
          ? {
              code: 'addon_not_allowed',
              message: `${other.name} não está disponível no ${PRODUCT_NAMES[product]}.`,
              field,
            }
          : { code: 'unknown_addon', message: `Adicional desconhecido: "${code}".`, field },
      );
      continue;
    }
    if (quantity > 0) selected.push({ kind: 'addon', item: addon, quantity });
  }

  for (const code of new Set(config.apps)) {
    const app = book.apps.find((a) => a.code === code);
    if (!app) {
      violations.push({ code: 'unknown_app', message: `Aplicativo desconhecido: "${code}".`, field: 'apps' });
    } else if (app.productCode !== null && app.productCode !== product) {
      violations.push({
        code: 'app_not_allowed',
        message: `O aplicativo ${app.name} não está disponível no ${PRODUCT_NAMES[product]}.`,
        field: 'apps',
      });
    } else {
      selected.push({ kind: 'app', item: app, quantity: 1 });
    }
  }

  // Canonical order: the result never depends on the order the items were given in.
  selected.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.item.sortOrder - b.item.sortOrder ||
      (a.item.code < b.item.code ? -1 : a.item.code > b.item.code ? 1 : 0),
  );
  return { product, plan, selected };
}

function monthlyTotals(selected: SelectedItem[], bp: number) {
  let original = 0;
  let minimum = 0;
  for (const s of selected) {
    original += discounted(s.item.originalCents * s.quantity, bp);
    minimum += discounted(s.item.minimumCents * s.quantity, bp);
  }
  return { original, minimum };
}

/** Spreads the negotiated monthly value over the lines: a discount in proportion to each line's room above its floor, a surplus in proportion to its Original. */
function spreadNegotiated(lines: QuoteLine[], negotiated: number): number[] {
  const original = lines.reduce((a, l) => a + l.originalCents, 0);
  const difference = original - negotiated;
  if (difference === 0) return lines.map((l) => l.originalCents);
  if (difference > 0) {
    const room = lines.map((l) => Math.max(0, l.originalCents - l.minimumCents));
    const weights = room.some((r) => r > 0) ? room : lines.map((l) => l.originalCents);
    const cuts = allocateProportionally(difference, weights);
    return lines.map((l, i) => l.originalCents - cuts[i]!);
  }
  const extras = allocateProportionally(
    -difference,
    lines.map((l) => l.originalCents),
  );
  return lines.map((l, i) => l.originalCents + extras[i]!);
}

export function priceQuote(book: PriceBookSnapshot, config: QuoteConfiguration): PricedQuote {
  const violations: Violation[] = [];
  const warnings: QuoteWarning[] = [];
  const { product, plan, selected } = select(book, config, violations);
  const periodicity = config.periodicity;
  const months = PERIODICITY_MONTHS[periodicity];
  const bp = book.discountBp[periodicity];

  const lines: QuoteLine[] = selected.map((s) => ({
    kind: s.kind,
    code: s.item.code,
    name: s.item.name,
    quantity: s.quantity,
    unitOriginalCents: s.item.originalCents,
    originalCents: discounted(s.item.originalCents * s.quantity, bp),
    minimumCents: discounted(s.item.minimumCents * s.quantity, bp),
    costCents: s.item.costCents * s.quantity,
    negotiatedCents: 0,
  }));
  const monthlyListCents = selected.reduce((a, s) => a + s.item.originalCents * s.quantity, 0);
  const monthlyOriginalCents = lines.reduce((a, l) => a + l.originalCents, 0);
  const monthlyMinimumCents = lines.reduce((a, l) => a + l.minimumCents, 0);

  let monthlyNegotiatedCents = monthlyOriginalCents;
  const asked = config.negotiatedMonthlyCents;
  if (asked !== undefined && asked !== null) {
    if (!Number.isSafeInteger(asked) || asked <= 0) {
      violations.push({
        code: 'invalid_negotiated_value',
        message: 'Informe o valor mensal negociado em reais, maior que zero.',
        field: 'negotiated_monthly_cents',
      });
    } else {
      monthlyNegotiatedCents = asked;
    }
  }
  if (lines.length > 0 && monthlyNegotiatedCents < monthlyMinimumCents) {
    violations.push({
      code: 'below_minimum',
      message: `O valor negociado está abaixo do mínimo permitido: ${formatBRL(monthlyMinimumCents)}`,
      field: 'negotiated_monthly_cents',
      minimumMonthlyCents: monthlyMinimumCents,
    });
  } else if (monthlyNegotiatedCents > monthlyOriginalCents) {
    warnings.push({
      code: 'above_original',
      message: `O valor negociado está acima do valor original (${formatBRL(monthlyOriginalCents)}).`,
    });
  }
  if (lines.length > 0) {
    const spread = spreadNegotiated(lines, monthlyNegotiatedCents);
    lines.forEach((l, i) => {
      l.negotiatedCents = spread[i]!;
    });
  } else {
    monthlyNegotiatedCents = 0;
  }

  const periodTotalCents = monthlyNegotiatedCents * months;
  const setupFeeCents = config.setupFee && plan ? plan.setupFeeCents : 0;

  const method = config.paymentMethod;
  let cardInstallments: number | null = null;
  let installmentAmounts: number[] = [];
  const askedInstallments = config.cardInstallments ?? null;
  if (usesCard(method)) {
    const max = book.maxCardInstallments[periodicity];
    cardInstallments = askedInstallments ?? 1;
    if (!Number.isSafeInteger(cardInstallments) || cardInstallments < 1 || cardInstallments > max) {
      violations.push({
        code: 'installments_exceed_limit',
        message: `No plano ${PERIODICITY_LABELS[periodicity]} o cartão pode ser parcelado em até ${max}x.`,
        field: 'card_installments',
      });
      cardInstallments = Math.min(Math.max(1, Math.trunc(cardInstallments) || 1), max);
    }
    installmentAmounts = splitEvenly(periodTotalCents, cardInstallments);
  } else if (askedInstallments !== null && askedInstallments !== 1) {
    violations.push({
      code: 'installments_not_allowed',
      message: 'Parcelamento só existe para pagamento com cartão de crédito.',
      field: 'card_installments',
    });
  }

  const options: PeriodicityOption[] = PERIODICITIES.map((p) => {
    const totals = monthlyTotals(selected, book.discountBp[p]);
    const m = PERIODICITY_MONTHS[p];
    return {
      periodicity: p,
      months: m,
      discountBp: book.discountBp[p],
      monthlyOriginalCents: totals.original,
      monthlyMinimumCents: totals.minimum,
      periodTotalCents: totals.original * m,
      discountCents: monthlyListCents * m - totals.original * m,
    };
  });

  // The Hiperador's estimate is the same function the repasse ledger uses for a paid month (SPEC §7).
  const repasse = monthlyRepasse({
    monthlyRevenueCents: monthlyNegotiatedCents,
    monthlyCostCents: lines.reduce((a, l) => a + l.costCents, 0),
    centralFeeBp: book.centralFeeBp,
  });
  const included = plan?.included ?? { users: 0, registers: 0, stores: 0 };
  const extra = (code: string) => lines.find((l) => l.kind === 'addon' && l.code === code)?.quantity ?? 0;

  return {
    product,
    productName: product ? PRODUCT_NAMES[product] : null,
    periodicity,
    months,
    lines,
    quantities: {
      users: included.users + extra('usuario'),
      registers: included.registers + extra('caixa'),
      stores: included.stores + extra('filial'),
    },
    monthlyListCents,
    monthlyOriginalCents,
    monthlyMinimumCents,
    monthlyNegotiatedCents,
    periodTotalCents,
    setupFeeCents,
    firstChargeCents: setupFeeCents + periodTotalCents,
    options,
    payment: { method, cardInstallments, installmentAmounts },
    repasse: {
      monthlyCents: repasse.repasseCents,
      costCents: repasse.costCents,
      centralFeeCents: repasse.centralFeeCents,
    },
    violations,
    warnings,
  };
}

/**
 * Upgrade/downgrade: the configuration moved to another product, keeping what the new product can have
 * and listing what had to be dropped, so the page can say so.
 */
export function switchProduct(
  book: PriceBookSnapshot,
  config: QuoteConfiguration,
  product: ProductCode,
): { configuration: QuoteConfiguration; dropped: { kind: 'addon' | 'app'; code: string; name: string }[] } {
  const dropped: { kind: 'addon' | 'app'; code: string; name: string }[] = [];
  const addons: Record<string, number> = {};
  for (const [code, quantity] of Object.entries(config.addons)) {
    if (quantity <= 0) continue;
    if (addonFor(book, product, code)) addons[code] = quantity;
    else dropped.push({ kind: 'addon', code, name: book.addons.find((a) => a.code === code)?.name ?? code });
  }
  const apps = config.apps.filter((code) => {
    const app = book.apps.find((a) => a.code === code);
    const ok = app !== undefined && (app.productCode === null || app.productCode === product);
    if (!ok) dropped.push({ kind: 'app', code, name: app?.name ?? code });
    return ok;
  });
  // A negotiated value belonged to the old configuration: start again from the new Original.
  return { configuration: { ...config, product, addons, apps, negotiatedMonthlyCents: null }, dropped };
}
