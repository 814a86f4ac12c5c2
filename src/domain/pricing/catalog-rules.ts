import { Temporal } from 'temporal-polyfill';
import { formatDateBR } from '../calendar/dates';
import { applyBasisPoints, formatBRL } from '../money/money';
import type { PriceBookSnapshot, PricedItem } from './catalog';
import { isProductCode, PRODUCT_CODES, PRODUCT_NAMES } from './products';

/**
 * The rules a new version of the price book must follow (SPEC §3). Pure: the portal's editor runs the
 * very same checks before sending, and the server runs them again before saving.
 */

/** A new version of the price book, before it has an id. */
export type PriceBookDraft = Omit<PriceBookSnapshot, 'id'>;

export const MAX_DISCOUNT_BP = 9000;
export const MAX_CENTRAL_FEE_BP = 10000;
export const MAX_CARD_INSTALLMENTS = 12;

export interface CatalogProblem {
  code: 'invalid_value' | 'minimum_above_original' | 'invalid_discount' | 'invalid_plans' | 'duplicate_item';
  message: string;
  /** The body field, as the API names it: "apps.1.minimum_cents", "discount_bp.anual". */
  field: string;
}

export interface CatalogWarning {
  code: 'negative_repasse';
  message: string;
  field: string;
}

export interface CatalogCheck {
  errors: CatalogProblem[];
  warnings: CatalogWarning[];
}

/** What the Hiperador keeps per month when selling an item at its Mínimo: Mínimo − custo − taxa da central. */
export function marginAtMinimum(item: Pick<PricedItem, 'minimumCents' | 'costCents'>, centralFeeBp: number) {
  return item.minimumCents - item.costCents - applyBasisPoints(item.minimumCents, centralFeeBp);
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

type Kind = 'plans' | 'addons' | 'apps';

export function checkPriceBook(book: PriceBookDraft): CatalogCheck {
  const errors: CatalogProblem[] = [];
  const warnings: CatalogWarning[] = [];
  const fail = (code: CatalogProblem['code'], field: string, message: string) =>
    errors.push({ code, field, message });

  // Condições
  if (!isCount(book.centralFeeBp) || book.centralFeeBp > MAX_CENTRAL_FEE_BP)
    fail('invalid_value', 'central_fee_bp', 'A taxa da central deve estar entre 0% e 100%.');
  const { semestral, anual } = book.discountBp;
  const discountOk = (bp: number) => isCount(bp) && bp <= MAX_DISCOUNT_BP;
  if (!discountOk(semestral))
    fail('invalid_discount', 'discount_bp.semestral', 'O desconto semestral deve estar entre 0% e 90%.');
  if (!discountOk(anual))
    fail('invalid_discount', 'discount_bp.anual', 'O desconto anual deve estar entre 0% e 90%.');
  if (discountOk(semestral) && discountOk(anual) && anual < semestral)
    fail('invalid_discount', 'discount_bp.anual', 'O desconto anual não pode ser menor que o semestral.');
  for (const [periodicity, label] of [
    ['mensal', 'Mensal'],
    ['semestral', 'Semestral'],
    ['anual', 'Anual'],
  ] as const) {
    const n = book.maxCardInstallments[periodicity];
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_CARD_INSTALLMENTS)
      fail(
        'invalid_value',
        `max_card_installments.${periodicity}`,
        `O máximo de parcelas (${label}) deve estar entre 1 e ${MAX_CARD_INSTALLMENTS}.`,
      );
  }

  // Planos: exactly one per product.
  for (const [index, plan] of book.plans.entries()) {
    if (!isProductCode(plan.productCode))
      fail('invalid_plans', `plans.${index}.product_code`, `${plan.name}: produto desconhecido.`);
  }
  for (const product of PRODUCT_CODES) {
    const count = book.plans.filter((p) => p.productCode === product).length;
    if (count !== 1)
      fail(
        'invalid_plans',
        'plans',
        count === 0
          ? `A tabela precisa de um plano para o ${PRODUCT_NAMES[product]}.`
          : `O ${PRODUCT_NAMES[product]} deve ter um único plano (há ${count}).`,
      );
  }

  // Every priced item.
  const seen = new Set<string>();
  const items: [Kind, PricedItem & { productCode: string | null }, number][] = [
    ...book.plans.map((p, i) => ['plans', p, i] as [Kind, typeof p, number]),
    ...book.addons.map((a, i) => ['addons', a, i] as [Kind, typeof a, number]),
    ...book.apps.map((a, i) => ['apps', a, i] as [Kind, typeof a, number]),
  ];
  for (const [kind, item, index] of items) {
    const at = `${kind}.${index}`;
    const label = item.name.trim() || item.code || 'Item sem nome';
    if (!item.code.trim()) fail('invalid_value', `${at}.code`, `${label}: informe o código.`);
    if (!item.name.trim()) fail('invalid_value', `${at}.name`, `${label}: informe o nome.`);
    if (kind !== 'plans' && item.productCode !== null && !isProductCode(item.productCode))
      fail('invalid_value', `${at}.product_code`, `${label}: produto desconhecido "${item.productCode}".`);
    const key = `${item.code}\u0000${item.productCode ?? ''}`;
    if (seen.has(key))
      fail(
        'duplicate_item',
        `${at}.code`,
        `${label}: o código "${item.code}" aparece mais de uma vez para ${
          item.productCode && isProductCode(item.productCode)
            ? `o ${PRODUCT_NAMES[item.productCode]}`
            : 'todos os produtos'
        }.`,
      );
    seen.add(key);

    const values: [keyof PricedItem, string][] = [
      ['originalCents', 'original_cents'],
      ['minimumCents', 'minimum_cents'],
      ['costCents', 'cost_cents'],
    ];
    let valuesOk = true;
    for (const [prop, name] of values) {
      if (!isCount(item[prop] as number)) {
        valuesOk = false;
        fail('invalid_value', `${at}.${name}`, `${label}: os valores devem ser positivos, em centavos.`);
      }
    }
    if (kind === 'plans') {
      const plan = book.plans[index]!;
      if (!isCount(plan.setupFeeCents))
        fail('invalid_value', `${at}.setup_fee_cents`, `${label}: a implantação não pode ser negativa.`);
      for (const [k, name] of [
        ['users', 'usuários'],
        ['registers', 'caixas'],
        ['stores', 'filiais'],
      ] as const) {
        if (!isCount(plan.included[k]))
          fail(
            'invalid_value',
            `${at}.included.${k}`,
            `${label}: a quantidade de ${name} incluída é inválida.`,
          );
      }
    }
    if (!valuesOk) continue;
    if (item.minimumCents > item.originalCents) {
      fail(
        'minimum_above_original',
        `${at}.minimum_cents`,
        `${label}: o valor mínimo (${formatBRL(item.minimumCents)}) não pode ser maior que o original (${formatBRL(item.originalCents)}).`,
      );
      continue;
    }
    if (isCount(book.centralFeeBp)) {
      const fee = applyBasisPoints(item.minimumCents, book.centralFeeBp);
      const margin = item.minimumCents - item.costCents - fee;
      if (margin < 0)
        warnings.push({
          code: 'negative_repasse',
          field: `${at}.minimum_cents`,
          message: `${label}: vendido pelo mínimo (${formatBRL(item.minimumCents)}), o repasse fica negativo (${formatBRL(margin)}): custo ${formatBRL(item.costCents)} + taxa da central ${formatBRL(fee)}.`,
        });
    }
  }
  return { errors, warnings };
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/** The first day a new version may start: today (business date) or later. */
export function checkValidFrom(validFrom: string, today: string): CatalogProblem | null {
  if (!isIsoDate(validFrom))
    return { code: 'invalid_value', field: 'valid_from', message: 'Data de vigência inválida.' };
  if (validFrom < today)
    return {
      code: 'invalid_value',
      field: 'valid_from',
      message: `A vigência deve começar hoje (${formatDateBR(today)}) ou depois.`,
    };
  return null;
}
