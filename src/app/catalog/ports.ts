import type { PriceBookSnapshot } from '../../domain/pricing/catalog';

export interface CatalogRepository {
  /** The price book in force on a business date: the latest one that starts on or before it. */
  priceBookInForce(date: string): Promise<PriceBookSnapshot | null>;
  priceBookById(id: string): Promise<PriceBookSnapshot | null>;
}
