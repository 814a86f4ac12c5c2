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

/** Body of PUT /api/v1/clients/:id: the fields sent replace the stored ones (null clears). */
export interface ClientEditBody {
  document?: string;
  legal_name?: string;
  trade_name?: string | null;
  email?: string;
  phone?: string | null;
  contact_name?: string | null;
  street?: string | null;
  number?: string | null;
  district?: string | null;
  city?: string;
  state?: string;
  cep?: string | null;
  state_registration?: string | null;
  billing_emails?: string[];
  responsible_name?: string | null;
  responsible_cpf?: string | null;
  responsible_email?: string | null;
}

export function useUpdateClient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClientEditBody) =>
      apiRequest<ClientDetail>(`/api/v1/clients/${encodeURIComponent(id)}`, { method: 'PUT', body }),
    onSuccess: (client) => {
      queryClient.setQueryData(['client', client.id], client);
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
      void queryClient.invalidateQueries({ queryKey: ['client-events', client.id] });
      void queryClient.invalidateQueries({ queryKey: ['contract-kinds', client.id] });
    },
  });
}

export interface ClientEvent {
  id: string;
  at: string;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Record<string, unknown>;
}

export function useClientEvents(id: string) {
  return useQuery({
    queryKey: ['client-events', id],
    queryFn: ({ signal }) =>
      apiRequest<{ items: ClientEvent[] }>(`/api/v1/clients/${encodeURIComponent(id)}/events`, { signal }),
  });
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
