import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import type { Page } from './types';

export const EMAIL_STATUSES = ['pendente', 'enviado', 'falhou'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface OutboxSummary {
  id: string;
  to: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  last_error: string | null;
  entity: { type: string; id: string | null } | null;
  reseller_id: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface OutboxMessage extends OutboxSummary {
  html: string;
  text: string;
  provider_message_id: string | null;
}

export interface OutboxFilters {
  q: string;
  status: EmailStatus | null;
  page: number;
  pageSize: number;
}

const OUTBOX_KEY = ['outbox'] as const;

/** The Caixa de saída (staff only). */
export function useOutbox(filters: OutboxFilters) {
  return useQuery({
    queryKey: [...OUTBOX_KEY, 'list', filters],
    queryFn: ({ signal }) =>
      apiRequest<Page<OutboxSummary>>('/api/v1/outbox', {
        query: { q: filters.q, status: filters.status, page: filters.page, page_size: filters.pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useOutboxMessage(id: string | null) {
  return useQuery({
    queryKey: [...OUTBOX_KEY, 'message', id],
    queryFn: ({ signal }) =>
      apiRequest<OutboxMessage>(`/api/v1/outbox/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
    staleTime: 0,
    // Queued for sending (e.g. after "Reenviar"): follow it until the worker is done.
    refetchInterval: (query) =>
      query.state.data?.status === 'pendente' && !query.state.data.last_error ? 2_000 : false,
  });
}

/** "Reenviar": a new round of attempts for a failed or pending e-mail. */
export function useRetryEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<OutboxMessage>(`/api/v1/outbox/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    onSuccess: (message) => {
      queryClient.setQueryData([...OUTBOX_KEY, 'message', message.id], message);
      void queryClient.invalidateQueries({ queryKey: [...OUTBOX_KEY, 'list'] });
    },
  });
}
