/**
 * Shared by the tests that run the billing in separate processes on a real PostgreSQL (issue 6's
 * src/app/billing/multi-process.test.ts, issue 8's kill trials and two app processes): the worker process
 * (src/test-support/billing-worker.ts) driven from the test, the scenario of contracts all due again on
 * 2026-07-15, and the exactly-once checks in SQL over the whole database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Database } from '../adapters/db/database';
import { activateContract } from '../app/billing/activation';
import { loadConfig } from '../config';
import { buildServer } from '../http/server';
import { openSystem } from '../system';
import {
  chargesOf,
  engine,
  registerSandboxCard,
  type SignedContractOptions,
  signedContract,
} from './billing-fixtures';
import { DEMO, loginAs, type manualClock, type TestApp } from './test-system';

const WORKER = fileURLToPath(new URL('./billing-worker.ts', import.meta.url));

/** 09:00 in São Paulo on `date`. */
export const at = (date: string) => new Date(`${date}T12:00:00Z`);

export interface WorkerSummary {
  runId: string;
  status: 'concluida' | 'falhou';
  counts: Record<string, number>;
  errors: { step: string; message: string }[];
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  summary: WorkerSummary | null;
  /** SQL statements the run sent (when it finished). */
  statements: number | null;
  /** The statement it killed itself at (KILL_AT_STATEMENT), as the worker announced it. */
  kill: { statement: number; mode: 'before' | 'after'; sql: string } | null;
  stderr: string;
  /** From 'started' to the exit (ms). */
  runMs: number | null;
}

export interface Worker {
  child: ChildProcess;
  /** Resolves once the worker's system is open (it then waits for go() when started with wait). */
  ready: Promise<void>;
  /** Resolves when the worker is about to call runBilling. */
  started: Promise<void>;
  /** Lets a waiting worker run; with `kill`, it SIGKILLs itself at that SQL statement of the run. */
  go(kill?: { statement: number; mode: 'before' | 'after' }): void;
  exited: Promise<WorkerExit>;
}

/** A billing worker process for `date` on the database of `env` (DATABASE_URL). */
export function startWorker(
  env: Record<string, string | undefined>,
  date: string,
  options: { batchSize?: number; wait?: boolean } = {},
): Worker {
  const args = [WORKER, date, String(options.batchSize ?? 500), ...(options.wait ? ['--wait'] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  let summary: WorkerSummary | null = null;
  let statements: number | null = null;
  let kill: WorkerExit['kill'] = null;
  let startedAt: number | null = null;
  const signal = () => {
    let resolve: () => void = () => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };
  const ready = signal();
  const started = signal();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      try {
        const event = JSON.parse(line) as {
          event: string;
          summary?: WorkerSummary;
          statements?: number;
          statement?: number;
          mode?: 'before' | 'after';
          sql?: string;
        };
        if (event.event === 'ready') ready.resolve();
        if (event.event === 'started') {
          startedAt = performance.now();
          started.resolve();
        }
        if (event.event === 'done') {
          summary = event.summary ?? null;
          statements = event.statements ?? null;
        }
        if (event.event === 'kill')
          kill = { statement: event.statement!, mode: event.mode!, sql: event.sql ?? '' };
      } catch {
        // not one of the worker's lines
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdin!.on('error', () => {}); // killed before it read its go
  const exited = new Promise<WorkerExit>((resolve) => {
    child.on('exit', (code, sig) => {
      ready.resolve();
      started.resolve();
      resolve({
        code,
        signal: sig,
        summary,
        statements,
        kill,
        stderr,
        runMs: startedAt === null ? null : Math.round(performance.now() - startedAt),
      });
    });
  });
  return {
    child,
    ready: ready.promise,
    started: started.promise,
    go: (kill) => child.stdin!.end(kill ? `go ${kill.statement} ${kill.mode}\n` : 'go\n'),
    exited,
  };
}

/** The system of the test process on `database` (demo users, no queue), with its HTTP app for the fixtures. */
export async function openSeedApp(
  database: Database,
  clock: ReturnType<typeof manualClock>,
): Promise<TestApp> {
  const config = { ...loadConfig({ NODE_ENV: 'test' }), queueEnabled: false, seedDemo: true };
  const system = await openSystem(config, { database, clock });
  const server = await buildServer(system, { serveWeb: false });
  await server.app.ready();
  return {
    system,
    app: server.app,
    routes: server.routes,
    close: async () => {
      await server.app.close();
      await system.close();
    },
  };
}

/**
 * `count` (a multiple of 25: 5 periodicity slots × 5 formas) signed, activated and paid contracts of Alfa,
 * all due again on 2026-07-15 (SPEC §4: #2 is due on the 15th of M + P): anual signed 2025-07-01, semestral
 * 2026-01-05, mensal 2026-06-01. Boleto, cartão, TED/boleto, TED/cartão and TED; every seventh with
 * implantação; one card client in three gets a card the issuer declines (decline → card link e-mail).
 * Moves `clock` through the signing dates and leaves it on 2026-07-05.
 */
export async function seedRecurringContracts(
  t: TestApp,
  clock: ReturnType<typeof manualClock>,
  count: number,
): Promise<void> {
  const setDate = (date: string) => clock.advance(at(date).getTime() - clock.now().getTime());
  const methods = ['boleto', 'cartao', 'ted_boleto', 'ted_cartao', 'ted'] as const;
  const plan: SignedContractOptions[] = Array.from({ length: count }, (_, i) => {
    const periodicity = (['mensal', 'mensal', 'mensal', 'semestral', 'anual'] as const)[i % 5]!;
    const payment_method = methods[Math.floor(i / 5) % methods.length]!;
    return {
      periodicity,
      payment_method,
      ...(payment_method.includes('cartao') ? { card_installments: periodicity === 'mensal' ? 1 : 3 } : {}),
      setup_fee: i % 7 === 0,
    };
  });
  const signedOn = { anual: '2025-07-01', semestral: '2026-01-05', mensal: '2026-06-01' } as const;
  for (const periodicity of ['anual', 'semestral', 'mensal'] as const) {
    setDate(signedOn[periodicity]);
    const session = await loginAs(t.app, DEMO.alfa);
    const group = plan.map((p, i) => ({ p, i })).filter(({ p }) => p.periodicity === periodicity);
    // A few at a time: the fixtures go through the API (client, proposal, contract) like the portal.
    for (let k = 0; k < group.length; k += 6) {
      await Promise.all(
        group.slice(k, k + 6).map(async ({ p, i }) => {
          const { clientId, contractId } = await signedContract(t, session, p);
          if (p.payment_method!.includes('cartao')) await registerSandboxCard(t, clientId);
          await activateContract(engine(t), contractId);
          const [activation] = await chargesOf(t, clientId);
          if (activation!.status !== 'paga') {
            await t.system.deps.charges.applyPayments([
              {
                chargeId: activation!.id,
                source: 'manual',
                sourceId: `teste:${activation!.id}`,
                amountCents: activation!.amountCents,
                paidOn: signedOn[periodicity],
                evidence: {},
              },
            ]);
          }
          if (p.payment_method!.includes('cartao') && i % 3 === 0)
            await registerSandboxCard(t, clientId, '4000 0000 0000 0002');
        }),
      );
    }
  }
  setDate('2026-07-05');
}

type Row = Record<string, unknown>;
export type Sql = (text: string, values?: unknown[]) => Promise<Row[]>;

/** Raw SQL on `database`, rows as records. */
export const sqlOf =
  (database: Database): Sql =>
  async (text, values) =>
    (await database.executeSql(text, values)).rows as Row[];

/** Card-link e-mails per "client address" so far (those sent when the contracts were issued). */
export async function cardLinkMails(sql: Sql): Promise<Map<string, number>> {
  const rows = await sql(
    `select entity_id, to_address, count(*)::int as n from email_outbox
     where subject like 'Cadastre o cartão%' group by 1, 2`,
  );
  return new Map(rows.map((r) => [`${r.entity_id} ${r.to_address}`, Number(r.n)]));
}

/**
 * Every exactly-once invariant, checked with SQL over the whole database: one installment per (contract,
 * competência) and per (client, competência), every installment with its charge and one charge per
 * installment, one e-mail per (charge, subject, recipient), every issued parcela e-mailed, billing_steps
 * unique, one card payment per charge, card-link e-mails as many as their steps (on top of `linksBefore`).
 */
export async function assertExactlyOnce(sql: Sql, linksBefore: Map<string, number>, label: string) {
  const dupInstallments = await sql(
    `select contract_id, key, count(*)::int as n from installments group by 1, 2 having count(*) > 1`,
  );
  const dupClientCompetence = await sql(
    `select client_id, key, count(*)::int as n from installments
     where key like 'parcela:%' group by 1, 2 having count(*) > 1`,
  );
  const withoutCharge = await sql(`select id, key from installments where charge_id is null`);
  const dupCharges = await sql(
    `select installment_id, count(*)::int as n from charges
     where installment_id is not null group by 1 having count(*) > 1`,
  );
  const strayCharges = await sql(
    `select c.id from charges c join installments i on i.id = c.installment_id where i.charge_id <> c.id`,
  );
  // One e-mail per (charge, kind, recipient): the issue e-mail and each reminder have their own subject.
  const dupMails = await sql(
    `select entity_id, subject, to_address, count(*)::int as n from email_outbox
     where entity_type = 'charge' group by 1, 2, 3 having count(*) > 1`,
  );
  // Every issued parcela has its charge e-mail (nothing lost by a kill between the two).
  const missingIssueMail = await sql(
    `select i.id, i.key from installments i join charges c on c.id = i.charge_id
     where i.key like 'parcela:%' and not exists (
       select 1 from email_outbox e where e.entity_type = 'charge' and e.entity_id = c.id::text
         and e.subject like 'Cobrança ' || c.number || ' — %')`,
  );
  const dupSteps = await sql(
    `select contract_id, competence, step, count(*)::int as n from billing_steps
     group by 1, 2, 3 having count(*) > 1`,
  );
  const dupCardPayments = await sql(
    `select charge_id, count(*)::int as n from payments where source = 'card' group by 1 having count(*) > 1`,
  );
  // Card links: one per 'cartao:link' step (per recipient), on top of those sent before the runs.
  const links = await sql(
    `select e.entity_id as client_id, e.to_address, count(*)::int as n from email_outbox e
     where e.subject like 'Cadastre o cartão%' group by 1, 2`,
  );
  const linkSteps = await sql(
    `select c.client_id::text as client_id, count(*)::int as n from billing_steps s
     join contracts c on c.id = s.contract_id where s.step = 'cartao:link' group by 1`,
  );
  const stepsOf = new Map(linkSteps.map((r) => [String(r.client_id), Number(r.n)]));
  const wrongLinks = links
    .map((r) => ({
      client: String(r.client_id),
      address: String(r.to_address),
      mails: Number(r.n) - (linksBefore.get(`${r.client_id} ${r.to_address}`) ?? 0),
      steps: stepsOf.get(String(r.client_id)) ?? 0,
    }))
    .filter((x) => x.mails !== x.steps);
  expect({
    label,
    dupInstallments,
    dupClientCompetence,
    withoutCharge,
    dupCharges,
    strayCharges,
    dupMails,
    missingIssueMail,
    dupSteps,
    dupCardPayments,
    wrongLinks,
  }).toEqual({
    label,
    dupInstallments: [],
    dupClientCompetence: [],
    withoutCharge: [],
    dupCharges: [],
    strayCharges: [],
    dupMails: [],
    missingIssueMail: [],
    dupSteps: [],
    dupCardPayments: [],
    wrongLinks: [],
  });
}
