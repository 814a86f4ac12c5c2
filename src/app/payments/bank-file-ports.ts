import type { Cents } from '../../domain/money/money';
import type { ChargeStatus } from '../../domain/payments/charges';
import type { Page } from '../clients/ports';

export type BankFileKind = 'remessa' | 'retorno' | 'extrato';
export type BankFileStatus = 'gerado' | 'processando' | 'importado' | 'recusado';

/** A bank file as listed (see `bank_files` in src/adapters/db/schema.ts); the bytes are read apart. */
export interface BankFileRecord {
  id: string;
  kind: BankFileKind;
  status: BankFileStatus;
  bankCode: string | null;
  sequence: number | null;
  filename: string;
  sha256: string;
  sizeBytes: number;
  totalItems: number;
  processedItems: number;
  summary: Record<string, unknown>;
  error: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A boleto the next remessa must carry: an entrada (register it) or a pedido de baixa (cancel it). */
export interface PendingRemessaTitle {
  instruction: 'entrada' | 'baixa';
  chargeId: string;
  number: string;
  nossoNumero: string;
  amountCents: Cents;
  dueDate: string;
  createdAt: Date;
  status: ChargeStatus;
  fineBasisPoints: number;
  interestMonthlyBasisPoints: number;
  client: {
    document: string;
    legalName: string;
    street: string | null;
    number: string | null;
    district: string | null;
    cep: string | null;
    city: string;
    state: string;
  };
}

export interface BuiltRemessa {
  filename: string;
  content: Uint8Array;
  sha256: string;
  summary: Record<string, unknown>;
}

export interface BankFileListQuery {
  kinds: BankFileKind[];
  page: number;
  pageSize: number;
}

export interface NewRetornoFile {
  bankCode: string;
  filename: string;
  sha256: string;
  content: Uint8Array;
  totalItems: number;
  summary: Record<string, unknown>;
  createdBy: string | null;
}

/** Bank files (CNAB remessas and retornos). Staff-only data: no tenancy. */
export interface BankFileRepository {
  /**
   * One transaction under a lock per bank: the pending boletos of `bankCode` (entradas: 'emitida', never sent;
   * baixas: cancelled after being sent, no baixa sent yet), the next NSA; `build` writes the file; the file is
   * saved (status 'gerado') and each charge gets registrationFileId / cancellationFileId. Null (nothing written)
   * when nothing is pending.
   */
  createRemessa(
    bankCode: string,
    createdBy: string | null,
    build: (sequence: number, titles: PendingRemessaTitle[]) => BuiltRemessa,
  ): Promise<BankFileRecord | null>;
  /** Inserts a retorno in status 'processando'; null when a retorno with the same SHA-256 exists. */
  insertRetorno(file: NewRetornoFile): Promise<BankFileRecord | null>;
  findBySha(kind: BankFileKind, sha256: string): Promise<BankFileRecord | null>;
  get(id: string): Promise<BankFileRecord | null>;
  content(id: string): Promise<Uint8Array | null>;
  list(query: BankFileListQuery): Promise<Page<BankFileRecord>>;
  /** Progress of an import: items done and the summary so far. */
  progress(id: string, processedItems: number, summary: Record<string, unknown>): Promise<void>;
  /** Ends an import ('importado'), with its summary. */
  finish(id: string, summary: Record<string, unknown>): Promise<void>;
  /** Notes an error of an import that stopped half-way (the file stays 'processando': importing it again resumes). */
  noteError(id: string, error: string): Promise<void>;
}
