import { businessDateAt } from '../../domain/calendar/dates';
import type { PriceBookSnapshot } from '../../domain/pricing/catalog';
import { AppError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { CatalogRepository } from './ports';

/** The price book in force today (São Paulo date); quotes are priced with it. */
export async function currentPriceBook(deps: {
  catalog: CatalogRepository;
  clock: Clock;
}): Promise<PriceBookSnapshot> {
  const today = businessDateAt(deps.clock.now());
  const book = await deps.catalog.priceBookInForce(today);
  if (!book)
    throw new AppError('business_rule', 'Não há tabela de preços em vigor. Fale com o administrador.');
  return book;
}
