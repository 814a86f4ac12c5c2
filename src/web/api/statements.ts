import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChargeMethod, ChargeStatus } from '../../domain/payments/charges';
import { apiRequest } from './client';
import type { Page } from './types';

export const STATEMENT_ENTRY_STATUSES = ['pendente', 'conciliado', 'descartado'] as const;
export type StatementEntryStatus = (typeof STATEMENT_ENTRY_STATUSES)[number];

export interface StatementImportSummary {
  file_id: string;
  filename: string;
  sha256: string;
  account: string;
  start: string | null;
  end: string | null;
  already_imported: boolean;
  credits: number;
  matched: number;
  duplicates: number;
  unmatched: number;
  ignored_debits: number;
  ignored_balances: number;
}

export interface StatementEntry {
  id: string;
  file_id: string | null;
  filename: string | null;
  account: string;
  fitid: string;
  posted_on: string;
  amount_cents: number;
  memo: string | null;
  payer_document: string | null;
  status: StatementEntryStatus;
  status_label: string;
  unmatched_reason: string | null;
  charge: { id: string; number: string | null; client_name: string | null } | null;
  payment_id: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  dismiss_reason: string | null;
  created_at: string;
}

export interface PaymentOutcome {
  status: 'applied' | 'duplicate';
  payment_id: string;
  charge_id: string;
  principal_cents: number;
  overpaid_cents: number;
  balance_cents: number;
  settled: boolean;
}

export interface ChargeOption {
  id: string;
  number: string;
  client: { id: string; legal_name: string; document: string };
  method: ChargeMethod;
  method_label: string;
  status: ChargeStatus;
  status_label: string;
  amount_cents: number;
  balance_cents: number;
  due_date: string;
  ted_identifier: string | null;
}

export interface StatementEntryFilters {
  status: StatementEntryStatus | null;
  q?: string;
  page: number;
  pageSize: number;
}

const STATEMENTS_KEY = ['statements'] as const;

export function useStatementEntries(filters: StatementEntryFilters) {
  return useQuery({
    queryKey: [...STATEMENTS_KEY, 'entries', filters],
    queryFn: ({ signal }) =>
      apiRequest<Page<StatementEntry>>('/api/v1/statements/entries', {
        query: { status: filters.status, q: filters.q, page: filters.page, page_size: filters.pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

/** Open charges for a hand match: typed search, or (empty search) those whose balance is the credit. */
export function useChargeOptions(entryId: string | null, q: string) {
  return useQuery({
    queryKey: [...STATEMENTS_KEY, 'charge-options', entryId, q],
    queryFn: ({ signal }) =>
      apiRequest<{ items: ChargeOption[] }>(
        `/api/v1/statements/entries/${encodeURIComponent(entryId ?? '')}/charge-options`,
        { query: { q }, signal },
      ),
    enabled: entryId !== null,
    staleTime: 5_000,
  });
}

/** Sends the OFX as it is (raw bytes); errors come as ApiError. */
function uploadStatement(file: File, csrf: string): Promise<StatementImportSummary> {
  return apiRequest<StatementImportSummary>('/api/v1/statements/import', {
    method: 'POST',
    query: { filename: file.name },
    file: { body: file, contentType: 'application/octet-stream' },
    csrf,
    tooLargeMessage: 'O extrato passa de 10 MB; exporte um período menor.',
  });
}

/** After anything that moves money: the statement lists and every charge query. */
function useInvalidateMoney() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: STATEMENTS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['charges'] });
  };
}

export function useImportStatement(csrf: string) {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: (file: File) => uploadStatement(file, csrf),
    onSuccess: invalidate,
  });
}

export function useMatchEntry() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ entryId, chargeId }: { entryId: string; chargeId: string }) =>
      apiRequest<{ entry: StatementEntry; payment: PaymentOutcome }>(
        `/api/v1/statements/entries/${encodeURIComponent(entryId)}/match`,
        { method: 'POST', body: { charge_id: chargeId } },
      ),
    onSuccess: invalidate,
  });
}

export function useDismissEntry() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ entryId, reason }: { entryId: string; reason: string }) =>
      apiRequest<StatementEntry>(`/api/v1/statements/entries/${encodeURIComponent(entryId)}/dismiss`, {
        method: 'POST',
        body: { reason },
      }),
    onSuccess: invalidate,
  });
}

export interface ConfirmTedBody {
  amount_cents: number;
  paid_on: string;
  reason: string;
  /** One per dialog: sending the same confirmation twice records one payment. */
  idempotency_key: string;
}

export interface ConfirmTedResult {
  charge: {
    id: string;
    number: string;
    status: ChargeStatus;
    status_label: string;
    amount_cents: number;
    paid_cents: number;
    balance_cents: number;
    paid_on: string | null;
  };
  payment: PaymentOutcome;
}

/** "Confirmar TED recebida": a TED without a statement, with the reason. */
export function useConfirmTed() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ chargeId, body }: { chargeId: string; body: ConfirmTedBody }) =>
      apiRequest<ConfirmTedResult>(`/api/v1/charges/${encodeURIComponent(chargeId)}/ted/confirm`, {
        method: 'POST',
        body,
      }),
    onSuccess: invalidate,
  });
}
