import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../adapters/db/database';
import { DbChargeRepository } from '../../adapters/db/repositories/charge-repository';
import { auditLog, bankFiles, charges, clients, payments, statementEntries } from '../../adapters/db/schema';
import { addDays, businessDateAt } from '../../domain/calendar/dates';
import { buildOfx102 } from '../../domain/payments/ofx/fixtures/build-ofx';
import { createTestDatabaseEnv, type TestDatabaseEnv } from '../../test-support/test-database';
import { runCli } from '../main';

let testDb: TestDatabaseEnv;
let dir: string;
let chargeId: string;
let chargeNumber: string;
const today = businessDateAt(new Date());

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

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await testDb.open();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function totals() {
  return withDb(async ({ db }) => {
    const [[p], [e], [f]] = await Promise.all([
      db.select({ n: count() }).from(payments),
      db.select({ n: count() }).from(statementEntries),
      db.select({ n: count() }).from(bankFiles),
    ]);
    return { payments: p!.n, entries: e!.n, files: f!.n };
  });
}

beforeAll(async () => {
  testDb = await createTestDatabaseEnv();
  dir = mkdtempSync(join(tmpdir(), 'cc-ofx-cli-'));
  expect((await cli(['seed-demo'])).code).toBe(0);
  await withDb(async ({ db }) => {
    const [client] = await db.select().from(clients).limit(1);
    const charge = await new DbChargeRepository(db).create({
      clientId: client!.id,
      resellerId: client!.resellerId,
      description: 'Mensalidade',
      method: 'ted',
      amountCents: 89900,
      dueDate: addDays(today, 5),
      fineBasisPoints: 200,
      interestMonthlyBasisPoints: 100,
      provider: 'ted',
    });
    chargeId = charge.id;
    chargeNumber = charge.number;
    // The client cites its CNPJ, formatted, instead of the identifier.
    const doc = client!.document;
    const formatted = `${doc.slice(0, 2)}.${doc.slice(2, 5)}.${doc.slice(5, 8)}/${doc.slice(8, 12)}-${doc.slice(12)}`;
    writeFileSync(
      join(dir, 'extrato.ofx'),
      buildOfx102({
        transactions: [
          { fitid: 'T1', postedOn: today, amount: '899,00', memo: `TED RECEBIDA ${formatted} EMPRESA` },
          { fitid: 'T2', postedOn: today, amount: '12.34', memo: 'TED DESCONHECIDA' },
          { fitid: 'T3', postedOn: today, amount: '-5.00', memo: 'TARIFA' },
        ],
      }),
    );
  });
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await testDb.cleanup();
});

describe('ofx import', () => {
  it('imports the statement and prints the summary; the TED pays its charge', async () => {
    const { code, json, stderr } = await cli(['ofx', 'import', join(dir, 'extrato.ofx')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json()).toMatchObject({
      filename: 'extrato.ofx',
      account: '001-3064-2-12345-6',
      already_imported: false,
      credits: 2,
      matched: 1,
      duplicates: 0,
      unmatched: 1,
      ignored_debits: 1,
    });
    await withDb(async ({ db }) => {
      const [charge] = await db.select().from(charges).where(eq(charges.id, chargeId));
      expect(charge).toMatchObject({ status: 'paga', paidCents: 89900, paidOn: today, number: chargeNumber });
      const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'statement.imported'));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorUserId: null, actorEmail: 'linha de comando' });
    });
  });

  it('the same file again changes nothing', async () => {
    const before = await totals();
    const { code, json } = await cli(['ofx', 'import', join(dir, 'extrato.ofx')]);
    expect(code).toBe(0);
    expect(json()).toMatchObject({ already_imported: true, matched: 1, unmatched: 1 });
    expect(await totals()).toEqual(before);
  });

  it('a broken file → exit 1 with the reason on one line, nothing written', async () => {
    const before = await totals();
    const broken = join(dir, 'quebrado.ofx');
    writeFileSync(
      broken,
      buildOfx102({
        start: '2026-01-01',
        end: '2026-01-31',
        transactions: [{ fitid: 'X1', postedOn: '2026-13-01', amount: '10.00', memo: 'TED' }],
      }),
    );
    const { code, stdout, stderr } = await cli(['ofx', 'import', broken]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'erro: extrato recusado: Transação 1 (FITID X1): data de lançamento inválida (DTPOSTED "20261301000000[-3:BRT]").\n',
    );
    expect(await totals()).toEqual(before);
  });

  it('a missing file → exit 1; no file named → usage error (exit 2); listed in help', async () => {
    const missing = await cli(['ofx', 'import', join(dir, 'nao-existe.ofx')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^erro: não foi possível ler o arquivo ".*nao-existe\.ofx"/);
    const noArg = await cli(['ofx', 'import']);
    expect(noArg.code).toBe(2);
    const help = await cli(['help']);
    expect(help.stdout).toContain('ofx import ARQUIVO');
  });
});
