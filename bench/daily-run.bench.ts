/**
 * Benchmark of the daily billing run on PostgreSQL (issue 6, acceptance 5a): N active monthly contracts
 * whose installment #2 falls due, issued by one `runBilling` for 2026-07-05 (charge + e-mail each).
 *
 *   npm run bench -- daily-run      (BENCH_CONTRACTS to change the size, default 100,000;
 *                                    BENCH_DATABASE_URL or DATABASE_URL for the PostgreSQL server,
 *                                    default postgres://postgres@127.0.0.1:5432)
 *
 * Creates its own database (bench_daily_run, dropped and created again), migrates it, seeds the demo data,
 * COPYs N clients (ativo, liberado até 2026-07-31), N contracts (ativação mensal, boleto, signed 2026-06-01,
 * effective_from 2026-06) and their installment #1 already paid; then runs the daily run for 2026-07-05
 * through the use case, as the 06:00 job and `cli billing run` do. In the same run it COPYs N rows of the
 * same width (an installment row plus its charge's columns) into a bare table: the ratio of the two rates is
 * what the engine gets of the database's raw write speed. Prints contracts/s, the ratio, and where the time
 * goes (each repository call timed; the batches' writes overlap the next batch's reading and preparing, so
 * the shares add up to more than 100%).
 * Targets: ≥ 20,000 contracts/s and ratio ≥ 0.25. Checks one installment #2, one charge and one charge
 * e-mail per contract. Exits 1 on a wrong result or an error (a missed target is reported, not an error).
 *
 * The engine issues in batches of 1,000 clients (src/app/billing/daily-run.ts): per contract it writes an
 * installment, a charge (boleto híbrido: nosso número, barcode, Pix BR Code), the 'email:emissao' step, the
 * rendered e-mail (about 4 KB of HTML) and an audit entry — five indexed rows against the bare table's one.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runBilling } from '../src/app/billing/daily-run';
import type { BillingRepository } from '../src/app/billing/ports';
import type { Clock } from '../src/app/shared/ports';
import { loadConfig } from '../src/config';
import { cnpjCheckDigits } from '../src/domain/documents/cpf-cnpj';
import { billingDeps, openSystem } from '../src/system';

const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 100_000);
const FULL = 100_000;
const TARGET_PER_S = 20_000;
const TARGET_RATIO = 0.25;
const RUN_DATE = '2026-07-05';
const DB_NAME = 'bench_daily_run';
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const int = (n: number) => Math.round(n).toLocaleString('pt-BR');

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

async function copyRows(client: pg.Client, statement: string, rows: Iterable<string>) {
  await pipeline(Readable.from(rows), client.query(copyFrom(statement)));
}

/** N clients, contracts and paid installments #1, by COPY (ids made here so the rows reference each other). */
async function seedContracts(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: books } = await client.query<{ id: string }>('select id from price_books limit 1');
    const { rows: sellers } = await client.query<{ id: string }>('select id from resellers order by name');
    if (!books[0] || sellers.length === 0) throw new Error('a carga de demonstração não criou o catálogo');
    const uuid = (kind: number, i: number) =>
      `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const ids = Array.from({ length: CONTRACTS }, (_, i) => ({
      client: uuid(1, i),
      contract: uuid(2, i),
      reseller: sellers[i % sellers.length]!.id,
    }));
    const signedAt = '2026-06-01T12:00:00Z';
    await copyRows(
      client,
      'copy clients (id, reseller_id, legal_name, document, email, city, state, status, paid_through, activated_on, monthly_fee_cents, product_code) from stdin',
      (function* () {
        for (const [i, x] of ids.entries()) {
          const base = `9${String(i).padStart(11, '0')}`;
          yield `${x.client}\t${x.reseller}\tMercado Benchmark ${i} Ltda\t${base}${cnpjCheckDigits(base)}\tfinanceiro${i}@bench.example\tJoinville\tSC\tativo\t2026-07-31\t2026-06-01\t8990\thiper-mini\n`;
        }
      })(),
    );
    await copyRows(
      client,
      'copy contracts (id, number, client_id, reseller_id, price_book_id, version, kind, status, product_code, periodicity, payment_method, monthly_negotiated_cents, period_total_cents, setup_fee_cents, repasse_monthly_cents, configuration, pricing, signed_at, effective_from) from stdin',
      (function* () {
        for (const [i, x] of ids.entries()) {
          yield `${x.contract}\tB-${String(i).padStart(7, '0')}\t${x.client}\t${x.reseller}\t${books[0]!.id}\t1\tativacao\tassinado\thiper-mini\tmensal\tboleto\t8990\t8990\t0\t4000\t{}\t{}\t${signedAt}\t2026-06\n`;
        }
      })(),
    );
    await copyRows(
      client,
      'copy installments (contract_id, client_id, reseller_id, key, number, competence, due_date, amount_cents, setup_fee_cents, access_until, status, paid_on) from stdin',
      (function* () {
        for (const x of ids) {
          yield `${x.contract}\t${x.client}\t${x.reseller}\tparcela:2026-06\t1\t2026-06\t2026-06-01\t8990\t0\t2026-07-31\tpaga\t2026-06-01\n`;
        }
      })(),
    );
    await client.query('analyze clients; analyze contracts; analyze installments');
  } finally {
    await client.end();
  }
}

/** COPY of N rows as wide as an issued installment with its charge, into a bare table: the floor. */
async function bareCopy(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create table bench_bare (
      id uuid, contract_id uuid, client_id uuid, reseller_id uuid, key text, number int, competence text,
      due_date date, amount_cents bigint, access_until date, charge_number text, method text,
      nosso_numero text, description text)`);
    const t0 = performance.now();
    await copyRows(
      client,
      'copy bench_bare from stdin',
      (function* () {
        for (let i = 0; i < CONTRACTS; i++) {
          const id = `00000003-0000-4000-8000-${String(i).padStart(12, '0')}`;
          yield `${id}\t${id}\t${id}\t${id}\tparcela:2026-07\t2\t2026-07\t2026-07-15\t8990\t2026-08-31\tC-${i}\tboleto\t${String(5_000_000_000 + i).padStart(17, '0')}\tContrato B-${i} — parcela 2: mensalidade 07/2026 (mensal)\n`;
        }
      })(),
    );
    return performance.now() - t0;
  } finally {
    await client.end();
  }
}

/** The same object, its async methods timed into `phases` ("billing.issueInstallment" → ms). */
function timed<T extends object>(target: T, label: string, phases: Map<string, number>): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return async (...args: unknown[]) => {
        const t0 = performance.now();
        try {
          return await value.apply(obj, args);
        } finally {
          const name = `${label}.${key}`;
          phases.set(name, (phases.get(name) ?? 0) + performance.now() - t0);
        }
      };
    },
  });
}

async function main() {
  process.stdout.write(`Banco de benchmark: ${urlFor(DB_NAME).replace(/\/\/[^@]*@/, '//')}\n`);
  await recreateDatabase();
  const url = urlFor(DB_NAME);
  // The run happens on 2026-07-05 09:00 in São Paulo (runClock would also pin noon of the date).
  const clock: Clock = { now: () => new Date(`${RUN_DATE}T12:00:00Z`) };
  const config = {
    ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }),
    queueEnabled: false,
    seedDemo: true,
  };
  const system = await openSystem(config, { clock });
  let exitCode = 0;
  try {
    let t0 = performance.now();
    await seedContracts(url);
    const seedMs = performance.now() - t0;
    process.stdout.write(`${int(CONTRACTS)} contratos ativos em ${seconds(seedMs)} (COPY)\n`);

    const phases = new Map<string, number>();
    const deps = billingDeps(system);
    const billing = timed(deps.billing, 'billing', phases);
    // Inside issueInstallment: the charge creation (issueCharge with the transaction's repositories) apart.
    const issueInstallment: BillingRepository['issueInstallment'] = (draft, options, createCharge) =>
      billing.issueInstallment(draft, options, async (id, scope) => {
        const c0 = performance.now();
        try {
          return await createCharge(id, scope);
        } finally {
          const name = '  dentro: criação da cobrança (issueCharge)';
          phases.set(name, (phases.get(name) ?? 0) + performance.now() - c0);
        }
      });
    const runDeps = {
      ...deps,
      billing: Object.assign(Object.create(billing) as BillingRepository, { issueInstallment }),
      charges: timed(deps.charges, 'charges', phases),
      clients: timed(deps.clients, 'clients', phases),
    };

    t0 = performance.now();
    const summary = await runBilling(runDeps, { date: RUN_DATE, trigger: 'cli' });
    const runMs = performance.now() - t0;
    const perSecond = CONTRACTS / (runMs / 1000);

    const copyMs = await bareCopy(url);
    const copyPerSecond = CONTRACTS / (copyMs / 1000);
    const ratio = perSecond / copyPerSecond;

    // Fresh statistics for the check's joins (the run just wrote N rows into each table).
    for (const table of ['installments', 'charges', 'email_outbox'])
      await system.database.executeSql(`analyze ${table}`);
    const [check] = (
      await system.database.executeSql(
        `select (select count(*) from installments where key = 'parcela:2026-07')::int as installments,
                (select count(*) from charges c join installments i on i.id = c.installment_id
                  where i.key = 'parcela:2026-07')::int as charges,
                (select count(*) from email_outbox e join charges c on e.entity_id = c.id::text
                  join installments i on i.id = c.installment_id where i.key = 'parcela:2026-07')::int as mails`,
      )
    ).rows as [{ installments: number; charges: number; mails: number }];
    const problems: string[] = [];
    if (summary.status !== 'concluida') problems.push(`execução ${summary.status}`);
    if (summary.errors.length > 0)
      problems.push(`${summary.errors.length} erros: ${summary.errors[0]!.message}`);
    if (summary.counts.issued !== CONTRACTS) problems.push(`issued ${summary.counts.issued}`);
    if (check.installments !== CONTRACTS) problems.push(`${check.installments} parcelas`);
    if (check.charges !== CONTRACTS) problems.push(`${check.charges} cobranças`);
    if (check.mails !== CONTRACTS) problems.push(`${check.mails} e-mails`);

    const rows: [string, string][] = [
      ['Contratos ativos (parcela #2 a emitir)', int(CONTRACTS)],
      ['Execução diária (runBilling 2026-07-05)', seconds(runMs)],
      ['Contratos/s', `${int(perSecond)} (meta ≥ ${int(TARGET_PER_S)}/s)`],
      ['COPY de linhas da mesma largura', `${seconds(copyMs)} (${int(copyPerSecond)} linhas/s)`],
      ['Razão execução / COPY', `${ratio.toFixed(4)} (meta ≥ ${TARGET_RATIO})`],
      ['Por contrato', `${(runMs / CONTRACTS).toFixed(2)} ms`],
    ];
    if (CONTRACTS !== FULL) {
      rows.push([
        `Extrapolado para ${int(FULL)} (linear)`,
        `${seconds((runMs * FULL) / CONTRACTS)} ≈ ${((runMs * FULL) / CONTRACTS / 60_000).toFixed(1)} min`,
      ]);
    }
    rows.push([
      'Parcelas / cobranças / e-mails',
      `${int(check.installments)} / ${int(check.charges)} / ${int(check.mails)}`,
    ]);
    for (const [name, ms] of [...phases].sort((a, b) => b[1] - a[1])) {
      rows.push([
        name.startsWith(' ') ? name : `  em ${name}`,
        `${seconds(ms)} (${((100 * ms) / runMs).toFixed(0)}%)`,
      ]);
    }
    rows.push([
      'Resultado',
      problems.length === 0
        ? perSecond >= TARGET_PER_S && ratio >= TARGET_RATIO
          ? 'OK, metas atingidas'
          : 'OK, ABAIXO DA META'
        : `ERRADO: ${problems.join('; ')}`,
    ]);
    const width = Math.max(...rows.map(([k]) => k.length));
    const valueWidth = Math.max(...rows.map(([, v]) => v.length));
    const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
    process.stdout.write(
      `${[line, ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v.padEnd(valueWidth)} |`), line].join('\n')}\n`,
    );
    if (problems.length > 0) exitCode = 1;
  } finally {
    await system.close();
  }
  process.exit(exitCode);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
