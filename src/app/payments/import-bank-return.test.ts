import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, bankFiles, chargeEvents, charges, clients, payments } from '../../adapters/db/schema';
import type { Actor } from '../../domain/access/roles';
import { buildBoleto } from '../../domain/payments/boleto/build-boleto';
import { beneficiaryFromSettings } from '../../domain/payments/cnab240/beneficiary';
import { parseRemessa } from '../../domain/payments/cnab240/remessa';
import { buildRetorno, type RetornoTitleData, retornoTitle } from '../../domain/payments/cnab240/retorno';
import { DEMO_PAYMENT_SETTINGS } from '../../domain/payments/payment-settings';
import { createTestApp, manualClock, type TestApp } from '../../test-support/test-system';
import { AppError } from '../shared/errors';
import { generateRemessa } from './generate-remessa';
import { type BankReturnSummary, importBankReturn } from './import-bank-return';
import type { ChargeRecord } from './ports';

let t: TestApp;
let actor: Actor;
let client: { id: string; resellerId: string };

const deps = () => ({ ...t.system.deps, clock: t.system.clock, payments: DEMO_PAYMENT_SETTINGS });
const db = () => t.system.database.db;
const beneficiary = beneficiaryFromSettings(DEMO_PAYMENT_SETTINGS);

async function issueBoleto(amountCents: number, dueDate = '2026-06-10'): Promise<ChargeRecord> {
  const sequence = await t.system.deps.charges.nextNossoNumeroSequence();
  const boleto = buildBoleto(DEMO_PAYMENT_SETTINGS.boleto, sequence, amountCents, dueDate);
  return t.system.deps.charges.create({
    clientId: client.id,
    resellerId: client.resellerId,
    description: 'Mensalidade Hiper',
    method: 'boleto',
    amountCents,
    dueDate,
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

async function counts() {
  const [[p], [e], [f]] = await Promise.all([
    db().select({ n: count() }).from(payments),
    db().select({ n: count() }).from(chargeEvents),
    db().select({ n: count() }).from(bankFiles).where(eq(bankFiles.kind, 'retorno')),
  ]);
  return { payments: Number(p!.n), events: Number(e!.n), retornos: Number(f!.n) };
}

const charge = async (id: string) => (await t.system.deps.charges.systemGet(id))!;
const retorno = (sequence: number, titles: RetornoTitleData[]) =>
  Buffer.from(
    buildRetorno({ beneficiary, sequence, generatedOn: '2026-06-06', generatedAt: '070000', titles }),
    'latin1',
  );
const liquidation = (nossoNumero: string, paidCents: number, extra: Partial<RetornoTitleData> = {}) =>
  retornoTitle({
    movement: '06',
    nossoNumero,
    faceValueCents: paidCents,
    paidCents,
    netCents: paidCents - 250,
    feeCents: 250,
    occurrenceDate: '2026-06-05',
    creditDate: '2026-06-08',
    ...extra,
  });

beforeAll(async () => {
  t = await createTestApp({ clock: manualClock(new Date('2026-06-01T12:00:00Z')) });
  const [user] = await db().select().from(clients).limit(1);
  client = { id: user!.id, resellerId: user!.resellerId };
  const fin = await t.system.deps.users.findByEmail('financeiro@demo.local');
  actor = { userId: fin!.id, email: fin!.email, role: 'financeiro', resellerId: null };
});
afterAll(() => t.close());

describe('remessa → retorno → payments', () => {
  let boletos: ChargeRecord[];
  let firstRetorno: Buffer;

  it('generates a remessa for the boletos not yet registered, then refuses an empty one', async () => {
    boletos = [
      await issueBoleto(100_000),
      await issueBoleto(25_990),
      await issueBoleto(5_000),
      await issueBoleto(7_777),
    ];
    // The demo data may hold boletos of its own: the remessa carries every one not yet sent.
    const pending = await db()
      .select({ id: charges.id, amountCents: charges.amountCents })
      .from(charges)
      .where(
        and(eq(charges.method, 'boleto'), eq(charges.status, 'emitida'), isNull(charges.registrationFileId)),
      );
    expect(pending.length).toBeGreaterThanOrEqual(4);
    const result = await generateRemessa(deps(), actor);
    expect(result).toMatchObject({
      entries: pending.length,
      cancellations: 0,
      totalCents: pending.reduce((sum, c) => sum + c.amountCents, 0),
    });
    expect(result.file).toMatchObject({ kind: 'remessa', status: 'gerado', bankCode: '001', sequence: 1 });
    expect(result.file.filename).toBe('CB010601.REM');
    const content = await t.system.deps.bankFiles.content(result.file.id);
    const remessa = parseRemessa(Buffer.from(content!).toString('latin1'));
    const mine = remessa.titles.filter((x) => boletos.some((b) => b.nossoNumero === x.nossoNumero));
    expect(mine.map((x) => [x.instruction, x.nossoNumero, x.amountCents])).toEqual(
      boletos.map((b) => ['entrada', b.nossoNumero, b.amountCents]),
    );
    // juros 1% a.m. pro rata die of R$ 1.000,00 = R$ 0,33 a day; multa 2% — from the day after the due date
    expect(mine[0]).toMatchObject({
      interestPerDayCents: 33,
      interestDate: '2026-06-11',
      fineBasisPoints: 200,
      fineDate: '2026-06-11',
      documentNumber: boletos[0]!.number,
    });
    expect(mine[0]!.payer).toMatchObject({
      city: expect.any(String),
      state: expect.stringMatching(/^[A-Z]{2}$/),
    });
    for (const b of boletos) expect((await charge(b.id)).registrationFileId).toBe(result.file.id);

    const again = await generateRemessa(deps(), actor).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).message).toBe('Não há boletos a registrar ou baixar.');
    expect((again as AppError).code).toBe('business_rule');

    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'bank_file.remessa_generated'), eq(auditLog.entityId, result.file.id)));
    expect(audit!.details).toMatchObject({ entries: pending.length, sequence: 1, filename: 'CB010601.REM' });
  });

  it('applies a retorno: liquidações paid, a rejection with its reason, confirmations, an unknown title', async () => {
    const [a, b, c, d] = boletos as [ChargeRecord, ChargeRecord, ChargeRecord, ChargeRecord];
    firstRetorno = retorno(1, [
      retornoTitle({ movement: '02', nossoNumero: a.nossoNumero!, occurrenceDate: '2026-06-02' }),
      retornoTitle({ movement: '02', nossoNumero: b.nossoNumero!, occurrenceDate: '2026-06-02' }),
      retornoTitle({
        movement: '03',
        nossoNumero: c.nossoNumero!,
        reasons: ['48'],
        occurrenceDate: '2026-06-02',
      }),
      retornoTitle({ movement: '02', nossoNumero: d.nossoNumero!, occurrenceDate: '2026-06-02' }),
      liquidation(a.nossoNumero!, 100_000),
      // paid late: R$ 259,90 + multa/juros R$ 5,80
      liquidation(b.nossoNumero!, 26_570, { fineInterestCents: 580 }),
      liquidation('12345679999999999', 1_000),
    ]);
    const before = await counts();
    const result = await importBankReturn(deps(), actor, {
      filename: 'IEDCBR0606.ret',
      content: firstRetorno,
    });
    expect(result.duplicate).toBe(false);
    expect(result.file).toMatchObject({
      kind: 'retorno',
      status: 'importado',
      totalItems: 7,
      processedItems: 7,
    });
    const summary = result.file.summary as unknown as BankReturnSummary;
    expect(summary).toMatchObject({
      applied: 2,
      paid_cents: 126_570,
      registered: 3,
      rejected: 1,
      duplicates: 0,
      unmatched: 1,
      unmatched_items: [{ line: 15, nosso_numero: '12345679999999999', movement: '06' }],
    });

    expect(await charge(a.id)).toMatchObject({ status: 'paga', paidCents: 100_000, paidOn: '2026-06-05' });
    expect(await charge(b.id)).toMatchObject({ status: 'paga', paidCents: 25_990 });
    expect(await charge(c.id)).toMatchObject({ status: 'falhou', failureReason: '48 – CEP inválido' });
    const dAfter = await charge(d.id);
    expect(dAfter.status).toBe('registrada');
    expect(dAfter.registeredAt).not.toBeNull();

    const [paymentB] = await db().select().from(payments).where(eq(payments.chargeId, b.id));
    expect(paymentB).toMatchObject({
      source: 'retorno',
      sourceId: `001:${b.nossoNumero}:06:2026-06-05`,
      amountCents: 26_570,
      fineInterestCents: 580,
      principalCents: 25_990,
      paidOn: '2026-06-05',
      creditedOn: '2026-06-08',
    });
    expect((paymentB!.evidence as { segment_t: string }).segment_t).toHaveLength(240);
    const after = await counts();
    expect(after.payments - before.payments).toBe(2);
    expect(after.retornos - before.retornos).toBe(1);
  });

  it('the same retorno again changes nothing', async () => {
    const before = await counts();
    const again = await importBankReturn(deps(), actor, { filename: 'copia.ret', content: firstRetorno });
    expect(again.duplicate).toBe(true);
    expect(again.file.filename).toBe('IEDCBR0606.ret');
    expect(await counts()).toEqual(before);
  });

  it('the same occurrence in another file is a duplicate; a baixa cancels an open title', async () => {
    const [a, , , d] = boletos as [ChargeRecord, ChargeRecord, ChargeRecord, ChargeRecord];
    const before = await counts();
    const result = await importBankReturn(deps(), actor, {
      filename: 'segundo.ret',
      content: retorno(2, [
        liquidation(a.nossoNumero!, 100_000),
        retornoTitle({ movement: '09', nossoNumero: d.nossoNumero!, occurrenceDate: '2026-06-06' }),
        retornoTitle({
          movement: '28',
          nossoNumero: d.nossoNumero!,
          feeCents: 180,
          occurrenceDate: '2026-06-06',
        }),
      ]),
    });
    expect(result.file.summary).toMatchObject({
      applied: 0,
      duplicates: 1,
      cancelled: 1,
      fees: 1,
      fees_cents: 180,
    });
    const after = await counts();
    expect(after.payments).toBe(before.payments);
    expect(after.events - before.events).toBe(2);
    expect(await charge(a.id)).toMatchObject({ status: 'paga', paidCents: 100_000 });
    const dAfter = await charge(d.id);
    expect(dAfter.status).toBe('cancelada');
    // the bank wrote it off: the next remessa must not ask for a baixa
    expect(dAfter.cancellationFileId).toBe(result.file.id);
    const events = await t.system.deps.charges.events(d.id);
    expect(events.map((e) => e.type)).toEqual(['registrada', 'baixa', 'tarifa']);
    expect(events[2]!.description).toBe('Tarifa bancária de R$ 1,80 (débito de tarifas/custas).');
  });

  it('refuses a truncated file naming the line, and applies nothing', async () => {
    const [, , c] = boletos as [ChargeRecord, ChargeRecord, ChargeRecord];
    const whole = retorno(3, [liquidation(c.nossoNumero!, 5_000)]).toString('latin1');
    const before = await counts();
    const err = await importBankReturn(deps(), actor, {
      filename: 'truncado.ret',
      content: Buffer.from(whole.slice(0, 240 * 4 + 2 * 4 + 100), 'latin1'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect((err as AppError).message).toBe(
      'Arquivo recusado: linha 5: o registro tem 100 posições; o CNAB 240 exige 240 (arquivo truncado?).',
    );
    expect((err as AppError).details).toMatchObject({ line: 5 });
    expect(await counts()).toEqual(before);
    expect((await charge(c.id)).status).toBe('falhou');
  });

  it('asks the bank to cancel a registered boleto that was cancelled here (pedido de baixa)', async () => {
    const e = await issueBoleto(9_900);
    const first = await generateRemessa(deps(), actor);
    expect(first).toMatchObject({ entries: 1, cancellations: 0 });
    await t.system.deps.charges.update(e.id, {
      status: 'cancelada',
      cancelledAt: new Date(),
      cancelReason: 'teste',
    });
    const second = await generateRemessa(deps(), actor);
    expect(second).toMatchObject({ entries: 0, cancellations: 1 });
    expect(second.file.sequence).toBe(first.file.sequence! + 1);
    const content = await t.system.deps.bankFiles.content(second.file.id);
    const remessa = parseRemessa(Buffer.from(content!).toString('latin1'));
    expect(remessa.titles).toMatchObject([{ instruction: 'baixa', nossoNumero: e.nossoNumero }]);
    expect((await charge(e.id)).cancellationFileId).toBe(second.file.id);
  });
});

describe('big retornos', () => {
  it('applies chunk by chunk, saving the progress, and resumes an import cut by a crash', async () => {
    const titles = await Promise.all([1, 2, 3, 4, 5].map((i) => issueBoleto(1_000 * i)));
    const content = retorno(
      10,
      titles.map((c) => liquidation(c.nossoNumero!, c.amountCents)),
    );
    // The process died right after recording the file and applying the first two titles.
    const parsedLines = 5;
    const file = await t.system.deps.bankFiles.insertRetorno({
      bankCode: '001',
      filename: 'grande.ret',
      sha256: (await import('node:crypto')).createHash('sha256').update(content).digest('hex'),
      content,
      totalItems: parsedLines,
      summary: {},
      createdBy: actor.userId,
    });
    await t.system.deps.charges.applyPayments(
      titles.slice(0, 2).map((c) => ({
        chargeId: c.id,
        source: 'retorno' as const,
        sourceId: `001:${c.nossoNumero}:06:2026-06-05`,
        amountCents: c.amountCents,
        paidOn: '2026-06-05',
        evidence: {},
      })),
    );

    const progress: number[] = [];
    const bankFilesSpy = Object.create(t.system.deps.bankFiles) as typeof t.system.deps.bankFiles;
    bankFilesSpy.progress = async (id, processed, summary) => {
      progress.push(processed);
      return t.system.deps.bankFiles.progress(id, processed, summary);
    };
    const result = await importBankReturn(
      { ...deps(), bankFiles: bankFilesSpy, chunkSize: 2 },
      actor,
      { filename: 'grande.ret', content },
      { wait: true },
    );
    expect(result.duplicate).toBe(true);
    expect(result.file.id).toBe(file!.id);
    expect(progress).toEqual([2, 4, 5]);
    expect(result.file).toMatchObject({ status: 'importado', processedItems: 5 });
    expect(result.file.summary).toMatchObject({ applied: 3, duplicates: 2 });
    for (const c of titles) expect((await charge(c.id)).status).toBe('paga');
  });

  it('returns at once and finishes in the background when asked not to wait', async () => {
    const titles = await Promise.all([1, 2, 3].map((i) => issueBoleto(2_000 * i)));
    const content = retorno(
      11,
      titles.map((c) => liquidation(c.nossoNumero!, c.amountCents)),
    );
    const started = await importBankReturn(
      deps(),
      actor,
      { filename: 'fundo.ret', content },
      { wait: false },
    );
    expect(started.file.status).toBe('processando');
    expect(started.file.totalItems).toBe(3);
    let file = started.file;
    for (let i = 0; i < 100 && file.status === 'processando'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      file = (await t.system.deps.bankFiles.get(file.id))!;
    }
    expect(file).toMatchObject({ status: 'importado', processedItems: 3 });
    expect(file.summary).toMatchObject({ applied: 3 });
  });
});
