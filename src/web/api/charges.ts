import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChargeMethod, ChargeStatus, PaymentSource } from '../../domain/payments/charges';
import { apiRequest } from './client';
import type { Page } from './types';

export interface ChargeSummary {
  id: string;
  number: string;
  client: { id: string; legal_name: string; document: string };
  reseller: { id: string; name: string };
  contract_id: string | null;
  installment_id: string | null;
  description: string;
  method: ChargeMethod;
  method_label: string;
  status: ChargeStatus;
  status_label: string;
  amount_cents: number;
  paid_cents: number;
  balance_cents: number;
  due_date: string;
  paid_on: string | null;
  created_at: string;
}

export interface BoletoInfo {
  bank_code: string;
  nosso_numero: string;
  barcode: string;
  digitable_line: string;
  digitable_line_formatted: string;
  registered_at: string | null;
}

export interface TedInfo {
  identifier: string;
  bank: string;
  agency: string;
  account: string;
  beneficiary: string;
  beneficiary_document: string;
}

export interface Charge extends ChargeSummary {
  fine_basis_points: number;
  interest_monthly_basis_points: number;
  provider: string;
  provider_reference: string | null;
  boleto: BoletoInfo | null;
  pix: { txid: string; payload: string } | null;
  ted: TedInfo | null;
  card_installments: number | null;
  failure_reason: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  payment_page_url: string;
}

export interface ChargePayment {
  id: string;
  source: PaymentSource;
  source_label: string;
  source_id: string;
  amount_cents: number;
  principal_cents: number;
  fine_interest_cents: number;
  discount_cents: number;
  overpaid_cents: number;
  paid_on: string;
  credited_on: string | null;
  reason: string | null;
  recorded_by_name: string | null;
  created_at: string;
}

export interface ChargeEvent {
  id: string;
  type: string;
  description: string;
  details: Record<string, unknown>;
  at: string;
}

export interface ChargeDetail extends Charge {
  payments: ChargePayment[];
  events: ChargeEvent[];
}

export interface ChargeFilters {
  clientId?: string | null;
  q?: string;
  status?: ChargeStatus | null;
  method?: ChargeMethod | null;
  page: number;
  pageSize: number;
}

/** Every query about charges starts with this key: invalidate it after anything that moves money. */
export const CHARGES_KEY = ['charges'] as const;

export function useCharges(filters: ChargeFilters) {
  return useQuery({
    queryKey: [...CHARGES_KEY, 'list', filters],
    queryFn: ({ signal }) =>
      apiRequest<Page<ChargeSummary> & { credit_cents: number | null }>('/api/v1/charges', {
        query: {
          client_id: filters.clientId,
          search: filters.q,
          status: filters.status,
          method: filters.method,
          page: filters.page,
          page_size: filters.pageSize,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useCharge(id: string | null) {
  return useQuery({
    queryKey: [...CHARGES_KEY, 'detail', id],
    queryFn: ({ signal }) =>
      apiRequest<ChargeDetail>(`/api/v1/charges/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
    staleTime: 0,
  });
}

export interface NewChargeBody {
  client_id: string;
  method: ChargeMethod;
  amount_cents: number;
  due_date: string;
  description: string;
  card_installments?: number | null;
  notify?: boolean;
}

export function useCreateCharge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewChargeBody) => apiRequest<Charge>('/api/v1/charges', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CHARGES_KEY }),
  });
}

export function useCancelCharge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiRequest<Charge>(`/api/v1/charges/${encodeURIComponent(id)}/cancel`, {
        method: 'POST',
        body: { reason },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: CHARGES_KEY }),
  });
}

export function useResendCharge() {
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<{ recipients: string[] }>(`/api/v1/charges/${encodeURIComponent(id)}/resend`, {
        method: 'POST',
      }),
  });
}

export function boletoPdfUrl(id: string): string {
  return `/api/v1/charges/${encodeURIComponent(id)}/boleto.pdf`;
}

/** The client's public payment page (no session): what the e-mailed link shows. */
export interface PublicCharge {
  number: string;
  client_name: string;
  description: string;
  method: ChargeMethod;
  method_label: string;
  status: ChargeStatus;
  status_label: string;
  amount_cents: number;
  balance_cents: number;
  due_date: string;
  paid_on: string | null;
  fine_basis_points: number;
  interest_monthly_basis_points: number;
  beneficiary: { name: string; document: string };
  boleto: BoletoInfo | null;
  pix: { txid: string; payload: string } | null;
  ted: TedInfo | null;
}

export function usePublicCharge(token: string) {
  return useQuery({
    queryKey: ['payment-page', token],
    queryFn: ({ signal }) =>
      apiRequest<PublicCharge>(`/api/v1/payment-page/${encodeURIComponent(token)}`, {
        signal,
        quietUnauthorized: true,
      }),
    retry: false,
  });
}

export function publicBoletoPdfUrl(token: string): string {
  return `/api/v1/payment-page/${encodeURIComponent(token)}/boleto.pdf`;
}
