import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';

export const PRODUCTS_KEY = ['products'] as const;

/** GET /api/v1/products: a product and the Hiperador's share of its implantação. */
export interface ProductShare {
  code: string;
  name: string;
  /** Basis points: 10000 = 100% to the Hiperador. */
  setup_fee_reseller_bp: number;
  /** "100%", "70,5%". */
  setup_fee_reseller_label: string;
}

export interface ChangedProductShare extends ProductShare {
  previous_setup_fee_reseller_bp: number;
}

/** Every product with its implantação split (staff). */
export function useProducts(enabled = true) {
  return useQuery({
    queryKey: PRODUCTS_KEY,
    queryFn: ({ signal }) =>
      apiRequest<{ items: ProductShare[] }>('/api/v1/products', { signal }).then((r) => r.items),
    enabled,
  });
}

/** PUT /api/v1/products/:code/setup-fee-share (administrator). */
export function useSetSetupFeeShare() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, resellerBp }: { code: string; resellerBp: number }) =>
      apiRequest<ChangedProductShare>(`/api/v1/products/${encodeURIComponent(code)}/setup-fee-share`, {
        method: 'PUT',
        body: { reseller_bp: resellerBp },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: PRODUCTS_KEY });
    },
  });
}
