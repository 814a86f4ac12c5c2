import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKeys, auditLog, clients, contracts, documents, signatureEvents } from '../../adapters/db/schema';
import type { CompletionEvidence, DocumentSealer } from '../../app/signatures/ports';
import { cnpjCheckDigits, formatDocument } from '../../domain/documents/cpf-cnpj';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

const mensal = {
  product: 'hiper-mini',
  addons: {},
  apps: [],
  periodicity: 'mensal',
  setup_fee: false,
  negotiated_monthly_cents: 8990,
  payment_method: 'boleto',
};
const SIGNER = { name: 'Joana Ribeiro Alves', cpf: '529.982.247-25', email: 'joana@licenca.example' };
const MARKER = '\n%% selado-em-teste\n';
const UA = 'Hiper/8.4 (Windows)';

function fakeSealer(): DocumentSealer & { last: CompletionEvidence | null } {
  return {
    last: null,
    async seal(original, evidence) {
      this.last = evidence;
      return new Uint8Array([...original, ...new TextEncoder().encode(MARKER)]);
    },
  };
}

describe('Hiper software: installation API keys and in-product signing', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  let beta: LoggedIn;
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  const sealer = fakeSealer();
  let seq = 0;

  const call = (s: LoggedIn, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload ? { payload } : {}),
    });
  /** The Hiper software: only the Bearer key, no cookie, no CSRF token. */
  const hiper = (
    key: string | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { 'user-agent': UA, ...(key !== null ? { authorization: `Bearer ${key}` } : {}) },
      ...(payload ? { payload } : {}),
    });

  async function newClient(s: LoggedIn = alfa): Promise<string> {
    seq += 1;
    const base = `7LC${String(seq).padStart(2, '0')}D8E0001`.slice(0, 12);
    const res = await call(s, 'POST', '/api/v1/clients', {
      document: formatDocument(base + cnpjCheckDigits(base)),
      legal_name: `Mercado Licença ${seq} Ltda`,
      email: `contato${seq}@licenca.example`,
      city: 'Joinville',
      state: 'SC',
      responsible_name: SIGNER.name,
      responsible_cpf: SIGNER.cpf,
      responsible_email: SIGNER.email,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  async function issueFor(clientId: string, s: LoggedIn = alfa): Promise<string> {
    const created = await call(s, 'POST', '/api/v1/proposals', { client_id: clientId, ...mensal });
    expect(created.statusCode, created.body).toBe(201);
    const proposalId = created.json().id as string;
    expect((await call(s, 'POST', `/api/v1/proposals/${proposalId}/ready`)).statusCode).toBe(200);
    const res = await call(s, 'POST', `/api/v1/proposals/${proposalId}/contract`, { kind: 'ativacao' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  async function newKey(clientId: string, s: LoggedIn = alfa): Promise<string> {
    const res = await call(s, 'POST', `/api/v1/clients/${clientId}/api-keys`, { name: 'Caixa 1' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().key as string;
  }
  async function snapshot(contractId: string) {
    const db = t.system.database.db;
    const [c] = await db.select().from(contracts).where(eq(contracts.id, contractId));
    const [cl] = await db.select().from(clients).where(eq(clients.id, c!.clientId));
    const [{ n }] = (await db
      .select({ n: count() })
      .from(signatureEvents)
      .where(eq(signatureEvents.contractId, contractId))) as [{ n: number }];
    const [{ docs }] = (await db
      .select({ docs: count() })
      .from(documents)
      .where(eq(documents.contractId, contractId))) as [{ docs: number }];
    return { contract: c!.status, client: cl!.status, events: Number(n), documents: Number(docs) };
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    (t.system.deps as { sealer?: DocumentSealer }).sealer = sealer;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    [alfa, beta] = await Promise.all([loginAs(t.app, DEMO.alfa), loginAs(t.app, DEMO.beta)]);
  });

  it('creates a key shown once (stored hashed), lists without the secret, revokes; audited', async () => {
    const clientId = await newClient();
    const res = await call(alfa, 'POST', `/api/v1/clients/${clientId}/api-keys`, { name: '  Loja  Centro ' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.key).toMatch(/^hk_live_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: 'Loja Centro',
      status: 'ativa',
      key_prefix: created.key.slice(0, 12),
    });
    const [row] = await t.system.database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key);

    const list = await call(alfa, 'GET', `/api/v1/clients/${clientId}/api-keys`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain(created.key);
    expect(list.json().items[0]).toMatchObject({
      id: created.id,
      created_by: DEMO.alfa,
      last_used_at: null,
      status: 'ativa',
    });
    expect(list.json().items[0].key).toBeUndefined();

    // The key works, and marks the key used.
    expect((await hiper(created.key, 'GET', '/api/v1/licence/contract')).statusCode).toBe(200);
    const used = (await call(alfa, 'GET', `/api/v1/clients/${clientId}/api-keys`)).json().items[0];
    expect(used.last_used_at).toBe(clock.now().toISOString());

    // Staff may manage it too; a name is required.
    const admin = await loginAs(t.app, DEMO.admin);
    const noName = await call(admin, 'POST', `/api/v1/clients/${clientId}/api-keys`, {});
    expect(noName.statusCode).toBe(400);
    expect(noName.json()).toMatchObject({ code: 'validation_failed', field: 'name' });

    const revoked = await call(alfa, 'POST', `/api/v1/clients/${clientId}/api-keys/${created.id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revogada', revoked_at: clock.now().toISOString() });
    const bad = await hiper(created.key, 'GET', '/api/v1/licence/contract');
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ code: 'unauthenticated', message: 'Chave de API ausente ou inválida.' });

    const audits = await t.system.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, clientId));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['api_key.created', 'api_key.revoked']),
    );
  });

  it('refuses a missing, malformed or unknown key with 401, and ignores the session cookie', async () => {
    const clientId = await newClient();
    const key = await newKey(clientId);
    for (const k of [null, 'abc', `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`]) {
      const res = await hiper(k, 'GET', '/api/v1/licence/contract');
      expect(res.statusCode, String(k)).toBe(401);
      expect(res.json()).toEqual({ code: 'unauthenticated', message: 'Chave de API ausente ou inválida.' });
    }
    const withCookie = await t.app.inject({
      method: 'GET',
      url: '/api/v1/licence/contract',
      headers: { cookie: alfa.cookie },
    });
    expect(withCookie.statusCode).toBe(401);
  });

  it("another reseller's user gets 404 on the client's keys", async () => {
    const clientId = await newClient();
    const key = await call(alfa, 'POST', `/api/v1/clients/${clientId}/api-keys`, { name: 'Caixa' });
    const keyId = key.json().id as string;
    for (const [method, url, payload] of [
      ['GET', `/api/v1/clients/${clientId}/api-keys`],
      ['POST', `/api/v1/clients/${clientId}/api-keys`, { name: 'Intruso' }],
      ['POST', `/api/v1/clients/${clientId}/api-keys/${keyId}/revoke`],
    ] as const) {
      const res = await call(beta, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const [row] = await t.system.database.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    expect(row!.revokedAt).toBeNull();
  });

  it('no pending contract: pending false; the other licence routes answer 404', async () => {
    const key = await newKey(await newClient());
    const res = await hiper(key, 'GET', '/api/v1/licence/contract');
    expect(res.json()).toEqual({
      pending: false,
      postponements_used: 0,
      postponements_left: 5,
      must_sign: false,
    });
    for (const [method, url] of [
      ['GET', '/api/v1/licence/contract/pdf'],
      ['POST', '/api/v1/licence/contract/postpone'],
    ] as const) {
      const r = await hiper(key, method, url);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ message: 'Nenhum contrato pendente de assinatura.' });
    }
  });

  it('shows the pending contract and its PDF; 5 postpones, then must_sign and the 6th recorded nowhere', async () => {
    const clientId = await newClient();
    const contractId = await issueFor(clientId);
    const key = await newKey(clientId);
    const res = await hiper(key, 'GET', '/api/v1/licence/contract');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      pending: true,
      contract: {
        id: contractId,
        version: 1,
        kind: 'ativacao',
        kind_label: 'Ativação',
        monthly_negotiated_cents: 8990,
        periodicity: 'mensal',
        payment_method: 'boleto',
        pdf_url: '/api/v1/licence/contract/pdf',
      },
      postponements_used: 0,
      postponements_left: 5,
      must_sign: false,
    });
    const pdf = await hiper(key, 'GET', res.json().contract.pdf_url);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const [issuedDoc] = await t.system.database.db
      .select()
      .from(documents)
      .where(and(eq(documents.contractId, contractId), eq(documents.kind, 'contrato')));
    expect(pdf.headers['x-content-sha256']).toBe(issuedDoc!.sha256);
    expect(Buffer.compare(pdf.rawPayload, Buffer.from(issuedDoc!.content))).toBe(0);

    for (let i = 1; i <= 5; i++) {
      const p = await hiper(key, 'POST', '/api/v1/licence/contract/postpone');
      expect(p.statusCode, p.body).toBe(200);
      expect(p.json()).toMatchObject({
        pending: true,
        postponements_used: i,
        postponements_left: 5 - i,
        must_sign: i === 5,
      });
    }
    const after = await hiper(key, 'GET', '/api/v1/licence/contract');
    expect(after.json()).toMatchObject({ pending: true, postponements_left: 0, must_sign: true });

    const before = await snapshot(contractId);
    const sixth = await hiper(key, 'POST', '/api/v1/licence/contract/postpone');
    expect(sixth.statusCode).toBe(422);
    expect(sixth.json()).toMatchObject({
      code: 'must_sign',
      message: 'O contrato precisa ser assinado para continuar usando o Hiper.',
      must_sign: true,
      postponements_left: 0,
    });
    expect(await snapshot(contractId)).toEqual(before);

    const postponed = await t.system.database.db
      .select()
      .from(signatureEvents)
      .where(and(eq(signatureEvents.contractId, contractId), eq(signatureEvents.type, 'postponed')));
    expect(postponed).toHaveLength(5);
    expect(postponed[0]).toMatchObject({ userAgent: UA, ip: expect.any(String) });
    expect(postponed[0]!.details).toMatchObject({ channel: 'software', api_key_id: expect.any(String) });
  });

  it('accept: wrong name/CPF → 422 and nothing changes; right signer → assinado with software evidence', async () => {
    const clientId = await newClient();
    const contractId = await issueFor(clientId);
    const key = await newKey(clientId);
    await hiper(key, 'POST', '/api/v1/licence/contract/postpone');

    const before = await snapshot(contractId);
    for (const body of [
      { signer_name: SIGNER.name, signer_cpf: '111.444.777-35', accepted: true },
      { signer_name: 'Outra Pessoa', signer_cpf: SIGNER.cpf, accepted: true },
      { signer_name: SIGNER.name, signer_cpf: SIGNER.cpf, accepted: false },
    ]) {
      const res = await hiper(key, 'POST', '/api/v1/licence/contract/accept', body);
      expect(res.statusCode, res.body).toBe(422);
    }
    expect(await snapshot(contractId)).toEqual(before);
    const wrong = await hiper(key, 'POST', '/api/v1/licence/contract/accept', {
      signer_name: SIGNER.name,
      signer_cpf: '111.444.777-35',
      accepted: true,
    });
    expect(wrong.json()).toMatchObject({
      message: 'Nome ou CPF não conferem com o responsável indicado no contrato.',
    });

    const ok = await hiper(key, 'POST', '/api/v1/licence/contract/accept', {
      signer_name: '  joana RIBEIRO alves ',
      signer_cpf: '52998224725',
      accepted: true,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'assinado', contract_id: contractId });
    expect(await snapshot(contractId)).toMatchObject({
      contract: 'assinado',
      client: 'aguardando_pagamento',
      documents: 2,
    });
    const db = t.system.database.db;
    const [signedDoc] = await db
      .select()
      .from(documents)
      .where(and(eq(documents.contractId, contractId), eq(documents.kind, 'contrato_assinado')));
    expect(signedDoc!.sha256).toBe(ok.json().sha256);
    expect(Buffer.from(signedDoc!.content).toString('latin1')).toContain(MARKER);

    const [signed] = await db
      .select()
      .from(signatureEvents)
      .where(and(eq(signatureEvents.contractId, contractId), eq(signatureEvents.type, 'signed')));
    expect(signed).toMatchObject({ userAgent: UA, ip: expect.any(String) });
    expect(signed!.details).toMatchObject({ channel: 'software', api_key_id: expect.any(String) });
    // The certificate page lists the evidence, postponement included, with the signer frozen at issue.
    expect(sealer.last).toMatchObject({ contractId, signerName: SIGNER.name, signerCpf: '529.982.247-25' });
    expect(sealer.last!.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['link_sent', 'postponed', 'signed']),
    );
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, contractId), eq(auditLog.action, 'contract.signed')));
    expect(audit!.details).toMatchObject({ channel: 'software', signedSha256: ok.json().sha256 });

    // Nothing pending any more.
    expect((await hiper(key, 'GET', '/api/v1/licence/contract')).json()).toMatchObject({
      pending: false,
      must_sign: false,
    });
    const again = await hiper(key, 'POST', '/api/v1/licence/contract/accept', {
      signer_name: SIGNER.name,
      signer_cpf: SIGNER.cpf,
      accepted: true,
    });
    expect(again.statusCode).toBe(404);
  });

  it('marks the key used at most once a minute', async () => {
    const clientId = await newClient();
    const key = await newKey(clientId);
    const lastUsed = async () =>
      (await call(alfa, 'GET', `/api/v1/clients/${clientId}/api-keys`)).json().items[0].last_used_at;
    await hiper(key, 'GET', '/api/v1/licence/contract');
    const first = await lastUsed();
    expect(first).toBe(clock.now().toISOString());
    clock.advance(30_000);
    await hiper(key, 'GET', '/api/v1/licence/contract');
    expect(await lastUsed()).toBe(first);
    clock.advance(31_000);
    await hiper(key, 'GET', '/api/v1/licence/contract');
    expect(await lastUsed()).toBe(clock.now().toISOString());
  });

  it('documents the Bearer scheme on the licence routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.components.securitySchemes.installationKey).toEqual({ type: 'http', scheme: 'bearer' });
    for (const [path, method] of [
      ['/api/v1/licence/contract', 'get'],
      ['/api/v1/licence/contract/pdf', 'get'],
      ['/api/v1/licence/contract/postpone', 'post'],
      ['/api/v1/licence/contract/accept', 'post'],
    ] as const) {
      expect(doc.paths[path][method].security, `${method} ${path}`).toEqual([{ installationKey: [] }]);
    }
  });

  it("an installation only sees its own client's contract", async () => {
    const alfaClient = await newClient();
    await issueFor(alfaClient);
    const betaClient = await newClient(beta);
    const betaKey = await newKey(betaClient, beta);
    const res = await hiper(betaKey, 'GET', '/api/v1/licence/contract');
    expect(res.json()).toMatchObject({ pending: false });
  });
});
