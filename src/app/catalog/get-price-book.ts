import type { PriceBookSnapshot } from '../../domain/pricing/catalog';
import { notFound } from '../shared/errors';
import type { CatalogRepository } from './ports';

export async function getPriceBook(
  deps: { catalog: CatalogRepository },
  id: string,
): Promise<PriceBookSnapshot> {
  const book = await deps.catalog.priceBookById(id);
  if (!book) throw notFound('Tabela de preços');
  return book;
}
