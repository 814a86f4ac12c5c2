import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClientStatus } from '../../domain/clients/client-status';
import type { ChargeMethod, ChargeStatus } from '../../domain/payments/charges';
import { CHARGES_KEY } from './charges';
import { apiRequest } from './client';
import type { Page } from './types';

export type BillingRunStatus = 'executando' | 'concluida' | 'falhou';

export interface BillingRunError {
  contract_id: string | null;
  client_id: string | null;
  client_name: string | null;
  step: string | null;
  message: string;
}

export interface BillingRun {
  id: string;
  run_date: string;
  status: BillingRunStatus;
  status_label: string;
  trigger: string;
  trigger_label: string;
  total_items: number;
  processed_items: number;
  counts: Record<string, number>;
  errors: BillingRunError[];
  started_by_name: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface Installment {
  id: string;
  contract: { id: string; number: string; version: number };
  key: string;
  kind: 'parcela' | 'proporcional';
  number: number;
  competence: string;
  due_date: string;
  amount_cents: number;
  setup_fee_cents: number;
  access_until: string;
  status: 'emitida' | 'paga' | 'cancelada' | 'estornada';
  situation: string;
  paid_on: string | null;
  charge: {
    id: string;
    number: string;
    status: ChargeStatus;
    status_label: string;
    method: ChargeMethod;
    method_label: string;
  } | null;
}

export interface AccessOverride {
  id: string;
  until: string;
  reason: string;
  created_by_name: string | null;
  created_at: string;
}

export interface ClientInstallments {
  client: {
    id: string;
    legal_name: string;
    status: ClientStatus;
    status_label: string;
    paid_through: string | null;
  };
  contract: {
    id: string;
    number: string;
    version: number;
    effective_from: string | null;
    ended_at: string | null;
    end_reason: string | null;
  } | null;
  cancellation: { at: string; reason: string } | null;
  installments: Installment[];
  overrides: AccessOverride[];
}

export const BILLING_RUNS_KEY = ['billing-runs'] as const;
const installmentsKey = (clientId: string) => ['client-installments', clientId] as const;

/** Polls every 2 s while a run is executing. */
export function useBillingRuns(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...BILLING_RUNS_KEY, 'list', page, pageSize],
    queryFn: ({ signal }) =>
      apiRequest<Page<BillingRun>>('/api/v1/billing/runs', {
        query: { page, page_size: pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((r) => r.status === 'executando') ? 2_000 : false,
  });
}

export function useBillingRun(id: string | null) {
  return useQuery({
    queryKey: [...BILLING_RUNS_KEY, 'detail', id],
    queryFn: ({ signal }) =>
      apiRequest<BillingRun>(`/api/v1/billing/runs/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'executando' ? 2_000 : false),
  });
}

export function useStartBillingRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (date: string) =>
      apiRequest<BillingRun>('/api/v1/billing/runs', { method: 'POST', body: { date } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: BILLING_RUNS_KEY }),
  });
}

export function useClientInstallments(clientId: string) {
  return useQuery({
    queryKey: installmentsKey(clientId),
    queryFn: ({ signal }) =>
      apiRequest<ClientInstallments>(`/api/v1/clients/${encodeURIComponent(clientId)}/installments`, {
        signal,
      }),
  });
}

/** After a staff change the client's page (status, liberado até), its charges and parcelas reload. */
function useInvalidateClient(clientId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: installmentsKey(clientId) });
    void queryClient.invalidateQueries({ queryKey: CHARGES_KEY });
    void queryClient.invalidateQueries({ queryKey: ['clients'] });
    void queryClient.invalidateQueries({ queryKey: ['client'] });
  };
}

export function useGrantAccess(clientId: string) {
  const invalidate = useInvalidateClient(clientId);
  return useMutation({
    mutationFn: (body: { until: string; reason: string }) =>
      apiRequest<{ paid_through: string; status: ClientStatus; status_label: string }>(
        `/api/v1/clients/${encodeURIComponent(clientId)}/access-override`,
        { method: 'POST', body },
      ),
    onSuccess: invalidate,
  });
}

export function useCancelBilling(clientId: string) {
  const invalidate = useInvalidateClient(clientId);
  return useMutation({
    mutationFn: (reason: string) =>
      apiRequest<{
        cancelled_installments: number;
        cancelled_charges: { id: string; number: string }[];
        paid_through: string | null;
        status: ClientStatus;
        status_label: string;
      }>(`/api/v1/clients/${encodeURIComponent(clientId)}/cancel-billing`, {
        method: 'POST',
        body: { reason },
      }),
    onSuccess: invalidate,
  });
}
