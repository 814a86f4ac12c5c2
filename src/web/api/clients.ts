import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import type { ClientDetail, ClientStatus, ClientSummary, Page } from './types';

export interface ClientFilters {
  q: string;
  status: ClientStatus | null;
  page: number;
  pageSize: number;
}

export function useClients(filters: ClientFilters) {
  return useQuery({
    queryKey: ['clients', filters],
    queryFn: ({ signal }) =>
      apiRequest<Page<ClientSummary>>('/api/v1/clients', {
        query: {
          q: filters.q.trim(),
          status: filters.status,
          page: filters.page,
          page_size: filters.pageSize,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useClient(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['client', id],
    queryFn: ({ signal }) =>
      apiRequest<ClientDetail>(`/api/v1/clients/${encodeURIComponent(id)}`, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Body of POST /api/v1/clients (staff send the reseller_id; a Hiperador creates for its own reseller). */
export interface NewClientBody {
  document: string;
  legal_name: string;
  trade_name?: string;
  email: string;
  phone?: string;
  city: string;
  state: string;
  cep?: string;
  reseller_id?: string;
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewClientBody) =>
      apiRequest<ClientDetail>('/api/v1/clients', { method: 'POST', body }),
    onSuccess: (client) => {
      queryClient.setQueryData(['client', client.id], client);
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
    },
  });
}
