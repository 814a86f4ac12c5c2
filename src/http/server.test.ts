import SwaggerParser from '@apidevtools/swagger-parser';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import type { OpenAPI } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentToken } from '../app/payments/payment-link';
import type { AppError } from '../app/shared/errors';
import { BACK_OFFICE } from '../domain/access/roles';
import { createTestApp, DEMO, loginAs, type TestApp } from '../test-support/test-system';

import { registerAccessControl } from './access';
import { ERROR_STATUS } from './error-statuses';
import { buildServer, loggerOptions } from './server';

describe('HTTP server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('publishes a valid OpenAPI 3 document that lists every API route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc) as OpenAPI.Document);

    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const apiRoutes = t.routes.filter(
      (r) => !r.hidden && (r.url.startsWith('/api/v1') || r.url.endsWith('z')),
    );
    expect(apiRoutes.length).toBeGreaterThanOrEqual(8);
    for (const r of apiRoutes) {
      expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    }
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });

  it('sends security headers and a request id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'teste-req-123' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBe('teste-req-123');
    // Not in production: no HSTS (a dev server on http:// must not pin the browser to https).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('carries the security headers on every kind of answer: JSON, errors, PDFs and HTML pages', async () => {
    const financeiro = await loginAs(t.app, DEMO.financeiro);
    const charges = await t.app.inject({
      method: 'GET',
      url: '/api/v1/charges?method=boleto',
      headers: { cookie: financeiro.cookie },
    });
    const boleto = charges.json().items[0];
    const html = { accept: 'text/html' };
    const answers = [
      ['GET', '/api/v1/me', { cookie: financeiro.cookie }, 200, 'application/json'],
      ['GET', '/api/v1/clients', {}, 401, 'application/json'],
      ['GET', '/api/v1/nao-existe', {}, 404, 'application/json'],
      ['POST', '/api/v1/auth/login', {}, 400, 'application/json'],
      ['GET', '/api/v1/signing/link-inexistente', {}, 404, 'application/json'],
      [
        'GET',
        `/api/v1/payment-page/${paymentToken(t.system.config.sessionSecret, boleto.id)}/boleto.pdf`,
        {},
        200,
        'application/pdf',
      ],
      ['GET', '/api/openapi.json', {}, 200, 'application/json'],
      ['GET', '/api/docs/', html, 200, 'text/html'],
      ['GET', '/assinar/qualquer-link', html, 503, 'text/html'],
    ] as const;
    for (const [method, url, headers, status, type] of answers) {
      const res = await t.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: {} } : {}) });
      const what = `${method} ${url}`;
      expect(res.statusCode, what).toBe(status);
      expect(res.headers['content-type'], what).toContain(type);
      expect(res.headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy'], what).toMatch(/script-src 'self'\s*(;|$)/);
      expect(res.headers['content-security-policy'], what).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['referrer-policy'], what).toBe('no-referrer');
      expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN');
      expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
      if (url.startsWith('/api/')) expect(res.headers['cache-control'], what).toContain('no-store');
    }
  });

  it('asks browsers for HTTPS only (HSTS) in production', async () => {
    const prod = await createTestApp({ config: { env: 'production' } });
    try {
      for (const url of ['/healthz', '/api/v1/nao-existe', '/api/docs/']) {
        const res = await prod.app.inject({ method: 'GET', url });
        expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
        expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      }
    } finally {
      await prod.close();
    }
  });

  it('logs every request with its request id, and never a password, cookie or CSRF token', async () => {
    const lines: string[] = [];
    const server = await buildServer(t.system, {
      serveWeb: false,
      logger: loggerOptions('info', false),
      logStream: { write: (line) => void lines.push(line) },
    });
    const s = await loginAs(server.app, DEMO.alfa, 'demo1234', { 'x-request-id': 'req-login-0001' });
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: DEMO.alfa, password: 'senha-secreta-errada' },
    });
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    await server.app.close();
    const log = lines.join('');
    expect(log).toContain('"reqId":"req-login-0001"');
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('reqId');
    for (const secret of ['demo1234', 'senha-secreta-errada', s.sessionId, s.csrf])
      expect(log).not.toContain(secret);
  });

  it('reports readiness', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('answers unknown API routes with the one error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nada-aqui' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'not_found', message: 'Rota não encontrada.' });
  });

  it('names the invalid field in Portuguese on a validation error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.c' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'password' });
    expect(res.json().message).toMatch(/^Dados inválidos no campo "password"/);
  });

  it('refuses request bodies over the size limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('declares who may call every API route, and refuses the roles not listed', async () => {
    const bare = Fastify();
    await bare.register(cookie);
    bare.setErrorHandler((err: AppError, _req, reply) =>
      reply.code(ERROR_STATUS[err.code]).send({ code: err.code }),
    );
    registerAccessControl(bare, t.system);
    expect(() => bare.get('/api/v1/sem-declaracao', async () => ({}))).toThrow(
      /não declara quem pode chamá-la/,
    );
    bare.get('/api/v1/so-financeiro', { config: { access: BACK_OFFICE } }, async () => ({ ok: true }));
    const alfa = await loginAs(t.app, DEMO.alfa);
    const financeiro = await loginAs(t.app, DEMO.financeiro);
    const denied = await bare.inject({
      method: 'GET',
      url: '/api/v1/so-financeiro',
      headers: { cookie: alfa.cookie },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('forbidden');
    const allowed = await bare.inject({
      method: 'GET',
      url: '/api/v1/so-financeiro',
      headers: { cookie: financeiro.cookie },
    });
    expect(allowed.statusCode).toBe(200);
    await bare.close();
  });

  it('sweeps every client route with an :id as another reseller: 404 (403 where Hiperadores may not call it at all)', async () => {
    const alfa = await loginAs(t.app, DEMO.alfa);
    const beta = await loginAs(t.app, DEMO.beta);
    const betaClient = (
      await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { cookie: beta.cookie } })
    ).json().items[0];
    const clientRoutes = t.routes.filter((r) => r.url.startsWith('/api/v1/clients/:id'));
    expect(clientRoutes.length).toBeGreaterThan(0);
    for (const r of clientRoutes) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: r.url.replace(':id', betaClient.id).replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000'),
        headers: { cookie: alfa.cookie, 'x-csrf-token': alfa.csrf },
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }),
      });
      // A route closed to Hiperadores answers 403 before looking at the id; an open one must not tell
      // another reseller's client from a missing one.
      const hiperadorMayCall = !Array.isArray(r.access) || r.access.includes('hiperador');
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(hiperadorMayCall ? 404 : 403);
      expect(res.body).not.toContain(betaClient.legal_name);
    }
  });
});
