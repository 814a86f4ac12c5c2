import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export interface SqlResult {
  rows: Record<string, unknown>[];
}

/** The system of record: PostgreSQL, embedded (PGlite) or a server (pg). */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Raw SQL, for pg-boss and health checks. */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; without it the embedded database is used. */
  url?: string | undefined;
  /** PGlite data folder; `memory://` or undefined keeps it in memory. */
  dataDir?: string | undefined;
  /** A PGlite data-folder dump to start from (tests copy a migrated template this way). */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.loadDataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // DATE stays a 'YYYY-MM-DD' string; BIGINT is mapped by drizzle's { mode: 'number' }.
  const pool = new pg.Pool({ connectionString: url, max, types: { getTypeParser: pgTypeParser } });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async executeSql(text, values) {
      const result = await pool.query(text, values as unknown[] | undefined);
      return { rows: Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows };
    },
    migrate: () => migratePg(drizzlePg({ client: pool }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => pool.end(),
  };
}

function pgTypeParser(oid: number, format?: string) {
  if (oid === 1082) return (value: string) => value; // date
  return pg.types.getTypeParser(oid, format as 'text');
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir: Blob | File | undefined,
): Promise<Database> {
  const client = await PGlite.create({
    dataDir: dataDir && dataDir !== 'memory://' ? dataDir : undefined,
    loadDataDir,
    parsers: { 1082: (value: string) => value },
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const result = await client.query<Record<string, unknown>>(text, values);
        return { rows: result.rows };
      }
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
    migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER }),
    async close() {
      if (!client.closed) await client.close();
    },
    // exposed for the test template
    ...({ pglite: client } as object),
  };
}

/** The PGlite instance behind a database, when it is embedded. */
export function pgliteOf(database: Database): PGlite | null {
  return (database as unknown as { pglite?: PGlite }).pglite ?? null;
}
