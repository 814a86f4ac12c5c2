import { keepPreviousData, useQuery } from '@tanstack/react-query';
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

export function useClient(id: string) {
  return useQuery({
    queryKey: ['client', id],
    queryFn: ({ signal }) =>
      apiRequest<ClientDetail>(`/api/v1/clients/${encodeURIComponent(id)}`, { signal }),
  });
}
