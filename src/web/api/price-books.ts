import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PriceBookJson } from '../../domain/pricing/catalog-json';
import { apiRequest } from './client';

export const PRICE_BOOKS_KEY = ['price-books'] as const;

export type PriceBookStatus = 'em_vigor' | 'agendada' | 'encerrada';

export interface PriceBookVersion {
  id: string;
  name: string;
  valid_from: string;
  created_at: string;
  created_by_name: string | null;
  in_force: boolean;
  status: PriceBookStatus;
  items_count: number;
}

type ItemBody = Pick<
  PriceBookJson['apps'][number],
  'code' | 'name' | 'product_code' | 'original_cents' | 'minimum_cents' | 'cost_cents' | 'sort_order'
>;

/** POST /api/v1/price-books */
export interface NewPriceBookBody {
  name: string;
  valid_from: string;
  central_fee_bp: number;
  discount_bp: { semestral: number; anual: number };
  max_card_installments: { mensal: number; semestral: number; anual: number };
  plans: (ItemBody & {
    product_code: string;
    setup_fee_cents: number;
    included: { users: number; registers: number; stores: number };
  })[];
  addons: ItemBody[];
  apps: ItemBody[];
}

export interface CreatedPriceBook extends PriceBookJson {
  warnings: { code: string; message: string; field: string }[];
}

/** Every version of the price book (staff). */
export function usePriceBooks() {
  return useQuery({
    queryKey: PRICE_BOOKS_KEY,
    queryFn: ({ signal }) =>
      apiRequest<{ items: PriceBookVersion[] }>('/api/v1/price-books', { signal }).then((r) => r.items),
  });
}

/** One version, complete (books never change: cached for good). */
export function usePriceBook(id: string | null | undefined) {
  return useQuery({
    queryKey: [...PRICE_BOOKS_KEY, id],
    queryFn: ({ signal }) => apiRequest<PriceBookJson>(`/api/v1/price-books/${id}`, { signal }),
    enabled: Boolean(id),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** A new version (administrator); refreshes the version list and the calculator's catalog. */
export function useCreatePriceBook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPriceBookBody) =>
      apiRequest<CreatedPriceBook>('/api/v1/price-books', { method: 'POST', body }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: PRICE_BOOKS_KEY, exact: true }),
        queryClient.invalidateQueries({ queryKey: ['catalog'] }),
      ]);
    },
  });
}
