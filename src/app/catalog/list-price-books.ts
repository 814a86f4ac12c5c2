import { businessDateAt } from '../../domain/calendar/dates';
import type { Clock } from '../shared/ports';
import type { CatalogRepository, PriceBookSummary } from './ports';

/** em vigor: the one quotes use today; agendada: starts after today; encerrada: replaced by a later one. */
export type PriceBookStatus = 'em_vigor' | 'agendada' | 'encerrada';

export interface PriceBookVersion extends PriceBookSummary {
  status: PriceBookStatus;
}

/** Every version of the price book, the newest start first, with what each one is today. */
export async function listPriceBooks(deps: {
  catalog: CatalogRepository;
  clock: Clock;
}): Promise<PriceBookVersion[]> {
  const today = businessDateAt(deps.clock.now());
  const [books, current] = await Promise.all([
    deps.catalog.listPriceBooks(),
    deps.catalog.priceBookInForce(today),
  ]);
  return books.map((book) => ({
    ...book,
    status: book.id === current?.id ? 'em_vigor' : book.validFrom > today ? 'agendada' : 'encerrada',
  }));
}
