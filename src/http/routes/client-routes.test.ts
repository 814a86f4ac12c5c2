import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

interface ClientItem {
  id: string;
  legal_name: string;
  document: string;
  reseller: { name: string };
  monthly_fee_cents: number | null;
  repasse_cents: number | null;
}

describe('clients API and tenancy', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  let beta: LoggedIn;
  let admin: LoggedIn;
  let gerente: LoggedIn;
  let alfaClients: ClientItem[];
  let betaClients: ClientItem[];

  const get = (s: LoggedIn, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  beforeAll(async () => {
    t = await createTestApp();
    [alfa, beta, admin, gerente] = await Promise.all([
      loginAs(t.app, DEMO.alfa),
      loginAs(t.app, DEMO.beta),
      loginAs(t.app, DEMO.admin),
      loginAs(t.app, DEMO.gerente),
    ]);
    alfaClients = (await get(alfa, '/api/v1/clients?page_size=100')).json().items;
    betaClients = (await get(beta, '/api/v1/clients?page_size=100')).json().items;
  });
  afterAll(() => t.close());

  it("lists only the caller's own clients for a Hiperador", () => {
    expect(alfaClients.length).toBeGreaterThanOrEqual(5);
    expect(betaClients.length).toBeGreaterThanOrEqual(5);
    expect(new Set(alfaClients.map((c) => c.reseller.name))).toEqual(new Set(['Alfa Automação']));
    expect(new Set(betaClients.map((c) => c.reseller.name))).toEqual(new Set(['Beta Sistemas']));
    expect(alfaClients.map((c) => c.legal_name)).toContain('Mercadinho Bom Preço Ltda');
    expect(alfaClients.map((c) => c.legal_name)).not.toContain('Supermercado Boa Safra Ltda');
  });

  it('shows each client the monthly fee and the repasse below it', () => {
    const mercadinho = alfaClients.find((c) => c.legal_name === 'Mercadinho Bom Preço Ltda')!;
    // R$ 89,90 − custo R$ 28,00 − taxa da central 6,5% (R$ 5,84) = R$ 56,06
    expect(mercadinho.monthly_fee_cents).toBe(8990);
    expect(mercadinho.repasse_cents).toBe(5606);
  });

  it('answers 404, exactly like a missing client, when a Hiperador opens another reseller’s client', async () => {
    for (const other of betaClients) {
      const res = await get(alfa, `/api/v1/clients/${other.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'not_found', message: 'Cliente não encontrado.' });
    }
    for (const other of alfaClients) {
      expect((await get(beta, `/api/v1/clients/${other.id}`)).statusCode).toBe(404);
    }
    const missing = await get(alfa, '/api/v1/clients/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 'not_found', message: 'Cliente não encontrado.' });
    expect((await get(alfa, '/api/v1/clients/nao-e-um-id')).statusCode).toBe(404);
  });

  it('does not leak another reseller’s clients through search', async () => {
    const boaSafra = betaClients.find((c) => c.legal_name.startsWith('Supermercado Boa Safra'))!;
    expect((await get(alfa, '/api/v1/clients?q=Boa%20Safra')).json().total).toBe(0);
    expect((await get(alfa, `/api/v1/clients?q=${boaSafra.document}`)).json().total).toBe(0);
    expect((await get(beta, `/api/v1/clients?q=${boaSafra.document}`)).json().total).toBe(1);
  });

  it("opens the caller's own client with its details", async () => {
    const own = alfaClients.find((c) => c.legal_name === 'Padaria Pão Dourado Ltda')!;
    const res = await get(alfa, `/api/v1/clients/${own.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      legal_name: 'Padaria Pão Dourado Ltda',
      document: '12ABC34501DE35',
      address: { city: 'Curitiba', state: 'PR' },
      reseller: { name: 'Alfa Automação' },
    });
  });

  it('lets staff see every reseller’s clients, and a gerente the resellers assigned to them', async () => {
    const all = (await get(admin, '/api/v1/clients?page_size=100')).json();
    expect(all.total).toBe(alfaClients.length + betaClients.length);
    const managed = (await get(gerente, '/api/v1/clients?page_size=100')).json();
    expect(managed.total).toBe(all.total);
    expect((await get(admin, `/api/v1/clients/${betaClients[0]!.id}`)).statusCode).toBe(200);
  });

  it('hides everything from a gerente without assigned resellers', async () => {
    const { deps } = t.system;
    await deps.users.create({
      email: 'gerente-sem-carteira@demo.local',
      name: 'Gerente sem carteira',
      role: 'gerente_contas',
      resellerId: null,
      passwordHash: await deps.hasher.hash('demo1234'),
    });
    const s = await loginAs(t.app, 'gerente-sem-carteira@demo.local');
    expect((await get(s, '/api/v1/clients')).json().total).toBe(0);
    expect((await get(s, `/api/v1/clients/${alfaClients[0]!.id}`)).statusCode).toBe(404);
  });

  it('searches by name or by CNPJ typed with its mask, and paginates', async () => {
    const byName = (await get(alfa, '/api/v1/clients?q=pão')).json();
    expect(byName.items.map((c: ClientItem) => c.legal_name)).toEqual(['Padaria Pão Dourado Ltda']);
    const byMaskedCnpj = (
      await get(alfa, `/api/v1/clients?q=${encodeURIComponent('12.ABC.345/01DE-35')}`)
    ).json();
    expect(byMaskedCnpj.total).toBe(1);
    const page1 = (await get(alfa, '/api/v1/clients?page=1&page_size=2')).json();
    const page2 = (await get(alfa, '/api/v1/clients?page=2&page_size=2')).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBe(alfaClients.length);
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    const bad = await get(alfa, '/api/v1/clients?page_size=1000');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'page_size' });
  });

  it('requires a session for every client route', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/clients' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/clients/${alfaClients[0]!.id}` })).statusCode,
    ).toBe(401);
  });
});
