import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { rowsOf } from '../adapters/db/sql-helpers';
import type { RouteInfo } from '../http/server';
import type { LoggedIn, TestApp } from './test-system';

/**
 * Helpers for the sweeps generated from the route table (tenancy/permissions and public tokens): the
 * route's parameters, and one call as a session (cookie + CSRF) or anonymous.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route's parameters with the path before each: '/api/v1/clients/:id/api-keys/:keyId' → two. */
export function paramsOf(url: string): { name: string; key: string }[] {
  const found: { name: string; key: string }[] = [];
  for (const m of url.matchAll(/:(\w+)/g)) {
    found.push({ name: m[1]!, key: url.slice(0, m.index + m[0].length) });
  }
  return found;
}

/** The url with each `:param` replaced by `valueFor(param)`. */
export function fillUrl(url: string, valueFor: (p: { name: string; key: string }) => string): string {
  let out = url;
  for (const p of paramsOf(url)) out = out.replace(`:${p.name}`, encodeURIComponent(valueFor(p)));
  return out;
}

export const isUnsafe = (method: string) => method !== 'GET';

/** The roles a route admits ('authenticated': every role; 'public'/'installation': none by session). */
export function rolesOf(route: RouteInfo): readonly string[] | 'public' | 'installation' | 'authenticated' {
  const a = route.access;
  if (a === 'public' || a === 'installation' || a === 'authenticated') return a;
  if (Array.isArray(a)) return a as string[];
  throw new Error(`${route.method} ${route.url}: access desconhecido ${JSON.stringify(a)}`);
}

export interface CallOptions {
  payload?: string | Buffer | Record<string, unknown>;
  headers?: Record<string, string>;
}

/** One request as `session` (null: anonymous), always with the CSRF header of the session. */
export function callAs(
  t: TestApp,
  session: LoggedIn | null,
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: method as Method,
    url,
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      ...options.headers,
    },
    ...(options.payload !== undefined ? { payload: options.payload } : {}),
  });
}

/** The error code of an answer, or null when it is not our JSON error shape. */
export function codeOf(res: LightMyRequestResponse): string | null {
  try {
    const body = JSON.parse(res.body) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : null;
  } catch {
    return null;
  }
}

/** The first of `needles` found in the body (as sent, case-insensitive), or null. */
export function leakIn(body: string, needles: readonly string[]): string | null {
  const hay = body.toLowerCase();
  return needles.find((n) => n.length > 0 && hay.includes(n.toLowerCase())) ?? null;
}

/**
 * A digest of every row of every table of the application schema: equal digests before and after a
 * request mean the request changed nothing in the database. Returns table → md5 of its rows.
 */
export async function databaseDigest(t: TestApp): Promise<Record<string, string>> {
  const db = t.system.database.db;
  const tables = rowsOf<{ name: string }>(
    await db.execute(
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    ),
  ).map((r) => r.name);
  const out: Record<string, string> = {};
  for (const name of tables) {
    const [row] = rowsOf<{ digest: string | null }>(
      await db.execute(
        sql`select md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as digest from ${sql.identifier(name)} r`,
      ),
    );
    out[name] = row?.digest ?? '';
  }
  return out;
}
