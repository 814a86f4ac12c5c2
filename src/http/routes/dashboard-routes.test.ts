import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../adapters/db/sql-helpers';
import { type DashboardFixture, seedDashboardFixture } from '../../app/dashboards/dashboard-fixture';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

let t: TestApp;
let f: DashboardFixture;
let admin: LoggedIn;
let financeiro: LoggedIn;
let demoGerente: LoggedIn;
let alfa: LoggedIn;
let beta: LoggedIn;
let a: LoggedIn;
let b: LoggedIn;
let g: LoggedIn;
// 12:00 in São Paulo on 2026-06-20 (the fixture's "today")
const clock = manualClock(new Date('2026-06-20T15:00:00Z'));

const get = (s: LoggedIn, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

async function resellerIdOf(email: string): Promise<string> {
  const rows = rowsOf<{ reseller_id: string }>(
    await t.system.database.db.execute(sql`select reseller_id from users where email = ${email}`),
  );
  return rows[0]!.reseller_id;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  const hash = rowsOf<{ password_hash: string }>(
    await t.system.database.db.execute(sql`select password_hash from users where email = ${DEMO.alfa}`),
  )[0]!.password_hash;
  f = await seedDashboardFixture(t.system.database.db, { passwordHash: hash, emailPrefix: 'painel' });
  [admin, financeiro, demoGerente, alfa, beta, a, b, g] = await Promise.all([
    loginAs(t.app, DEMO.admin),
    loginAs(t.app, DEMO.financeiro),
    loginAs(t.app, DEMO.gerente),
    loginAs(t.app, DEMO.alfa),
    loginAs(t.app, DEMO.beta),
    loginAs(t.app, 'painel.a@test.local'),
    loginAs(t.app, 'painel.b@test.local'),
    loginAs(t.app, 'painel.g@test.local'),
  ]);
});
afterAll(() => t.close());

describe('GET /api/v1/dashboard/reseller', () => {
  it('gives the Hiperador its own numbers, with the definitions and its gerente de contas', async () => {
    const res = await get(a, '/api/v1/dashboard/reseller');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      today: '2026-06-20',
      reseller: { id: f.resellerA },
      mrr_cents: 45000,
      clients_by_status: { ativo: 2, inadimplente: 1, bloqueado: 1, aguardando_pagamento: 1, cancelado: 1 },
      delinquency: { overdue_open_cents: 35000, due_cents: 50000, rate_bp: 7000 },
      upcoming: { due_date: '2026-07-15', count: 3, total_cents: 32000 },
      expiring: { until: '2026-06-30', count: 2 },
      account_manager: { name: 'Gabriela Teste', email: 'painel.g@test.local', phone: '11987654321' },
    });
    expect(body.mrr_definition).toContain('ativos e inadimplentes');
    expect(body.delinquency.definition).toContain(
      'valor vencido em aberto ÷ valor vencido nos últimos 12 meses',
    );
    expect(
      body.upcoming.items.map((i: Record<string, unknown>) => [
        i.client_name,
        i.payment_method_label,
        i.situation,
      ]),
    ).toEqual([
      ['Alfa Quatro', 'Boleto bancário', 'Prevista (ainda não emitida)'],
      ['Alfa Seis', 'Boleto bancário', 'Emitida'],
      ['Alfa Um', 'Cartão de crédito', 'Paga'],
    ]);
    expect(body.repasse_by_month).toHaveLength(12);
    expect(body.repasse_by_month.at(-1)).toEqual({ month: '2026-06', paid_cents: 0, to_receive_cents: 8500 });
  });

  it('answers 404 to a Hiperador asking for another reseller', async () => {
    const res = await get(b, `/api/v1/dashboard/reseller?reseller_id=${f.resellerA}`);
    expect(res.statusCode).toBe(404);
    const beta2alfa = await get(
      beta,
      `/api/v1/dashboard/reseller?reseller_id=${await resellerIdOf(DEMO.alfa)}`,
    );
    expect(beta2alfa.statusCode).toBe(404);
    // its own id is fine
    expect((await get(b, `/api/v1/dashboard/reseller?reseller_id=${f.resellerB}`)).statusCode).toBe(200);
  });

  it('shows Beta none of Alfa’s clients (demo users)', async () => {
    const res = await get(beta, '/api/v1/dashboard/reseller');
    expect(res.statusCode).toBe(200);
    const alfaNames = rowsOf<{ legal_name: string }>(
      await t.system.database.db.execute(
        sql`select legal_name from clients where reseller_id = ${await resellerIdOf(DEMO.alfa)}`,
      ),
    ).map((r) => r.legal_name);
    expect(alfaNames.length).toBeGreaterThan(0);
    for (const name of alfaNames) expect(res.body).not.toContain(name);
    expect(res.json().reseller.name).toBe('Beta Sistemas');
  });

  it('lets staff choose the reseller: gerente only its assigned ones', async () => {
    expect((await get(g, `/api/v1/dashboard/reseller?reseller_id=${f.resellerA}`)).statusCode).toBe(200);
    expect((await get(g, `/api/v1/dashboard/reseller?reseller_id=${f.resellerB}`)).statusCode).toBe(404);
    expect((await get(demoGerente, `/api/v1/dashboard/reseller?reseller_id=${f.resellerA}`)).statusCode).toBe(
      404,
    );
    const adm = await get(admin, `/api/v1/dashboard/reseller?reseller_id=${f.resellerB}`);
    expect(adm.statusCode).toBe(200);
    expect(adm.json().mrr_cents).toBe(99900);
    const missing = await get(admin, '/api/v1/dashboard/reseller');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toBe('Escolha um Hiperador.');
  });
});

describe('GET /api/v1/dashboard/portfolio', () => {
  it('ranks only the gerente’s Hiperadores', async () => {
    const res = await get(g, '/api/v1/dashboard/portfolio');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.month).toBe('2026-06');
    expect(body.ranking).toEqual([
      expect.objectContaining({
        reseller: expect.objectContaining({ id: f.resellerA }),
        mrr_cents: 45000,
        active_clients: 2,
        month_repasse_cents: 6500,
        delinquency: expect.objectContaining({ rate_bp: 7000 }),
      }),
    ]);
    expect(body.totals.mrr_cents).toBe(45000);
  });

  it('is staff only', async () => {
    expect((await get(a, '/api/v1/dashboard/portfolio')).statusCode).toBe(403);
  });
});

describe('GET /api/v1/dashboard/back-office', () => {
  it('gives admin and financeiro the aging, runs and unmatched credits', async () => {
    for (const s of [admin, financeiro]) {
      const res = await get(s, '/api/v1/dashboard/back-office');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.aging.map((x: { label: string }) => x.label)).toEqual([
        'A vencer',
        '1 a 30 dias',
        '31 a 60 dias',
        'Mais de 60 dias',
      ]);
      const failed = body.billing_runs.find(
        (r: { run_date: string; status: string }) => r.status === 'falhou',
      );
      expect(failed).toMatchObject({
        run_date: '2026-06-20',
        status_label: 'Falhou',
        trigger_label: 'Manual',
        error_count: 1,
      });
      expect(body.unmatched_credits.count).toBeGreaterThanOrEqual(2);
      const ids = body.ranking.map((r: { reseller: { id: string } }) => r.reseller.id);
      expect(ids).toContain(f.resellerA);
      expect(ids).toContain(f.resellerB);
    }
  });

  it('is closed to gerente and Hiperador', async () => {
    expect((await get(g, '/api/v1/dashboard/back-office')).statusCode).toBe(403);
    expect((await get(alfa, '/api/v1/dashboard/back-office')).statusCode).toBe(403);
  });
});

describe('GET /api/v1/clients/:id/repasse', () => {
  it('shows mensalidade, repasse, the next installment’s yield and the ledger', async () => {
    const res = await get(a, `/api/v1/clients/${f.clients.c4}/repasse`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // R$ 70,00 a month, custo R$ 28,00, taxa 6,5% = R$ 4,55 → repasse R$ 37,45
    expect(body.contract).toMatchObject({
      monthly_cents: 7000,
      monthly: { received_cents: 7000, cost_cents: 2800, central_fee_cents: 455, repasse_cents: 3745 },
    });
    // next: the activation installment with a R$ 300,00 implantação, 80% to the Hiperador = R$ 240,00
    expect(body.next).toMatchObject({
      due_date: '2026-06-25',
      overdue: false,
      amount_cents: 7000,
      setup_fee_cents: 30000,
      installment: { repasse_cents: 3745 },
      setup_fee: { repasse_cents: 24000, central_fee_cents: 6000 },
      total_repasse_cents: 27745,
    });
    expect(body.ledger).toEqual([]);

    const c1 = (await get(a, `/api/v1/clients/${f.clients.c1}/repasse`)).json();
    // R$ 100,00, custo R$ 30,00, taxa R$ 6,50 → R$ 63,50
    expect(c1.contract.monthly.repasse_cents).toBe(6350);
    // Nothing open: the installment the schedule issues next — competência 07/2026 paid, so 08/2026, due
    // 15/08/2026, R$ 100,00 (mensal) → repasse R$ 63,50.
    expect(c1.next).toMatchObject({
      projected: true,
      installment_id: null,
      competence: '2026-08',
      due_date: '2026-08-15',
      amount_cents: 10000,
      setup_fee_cents: 0,
      total_repasse_cents: 6350,
    });
    expect(
      c1.ledger.map((l: Record<string, unknown>) => [l.month, l.repasse_cents, l.statement_status]),
    ).toEqual([
      ['2026-06', 8000, 'aberto'],
      ['2026-05', 35000, 'fechado'],
    ]);
    expect(c1.ledger_total_repasse_cents).toBe(43000);
  });

  it('answers 404 for another reseller’s client', async () => {
    expect((await get(b, `/api/v1/clients/${f.clients.c1}/repasse`)).statusCode).toBe(404);
    expect((await get(alfa, `/api/v1/clients/${f.clients.c1}/repasse`)).statusCode).toBe(404);
    expect((await get(g, `/api/v1/clients/${f.clients.b1}/repasse`)).statusCode).toBe(404);
    expect((await get(a, '/api/v1/clients/nao-existe/repasse')).statusCode).toBe(404);
  });
});
