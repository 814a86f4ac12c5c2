import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessOverrides, auditLog, clients } from '../../adapters/db/schema';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

let t: TestApp;
let admin: LoggedIn;
let financeiro: LoggedIn;
let gerente: LoggedIn;
let alfa: LoggedIn;
let beta: LoggedIn;
const clock = manualClock(new Date('2026-06-01T12:00:00Z'));

const call = (s: LoggedIn, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });

async function clientNamed(legalName: string) {
  const [row] = await t.system.database.db.select().from(clients).where(eq(clients.legalName, legalName));
  return row!;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  [admin, financeiro, gerente, alfa, beta] = await Promise.all([
    loginAs(t.app, DEMO.admin),
    loginAs(t.app, DEMO.financeiro),
    loginAs(t.app, DEMO.gerente),
    loginAs(t.app, DEMO.alfa),
    loginAs(t.app, DEMO.beta),
  ]);
});
afterAll(() => t.close());

describe('GET /api/v1/clients/:id/installments', () => {
  it("shows the client's liberado até to its Hiperador; another Hiperador gets 404", async () => {
    const client = await clientNamed('Mercadinho Bom Preço Ltda'); // Alfa, ativo
    const mine = await call(alfa, 'GET', `/api/v1/clients/${client.id}/installments`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({
      client: { id: client.id, status: 'ativo', status_label: 'Ativo', paid_through: '2026-07-31' },
      installments: [],
      overrides: [],
      contract: null,
      cancellation: null,
    });
    const other = await call(beta, 'GET', `/api/v1/clients/${client.id}/installments`);
    expect(other.statusCode).toBe(404);
    expect(other.json().message).toBe('Cliente não encontrado.');
    expect((await call(alfa, 'GET', '/api/v1/clients/nao-e-um-id/installments')).statusCode).toBe(404);
  });
});

describe('POST /api/v1/clients/:id/access-override (liberar até)', () => {
  it('refuses bad input with a pt-BR message and writes nothing', async () => {
    const client = await clientNamed('Auto Peças Estrada Real Ltda'); // Alfa, bloqueado since 31/05
    const url = `/api/v1/clients/${client.id}/access-override`;
    expect(
      (await call(alfa, 'POST', url, { until: '2026-06-10', reason: 'Pagamento prometido pelo cliente' }))
        .statusCode,
    ).toBe(403);
    const short = await call(financeiro, 'POST', url, { until: '2026-06-10', reason: 'curto' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      field: 'reason',
      message: 'Informe o motivo da liberação (ao menos 10 caracteres).',
    });
    const past = await call(financeiro, 'POST', url, {
      until: '2026-05-31',
      reason: 'Pagamento prometido pelo cliente',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({
      field: 'until',
      message: 'A data de liberação não pode ser anterior a hoje (01/06/2026).',
    });
    const bad = await call(financeiro, 'POST', url, {
      until: '2026-02-30',
      reason: 'Pagamento prometido pelo cliente',
    });
    expect(bad.statusCode).toBe(400);
    const [n] = await t.system.database.db
      .select({ n: count() })
      .from(accessOverrides)
      .where(eq(accessOverrides.clientId, client.id));
    expect(Number(n!.n)).toBe(0);
    expect((await clientNamed('Auto Peças Estrada Real Ltda')).status).toBe('bloqueado');
  });

  it('liberates a blocked client at once, never shrinks access, is audited and shown on the client page', async () => {
    const client = await clientNamed('Auto Peças Estrada Real Ltda');
    expect([client.status, client.paidThrough]).toEqual(['bloqueado', '2026-05-31']);
    const url = `/api/v1/clients/${client.id}/access-override`;
    const res = await call(financeiro, 'POST', url, {
      until: '2026-06-15',
      reason: 'Pagamento prometido para 12/06, combinado com o cliente',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      previous_paid_through: '2026-05-31',
      paid_through: '2026-06-15',
      previous_status: 'bloqueado',
      status: 'ativo',
      status_label: 'Ativo',
      override: { until: '2026-06-15', created_by_name: 'Fábio Financeiro' },
    });
    const after = await clientNamed('Auto Peças Estrada Real Ltda');
    expect([after.status, after.paidThrough]).toEqual(['ativo', '2026-06-15']);

    // An earlier date is recorded but access never shrinks.
    const earlier = await call(admin, 'POST', url, {
      until: '2026-06-05',
      reason: 'Registro de conferência do financeiro',
    });
    expect(earlier.statusCode).toBe(200);
    expect(earlier.json().paid_through).toBe('2026-06-15');

    const audit = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.access_granted'), eq(auditLog.entityId, client.id)));
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.actorEmail).sort()).toEqual([DEMO.admin, DEMO.financeiro]);
    expect(audit.find((a) => a.actorEmail === DEMO.financeiro)!.details).toMatchObject({
      until: '2026-06-15',
      reason: 'Pagamento prometido para 12/06, combinado com o cliente',
      previous_status: 'bloqueado',
      status: 'ativo',
    });

    const page = await call(alfa, 'GET', `/api/v1/clients/${client.id}/installments`);
    expect(page.json().client.paid_through).toBe('2026-06-15');
    expect(page.json().overrides.map((o: { until: string; reason: string }) => [o.until, o.reason])).toEqual([
      ['2026-06-05', 'Registro de conferência do financeiro'],
      ['2026-06-15', 'Pagamento prometido para 12/06, combinado com o cliente'],
    ]);
  });

  it('refuses a client without a signed contract', async () => {
    const prospect = await clientNamed('Padaria Pão Dourado Ltda');
    await t.system.database.db
      .update(clients)
      .set({ status: 'aguardando_contrato' })
      .where(eq(clients.id, prospect.id));
    const res = await call(financeiro, 'POST', `/api/v1/clients/${prospect.id}/access-override`, {
      until: '2026-06-20',
      reason: 'Teste de cliente sem contrato assinado',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('Este cliente ainda não tem contrato assinado: não há acesso a liberar.');
    await t.system.database.db.update(clients).set({ status: 'ativo' }).where(eq(clients.id, prospect.id));
  });
});

describe('POST /api/v1/clients/:id/cancel-billing', () => {
  it('is for the back office only, and needs a contract in billing', async () => {
    const client = await clientNamed('Mercadinho Bom Preço Ltda');
    const url = `/api/v1/clients/${client.id}/cancel-billing`;
    expect((await call(alfa, 'POST', url, { reason: 'Cliente pediu o cancelamento' })).statusCode).toBe(403);
    expect((await call(gerente, 'POST', url, { reason: 'Cliente pediu o cancelamento' })).statusCode).toBe(
      403,
    );
    const short = await call(financeiro, 'POST', url, { reason: 'não' });
    expect(short.statusCode).toBe(400);
    expect(short.json().field).toBe('reason');
    const none = await call(financeiro, 'POST', url, { reason: 'Cliente pediu o cancelamento' });
    expect(none.statusCode).toBe(422);
    expect(none.json().message).toBe(
      'Este cliente não tem contrato em cobrança: não há cobrança a cancelar.',
    );
    expect((await clientNamed('Mercadinho Bom Preço Ltda')).status).toBe('ativo');
  });
});

describe('Execuções de cobrança', () => {
  it('staff list the runs; the back office runs a date in the background (202) and follows it to the end', async () => {
    expect((await call(alfa, 'GET', '/api/v1/billing/runs')).statusCode).toBe(403);
    expect((await call(gerente, 'POST', '/api/v1/billing/runs', { date: '2026-06-01' })).statusCode).toBe(
      403,
    );

    const future = await call(financeiro, 'POST', '/api/v1/billing/runs', { date: '2026-06-02' });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({
      field: 'date',
      message: 'A cobrança não pode ser executada para uma data futura (hoje é 01/06/2026).',
    });

    const started = await call(financeiro, 'POST', '/api/v1/billing/runs', { date: '2026-06-01' });
    expect(started.statusCode, started.body).toBe(202);
    const run = started.json();
    expect(run).toMatchObject({
      run_date: '2026-06-01',
      trigger: 'manual',
      started_by_name: 'Fábio Financeiro',
    });

    let detail = run;
    for (let i = 0; i < 100 && detail.status === 'executando'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      detail = (await call(gerente, 'GET', `/api/v1/billing/runs/${run.id}`)).json();
    }
    expect(detail.status).toBe('concluida');
    expect(detail.status_label).toBe('Concluída');
    expect(detail.finished_at).not.toBeNull();
    expect(Object.keys(detail.counts)).toEqual(expect.arrayContaining(['issued', 'charged', 'blocked']));

    const list = await call(admin, 'GET', '/api/v1/billing/runs');
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ id: run.id, status: 'concluida', trigger_label: 'Manual' });
    expect(
      (await call(admin, 'GET', '/api/v1/billing/runs/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });
});
