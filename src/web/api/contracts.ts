import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContractKind, ContractStatus } from '../../domain/contracts/contract-rules';
import type { Periodicity } from '../../domain/pricing/catalog';
import { apiRequest } from './client';
import type { QuoteInput } from './proposals';
import type { Page } from './types';

export type { ContractKind, ContractStatus };

export interface ContractSummary {
  id: string;
  number: string;
  version: number;
  kind: ContractKind;
  kind_label: string;
  status: ContractStatus;
  status_label: string;
  client: { id: string; legal_name: string; trade_name: string | null; document: string };
  reseller: { id: string; name: string };
  proposal: { id: string; number: string } | null;
  product_name: string;
  periodicity: Periodicity;
  monthly_negotiated_cents: number;
  period_total_cents: number;
  setup_fee_cents: number;
  keep_paid_through: string | null;
  issued_by_name: string | null;
  issued_at: string;
  signed_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  document_id: string | null;
}

export interface IssuedContract extends ContractSummary {
  replaced: { id: string; number: string; version: number } | null;
  document_sha256: string;
}

export interface ClientDocument {
  id: string;
  kind: 'proposta' | 'contrato' | 'contrato_assinado';
  filename: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
  contract: { id: string; number: string | null; version: number | null } | null;
}

/** GET /contracts/:id: the summary plus the calculator input frozen in the contract. */
export interface ContractDetail extends ContractSummary {
  input: QuoteInput;
}

export function useContracts(
  filters: {
    clientId?: string | null;
    status?: ContractStatus | null;
    page?: number;
    pageSize?: number;
  },
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: ['contracts', filters],
    queryFn: ({ signal }) =>
      apiRequest<Page<ContractSummary>>('/api/v1/contracts', {
        query: {
          client_id: filters.clientId,
          status: filters.status,
          page: filters.page,
          page_size: filters.pageSize,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useContract(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['contract', id],
    queryFn: ({ signal }) =>
      apiRequest<ContractDetail>(`/api/v1/contracts/${encodeURIComponent(id)}`, { signal }),
    enabled: options.enabled ?? true,
  });
}

export function useContractKinds(clientId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['contract-kinds', clientId],
    queryFn: ({ signal }) =>
      apiRequest<{ items: { kind: ContractKind; label: string }[] }>(
        `/api/v1/clients/${encodeURIComponent(clientId)}/contract-kinds`,
        { signal },
      ),
    enabled: options.enabled ?? true,
  });
}

export function useClientDocuments(clientId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['client-documents', clientId],
    queryFn: ({ signal }) =>
      apiRequest<{ items: ClientDocument[] }>(`/api/v1/clients/${encodeURIComponent(clientId)}/documents`, {
        signal,
      }),
    enabled: options.enabled ?? true,
  });
}

/** After an issue or a cancel, the client's lists are stale. */
function useInvalidateClient() {
  const queryClient = useQueryClient();
  return (clientId: string) => {
    for (const key of [
      'contracts',
      'client',
      'clients',
      'client-documents',
      'client-events',
      'contract-kinds',
    ]) {
      void queryClient.invalidateQueries({
        queryKey: key === 'contracts' || key === 'clients' ? [key] : [key, clientId],
      });
    }
  };
}

export function useIssueContract(proposalId: string) {
  const invalidate = useInvalidateClient();
  return useMutation({
    mutationFn: (body: { kind?: ContractKind }) =>
      apiRequest<IssuedContract>(`/api/v1/proposals/${encodeURIComponent(proposalId)}/contract`, {
        method: 'POST',
        body,
      }),
    onSuccess: (contract) => invalidate(contract.client.id),
  });
}

export function useCancelContract() {
  const invalidate = useInvalidateClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiRequest<ContractSummary>(`/api/v1/contracts/${encodeURIComponent(id)}/cancel`, {
        method: 'POST',
        body: { reason },
      }),
    onSuccess: (contract) => invalidate(contract.client.id),
  });
}

/** POST /contracts/:id/resend: a new signing link by e-mail; the previous one stops working. */
export function useResendSigningLink() {
  const invalidate = useInvalidateClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; clientId: string }) =>
      apiRequest<{ id: string; sent_to: string }>(`/api/v1/contracts/${encodeURIComponent(id)}/resend`, {
        method: 'POST',
      }),
    onSuccess: (_sent, { clientId }) => invalidate(clientId),
  });
}

/** "jo***@example.com": enough to recognise the address without showing it whole. */
export function maskEmailForDisplay(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, local.length - 1) || 1)}***${email.slice(at)}`;
}

export function documentUrl(id: string): string {
  return `/api/v1/documents/${encodeURIComponent(id)}`;
}
