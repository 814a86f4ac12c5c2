import type { Actor } from '../../domain/access/roles';
import type { Origin, SigningRequest } from '../signatures/signature-store';

/** An API key of a Hiper software installation, as listed (never the secret). */
export interface ApiKeyRecord {
  id: string;
  clientId: string;
  resellerId: string;
  name: string;
  keyPrefix: string;
  createdAt: Date;
  createdByEmail: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who an accepted Bearer key speaks for. */
export interface Installation {
  apiKeyId: string;
  clientId: string;
  resellerId: string;
}

export interface ApiKeyStore {
  /** The client if the actor may see it (tenancy in SQL), else null. */
  visibleClient(actor: Actor, clientId: string): Promise<{ id: string; resellerId: string } | null>;
  create(input: {
    clientId: string;
    resellerId: string;
    name: string;
    keyPrefix: string;
    keyHash: string;
    createdBy: string | null;
    at: Date;
  }): Promise<ApiKeyRecord>;
  list(clientId: string): Promise<ApiKeyRecord[]>;
  find(clientId: string, keyId: string): Promise<ApiKeyRecord | null>;
  /** Sets revoked_at if not yet revoked; true when this call revoked it. */
  revoke(clientId: string, keyId: string, at: Date): Promise<boolean>;
  /** A non-revoked key by its SHA-256. */
  findActiveByHash(keyHash: string): Promise<(Installation & { lastUsedAt: Date | null }) | null>;
  /** last_used_at = at, only if it is null or older than `olderThan` (at most one write a minute). */
  touch(apiKeyId: string, at: Date, olderThan: Date): Promise<void>;
}

/** The pending version as the software sees it. */
export type PendingContract = SigningRequest['contract'];

export interface LicenceStore {
  /** The client's version 'aguardando_assinatura', if any. */
  pendingContract(clientId: string): Promise<PendingContract | null>;
  postponements(contractId: string): Promise<number>;
  /**
   * ONE transaction: locks the contract, counts its 'postponed' events and records one more only while
   * fewer than `max`. The count after the call.
   */
  postpone(
    contractId: string,
    max: number,
    at: Date,
    origin: Origin,
    details: Record<string, unknown>,
  ): Promise<{ recorded: boolean; used: number }>;
}
