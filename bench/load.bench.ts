/**
 * Load benchmark (issue 8, "Load and scale"): the portal's reads, the calculator's pricing and the Hiper
 * installations' licence checks, all at once at 200 connections, WHILE the daily billing run issues the
 * installments of N contracts.
 *
 *   npm run bench -- load     (LOAD_CONNECTIONS, default 200; LOAD_SECONDS, default 180; LOAD_CONTRACTS,
 *                              default 100,000; LOAD_RESELLERS, Hiperadores they are spread over, default
 *                              100; LOAD_WORKERS, autocannon threads per route, default 1;
 *                              LOAD_RUN_IN=app to run the daily run inside the app process on PostgreSQL;
 *                              LOAD_LOG=error to see the server's error log)
 *
 * On PostgreSQL when BENCH_DATABASE_URL or DATABASE_URL is set (its own database bench_load, dropped and created
 * again), else on a fresh embedded database (PGlite: one connection for everything, said so in the output).
 * Opens the application (migrations, demo data, no queue, no logs) with a clock that starts on 2026-07-05
 * 09:00 (São Paulo) and runs on; creates in one SQL statement each N clients (ativo, liberado até
 * 2026-07-31), N signed monthly contracts and their paid installment #1, spread over a network of
 * LOAD_RESELLERS Hiperadores (the demo's two and bench ones: hiperador@demo.local, whose screens are loaded,
 * has N / LOAD_RESELLERS of them; a single Hiperador with 10,000 clients is bench/dashboards.bench.ts).
 * Signs in as hiperador@demo.local and creates an installation API key for an 'ativo' demo client; checks
 * each route's answer once. Then starts the daily run for 2026-07-05 (installment #2 of every contract:
 * charge + e-mail) — on PostgreSQL in a worker process of its own (bench/load-worker.ts: the production
 * shape, its own connection pool), on PGlite in this process — and, at the same moment, one autocannon per
 * route, the connections split among them:
 *
 *   GET /api/v1/clients?page_size=20        (client list)       20%
 *   GET /api/v1/clients/:id                 (client page)       20%
 *   GET /api/v1/dashboard/reseller          (painel)            10%
 *   GET /api/v1/charges?page_size=20        (charges list)      10%
 *   POST /api/v1/quotes/price               (calculator)        20%
 *   GET /api/v1/licence/status  (Bearer)    (Hiper software)    20%
 *
 * Prints per route requests/s, p50/p99/max and errors (anything but 200, socket errors, timeouts), and the
 * run's progress (installments #2 in the database) every 5 s and when the load stops. After the load, waits
 * for the run to finish and checks exactly one installment #2, one charge and one charge e-mail per contract.
 * Exits 1 on any error under load or a wrong run; latencies are reported, not judged.
 *
 * The size is the issue's: 100,000 contracts, under 180 s of load (the run goes on after the load stops and
 * the benchmark waits for it). The daily run issues in batches of 1,000 (src/app/billing/daily-run.ts):
 * alone it does about 1,300 contracts/s on this 2-core machine (bench/daily-run.bench.ts); under the load it
 * shares the CPU with the server and autocannon. LOAD_CONTRACTS=2000 LOAD_SECONDS=20 is a quick look.
 * Inside the app process (LOAD_RUN_IN=app) the run competes with the HTTP load for the pool of 10
 * connections: run the queue in worker processes (PROCESS_ROLE=worker, docs/operacao.md). On PGlite
 * (one in-process connection) the run's queries yield to the event loop every 5 ms
 * (src/adapters/db/database.ts), so the portal answers, but its queries wait behind the run's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { clients } from '../src/adapters/db/schema';
import { type BillingRunSummary, runBilling } from '../src/app/billing/daily-run';
import type { Clock } from '../src/app/shared/ports';
import { loadConfig } from '../src/config';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { buildServer } from '../src/http/server';
import { billingDeps, openSystem, type System } from '../src/system';

const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 180);
const CONTRACTS = Number(process.env.LOAD_CONTRACTS ?? 100_000);
/** Hiperadores the contracts are spread over (the demo's and bench ones): 1,000 clients each by default. */
const RESELLERS = Number(process.env.LOAD_RESELLERS ?? 100);
/** autocannon in its own thread per route, so the load generator does not steal the server's event loop. */
const WORKERS = Number(process.env.LOAD_WORKERS ?? 1);
const RUN_DATE = '2026-07-05';
/** 09:00 in São Paulo on the run date; the clock runs on from there. */
const START = new Date(`${RUN_DATE}T12:00:00Z`).getTime();
const DB_NAME = 'bench_load';
const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '';
const PROGRESS_EVERY_MS = 5_000;
/** Where the daily run executes on PostgreSQL: 'worker' (its own process, default) or 'app' (this process). */
const RUN_IN = process.env.LOAD_RUN_IN === 'app' ? 'app' : 'worker';

/** Hiper Gestão + 2 caixas + 3 apps, anual, cartão 12x, com implantação, valor negociado (as quote-price). */
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

const int = (n: number) => Math.round(n).toLocaleString('pt-BR');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const say = (text: string) => process.stdout.write(`${text}\n`);

/**
 * N clients, contracts (ativação mensal, boleto, signed 2026-06-01, effective 2026-06) and paid installments
 * #1, server side (generate_series / unnest), round robin over the resellers. The CNPJs (valid check digits,
 * the boleto needs them) come in one array parameter.
 */
async function seedContracts(system: System): Promise<void> {
  // A version-4-shaped uuid from a seed (the API's schemas check the version and variant digits).
  const uuid = (seed: string) =>
    `overlay(overlay(md5(${seed}) placing '4' from 13) placing '8' from 17)::uuid`;
  const run = (text: string, values: unknown[] = []) => system.database.executeSql(text, values);
  const documents = Array.from({ length: CONTRACTS }, (_, i) => {
    const base = `8${String(i + 1).padStart(11, '0')}`;
    return `${base}${cnpjCheckDigits(base)}`;
  });
  // A reseller network: the demo's Hiperadores and bench ones, LOAD_RESELLERS in all, the contracts round robin.
  const { rows: existing } = await run('select count(*)::int as n from resellers');
  const extra = Math.max(0, RESELLERS - Number(existing[0]!.n));
  const resellerDocs = Array.from({ length: extra }, (_, i) => {
    const base = `7${String(i + 1).padStart(11, '0')}`;
    return `${base}${cnpjCheckDigits(base)}`;
  });
  await run(
    `insert into resellers (name, legal_name, document, email, city, state)
     select 'Revenda Carga ' || lpad(d.i::text, 3, '0'), 'Revenda Carga ' || lpad(d.i::text, 3, '0') || ' Ltda',
       d.doc, 'revenda' || d.i || '@carga.example', 'Curitiba', 'PR'
     from unnest($1::text[]) with ordinality as d(doc, i)`,
    [resellerDocs],
  );
  const sellers = `(select array_agg(id order by name) as ids from resellers) s`;
  const seller = 's.ids[1 + (d.i % array_length(s.ids, 1))]';
  await run(
    `insert into clients (id, reseller_id, legal_name, document, email, city, state, status, paid_through,
       activated_on, monthly_fee_cents, product_code)
     select ${uuid("'load-c' || d.i")}, ${seller}, 'Mercado Carga ' || lpad(d.i::text, 6, '0') || ' Ltda', d.doc,
       'financeiro' || d.i || '@carga.example', 'Joinville', 'SC', 'ativo', date '2026-07-31', date '2026-06-01',
       8990, 'hiper-mini'
     from unnest($1::text[]) with ordinality as d(doc, i), ${sellers}`,
    [documents],
  );
  await run(
    `insert into contracts (id, number, client_id, reseller_id, price_book_id, version, kind, status, product_code,
       periodicity, payment_method, monthly_negotiated_cents, period_total_cents, setup_fee_cents,
       repasse_monthly_cents, configuration, pricing, signed_at, effective_from)
     select ${uuid("'load-k' || d.i")}, 'L-' || lpad(d.i::text, 7, '0'), ${uuid("'load-c' || d.i")}, ${seller},
       (select id from price_books order by valid_from limit 1), 1, 'ativacao', 'assinado', 'hiper-mini', 'mensal',
       'boleto', 8990, 8990, 0, 4000, '{}'::jsonb, '{}'::jsonb, '2026-06-01T12:00:00Z', '2026-06'
     from generate_series(1, ${CONTRACTS}) as d(i), ${sellers}`,
  );
  await run(
    `insert into installments (contract_id, client_id, reseller_id, key, number, competence, due_date, amount_cents,
       setup_fee_cents, access_until, status, paid_on)
     select c.id, c.client_id, c.reseller_id, 'parcela:2026-06', 1, '2026-06', date '2026-06-01', 8990, 0,
       date '2026-07-31', 'paga', date '2026-06-01'
     from contracts c where c.number like 'L-%'`,
  );
  await run('analyze');
}

/** The daily run in bench/load-worker.ts, a process of its own with its own connection pool. */
function runInProcess(url: string, clockStart: number): Promise<BillingRunSummary> {
  const file = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, url, RUN_DATE, String(clockStart)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`o worker da execução diária saiu com ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as BillingRunSummary);
      } catch {
        reject(new Error(`resposta inesperada do worker: ${out}`));
      }
    });
  });
}

interface Target {
  name: string;
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Share of the connections. */
  weight: number;
}

interface Summary {
  name: string;
  connections: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** Anything but 200, socket errors and timeouts. */
  errors: number;
  codes: string;
}

function summarize(target: Target, connections: number, r: Result): Summary {
  const wrong = Object.entries(r.statusCodeStats).filter(([code]) => code !== '200');
  return {
    name: `${target.method} ${target.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':id')}`,
    connections,
    perSecond: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    errors: r.errors + r.timeouts + wrong.reduce((n, [, stat]) => n + stat.count, 0),
    codes: wrong.map(([code, stat]) => `${code}×${stat.count}`).join(' '),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const fmt = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line, fmt(rows[0]!), line, ...rows.slice(1).map(fmt), line].join('\n');
}

interface RunProgress {
  status: string;
  /** Installments #2 of the benchmark's contracts in the database (the run saves its own counters only every 500). */
  issued: number;
}

async function runProgress(system: System): Promise<RunProgress> {
  const { rows } = await system.database.executeSql(
    `select coalesce((select status::text from billing_runs where run_date = $1 order by started_at desc limit 1),
              'não começou') as status,
            (select count(*) from installments i join contracts k on k.id = i.contract_id
              where k.number like 'L-%' and i.key = 'parcela:2026-07')::int as issued`,
    [RUN_DATE],
  );
  return rows[0] as unknown as RunProgress;
}

const progressText = (p: RunProgress) =>
  `${p.status}, ${int(p.issued)} de ${int(CONTRACTS)} parcelas #2 emitidas`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-load-'));
  const onPostgres = SERVER_URL !== '';
  if (onPostgres) {
    say(`PostgreSQL: ${urlFor(DB_NAME).replace(/\/\/[^@]*@/, '//')}`);
    await recreateDatabase();
  } else {
    say(`Banco embutido (PGlite, uma conexão para tudo) em ${dataDir}`);
  }
  const config = {
    ...loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    databaseUrl: onPostgres ? urlFor(DB_NAME) : undefined,
    queueEnabled: false,
    seedDemo: true,
  };
  const runInWorker = onPostgres && RUN_IN !== 'app';
  const startedAt = Date.now();
  const clock: Clock = { now: () => new Date(START + (Date.now() - startedAt)) };
  const system = await openSystem(config, { clock });
  const server = await buildServer(system, {
    logger: process.env.LOAD_LOG ? { level: process.env.LOAD_LOG } : false,
    serveWeb: false,
  });
  let exitCode = 0;
  try {
    const t0 = performance.now();
    await seedContracts(system);
    say(
      `${int(CONTRACTS)} contratos ativos (parcela #2 a emitir em ${RUN_DATE}) em ${secs(performance.now() - t0)}`,
    );

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

    const list = await fetch(`${address}/api/v1/clients?page_size=20`, { headers: session });
    if (list.status !== 200) throw new Error(`clientes: ${list.status} ${await list.text()}`);
    const listed = (await list.json()) as { items: { id: string }[]; total: number };
    const client = listed.items[0];
    if (!client) throw new Error('a carga de demonstração não criou clientes');
    // The installation's client: 'ativo', paid through the end of the month.
    await system.database.db
      .update(clients)
      .set({ status: 'ativo', paidThrough: '2026-07-31' })
      .where(eq(clients.id, client.id));
    const created = await fetch(`${address}/api/v1/clients/${client.id}/api-keys`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ name: 'Carga' }),
    });
    if (created.status !== 201) throw new Error(`chave de API: ${created.status} ${await created.text()}`);
    const { key } = (await created.json()) as { key: string };

    const targets: Target[] = [
      { name: 'clientes', path: '/api/v1/clients?page_size=20', method: 'GET', headers: session, weight: 2 },
      { name: 'ficha', path: `/api/v1/clients/${client.id}`, method: 'GET', headers: session, weight: 2 },
      { name: 'painel', path: '/api/v1/dashboard/reseller', method: 'GET', headers: session, weight: 1 },
      { name: 'cobranças', path: '/api/v1/charges?page_size=20', method: 'GET', headers: session, weight: 1 },
      {
        name: 'cotação',
        path: '/api/v1/quotes/price',
        method: 'POST',
        headers: session,
        body: JSON.stringify(QUOTE),
        weight: 2,
      },
      {
        name: 'licença',
        path: '/api/v1/licence/status',
        method: 'GET',
        headers: { authorization: `Bearer ${key}` },
        weight: 2,
      },
    ];
    // Every route answers right once before it is loaded.
    for (const target of targets) {
      const res = await fetch(`${address}${target.path}`, {
        method: target.method,
        headers: target.headers,
        ...(target.body ? { body: target.body } : {}),
      });
      if (res.status !== 200) throw new Error(`${target.name}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    const totalWeight = targets.reduce((n, t) => n + t.weight, 0);
    const shares = targets.map((t) => Math.max(1, Math.round((CONNECTIONS * t.weight) / totalWeight)));

    say(
      `Carga: ${shares.reduce((a, b) => a + b, 0)} conexões (${targets.map((t, i) => `${t.name} ${shares[i]}`).join(', ')}) ` +
        `por ${SECONDS} s, ${cpus().length} CPUs, autocannon em ${WORKERS > 0 ? `${WORKERS} thread(s) por rota` : 'a mesma thread'}; ` +
        `ao mesmo tempo a execução diária de ${RUN_DATE} ${runInWorker ? 'num processo worker à parte' : 'neste mesmo processo'}…`,
    );

    // The daily run, as the 06:00 job does it: in a worker process of its own (PostgreSQL, the production
    // shape) or in this process, sharing the event loop and the connection pool with the HTTP load.
    const runStart = performance.now();
    let runMs = 0;
    const runDone = (
      runInWorker
        ? runInProcess(urlFor(DB_NAME), clock.now().getTime())
        : runBilling(billingDeps(system), { date: RUN_DATE, trigger: 'cli' })
    ).then((summary) => {
      runMs = performance.now() - runStart;
      return summary;
    });
    const progress: string[] = [];
    const ticker = setInterval(() => {
      void runProgress(system).then((p) =>
        progress.push(`  ${secs(performance.now() - runStart).padStart(7)}: ${progressText(p)}`),
      );
    }, PROGRESS_EVERY_MS);

    const results = await Promise.all(
      targets.map((target, i) =>
        autocannon({
          url: `${address}${target.path}`,
          method: target.method,
          headers: target.headers,
          ...(target.body ? { body: target.body } : {}),
          connections: shares[i]!,
          duration: SECONDS,
          ...(WORKERS > 0 ? { workers: WORKERS } : {}),
        }),
      ),
    );
    clearInterval(ticker);
    const loadMs = performance.now() - runStart;
    const atLoadEnd = await runProgress(system);
    const finishedDuringLoad = runMs > 0;

    const summaries = targets.map((target, i) => summarize(target, shares[i]!, results[i]!));
    say(`\nProgresso da execução diária durante a carga:\n${progress.join('\n')}`);
    say(`  fim da carga (${secs(loadMs)}): ${progressText(atLoadEnd)}`);
    say(
      `\n${table([
        [
          'Rota (sob carga + execução diária)',
          'Conexões',
          'Requisições',
          'Req/s',
          'p50',
          'p99',
          'Máx.',
          'Erros',
        ],
        ...summaries.map((s) => [
          s.name,
          String(s.connections),
          int(s.requests),
          int(s.perSecond),
          `${s.p50} ms`,
          `${s.p99} ms`,
          `${s.max} ms`,
          s.errors === 0 ? '0' : `${int(s.errors)} (${s.codes || 'erros/timeouts'})`,
        ]),
      ])}`,
    );
    if (!finishedDuringLoad) say('Esperando a execução diária terminar…');
    const summary = await runDone;

    // Fresh statistics for the check's joins (the run just wrote N rows into each table).
    for (const table of ['installments', 'charges', 'email_outbox'])
      await system.database.executeSql(`analyze ${table}`);
    const [check] = (
      await system.database.executeSql(
        `select (select count(*) from installments i join contracts k on k.id = i.contract_id
                  where k.number like 'L-%' and i.key = 'parcela:2026-07')::int as installments,
                (select count(*) from charges c join installments i on i.id = c.installment_id
                  join contracts k on k.id = i.contract_id
                  where k.number like 'L-%' and i.key = 'parcela:2026-07')::int as charges,
                (select count(*) from email_outbox e join charges c on e.entity_id = c.id::text
                  join installments i on i.id = c.installment_id join contracts k on k.id = i.contract_id
                  where k.number like 'L-%' and i.key = 'parcela:2026-07')::int as mails`,
      )
    ).rows as [{ installments: number; charges: number; mails: number }];

    const totalRequests = summaries.reduce((n, s) => n + s.requests, 0);
    const totalErrors = summaries.reduce((n, s) => n + s.errors, 0);
    const issuedAtLoadEnd = atLoadEnd.issued;
    const problems: string[] = [];
    if (summary.status !== 'concluida') problems.push(`execução ${summary.status}`);
    if (summary.errors.length > 0)
      problems.push(`${summary.errors.length} erros: ${summary.errors[0]!.message}`);
    if (check.installments !== CONTRACTS) problems.push(`${check.installments} parcelas #2`);
    if (check.charges !== CONTRACTS) problems.push(`${check.charges} cobranças`);
    if (check.mails !== CONTRACTS) problems.push(`${check.mails} e-mails`);
    say(
      table([
        ['Resumo', ''],
        ['Banco', onPostgres ? 'PostgreSQL' : 'embutido (PGlite)'],
        ['Execução diária', runInWorker ? 'num processo worker à parte' : 'no mesmo processo do portal'],
        [
          'Requisições sob carga',
          `${int(totalRequests)} em ${secs(loadMs)} (${int(totalRequests / (loadMs / 1000))}/s)`,
        ],
        ['Erros sob carga', `${int(totalErrors)} (meta: 0)`],
        [
          'Execução diária durante a carga',
          `${int(issuedAtLoadEnd)} parcelas em ${secs(loadMs)} (${(issuedAtLoadEnd / (loadMs / 1000)).toFixed(1)} contratos/s)`,
        ],
        [
          'Execução diária inteira',
          `${int(CONTRACTS)} contratos em ${secs(runMs)} (${(CONTRACTS / (runMs / 1000)).toFixed(1)} contratos/s)` +
            (finishedDuringLoad ? ' — terminou antes da carga' : ''),
        ],
        [
          'Extrapolado para 100.000 (linear, sem carga após o fim)',
          `${((runMs * (100_000 / CONTRACTS)) / 60_000).toFixed(0)} min`,
        ],
        [
          'Parcelas #2 / cobranças / e-mails',
          `${int(check.installments)} / ${int(check.charges)} / ${int(check.mails)}`,
        ],
        [
          'Resultado',
          problems.length === 0 && totalErrors === 0
            ? 'OK'
            : `ERRADO: ${[...problems, totalErrors > 0 ? `${totalErrors} erros sob carga` : ''].filter(Boolean).join('; ')}`,
        ],
      ]),
    );
    if (!onPostgres && totalErrors > 0) {
      say(
        'No PGlite, uma sequência de consultas aguardadas não devolve a vez ao laço de eventos do Node: enquanto a ' +
          'execução diária roda no processo, o servidor HTTP não atende (timeouts acima). A carga com a execução ' +
          'diária é medida no PostgreSQL (DATABASE_URL), a forma de produção.',
      );
    }
    if (problems.length > 0 || totalErrors > 0) exitCode = 1;
  } finally {
    await server.app.close();
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
