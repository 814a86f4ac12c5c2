/**
 * Issue 8, Load and scale: the production shape — two app processes on one PostgreSQL, each also a worker
 * (the code has no worker-only mode: every process started with QUEUE_ENABLED=true serves HTTP and works
 * the pg-boss queues), driven over HTTP. Runs only with TEST_DATABASE_URL.
 *
 * TWO_PROCESS_CONTRACTS (default 25, a multiple of 25) contracts all due again on 2026-07-15
 * (src/test-support/billing-processes.ts) are seeded by the test process. Then two `src/main.ts` processes,
 * A and B, each with its own SMTP server (so that every e-mail delivered says which process sent it):
 * - a session opened on A works on B (sessions live in the database);
 * - the daily run for 2026-07-05 is started on A and on B at the same instant (POST /api/v1/billing/runs: each
 *   a pg-boss job, worked by either process), each followed through the other process: between them every
 *   contract gets its installment once;
 * - the daily-run job (pg-boss 'billing.daily') is sent twice for each later day: the two processes' workers
 *   take the jobs between them (counted from each process's log);
 * - the e-mail jobs are shared the same way (counted per SMTP server), each e-mail delivered once;
 * - the boleto charges are paid by Pix webhooks, each notification delivered to A and to B several times at
 *   once: one payment each.
 * Then the exactly-once checks in SQL (one installment per contract and competência, one charge per
 * installment, one e-mail per charge, kind and recipient, billing_steps unique, card payments once).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../adapters/db/database';
import { PgBossQueue } from '../adapters/queue/pg-boss-queue';
import { BILLING_RUN_JOB } from '../app/billing/daily-run';
import { signPixWebhook } from '../app/payments/pix-webhook';
import { loadConfig } from '../config';
import {
  assertExactlyOnce,
  at,
  cardLinkMails,
  openSeedApp,
  seedRecurringContracts,
  sqlOf,
} from '../test-support/billing-processes';
import { type SmtpTestServer, startSmtpTestServer } from '../test-support/smtp-test-server';
import { createTestDatabaseEnv, type TestDatabaseEnv } from '../test-support/test-database';
import { DEMO, manualClock, type TestApp } from '../test-support/test-system';

const CONTRACTS = Number(process.env.TWO_PROCESS_CONTRACTS ?? 25);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The days the daily-run job is sent for (twice each), after the run of 2026-07-05. */
const JOB_DATES = ['2026-07-12', '2026-07-15', '2026-07-16'];

interface AppProcess {
  name: 'A' | 'B';
  child: ChildProcess;
  base: string;
  smtp: SmtpTestServer;
  /** Every JSON line the process logged. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** `node --import tsx src/main.ts` on the test database: HTTP on a free port, queue on, its own SMTP. */
async function startApp(name: 'A' | 'B', env: Record<string, string>): Promise<AppProcess> {
  const smtp = await startSmtpTestServer();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      QUEUE_ENABLED: 'true',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      SMTP_URL: smtp.url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let output = '';
  let pending = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      }
      const match = /pronto em http:\/\/[^:]+:(\d+) \(/.exec(output);
      if (match) resolve({ name, child, base: `http://127.0.0.1:${match[1]}`, smtp, logs, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`${name} saiu (${code}) antes de ficar pronto:\n${output}`)));
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 120_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`esperando: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'two app processes (each also a pg-boss worker) on one PostgreSQL, driven over HTTP',
  () => {
    let dbEnv: TestDatabaseEnv;
    let database: Database;
    let seedApp: TestApp | undefined;
    let apps: AppProcess[] = [];
    let linksBefore = new Map<string, number>();
    /** Outbox rows that existed before the app processes (written by the seeding, never queued). */
    let mailsBefore: string[] = [];
    const sql = (text: string, values?: unknown[]) => sqlOf(database)(text, values);
    const started = performance.now();
    const timings: Record<string, number> = {};
    const lap = (label: string) => {
      timings[label] = Math.round(performance.now() - started);
    };

    beforeAll(async () => {
      dbEnv = await createTestDatabaseEnv();
      database = await dbEnv.open();
      const clock = manualClock(at('2025-07-01'));
      seedApp = await openSeedApp(database, clock);
      await seedRecurringContracts(seedApp, clock, CONTRACTS);
      await seedApp.close(); // closes `database` too
      seedApp = undefined;
      database = await dbEnv.open();
      linksBefore = await cardLinkMails(sql);
      mailsBefore = (await sql(`select id from email_outbox`)).map((r) => String(r.id));
      lap('seeded');
      apps = await Promise.all([
        startApp('A', dbEnv.env as Record<string, string>),
        startApp('B', dbEnv.env as Record<string, string>),
      ]);
      lap('apps up');
    }, 600_000);

    afterAll(async () => {
      for (const app of apps) {
        app.child.kill('SIGTERM');
        await app.exited;
        await app.smtp.close();
      }
      await seedApp?.close();
      await database?.close();
      await dbEnv?.cleanup();
    }, 60_000);

    it('shares the work between the processes and doubles nothing', async () => {
      const [a, b] = apps as [AppProcess, AppProcess];

      // A session opened on A is valid on B: the app processes keep no state of their own.
      const login = await fetch(`${a.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: DEMO.financeiro, password: 'demo1234' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
      const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
      const me = await fetch(`${b.base}/api/v1/me`, { headers });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe(DEMO.financeiro);

      // 1. The run of 2026-07-05 started on A and on B at the same instant; each followed through the other.
      const starts = await Promise.all(
        [a, b].map((app) =>
          fetch(`${app.base}/api/v1/billing/runs`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ date: '2026-07-05' }),
          }),
        ),
      );
      expect(starts.map((r) => r.status)).toEqual([202, 202]);
      const [runA, runB] = (await Promise.all(starts.map((r) => r.json()))) as { id: string }[];
      type Run = { status: string; counts: Record<string, number>; errors: unknown[] };
      const follow = (via: AppProcess, id: string) =>
        until(`execução ${id}`, async () => {
          const run = (await (
            await fetch(`${via.base}/api/v1/billing/runs/${id}`, { headers })
          ).json()) as Run;
          return run.status !== 'executando' && run;
        });
      const [doneA, doneB] = await Promise.all([follow(b, runA!.id), follow(a, runB!.id)]);
      expect([doneA.status, doneB.status]).toEqual(['concluida', 'concluida']);
      expect([...doneA.errors, ...doneB.errors]).toEqual([]);
      const issued = { A: doneA.counts.issued!, B: doneB.counts.issued! };
      // Between them, every contract got its installment #2 exactly once.
      expect(issued.A + issued.B).toBe(CONTRACTS);
      lap('run 2026-07-05 (A ‖ B)');

      // 2. The daily-run job, twice for each later day, through pg-boss: the two workers take them.
      const queue = new PgBossQueue(database, dbEnv.env.DATABASE_URL, () => {});
      await queue.start([]);
      const ranBy = () =>
        apps.flatMap((app) =>
          app.logs
            .filter((l) => l.job === BILLING_RUN_JOB && l.msg === 'cobrança diária concluída')
            .map((l) => ({
              app: app.name,
              date: String(l.date),
              status: String(l.status),
              runId: String(l.runId),
            })),
        );
      try {
        for (const date of JOB_DATES) {
          await queue.send(BILLING_RUN_JOB, { date, trigger: 'manual' });
          await queue.send(BILLING_RUN_JOB, { date, trigger: 'manual' });
          await until(`2 jobs de ${date}`, async () => ranBy().filter((r) => r.date === date).length === 2);
        }
      } finally {
        await queue.stop();
      }
      // (The runs of step 1, started in the portal, were jobs too: only these dates count here.)
      const jobs = ranBy().filter((j) => JOB_DATES.includes(j.date));
      expect(jobs.map((j) => j.status)).toEqual(Array(JOB_DATES.length * 2).fill('concluida'));
      lap('daily-run jobs');

      // 3. The boleto charges of 2026-07-15 paid by Pix, each notification delivered 3× to A and 3× to B at once.
      const toPay = await sql(
        `select c.id, c.pix_txid, c.amount_cents from charges c join installments i on i.id = c.installment_id
         where i.number = 2 and c.method = 'boleto' and c.pix_txid is not null order by c.number`,
      );
      expect(toPay.length).toBeGreaterThan(0);
      const secret = loadConfig({ NODE_ENV: 'test' }).payments.pix.webhookSecret;
      const deliveries = await Promise.all(
        toPay.map(async (charge, k) => {
          const cents = Number(charge.amount_cents);
          const raw = JSON.stringify({
            pix: [
              {
                endToEndId: `E18236120202607141030s${String(k).padStart(10, '0')}`,
                txid: charge.pix_txid,
                valor: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
                horario: '2026-07-14T10:30:00-03:00',
              },
            ],
          });
          const signature = signPixWebhook(raw, secret);
          const responses = await Promise.all(
            [a, b, a, b, a, b].map((app) =>
              fetch(`${app.base}/api/v1/webhooks/pix`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-pix-signature': signature },
                body: raw,
              }),
            ),
          );
          expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
          const bodies = (await Promise.all(responses.map((r) => r.json()))) as { applied: number }[];
          return bodies.reduce((n, x) => n + x.applied, 0);
        }),
      );
      expect(deliveries).toEqual(Array(toPay.length).fill(1));
      expect(
        await sql(
          `select charge_id, count(*)::int as n from payments where charge_id = any($1::uuid[])
           group by 1 having count(*) <> 1`,
          [toPay.map((c) => c.id)],
        ),
      ).toEqual([]);
      expect(
        await sql(
          `select status::text as status, count(*)::int as n from charges where id = any($1::uuid[]) group by 1`,
          [toPay.map((c) => c.id)],
        ),
      ).toEqual([{ status: 'paga', n: toPay.length }]);
      lap('pix webhooks');

      // 4. Every e-mail of the runs and payments delivered once, by one process or the other.
      const mails = await until('e-mails enviados', async () => {
        const rows = await sql(
          `select status::text as status, count(*)::int as n from email_outbox
           where not (id = any($1::uuid[])) group by 1`,
          [mailsBefore],
        );
        const pending = rows.find((r) => r.status !== 'enviado');
        const sent = Number(rows.find((r) => r.status === 'enviado')?.n ?? 0);
        return !pending && a.smtp.messages.length + b.smtp.messages.length === sent && sent;
      });
      lap('e-mails delivered');
      const delivered = [...a.smtp.messages, ...b.smtp.messages].map(
        (m) => `${(m.to as { text: string } | undefined)?.text} ${m.subject}`,
      );
      expect(delivered.filter((x, i) => delivered.indexOf(x) !== i)).toEqual([]);

      await assertExactlyOnce(sql, linksBefore, 'dois processos');

      const share = {
        runs_2026_07_05_issued: issued,
        daily_run_jobs: {
          A: jobs.filter((j) => j.app === 'A').map((j) => j.date),
          B: jobs.filter((j) => j.app === 'B').map((j) => j.date),
        },
        emails_sent: { A: a.smtp.messages.length, B: b.smtp.messages.length, total: mails },
        pix: { charges: toPay.length, deliveries: toPay.length * 6, payments: toPay.length },
        ms_since_start: timings,
      };
      console.info(`two app processes: ${JSON.stringify(share)}`);
      // The work was shared: each process's worker took daily-run jobs and sent e-mails.
      expect(share.daily_run_jobs.A.length, JSON.stringify(share)).toBeGreaterThan(0);
      expect(share.daily_run_jobs.B.length, JSON.stringify(share)).toBeGreaterThan(0);
      expect(share.emails_sent.A, JSON.stringify(share)).toBeGreaterThan(0);
      expect(share.emails_sent.B, JSON.stringify(share)).toBeGreaterThan(0);
    }, 600_000);
  },
);
