/**
 * Benchmark of the dashboard and statement queries (issue 7, acceptance 3): a reseller with 10,000 clients
 * and 24 months of history must answer each in under 200 ms p95 on PostgreSQL.
 *
 *   npm run bench -- dashboards     (BENCH_CLIENTS to change the size, default 10,000; BENCH_RUNS, default 50)
 *
 * On PostgreSQL when BENCH_DATABASE_URL or DATABASE_URL is set (its own database bench_dashboards, dropped and
 * created again), else on a fresh embedded database (PGlite: said so in the output; not the target's engine).
 * Opens the application (migrations, demo data), then builds in SQL (generate_series, server side) one more
 * reseller "Revenda Benchmark" with N clients (ativos, inadimplentes, bloqueados, aguardando, cancelados),
 * a contract each, 25 monthly installments each (2024-07 … 2026-07: 24 months of history and the next 15th)
 * with their charges, a repasse ledger line per paid installment, 23 closed statements (2024-07 … 2026-05:
 * paid but the last), billing runs and unmatched bank credits; assigns it to the demo gerente de contas. Then
 * times, through the use cases, "today" = 2026-06-20 (São Paulo): the Hiperador's dashboard, the gerente's,
 * the back office's, a client's repasse panel and — from src/app/repasse — the statement list and one closed
 * and one open month's statement. BENCH_RUNS sequential runs each after 5 warm-ups; prints p50, p95 and max.
 * Checks a few figures (the MRR, the month's installments) so a wrong query fails the run (exit 1); a missed
 * target is reported, not an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  getBackOfficeDashboard,
  getClientRepasse,
  getManagerDashboard,
  getResellerDashboard,
} from '../src/app/dashboards/dashboards';
import { getStatement, listStatements } from '../src/app/repasse/statements';
import type { Clock } from '../src/app/shared/ports';
import { loadConfig } from '../src/config';
import type { Actor } from '../src/domain/access/roles';
import { openSystem, type System } from '../src/system';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 5;
const TARGET_P95_MS = 200;
const TODAY = '2026-06-20';
const DB_NAME = 'bench_dashboards';
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

const int = (n: number) => Math.round(n).toLocaleString('pt-BR');
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The benchmark reseller and its history, built in SQL on the server. */
async function seed(system: System): Promise<{ resellerId: string; gerenteId: string; clientId: string }> {
  const run = (text: string, values: unknown[] = []) => system.database.executeSql(text, values);
  const reseller = await run(
    `insert into resellers (name, legal_name, document, email, city, state)
     values ('Revenda Benchmark', 'Revenda Benchmark Ltda', 'BENCHREVENDA01', 'bench@bench.example', 'Joinville', 'SC')
     returning id`,
  );
  const resellerId = String(reseller.rows[0]?.id);
  const book = await run('select id from price_books order by valid_from limit 1');
  const bookId = String(book.rows[0]?.id);
  const gerente = await run(`select id from users where role = 'gerente_contas' order by email limit 1`);
  const gerenteId = String(gerente.rows[0]?.id);
  await run('insert into account_manager_resellers (user_id, reseller_id) values ($1, $2)', [
    gerenteId,
    resellerId,
  ]);

  const t0 = performance.now();
  // Status by i mod 25: 0 cancelado, 1 aguardando_pagamento, 2 bloqueado, 3–4 inadimplente, the rest ativo.
  await run(
    `insert into clients (id, reseller_id, legal_name, document, email, city, state, status, monthly_fee_cents,
       repasse_cents, paid_through, activated_on, product_code)
     select md5('c' || i)::uuid, $1, 'Cliente Benchmark ' || lpad(i::text, 5, '0') || ' Ltda',
       'BENCH' || lpad(i::text, 9, '0'), 'c' || i || '@bench.example', 'Joinville', 'SC',
       (case when i % 25 = 0 then 'cancelado' when i % 25 = 1 then 'aguardando_pagamento'
             when i % 25 = 2 then 'bloqueado' when i % 25 in (3, 4) then 'inadimplente' else 'ativo' end)::client_status,
       8990 + (i % 10) * 1000, 5000,
       (case when i % 25 = 2 then date '2026-05-31' when i % 25 in (3, 4) then date '2026-06-30'
             when i % 7 = 0 then date '2026-06-30' when i % 25 = 1 then null else date '2026-07-31' end),
       date '2024-07-01', 'hiper-mini'
     from generate_series(1, ${CLIENTS}) i`,
    [resellerId],
  );
  await run(
    `insert into contracts (id, number, client_id, reseller_id, price_book_id, version, kind, status, product_code,
       periodicity, payment_method, monthly_negotiated_cents, period_total_cents, setup_fee_cents,
       repasse_monthly_cents, configuration, pricing, signed_at, effective_from)
     select md5('k' || i)::uuid, 'BK-' || lpad(i::text, 6, '0'), md5('c' || i)::uuid, $1, $2, 1, 'ativacao',
       'assinado', 'hiper-mini', 'mensal', case when i % 3 = 0 then 'cartao' else 'boleto' end,
       8990 + (i % 10) * 1000, 8990 + (i % 10) * 1000, 0, 5000, '{}'::jsonb,
       '{"repasse": {"cost_cents": 2800}}'::jsonb, '2024-07-01T12:00:00Z', '2024-07'
     from generate_series(1, ${CLIENTS}) i`,
    [resellerId, bookId],
  );
  // 25 installments per client (m = 0 → 2024-07 … m = 24 → 2026-07, the next 15th): paid, except the
  // inadimplentes'/bloqueados' last ones, a few old overdue ones (i % 50 = 0) and the next 15th's.
  const schedule = `
    select i, m, md5('i' || i || '-' || m)::uuid as installment_id, md5('h' || i || '-' || m)::uuid as charge_id,
      to_char(date '2024-07-01' + make_interval(months => m), 'YYYY-MM') as competence,
      (date '2024-07-15' + make_interval(months => m))::date as due_date,
      8990 + (i % 10) * 1000 as amount,
      not (m = 24 or (m = 23 and i % 25 in (2, 3, 4)) or (m = 22 and i % 25 = 2) or (i % 50 = 0 and m between 18 and 20))
        as paid
    from generate_series(1, ${CLIENTS}) i, generate_series(0, 24) m`;
  await run(
    `insert into charges (id, number, client_id, reseller_id, contract_id, installment_id, description, method, status,
       amount_cents, paid_cents, due_date, provider, paid_on)
     select s.charge_id, 'BH-' || s.i || '-' || s.m, md5('c' || s.i)::uuid, $1, md5('k' || s.i)::uuid,
       s.installment_id, 'Mensalidade ' || s.competence,
       (case when s.i % 3 = 0 then 'cartao' else 'boleto' end)::charge_method,
       (case when s.paid then 'paga' when s.due_date < date '${TODAY}' then 'vencida' else 'emitida' end)::charge_status,
       s.amount, case when s.paid then s.amount else 0 end, s.due_date, 'bench',
       case when s.paid then s.due_date end
     from (${schedule}) s`,
    [resellerId],
  );
  await run(
    `insert into installments (id, contract_id, client_id, reseller_id, key, number, competence, due_date, amount_cents,
       setup_fee_cents, access_until, status, charge_id, paid_on)
     select s.installment_id, md5('k' || s.i)::uuid, md5('c' || s.i)::uuid, $1, 'parcela:' || s.competence, s.m + 1,
       s.competence, s.due_date, s.amount, 0,
       (date_trunc('month', s.due_date) + interval '2 months' - interval '1 day')::date,
       (case when s.paid then 'paga' else 'emitida' end)::installment_status, s.charge_id,
       case when s.paid then s.due_date end
     from (${schedule}) s`,
    [resellerId],
  );
  // Closed statements 2024-07 … 2026-05 (paid but the last), then the ledger, then their frozen totals.
  await run(
    `insert into repasse_statements (reseller_id, month, status, line_count, received_cents, cost_cents,
       central_fee_cents, fine_interest_cents, adjustments_cents, repasse_cents, closed_at, paid_on)
     select $1, to_char(date '2024-07-01' + make_interval(months => m), 'YYYY-MM'),
       (case when m = 22 then 'fechado' else 'pago' end)::repasse_statement_status, 0, 0, 0, 0, 0, 0, 0,
       date '2024-08-05' + make_interval(months => m),
       case when m < 22 then (date '2024-08-10' + make_interval(months => m))::date end
     from generate_series(0, 22) m`,
    [resellerId],
  );
  await run(
    `insert into repasse_entries (entry_key, reseller_id, client_id, contract_id, installment_id, charge_id, kind,
       description, competence, occurred_on, month, received_cents, cost_cents, central_fee_cents, repasse_cents,
       statement_id)
     select 'parcela:' || i.id, i.reseller_id, i.client_id, i.contract_id, i.id, i.charge_id, 'parcela',
       'Mensalidade ' || i.competence, i.competence, i.paid_on, to_char(i.paid_on, 'YYYY-MM'), i.amount_cents, 2800,
       (i.amount_cents * 650 + 5000) / 10000, i.amount_cents - 2800 - (i.amount_cents * 650 + 5000) / 10000, s.id
     from installments i
     left join repasse_statements s on s.reseller_id = i.reseller_id and s.month = to_char(i.paid_on, 'YYYY-MM')
     where i.reseller_id = $1 and i.status = 'paga'`,
    [resellerId],
  );
  await run(
    `update repasse_statements s set line_count = t.n, received_cents = t.received, cost_cents = t.cost,
       central_fee_cents = t.fee, repasse_cents = t.repasse
     from (select statement_id, count(*) as n, sum(received_cents) as received, sum(cost_cents) as cost,
             sum(central_fee_cents) as fee, sum(repasse_cents) as repasse
           from repasse_entries where statement_id is not null group by statement_id) t
     where t.statement_id = s.id`,
  );
  await run(
    `insert into billing_runs (run_date, status, trigger, total_items, processed_items, counts, started_at, finished_at)
     select date '${TODAY}' - d, 'concluida', 'cron', ${CLIENTS}, ${CLIENTS}, '{"issued": 10}'::jsonb,
       (date '${TODAY}' - d) + time '09:00', (date '${TODAY}' - d) + time '09:05'
     from generate_series(0, 364) d`,
  );
  await run(
    `insert into statement_entries (account, fitid, posted_on, amount_cents, status)
     select '001-1234-56789', 'BENCH' || n, date '${TODAY}' - (n % 60),  1000 + n,
       (case when n % 10 = 0 then 'pendente' else 'conciliado' end)::statement_entry_status
     from generate_series(1, 5000) n`,
  );
  await run('analyze');
  const counts = await run(
    `select (select count(*) from installments)::int as installments, (select count(*) from charges)::int as charges,
            (select count(*) from repasse_entries)::int as entries`,
  );
  const c = counts.rows[0] as { installments: number; charges: number; entries: number };
  process.stdout.write(
    `${int(CLIENTS)} clientes, ${int(c.installments)} parcelas, ${int(c.charges)} cobranças, ${int(c.entries)} linhas de repasse em ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const client = await run(`select id from clients where document = 'BENCH000000005'`);
  return { resellerId, gerenteId, clientId: String(client.rows[0]?.id) };
}

interface Row {
  name: string;
  p50: number;
  p95: number;
  max: number;
}

async function measure(name: string, fn: () => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
  return { name, p50: at(0.5), p95: at(0.95), max: times.at(-1) ?? 0 };
}

async function main() {
  let dataDir: string | null = null;
  let config = loadConfig({ NODE_ENV: 'test' });
  if (SERVER_URL) {
    process.stdout.write(`PostgreSQL: ${urlFor(DB_NAME).replace(/\/\/[^@]*@/, '//')}\n`);
    await recreateDatabase();
    config = {
      ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: urlFor(DB_NAME) }),
      queueEnabled: false,
      seedDemo: true,
    };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'cc-bench-dashboards-'));
    process.stdout.write(
      'Sem BENCH_DATABASE_URL/DATABASE_URL: banco embutido (PGlite) — a meta de 200 ms vale para PostgreSQL.\n',
    );
    config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }), queueEnabled: false, seedDemo: true };
  }
  // 12:00 in São Paulo.
  const clock: Clock = { now: () => new Date(`${TODAY}T15:00:00Z`) };
  const system = await openSystem(config, { clock });
  let exitCode = 0;
  try {
    const { resellerId, gerenteId, clientId } = await seed(system);
    const deps = { dashboards: system.deps.dashboards, clock };
    const hiperador: Actor = {
      userId: gerenteId,
      email: 'bench@bench.example',
      role: 'hiperador',
      resellerId,
    };
    const gerente: Actor = {
      userId: gerenteId,
      email: 'gerente@demo.local',
      role: 'gerente_contas',
      resellerId: null,
    };
    const admin: Actor = { userId: gerenteId, email: 'admin@demo.local', role: 'admin', resellerId: null };

    // Correctness first: figures the data set fixes.
    const { dashboard: d } = await getResellerDashboard(deps, hiperador, undefined);
    let expectedMrr = 0;
    let billed = 0;
    for (let i = 1; i <= CLIENTS; i++) {
      if (i % 25 >= 3) {
        expectedMrr += 8990 + (i % 10) * 1000;
        billed++;
      }
    }
    const problems: string[] = [];
    if (d.mrrCents !== expectedMrr) problems.push(`MRR ${d.mrrCents} ≠ ${expectedMrr}`);
    if (d.clientsByStatus.ativo + d.clientsByStatus.inadimplente !== billed)
      problems.push('clientes em cobrança');
    if (d.upcoming.dueDate !== '2026-07-15' || d.upcoming.count !== CLIENTS) {
      problems.push(`parcelas do dia 15: ${d.upcoming.dueDate} ${d.upcoming.count}`);
    }
    if (d.repasseByMonth.length !== 12 || d.repasseByMonth.some((m) => m.paidCents + m.toReceiveCents <= 0)) {
      problems.push('repasse por mês vazio');
    }
    if (problems.length > 0) throw new Error(`resultado errado: ${problems.join('; ')}`);

    const repasseDeps = { repasse: system.deps.repasse };
    const rows: Row[] = [];
    const bench = async (name: string, fn: () => Promise<unknown>) => {
      const row = await measure(name, fn);
      rows.push(row);
      process.stdout.write(`  ${name}: p95 ${ms(row.p95)}\n`);
    };
    await bench('Painel do Hiperador', () => getResellerDashboard(deps, hiperador, undefined));
    await bench('Painel do gerente de contas', () => getManagerDashboard(deps, gerente));
    await bench('Painel admin/financeiro', () => getBackOfficeDashboard(deps, admin));
    await bench('Repasse do cliente', () => getClientRepasse(deps, hiperador, clientId));
    await bench('Extratos: lista', () => listStatements(repasseDeps, hiperador, resellerId));
    await bench('Extrato fechado (05/2026)', () =>
      getStatement(repasseDeps, hiperador, resellerId, '2026-05'),
    );
    await bench('Extrato aberto (06/2026)', () =>
      getStatement(repasseDeps, hiperador, resellerId, '2026-06'),
    );

    const engine = SERVER_URL ? 'PostgreSQL' : 'PGlite';
    process.stdout.write(
      `\n${engine}, ${int(CLIENTS)} clientes, ${RUNS} execuções cada (alvo p95 < ${TARGET_P95_MS} ms)\n`,
    );
    const w = Math.max(...rows.map((r) => r.name.length));
    process.stdout.write(
      `${'consulta'.padEnd(w)}  ${'p50'.padStart(10)}  ${'p95'.padStart(10)}  ${'máx'.padStart(10)}\n`,
    );
    for (const r of rows) {
      const flag = r.p95 < TARGET_P95_MS ? 'ok' : 'ACIMA DA META';
      process.stdout.write(
        `${r.name.padEnd(w)}  ${ms(r.p50).padStart(10)}  ${ms(r.p95).padStart(10)}  ${ms(r.max).padStart(10)}  ${flag}\n`,
      );
    }
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    exitCode = 1;
  } finally {
    await system.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

void main();
