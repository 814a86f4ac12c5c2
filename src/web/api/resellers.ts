import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import type { ResellerList } from './types';

/** The resellers visible to the signed-in staff member (a gerente de contas only sees their own). */
export function useResellers(enabled = true) {
  return useQuery({
    queryKey: ['resellers'],
    queryFn: ({ signal }) => apiRequest<ResellerList>('/api/v1/resellers', { signal }),
    enabled,
  });
}
