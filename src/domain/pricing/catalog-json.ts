import type { AddonItem, AppItem, PlanItem, PriceBookSnapshot } from './catalog';
import { isProductCode, type ProductCode } from './products';

/**
 * The price book as the API sends it (snake_case JSON) and back: the portal rebuilds the very snapshot
 * the server prices with, so the calculator in the page and the check on the server never disagree.
 */
export interface PriceBookJson {
  id: string;
  name: string;
  valid_from: string;
  central_fee_bp: number;
  discount_bp: { mensal: number; semestral: number; anual: number };
  max_card_installments: { mensal: number; semestral: number; anual: number };
  plans: {
    code: string;
    name: string;
    product_code: string;
    description: string;
    original_cents: number;
    minimum_cents: number;
    cost_cents: number;
    setup_fee_cents: number;
    included: { users: number; registers: number; stores: number };
    sort_order: number;
  }[];
  addons: ItemJson[];
  apps: ItemJson[];
}

interface ItemJson {
  code: string;
  name: string;
  product_code: string | null;
  original_cents: number;
  minimum_cents: number;
  cost_cents: number;
  sort_order: number;
}

const itemToJson = (i: AddonItem | AppItem): ItemJson => ({
  code: i.code,
  name: i.name,
  product_code: i.productCode,
  original_cents: i.originalCents,
  minimum_cents: i.minimumCents,
  cost_cents: i.costCents,
  sort_order: i.sortOrder,
});

function productOrNull(code: string | null): ProductCode | null {
  return code !== null && isProductCode(code) ? code : null;
}

const itemFromJson = (i: ItemJson): AddonItem & AppItem => ({
  code: i.code,
  name: i.name,
  productCode: productOrNull(i.product_code),
  originalCents: i.original_cents,
  minimumCents: i.minimum_cents,
  costCents: i.cost_cents,
  sortOrder: i.sort_order,
});

export function priceBookToJson(book: PriceBookSnapshot): PriceBookJson {
  return {
    id: book.id,
    name: book.name,
    valid_from: book.validFrom,
    central_fee_bp: book.centralFeeBp,
    discount_bp: { ...book.discountBp },
    max_card_installments: { ...book.maxCardInstallments },
    plans: book.plans.map((p) => ({
      code: p.code,
      name: p.name,
      product_code: p.productCode,
      description: p.description,
      original_cents: p.originalCents,
      minimum_cents: p.minimumCents,
      cost_cents: p.costCents,
      setup_fee_cents: p.setupFeeCents,
      included: { ...p.included },
      sort_order: p.sortOrder,
    })),
    addons: book.addons.map(itemToJson),
    apps: book.apps.map(itemToJson),
  };
}

export function priceBookFromJson(json: PriceBookJson): PriceBookSnapshot {
  return {
    id: json.id,
    name: json.name,
    validFrom: json.valid_from,
    centralFeeBp: json.central_fee_bp,
    discountBp: { ...json.discount_bp },
    maxCardInstallments: { ...json.max_card_installments },
    plans: json.plans
      .filter((p) => isProductCode(p.product_code))
      .map(
        (p): PlanItem => ({
          code: p.code,
          name: p.name,
          productCode: p.product_code as ProductCode,
          description: p.description,
          originalCents: p.original_cents,
          minimumCents: p.minimum_cents,
          costCents: p.cost_cents,
          setupFeeCents: p.setup_fee_cents,
          included: { ...p.included },
          sortOrder: p.sort_order,
        }),
      ),
    addons: json.addons.map(itemFromJson),
    apps: json.apps.map(itemFromJson),
  };
}
