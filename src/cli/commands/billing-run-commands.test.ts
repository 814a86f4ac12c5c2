import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingRuns } from '../../adapters/db/schema';
import { createTestDatabaseEnv, type TestDatabaseEnv } from '../../test-support/test-database';
import { runCli } from '../main';

let testDb: TestDatabaseEnv;

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { NODE_ENV: 'test', ...testDb.env },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

beforeAll(async () => {
  testDb = await createTestDatabaseEnv();
  expect((await cli(['seed-demo'])).code).toBe(0);
});
afterAll(async () => {
  await testDb.cleanup();
});

describe('cli billing run', () => {
  it('runs the daily billing for a date and prints the run (id, status, counts), recorded as a cli run', async () => {
    // The demo's inadimplente clients are paid through the end of the seed month: on 2099-01-01 every
    // demo client still billed is past its liberado até and is blocked — once.
    const first = await cli(['billing', 'run', '--date', '2099-01-01']);
    expect(first.code, first.stderr).toBe(0);
    const out = first.json();
    expect(out).toMatchObject({ date: '2099-01-01', status: 'concluida', errors: [] });
    expect(out.counts.blocked).toBeGreaterThan(0);
    expect(Object.keys(out.counts)).toEqual(
      expect.arrayContaining(['issued', 'charged', 'failed', 'reminded', 'overdue', 'blocked', 'unblocked']),
    );
    const again = await cli(['billing', 'run', '--date', '2099-01-01']);
    expect(again.code).toBe(0);
    expect(again.json().counts.blocked).toBe(0);

    const database = await testDb.open();
    try {
      const [run] = await database.db.select().from(billingRuns).where(eq(billingRuns.id, out.run_id));
      expect(run).toMatchObject({ runDate: '2099-01-01', trigger: 'cli', status: 'concluida' });
    } finally {
      await database.close();
    }
  });

  it('refuses an impossible date with one pt-BR line and exit code 1', async () => {
    const res = await cli(['billing', 'run', '--date', '2026-02-30']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'erro: data (--date) inválida: "2026-02-30" (use AAAA-MM-DD, uma data que existe).\n',
    );
  });
});
