import { useQuery } from '@tanstack/react-query';
import type { PriceBookSnapshot } from '../../domain/pricing/catalog';
import { type PriceBookJson, priceBookFromJson } from '../../domain/pricing/catalog-json';
import { apiRequest } from './client';

export const CATALOG_KEY = ['catalog'] as const;

/** The price book in force today (GET /api/v1/catalog), as the pricing core's snapshot. */
export function useCatalog() {
  return useQuery({
    queryKey: CATALOG_KEY,
    queryFn: ({ signal }) => apiRequest<PriceBookJson>('/api/v1/catalog', { signal }),
    select: (json): PriceBookSnapshot => priceBookFromJson(json),
    staleTime: 5 * 60_000,
  });
}
