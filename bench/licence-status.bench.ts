/**
 * Benchmark of the hottest route: GET /api/v1/licence/status, called by every Hiper installation (issue 6,
 * acceptance 5b), against a trivial route of the same server in the same run.
 *
 *   npm run bench -- licence-status   (BENCH_CONNECTIONS, BENCH_DURATION, BENCH_ROUNDS, BENCH_WARMUP, BENCH_WORKERS)
 *
 * On PostgreSQL when BENCH_DATABASE_URL or DATABASE_URL is set (its own database bench_licence_status, dropped
 * and created again), else on a fresh embedded database. Starts the whole application in this process (demo
 * data, no queue, no logs), creates an installation API key for a demo client made 'ativo', checks the answer
 * (the token verifies with the JWKS), then fires autocannon at 100 connections: the licence status, the same with
 * `If-None-Match` (304, what an installation polling an unchanged status gets), and a trivial route registered
 * only here (`GET /bench/trivial`: no database, no authentication — /healthz runs `select 1`, so it is not
 * trivial). The measured 10 s per route are taken in 5 rounds, the routes taking turns, so a burst of load from
 * other processes does not fall on one route only. Prints requests/s (over all rounds), p50/p99 (median of the
 * rounds) and the worst round's p99, and the ratio licence/trivial. Targets: ratio ≥ 0.5, p99 ≤ 10 ms (reported;
 * a miss does not fail the command). Exits 1 on any unexpected status (not 200, or not 304 with If-None-Match)
 * or error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { eq } from 'drizzle-orm';
import { createLocalJWKSet, jwtVerify } from 'jose';
import pg from 'pg';
import { clients } from '../src/adapters/db/schema';
import { loadConfig } from '../src/config';
import { buildServer } from '../src/http/server';
import { openSystem } from '../src/system';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
/** Measured seconds per route (in total, over the rounds). */
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
/** The measured time of each route is split in rounds, the routes taking turns. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** autocannon in its own thread(s), so the load generator does not steal the server's event loop. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const P99_TARGET_MS = 10;
const RATIO_TARGET = 0.5;
const DB_NAME = 'bench_licence_status';
const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '';

function urlFor(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${DB_NAME} with (force)`);
    await admin.query(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-licence-'));
  const onPostgres = SERVER_URL !== '';
  if (onPostgres) {
    process.stdout.write(`PostgreSQL: ${urlFor(DB_NAME).replace(/\/\/[^@]*@/, '//')}\n`);
    await recreateDatabase();
  } else {
    process.stdout.write(`Banco embutido em ${dataDir}…\n`);
  }
  const config = {
    ...loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    databaseUrl: onPostgres ? urlFor(DB_NAME) : undefined,
    queueEnabled: false,
    seedDemo: true,
  };
  const system = await openSystem(config);
  const server = await buildServer(system, { logger: false, serveWeb: false });
  // The reference: what the same server does for a route with no work at all.
  server.app.get('/bench/trivial', { schema: { hide: true } }, async () => ({ ok: true }));
  let exitCode = 0;
  try {
    const address = await server.app.listen({ host: '127.0.0.1', port: 0 });

    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'hiperador@demo.local', password: 'demo1234' }),
    });
    if (login.status !== 200) throw new Error(`login falhou: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
    const session = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };

    const list = await fetch(`${address}/api/v1/clients?page_size=1`, { headers: session });
    const client = ((await list.json()) as { items: { id: string }[] }).items[0];
    if (!client) throw new Error('a carga de demonstração não criou clientes');
    await system.database.db
      .update(clients)
      .set({ status: 'ativo', paidThrough: '2026-07-31' })
      .where(eq(clients.id, client.id));
    const created = await fetch(`${address}/api/v1/clients/${client.id}/api-keys`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ name: 'Benchmark' }),
    });
    if (created.status !== 201) throw new Error(`chave de API: ${created.status} ${await created.text()}`);
    const { key } = (await created.json()) as { key: string };
    const auth = { authorization: `Bearer ${key}` };

    // The answer is right before it is fast.
    const check = await fetch(`${address}/api/v1/licence/status`, { headers: auth });
    if (check.status !== 200) throw new Error(`status: ${check.status} ${await check.text()}`);
    const body = (await check.json()) as { status: string; liberado_ate: string; token: string };
    const jwks = await (await fetch(`${address}/.well-known/jwks.json`)).json();
    const { payload } = await jwtVerify(body.token, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    if (payload.sub !== client.id || body.status !== 'ativo' || body.liberado_ate !== '2026-07-31') {
      throw new Error(`resposta inesperada: ${JSON.stringify(body)}`);
    }
    const etag = check.headers.get('etag') ?? '';

    const fire = (path: string, headers: Record<string, string>, seconds: number) =>
      autocannon({
        url: `${address}${path}`,
        headers,
        connections: CONNECTIONS,
        duration: seconds,
        ...(WORKERS > 0 ? { workers: WORKERS } : {}),
      });
    const targets: Target[] = [
      {
        name: 'GET /api/v1/licence/status (200)',
        path: '/api/v1/licence/status',
        headers: auth,
        expected: '200',
      },
      {
        name: '… com If-None-Match (304)',
        path: '/api/v1/licence/status',
        headers: { ...auth, 'if-none-match': etag },
        expected: '304',
      },
      { name: 'GET /bench/trivial (referência)', path: '/bench/trivial', headers: {}, expected: '200' },
    ];

    const roundSeconds = Math.max(1, Math.round(DURATION_S / ROUNDS));
    process.stdout.write(
      `Aquecendo ${WARMUP_S} s por rota, depois ${ROUNDS} rodadas alternadas de ${roundSeconds} s por rota ` +
        `(a carga de outros processos afeta as rotas por igual): ${CONNECTIONS} conexões, ${cpus().length} CPUs, ` +
        `autocannon em ${WORKERS > 0 ? `${WORKERS} thread(s) própria(s)` : 'a mesma thread'}…\n`,
    );
    if (WARMUP_S > 0) for (const target of targets) await fire(target.path, target.headers, WARMUP_S);
    const results = new Map<Target, Result[]>(targets.map((target) => [target, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        results.get(target)!.push(await fire(target.path, target.headers, roundSeconds));
      }
    }
    const [licence, notModified, trivial] = targets.map((target) =>
      summarize(target, results.get(target)!),
    ) as [Summary, Summary, Summary];

    const ratio = licence.perSecond / trivial.perSecond;
    printReport([licence, notModified, trivial], ratio, onPostgres ? 'PostgreSQL' : 'embutido (PGlite)');

    const failed = licence.failures + notModified.failures + trivial.failures;
    if (failed > 0) {
      process.stderr.write(`FALHOU: ${failed} respostas inesperadas, erros ou timeouts.\n`);
      exitCode = 1;
    } else {
      if (ratio < RATIO_TARGET)
        process.stdout.write(`Atenção: razão ${ratio.toFixed(2)} abaixo da meta de ${RATIO_TARGET}.\n`);
      if (licence.p99 > P99_TARGET_MS)
        process.stdout.write(`Atenção: p99 ${licence.p99} ms acima da meta de ${P99_TARGET_MS} ms.\n`);
    }
  } finally {
    await server.app.close();
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

interface Target {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** The only status code a right answer has. */
  expected: string;
}

interface Summary {
  name: string;
  perSecond: number;
  /** Median over the rounds. */
  p50: number;
  p99: number;
  worstP99: number;
  max: number;
  failures: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function summarize(target: Target, rounds: Result[]): Summary {
  const requests = rounds.reduce((n, r) => n + r.requests.total, 0);
  const seconds = rounds.reduce((n, r) => n + r.duration, 0);
  return {
    name: target.name,
    perSecond: requests / seconds,
    p50: median(rounds.map((r) => r.latency.p50)),
    p99: median(rounds.map((r) => r.latency.p99)),
    worstP99: Math.max(...rounds.map((r) => r.latency.p99)),
    max: Math.max(...rounds.map((r) => r.latency.max)),
    failures: rounds.reduce(
      (n, r) =>
        n +
        r.errors +
        r.timeouts +
        Object.entries(r.statusCodeStats)
          .filter(([code]) => code !== target.expected)
          .reduce((m, [, stat]) => m + stat.count, 0),
      0,
    ),
  };
}

function printReport(runs: Summary[], ratio: number, database: string) {
  const rows: string[][] = [
    ['Rota', 'Req/s', 'p50', 'p99 (mediana)', 'p99 (pior rodada)', 'Máx.'],
    ...runs.map((r) => [
      r.name,
      Math.round(r.perSecond).toLocaleString('pt-BR'),
      `${r.p50} ms`,
      `${r.p99} ms`,
      `${r.worstP99} ms`,
      `${r.max} ms`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const fmt = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `${[line, fmt(rows[0]!), line, ...rows.slice(1).map(fmt), line].join('\n')}\n` +
      `Banco: ${database}; ${CONNECTIONS} conexões\n` +
      `Razão licença/trivial: ${ratio.toFixed(2)} (meta ≥ ${RATIO_TARGET}); p99 da licença: ${runs[0]!.p99} ms (meta ≤ ${P99_TARGET_MS} ms)\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
