import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';
import {
  ed25519Thumbprint,
  generateLicenceJwk,
  LicenceKeyRing,
  loadLicenceKeys,
  parseLicenceKeys,
} from './licence-keys';

// RFC 8037, Appendix A.1 (Ed25519 private key), A.3 (its RFC 7638 thumbprint) and A.4 (the JWS of
// "Example of Ed25519 signing" with the protected header {"alg":"EdDSA"}).
const RFC8037_KEY = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
};
const RFC8037_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';
const RFC8037_JWS =
  'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-licence-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CLAIMS = {
  sub: '7d3f0c1e-8a55-4a4e-9d57-0d6f3b1c2a10',
  iss: 'https://central.exemplo.com.br',
  iat: 1_780_000_000,
  exp: 1_780_000_000 + 72 * 3600,
  status: 'ativo' as const,
  liberado_ate: '2026-07-31',
  must_sign_contract: false,
};

describe('licence signing keys (Ed25519 JWKs)', () => {
  it('reads a JWK exactly as RFC 8037 specifies: the published thumbprint as kid and the published signature', async () => {
    const [key] = parseLicenceKeys(JSON.stringify({ keys: [RFC8037_KEY] }), 'rfc8037.json');
    expect(key!.kid).toBe(RFC8037_THUMBPRINT);
    expect(ed25519Thumbprint(RFC8037_KEY.x)).toBe(RFC8037_THUMBPRINT);
    const jws = await new CompactSign(new TextEncoder().encode('Example of Ed25519 signing'))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(key!.privateKey);
    expect(jws).toBe(RFC8037_JWS);
  });

  it('configured file, newest first: the first key signs, every key is published without its private part', async () => {
    const dir = tempDir();
    const newer = generateLicenceJwk();
    const path = join(dir, 'keys.json');
    writeFileSync(path, JSON.stringify({ keys: [newer, { ...RFC8037_KEY, kid: 'chave-2025' }] }));
    const ring = loadLicenceKeys({
      env: 'production',
      databaseUrl: 'postgres://x',
      dataDir: dir,
      licenceKeysPath: path,
    });
    expect(ring.source).toBe('configurado');
    expect(ring.signer().kid).toBe(newer.kid);
    expect(ring.jwks().keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: newer.x, kid: newer.kid, alg: 'EdDSA', use: 'sig' },
      { kty: 'OKP', crv: 'Ed25519', x: RFC8037_KEY.x, kid: 'chave-2025', alg: 'EdDSA', use: 'sig' },
    ]);
    expect(ring.jwksJson()).not.toContain('"d"');
    expect(ring.jwksJson()).not.toContain(newer.d);

    const token = await ring.signer().sign(CLAIMS);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: newer.kid, typ: 'JWT' });
    const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(ring.jwksJson())), {
      currentDate: new Date((CLAIMS.iat + 60) * 1000),
      issuer: CLAIMS.iss,
    });
    expect(payload).toEqual(CLAIMS);
  });

  it('embedded mode: generates the key once into DATA_DIR/licence/keys.json (0600) and reuses it', () => {
    const dir = tempDir();
    const config = {
      env: 'development' as const,
      databaseUrl: undefined,
      dataDir: dir,
      licenceKeysPath: undefined,
    };
    const first = loadLicenceKeys(config);
    expect(first.source).toBe('arquivo');
    const file = join(dir, 'licence', 'keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.keys).toHaveLength(1);
    expect(stored.keys[0].kid).toBe(first.signer().kid);
    const again = loadLicenceKeys(config);
    expect(again.signer().kid).toBe(first.signer().kid);
    expect(again.jwks()).toEqual(first.jwks());
  });

  it('on PostgreSQL without LICENCE_KEYS_PATH: a key in memory (the system logs the warning)', () => {
    const dir = tempDir();
    const ring = loadLicenceKeys({
      env: 'development',
      databaseUrl: 'postgres://127.0.0.1/x',
      dataDir: dir,
      licenceKeysPath: undefined,
    });
    expect(ring.source).toBe('memoria');
    expect(() => statSync(join(dir, 'licence'))).toThrow();
  });

  it('production requires LICENCE_KEYS_PATH; the token validity is configurable (72 h by default)', () => {
    const production = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      SIGNING_P12_PATH: '/etc/central/assinatura.p12',
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/LICENCE_KEYS_PATH é obrigatório em produção/);
    expect(loadConfig({}).licenceTokenValiditySeconds).toBe(72 * 3600);
    expect(loadConfig({ LICENCE_TOKEN_VALIDITY_HOURS: '24' }).licenceTokenValiditySeconds).toBe(24 * 3600);
    expect(() => loadConfig({ LICENCE_TOKEN_VALIDITY_HOURS: '0' })).toThrow(/LICENCE_TOKEN_VALIDITY_HOURS/);
    expect(loadConfig({ LICENCE_KEYS_PATH: '/etc/central/licenca.json' }).licenceKeysPath).toBe(
      '/etc/central/licenca.json',
    );
  });

  it('refuses a broken key file with a message that says what is wrong', () => {
    const other = generateLicenceJwk();
    const cases: [string, RegExp][] = [
      ['{', /JSON inválido/],
      ['{"keys":[]}', /informe ao menos uma chave/],
      [JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] }), /chave 1: a chave precisa ser Ed25519/],
      [JSON.stringify({ keys: [{ ...RFC8037_KEY, d: undefined }] }), /"d" \(a chave privada/],
      [JSON.stringify({ keys: [{ ...RFC8037_KEY, x: other.x }] }), /"x" não corresponde à chave privada "d"/],
      [JSON.stringify({ keys: [{ ...RFC8037_KEY, alg: 'ES256' }] }), /"alg" deve ser "EdDSA"/],
      [JSON.stringify({ keys: [other, { ...RFC8037_KEY, kid: other.kid }] }), /"kid" repetido/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseLicenceKeys(text, '/etc/central/licenca.json'), text).toThrow(message);
    }
    expect(() =>
      loadLicenceKeys({
        env: 'production',
        databaseUrl: undefined,
        dataDir: '/tmp',
        licenceKeysPath: '/nao/existe.json',
      }),
    ).toThrow(/Não foi possível ler o arquivo de chaves de licença \(LICENCE_KEYS_PATH=\/nao\/existe.json\)/);
  });

  it('a bare array of JWKs is accepted too; replace() switches the signing key at once', () => {
    const a = generateLicenceJwk();
    const b = generateLicenceJwk();
    const ring = new LicenceKeyRing(parseLicenceKeys(JSON.stringify([a]), 'a.json'), 'configurado');
    expect(ring.signer().kid).toBe(a.kid);
    ring.replace(parseLicenceKeys(JSON.stringify([b, a]), 'ba.json'));
    expect(ring.signer().kid).toBe(b.kid);
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([b.kid, a.kid]);
  });
});
