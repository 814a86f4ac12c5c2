import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/client';

/** GET /api/v1/signing/:token */
export interface SigningInfo {
  status: 'aguardando_assinatura' | 'assinado' | 'recusado' | 'cancelado';
  expires_at: string;
  contract: {
    number: string;
    version: number;
    kind_label: string;
    client_legal_name: string;
    client_document: string;
    reseller_name: string;
    product_name: string;
    monthly_cents: number;
    periodicity_label: string;
    payment_method_label: string;
    card_installments: number | null;
    first_charge_cents: number;
    setup_fee_cents: number;
    document_sha256: string;
  };
  signer: { name: string; cpf_masked: string; email_masked: string };
  code: CodeState;
  signed: { at: string; sha256: string } | null;
}

export interface CodeState {
  sent: boolean;
  expires_at: string | null;
  attempts_left: number;
  locked: boolean;
  resend_available_at: string | null;
}

const base = (token: string) => `/api/v1/signing/${encodeURIComponent(token)}`;
export const signingPdfUrl = (token: string) => `${base(token)}/pdf`;
export const signedPdfUrl = (token: string) => `${base(token)}/signed-pdf`;
const key = (token: string) => ['signing', token] as const;

export function useSigning(token: string) {
  return useQuery({ queryKey: key(token), queryFn: () => apiRequest<SigningInfo>(base(token)) });
}

export function useRequestCode(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; cpf: string }) =>
      apiRequest<CodeState>(`${base(token)}/code`, { method: 'POST', body }),
    onSuccess: (code) => qc.setQueryData<SigningInfo>(key(token), (old) => (old ? { ...old, code } : old)),
  });
}

export function useSign(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { code: string; accept: boolean }) =>
      apiRequest<{ signed_at: string; sha256: string }>(`${base(token)}/sign`, { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: key(token) }),
  });
}

export function useRefuse(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      apiRequest<{ status: 'recusado' }>(`${base(token)}/refuse`, { method: 'POST', body: { reason } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(token) }),
  });
}
