/**
 * Issue 8, Faults: the daily run killed at random points, then run again → exactly-once results. On a real
 * PostgreSQL (runs only with TEST_DATABASE_URL), in separate processes.
 *
 * KILL_TRIALS (default 10) trials over KILL_CONTRACTS (default 25, a multiple of 25) signed, activated and paid
 * contracts all due again on 2026-07-15 (src/test-support/billing-processes.ts), each trial on a later day so
 * that each run has work: issuing (07-05, 08-05…), reminders, card attempts D0/D+2/D+5 with declines and card
 * links, inadimplentes, blocks. In each trial a worker process (src/test-support/billing-worker.ts) runs the
 * day and kills itself (SIGKILL) at its K-th SQL statement — before sending it, or right after its answer
 * arrived (a COMMIT done that the worker never learns of) — then another worker re-runs the day to
 * completion, and the database is checked with SQL: one installment per (contract, competência), one charge
 * per installment, one e-mail per (charge, kind, recipient), card links as many as their steps, one card
 * payment per charge, billing_steps unique.
 *
 * The kill points are drawn from a seeded generator (KILL_SEED, printed; a failure replays with the same
 * seed — same N and K; the statement at K may differ slightly, as a few steps send queries concurrently):
 * K uniform in 1..N where N is what a complete run of that day takes, measured on a copy of the database
 * made just before the trial (CREATE DATABASE … TEMPLATE), so that every point of the run can be hit.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '../../domain/calendar/dates';
import {
  assertExactlyOnce,
  at,
  cardLinkMails,
  openSeedApp,
  type Sql,
  seedRecurringContracts,
  sqlOf,
  startWorker,
} from '../../test-support/billing-processes';
import {
  createTestDatabaseEnv,
  databaseUrlWithName,
  type TestDatabaseEnv,
} from '../../test-support/test-database';
import { manualClock } from '../../test-support/test-system';

const TRIALS = Number(process.env.KILL_TRIALS ?? 10);
/** A multiple of 25 (5 periodicity slots × 5 formas). */
const CONTRACTS = Number(process.env.KILL_CONTRACTS ?? 25);
const SEED = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Small batches: more progress saves, more points between them. */
const BATCH = 10;

/** mulberry32: a small seeded generator, so that a failing trial can be replayed (KILL_SEED). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The day of each trial, each later than the last so that each run has work: #2 issued for everybody
 * (07-05), reminders (07-12, 07-15, 07-20), card attempts D0/D+2/D+5 (07-15…07-20), inadimplentes (07-16),
 * blocks (08-01), new monthly installments (08-05, 09-05, 10-05); more trials go on month by month.
 */
function trialDates(n: number): string[] {
  const dates = [
    '2026-07-05',
    '2026-07-12',
    '2026-07-15',
    '2026-07-16',
    '2026-07-20',
    '2026-08-01',
    '2026-08-05',
    '2026-08-15',
    '2026-09-05',
    '2026-10-05',
  ];
  for (let i = 0; dates.length < n; i++) {
    const month = new Date(Date.UTC(2026, 10 + Math.floor(i / 2), 1)).toISOString().slice(0, 7);
    dates.push(`${month}-${i % 2 === 0 ? '05' : '16'}`);
  }
  return dates.slice(0, n);
}

/** A copy of database `source` as `target` (no one may be connected to `source`). */
async function cloneDatabase(serverUrl: string, source: string, target: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${target} TEMPLATE ${source}`);
        return;
      } catch (err) {
        // 55006: a session of a process that just exited is still closing; try again shortly.
        if ((err as { code?: string }).code !== '55006' || attempt > 100) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

interface Trial {
  trial: number;
  date: string;
  /** SQL statements of a complete run of the day (measured on a copy). */
  statements: number;
  /** Where the worker died: its K-th statement, before sending it or after its answer. */
  killAt: number;
  mode: 'before' | 'after';
  sql: string;
  killed: boolean;
  victimMs: number | null;
  rerunMs: number | null;
  issued: number;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  `daily run killed at a random SQL statement (${TRIALS} trials, separate processes), then re-run`,
  () => {
    let dbEnv: TestDatabaseEnv;
    let serverUrl: string;
    let dbName: string;
    let linksBefore = new Map<string, number>();

    /** `fn` with a connection to the trial database, closed after (a copy needs nobody connected). */
    async function withSql<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
      const database = await dbEnv.open();
      try {
        return await fn(sqlOf(database));
      } finally {
        await database.close();
      }
    }

    beforeAll(async () => {
      const info = inject('testDatabase');
      if (info.kind !== 'postgres') throw new Error('PostgreSQL only (TEST_DATABASE_URL)');
      serverUrl = info.serverUrl;
      dbEnv = await createTestDatabaseEnv();
      dbName = new URL(dbEnv.env.DATABASE_URL!).pathname.slice(1);
      const database = await dbEnv.open();
      const clock = manualClock(at('2025-07-01'));
      const t = await openSeedApp(database, clock);
      try {
        await seedRecurringContracts(t, clock, CONTRACTS);
        linksBefore = await cardLinkMails(sqlOf(database));
      } finally {
        await t.close();
      }
    }, 600_000);

    afterAll(async () => {
      await dbEnv?.cleanup();
    });

    it('each trial: killed at statement K of N, re-run to completion, exactly-once holds', async () => {
      const random = seeded(SEED);
      console.info(`kill trials: KILL_SEED=${SEED} (${TRIALS} trials, ${CONTRACTS} contracts)`);
      const trials: Trial[] = [];
      for (const [i, date] of trialDates(TRIALS).entries()) {
        // The day measured on a copy taken now: a complete run, no kill, counting its statements.
        const copy = `${dbName}_k${String(i).padStart(2, '0')}`;
        await cloneDatabase(serverUrl, dbName, copy);
        const probe = startWorker({ DATABASE_URL: databaseUrlWithName(serverUrl, copy) }, date, {
          batchSize: BATCH,
          wait: true,
        });
        // The victim and the worker that re-runs load meanwhile (loading takes seconds).
        const victim = startWorker(dbEnv.env, date, { batchSize: BATCH, wait: true });
        const rerun = startWorker(dbEnv.env, date, { batchSize: BATCH, wait: true });
        await probe.ready;
        probe.go();
        const measured = await probe.exited;
        await dropDatabase(serverUrl, copy);
        expect(measured.code, measured.stderr).toBe(0);
        const statements = measured.statements!;

        const killAt = 1 + Math.floor(random() * statements);
        const mode = random() < 0.5 ? 'before' : 'after';
        await victim.ready;
        victim.go({ statement: killAt, mode });
        const dead = await victim.exited;
        await rerun.ready;
        rerun.go();
        const done = await rerun.exited;
        const trial: Trial = {
          trial: i + 1,
          date,
          statements,
          killAt,
          mode,
          sql: dead.kill?.sql ?? '',
          killed: dead.signal === 'SIGKILL' && dead.kill?.statement === killAt,
          victimMs: dead.runMs,
          rerunMs: done.runMs,
          issued: done.summary?.counts.issued ?? 0,
        };
        trials.push(trial);
        console.info(`kill trial ${JSON.stringify(trial)}`);
        expect(dead.signal, `${date}: ${dead.stderr}`).toBe('SIGKILL');
        expect(dead.kill?.statement, date).toBe(killAt);
        expect(done.code, done.stderr).toBe(0);
        expect(done.summary?.status, date).toBe('concluida');
        expect(done.summary?.errors, date).toEqual([]);
        await withSql(async (sql) => {
          await assertExactlyOnce(
            sql,
            linksBefore,
            `${date} (morto no comando ${killAt} de ${statements}, ${mode})`,
          );
          // The killed run stays 'executando' (a later run marks it 'falhou' after STALE_RUN_MS), unless it
          // died before its row was written; the re-run is done.
          const runs = await sql(
            `select status::text as status from billing_runs where run_date = $1 order by started_at`,
            [date],
          );
          expect(runs.map((r) => r.status).slice(-2)).toEqual(
            runs.length === 1 ? ['concluida'] : ['executando', 'concluida'],
          );
          expect(runs.length).toBeLessThanOrEqual(2);
        });
      }
      console.info(`kill trials (KILL_SEED=${SEED}):\n${trials.map((x) => JSON.stringify(x)).join('\n')}`);

      // The trials did real work: every competência of 2026 up to the last day + 10 was issued, once
      // (mensal ones after July; semestral and anual are next due in 2027).
      const last = addDays(trialDates(TRIALS).at(-1)!, 10);
      const expected = [{ competence: '2026-07', n: CONTRACTS }];
      for (let m = 8; m <= 12; m++) {
        const month = new Date(Date.UTC(2026, m - 1, 1)).toISOString().slice(0, 7);
        if (`${month}-15` > last) break;
        expected.push({ competence: month, n: (CONTRACTS * 3) / 5 });
      }
      await withSql(async (sql) => {
        expect(
          await sql(
            `select competence, count(*)::int as n from installments
             where key like 'parcela:%' and number > 1 and competence <= '2026-12' group by 1 order by 1`,
          ),
        ).toEqual(expected);
      });
    }, 900_000);
  },
);
