import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bankFiles, payments, repasseEntries } from '../../adapters/db/schema';
import type { Actor } from '../../domain/access/roles';
import { buildBoleto } from '../../domain/payments/boleto/build-boleto';
import { beneficiaryFromSettings } from '../../domain/payments/cnab240/beneficiary';
import { buildRetorno, retornoTitle } from '../../domain/payments/cnab240/retorno';
import { DEMO_PAYMENT_SETTINGS } from '../../domain/payments/payment-settings';
import {
  chargesOf,
  clientRow,
  engine,
  installmentsOf,
  signedContract,
} from '../../test-support/billing-fixtures';
import { createTestApp, DEMO, loginAs, manualClock, type TestApp } from '../../test-support/test-system';
import { activateContract } from '../billing/activation';
import { type BankReturnSummary, importBankReturn } from './import-bank-return';
import type { ChargeRecord } from './ports';

// Fault (issue 8): the database fails half-way through a retorno import. Simulated in the database itself:
// a trigger makes the Nth payment insert fail with SQLSTATE 08006 (connection_failure), inside the
// transaction that writes the payments, settles the installments and books the repasse. Runs on PGlite and,
// with TEST_DATABASE_URL, on PostgreSQL.

let t: TestApp;
let actor: Actor;
const beneficiary = beneficiaryFromSettings(DEMO_PAYMENT_SETTINGS);
const db = () => t.system.database.db;
const sql = (text: string) => t.system.database.executeSql(text);

/** From now on, the `n`th row inserted into payments makes the statement (and its transaction) fail. */
async function failOnPaymentInsert(n: number): Promise<void> {
  await sql(`
    drop sequence if exists fault_payment_inserts;
    create sequence fault_payment_inserts;
    create or replace function fault_payment_insert() returns trigger language plpgsql as $$
    begin
      if nextval('fault_payment_inserts') = ${n} then
        raise exception 'conexão com o banco de dados perdida (falha simulada)' using errcode = '08006';
      end if;
      return new;
    end $$;
    create trigger fault_payment_insert before insert on payments
      for each row execute function fault_payment_insert();`);
}

async function databaseBack(): Promise<void> {
  await sql('drop trigger if exists fault_payment_insert on payments');
}

async function issueBoleto(clientId: string, resellerId: string, amountCents: number): Promise<ChargeRecord> {
  const sequence = await t.system.deps.charges.nextNossoNumeroSequence();
  const boleto = buildBoleto(DEMO_PAYMENT_SETTINGS.boleto, sequence, amountCents, '2026-06-10');
  return t.system.deps.charges.create({
    clientId,
    resellerId,
    description: 'Mensalidade Hiper',
    method: 'boleto',
    amountCents,
    dueDate: '2026-06-10',
    fineBasisPoints: 200,
    interestMonthlyBasisPoints: 100,
    provider: 'bb',
    providerReference: boleto.nossoNumero,
    bankCode: boleto.bankCode,
    nossoNumero: boleto.nossoNumero,
    barcode: boleto.barcode,
    digitableLine: boleto.digitableLine,
  });
}

/** An activation charge (its payment settles installment #1 and books repasse) and four loose boletos. */
async function sixCharges() {
  const alfa = await loginAs(t.app, DEMO.alfa);
  const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'boleto' });
  await activateContract(engine(t), contractId);
  const [activation] = await chargesOf(t, clientId);
  const { resellerId } = await clientRow(t, clientId);
  const loose = [];
  for (const cents of [100_000, 25_990, 5_000, 7_777, 1_234]) {
    loose.push(await issueBoleto(clientId, resellerId, cents));
  }
  return { clientId, charges: [activation as unknown as ChargeRecord, ...loose] };
}

function retornoFor(sequence: number, charges: ChargeRecord[]): Buffer {
  const titles = charges.map((c) =>
    retornoTitle({
      movement: '06',
      nossoNumero: c.nossoNumero!,
      faceValueCents: c.amountCents,
      paidCents: c.amountCents,
      netCents: c.amountCents - 250,
      feeCents: 250,
      occurrenceDate: '2026-06-05',
      creditDate: '2026-06-08',
    }),
  );
  return Buffer.from(
    buildRetorno({ beneficiary, sequence, generatedOn: '2026-06-06', generatedAt: '070000', titles }),
    'latin1',
  );
}

/** The database's own error under the query wrappers (drizzle: "Failed query: …", cause = the driver's). */
function rootCause(err: unknown): { code?: string; message?: string } {
  let e = err as { cause?: unknown } | undefined;
  while (e?.cause) e = e.cause as { cause?: unknown };
  return (e ?? {}) as { code?: string; message?: string };
}

async function paymentsOf(ids: string[]) {
  return db().select().from(payments).where(inArray(payments.chargeId, ids));
}

beforeAll(async () => {
  t = await createTestApp({ clock: manualClock(new Date('2026-06-01T12:00:00Z')) });
  const fin = await t.system.deps.users.findByEmail(DEMO.financeiro);
  actor = { userId: fin!.id, email: fin!.email, role: 'financeiro', resellerId: null };
});
afterEach(databaseBack);
afterAll(() => t.close());

describe('fault: the database fails half-way through a retorno import', () => {
  it('one batch: nothing is applied; the retry of the same file applies all, once', async () => {
    const { clientId, charges } = await sixCharges();
    const ids = charges.map((c) => c.id);
    const total = charges.reduce((sum, c) => sum + c.amountCents, 0);
    // 1 activation charge + R$ 1.000,00 + R$ 259,90 + R$ 50,00 + R$ 77,77 + R$ 12,34
    expect(total - charges[0]!.amountCents).toBe(140_001);
    const file = retornoFor(1, charges);
    const deps = { ...t.system.deps, clock: t.system.clock };

    await failOnPaymentInsert(4);
    const failure = await importBankReturn(deps, actor, { filename: 'CB050601.RET', content: file }).catch(
      (err: unknown) => err as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(rootCause(failure)).toMatchObject({
      code: '08006',
      message: 'conexão com o banco de dados perdida (falha simulada)',
    });

    // Nothing applied: no payment, the charges open, installment #1 open, the client waiting, no repasse.
    expect(await paymentsOf(ids)).toHaveLength(0);
    for (const id of ids) {
      expect(await t.system.deps.charges.systemGet(id)).toMatchObject({ paidCents: 0 });
      expect((await t.system.deps.charges.systemGet(id))!.status).not.toBe('paga');
    }
    expect((await installmentsOf(t, clientId))[0]!.status).not.toBe('paga');
    expect((await clientRow(t, clientId)).status).toBe('aguardando_pagamento');
    expect(await db().select().from(repasseEntries).where(eq(repasseEntries.clientId, clientId))).toEqual([]);
    // The file is kept, unfinished, with the reason shown to Financeiro.
    const [kept] = await db().select().from(bankFiles).where(eq(bankFiles.filename, 'CB050601.RET'));
    expect(kept).toMatchObject({ status: 'processando', processedItems: 0 });
    expect(kept!.error).toMatch(/^Importação interrompida: /);
    // The database's own message, not the query builder's "Failed query: <SQL> params: …".
    expect(kept!.error).not.toMatch(/Failed query|insert into|params:/i);

    await databaseBack();
    const retry = await importBankReturn(deps, actor, { filename: 'CB050601.RET', content: file });
    expect(retry.duplicate).toBe(true);
    expect(retry.file).toMatchObject({ status: 'importado', processedItems: 6, error: null });
    expect(retry.file.summary).toMatchObject({
      applied: 6,
      duplicates: 0,
      paid_cents: total,
      fees_cents: 6 * 250,
    } satisfies Partial<BankReturnSummary>);

    const rows = await paymentsOf(ids);
    expect(rows).toHaveLength(6);
    for (const c of charges) {
      expect(await t.system.deps.charges.systemGet(c.id)).toMatchObject({
        status: 'paga',
        paidCents: c.amountCents,
      });
    }
    expect((await installmentsOf(t, clientId))[0]).toMatchObject({ status: 'paga', paidOn: '2026-06-05' });
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'ativo', activatedOn: '2026-06-05' });
    const lines = await db().select().from(repasseEntries).where(eq(repasseEntries.clientId, clientId));
    expect(lines.map((l) => l.kind)).toEqual(['parcela']);

    // And once more: the same bytes change nothing.
    const again = await importBankReturn(deps, actor, { filename: 'CB050601.RET', content: file });
    expect(again.duplicate).toBe(true);
    expect(await paymentsOf(ids)).toHaveLength(6);
  });

  it('a big file in batches: the batch that failed is rolled back whole; the retry resumes and nothing is doubled', async () => {
    const { charges } = await sixCharges();
    const ids = charges.map((c) => c.id);
    const total = charges.reduce((sum, c) => sum + c.amountCents, 0);
    const file = retornoFor(2, charges);
    const deps = { ...t.system.deps, clock: t.system.clock, chunkSize: 2 };

    await failOnPaymentInsert(4); // the 2nd row of the 2nd batch of 2
    const failure = await importBankReturn(
      deps,
      actor,
      { filename: 'CB050602.RET', content: file },
      { wait: true },
    ).catch((err: unknown) => err);
    expect(rootCause(failure)).toMatchObject({ code: '08006' });
    // The first batch stands (its progress was saved); the second left no trace.
    const applied = await paymentsOf(ids);
    expect(applied.map((p) => p.chargeId).sort()).toEqual(ids.slice(0, 2).sort());

    await databaseBack();
    const retry = await importBankReturn(
      deps,
      actor,
      { filename: 'CB050602.RET', content: file },
      { wait: true },
    );
    expect(retry.file).toMatchObject({ status: 'importado', processedItems: 6, error: null });
    expect(retry.file.summary).toMatchObject({ applied: 6, duplicates: 0, paid_cents: total });
    const rows = await paymentsOf(ids);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((p) => p.chargeId)).size).toBe(6);
  });
});
