import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CHARGES_KEY, type Charge } from './charges';
import { apiRequest } from './client';

export type StatementStatus = 'aberto' | 'fechado' | 'pago';
export type RepasseEntryKind = 'parcela' | 'implantacao' | 'proporcional' | 'estorno' | 'ajuste';

export interface StatementTotals {
  line_count: number;
  received_cents: number;
  cost_cents: number;
  central_fee_cents: number;
  fine_interest_cents: number;
  adjustments_cents: number;
  repasse_cents: number;
}

export interface RepasseReseller {
  id: string;
  name: string;
  legal_name: string;
  document: string;
}

export interface StatementSummary extends StatementTotals {
  month: string;
  month_label: string;
  status: StatementStatus;
  status_label: string;
  closed_at: string | null;
  paid_on: string | null;
  payment_reference: string | null;
  has_invoice: boolean;
}

export interface StatementLine {
  id: string;
  kind: RepasseEntryKind;
  kind_label: string;
  description: string;
  client: { id: string; legal_name: string; document: string } | null;
  charge: { id: string; number: string } | null;
  competence: string | null;
  occurred_on: string;
  reverses_id: string | null;
  received_cents: number;
  cost_cents: number;
  central_fee_cents: number;
  fine_interest_cents: number;
  repasse_cents: number;
}

export interface StatementDetail {
  reseller: RepasseReseller;
  month: string;
  month_label: string;
  status: StatementStatus;
  status_label: string;
  lines: StatementLine[];
  lines_page: { page: number; page_size: number; total: number };
  adjustments: StatementLine[];
  totals: StatementTotals;
  closed_at: string | null;
  closed_by_name: string | null;
  paid_on: string | null;
  payment_reference: string | null;
  invoice: {
    filename: string;
    content_type: string;
    sha256: string;
    size_bytes: number;
    uploaded_at: string;
    uploaded_by_name: string | null;
  } | null;
}

export const REPASSE_KEY = ['repasse'] as const;

const statementsPath = (resellerId: string) =>
  `/api/v1/repasse/resellers/${encodeURIComponent(resellerId)}/statements`;
const statementPath = (resellerId: string, month: string) =>
  `${statementsPath(resellerId)}/${encodeURIComponent(month)}`;

export const statementCsvUrl = (resellerId: string, month: string) =>
  `${statementPath(resellerId, month)}/export.csv`;
export const statementPdfUrl = (resellerId: string, month: string) =>
  `${statementPath(resellerId, month)}/export.pdf`;
export const statementInvoiceUrl = (resellerId: string, month: string) =>
  `${statementPath(resellerId, month)}/invoice`;

export function useStatements(resellerId: string | null) {
  return useQuery({
    queryKey: [...REPASSE_KEY, 'list', resellerId],
    queryFn: ({ signal }) =>
      apiRequest<{ reseller: RepasseReseller; statements: StatementSummary[] }>(
        statementsPath(resellerId ?? ''),
        { signal },
      ),
    enabled: resellerId !== null,
  });
}

export function useStatement(resellerId: string | null, month: string | null, page = 1) {
  return useQuery({
    queryKey: [...REPASSE_KEY, 'detail', resellerId, month, page],
    queryFn: ({ signal }) =>
      apiRequest<StatementDetail>(`${statementPath(resellerId ?? '', month ?? '')}?page=${page}`, { signal }),
    enabled: resellerId !== null && month !== null,
    placeholderData: keepPreviousData,
  });
}

function useStatementMutation<T>(
  fn: (args: T & { resellerId: string; month: string }) => Promise<StatementDetail>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: REPASSE_KEY }),
  });
}

export function useCloseStatement() {
  return useStatementMutation<object>(({ resellerId, month }) =>
    apiRequest<StatementDetail>(`${statementPath(resellerId, month)}/close`, { method: 'POST' }),
  );
}

export function useAddAdjustment() {
  return useStatementMutation<{ amount_cents: number; description: string; idempotency_key: string }>(
    ({ resellerId, month, ...body }) =>
      apiRequest<StatementDetail>(`${statementPath(resellerId, month)}/adjustments`, {
        method: 'POST',
        body,
      }),
  );
}

export function useRecordPayout() {
  return useStatementMutation<{ paid_on: string; reference: string }>(({ resellerId, month, ...body }) =>
    apiRequest<StatementDetail>(`${statementPath(resellerId, month)}/payout`, { method: 'POST', body }),
  );
}

/** Sends the nota fiscal as it is (PDF or XML); errors come as ApiError. */
function uploadInvoice(resellerId: string, month: string, file: File, csrf: string) {
  return apiRequest<StatementDetail>(statementInvoiceUrl(resellerId, month), {
    method: 'PUT',
    query: { filename: file.name },
    file: { body: file, contentType: /\.xml$/i.test(file.name) ? 'application/xml' : 'application/pdf' },
    csrf,
    tooLargeMessage: 'A nota fiscal pode ter no máximo 5 MB.',
  });
}

export function useUploadInvoice(csrf: string) {
  return useStatementMutation<{ file: File }>(({ resellerId, month, file }) =>
    uploadInvoice(resellerId, month, file, csrf),
  );
}

export interface RefundBody {
  kind: 'estorno' | 'chargeback';
  reason: string;
  refunded_on: string;
  idempotency_key: string;
}

export interface RefundResponse {
  charge: Charge;
  refund: {
    id: string;
    status: 'applied' | 'duplicate';
    amount_cents: number;
    refunded_on: string;
    reversed_lines: number;
    clawback_cents: number;
  };
}

/** Estorno / chargeback of a paid charge (back office): the charge, its installment and the repasse. */
export function useRefundCharge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ chargeId, body }: { chargeId: string; body: RefundBody }) =>
      apiRequest<RefundResponse>(`/api/v1/charges/${encodeURIComponent(chargeId)}/refund`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: CHARGES_KEY });
      void queryClient.invalidateQueries({ queryKey: REPASSE_KEY });
    },
  });
}
