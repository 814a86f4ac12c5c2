import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, loginAs, manualClock, type TestApp } from '../../test-support/test-system';

describe('login, sessions and CSRF', () => {
  let t: TestApp;
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('logs in with e-mail and password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Hiperador@Demo.Local ', password: 'demo1234' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({
      email: DEMO.alfa,
      role: 'hiperador',
      reseller: { name: 'Alfa Automação' },
    });
    expect(body.csrf_token).toMatch(/^[\w-]{40,}$/);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^cc_session=/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Secure'); // plain HTTP here
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const secure = await createTestApp({ config: { trustProxy: true } });
    try {
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: DEMO.admin, password: 'demo1234' },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toContain('Secure');
    } finally {
      await secure.close();
    }
  });

  it('answers a wrong password and an unknown e-mail with the same Portuguese message', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: DEMO.financeiro, password: 'errada123' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ninguem@demo.local', password: 'errada123' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ code: 'invalid_credentials', message: 'E-mail ou senha incorretos.' });
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('rotates the session id at login: the session the browser had before stops working', async () => {
    const first = await loginAs(t.app, DEMO.gerente);
    const second = await loginAs(t.app, DEMO.gerente, 'demo1234', { cookie: first.cookie });
    expect(second.sessionId).not.toBe(first.sessionId);
    const old = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: first.cookie } });
    expect(old.statusCode).toBe(401);
    const current = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: second.cookie },
    });
    expect(current.statusCode).toBe(200);
    expect(current.json().csrf_token).toBe(second.csrf);
  });

  it('GET /me without a session answers 401 in the one error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    expect(res.json().message).toMatch(/entre novamente/i);
  });

  it('rejects a state-changing request without the CSRF token, or with a wrong one (403), and accepts it with the token', async () => {
    const s = await loginAs(t.app, DEMO.alfa);
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_invalid');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': `${s.csrf.slice(0, -2)}xx` },
    });
    expect(wrong.statusCode).toBe(403);
    // still logged in: the rejected requests changed nothing
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(401);
  });

  it('expires an idle session after 8 hours', async () => {
    const s = await loginAs(t.app, DEMO.financeiro);
    clock.advance(8 * 60 * 60 * 1000 + 1000);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(401);
  });

  it('changes the password: the old one stops working, other sessions are closed, this one stays', async () => {
    const other = await loginAs(t.app, DEMO.beta);
    const s = await loginAs(t.app, DEMO.beta);
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { current_password: 'demo1234', new_password: 'curta' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      field: 'new_password',
      message: 'A senha deve ter ao menos 8 caracteres.',
    });

    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { current_password: 'nao-e-essa', new_password: 'nova-senha-forte' },
    });
    expect(wrongCurrent.statusCode).toBe(422);
    expect(wrongCurrent.json().message).toBe('A senha atual não confere.');

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { current_password: 'demo1234', new_password: 'nova-senha-forte' },
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other.cookie } }))
        .statusCode,
    ).toBe(401);
    await expect(loginAs(t.app, DEMO.beta, 'demo1234')).rejects.toThrow(/401/);
    await loginAs(t.app, DEMO.beta, 'nova-senha-forte');
  });

  it('records logins, failures, logouts and password changes in the audit log', async () => {
    const { rows } = await t.system.database.executeSql(
      "select action, count(*)::int as n from audit_log where action like 'auth.%' group by action order by action",
    );
    const actions = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(actions['auth.login']).toBeGreaterThan(0);
    expect(actions['auth.login_failed']).toBeGreaterThan(0);
    expect(actions['auth.logout']).toBe(1);
    expect(actions['auth.password_changed']).toBe(1);
  });
});

describe('login throttling', () => {
  let t: TestApp;
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const attempt = (email: string, password: string, ip = '203.0.113.7') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: ip,
    });

  it('after 5 wrong passwords for an e-mail answers 429 — even with the right password — until 15 minutes pass', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(DEMO.alfa, `errada-${i}`)).statusCode).toBe(401);
    const blocked = await attempt(DEMO.alfa, 'demo1234');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({
      code: 'too_many_attempts',
      message: 'Muitas tentativas de acesso sem sucesso. Aguarde 15 minutos e tente novamente.',
    });
    // Another user on the same IP is not affected by that e-mail's lock.
    expect((await attempt(DEMO.admin, 'demo1234')).statusCode).toBe(200);
    clock.advance(15 * 60 * 1000 + 1000);
    expect((await attempt(DEMO.alfa, 'demo1234')).statusCode).toBe(200);
  });

  it('locks an unknown e-mail the same way, so the answer does not reveal which e-mails exist', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt('nao-existe@demo.local', 'x1234567')).statusCode).toBe(401);
    expect((await attempt('nao-existe@demo.local', 'x1234567')).statusCode).toBe(429);
  });

  it('after 20 failures from one IP answers 429 for every e-mail from that IP', async () => {
    clock.advance(16 * 60 * 1000);
    const ip = '198.51.100.20';
    for (let i = 0; i < 20; i++) {
      expect((await attempt(`pessoa${i}@exemplo.com.br`, 'x1234567', ip)).statusCode).toBe(401);
    }
    expect((await attempt(DEMO.gerente, 'demo1234', ip)).statusCode).toBe(429);
    expect((await attempt(DEMO.gerente, 'demo1234', '198.51.100.21')).statusCode).toBe(200);
  });
});
