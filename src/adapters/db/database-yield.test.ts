import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test-support/test-database';
import type { Database, SqlResult } from './database';

/**
 * The embedded database (PGlite) runs in-process: a long loop of queries — the daily billing run — must
 * still let the event loop serve the portal's HTTP requests. A 5 ms timer stands in for those requests.
 * PGlite only: on a PostgreSQL server every query waits for the network anyway.
 */
describe.skipIf(!!process.env.TEST_DATABASE_URL)('embedded database and the event loop', () => {
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    expect(database.kind).toBe('pglite');
    await database.executeSql('create table yield_probe (x int not null)');
  });

  afterAll(async () => {
    await database?.close();
  });

  /** Runs `loop` while a 5 ms interval counts how often it got the event loop. */
  async function timerTicksDuring(loop: () => Promise<void>): Promise<number> {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 5);
    try {
      await loop();
      return ticks;
    } finally {
      clearInterval(timer);
    }
  }

  /** Keeps querying for 150 ms of wall time (hundreds of queries). */
  async function forAWhile(query: () => Promise<unknown>): Promise<void> {
    const until = Date.now() + 150;
    let count = 0;
    while (Date.now() < until || count < 300) {
      await query();
      count++;
    }
  }

  it('lets timers run during a long loop of drizzle queries', async () => {
    const ticks = await timerTicksDuring(() => forAWhile(() => database.db.execute(sql`select 1`)));
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('lets timers run during a long loop of raw SQL (pg-boss, health checks)', async () => {
    const ticks = await timerTicksDuring(async () => {
      await forAWhile(() => database.executeSql('select 1 as one'));
      await forAWhile(() => database.executeSql('select $1::int as one', [1]));
    });
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('lets timers run during a long transaction', async () => {
    const ticks = await timerTicksDuring(() =>
      database.db.transaction((tx) => forAWhile(() => tx.execute(sql`select 1`))),
    );
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('keeps a query that arrives while a transaction yields out of that transaction', async () => {
    await database.executeSql('delete from yield_probe');
    const outside: Promise<SqlResult>[] = [];
    const rolledBack = database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into yield_probe (x) values (1)`);
      // Issued while the transaction is open: they must wait for it, not run inside it.
      outside.push(database.executeSql('insert into yield_probe (x) values (2)'));
      outside.push(database.executeSql('select count(*)::int as n from yield_probe where x = 1'));
      for (let i = 0; i < 20; i++) await tx.execute(sql`select 1`);
      throw new Error('desfazer');
    });
    await expect(rolledBack).rejects.toThrow('desfazer');
    const [, seen] = await Promise.all(outside);
    // The outside reader never saw the uncommitted row; the outside write survived the rollback.
    expect(seen?.rows).toEqual([{ n: 0 }]);
    const { rows } = await database.executeSql('select x from yield_probe order by x');
    expect(rows).toEqual([{ x: 2 }]);
  });
});
