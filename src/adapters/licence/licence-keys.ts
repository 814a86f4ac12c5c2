import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { LicenceTokenClaims, LicenceTokenSigner } from '../../app/licence/licence-status';
import type { Config } from '../../config';

/**
 * The Ed25519 keys that sign the licence tokens of the Hiper software (EdDSA, RFC 8037), and the public half
 * published at `/.well-known/jwks.json`.
 *
 * Where they come from (like the contracts' signing certificate, see ../signing/certificate.ts):
 * - LICENCE_KEYS_PATH (required in production): a JSON file `{ "keys": [ <JWK>, … ] }` (a bare array also works)
 *   of private Ed25519 JWKs (`kty` "OKP", `crv` "Ed25519", `x`, `d`; `kid` optional — the RFC 7638 thumbprint
 *   when absent), NEWEST FIRST: the first key signs, every key is published.
 * - embedded mode (no DATABASE_URL) without it: generated once into `<DATA_DIR>/licence/keys.json` (mode 0600)
 *   and reused at every start.
 * - PostgreSQL without it (development only): generated in memory, with a warning — tokens and the JWKS change
 *   at every restart (and differ between servers).
 *
 * Key rotation, without any command (edit the file, restart the servers one by one):
 * 1. Generate a key (e.g. `node -e "…generateKeyPairSync('ed25519')…export({ format: 'jwk' })"`, or copy one
 *    from a scratch `DATA_DIR/licence/keys.json`) and add it at the END of the list: it is published, not used.
 *    With a single server you may skip to step 2 at once.
 * 2. Once every server runs with it and the JWKS caches had time to refresh (Cache-Control max-age=300, and
 *    installations that keep a copy refresh it when they see an unknown `kid`), move it to the TOP: it signs
 *    every new token; the old key stays published, so the tokens it signed still verify.
 * 3. After the longest token validity has passed since step 2 (LICENCE_TOKEN_VALIDITY_HOURS, 72 h by default,
 *    plus a margin for clock skew), remove the old key: no live token carries its `kid` anymore.
 * A compromised key is removed at once instead: the tokens it signed stop verifying and the installations
 * fetch a new status (their key still authenticates them).
 */

export interface PublicLicenceJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface PrivateLicenceJwk extends PublicLicenceJwk {
  d: string;
}

export interface LicenceKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicLicenceJwk;
}

export type LicenceKeySource = 'configurado' | 'arquivo' | 'memoria';

export const MEMORY_LICENCE_KEYS_WARNING =
  'LICENCE_KEYS_PATH não configurado: os tokens de licença do Hiper são assinados com uma chave Ed25519 gerada na memória, que muda a cada início (tokens já emitidos deixam de ser verificáveis). Configure o arquivo de chaves em produção.';

const B64URL_32 = /^[A-Za-z0-9_-]{43}$/;

/** RFC 7638 thumbprint of an Ed25519 public key (members crv, kty, x in lexicographic order), base64url. */
export function ed25519Thumbprint(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

/** A new Ed25519 key as a private JWK (kid = its thumbprint). */
export function generateLicenceJwk(): PrivateLicenceJwk {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as { x: string; d: string };
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x: jwk.x,
    d: jwk.d,
    kid: ed25519Thumbprint(jwk.x),
    alg: 'EdDSA',
    use: 'sig',
  };
}

function keyFromJwk(value: unknown, where: string): LicenceKey {
  const jwk = (value ?? {}) as Record<string, unknown>;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') {
    throw new Error(`${where}: a chave precisa ser Ed25519 (kty "OKP", crv "Ed25519").`);
  }
  if (typeof jwk.x !== 'string' || !B64URL_32.test(jwk.x)) {
    throw new Error(`${where}: "x" (a chave pública, 32 bytes em base64url) ausente ou inválido.`);
  }
  if (typeof jwk.d !== 'string' || !B64URL_32.test(jwk.d)) {
    throw new Error(`${where}: "d" (a chave privada, 32 bytes em base64url) ausente ou inválido.`);
  }
  if (jwk.alg !== undefined && jwk.alg !== 'EdDSA') throw new Error(`${where}: "alg" deve ser "EdDSA".`);
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid.trim() === '')) {
    throw new Error(`${where}: "kid" deve ser um texto não vazio.`);
  }
  const kid = typeof jwk.kid === 'string' ? jwk.kid : ed25519Thumbprint(jwk.x);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, format: 'jwk' });
  } catch (err) {
    throw new Error(`${where}: chave inválida (${(err as Error).message}).`);
  }
  // "x" must be the public key of "d": a mismatch would publish a key that verifies nothing we sign.
  const derived = (createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string }).x;
  if (derived !== jwk.x) throw new Error(`${where}: "x" não corresponde à chave privada "d".`);
  return {
    kid,
    privateKey,
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' },
  };
}

/** The keys of a key file's text (see the module comment); `origin` names it in the error messages. */
export function parseLicenceKeys(text: string, origin: string): LicenceKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Arquivo de chaves de licença ${origin}: JSON inválido.`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(
      `Arquivo de chaves de licença ${origin}: informe ao menos uma chave em { "keys": [ … ] } (a primeira assina).`,
    );
  }
  const keys = list.map((jwk, i) =>
    keyFromJwk(jwk, `Arquivo de chaves de licença ${origin}, chave ${i + 1}`),
  );
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.kid))
      throw new Error(`Arquivo de chaves de licença ${origin}: "kid" repetido: ${key.kid}.`);
    seen.add(key.kid);
  }
  return keys;
}

class Ed25519Signer implements LicenceTokenSigner {
  readonly kid: string;
  constructor(private readonly key: LicenceKey) {
    this.kid = key.kid;
  }
  sign(claims: LicenceTokenClaims): Promise<string> {
    const { iat, exp, sub, iss, ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'EdDSA', kid: this.key.kid, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(iss)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key.privateKey);
  }
}

/**
 * The keys in use: the first signs, all are published. `replace` swaps them at once (tests; a future reload);
 * the licence status notices the new `kid` and signs new tokens with it.
 */
export class LicenceKeyRing {
  private current!: {
    keys: readonly LicenceKey[];
    signer: LicenceTokenSigner;
    jwks: { keys: PublicLicenceJwk[] };
    jwksJson: string;
  };

  constructor(
    keys: readonly LicenceKey[],
    readonly source: LicenceKeySource,
  ) {
    this.replace(keys);
  }

  replace(keys: readonly LicenceKey[]): void {
    if (keys.length === 0) throw new Error('É preciso ao menos uma chave de licença.');
    const jwks = { keys: keys.map((k) => ({ ...k.publicJwk })) };
    this.current = { keys, signer: new Ed25519Signer(keys[0]!), jwks, jwksJson: JSON.stringify(jwks) };
  }

  get keys(): readonly LicenceKey[] {
    return this.current.keys;
  }

  /** The signer of the first key. */
  signer(): LicenceTokenSigner {
    return this.current.signer;
  }

  /** The JWKS document: every key's public half (kid, alg EdDSA, use sig). */
  jwks(): { keys: PublicLicenceJwk[] } {
    return this.current.jwks;
  }

  /** The JWKS document serialized once per key set (the route sends it as is). */
  jwksJson(): string {
    return this.current.jwksJson;
  }
}

let inMemory: LicenceKey[] | null = null;

/** One generated key per process (tests and PostgreSQL without LICENCE_KEYS_PATH). */
function memoryKeys(): LicenceKey[] {
  if (!inMemory) inMemory = [keyFromJwk(generateLicenceJwk(), 'chave gerada')];
  return inMemory;
}

/** The keys for this configuration (see the module comment). */
export function loadLicenceKeys(
  config: Pick<Config, 'env' | 'databaseUrl' | 'dataDir' | 'licenceKeysPath'>,
): LicenceKeyRing {
  if (config.licenceKeysPath) {
    let text: string;
    try {
      text = readFileSync(config.licenceKeysPath, 'utf8');
    } catch (err) {
      throw new Error(
        `Não foi possível ler o arquivo de chaves de licença (LICENCE_KEYS_PATH=${config.licenceKeysPath}): ${(err as Error).message}`,
      );
    }
    return new LicenceKeyRing(parseLicenceKeys(text, config.licenceKeysPath), 'configurado');
  }
  if (config.env === 'test') return new LicenceKeyRing(memoryKeys(), 'memoria');
  // On PostgreSQL without LICENCE_KEYS_PATH (never in production: loadConfig refuses): see MEMORY_LICENCE_KEYS_WARNING.
  if (config.databaseUrl) return new LicenceKeyRing(memoryKeys(), 'memoria');
  const dir = join(config.dataDir, 'licence');
  const file = join(dir, 'keys.json');
  if (existsSync(file))
    return new LicenceKeyRing(parseLicenceKeys(readFileSync(file, 'utf8'), file), 'arquivo');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written under a temporary name, then linked into place: a crash never leaves a half-written key file, and
  // when two processes start at once the first link wins and both use its key.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ keys: [generateLicenceJwk()] }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(temporary, { force: true });
  }
  return new LicenceKeyRing(parseLicenceKeys(readFileSync(file, 'utf8'), file), 'arquivo');
}
