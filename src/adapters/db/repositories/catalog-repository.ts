import { and, asc, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { CatalogRepository, PriceBookSummary } from '../../../app/catalog/ports';
import type { ProductSetupShare, ProductShareRepository } from '../../../app/catalog/product-setup-share';
import type {
  AddonItem,
  AppItem,
  PlanItem,
  PriceBookSnapshot,
  PricedItem,
} from '../../../domain/pricing/catalog';
import type { PriceBookDraft } from '../../../domain/pricing/catalog-rules';
import { isProductCode, type ProductCode } from '../../../domain/pricing/products';
import type { Db } from '../database';
import { catalogItems, priceBooks, products, users } from '../schema';
import { rowsOf } from '../sql-helpers';

type BookRow = typeof priceBooks.$inferSelect;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long "the book in force on a date" is remembered; creating a book here forgets it at once. */
export const IN_FORCE_TTL_MS = 5_000;
const MAX_CACHED_BOOKS = 32;

/**
 * Price books never change once saved, so their snapshots are cached by id (the calculator's hot path
 * would otherwise read the book, its items and the products on every request). Which book is in force
 * on a date is cached for a few seconds only: another server may create a book meanwhile.
 */
export class DbCatalogRepository implements CatalogRepository, ProductShareRepository {
  private readonly books = new Map<string, Promise<PriceBookSnapshot | null>>();
  private readonly inForce = new Map<string, { id: string | null; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async priceBookInForce(date: string): Promise<PriceBookSnapshot | null> {
    const cached = this.inForce.get(date);
    if (cached && cached.until > this.now()) return cached.id ? this.priceBookById(cached.id) : null;
    const [book] = await this.db
      .select({ id: priceBooks.id })
      .from(priceBooks)
      .where(lte(priceBooks.validFrom, date))
      .orderBy(desc(priceBooks.validFrom), desc(priceBooks.createdAt))
      .limit(1);
    if (this.inForce.size > MAX_CACHED_BOOKS) this.inForce.clear();
    this.inForce.set(date, { id: book?.id ?? null, until: this.now() + IN_FORCE_TTL_MS });
    return book ? this.priceBookById(book.id) : null;
  }

  async priceBookById(id: string): Promise<PriceBookSnapshot | null> {
    if (!UUID_RE.test(id)) return null;
    const cached = this.books.get(id);
    if (cached) return cached;
    const loading = this.load(id);
    this.books.set(id, loading);
    loading.then(
      (book) => {
        if (!book) this.books.delete(id);
        else if (this.books.size > MAX_CACHED_BOOKS) {
          const oldest = this.books.keys().next().value;
          if (oldest !== undefined && oldest !== id) this.books.delete(oldest);
        }
      },
      () => this.books.delete(id),
    );
    return loading;
  }

  private async load(id: string): Promise<PriceBookSnapshot | null> {
    const [book] = await this.db.select().from(priceBooks).where(eq(priceBooks.id, id)).limit(1);
    return book ? this.snapshot(book) : null;
  }

  async listPriceBooks(): Promise<PriceBookSummary[]> {
    const itemCounts = this.db
      .select({ priceBookId: catalogItems.priceBookId, n: count().as('n') })
      .from(catalogItems)
      .groupBy(catalogItems.priceBookId)
      .as('item_counts');
    const rows = await this.db
      .select({
        id: priceBooks.id,
        name: priceBooks.name,
        validFrom: priceBooks.validFrom,
        createdAt: priceBooks.createdAt,
        createdByName: users.name,
        itemsCount: itemCounts.n,
      })
      .from(priceBooks)
      .leftJoin(users, eq(users.id, priceBooks.createdBy))
      .leftJoin(itemCounts, eq(itemCounts.priceBookId, priceBooks.id))
      .orderBy(desc(priceBooks.validFrom), desc(priceBooks.createdAt));
    return rows.map((r) => ({ ...r, itemsCount: Number(r.itemsCount ?? 0) }));
  }

  async createPriceBook(draft: PriceBookDraft, createdBy: string | null): Promise<string> {
    const id = await this.db.transaction((tx) => insertPriceBook(tx, draft, createdBy));
    this.inForce.clear();
    return id;
  }

  async listProductShares(): Promise<ProductSetupShare[]> {
    return this.db
      .select({ code: products.code, name: products.name, setupFeeResellerBp: products.setupFeeResellerBp })
      .from(products)
      .orderBy(asc(products.sortOrder), asc(products.code));
  }

  /** One statement: the row is locked by the update, so "before" is the value this update replaced. */
  async setSetupFeeResellerBp(code: string, bp: number): Promise<{ before: number; after: number } | null> {
    const [row] = rowsOf<{ before: number; after: number }>(
      await this.db.execute(sql`
        update products p set setup_fee_reseller_bp = ${bp}
        from (select code, setup_fee_reseller_bp from products where code = ${code} for update) old
        where p.code = old.code
        returning old.setup_fee_reseller_bp as before, p.setup_fee_reseller_bp as after`),
    );
    return row ? { before: Number(row.before), after: Number(row.after) } : null;
  }

  private async snapshot(book: BookRow): Promise<PriceBookSnapshot> {
    const [items, productRows] = await Promise.all([
      this.db
        .select()
        .from(catalogItems)
        .where(and(eq(catalogItems.priceBookId, book.id)))
        .orderBy(asc(catalogItems.sortOrder), asc(catalogItems.code)),
      this.db.select().from(products),
    ]);
    const description = new Map(productRows.map((p) => [p.code, p.description]));
    const product = (code: string | null): ProductCode | null => (code && isProductCode(code) ? code : null);
    const priced = (i: (typeof items)[number]) => ({
      code: i.code,
      name: i.name,
      originalCents: i.originalCents,
      minimumCents: i.minimumCents,
      costCents: i.costCents,
      sortOrder: i.sortOrder,
    });
    const plans: PlanItem[] = items
      .filter((i) => i.kind === 'plan' && product(i.productCode))
      .map((i) => ({
        ...priced(i),
        productCode: product(i.productCode)!,
        description: description.get(i.productCode!) ?? '',
        setupFeeCents: i.setupFeeCents ?? 0,
        included: {
          users: i.includedUsers ?? 0,
          registers: i.includedRegisters ?? 0,
          stores: i.includedStores ?? 0,
        },
      }));
    const addons: AddonItem[] = items
      .filter((i) => i.kind === 'addon')
      .map((i) => ({ ...priced(i), productCode: product(i.productCode) }));
    const apps: AppItem[] = items
      .filter((i) => i.kind === 'app')
      .map((i) => ({ ...priced(i), productCode: product(i.productCode) }));
    return {
      id: book.id,
      name: book.name,
      validFrom: book.validFrom,
      centralFeeBp: book.centralFeeBp,
      discountBp: { mensal: 0, semestral: book.semiannualDiscountBp, anual: book.annualDiscountBp },
      maxCardInstallments: {
        mensal: book.cardMaxInstallmentsMonthly,
        semestral: book.cardMaxInstallmentsSemiannual,
        anual: book.cardMaxInstallmentsAnnual,
      },
      plans,
      addons,
      apps,
    };
  }
}

/** Writes one price book version and its items (inside the caller's transaction). */
export async function insertPriceBook(
  db: Pick<Db, 'insert'>,
  draft: PriceBookDraft,
  createdBy: string | null,
): Promise<string> {
  const [book] = await db
    .insert(priceBooks)
    .values({
      name: draft.name,
      validFrom: draft.validFrom,
      centralFeeBp: draft.centralFeeBp,
      semiannualDiscountBp: draft.discountBp.semestral,
      annualDiscountBp: draft.discountBp.anual,
      cardMaxInstallmentsMonthly: draft.maxCardInstallments.mensal,
      cardMaxInstallmentsSemiannual: draft.maxCardInstallments.semestral,
      cardMaxInstallmentsAnnual: draft.maxCardInstallments.anual,
      createdBy,
    })
    .returning({ id: priceBooks.id });
  const common = (item: PricedItem) => ({
    priceBookId: book!.id,
    code: item.code,
    name: item.name,
    originalCents: item.originalCents,
    minimumCents: item.minimumCents,
    costCents: item.costCents,
    sortOrder: item.sortOrder,
  });
  await db.insert(catalogItems).values([
    ...draft.plans.map((p) => ({
      ...common(p),
      kind: 'plan' as const,
      productCode: p.productCode,
      setupFeeCents: p.setupFeeCents,
      includedUsers: p.included.users,
      includedRegisters: p.included.registers,
      includedStores: p.included.stores,
    })),
    ...draft.addons.map((a) => ({ ...common(a), kind: 'addon' as const, productCode: a.productCode })),
    ...draft.apps.map((a) => ({ ...common(a), kind: 'app' as const, productCode: a.productCode })),
  ]);
  return book!.id;
}
