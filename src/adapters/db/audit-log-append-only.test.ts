import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test-support/test-database';
import type { Database } from './database';

// The audit log is append-only (drizzle/0011_audit_log_append_only.sql): a trigger refuses UPDATE,
// DELETE and TRUNCATE. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function insertEntry(action: string, actorUserId: string | null = null): Promise<string> {
  const { rows } = await database.executeSql(
    `insert into audit_log (actor_user_id, actor_email, action, entity_type, entity_id, details)
     values ($1, 'financeiro@demo.local', $2, 'charge', 'c-1', '{"valor": 29990}'::jsonb) returning id`,
    [actorUserId, action],
  );
  return rows[0]!.id as string;
}

async function entry(id: string) {
  const { rows } = await database.executeSql(
    'select action, actor_user_id, actor_email, details from audit_log where id = $1',
    [id],
  );
  return rows[0];
}

async function refusal(text: string, values?: unknown[]): Promise<string> {
  try {
    await database.executeSql(text, values);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`not refused: ${text}`);
}

describe('audit_log is append-only', () => {
  it('accepts new entries', async () => {
    const id = await insertEntry('charge.refunded');
    expect(await entry(id)).toMatchObject({ action: 'charge.refunded', details: { valor: 29990 } });
  });

  it('refuses to change an entry, and the entry stays as written', async () => {
    const id = await insertEntry('charge.cancelled');
    expect(await refusal(`update audit_log set action = 'nada aconteceu' where id = $1`, [id])).toBe(
      'audit_log é somente inclusão (append-only): UPDATE recusado',
    );
    expect(
      await refusal(`update audit_log set details = '{"valor": 1}'::jsonb where id = $1`, [id]),
    ).toContain('UPDATE recusado');
    expect(await entry(id)).toMatchObject({ action: 'charge.cancelled', details: { valor: 29990 } });
  });

  it('refuses to delete entries, one or all', async () => {
    const id = await insertEntry('contract.signed');
    expect(await refusal('delete from audit_log where id = $1', [id])).toBe(
      'audit_log é somente inclusão (append-only): DELETE recusado',
    );
    expect(await refusal('delete from audit_log')).toContain('DELETE recusado');
    expect(await entry(id)).toMatchObject({ action: 'contract.signed' });
  });

  it('refuses TRUNCATE', async () => {
    const id = await insertEntry('client.created');
    expect(await refusal('truncate audit_log')).toBe(
      'audit_log é somente inclusão (append-only): TRUNCATE recusado',
    );
    expect(await entry(id)).toMatchObject({ action: 'client.created' });
  });

  it('lets a deleted user go: the link is cleared, the e-mail of who acted stays', async () => {
    const { rows } = await database.executeSql(
      `insert into users (email, name, password_hash, role)
       values ('saiu@demo.local', 'Saiu', 'x', 'financeiro') returning id`,
      [],
    );
    const userId = rows[0]!.id as string;
    const id = await insertEntry('charge.refunded', userId);
    await database.executeSql('delete from users where id = $1', [userId]);
    expect(await entry(id)).toMatchObject({
      action: 'charge.refunded',
      actor_user_id: null,
      actor_email: 'financeiro@demo.local',
    });
    // Clearing the link by hand together with anything else is still refused.
    const other = await insertEntry('charge.cancelled', null);
    expect(
      await refusal(`update audit_log set actor_email = 'outro@demo.local' where id = $1`, [other]),
    ).toContain('UPDATE recusado');
  });
});
