import type { ClientStatus } from '../../domain/clients/client-status';
import type { ContractKind, ContractStatus } from '../../domain/contracts/contract-rules';
import type { PricedQuoteJson } from '../quotes/quote-json';

export const SIGNATURE_EVENT_TYPES = [
  'link_sent',
  'viewed',
  'code_sent',
  'code_failed',
  'code_accepted',
  'signed',
  'refused',
  'postponed',
] as const;
export type SignatureEventType = (typeof SIGNATURE_EVENT_TYPES)[number];

/** Where a step of the ceremony came from (the evidence). */
export interface Origin {
  ip: string | null;
  userAgent: string | null;
}

/** A signing request with the contract version it signs, as the ceremony needs it. */
export interface SigningRequest {
  id: string;
  expiresAt: Date;
  invalidatedAt: Date | null;
  documentSha256: string;
  codeHash: string | null;
  codeExpiresAt: Date | null;
  codeAttempts: number;
  viewedAt: Date | null;
  signedAt: Date | null;
  refusedAt: Date | null;
  contract: {
    id: string;
    number: string;
    version: number;
    kind: ContractKind;
    status: ContractStatus;
    resellerId: string;
    resellerName: string;
    clientId: string;
    clientLegalName: string;
    clientDocument: string;
    clientStatus: ClientStatus;
    signerName: string | null;
    signerCpf: string | null;
    signerEmail: string | null;
    pricing: PricedQuoteJson;
    signedAt: Date | null;
  };
}

export interface SignatureEvent {
  type: SignatureEventType;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

export interface StoredPdf {
  id: string;
  filename: string;
  content: Uint8Array;
  sha256: string;
}

export interface SignatureStore {
  /** Invalidates the contract's open requests and opens a new one. */
  createRequest(input: {
    contractId: string;
    tokenHash: string;
    expiresAt: Date;
    documentSha256: string;
    at: Date;
  }): Promise<{ id: string }>;
  findByTokenHash(tokenHash: string): Promise<SigningRequest | null>;
  /** The signer frozen on the contract version. */
  signerOf(
    contractId: string,
  ): Promise<{ name: string | null; cpf: string | null; email: string | null } | null>;
  /** The newest request of a contract (for the resend). */
  latestRequestFor(contractId: string): Promise<{ id: string } | null>;
  recordEvent(
    contractId: string,
    requestId: string | null,
    type: SignatureEventType,
    at: Date,
    origin: Origin,
    details?: Record<string, unknown>,
  ): Promise<void>;
  /** Sets viewed_at and records 'viewed' only the first time; false when already viewed. */
  markViewed(request: SigningRequest, at: Date, origin: Origin): Promise<boolean>;
  /** A new code: hash, expiry, attempts back to 0. */
  storeCode(requestId: string, codeHash: string, codeExpiresAt: Date): Promise<void>;
  /** Counts a wrong code (and records 'code_failed'); the attempts so far. */
  recordFailedCode(request: SigningRequest, at: Date, origin: Origin): Promise<number>;
  events(contractId: string): Promise<SignatureEvent[]>;
  /** The contract PDF of a kind ('contrato' as issued, 'contrato_assinado' once signed). */
  pdf(contractId: string, kind: 'contrato' | 'contrato_assinado'): Promise<StoredPdf | null>;
  /**
   * ONE transaction: locks the request, re-checks it is still signable, records 'code_accepted' and
   * 'signed', seals the PDF, stores it (documents 'contrato_assinado'), contract → assinado, request signed,
   * an ativação's client → aguardando_pagamento, audit 'contract.signed'. null when no longer signable.
   */
  completeSignature(
    request: SigningRequest,
    at: Date,
    origin: Origin,
    seal: (events: SignatureEvent[]) => Promise<Uint8Array>,
  ): Promise<{ documentId: string; sha256: string } | null>;
  /**
   * Signing inside the Hiper software (no link, no code): ONE transaction like completeSignature — locks the
   * contract, records 'signed' with `details` (channel, api key), seals and stores, contract → assinado, an
   * ativação's client → aguardando_pagamento, audit 'contract.signed' with `details`. null when not pending.
   */
  completeSoftwareSignature(
    contract: SigningRequest['contract'],
    documentSha256: string,
    at: Date,
    origin: Origin,
    details: Record<string, unknown>,
    seal: (events: SignatureEvent[]) => Promise<Uint8Array>,
  ): Promise<{ documentId: string; sha256: string } | null>;
  /** ONE transaction: contract → recusado, request refused, 'refused' event, audit. false if no longer pending. */
  refuse(request: SigningRequest, reason: string, at: Date, origin: Origin): Promise<boolean>;
}
