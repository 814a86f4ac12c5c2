import type { Cents } from '../../domain/money/money';
import type { ChargeMethod, ChargeStatus } from '../../domain/payments/charges';
import type { Page } from '../clients/ports';

export const STATEMENT_ENTRY_STATUSES = ['pendente', 'conciliado', 'descartado'] as const;
export type StatementEntryStatus = (typeof STATEMENT_ENTRY_STATUSES)[number];

export const STATEMENT_ENTRY_STATUS_LABELS: Record<StatementEntryStatus, string> = {
  pendente: 'Pendente',
  conciliado: 'Conciliado',
  descartado: 'Descartado',
};

/** A credit from an imported statement, as the queue shows it. */
export interface StatementEntryRecord {
  id: string;
  fileId: string | null;
  filename: string | null;
  /** BANKID-BRANCHID-ACCTID. */
  account: string;
  fitid: string;
  postedOn: string;
  amountCents: Cents;
  memo: string | null;
  /** A valid CPF/CNPJ cited in the memo (normalised), if any. */
  payerDocument: string | null;
  status: StatementEntryStatus;
  chargeId: string | null;
  chargeNumber: string | null;
  clientName: string | null;
  paymentId: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  dismissReason: string | null;
  /** Why the import could not match it (pt-BR), for pendente entries. */
  unmatchedMessage: string | null;
  /** The OFX transaction and the matching notes. */
  raw: Record<string, unknown>;
  createdAt: Date;
}

export interface StatementFileRecord {
  id: string;
  status: 'gerado' | 'processando' | 'importado' | 'recusado';
  filename: string;
  sha256: string;
  summary: Record<string, unknown>;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface NewStatementFile {
  filename: string;
  sha256: string;
  content: Uint8Array;
  bankCode: string;
  totalItems: number;
  summary: Record<string, unknown>;
  createdBy: string | null;
}

export interface NewStatementEntry {
  account: string;
  fitid: string;
  postedOn: string;
  amountCents: Cents;
  memo: string | null;
  payerDocument: string | null;
  raw: Record<string, unknown>;
}

/** What the import decided for one new entry. */
export type EntryResolution =
  | {
      entryId: string;
      status: 'conciliado';
      chargeId: string;
      paymentId: string;
      match: Record<string, unknown>;
    }
  | { entryId: string; status: 'pendente'; match: Record<string, unknown> };

export interface StatementListQuery {
  status?: StatementEntryStatus;
  /** Memo, FITID, CPF/CNPJ, charge number or client name. */
  search?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** An open charge offered for a hand match. */
export interface OpenChargeOption {
  id: string;
  number: string;
  clientId: string;
  clientLegalName: string;
  clientDocument: string;
  method: ChargeMethod;
  status: ChargeStatus;
  amountCents: Cents;
  paidCents: Cents;
  dueDate: string;
  tedIdentifier: string | null;
}

/**
 * Statement files and their credits. Statement entries belong to Hiper's own bank account (no reseller):
 * only admin and financeiro reach them, which the use cases check.
 */
export interface StatementRepository {
  findFile(sha256: string): Promise<StatementFileRecord | null>;
  /**
   * One transaction: the file ('processando') and its credits, each inserted unless (account, FITID) is
   * already known. Null when the same file (SHA-256) was recorded meanwhile (nothing written).
   */
  recordImport(
    file: NewStatementFile,
    entries: NewStatementEntry[],
  ): Promise<{ file: StatementFileRecord; inserted: StatementEntryRecord[] } | null>;
  /** The file's entries still 'pendente' (to resume an interrupted import). */
  pendingEntriesOfFile(fileId: string): Promise<StatementEntryRecord[]>;
  /** One transaction: the entries' outcomes, then the file 'importado' with its summary. */
  finishImport(
    fileId: string,
    summary: Record<string, unknown>,
    resolutions: EntryResolution[],
    resolvedBy: string | null,
  ): Promise<void>;
  get(id: string): Promise<StatementEntryRecord | null>;
  list(query: StatementListQuery): Promise<Page<StatementEntryRecord>>;
  /** Conciliates a 'pendente' entry; false when it is no longer pendente. */
  markMatched(
    id: string,
    match: { chargeId: string; paymentId: string; resolvedBy: string | null; note: Record<string, unknown> },
  ): Promise<boolean>;
  /** Dismisses a 'pendente' entry; false when it is no longer pendente. */
  markDismissed(id: string, dismissal: { reason: string; resolvedBy: string | null }): Promise<boolean>;
  /** Open charges (any method) by client name, CPF/CNPJ, charge number or TED identifier; or by balance. */
  searchOpenCharges(query: {
    search?: string;
    balanceCents?: Cents;
    limit: number;
  }): Promise<OpenChargeOption[]>;
}
