import type { PriceBookSnapshot } from '../../domain/pricing/catalog';
import { type PricedQuote, priceQuote, type QuoteConfiguration } from '../../domain/pricing/price-quote';
import { currentPriceBook } from '../catalog/current-price-book';
import type { CatalogRepository } from '../catalog/ports';
import { AppError } from '../shared/errors';
import type { Clock } from '../shared/ports';

/** Throws the first rule violation of a priced quote as an AppError (the page shows the same text). */
export function assertQuoteValid(quote: PricedQuote): void {
  const violation = quote.violations[0];
  if (!violation) return;
  throw new AppError(violation.code, violation.message, violation.field, {
    ...(violation.minimumMonthlyCents !== undefined
      ? { minimum_monthly_cents: violation.minimumMonthlyCents }
      : {}),
  });
}

/** Stateless pricing on today's price book; refuses a configuration that breaks a rule. */
export async function priceConfiguration(
  deps: { catalog: CatalogRepository; clock: Clock },
  configuration: QuoteConfiguration,
): Promise<{ book: PriceBookSnapshot; quote: PricedQuote }> {
  const book = await currentPriceBook(deps);
  const quote = priceQuote(book, configuration);
  assertQuoteValid(quote);
  return { book, quote };
}
