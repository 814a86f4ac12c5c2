import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, loginAs, type TestApp } from '../test-support/test-system';

// Session fixation (issue 8, security review): a session id the browser already had — planted by someone
// else, or the user's own from before — is never the one a login hands out, and stops working at login.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

describe('session fixation', () => {
  it('a planted cookie is replaced by a new session id at login and never authenticates', async () => {
    const planted = 'cc_session=sessao-escolhida-pelo-atacante-0123456789';
    const logged = await loginAs(t.app, DEMO.alfa, 'demo1234', { cookie: planted });
    expect(logged.cookie).not.toBe(planted);
    expect((await me(logged.cookie)).statusCode).toBe(200);
    expect((await me(planted)).statusCode).toBe(401);
  });

  it('logging in again over a live session ends the old one', async () => {
    const first = await loginAs(t.app, DEMO.financeiro);
    expect((await me(first.cookie)).statusCode).toBe(200);
    const second = await loginAs(t.app, DEMO.admin, 'demo1234', { cookie: first.cookie });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect((await me(second.cookie)).json().user).toMatchObject({ email: DEMO.admin });
  });
});
