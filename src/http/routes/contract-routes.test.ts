import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, clients, contracts, documents, emailOutbox } from '../../adapters/db/schema';
import { cnpjCheckDigits, formatDocument } from '../../domain/documents/cpf-cnpj';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

const mensal = {
  product: 'hiper-mini',
  addons: {},
  apps: [],
  periodicity: 'mensal',
  setup_fee: false,
  negotiated_monthly_cents: 8990,
  payment_method: 'boleto',
};

const NEW_BASE = '7QW52C9D0001';
const NEW_CNPJ = NEW_BASE + cnpjCheckDigits(NEW_BASE);
const RESPONSIBLE = {
  responsible_name: 'Joana Ribeiro Alves',
  responsible_cpf: '529.982.247-25',
  responsible_email: 'Joana@Empresa.example',
};

describe('contracts API', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  let beta: LoggedIn;
  let admin: LoggedIn;

  const call = (s: LoggedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  /** A saved proposal for the client, marked ready unless asked otherwise. */
  async function proposalFor(s: LoggedIn, clientId: string, ready = true): Promise<string> {
    const created = await call(s, 'POST', '/api/v1/proposals', { client_id: clientId, ...mensal });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    if (ready) expect((await call(s, 'POST', `/api/v1/proposals/${id}/ready`)).statusCode).toBe(200);
    return id;
  }

  async function clientNamed(s: LoggedIn, legalName: string) {
    const res = await call(s, 'GET', '/api/v1/clients?page_size=100');
    const found = res.json().items.find((c: { legal_name: string }) => c.legal_name === legalName);
    if (!found) throw new Error(`cliente ${legalName} não encontrado`);
    return found as { id: string; paid_through: string | null; status: string };
  }

  beforeAll(async () => {
    t = await createTestApp();
    [alfa, beta, admin] = await Promise.all([
      loginAs(t.app, DEMO.alfa),
      loginAs(t.app, DEMO.beta),
      loginAs(t.app, DEMO.admin),
    ]);
  });
  afterAll(() => t.close());

  let clientId: string;
  let v1: { id: string; number: string; document_id: string };

  it('registers a prospect with the new registry fields', async () => {
    const res = await call(alfa, 'POST', '/api/v1/clients', {
      document: formatDocument(NEW_CNPJ),
      legal_name: 'Empório Contrato Teste Ltda',
      email: 'contato@emporio.example',
      city: 'Joinville',
      state: 'SC',
      cep: '89201-000',
      street: 'Rua das Palmeiras',
      number: '120',
      district: 'Centro',
      state_registration: '254.123.456',
      billing_emails: ['Financeiro@emporio.example', 'contato@emporio.example', ''],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'prospect',
      state_registration: '254123456',
      billing_emails: ['financeiro@emporio.example'],
      address: { street: 'Rua das Palmeiras', number: '120', district: 'Centro', cep: '89201000' },
      responsible: { name: null, cpf: null, email: null },
    });
    clientId = res.json().id;
  });

  it('refuses to issue without the responsável (422 naming what is missing)', async () => {
    const proposalId = await proposalFor(alfa, clientId);
    const res = await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/contract`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      code: 'business_rule',
      message: 'Cadastre o responsável pela assinatura (nome, CPF e e-mail) antes de emitir o contrato.',
      field: 'responsible_name',
    });
    expect(
      await t.system.database.db.select().from(contracts).where(eq(contracts.clientId, clientId)),
    ).toEqual([]);
  });

  it('edits the client (PUT): validates the responsável CPF and keeps what was not sent', async () => {
    const bad = await call(alfa, 'PUT', `/api/v1/clients/${clientId}`, {
      ...RESPONSIBLE,
      responsible_cpf: '111.111.111-11',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'responsible_cpf' });

    const res = await call(alfa, 'PUT', `/api/v1/clients/${clientId}`, {
      ...RESPONSIBLE,
      phone: '(47) 3333-4444',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      legal_name: 'Empório Contrato Teste Ltda',
      state_registration: '254123456',
      phone: '4733334444',
      responsible: { name: 'Joana Ribeiro Alves', cpf: '52998224725', email: 'joana@empresa.example' },
    });
    const [audit] = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.updated'), eq(auditLog.entityId, clientId)));
    expect(audit!.details).toMatchObject({
      changed: ['phone', 'responsibleName', 'responsibleCpf', 'responsibleEmail'],
    });
  });

  it('refuses a proposal that is not ready (422)', async () => {
    const draft = await proposalFor(alfa, clientId, false);
    const res = await call(alfa, 'POST', `/api/v1/proposals/${draft}/contract`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('ainda não está pronta para contrato');
  });

  it('issues version 1: number, PDF stored with its SHA-256, client waits for the contract, e-mail queued', async () => {
    const proposalId = await proposalFor(alfa, clientId);
    const res = await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/contract`, {});
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      version: 1,
      kind: 'ativacao',
      kind_label: 'Ativação',
      status: 'aguardando_assinatura',
      status_label: 'Aguardando assinatura',
      client: { id: clientId },
      reseller: { name: 'Alfa Automação' },
      monthly_negotiated_cents: 8990,
      replaced: null,
    });
    expect(body.number).toMatch(/^\d{4}-\d{6}$/);
    expect(body.pricing.lines[0].code).toBeTruthy();
    v1 = body;

    const [doc] = await t.system.database.db
      .select()
      .from(documents)
      .where(eq(documents.id, body.document_id));
    expect(doc).toMatchObject({ kind: 'contrato', contractId: body.id, clientId });
    const bytes = Buffer.from(doc!.content);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(doc!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(body.document_sha256).toBe(doc!.sha256);
    expect(doc!.sizeBytes).toBe(bytes.length);

    const download = await call(alfa, 'GET', `/api/v1/documents/${doc!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(download.headers['content-disposition']).toContain(`contrato-${body.number}-v1.pdf`);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(doc!.sha256);

    const [client] = await t.system.database.db.select().from(clients).where(eq(clients.id, clientId));
    expect(client!.status).toBe('aguardando_contrato');

    const mails = await t.system.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.entityType, 'contract'), eq(emailOutbox.entityId, body.id)));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      toAddress: 'joana@empresa.example',
      subject: 'Contrato para assinatura — Empório Contrato Teste Ltda',
      resellerId: alfa.body.user.reseller!.id,
    });
    // A personal link: a random token (32 bytes, base64url), never the contract id.
    expect(mails[0]!.text).toMatch(/http:\/\/localhost:3000\/assinar\/[A-Za-z0-9_-]{43}\b/);
    expect(mails[0]!.html).toMatch(/\/assinar\/[A-Za-z0-9_-]{43}"/);
    expect(mails[0]!.text).not.toContain(body.id);

    const issued = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contract.issued'), eq(auditLog.entityId, body.id)));
    expect(issued).toHaveLength(1);
    expect(issued[0]!.details).toMatchObject({
      version: 1,
      sha256: doc!.sha256,
      signer: { name: 'Joana Ribeiro Alves', cpf: '52998224725', email: 'joana@empresa.example' },
    });
  });

  it('lists the contract, shows it with its items and the client documents', async () => {
    const list = await call(alfa, 'GET', `/api/v1/contracts?client_id=${clientId}`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: v1.id, document_id: v1.document_id }] });
    const one = await call(alfa, 'GET', `/api/v1/contracts/${v1.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().input.product).toBe('hiper-mini');
    const docs = await call(alfa, 'GET', `/api/v1/clients/${clientId}/documents`);
    expect(docs.json().items).toEqual([
      expect.objectContaining({
        id: v1.document_id,
        kind: 'contrato',
        filename: `contrato-${v1.number}-v1.pdf`,
        contract: { id: v1.id, number: v1.number, version: 1 },
      }),
    ]);
    expect((await call(beta, 'GET', '/api/v1/contracts')).json().items).not.toContainEqual(
      expect.objectContaining({ id: v1.id }),
    );
  });

  it('re-issuing cancels the pending version: version 2, v1 cancelado "Substituído pela versão 2"', async () => {
    const proposalId = await proposalFor(alfa, clientId);
    const res = await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/contract`, { kind: 'ativacao' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, replaced: { id: v1.id, version: 1 } });
    const old = (await call(alfa, 'GET', `/api/v1/contracts/${v1.id}`)).json();
    expect(old).toMatchObject({ status: 'cancelado', cancel_reason: 'Substituído pela versão 2' });
    const pending = await call(
      alfa,
      'GET',
      `/api/v1/contracts?client_id=${clientId}&status=aguardando_assinatura`,
    );
    expect(pending.json().total).toBe(1);

    // Cancel the pending one: with no contract left, the client is a prospect again.
    const cancelled = await call(alfa, 'POST', `/api/v1/contracts/${res.json().id}/cancel`, {
      reason: 'Cliente desistiu',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelado', cancel_reason: 'Cliente desistiu' });
    const again = await call(alfa, 'POST', `/api/v1/contracts/${res.json().id}/cancel`, {
      reason: 'de novo',
    });
    expect(again.statusCode).toBe(422);
    expect((await call(alfa, 'GET', `/api/v1/clients/${clientId}`)).json().status).toBe('prospect');
  });

  it('lists the client events newest first (client, proposals, contracts)', async () => {
    const res = await call(alfa, 'GET', `/api/v1/clients/${clientId}/events`);
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('contract.cancelled');
    expect(actions).toContain('contract.issued');
    expect(actions).toContain('proposal.ready');
    expect(actions).toContain('client.updated');
    expect(actions.at(-1)).toBe('client.created');
    const times = res.json().items.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('answers 404 to another reseller on every new route, including the download', async () => {
    const routes: ['GET' | 'POST' | 'PUT', string, unknown?][] = [
      ['GET', `/api/v1/contracts/${v1.id}`],
      ['POST', `/api/v1/contracts/${v1.id}/cancel`, { reason: 'não é meu' }],
      ['GET', `/api/v1/documents/${v1.document_id}`],
      ['GET', `/api/v1/clients/${clientId}/documents`],
      ['GET', `/api/v1/clients/${clientId}/events`],
      ['GET', `/api/v1/clients/${clientId}/contract-kinds`],
      ['PUT', `/api/v1/clients/${clientId}`, { legal_name: 'Tomado' }],
      ['POST', `/api/v1/proposals/${await proposalFor(alfa, clientId)}/contract`, {}],
    ];
    for (const [method, url, payload] of routes) {
      const res = await call(beta, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call(beta, 'GET', `/api/v1/contracts?client_id=${clientId}`)).json().total).toBe(0);
    expect((await call(alfa, 'GET', `/api/v1/clients/${clientId}`)).json().legal_name).toBe(
      'Empório Contrato Teste Ltda',
    );
  });

  it('names the reseller holding a duplicate CNPJ for staff, only "já cadastrado" for another Hiperador', async () => {
    const payload = {
      document: NEW_CNPJ,
      legal_name: 'Outro Nome Ltda',
      email: 'x@y.example',
      city: 'Recife',
      state: 'PE',
    };
    const asBeta = await call(beta, 'POST', '/api/v1/clients', payload);
    expect(asBeta.statusCode).toBe(409);
    expect(asBeta.json()).toEqual({
      code: 'conflict',
      message: 'Este CNPJ/CPF já está cadastrado.',
      field: 'document',
    });
    const asAdmin = await call(admin, 'POST', '/api/v1/clients', {
      ...payload,
      reseller_id: beta.body.user.reseller!.id,
    });
    expect(asAdmin.statusCode).toBe(409);
    expect(asAdmin.json().message).toBe('Este CNPJ já é cliente de Alfa Automação.');
    // Editing another client into this CNPJ is refused the same way.
    const betaClient = (await call(beta, 'GET', '/api/v1/clients')).json().items[0];
    const edit = await call(beta, 'PUT', `/api/v1/clients/${betaClient.id}`, { document: NEW_CNPJ });
    expect([edit.statusCode, edit.json().message]).toEqual([409, 'Este CNPJ/CPF já está cadastrado.']);
  });

  it('migração keeps the client’s liberado até; alteração needs a signed contract', async () => {
    const mercadinho = await clientNamed(alfa, 'Mercadinho Bom Preço Ltda');
    expect(mercadinho.paid_through).toBeTruthy();
    const kinds = await call(alfa, 'GET', `/api/v1/clients/${mercadinho.id}/contract-kinds`);
    expect(kinds.json().items.map((k: { kind: string }) => k.kind)).toEqual(['migracao', 'ativacao']);
    await call(alfa, 'PUT', `/api/v1/clients/${mercadinho.id}`, RESPONSIBLE);
    const proposalId = await proposalFor(alfa, mercadinho.id);

    const alteracao = await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/contract`, {
      kind: 'alteracao',
    });
    expect(alteracao.statusCode).toBe(422);
    expect(alteracao.json()).toMatchObject({ field: 'kind' });

    const res = await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/contract`, {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'migracao', keep_paid_through: mercadinho.paid_through });
    // An active client keeps its status while the migração waits for signature.
    expect((await call(alfa, 'GET', `/api/v1/clients/${mercadinho.id}`)).json().status).toBe(
      mercadinho.status,
    );

    // A Hiperador cannot migrate a client without a liberado até; staff can.
    const fresh = await call(alfa, 'POST', '/api/v1/clients', {
      document: '390.533.447-05',
      legal_name: 'Cliente Novo da Silva',
      email: 'novo@example.com',
      city: 'Blumenau',
      state: 'SC',
      ...RESPONSIBLE,
    });
    const freshProposal = await proposalFor(alfa, fresh.json().id);
    const refused = await call(alfa, 'POST', `/api/v1/proposals/${freshProposal}/contract`, {
      kind: 'migracao',
    });
    expect(refused.statusCode).toBe(422);
    const staff = await call(admin, 'POST', `/api/v1/proposals/${freshProposal}/contract`, {
      kind: 'migracao',
    });
    expect(staff.statusCode, staff.body).toBe(201);
    expect(staff.json()).toMatchObject({ kind: 'migracao', keep_paid_through: null });
  });

  it('does not let the CPF/CNPJ change once a contract was issued', async () => {
    const mercadinho = await clientNamed(alfa, 'Mercadinho Bom Preço Ltda');
    const res = await call(alfa, 'PUT', `/api/v1/clients/${mercadinho.id}`, { document: '111.444.777-35' });
    expect(res.statusCode).toBe(422);
    expect(res.json().field).toBe('document');
  });
});
