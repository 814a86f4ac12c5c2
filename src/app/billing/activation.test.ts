import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, clients, contracts, emailOutbox } from '../../adapters/db/schema';
import type { SandboxCardGateway } from '../../adapters/payments/sandbox-card-gateway';
import { nextBusinessDay } from '../../domain/calendar/bank-calendar';
import {
  chargesOf,
  clientRow,
  engine,
  installmentsOf,
  mailsOf,
  newClient,
  registerSandboxCard,
  signedContract,
  stepsOf,
} from '../../test-support/billing-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';
import type { PixPsp } from '../payments/pix-psp';
import type { DocumentSealer } from '../signatures/ports';
import { activateContract } from './activation';
import { runBilling } from './daily-run';

const DAY = 24 * 60 * 60 * 1000;

describe('activation: the first charge of a signed ativação / migração', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  // 2026-06-01 09:00 in São Paulo (12:00 UTC): A = 2026-06-01, a Monday.
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    // The P12 seal is not what this test is about: the original bytes stand in for the sealed PDF.
    (t.system.deps as { sealer?: DocumentSealer }).sealer = { seal: async (original) => original };
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    alfa = await loginAs(t.app, DEMO.alfa);
  });

  it('signing an ativação through the portal issues installment 1 and a boleto due on the next business day after A + 3', async () => {
    const { clientId, contractId } = await signedContract(t, alfa, { setup_fee: true });
    // Undo the shortcut: sign for real, through the public ceremony, so the wired listener runs.
    await t.system.database.db
      .update(contracts)
      .set({ status: 'aguardando_assinatura', signedAt: null })
      .where(eq(contracts.id, contractId));
    const mails = () =>
      t.system.database.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.entityType, 'contract'), eq(emailOutbox.entityId, contractId)))
        .orderBy(desc(emailOutbox.createdAt));
    const token = /\/assinar\/([A-Za-z0-9_-]{43})/.exec((await mails()).map((m) => m.text).join('\n'))![1]!;
    const pub = (url: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url, payload, headers: { 'user-agent': 'Vitest/Cobrança' } });
    expect(
      (await pub(`/api/v1/signing/${token}/code`, { name: 'Joana Ribeiro Alves', cpf: '52998224725' }))
        .statusCode,
    ).toBe(200);
    const code = /Seu código para assinar o contrato: (\d{6})/.exec(
      (await mails()).map((m) => m.text).join('\n'),
    )![1]!;
    const signed = await pub(`/api/v1/signing/${token}/sign`, { code, accept: true });
    expect(signed.statusCode, signed.body).toBe(200);

    const [contract] = await t.system.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, contractId));
    expect(contract!.effectiveFrom).toBe('2026-06');
    const list = await installmentsOf(t, clientId);
    expect(list).toHaveLength(1);
    // SPEC §4, monthly A = 2026-06-01: #1 due 2026-06-01, paying it liberates until 2026-07-31.
    expect(list[0]).toMatchObject({
      key: 'parcela:2026-06',
      number: 1,
      competence: '2026-06',
      dueDate: '2026-06-01',
      amountCents: contract!.periodTotalCents,
      setupFeeCents: contract!.setupFeeCents,
      accessUntil: '2026-07-31',
      status: 'emitida',
    });
    expect(contract!.setupFeeCents).toBeGreaterThan(0);
    const [charge] = await chargesOf(t, clientId);
    // A + 3 = 2026-06-04 is Corpus Christi (Easter 2026-04-05 + 60 days), a bank holiday: due on Friday 06-05.
    expect(nextBusinessDay('2026-06-04')).toBe('2026-06-05');
    expect(charge).toMatchObject({
      method: 'boleto',
      dueDate: '2026-06-05',
      amountCents: contract!.periodTotalCents + contract!.setupFeeCents,
      installmentId: list[0]!.id,
      contractId,
      status: 'emitida',
    });
    expect(charge!.barcode).toMatch(/^\d{44}$/);
    expect(charge!.description).toBe(
      `Contrato ${contract!.number} — ativação: mensalidade 06/2026 + implantação`,
    );
    const sent = (await mailsOf(t, clientId)).filter((m) => m.entityType === 'charge');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toContain('vence em 05/06/2026');
    expect(sent[0]!.attachments).toEqual([
      { kind: 'boleto', chargeId: charge!.id },
      { kind: 'pix-qr', chargeId: charge!.id }, // the boleto híbrido's Pix QR, inline
    ]);
    expect((await clientRow(t, clientId)).status).toBe('aguardando_pagamento');
  });

  it('twice, or concurrently: still one installment, one charge and one e-mail', async () => {
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'ted' });
    const results = await Promise.all([
      activateContract(engine(t), contractId),
      activateContract(engine(t), contractId),
      activateContract(engine(t), contractId),
    ]);
    await t.system.deps.contractSigned.onContractSigned(contractId);
    expect(results.map((r) => r.status).sort()).toEqual(['ativada', 'ja_ativada', 'ja_ativada']);
    expect(await installmentsOf(t, clientId)).toHaveLength(1);
    const list = await chargesOf(t, clientId);
    expect(list).toHaveLength(1);
    // TED: the same short due date, with the identifier the client writes in the transfer.
    expect(list[0]).toMatchObject({ method: 'ted', dueDate: '2026-06-05' });
    expect(list[0]!.tedIdentifier).toMatch(/^CC\d+$/);
    expect((await mailsOf(t, clientId)).filter((m) => m.entityType === 'charge')).toHaveLength(1);
    expect((await stepsOf(t, contractId)).map((s) => s.step)).toEqual(['email:emissao']);
  });

  it('a card forma with a registered card is charged at once: paid, ativo, liberado até 31/12/2026 (semestral)', async () => {
    const { clientId, contractId } = await signedContract(t, alfa, {
      payment_method: 'cartao',
      periodicity: 'semestral',
      card_installments: 3,
    });
    await registerSandboxCard(t, clientId);
    const result = await activateContract(engine(t), contractId);
    expect(result.card).toMatchObject({ status: 'paga', attempt: 1 });
    const [charge] = await chargesOf(t, clientId);
    expect(charge).toMatchObject({
      method: 'cartao',
      status: 'paga',
      cardInstallments: 3,
      dueDate: '2026-06-01',
    });
    const gateway = t.system.deps.cardGateway as SandboxCardGateway;
    expect(gateway.transactions.filter((x) => x.idempotencyKey.startsWith(charge!.id))).toHaveLength(1);
    // SPEC §4 semestral, A = 2026-06-01: #1 liberates until 2026-12-31.
    expect(await clientRow(t, clientId)).toMatchObject({
      status: 'ativo',
      paidThrough: '2026-12-31',
      activatedOn: '2026-06-01',
    });
    expect((await installmentsOf(t, clientId))[0]).toMatchObject({ status: 'paga', paidOn: '2026-06-01' });
    // Run again: nothing is charged twice.
    await activateContract(engine(t), contractId);
    expect(gateway.transactions.filter((x) => x.idempotencyKey.startsWith(charge!.id))).toHaveLength(1);
  });

  it('a card forma without a card waits for the registration (nothing charged)', async () => {
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'cartao' });
    const result = await activateContract(engine(t), contractId);
    expect(result).toMatchObject({ status: 'ativada', card: null });
    expect((await chargesOf(t, clientId))[0]).toMatchObject({ method: 'cartao', status: 'emitida' });
    expect((await clientRow(t, clientId)).status).toBe('aguardando_pagamento');
  });

  it('a migração charges at the alteration but keeps the later liberado até and the ativo status', async () => {
    // A client arriving from another Hiperador, paid until September.
    const clientId = await newClient(t, alfa);
    await t.system.database.db
      .update(clients)
      .set({ status: 'ativo', paidThrough: '2026-09-30' })
      .where(eq(clients.id, clientId));
    const migration = await signedContract(t, alfa, { clientId, kind: 'migracao' });
    expect((await clientRow(t, clientId)).status).toBe('ativo');
    const outcome = await activateContract(engine(t), migration.contractId);
    expect(outcome.status).toBe('ativada');
    const [charge] = await chargesOf(t, clientId);
    expect(charge!.description).toContain('migração');
    expect((await clientRow(t, clientId)).status).toBe('ativo');
    await t.system.deps.charges.applyPayments([
      {
        chargeId: charge!.id,
        source: 'manual',
        sourceId: `t:${charge!.id}`,
        amountCents: charge!.amountCents,
        paidOn: '2026-06-02',
        evidence: {},
      },
    ]);
    // max(2026-09-30, 2026-07-31): the later liberado até stays.
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'ativo', paidThrough: '2026-09-30' });
    expect((await installmentsOf(t, clientId))[0]).toMatchObject({
      status: 'paga',
      accessUntil: '2026-07-31',
    });
  });

  it('a failing listener does not undo the signature; the daily run activates it later', async () => {
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'boleto' });
    const psp = t.system.deps.pixPsp;
    t.system.deps.pixPsp = {
      ...psp,
      createDueCharge: async () => {
        throw new Error('PSP fora do ar');
      },
    } as PixPsp;
    try {
      await expect(t.system.deps.contractSigned.onContractSigned(contractId)).rejects.toThrow(
        'PSP fora do ar',
      );
    } finally {
      t.system.deps.pixPsp = psp;
    }
    expect(await installmentsOf(t, clientId)).toHaveLength(0);
    const [contract] = await t.system.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, contractId));
    expect(contract!.status).toBe('assinado');
    expect(contract!.effectiveFrom).toBeNull(); // rolled back with the installment

    clock.advance(DAY); // 2026-06-02
    const run = await runBilling(engine(t), { date: '2026-06-02', trigger: 'manual' });
    expect(run.counts.activated).toBeGreaterThanOrEqual(1);
    const list = await installmentsOf(t, clientId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ dueDate: '2026-06-01', accessUntil: '2026-07-31' });
    // The short due date counts from the retry: 2026-06-02 + 3 = 06-05 (a Friday).
    expect((await chargesOf(t, clientId))[0]!.dueDate).toBe('2026-06-05');
    const audit = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'charge.created'), eq(auditLog.entityId, clientId)));
    expect(audit).toHaveLength(1);
    clock.advance(-DAY);
  });
});
