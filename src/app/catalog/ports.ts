import type { PriceBookSnapshot } from '../../domain/pricing/catalog';
import type { PriceBookDraft } from '../../domain/pricing/catalog-rules';

/** One version of the price book, as the version list shows it. */
export interface PriceBookSummary {
  id: string;
  name: string;
  validFrom: string;
  createdAt: Date;
  createdByName: string | null;
  itemsCount: number;
}

export interface CatalogRepository {
  /** The price book in force on a business date: the latest one that starts on or before it. */
  priceBookInForce(date: string): Promise<PriceBookSnapshot | null>;
  priceBookById(id: string): Promise<PriceBookSnapshot | null>;
  /** Every version, the newest start first (same start: the newest created first). */
  listPriceBooks(): Promise<PriceBookSummary[]>;
  /** Saves a new version (the book and its items) in one transaction; returns its id. */
  createPriceBook(draft: PriceBookDraft, createdBy: string | null): Promise<string>;
}
