/**
 * Issue 6, acceptance 3: the daily run is exactly-once under real concurrency — two worker PROCESSES on
 * the same date at the same time, and a worker killed (SIGKILL) at a random moment and run again — on a
 * real PostgreSQL (runs only with TEST_DATABASE_URL; CI runs the suite a second time on PostgreSQL).
 *
 * ~200 signed, activated and paid contracts (mensal / semestral / anual × boleto, cartão, TED/boleto,
 * TED/cartão, TED; some cards declined later), all due again on 2026-07-15. The workers are
 * src/test-support/billing-worker.ts (`node --import tsx`), each opening the system on DATABASE_URL.
 * After every run the database is checked with SQL: one installment per (contract, competência) and per
 * (client, competência), one charge per installment, one e-mail per (charge, kind, recipient), card links
 * as many as their steps, one card payment per charge, billing_steps unique.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../adapters/db/database';
import { loadConfig } from '../../config';
import { buildServer } from '../../http/server';
import { openSystem } from '../../system';
import {
  chargesOf,
  engine,
  registerSandboxCard,
  type SignedContractOptions,
  signedContract,
} from '../../test-support/billing-fixtures';
import { createTestDatabaseEnv, type TestDatabaseEnv } from '../../test-support/test-database';
import { DEMO, loginAs, manualClock, type TestApp } from '../../test-support/test-system';
import { activateContract } from './activation';

/** A multiple of 25 (5 periodicity slots × 5 formas); MULTI_PROCESS_CONTRACTS=200 for a heavier run. */
const CONTRACTS = Number(process.env.MULTI_PROCESS_CONTRACTS ?? 50);
const WORKER = fileURLToPath(new URL('../../test-support/billing-worker.ts', import.meta.url));
/** 09:00 in São Paulo on `date`. */
const at = (date: string) => new Date(`${date}T12:00:00Z`);

interface WorkerSummary {
  runId: string;
  status: 'concluida' | 'falhou';
  counts: Record<string, number>;
  errors: { step: string; message: string }[];
}

interface Worker {
  child: ChildProcess;
  /** Resolves once the worker's system is open (it then waits for go() when started with wait). */
  ready: Promise<void>;
  /** Resolves when the worker is about to call runBilling. */
  started: Promise<void>;
  /** Lets a waiting worker run. */
  go(): void;
  /** The exit: code/signal, the summary if it finished, stderr, when it started and ended (ms). */
  exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    summary: WorkerSummary | null;
    stderr: string;
    runMs: number | null;
  }>;
}

function startWorker(
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
        const event = JSON.parse(line) as { event: string; summary?: WorkerSummary };
        if (event.event === 'ready') ready.resolve();
        if (event.event === 'started') {
          startedAt = performance.now();
          started.resolve();
        }
        if (event.event === 'done') summary = event.summary ?? null;
      } catch {
        // not one of the worker's lines
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdin!.on('error', () => {}); // killed before it read its go
  const exited = new Promise<Awaited<Worker['exited']>>((resolve) => {
    child.on('exit', (code, sig) => {
      ready.resolve();
      started.resolve();
      resolve({
        code,
        signal: sig,
        summary,
        stderr,
        runMs: startedAt === null ? null : Math.round(performance.now() - startedAt),
      });
    });
  });
  return {
    child,
    ready: ready.promise,
    started: started.promise,
    go: () => child.stdin!.end('go\n'),
    exited,
  };
}

type Row = Record<string, unknown>;

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'billing run: two processes at once, killed and re-run',
  () => {
    let dbEnv: TestDatabaseEnv;
    let database: Database;
    let t: TestApp;
    const clock = manualClock(at('2025-07-01'));
    const setDate = (date: string) => clock.advance(at(date).getTime() - clock.now().getTime());
    const sql = async (text: string, values?: unknown[]): Promise<Row[]> =>
      (await database.executeSql(text, values)).rows as Row[];
    /** Card-link e-mails per (client, address) before any run (sent when contracts were issued). */
    let linksBefore = new Map<string, number>();

    /** Every exactly-once invariant, checked with SQL over the whole database. */
    async function assertExactlyOnce(label: string) {
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

    const count = async (text: string, values?: unknown[]) => Number((await sql(text, values))[0]!.n);

    beforeAll(async () => {
      dbEnv = await createTestDatabaseEnv();
      database = await dbEnv.open();
      const config = { ...loadConfig({ NODE_ENV: 'test' }), queueEnabled: false, seedDemo: true };
      const system = await openSystem(config, { database, clock });
      const server = await buildServer(system, { serveWeb: false });
      await server.app.ready();
      t = {
        system,
        app: server.app,
        routes: server.routes,
        close: async () => {
          await server.app.close();
          await system.close();
        },
      };

      // Signed on dates that put every periodicity's next installment on 2026-07-15 (SPEC §4: #2 is due on
      // the 15th of M + P): anual signed 2025-07-01, semestral 2026-01-05, mensal 2026-06-01.
      const methods = ['boleto', 'cartao', 'ted_boleto', 'ted_cartao', 'ted'] as const;
      const plan: SignedContractOptions[] = Array.from({ length: CONTRACTS }, (_, i) => {
        const periodicity = (['mensal', 'mensal', 'mensal', 'semestral', 'anual'] as const)[i % 5]!;
        const payment_method = methods[Math.floor(i / 5) % methods.length]!;
        return {
          periodicity,
          payment_method,
          ...(payment_method.includes('cartao')
            ? { card_installments: periodicity === 'mensal' ? 1 : 3 }
            : {}),
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
              // One card client in three gets a card the issuer declines (decline → card link e-mail).
              if (p.payment_method!.includes('cartao') && i % 3 === 0)
                await registerSandboxCard(t, clientId, '4000 0000 0000 0002');
            }),
          );
        }
      }
      setDate('2026-07-05');
      linksBefore = new Map(
        (
          await sql(
            `select entity_id, to_address, count(*)::int as n from email_outbox
           where subject like 'Cadastre o cartão%' group by 1, 2`,
          )
        ).map((r) => [`${r.entity_id} ${r.to_address}`, Number(r.n)]),
      );
    }, 600_000);

    afterAll(async () => {
      await t?.close();
      await dbEnv?.cleanup();
    });

    it(`seeds ${CONTRACTS} active, paid contracts liberated until 2026-07-31`, async () => {
      const rows = await sql(
        `select cl.status::text as status, cl.paid_through::text as paid_through, count(*)::int as n
       from clients cl join contracts c on c.client_id = cl.id and c.status = 'assinado'
       group by 1, 2`,
      );
      expect(rows).toEqual([{ status: 'ativo', paid_through: '2026-07-31', n: CONTRACTS }]);
      expect(await count(`select count(*)::int as n from installments where status = 'paga'`)).toBe(
        CONTRACTS,
      );
    });

    it('two worker processes run 2026-07-05 at the same time: one installment, charge and e-mail each', async () => {
      const env = dbEnv.env;
      // Both load first, then start runBilling at the same instant (small batches: many interleavings).
      const a = startWorker(env, '2026-07-05', { batchSize: 20, wait: true });
      const b = startWorker(env, '2026-07-05', { batchSize: 20, wait: true });
      await Promise.all([a.ready, b.ready]);
      a.go();
      b.go();
      const [ra, rb] = await Promise.all([a.exited, b.exited]);
      expect([ra.code, rb.code], `${ra.stderr}\n${rb.stderr}`).toEqual([0, 0]);
      expect([ra.summary?.status, rb.summary?.status]).toEqual(['concluida', 'concluida']);
      expect([...ra.summary!.errors, ...rb.summary!.errors]).toEqual([]);
      // Between them, every contract got its installment #2 exactly once (each worker issued a share).
      expect(ra.summary!.counts.issued! + rb.summary!.counts.issued!).toBe(CONTRACTS);

      const runs = await sql(
        `select status::text as status, started_at, finished_at from billing_runs
         where run_date = '2026-07-05' order by started_at`,
      );
      expect(runs.map((r) => r.status)).toEqual(['concluida', 'concluida']);
      // Both recorded, and they really ran at the same time (the second started before the first ended).
      expect(new Date(runs[1]!.started_at as string).getTime()).toBeLessThan(
        new Date(runs[0]!.finished_at as string).getTime(),
      );
      expect(
        await sql(
          `select competence, due_date::text as due_date, access_until::text as access_until, count(*)::int as n
         from installments where number = 2 group by 1, 2, 3 order by 3`,
        ),
      ).toEqual([
        // SPEC §4: paying competência 2026-07 liberates until the last day of 2026-07 + P.
        { competence: '2026-07', due_date: '2026-07-15', access_until: '2026-08-31', n: (CONTRACTS * 3) / 5 },
        { competence: '2026-07', due_date: '2026-07-15', access_until: '2027-01-31', n: CONTRACTS / 5 },
        { competence: '2026-07', due_date: '2026-07-15', access_until: '2027-07-31', n: CONTRACTS / 5 },
      ]);
      expect(
        await count(
          `select count(*)::int as n from charges c join installments i on i.id = c.installment_id
         where i.number = 2 and c.due_date = '2026-07-15'`,
        ),
      ).toBe(CONTRACTS);
      expect(
        await count(
          `select count(*)::int as n from billing_steps where step = 'email:emissao' and competence = '2026-07'`,
        ),
      ).toBe(CONTRACTS);
      await assertExactlyOnce('dois processos');
    }, 180_000);

    // Each trial a later day, so that each run has work: reminders (07-12, 07-15, 07-20), card attempts
    // (D0 07-15, D+2, D+5), inadimplentes (07-16), blocks (08-01) and new installments (08-05, 09-05…).
    const TRIAL_DATES = [
      '2026-07-12',
      '2026-07-15',
      '2026-07-16',
      '2026-07-20',
      '2026-08-01',
      '2026-08-05',
      '2026-08-15',
      '2026-09-05',
      '2026-10-05',
      '2026-11-05',
    ];

    it('10 trials: a worker killed at a random moment (SIGKILL), then run again to completion', async () => {
      const env = dbEnv.env;
      const trials: { date: string; delayMs: number; killed: boolean; rerunMs: number | null }[] = [];
      // The victim and the worker that re-runs are loaded together (module loading takes seconds here).
      // Each waits for its go: the next trial's victim loads while this trial's re-run works.
      let victim = startWorker(env, TRIAL_DATES[0]!, { batchSize: 10, wait: true });
      for (const [i, date] of TRIAL_DATES.entries()) {
        const rerun = startWorker(env, date, { wait: true });
        const delayMs = 50 + Math.floor(Math.random() * 1450);
        await victim.ready;
        victim.go();
        await victim.started;
        await new Promise((r) => setTimeout(r, delayMs));
        victim.child.kill('SIGKILL');
        const dead = await victim.exited;
        await rerun.ready;
        rerun.go();
        const next = TRIAL_DATES[i + 1];
        if (next) victim = startWorker(env, next, { batchSize: 10, wait: true });
        const done = await rerun.exited;
        trials.push({ date, delayMs, killed: dead.signal === 'SIGKILL', rerunMs: done.runMs });
        expect(done.code, done.stderr).toBe(0);
        expect(done.summary?.status, date).toBe('concluida');
        expect(done.summary?.errors, date).toEqual([]);
        await assertExactlyOnce(`${date} (morto após ${delayMs} ms)`);
        // The killed run stays 'executando' (a later run marks it 'falhou' after STALE_RUN_MS); the re-run is done.
        const runs = await sql(
          `select status::text as status from billing_runs where run_date = $1 order by started_at`,
          [date],
        );
        expect(runs.at(-1)!.status).toBe('concluida');
      }
      // The trials did real work (not just re-reads): every month since July issued to the monthly clients.
      const mensal = Math.round((CONTRACTS * 3) / 5);
      expect(
        await sql(
          `select competence, count(*)::int as n from installments where key like 'parcela:%' and number > 1
         group by 1 order by 1`,
        ),
      ).toEqual([
        { competence: '2026-07', n: CONTRACTS },
        { competence: '2026-08', n: mensal },
        { competence: '2026-09', n: mensal },
        { competence: '2026-10', n: mensal },
        { competence: '2026-11', n: mensal },
      ]);
      console.info(`billing multi-process: ${JSON.stringify(trials)}`);
      // Most kills land while the run works (a run that finished before its kill is a plain re-run).
      expect(trials.filter((x) => x.killed).length, JSON.stringify(trials)).toBeGreaterThan(5);
    }, 600_000);
  },
);
