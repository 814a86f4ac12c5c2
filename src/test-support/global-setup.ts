import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, pgliteOf } from '../adapters/db/database';
import { databaseUrlWithName, dropDatabasesWithPrefix, type TestDatabaseInfo } from './test-database';

/**
 * Creates the schema once per run: on PGlite a migrated data-folder dump that each test file loads;
 * on PostgreSQL (TEST_DATABASE_URL) a fresh migrated template database that each test file clones,
 * all dropped at the end of the run.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `cc_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const database = await openDatabase({ url: databaseUrlWithName(serverUrl, template), poolSize: 1 });
    await database.migrate();
    await database.close();
    project.provide('testDatabase', { kind: 'postgres', serverUrl, template } satisfies TestDatabaseInfo);
    return async () => {
      await dropDatabasesWithPrefix(serverUrl, template);
    };
  }

  const dir = mkdtempSync(join(tmpdir(), 'cc-test-template-'));
  const file = join(dir, 'template.tar');
  const database = await openDatabase({});
  await database.migrate();
  const dump = await pgliteOf(database)!.dumpDataDir('none');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testDatabase', { kind: 'pglite', file } satisfies TestDatabaseInfo);
  return () => rmSync(dir, { recursive: true, force: true });
}
