import { setImmediate as realSetImmediate } from 'node:timers';
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
  yieldBeforeEachQuery(client);
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

/** Resolves on the macrotask queue, after pending I/O callbacks (HTTP requests) have had their turn. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/**
 * How long a run of embedded queries may keep the event loop before it yields. Yielding before every
 * query costs a full event-loop turn (a system call) each time, which a busy machine turns into lost
 * time slices; a few milliseconds keeps the portal responsive at a fraction of that.
 */
const YIELD_AFTER_MS = 5;

/**
 * PGlite runs in-process (WASM) and its queries resolve in microtasks: a long loop of awaited queries
 * (the daily billing run) would never let the event loop reach I/O, and the portal's HTTP requests would
 * wait for the whole loop. Every query, exec and transaction on the client — and every query inside a
 * transaction — first yields to the macrotask queue when the event loop has not had a turn for
 * YIELD_AFTER_MS. This is safe: PGlite serialises its public query/exec/transaction on one mutex, held by
 * a transaction for its whole callback, so a query that arrives while a transaction yields waits for the
 * transaction to end instead of interleaving with it.
 */
function yieldBeforeEachQuery(client: PGlite): void {
  type Tx = Parameters<Parameters<PGlite['transaction']>[0]>[0];
  let lastTurn = performance.now();
  /** A promise to await when it is time to yield; undefined (no await, no cost) otherwise. */
  const turn = (): Promise<void> | undefined => {
    if (performance.now() - lastTurn < YIELD_AFTER_MS) return undefined;
    return yieldToEventLoop().then(() => {
      lastTurn = performance.now();
    });
  };
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  const yieldingTx = (tx: Tx): Tx => ({
    ...tx,
    query: async (...args: Parameters<Tx['query']>) => {
      await turn();
      return tx.query(...args);
    },
    exec: async (...args: Parameters<Tx['exec']>) => {
      await turn();
      return tx.exec(...args);
    },
    sql: async (...args: Parameters<Tx['sql']>) => {
      await turn();
      return tx.sql(...args);
    },
    get closed() {
      return tx.closed;
    },
  });
  // Own properties shadow the prototype's methods; PGlite's `sql` calls `this.query`, so it yields too.
  Object.assign(client, {
    query: async (...args: Parameters<PGlite['query']>) => {
      await turn();
      return query(...args);
    },
    exec: async (...args: Parameters<PGlite['exec']>) => {
      await turn();
      return exec(...args);
    },
    transaction: async <T>(callback: (tx: Tx) => Promise<T>) => {
      await turn();
      return transaction((tx) => callback(yieldingTx(tx)));
    },
  });
}

/** The PGlite instance behind a database, when it is embedded. */
export function pgliteOf(database: Database): PGlite | null {
  return (database as unknown as { pglite?: PGlite }).pglite ?? null;
}
