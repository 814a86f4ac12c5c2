import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { CatalogRepository } from '../../../app/catalog/ports';
import type { AddonItem, AppItem, PlanItem, PriceBookSnapshot } from '../../../domain/pricing/catalog';
import { isProductCode, type ProductCode } from '../../../domain/pricing/products';
import type { Db } from '../database';
import { catalogItems, priceBooks, products } from '../schema';

type BookRow = typeof priceBooks.$inferSelect;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class DbCatalogRepository implements CatalogRepository {
  constructor(private readonly db: Db) {}

  async priceBookInForce(date: string): Promise<PriceBookSnapshot | null> {
    const [book] = await this.db
      .select()
      .from(priceBooks)
      .where(lte(priceBooks.validFrom, date))
      .orderBy(desc(priceBooks.validFrom), desc(priceBooks.createdAt))
      .limit(1);
    return book ? this.snapshot(book) : null;
  }

  async priceBookById(id: string): Promise<PriceBookSnapshot | null> {
    if (!UUID_RE.test(id)) return null;
    const [book] = await this.db.select().from(priceBooks).where(eq(priceBooks.id, id)).limit(1);
    return book ? this.snapshot(book) : null;
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
