import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountManagerResellers, auditLog, users } from '../../adapters/db/schema';
import { type SmtpTestServer, startSmtpTestServer } from '../../test-support/smtp-test-server';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

function caller(t: TestApp) {
  return (s: LoggedIn, method: 'GET' | 'POST', url: string) =>
    t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
}

const body = { html: '<p>Olá</p>', text: 'Olá' };

describe('Caixa de saída API', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let call: ReturnType<typeof caller>;
  let admin: LoggedIn;
  let financeiro: LoggedIn;
  let gerente: LoggedIn;
  let alfa: LoggedIn;
  const ids = { alfa: '', beta: '', staff: '' };

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    // SMTP configured, queue off: "Reenviar" sends right away.
    t = await createTestApp({ config: { smtpUrl: smtp.url } });
    call = caller(t);
    [admin, financeiro, gerente, alfa] = await Promise.all([
      loginAs(t.app, DEMO.admin),
      loginAs(t.app, DEMO.financeiro),
      loginAs(t.app, DEMO.gerente),
      loginAs(t.app, DEMO.alfa),
    ]);
    const alfaReseller = alfa.body.user.reseller!.id;
    const beta = await loginAs(t.app, DEMO.beta);
    const betaReseller = beta.body.user.reseller!.id;
    // The gerente manages only Alfa in this test.
    const db = t.system.database.db;
    const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO.gerente));
    await db
      .delete(accountManagerResellers)
      .where(
        and(
          eq(accountManagerResellers.userId, manager!.id),
          eq(accountManagerResellers.resellerId, betaReseller),
        ),
      );
    const outbox = t.system.deps.outbox;
    ids.alfa = (
      await outbox.enqueue({
        to: 'responsavel@alfa-cliente.com.br',
        subject: 'Contrato Alfa',
        ...body,
        entityType: 'contract',
        entityId: 'contrato-alfa',
        resellerId: alfaReseller,
      })
    ).id;
    ids.beta = (
      await outbox.enqueue({
        to: 'resp@beta-cliente.com.br',
        subject: 'Contrato Beta',
        ...body,
        resellerId: betaReseller,
      })
    ).id;
    ids.staff = (await outbox.enqueue({ to: 'equipe@hiper.local', subject: 'Aviso interno', ...body })).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('lists every e-mail for admin and financeiro, newest first', async () => {
    for (const s of [admin, financeiro]) {
      const res = await call(s, 'GET', '/api/v1/outbox');
      expect(res.statusCode).toBe(200);
      const list = res.json();
      expect(list.total).toBe(3);
      expect(list.items.map((i: { subject: string }) => i.subject)).toEqual([
        'Aviso interno',
        'Contrato Beta',
        'Contrato Alfa',
      ]);
    }
    const res = await call(admin, 'GET', '/api/v1/outbox?q=alfa-cliente');
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: ids.alfa,
        to: 'responsavel@alfa-cliente.com.br',
        status: 'pendente',
        attempts: 0,
        last_error: null,
        entity: { type: 'contract', id: 'contrato-alfa' },
        sent_at: null,
      }),
    ]);
    expect(res.json().items[0]).not.toHaveProperty('html');
  });

  it('a gerente sees only the e-mails of its resellers; no-reseller e-mails are back-office only', async () => {
    const res = await call(gerente, 'GET', '/api/v1/outbox');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([ids.alfa]);
    expect((await call(gerente, 'GET', `/api/v1/outbox/${ids.alfa}`)).statusCode).toBe(200);
    for (const id of [ids.beta, ids.staff]) {
      const other = await call(gerente, 'GET', `/api/v1/outbox/${id}`);
      expect(other.statusCode).toBe(404);
      expect(other.json()).toEqual({ code: 'not_found', message: 'E-mail não encontrado.' });
      expect((await call(gerente, 'POST', `/api/v1/outbox/${id}/retry`)).statusCode).toBe(404);
    }
  });

  it('refuses a Hiperador (403) on every outbox route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/outbox'],
      ['GET', `/api/v1/outbox/${ids.alfa}`],
      ['POST', `/api/v1/outbox/${ids.alfa}/retry`],
    ] as const) {
      expect((await call(alfa, method, url)).statusCode).toBe(403);
    }
  });

  it('shows one e-mail with its HTML and text; unknown → 404', async () => {
    const res = await call(admin, 'GET', `/api/v1/outbox/${ids.staff}`);
    expect(res.json()).toMatchObject({ subject: 'Aviso interno', html: '<p>Olá</p>', text: 'Olá' });
    expect((await call(admin, 'GET', '/api/v1/outbox/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await call(admin, 'GET', '/api/v1/outbox/nao-e-uuid')).statusCode).toBe(404);
  });

  it('filters by status', async () => {
    const res = await call(admin, 'GET', '/api/v1/outbox?status=falhou');
    expect(res.json().total).toBe(0);
    expect((await call(admin, 'GET', '/api/v1/outbox?status=outro')).statusCode).toBe(400);
  });

  it('"Reenviar" a failed e-mail sends it, audits the retry; a sent one → 422', async () => {
    await t.system.database.executeSql(
      "update email_outbox set status = 'falhou', attempts = 6, last_error = 'Conexão recusada' where id = $1",
      [ids.alfa],
    );
    const res = await call(gerente, 'POST', `/api/v1/outbox/${ids.alfa}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'enviado', attempts: 7, last_error: null });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.subject).toBe('Contrato Alfa');

    const entries = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'email.retry_requested'), eq(auditLog.entityId, ids.alfa)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorEmail: DEMO.gerente,
      entityType: 'email',
      details: { statusBefore: 'falhou', attemptsBefore: 6, queued: false },
    });

    const again = await call(gerente, 'POST', `/api/v1/outbox/${ids.alfa}/retry`);
    expect(again.statusCode).toBe(422);
    expect(again.json().message).toBe('Este e-mail já foi enviado; não há o que reenviar.');
  });

  it('"Reenviar" that fails again leaves it "falhou" with the new error', async () => {
    smtp.rejectRecipients.add('resp@beta-cliente.com.br');
    const res = await call(admin, 'POST', `/api/v1/outbox/${ids.beta}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'falhou', attempts: 1 });
    expect(res.json().last_error).toMatch(/550|inexistente/);
  });
});

describe('Caixa de saída API without SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('"Reenviar" explains that SMTP is not configured (422) and changes nothing', async () => {
    const admin = await loginAs(t.app, DEMO.admin);
    const { id } = await t.system.deps.outbox.enqueue({ to: 'a@b.com.br', subject: 'Demo', ...body });
    const res = await caller(t)(admin, 'POST', `/api/v1/outbox/${id}/retry`);
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('SMTP_URL');
    const after = await caller(t)(admin, 'GET', `/api/v1/outbox/${id}`);
    expect(after.json()).toMatchObject({ status: 'pendente', attempts: 0 });
    expect(after.json().last_error).toContain('SMTP_URL não configurado');
  });
});
