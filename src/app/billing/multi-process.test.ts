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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../adapters/db/database';
import {
  assertExactlyOnce as assertExactlyOnceIn,
  at,
  cardLinkMails,
  openSeedApp,
  seedRecurringContracts,
  sqlOf,
  startWorker,
} from '../../test-support/billing-processes';
import { createTestDatabaseEnv, type TestDatabaseEnv } from '../../test-support/test-database';
import { manualClock, type TestApp } from '../../test-support/test-system';

/** A multiple of 25 (5 periodicity slots × 5 formas); MULTI_PROCESS_CONTRACTS=200 for a heavier run. */
const CONTRACTS = Number(process.env.MULTI_PROCESS_CONTRACTS ?? 50);

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'billing run: two processes at once, killed and re-run',
  () => {
    let dbEnv: TestDatabaseEnv;
    let database: Database;
    let t: TestApp;
    const clock = manualClock(at('2025-07-01'));
    const sql = (text: string, values?: unknown[]) => sqlOf(database)(text, values);
    /** Card-link e-mails per (client, address) before any run (sent when contracts were issued). */
    let linksBefore = new Map<string, number>();
    /** Every exactly-once invariant, checked with SQL over the whole database. */
    const assertExactlyOnce = (label: string) => assertExactlyOnceIn(sql, linksBefore, label);

    const count = async (text: string, values?: unknown[]) => Number((await sql(text, values))[0]!.n);

    beforeAll(async () => {
      dbEnv = await createTestDatabaseEnv();
      database = await dbEnv.open();
      t = await openSeedApp(database, clock);
      await seedRecurringContracts(t, clock, CONTRACTS);
      linksBefore = await cardLinkMails(sql);
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

    it('10 trials: a worker killed at a random moment (SIGKILL, when it lands mid-run), then run again to completion', async () => {
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
      // A kill timed by the clock may come after the run finished (then it is a plain re-run): how many
      // landed depends on the machine's speed, so it is reported, not asserted. kill-trials.test.ts kills
      // at a chosen SQL statement instead, deterministically, in every trial.
      console.info(
        `billing multi-process: ${trials.filter((x) => x.killed).length}/10 killed mid-run ${JSON.stringify(trials)}`,
      );
    }, 600_000);
  },
);
