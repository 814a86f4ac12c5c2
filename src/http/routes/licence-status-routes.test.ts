import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DbApiKeyRepository } from '../../adapters/db/repositories/api-key-repository';
import { DbLicenceStatusRepository } from '../../adapters/db/repositories/licence-status-repository';
import { clients } from '../../adapters/db/schema';
import {
  generateLicenceJwk,
  loadLicenceKeys,
  type PrivateLicenceJwk,
} from '../../adapters/licence/licence-keys';
import { LICENCE_STATE_TTL_MS, LicenceStatusService } from '../../app/licence/licence-status';
import type { ClientStatus } from '../../domain/clients/client-status';
import { cnpjCheckDigits, formatDocument } from '../../domain/documents/cpf-cnpj';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

const STATUS_URL = '/api/v1/licence/status';
const PUBLIC_URL = 'https://central.exemplo.com.br';

describe('licence status for the Hiper software: signed token, JWKS, ETag, key rotation', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  let beta: LoggedIn;
  const clock = manualClock(new Date('2026-06-10T12:00:00Z'));
  const keyDir = mkdtempSync(join(tmpdir(), 'cc-licence-status-'));
  const keyFile = join(keyDir, 'keys.json');
  const keyA = generateLicenceJwk();
  let seq = 0;

  const call = (s: LoggedIn, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload ? { payload } : {}),
    });
  /** The Hiper software: only the Bearer key. */
  const hiper = (key: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: STATUS_URL, headers: { authorization: `Bearer ${key}`, ...headers } });

  async function newClient(s: LoggedIn = alfa): Promise<string> {
    seq += 1;
    const base = `8LS${String(seq).padStart(2, '0')}A9B0001`.slice(0, 12);
    const res = await call(s, 'POST', '/api/v1/clients', {
      document: formatDocument(base + cnpjCheckDigits(base)),
      legal_name: `Padaria Licença ${seq} Ltda`,
      email: `padaria${seq}@licenca.example`,
      city: 'Blumenau',
      state: 'SC',
      responsible_name: 'Joana Ribeiro Alves',
      responsible_cpf: '529.982.247-25',
      responsible_email: 'joana@licenca.example',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  async function newKey(clientId: string, s: LoggedIn = alfa): Promise<{ id: string; key: string }> {
    const res = await call(s, 'POST', `/api/v1/clients/${clientId}/api-keys`, { name: 'Caixa 1' });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id, key: res.json().key };
  }
  async function setClient(clientId: string, status: ClientStatus, paidThrough: string | null) {
    await t.system.database.db.update(clients).set({ status, paidThrough }).where(eq(clients.id, clientId));
    // Waits out the status cache (the API key and the state are re-read after it).
    clock.advance(LICENCE_STATE_TTL_MS + 1);
  }
  async function jwks(): Promise<JSONWebKeySet> {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  /** Verification exactly as the software does it offline: only the JWKS body and jose. */
  async function verifyOffline(token: string, set: JSONWebKeySet, at = clock.now()) {
    return jwtVerify(token, createLocalJWKSet(set), {
      issuer: PUBLIC_URL,
      algorithms: ['EdDSA'],
      currentDate: at,
    });
  }
  function configureKeys(keys: PrivateLicenceJwk[]) {
    // What an operator does: edit LICENCE_KEYS_PATH, then restart (here: load the file into the running ring).
    writeFileSync(keyFile, JSON.stringify({ keys }, null, 2));
    const loaded = loadLicenceKeys({ ...t.system.config, licenceKeysPath: keyFile });
    t.system.deps.licenceKeys.replace(loaded.keys);
  }

  beforeAll(async () => {
    writeFileSync(keyFile, JSON.stringify({ keys: [keyA] }));
    t = await createTestApp({ clock, config: { publicUrl: PUBLIC_URL, licenceKeysPath: keyFile } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(keyDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    [alfa, beta] = await Promise.all([loginAs(t.app, DEMO.alfa), loginAs(t.app, DEMO.beta)]);
    configureKeys([keyA]);
    vi.restoreAllMocks();
  });

  it('the token verifies offline with the JWKS body and carries the client’s claims; a tampered token fails', async () => {
    expect(t.system.deps.licenceKeys.source).toBe('configurado');
    const clientId = await newClient();
    const { key } = await newKey(clientId);
    await setClient(clientId, 'ativo', '2026-06-30');

    const res = await hiper(key);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(body).toEqual({
      status: 'ativo',
      liberado_ate: '2026-06-30',
      must_sign_contract: false,
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    });

    const set = await jwks();
    expect(set.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: keyA.x, kid: keyA.kid, alg: 'EdDSA', use: 'sig' },
    ]);
    const { payload, protectedHeader } = await verifyOffline(body.token, set);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: keyA.kid, typ: 'JWT' });
    // iat: the start of the current 7.2 h slot (so every server signs the same token); exp = iat + 72 h.
    const iat = payload.iat!;
    const now = clock.now().getTime() / 1000;
    expect(iat).toBeLessThanOrEqual(now);
    expect(now - iat).toBeLessThan(7.2 * 3600);
    expect(payload).toEqual({
      sub: clientId,
      iss: PUBLIC_URL,
      iat,
      exp: iat + 72 * 3600,
      status: 'ativo',
      liberado_ate: '2026-06-30',
      must_sign_contract: false,
    });

    // A blocked client editing its copy to look paid up: the signature no longer matches.
    const [header, , signature] = body.token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...payload, status: 'ativo', liberado_ate: '2099-12-31' }),
    ).toString('base64url');
    await expect(verifyOffline(`${header}.${forged}.${signature}`, set)).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
    // Offline past exp the software must ask again.
    await expect(
      verifyOffline(body.token, set, new Date((iat + 72 * 3600 + 1) * 1000)),
    ).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('the JWKS is public and cacheable; the status is private and revalidated', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['content-type']).toBe('application/jwk-set+json; charset=utf-8');
    expect(res.body).not.toContain('"d"');
    const { key } = await newKey(await newClient());
    expect((await hiper(key)).headers['cache-control']).toBe('private, no-cache');
  });

  it('ETag: If-None-Match with the current tag → 304 without a body; a change of state → 200 with a new tag', async () => {
    const clientId = await newClient();
    const { key } = await newKey(clientId);
    await setClient(clientId, 'ativo', '2026-06-30');
    const first = await hiper(key);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{22}"$/);

    const notModified = await hiper(key, { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    expect((await hiper(key, { 'if-none-match': `"outra", W/${etag}` })).statusCode).toBe(304);
    expect((await hiper(key, { 'if-none-match': '"outra"' })).statusCode).toBe(200);

    await setClient(clientId, 'inadimplente', '2026-06-30');
    const changed = await hiper(key, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'inadimplente', liberado_ate: '2026-06-30' });
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('the status follows the client: paid, overdue, blocked, unblocked with a later liberado até', async () => {
    const clientId = await newClient();
    const { key } = await newKey(clientId);
    const seen = async () => {
      const body = (await hiper(key)).json();
      const { payload } = await verifyOffline(body.token, await jwks());
      expect(payload).toMatchObject({ status: body.status, liberado_ate: body.liberado_ate });
      return [body.status, body.liberado_ate];
    };
    expect(await seen()).toEqual(['prospect', null]);
    await setClient(clientId, 'aguardando_pagamento', null);
    expect(await seen()).toEqual(['aguardando_pagamento', null]);
    await setClient(clientId, 'ativo', '2026-07-31');
    expect(await seen()).toEqual(['ativo', '2026-07-31']);

    // Inside the cache's few seconds the previous answer may still be given; after them, the new one.
    await t.system.database.db.update(clients).set({ status: 'bloqueado' }).where(eq(clients.id, clientId));
    expect(await seen()).toEqual(['ativo', '2026-07-31']);
    clock.advance(LICENCE_STATE_TTL_MS + 1);
    expect(await seen()).toEqual(['bloqueado', '2026-07-31']);

    await setClient(clientId, 'ativo', '2026-08-31');
    expect(await seen()).toEqual(['ativo', '2026-08-31']);
    await setClient(clientId, 'cancelado', '2026-08-31');
    expect(await seen()).toEqual(['cancelado', '2026-08-31']);
  });

  it('must_sign_contract: a version waiting for signature with no "Assinar depois" left', async () => {
    const clientId = await newClient();
    const proposal = await call(alfa, 'POST', '/api/v1/proposals', {
      client_id: clientId,
      product: 'hiper-mini',
      addons: {},
      apps: [],
      periodicity: 'mensal',
      setup_fee: false,
      negotiated_monthly_cents: 8990,
      payment_method: 'boleto',
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    const proposalId = proposal.json().id as string;
    expect((await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/ready`)).statusCode).toBe(200);
    const contract = await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/contract`, {
      kind: 'ativacao',
    });
    expect(contract.statusCode, contract.body).toBe(201);
    const { key } = await newKey(clientId);

    expect((await hiper(key)).json().must_sign_contract).toBe(false);
    for (let i = 0; i < 5; i++) {
      const p = await t.app.inject({
        method: 'POST',
        url: '/api/v1/licence/contract/postpone',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(p.statusCode, p.body).toBe(200);
    }
    clock.advance(LICENCE_STATE_TTL_MS + 1);
    const body = (await hiper(key)).json();
    expect(body.must_sign_contract).toBe(true);
    expect((await verifyOffline(body.token, await jwks())).payload.must_sign_contract).toBe(true);
  });

  it('key rotation: [B, A] keeps A’s tokens valid and signs with B; removing A invalidates them', async () => {
    const clientId = await newClient();
    const { key } = await newKey(clientId);
    await setClient(clientId, 'ativo', '2026-06-30');
    const byA = (await hiper(key)).json().token as string;
    expect(decodeProtectedHeader(byA).kid).toBe(keyA.kid);

    const keyB = generateLicenceJwk();
    configureKeys([keyB, keyA]);
    const published = await jwks();
    expect(published.keys.map((k) => k.kid)).toEqual([keyB.kid, keyA.kid]);
    expect((await verifyOffline(byA, published)).payload.sub).toBe(clientId);

    const afterRotation = await hiper(key);
    const byB = afterRotation.json().token as string;
    expect(decodeProtectedHeader(byB).kid).toBe(keyB.kid);
    expect((await verifyOffline(byB, published)).payload).toMatchObject({ sub: clientId, status: 'ativo' });

    // Once A's tokens have expired, A is removed: a leftover token signed by A no longer verifies.
    configureKeys([keyB]);
    const onlyB = await jwks();
    expect(onlyB.keys.map((k) => k.kid)).toEqual([keyB.kid]);
    await expect(verifyOffline(byA, onlyB)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect((await verifyOffline(byB, onlyB)).payload.sub).toBe(clientId);
  });

  it('after a restart (or on another server) the same state gives the same token and ETag: still 304', async () => {
    const clientId = await newClient();
    const { key } = await newKey(clientId);
    await setClient(clientId, 'ativo', '2026-06-30');
    const before = await hiper(key);
    const restarted = new LicenceStatusService({
      store: new DbLicenceStatusRepository(t.system.database.db),
      licence: t.system.deps.licence,
      clock,
      signer: () => loadLicenceKeys({ ...t.system.config, licenceKeysPath: keyFile }).signer(),
      issuer: PUBLIC_URL,
    });
    const original = t.system.deps.licenceStatus;
    t.system.deps.licenceStatus = restarted;
    try {
      clock.advance(60 * 60 * 1000);
      const after = await hiper(key, { 'if-none-match': before.headers.etag as string });
      expect(after.statusCode).toBe(304);
      expect((await hiper(key)).json().token).toBe(before.json().token);
    } finally {
      t.system.deps.licenceStatus = original;
    }
  });

  it('a revoked key → 401 at once; a missing or malformed key → 401', async () => {
    const clientId = await newClient();
    const { id, key } = await newKey(clientId);
    expect((await hiper(key)).statusCode).toBe(200);
    const revoked = await call(alfa, 'POST', `/api/v1/clients/${clientId}/api-keys/${id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    const res = await hiper(key);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'unauthenticated', message: 'Chave de API ausente ou inválida.' });
    expect((await t.app.inject({ method: 'GET', url: STATUS_URL })).statusCode).toBe(401);
    expect((await hiper('hk_live_curta')).statusCode).toBe(401);
  });

  it("each key answers for its own client only: another client's data never appears", async () => {
    const alfaClient = await newClient(alfa);
    const betaClient = await newClient(beta);
    const alfaKey = (await newKey(alfaClient, alfa)).key;
    const betaKey = (await newKey(betaClient, beta)).key;
    await setClient(alfaClient, 'ativo', '2026-06-30');
    await setClient(betaClient, 'bloqueado', '2026-05-31');
    const set = await jwks();
    // Interleaved, many at once: the caches never mix the two clients.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        hiper(i % 2 === 0 ? alfaKey : betaKey).then((r) => [i, r.json()] as const),
      ),
    );
    for (const [i, body] of answers) {
      const mine = i % 2 === 0 ? alfaClient : betaClient;
      const other = i % 2 === 0 ? betaClient : alfaClient;
      const { payload } = await verifyOffline(body.token, set);
      expect(payload.sub).toBe(mine);
      expect(body).toMatchObject(
        i % 2 === 0
          ? { status: 'ativo', liberado_ate: '2026-06-30' }
          : { status: 'bloqueado', liberado_ate: '2026-05-31' },
      );
      expect(JSON.stringify(body)).not.toContain(other);
    }
  });

  it('a hot request reads no database and signs nothing; last_used_at is written at most once a minute', async () => {
    const clientId = await newClient();
    const { key } = await newKey(clientId);
    await setClient(clientId, 'ativo', '2026-06-30');
    const first = await hiper(key);
    expect(first.statusCode).toBe(200);

    const keyLookups = vi.spyOn(DbApiKeyRepository.prototype, 'findActiveByHash');
    const touches = vi.spyOn(DbApiKeyRepository.prototype, 'touch');
    const stateReads = vi.spyOn(DbLicenceStatusRepository.prototype, 'clientAccess');
    const signs = vi.spyOn(t.system.deps.licenceKeys.signer(), 'sign');
    const again = await Promise.all(Array.from({ length: 50 }, () => hiper(key)));
    for (const r of again) expect(r.json().token).toBe(first.json().token);
    expect(keyLookups).not.toHaveBeenCalled();
    expect(stateReads).not.toHaveBeenCalled();
    expect(signs).not.toHaveBeenCalled();
    expect(touches).not.toHaveBeenCalled();

    // A minute later (the key re-read after its cache): one write of last_used_at, however many requests.
    clock.advance(61_000);
    await Promise.all(Array.from({ length: 20 }, () => hiper(key)));
    expect(touches).toHaveBeenCalledTimes(1);
    expect(keyLookups).toHaveBeenCalledTimes(1);
    const list = await call(alfa, 'GET', `/api/v1/clients/${clientId}/api-keys`);
    expect(list.json().items[0].last_used_at).toBe(clock.now().toISOString());
  });
});
