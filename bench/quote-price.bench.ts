/**
 * Benchmark of the calculator's hot path: POST /api/v1/quotes/price as a signed-in Hiperador.
 *
 *   npm run bench            (BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_WORKERS to change)
 *
 * Starts the whole application in this process on a fresh embedded database (demo data, no queue, no
 * logs), signs in as hiperador@demo.local and fires autocannon at it: a short warm-up, then the measured
 * run. Prints requests/s, p50/p90/p99 latency and the non-2xx count; exits 1 on any non-2xx or error.
 * Target: p99 < 10 ms at 200 concurrent connections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { loadConfig } from '../src/config';
import { buildServer } from '../src/http/server';
import { openSystem } from '../src/system';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
/** autocannon in its own thread(s), so the load generator does not steal the server's event loop. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const P99_TARGET_MS = 10;

/** Hiper Gestão + 2 caixas + 2 apps, anual, cartão 12x, com implantação, valor negociado. */
const QUOTE = {
  product: 'hiper-gestao',
  addons: { caixa: 2, usuario: 1 },
  apps: ['boletos', 'hiper_vendas', 'qr_pix'],
  periodicity: 'anual',
  setup_fee: true,
  negotiated_monthly_cents: 27000,
  payment_method: 'cartao',
  card_installments: 12,
};

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const config = {
    ...loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    databaseUrl: undefined,
    queueEnabled: false,
    seedDemo: true,
  };
  process.stdout.write(`Preparando o banco embutido em ${dataDir}…\n`);
  const system = await openSystem(config);
  const server = await buildServer(system, { logger: false, serveWeb: false });
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
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf };
    const body = JSON.stringify(QUOTE);

    const check = await fetch(`${address}/api/v1/quotes/price`, { method: 'POST', headers, body });
    if (check.status !== 200)
      throw new Error(`a cotação de teste falhou: ${check.status} ${await check.text()}`);
    const quote = (await check.json()) as { period_total_cents: number };

    const fire = (seconds: number) =>
      autocannon({
        url: `${address}/api/v1/quotes/price`,
        method: 'POST',
        headers,
        body,
        connections: CONNECTIONS,
        duration: seconds,
        ...(WORKERS > 0 ? { workers: WORKERS } : {}),
      });

    process.stdout.write(
      `Aquecendo ${WARMUP_S} s e medindo ${DURATION_S} s: ${CONNECTIONS} conexões, ${cpus().length} CPUs, ` +
        `autocannon em ${WORKERS > 0 ? `${WORKERS} thread(s) própria(s)` : 'a mesma thread'}…\n`,
    );
    if (WARMUP_S > 0) await fire(WARMUP_S);
    const result = await fire(DURATION_S);
    printReport(result, quote.period_total_cents);

    const failures = result.non2xx + result.errors + result.timeouts;
    if (failures > 0) {
      process.stderr.write(`FALHOU: ${failures} respostas não-2xx, erros ou timeouts.\n`);
      exitCode = 1;
    } else if (result.latency.p99 >= P99_TARGET_MS) {
      process.stdout.write(
        `Atenção: p99 ${result.latency.p99} ms acima da meta de ${P99_TARGET_MS} ms (não falha o comando).\n`,
      );
    }
  } finally {
    await server.app.close();
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

function printReport(r: Result, periodTotalCents: number) {
  const rows: [string, string][] = [
    ['Rota', 'POST /api/v1/quotes/price'],
    ['Conexões simultâneas', String(r.connections)],
    ['Duração', `${r.duration.toFixed(1)} s`],
    ['Requisições', r.requests.total.toLocaleString('pt-BR')],
    ['Requisições/s (média)', Math.round(r.requests.average).toLocaleString('pt-BR')],
    ['Latência p50', `${r.latency.p50} ms`],
    ['Latência p90', `${r.latency.p90} ms`],
    ['Latência p99', `${r.latency.p99} ms (meta < ${P99_TARGET_MS} ms)`],
    ['Latência máxima', `${r.latency.max} ms`],
    ['Respostas não-2xx', String(r.non2xx)],
    ['Erros / timeouts', `${r.errors} / ${r.timeouts}`],
    ['Total do período cotado', `${periodTotalCents} centavos`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(44)}+`;
  const out = [line, ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v.padEnd(42)} |`), line];
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
