import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, resellers } from '../../adapters/db/schema';
import { cnpjCheckDigits, formatDocument } from '../../domain/documents/cpf-cnpj';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

/** A valid alphanumeric CNPJ that no demo client has. */
const BASE = '9ZK41B7C0001';
const NEW_CNPJ = BASE + cnpjCheckDigits(BASE);

describe('POST /api/v1/clients', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  let beta: LoggedIn;
  let admin: LoggedIn;
  let gerente: LoggedIn;

  const post = (s: LoggedIn, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload,
    });
  const get = (s: LoggedIn, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  const valid = {
    document: formatDocument(NEW_CNPJ),
    legal_name: '  Sorveteria Açaí do Sul Ltda ',
    trade_name: 'Açaí do Sul',
    email: 'Contato@AcaiDoSul.com.br',
    phone: '(48) 99876-5432',
    city: 'Florianópolis',
    state: 'sc',
    cep: '88010-000',
  };

  beforeAll(async () => {
    t = await createTestApp();
    [alfa, beta, admin, gerente] = await Promise.all([
      loginAs(t.app, DEMO.alfa),
      loginAs(t.app, DEMO.beta),
      loginAs(t.app, DEMO.admin),
      loginAs(t.app, DEMO.gerente),
    ]);
  });
  afterAll(() => t.close());

  let createdId: string;

  it('creates a client for the Hiperador’s own reseller, as a prospect until a contract is issued', async () => {
    const res = await post(alfa, valid);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      legal_name: 'Sorveteria Açaí do Sul Ltda',
      trade_name: 'Açaí do Sul',
      document: NEW_CNPJ,
      email: 'contato@acaidosul.com.br',
      phone: '48998765432',
      status: 'prospect',
      reseller: { id: alfa.body.user.reseller!.id, name: 'Alfa Automação' },
      address: { city: 'Florianópolis', state: 'SC', cep: '88010000' },
      monthly_fee_cents: null,
    });
    expect(NEW_CNPJ).toMatch(/[A-Z]/);
    createdId = body.id;
    const again = await get(alfa, `/api/v1/clients/${createdId}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);

    const audit = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.created'), eq(auditLog.entityId, createdId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorEmail).toBe(DEMO.alfa);
  });

  it('keeps the new client away from another reseller (404 like a missing one)', async () => {
    const res = await get(beta, `/api/v1/clients/${createdId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'not_found', message: 'Cliente não encontrado.' });
    expect((await get(beta, `/api/v1/clients?q=${NEW_CNPJ}`)).json().total).toBe(0);
  });

  it('refuses a CPF/CNPJ with wrong check digits on the document field', async () => {
    const wrongDv =
      NEW_CNPJ.slice(0, 12) + ((Number(NEW_CNPJ.slice(12)) + 1) % 100).toString().padStart(2, '0');
    for (const document of [wrongDv, '123.456.789-00', '11.111.111/1111-11', 'abc']) {
      const res = await post(alfa, { ...valid, document });
      expect(res.statusCode, document).toBe(400);
      expect(res.json()).toEqual({
        code: 'validation_failed',
        message: 'CPF ou CNPJ inválido: confira os dígitos.',
        field: 'document',
      });
    }
  });

  it('answers 409 on the document field when the document is already a client of that reseller', async () => {
    const res = await post(alfa, { ...valid, document: NEW_CNPJ.toLowerCase() });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict', field: 'document' });
    expect(res.json().message).toBe('Este CNPJ já é cliente de Alfa Automação.');
    // One CPF/CNPJ is a client of one reseller in the whole system; another reseller only learns it is taken.
    const other = await post(beta, valid);
    expect(other.statusCode).toBe(409);
    expect(other.json().message).toBe('Este CNPJ/CPF já está cadastrado.');
  });

  it('validates the other fields with the field named', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ legal_name: 'A' }, 'legal_name'],
      [{ legal_name: 'x'.repeat(201) }, 'legal_name'],
      [{ email: 'sem-arroba.com' }, 'email'],
      [{ state: 'XX' }, 'state'],
      [{ city: ' ' }, 'city'],
      [{ cep: '123' }, 'cep'],
      [{ phone: '1234' }, 'phone'],
      [{ email: undefined }, 'email'],
    ];
    for (const [change, field] of cases) {
      const res = await post(alfa, { ...valid, document: '529.982.247-25', ...change });
      expect([res.statusCode, res.json().field], JSON.stringify(change)).toEqual([400, field]);
    }
  });

  it('accepts a CPF and the optional fields left out', async () => {
    const res = await post(alfa, {
      document: '529.982.247-25',
      legal_name: 'João da Silva',
      email: 'joao@example.com',
      city: 'Brasília',
      state: 'DF',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ document: '52998224725', trade_name: null, phone: null });
  });

  it('does not let a Hiperador create for another reseller (403)', async () => {
    const betaId = beta.body.user.reseller!.id;
    const res = await post(alfa, { ...valid, document: '111.444.777-35', reseller_id: betaId });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden', field: 'reseller_id' });
    const own = await post(alfa, {
      ...valid,
      document: '111.444.777-35',
      reseller_id: alfa.body.user.reseller!.id,
    });
    expect(own.statusCode).toBe(201);
  });

  it('makes staff name a reseller they can see', async () => {
    const betaId = beta.body.user.reseller!.id;
    const missing = await post(admin, { ...valid, document: '390.533.447-05' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('reseller_id');

    const unknown = await post(admin, {
      ...valid,
      document: '390.533.447-05',
      reseller_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', message: 'Hiperador não encontrado.' });

    const ok = await post(admin, { ...valid, document: '390.533.447-05', reseller_id: betaId });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().reseller.name).toBe('Beta Sistemas');
    // Beta sees it; Alfa does not.
    expect((await get(beta, `/api/v1/clients/${ok.json().id}`)).statusCode).toBe(200);
    expect((await get(alfa, `/api/v1/clients/${ok.json().id}`)).statusCode).toBe(404);

    // A gerente only for the resellers assigned to them.
    const [gama] = await t.system.database.db
      .insert(resellers)
      .values({
        name: 'Gama Tecnologia',
        legalName: 'Gama Tecnologia Ltda',
        document: `123456780001${cnpjCheckDigits('123456780001')}`,
        email: 'gama@example.com',
        city: 'Recife',
        state: 'PE',
      })
      .returning({ id: resellers.id });
    const hidden = await post(gerente, { ...valid, document: '390.533.447-05', reseller_id: gama!.id });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().message).toBe('Hiperador não encontrado.');
    const assigned = await post(gerente, { ...valid, reseller_id: alfa.body.user.reseller!.id });
    expect(assigned.statusCode).toBe(409);
  });

  it('lets the database refuse a second client with the same CPF/CNPJ at any reseller (no race window)', async () => {
    const [alfaReseller, betaReseller] = [alfa.body.user.reseller!.id, beta.body.user.reseller!.id];
    const fields = {
      document: '12345678909',
      legalName: 'Cliente Disputado',
      tradeName: null,
      email: 'disputa@exemplo.com.br',
      city: 'Curitiba',
      state: 'PR',
    };
    const create = (resellerId: string) =>
      t.system.deps.clients.create({ ...fields, resellerId } as Parameters<
        typeof t.system.deps.clients.create
      >[0]);
    const results = await Promise.all([create(alfaReseller), create(betaReseller)]);
    expect(results.filter((id) => id !== null)).toHaveLength(1);
  });
});
