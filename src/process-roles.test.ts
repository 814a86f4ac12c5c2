import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './adapters/db/database';
import { HOUSEKEEPING_JOB } from './app/housekeeping/run-housekeeping';
import { loadConfig } from './config';
import { openSystem, type System } from './system';
import { createTestDatabaseEnv, type TestDatabaseEnv } from './test-support/test-database';

/** Runs src/main.ts with `env` until it prints `until` (then SIGTERM) or exits by itself. */
function runMain(env: Record<string, string | undefined>, until?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stopped = false;
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (!stopped && until?.test(output)) {
      stopped = true;
      child.kill('SIGTERM');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  // 'close', not 'exit': the child's last lines may still be in its pipes when it exits.
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
}

describe('process roles (PROCESS_ROLE)', () => {
  it('refuses web and worker on the embedded database at startup', async () => {
    const { code, output } = await runMain({ PROCESS_ROLE: 'web', DATA_DIR: '/nonexistent/never-created' });
    expect(code).toBe(1);
    expect(output).toContain('PROCESS_ROLE=web exige DATABASE_URL');
  }, 60_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('web and worker processes on one PostgreSQL', () => {
  let dbEnv: TestDatabaseEnv;
  const opened: System[] = [];
  let database: Database;
  const jobState = async (id: string) =>
    (await database.executeSql('select state from pgboss.job where id = $1', [id])).rows[0]?.state;
  const schedules = async () =>
    (await database.executeSql('select name from pgboss.schedule order by name')).rows.map((r) => r.name);

  async function openRole(processRole: 'web' | 'worker'): Promise<System> {
    const url = dbEnv.env.DATABASE_URL!;
    const config = {
      ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, PROCESS_ROLE: processRole }),
      seedDemo: false,
    };
    const system = await openSystem(config, { database: await dbEnv.open() });
    opened.push(system);
    return system;
  }

  beforeAll(async () => {
    dbEnv = await createTestDatabaseEnv();
    database = await dbEnv.open();
  }, 120_000);

  afterAll(async () => {
    for (const system of opened) await system.close();
    await database?.close();
    await dbEnv?.cleanup();
  }, 60_000);

  it('a web process sends jobs but leaves them, and the crons, to the worker', async () => {
    const web = await openRole('web');
    const jobId = await web.queue!.send(HOUSEKEEPING_JOB);
    expect(jobId).toBeTruthy();
    // Longer than two polling intervals (2 s): a process that works jobs would have taken it.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await jobState(jobId!)).toBe('created');
    expect(await schedules()).toEqual([]);

    await openRole('worker');
    let state: unknown;
    for (let i = 0; i < 100 && state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      state = await jobState(jobId!);
    }
    expect(state).toBe('completed');
    expect(await schedules()).toContain(HOUSEKEEPING_JOB);
  }, 60_000);

  it('a worker process runs without an HTTP listener and stops cleanly on SIGTERM', async () => {
    const { code, output } = await runMain(
      { DATABASE_URL: dbEnv.env.DATABASE_URL, PROCESS_ROLE: 'worker', SEED_DEMO: 'false' },
      /PROCESS_ROLE=worker: executando/,
    );
    expect(output).not.toMatch(/pronto em http/);
    expect(output).toContain('encerrado');
    expect(code).toBe(0);
  }, 60_000);
});
