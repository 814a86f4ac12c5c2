import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, loginAs, manualClock, type TestApp } from '../test-support/test-system';
import { SlidingWindowLimiter, tooManyRequestsMessage } from './rate-limit';

const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

const MINUTE = 60_000;

function get(url: string, ip = '198.51.100.1') {
  return t.app.inject({ method: 'GET', url, remoteAddress: ip });
}

function postCard(token: string, ip = '198.51.100.2') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/card-links/${token}/card`,
    remoteAddress: ip,
    payload: {
      token: 'tok_sandbox_visa',
      brand: 'visa',
      last4: '1111',
      exp_month: 12,
      exp_year: 2030,
      holder_name: 'MARIA SILVA',
    },
  });
}

async function times(n: number, call: () => Promise<{ statusCode: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await call()).statusCode);
  return statuses;
}

describe('rate limits on the public link pages', () => {
  it('one signing link: 60 calls a minute, then 429 with Retry-After and a message in Portuguese', async () => {
    const statuses = await times(60, () => get('/api/v1/signing/link-inexistente-1'));
    expect(new Set(statuses)).toEqual(new Set([404]));

    const refused = await get('/api/v1/signing/link-inexistente-1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.json()).toMatchObject({
      code: 'too_many_attempts',
      message: 'Muitas solicitações em pouco tempo. Aguarde 60 segundos e tente novamente.',
    });
    // Another link from the same address is not held back.
    expect((await get('/api/v1/signing/link-inexistente-2')).statusCode).toBe(404);

    clock.advance(MINUTE);
    expect((await get('/api/v1/signing/link-inexistente-1')).statusCode).toBe(404);
  });

  it('the window slides: hits older than a minute stop counting one by one', async () => {
    const url = '/api/v1/payment-page/pagina-inexistente';
    await times(30, () => get(url, '198.51.100.3'));
    clock.advance(30_000);
    await times(30, () => get(url, '198.51.100.4'));
    const refused = await get(url, '198.51.100.5');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');

    clock.advance(30_001); // the first 30 have left the window
    expect((await get(url, '198.51.100.5')).statusCode).toBe(404);
  });

  it('one address: 300 calls a minute over all the public pages, whatever the link', async () => {
    const ip = '203.0.113.7';
    let i = 0;
    const statuses = await times(300, () => get(`/api/v1/card-links/varredura-${i++}`, ip));
    expect(new Set(statuses)).toEqual(new Set([404]));
    const refused = await get('/api/v1/payment-page/outro-link', ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    // Someone else is unaffected.
    expect((await get('/api/v1/payment-page/outro-link', '203.0.113.8')).statusCode).toBe(404);
    clock.advance(MINUTE);
  });

  it('card registration: 10 tries per link per hour', async () => {
    const statuses = await times(10, () => postCard('cartao-inexistente'));
    expect(new Set(statuses)).toEqual(new Set([404]));
    const refused = await postCard('cartao-inexistente', '198.51.100.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(refused.json().message).toBe(
      'Muitas solicitações em pouco tempo. Aguarde 60 minutos e tente novamente.',
    );
    // Reading the page still works (the page's own, per-minute budget).
    expect((await get('/api/v1/card-links/cartao-inexistente')).statusCode).toBe(404);
    clock.advance(60 * MINUTE);
    expect((await postCard('cartao-inexistente')).statusCode).toBe(404);
  });

  it('card registration: 30 tries per address per hour, over any links', async () => {
    let i = 0;
    const statuses = await times(30, () => postCard(`cartao-${i++}`, '192.0.2.50'));
    expect(new Set(statuses)).toEqual(new Set([404]));
    const refused = await postCard('cartao-mais-um', '192.0.2.50');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    clock.advance(60 * MINUTE);
  });

  it('signed-in portal routes are not counted here', async () => {
    const alfa = await loginAs(t.app, DEMO.alfa);
    const statuses = await times(320, () =>
      t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: alfa.cookie } }),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe('SlidingWindowLimiter', () => {
  it('allows `limit` hits per window and says how long to wait', () => {
    const limiter = new SlidingWindowLimiter(2, 1000);
    expect(limiter.waitMs('a', 0)).toBe(0);
    limiter.record('a', 0);
    limiter.record('a', 400);
    expect(limiter.waitMs('a', 500)).toBe(500);
    expect(limiter.waitMs('b', 500)).toBe(0);
    expect(limiter.waitMs('a', 1000)).toBe(0);
  });

  it('forgets the least recently used keys beyond its size', () => {
    const limiter = new SlidingWindowLimiter(1, 1000, 2);
    limiter.record('a', 0);
    limiter.record('b', 0);
    limiter.record('c', 0);
    expect(limiter.waitMs('a', 1)).toBe(0);
    expect(limiter.waitMs('c', 1)).toBe(999);
  });

  it('words the wait in seconds or minutes', () => {
    expect(tooManyRequestsMessage(1)).toBe(
      'Muitas solicitações em pouco tempo. Aguarde 1 segundo e tente novamente.',
    );
    expect(tooManyRequestsMessage(600)).toBe(
      'Muitas solicitações em pouco tempo. Aguarde 10 minutos e tente novamente.',
    );
  });
});
