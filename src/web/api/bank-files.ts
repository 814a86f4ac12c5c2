import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiDownload, apiRequest, saveFile } from './client';
import type { Page } from './types';

export type BankFileKind = 'remessa' | 'retorno' | 'extrato';
export type BankFileStatus = 'gerado' | 'processando' | 'importado' | 'recusado';

export interface BankFile {
  id: string;
  kind: BankFileKind;
  kind_label: string;
  status: BankFileStatus;
  status_label: string;
  bank_code: string | null;
  sequence: number | null;
  filename: string;
  sha256: string;
  size_bytes: number;
  total_items: number;
  processed_items: number;
  summary: Record<string, unknown>;
  error: string | null;
  created_by_name: string | null;
  created_at: string;
  finished_at: string | null;
}

/** bank_files.summary of a retorno (see src/app/payments/import-bank-return.ts). */
export interface RetornoSummary {
  applied: number;
  paid_cents: number;
  duplicates: number;
  registered: number;
  rejected: number;
  cancelled: number;
  fees: number;
  fees_cents: number;
  other: number;
  unmatched: number;
  unmatched_items: { line: number; nosso_numero: string; movement: string }[];
}

/** bank_files.summary of a remessa. */
export interface RemessaSummary {
  entries: number;
  cancellations: number;
  total_cents: number;
}

export interface RemessaResult {
  file: BankFile;
  entries: number;
  cancellations: number;
  total_cents: number;
}

export interface RetornoImport {
  file: BankFile;
  duplicate: boolean;
}

const BANK_FILES_KEY = ['bank-files'] as const;

export function bankFileDownloadUrl(id: string): string {
  return `/api/v1/bank-files/${encodeURIComponent(id)}/download`;
}

/** Remessas and retornos, newest first. */
export function useBankFiles(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...BANK_FILES_KEY, 'list', page, pageSize],
    queryFn: ({ signal }) =>
      apiRequest<Page<BankFile>>('/api/v1/bank-files', { query: { page, page_size: pageSize }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    // Someone's import still running: keep the list's progress fresh.
    refetchInterval: (query) =>
      query.state.data?.items.some((f) => f.status === 'processando') ? 2_000 : false,
  });
}

/** One file, polled every second while it is being imported (processed_items of total_items). */
export function useBankFile(id: string | null) {
  return useQuery({
    queryKey: [...BANK_FILES_KEY, 'file', id],
    queryFn: ({ signal }) =>
      apiRequest<BankFile>(`/api/v1/bank-files/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.status === 'processando' ? 1_000 : false),
  });
}

function useInvalidateFilesAndCharges() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: BANK_FILES_KEY });
    void queryClient.invalidateQueries({ queryKey: ['charges'] });
  };
}

export function useGenerateRemessa() {
  const invalidate = useInvalidateFilesAndCharges();
  return useMutation({
    mutationFn: () => apiRequest<RemessaResult>('/api/v1/bank-files/remessa', { method: 'POST', body: {} }),
    onSuccess: invalidate,
  });
}

/** Sends the retorno as it is (raw bytes); errors come as ApiError. */
function uploadRetorno(file: File, csrf: string): Promise<RetornoImport> {
  return apiRequest<RetornoImport>('/api/v1/bank-files/retorno', {
    method: 'POST',
    query: { filename: file.name },
    file: { body: file, contentType: 'application/octet-stream' },
    csrf,
    tooLargeMessage: 'O retorno passa de 100 MB.',
  });
}

export function useImportRetorno(csrf: string) {
  const invalidate = useInvalidateFilesAndCharges();
  return useMutation({
    mutationFn: (file: File) => uploadRetorno(file, csrf),
    onSuccess: invalidate,
  });
}

/** The sandbox bank's retorno for a remessa, saved by the browser (demo and tests only). */
async function downloadSimulatedRetorno(remessaId: string, csrf: string): Promise<string> {
  const { blob, filename } = await apiDownload(
    `/api/v1/bank-files/${encodeURIComponent(remessaId)}/simulated-retorno`,
    { method: 'POST', csrf },
  );
  const name = filename ?? 'retorno-simulado.RET';
  saveFile(blob, name);
  return name;
}

export function useSimulatedRetorno(csrf: string) {
  return useMutation({ mutationFn: (remessaId: string) => downloadSimulatedRetorno(remessaId, csrf) });
}
