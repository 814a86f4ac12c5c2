/**
 * Runs the benchmarks, one after the other, each in its own process (each opens its own database and exits).
 *
 *   npm run bench                  every benchmark
 *   npm run bench -- bank-return   only bench/bank-return.bench.ts (also: quote-price, licence-status, daily-run,
 *                                  dashboards, load)
 *
 * Exits 1 when any benchmark fails (an error or a wrong result).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['quote-price', 'bank-return', 'licence-status', 'daily-run', 'dashboards', 'load'] as const;

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(BENCHES as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(
    `benchmark desconhecido: ${unknown.join(', ')} (disponíveis: ${BENCHES.join(', ')})\n`,
  );
  process.exit(2);
}
const selected = asked.length > 0 ? asked : [...BENCHES];
const failed: string[] = [];
for (const name of selected) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  process.stderr.write(`\nfalharam: ${failed.join(', ')}\n`);
  process.exit(1);
}
