/**
 * A billing worker in its own process, for the multi-process tests (src/app/billing/multi-process.test.ts):
 * opens the system on DATABASE_URL (no queue, no demo data, test configuration) and runs the daily billing
 * run for one date, as the 06:00 job and `cli billing run` do.
 *
 *   DATABASE_URL=postgres://… node --import tsx src/test-support/billing-worker.ts 2026-07-05 [batchSize] [--wait]
 *
 * Writes one JSON line per event on stdout: {"event":"ready"} once the system is open; with --wait it then
 * waits for a line on stdin (so that a test can start two workers at the same instant, or have the next one
 * loaded while another runs); {"event":"started","pid":…} right before runBilling starts (a test that kills
 * the process times the kill from there); {"event":"done","summary":{…},"statements":n} at the end, and exits 0.
 *
 * A kill at a chosen point (deterministic, for the kill trials in src/app/billing/kill-trials.test.ts):
 * KILL_AT_STATEMENT=K (or the go line "go K before|after") makes the worker SIGKILL itself at the K-th SQL
 * statement of the run (counted from 'started', every statement any pooled connection sends: BEGIN, the
 * writes, COMMIT…). Mode before (KILL_MODE, default): the K-th statement is never sent; after: it is
 * executed and the worker dies as its answer arrives (e.g. a COMMIT done that the worker never learns of).
 * Right before dying it writes {"event":"kill","statement":K,"mode":…,"sql":"…"} (synchronously, so the
 * line is not lost).
 */
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { runBilling } from '../app/billing/daily-run';
import { loadConfig } from '../config';
import { billingDeps, openSystem } from '../system';

const say = (event: Record<string, unknown>) =>
  new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(event)}\n`, () => resolve()));

/** The first line on stdin (or '' at its end). */
function goSignal(): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    const done = (line = '') => {
      resolve(line); // first: close() emits 'close' at once
      lines.close();
    };
    lines.once('line', done);
    lines.once('close', () => done());
  });
}

/** Statements sent since 'started' (null: not counting yet). */
let statements: number | null = null;

function statementText(args: unknown[]): string {
  const first = args[0];
  const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim().slice(0, 80) : '?';
}

/** The statement to die at (0: none) and whether after its answer. */
const killAt = {
  statement: Number(process.env.KILL_AT_STATEMENT ?? 0),
  after: process.env.KILL_MODE === 'after',
};

/** Wraps every pg client's query to count the run's statements and die at killAt.statement. */
function countStatements(): void {
  const die = (sql: string) => {
    const event = {
      event: 'kill',
      statement: killAt.statement,
      mode: killAt.after ? 'after' : 'before',
      sql,
    };
    writeSync(1, `${JSON.stringify(event)}\n`);
    process.kill(process.pid, 'SIGKILL');
  };
  type Query = (...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (statements === null) return original.apply(this, args);
    statements++;
    if (statements !== killAt.statement) return original.apply(this, args);
    const sql = statementText(args);
    if (!killAt.after) die(sql);
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = () => die(sql);
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') {
      return result.then(
        () => die(sql),
        () => die(sql),
      );
    }
    return result;
  };
}

async function main() {
  const args = process.argv.slice(2);
  const wait = args.includes('--wait');
  const [date, batch] = args.filter((a) => a !== '--wait');
  if (!date) throw new Error('uso: billing-worker.ts AAAA-MM-DD [tamanho do lote]');
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL não definida');
  const config = {
    ...loadConfig({ ...process.env, NODE_ENV: 'test' }),
    queueEnabled: false,
    seedDemo: false,
  };
  countStatements();
  const system = await openSystem(config);
  try {
    await say({ event: 'ready', pid: process.pid });
    if (wait) {
      // "go" or "go K before|after": the kill point may come with the go (the worker loads beforehand).
      const go = /^go\s+(\d+)\s+(before|after)/.exec(await goSignal());
      if (go) Object.assign(killAt, { statement: Number(go[1]), after: go[2] === 'after' });
    }
    await say({ event: 'started', pid: process.pid });
    statements = 0;
    const summary = await runBilling(billingDeps(system), {
      date,
      trigger: 'cli',
      ...(batch ? { batchSize: Number(batch) } : {}),
    });
    await say({ event: 'done', summary, statements });
  } finally {
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
