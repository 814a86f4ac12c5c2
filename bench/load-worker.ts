/**
 * The daily run of bench/load.bench.ts in its own process (a worker apart from the app, as in production):
 *
 *   node --import tsx bench/load-worker.ts <database url> <date> <clock start ms>
 *
 * Opens the database (no migrations to do, no demo seed, no queue), runs the billing run for the date with a
 * clock that starts at <clock start ms> and runs on, prints the summary as one JSON line and exits.
 */
import { runBilling } from '../src/app/billing/daily-run';
import type { Clock } from '../src/app/shared/ports';
import { loadConfig } from '../src/config';
import { billingDeps, openSystem } from '../src/system';

async function main() {
  const [url, date, start] = process.argv.slice(2);
  if (!url || !date || !start) throw new Error('uso: load-worker.ts <database url> <date> <clock start ms>');
  const startedAt = Date.now();
  const clock: Clock = { now: () => new Date(Number(start) + (Date.now() - startedAt)) };
  const config = {
    ...loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' }),
    databaseUrl: url,
    queueEnabled: false,
    seedDemo: false,
  };
  const system = await openSystem(config, { clock });
  try {
    const summary = await runBilling(billingDeps(system), { date, trigger: 'cli' });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
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
