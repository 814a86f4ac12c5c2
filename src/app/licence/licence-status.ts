import { createHash } from 'node:crypto';
import type { ClientStatus } from '../../domain/clients/client-status';
import { AppError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { API_KEY_MESSAGES } from './api-keys';
import { licenceContract } from './licence';
import type { Installation, LicenceStore } from './ports';

/**
 * The licence status the Hiper software asks for (SPEC §1 and §4): the client's status, its liberado até, whether
 * a contract version waits for signature, and a signed token (compact JWS, EdDSA / Ed25519) carrying the same.
 *
 * Offline use: the software keeps the last token and verifies it with the public keys of
 * `/.well-known/jwks.json`. It may work without reaching the Central while BOTH hold: now < `exp` and
 * today ≤ `liberado_ate`. `exp` bounds how long a stale answer is trusted: a client blocked, cancelled or asked to
 * sign while the installation is offline is seen at the latest when the token expires. The default of 72 hours
 * covers a long weekend without internet (Friday evening to Monday evening) yet makes a block effective within
 * three days; LICENCE_TOKEN_VALIDITY_HOURS changes it.
 *
 * Speed: this is called by every installation, often. A hot request does no database work and signs nothing:
 * the client's state is kept in memory for LICENCE_STATE_TTL_MS (a change made anywhere shows within that),
 * and the signed token is reused while the state and the signing key stay the same, until its time slot ends.
 *
 * Time slots: `iat` is the start of the current slot of a tenth of the validity (7.2 h by default, aligned to the
 * epoch) and `exp` = iat + validity. A token handed out always has at least 90% of its validity left, and
 * Ed25519 being deterministic (RFC 8032), every server — and this one after a restart — signs the very same
 * token for the same state in the same slot: the ETag does not change when a load balancer sends the
 * installation to another server. A new token is signed once per slot per client at most (when it is asked).
 */

/** 72 hours (see the module comment). */
export const DEFAULT_LICENCE_TOKEN_VALIDITY_S = 72 * 60 * 60;
/** How long the client's (status, liberado até, must_sign) is kept in memory. */
export const LICENCE_STATE_TTL_MS = 5_000;
/** Tokens are issued on a grid of this fraction of the validity (see "Time slots" above). */
const SLOT_FRACTION = 0.1;
const MAX_CACHED_CLIENTS = 100_000;

/** The client's state the licence answers with. */
export interface LicenceClientState {
  status: ClientStatus;
  /** clients.paid_through ('YYYY-MM-DD'), null before the first payment. */
  liberadoAte: string | null;
  /** A contract version waits for signature and no "Assinar depois" is left (licence.ts). */
  mustSignContract: boolean;
}

/** The JWT claims of the licence token. */
export interface LicenceTokenClaims {
  /** The client's id. */
  sub: string;
  /** PUBLIC_URL of the Central. */
  iss: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  status: ClientStatus;
  liberado_ate: string | null;
  must_sign_contract: boolean;
}

/** The current signing key: signs a token (compact JWS, header alg EdDSA + kid). */
export interface LicenceTokenSigner {
  readonly kid: string;
  sign(claims: LicenceTokenClaims): Promise<string>;
}

export interface LicenceStatusStore {
  /** The client's status and paid_through, or null when there is no such client. */
  clientAccess(clientId: string): Promise<{ status: ClientStatus; paidThrough: string | null } | null>;
}

export interface LicenceStatusDeps {
  store: LicenceStatusStore;
  licence: LicenceStore;
  clock: Clock;
  /** The key that signs now (read on every call: a key rotation takes effect at once). */
  signer: () => LicenceTokenSigner;
  /** The token's `iss`: PUBLIC_URL. */
  issuer: string;
  validitySeconds?: number;
  stateTtlMs?: number;
}

export interface LicenceStatus extends LicenceClientState {
  token: string;
  /** Strong ETag (quoted) of the response-relevant state: status, liberado até, must_sign and the token. */
  etag: string;
  kid: string;
  expiresAt: Date;
}

interface CachedState {
  value: LicenceClientState;
  until: number;
}

interface CachedToken {
  fingerprint: string;
  result: LicenceStatus;
  refreshAt: number;
}

const fingerprintOf = (s: LicenceClientState, kid: string) =>
  `${s.status}\u0000${s.liberadoAte ?? ''}\u0000${s.mustSignContract ? 1 : 0}\u0000${kid}`;

/** `"<22 base64url chars>"`: the first 128 bits of SHA-256 over the state and the token. */
export function licenceEtag(state: LicenceClientState, token: string): string {
  const hash = createHash('sha256')
    .update(`${state.status}\n${state.liberadoAte ?? ''}\n${state.mustSignContract}\n${token}`)
    .digest('base64url')
    .slice(0, 22);
  return `"${hash}"`;
}

/**
 * `If-None-Match` matches the current ETag (a list, weak forms `W/"…"` and `*` included: RFC 9110 §13.1.2 uses
 * the weak comparison for If-None-Match).
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  for (const part of ifNoneMatch.split(',')) {
    const tag = part.trim().replace(/^W\//, '');
    if (tag === etag) return true;
  }
  return false;
}

/** The licence status use case, with its two in-memory caches (one instance per process). */
export class LicenceStatusService {
  private readonly states = new Map<string, CachedState>();
  private readonly loadingStates = new Map<string, Promise<LicenceClientState>>();
  private readonly tokens = new Map<string, CachedToken>();
  private readonly signing = new Map<string, Promise<LicenceStatus>>();
  readonly validitySeconds: number;
  /** Length of a time slot, in seconds. */
  readonly slotSeconds: number;
  private readonly stateTtlMs: number;

  constructor(private readonly deps: LicenceStatusDeps) {
    this.validitySeconds = deps.validitySeconds ?? DEFAULT_LICENCE_TOKEN_VALIDITY_S;
    this.slotSeconds = Math.max(1, Math.floor(this.validitySeconds * SLOT_FRACTION));
    this.stateTtlMs = deps.stateTtlMs ?? LICENCE_STATE_TTL_MS;
  }

  /** The installation's licence status and its token (see the module comment for the caching). */
  async status(installation: Installation): Promise<LicenceStatus> {
    const now = this.deps.clock.now().getTime();
    const state = await this.clientState(installation, now);
    const signer = this.deps.signer();
    const fingerprint = fingerprintOf(state, signer.kid);
    const cached = this.tokens.get(installation.clientId);
    if (cached && cached.fingerprint === fingerprint && now < cached.refreshAt) return cached.result;

    const flightKey = `${installation.clientId}\u0000${fingerprint}`;
    const inFlight = this.signing.get(flightKey);
    if (inFlight) return inFlight;
    const iat = Math.floor(now / 1000 / this.slotSeconds) * this.slotSeconds;
    const signed = this.sign(installation.clientId, state, signer, iat).finally(() =>
      this.signing.delete(flightKey),
    );
    this.signing.set(flightKey, signed);
    const result = await signed;
    if (this.tokens.size >= MAX_CACHED_CLIENTS) this.tokens.clear();
    this.tokens.set(installation.clientId, {
      fingerprint,
      result,
      refreshAt: (iat + this.slotSeconds) * 1000,
    });
    return result;
  }

  /** Drops what is cached for a client (e.g. right after this process changed its status). */
  forgetClient(clientId: string): void {
    this.states.delete(clientId);
    this.tokens.delete(clientId);
  }

  clear(): void {
    this.states.clear();
    this.tokens.clear();
  }

  private async clientState(installation: Installation, now: number): Promise<LicenceClientState> {
    const clientId = installation.clientId;
    const cached = this.states.get(clientId);
    if (cached && now < cached.until) return cached.value;
    // One database read per client at a time, however many installations ask at once.
    let loading = this.loadingStates.get(clientId);
    if (!loading) {
      loading = this.loadState(installation).finally(() => this.loadingStates.delete(clientId));
      this.loadingStates.set(clientId, loading);
    }
    const value = await loading;
    if (this.states.size >= MAX_CACHED_CLIENTS) this.states.clear();
    this.states.set(clientId, { value, until: now + this.stateTtlMs });
    return value;
  }

  private async loadState(installation: Installation): Promise<LicenceClientState> {
    const [access, contract] = await Promise.all([
      this.deps.store.clientAccess(installation.clientId),
      licenceContract(this.deps, installation),
    ]);
    if (!access) throw new AppError('unauthenticated', API_KEY_MESSAGES.unauthenticated);
    return {
      status: access.status,
      liberadoAte: access.paidThrough,
      mustSignContract: contract.mustSign,
    };
  }

  private async sign(
    clientId: string,
    state: LicenceClientState,
    signer: LicenceTokenSigner,
    iat: number,
  ): Promise<LicenceStatus> {
    const exp = iat + this.validitySeconds;
    const token = await signer.sign({
      sub: clientId,
      iss: this.deps.issuer,
      iat,
      exp,
      status: state.status,
      liberado_ate: state.liberadoAte,
      must_sign_contract: state.mustSignContract,
    });
    return {
      ...state,
      token,
      etag: licenceEtag(state, token),
      kid: signer.kid,
      expiresAt: new Date(exp * 1000),
    };
  }
}
