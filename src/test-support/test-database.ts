import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../adapters/db/database';

export type TestDatabaseInfo =
  | { kind: 'pglite'; file: string }
  | { kind: 'postgres'; serverUrl: string; template: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseInfo;
  }
}

export function databaseUrlWithName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

async function cloneTemplate(info: { serverUrl: string; template: string }): Promise<string> {
  const name = `${info.template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: info.serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${info.template}`);
        return name;
      } catch (err) {
        // 55006: the template is busy (another worker is copying it); try again shortly.
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
}

let templateDump: Uint8Array<ArrayBuffer> | null = null;

/**
 * A fresh, migrated database for one test file (or one test): a copy of the run's template,
 * on PGlite by default or on the PostgreSQL server of TEST_DATABASE_URL. close() drops it.
 */
export async function createTestDatabase(): Promise<Database> {
  const info = inject('testDatabase');
  if (info.kind === 'pglite') {
    templateDump ??= new Uint8Array(readFileSync(info.file));
    return openDatabase({ loadDataDir: new Blob([templateDump]) });
  }
  const name = await cloneTemplate(info);
  const database = await openDatabase({ url: databaseUrlWithName(info.serverUrl, name), poolSize: 4 });
  return {
    ...database,
    async close() {
      await database.close();
      await dropDatabasesWithPrefix(info.serverUrl, name);
    },
  };
}

export interface TestDatabaseEnv {
  /** DATA_DIR (embedded) or DATABASE_URL (PostgreSQL), for code that opens the database itself (the CLI). */
  env: { DATA_DIR?: string; DATABASE_URL?: string };
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** A fresh migrated database reachable by environment variables, like the server and the CLI open it. */
export async function createTestDatabaseEnv(): Promise<TestDatabaseEnv> {
  const info = inject('testDatabase');
  if (info.kind === 'pglite') {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'cc-test-db-'));
    templateDump ??= new Uint8Array(readFileSync(info.file));
    const seeded = await openDatabase({ dataDir, loadDataDir: new Blob([templateDump]) });
    await seeded.close();
    return {
      env: { DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = await cloneTemplate(info);
  const url = databaseUrlWithName(info.serverUrl, name);
  return {
    env: { DATABASE_URL: url },
    open: () => openDatabase({ url, poolSize: 2 }),
    cleanup: () => dropDatabasesWithPrefix(info.serverUrl, name),
  };
}
