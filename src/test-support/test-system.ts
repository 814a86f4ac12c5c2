import type { FastifyInstance } from 'fastify';
import type { Clock } from '../app/shared/ports';
import { type Config, loadConfig } from '../config';
import { buildServer, type RouteInfo } from '../http/server';
import { openSystem, type System } from '../system';
import { createTestDatabase } from './test-database';

export interface TestApp {
  system: System;
  app: FastifyInstance;
  routes: RouteInfo[];
  close(): Promise<void>;
}

/** The whole application (demo data, no queue unless asked) on a fresh test database, driven with inject(). */
export async function createTestApp(
  options: { clock?: Clock; config?: Partial<Config>; queue?: boolean; demoHistory?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    queueEnabled: options.queue ?? false,
    seedDemo: true,
    ...options.config,
  };
  const system = await openSystem(config, {
    database,
    ...(options.demoHistory ? { demoHistory: true } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = await buildServer(system, { serveWeb: false });
  await server.app.ready();
  return {
    system,
    app: server.app,
    routes: server.routes,
    async close() {
      await server.app.close();
      await system.close();
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-06-01T12:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface LoggedIn {
  cookie: string;
  csrf: string;
  sessionId: string;
  body: {
    user: { id: string; role: string; reseller: { id: string; name: string } | null };
    csrf_token: string;
  };
}

export const DEMO = {
  admin: 'admin@demo.local',
  financeiro: 'financeiro@demo.local',
  gerente: 'gerente@demo.local',
  alfa: 'hiperador@demo.local',
  beta: 'hiperador2@demo.local',
} as const;

/** Logs in through the API, as the browser would. */
export async function loginAs(
  app: FastifyInstance,
  email: string,
  password = 'demo1234',
  headers: Record<string, string> = {},
): Promise<LoggedIn> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    headers,
  });
  if (res.statusCode !== 200) throw new Error(`login de ${email} falhou: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'cc_session')!;
  const body = res.json();
  return { cookie: `cc_session=${cookie.value}`, csrf: body.csrf_token, sessionId: cookie.value, body };
}
