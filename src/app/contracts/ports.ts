import type { Actor } from '../../domain/access/roles';
import type { ContractKind, ContractStatus } from '../../domain/contracts/contract-rules';
import type { Periodicity } from '../../domain/pricing/catalog';
import type { Page } from '../clients/ports';
import type { PricedQuoteJson, QuoteInput } from '../quotes/quote-json';

/** The parties as the contract freezes them at issue (what the PDF prints). */
export interface ContractParties {
  client: {
    id: string;
    legalName: string;
    tradeName: string | null;
    document: string;
    stateRegistration: string | null;
    email: string;
    street: string | null;
    number: string | null;
    district: string | null;
    city: string;
    state: string;
    cep: string | null;
    responsibleName: string;
    responsibleCpf: string;
    responsibleEmail: string;
  };
  reseller: { id: string; name: string; legalName: string; document: string; city: string; state: string };
}

/** A contract version as stored. */
export interface ContractRecord {
  id: string;
  number: string;
  version: number;
  kind: ContractKind;
  status: ContractStatus;
  clientId: string;
  clientLegalName: string;
  clientTradeName: string | null;
  clientDocument: string;
  resellerId: string;
  resellerName: string;
  proposalId: string | null;
  proposalNumber: string | null;
  priceBookId: string;
  productCode: string;
  periodicity: Periodicity;
  monthlyNegotiatedCents: number;
  periodTotalCents: number;
  setupFeeCents: number;
  configuration: QuoteInput;
  pricing: PricedQuoteJson;
  keepPaidThrough: string | null;
  issuedByName: string | null;
  issuedAt: Date;
  signedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  /** The issued PDF (kind 'contrato'). */
  documentId: string | null;
}

export type ContractSummary = Omit<ContractRecord, 'configuration' | 'pricing'>;

export interface ContractListQuery {
  clientId?: string | undefined;
  status?: ContractStatus | undefined;
  page: number;
  pageSize: number;
}

/** Everything the transaction of an issue writes, except what it decides itself (number, version). */
export interface ContractIssue {
  clientId: string;
  resellerId: string;
  proposalId: string;
  priceBookId: string;
  kind: ContractKind;
  configuration: QuoteInput;
  pricing: PricedQuoteJson;
  keepPaidThrough: string | null;
  issuedBy: string;
  actorEmail: string;
  ip: string | null;
  /** The São Paulo date of the issue (its year goes in the number). */
  issuedOn: string;
}

/** What the PDF renderer gets once the version is known, inside the transaction. */
export interface ContractDraft {
  number: string;
  version: number;
  kind: ContractKind;
  issuedOn: string;
  pricing: PricedQuoteJson;
  keepPaidThrough: string | null;
  parties: ContractParties;
  issuedByName: string | null;
}

export interface IssuedContract {
  id: string;
  number: string;
  version: number;
  documentId: string;
  sha256: string;
  /** The version this one replaced (cancelled), if any. */
  replaced: { id: string; number: string; version: number } | null;
}

export interface ContractRepository {
  /**
   * ONE transaction: locks the client, takes the next version, cancels the pending version (reason
   * "Substituído pela versão N"), inserts the contract, renders and stores the PDF (documents, kind
   * 'contrato', sha256), moves a prospect client to aguardando_contrato and writes the audit entries.
   */
  issue(issue: ContractIssue, render: (draft: ContractDraft) => Promise<Uint8Array>): Promise<IssuedContract>;
  findVisible(actor: Actor, id: string): Promise<ContractRecord | null>;
  list(actor: Actor, query: ContractListQuery): Promise<Page<ContractSummary>>;
  /** Whether the client has a signed contract (decides ativação vs alteração). */
  hasSignedContract(clientId: string): Promise<boolean>;
  /** Cancels a version only while it waits for signature; false when it no longer does. */
  cancelPending(
    id: string,
    reason: string,
    audit: { actorUserId: string; actorEmail: string; ip: string | null },
  ): Promise<boolean>;
}

/** Renders the contract PDF (pt-BR, A4). */
export interface ContractDocumentRenderer {
  render(draft: ContractDraft): Promise<Uint8Array>;
}

export interface DocumentSummary {
  id: string;
  kind: 'proposta' | 'contrato' | 'contrato_assinado';
  filename: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
  contractId: string | null;
  contractNumber: string | null;
  contractVersion: number | null;
}

export interface DocumentRepository {
  listForClient(clientId: string): Promise<DocumentSummary[]>;
  /** The document with its bytes, when the actor may see its reseller. */
  findVisible(
    actor: Actor,
    id: string,
  ): Promise<(DocumentSummary & { contentType: string; content: Uint8Array }) | null>;
}
