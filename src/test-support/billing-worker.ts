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
 * the process times the kill from there); {"event":"done","summary":{…}} at the end, and exits 0.
 */
import { createInterface } from 'node:readline';
import { runBilling } from '../app/billing/daily-run';
import { loadConfig } from '../config';
import { billingDeps, openSystem } from '../system';

const say = (event: Record<string, unknown>) =>
  new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(event)}\n`, () => resolve()));

/** The first line on stdin (or its end). */
function goSignal(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    const done = () => {
      lines.close();
      resolve();
    };
    lines.once('line', done);
    lines.once('close', done);
  });
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
  const system = await openSystem(config);
  try {
    await say({ event: 'ready', pid: process.pid });
    if (wait) await goSignal();
    await say({ event: 'started', pid: process.pid });
    const summary = await runBilling(billingDeps(system), {
      date,
      trigger: 'cli',
      ...(batch ? { batchSize: Number(batch) } : {}),
    });
    await say({ event: 'done', summary });
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
