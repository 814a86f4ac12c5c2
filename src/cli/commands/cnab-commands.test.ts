import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../adapters/db/database';
import { DbChargeRepository } from '../../adapters/db/repositories/charge-repository';
import { auditLog, bankFiles, chargeEvents, charges, clients, payments } from '../../adapters/db/schema';
import { businessDateAt } from '../../domain/calendar/dates';
import { buildBoleto } from '../../domain/payments/boleto/build-boleto';
import { beneficiaryFromSettings } from '../../domain/payments/cnab240/beneficiary';
import { parseRemessa } from '../../domain/payments/cnab240/remessa';
import { buildRetorno, retornoTitle } from '../../domain/payments/cnab240/retorno';
import { DEMO_PAYMENT_SETTINGS } from '../../domain/payments/payment-settings';
import { createTestDatabaseEnv, type TestDatabaseEnv } from '../../test-support/test-database';
import { runCli } from '../main';

let testDb: TestDatabaseEnv;
let dir: string;
const boletos: { id: string; nossoNumero: string; amountCents: number }[] = [];
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
      db.select({ n: count() }).from(chargeEvents),
      db.select({ n: count() }).from(bankFiles),
    ]);
    return { payments: p!.n, events: e!.n, files: f!.n };
  });
}

beforeAll(async () => {
  testDb = await createTestDatabaseEnv();
  dir = mkdtempSync(join(tmpdir(), 'cc-cnab-cli-'));
  expect((await cli(['seed-demo'])).code).toBe(0);
  await withDb(async ({ db }) => {
    const [client] = await db.select().from(clients).limit(1);
    const repo = new DbChargeRepository(db);
    for (const amountCents of [45_000, 12_345]) {
      const boleto = buildBoleto(
        DEMO_PAYMENT_SETTINGS.boleto,
        await repo.nextNossoNumeroSequence(),
        amountCents,
        '2030-01-10',
      );
      const charge = await repo.create({
        clientId: client!.id,
        resellerId: client!.resellerId,
        description: 'Mensalidade',
        method: 'boleto',
        amountCents,
        dueDate: '2030-01-10',
        fineBasisPoints: 200,
        interestMonthlyBasisPoints: 100,
        provider: 'bb',
        bankCode: boleto.bankCode,
        nossoNumero: boleto.nossoNumero,
        barcode: boleto.barcode,
        digitableLine: boleto.digitableLine,
      });
      boletos.push({ id: charge.id, nossoNumero: boleto.nossoNumero, amountCents });
    }
  });
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await testDb.cleanup();
});

function retornoFile(titles: ReturnType<typeof retornoTitle>[]): string {
  return buildRetorno({
    beneficiary: beneficiaryFromSettings(DEMO_PAYMENT_SETTINGS),
    sequence: 1,
    generatedOn: today,
    generatedAt: '080000',
    titles,
  });
}

describe('cnab remessa / cnab retorno', () => {
  it('cnab remessa writes the file and prints its summary; with nothing pending → exit 1', async () => {
    const out = join(dir, 'remessa.rem');
    const { code, json, stderr } = await cli(['cnab', 'remessa', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = json();
    expect(summary).toMatchObject({ path: out, bank_code: '001', sequence: 1, cancellations: 0 });
    expect(summary.entries).toBeGreaterThanOrEqual(2);
    expect(summary.filename).toMatch(/^CB\d{4}01\.REM$/);
    const remessa = parseRemessa(readFileSync(out, 'latin1'));
    const sent = remessa.titles.map((t) => t.nossoNumero);
    for (const b of boletos) expect(sent).toContain(b.nossoNumero);

    const again = await cli(['cnab', 'remessa', '--out', join(dir, 'vazia.rem')]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('erro: não há boletos a registrar ou baixar.\n');

    const bad = await cli(['cnab', 'remessa', '--bank', '341']);
    expect(bad.code).toBe(2);
  });

  it('cnab retorno applies a liquidação and a rejection; the same file again changes nothing', async () => {
    const [paid, rejected] = boletos as [(typeof boletos)[0], (typeof boletos)[0]];
    const path = join(dir, 'retorno.ret');
    writeFileSync(
      path,
      retornoFile([
        retornoTitle({
          movement: '06',
          nossoNumero: paid.nossoNumero,
          paidCents: paid.amountCents,
          netCents: paid.amountCents,
          occurrenceDate: today,
          creditDate: today,
        }),
        retornoTitle({
          movement: '03',
          nossoNumero: rejected.nossoNumero,
          reasons: ['47'],
          occurrenceDate: today,
        }),
      ]),
      'latin1',
    );
    const { code, json, stderr } = await cli(['cnab', 'retorno', path]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json()).toMatchObject({
      filename: 'retorno.ret',
      status: 'importado',
      duplicate: false,
      total_items: 2,
      processed_items: 2,
      summary: { applied: 1, rejected: 1, unmatched: 0, paid_cents: paid.amountCents },
    });
    await withDb(async ({ db }) => {
      const [p] = await db.select().from(charges).where(eq(charges.id, paid.id));
      expect(p).toMatchObject({ status: 'paga', paidOn: today });
      const [r] = await db.select().from(charges).where(eq(charges.id, rejected.id));
      expect(r).toMatchObject({ status: 'falhou', failureReason: '47 – Endereço do pagador não informado' });
      const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'bank_file.retorno_imported'));
      expect(audit[0]).toMatchObject({ actorUserId: null, actorEmail: 'linha de comando' });
    });

    const before = await totals();
    const again = await cli(['cnab', 'retorno', path]);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ duplicate: true, status: 'importado' });
    expect(await totals()).toEqual(before);
  });

  it('a bad file → exit 1 naming the line and field, nothing applied', async () => {
    const lines = retornoFile([
      retornoTitle({
        movement: '06',
        nossoNumero: '12345670000099999',
        paidCents: 100,
        occurrenceDate: today,
      }),
    ]).split('\r\n');
    lines[3] = `${lines[3]!.slice(0, 137)}99999999${lines[3]!.slice(145)}`;
    const path = join(dir, 'ruim.ret');
    writeFileSync(path, lines.join('\r\n'), 'latin1');
    const before = await totals();
    const { code, stdout, stderr } = await cli(['cnab', 'retorno', path]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'erro: arquivo recusado: linha 4, campo \'data da ocorrência\' (posições 138–145): data inválida "99999999" (use DDMMAAAA).\n',
    );
    expect(await totals()).toEqual(before);

    const missing = await cli(['cnab', 'retorno', join(dir, 'nao-existe.ret')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^erro: não foi possível ler o arquivo ".*nao-existe\.ret"/);
  });
});
