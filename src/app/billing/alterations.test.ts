import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  charges,
  clients,
  contracts,
  emailOutbox,
  installments,
  priceBooks,
  resellers,
  users,
} from '../../adapters/db/schema';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { billingDeps } from '../../system';
import { createTestApp, manualClock, type TestApp } from '../../test-support/test-system';
import { applyAlteration, competenceStart, prorationKey } from './alterations';
import { cancelBilling } from './cancellation';
import { runBilling } from './daily-run';

/**
 * One timeline, two clients (SPEC §4 calendar, issue 6 alterations):
 * - A: ativação 20/06/2026 (mensal, boleto, R$ 89,90) → upgrade to R$ 119,90 signed 16/07 → downgrade to
 *   R$ 99,90 signed 20/07 → the run of 05/08 bills competência 08 at R$ 99,90.
 * - B: ativação 20/06/2026 → billing cancelled 10/07 → no new installment; cancelado after 31/07.
 */
const clock = manualClock(new Date('2026-06-20T12:00:00Z'));
let t: TestApp;
let seq = 0;

const db = () => t.system.database.db;
const deps = () => ({ ...billingDeps(t.system), billingAdmin: t.system.deps.billingAdmin });
const setDay = (iso: string) => clock.advance(new Date(`${iso}T12:00:00Z`).getTime() - clock.now().getTime());

async function newClient(name: string) {
  seq += 1;
  const base = `7${String(seq).padStart(3, '0')}44550001`;
  const [alfa] = await db()
    .select({ id: resellers.id })
    .from(resellers)
    .where(eq(resellers.name, 'Alfa Automação'));
  const [row] = await db()
    .insert(clients)
    .values({
      resellerId: alfa!.id,
      legalName: name,
      document: base + cnpjCheckDigits(base),
      email: `financeiro${seq}@cliente.example`,
      city: 'Blumenau',
      state: 'SC',
      status: 'aguardando_pagamento',
    })
    .returning({ id: clients.id, resellerId: clients.resellerId });
  return row!;
}

async function signedContract(
  client: { id: string; resellerId: string },
  terms: { version: number; kind: 'ativacao' | 'alteracao'; monthly: number; signedAt: Date },
) {
  const [book] = await db().select({ id: priceBooks.id }).from(priceBooks).limit(1);
  const [row] = await db()
    .insert(contracts)
    .values({
      number: `2026-9${String(++seq).padStart(5, '0')}`,
      clientId: client.id,
      resellerId: client.resellerId,
      priceBookId: book!.id,
      version: terms.version,
      kind: terms.kind,
      status: 'assinado',
      productCode: 'hiper-mini',
      periodicity: 'mensal',
      paymentMethod: 'boleto',
      monthlyNegotiatedCents: terms.monthly,
      periodTotalCents: terms.monthly,
      setupFeeCents: 0,
      repasseMonthlyCents: 0,
      configuration: {},
      pricing: {},
      signedAt: terms.signedAt,
    })
    .returning({ id: contracts.id, number: contracts.number });
  return row!;
}

const contractRow = async (id: string) =>
  (await db().select().from(contracts).where(eq(contracts.id, id)))[0]!;
const clientRow = async (id: string) => (await db().select().from(clients).where(eq(clients.id, id)))[0]!;
const installmentsOf = (clientId: string) =>
  db().select().from(installments).where(eq(installments.clientId, clientId)).orderBy(installments.dueDate);

async function pay(chargeId: string, paidOn: string) {
  const charge = (await t.system.deps.charges.systemGet(chargeId))!;
  await t.system.deps.charges.applyPayments([
    {
      chargeId,
      source: 'manual',
      sourceId: `teste:${chargeId}`,
      amountCents: charge.amountCents,
      paidOn,
      reason: 'Pagamento no teste',
      evidence: {},
    },
  ]);
}

async function mailsFor(chargeId: string) {
  const [row] = await db()
    .select({ n: count() })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.entityType, 'charge'), eq(emailOutbox.entityId, chargeId)));
  return Number(row!.n);
}

let a: { id: string; resellerId: string };
let b: { id: string; resellerId: string };
let a1: { id: string; number: string };
let a2: { id: string; number: string };
let b1: { id: string; number: string };

beforeAll(async () => {
  t = await createTestApp({ clock });
  a = await newClient('Empório Upgrade Ltda');
  b = await newClient('Loja Cancelamento Ltda');
  // Both activated on 20/06/2026 and paid that day: liberado até 31/07/2026 (SPEC §4 example).
  const signedAt = new Date('2026-06-20T13:00:00Z');
  a1 = await signedContract(a, { version: 1, kind: 'ativacao', monthly: 8990, signedAt });
  b1 = await signedContract(b, { version: 1, kind: 'ativacao', monthly: 8990, signedAt });
  for (const c of [a, b]) {
    const contractId = c === a ? a1.id : b1.id;
    await t.system.deps.contractSigned.onContractSigned(contractId);
    const [first] = await installmentsOf(c.id);
    await pay(first!.chargeId!, '2026-06-20');
  }
  // 05/07: the daily run issues competência 07 (due 15/07) for both, at R$ 89,90; nobody pays it yet.
  setDay('2026-07-05');
  const run = await runBilling(billingDeps(t.system), { date: '2026-07-05', trigger: 'cli' });
  expect(run.status, JSON.stringify(run.errors)).toBe('concluida');
  expect(run.errors, JSON.stringify(run.errors)).toEqual([]);
  expect(run.counts.issued).toBe(2);
});
afterAll(() => t.close());

describe('alterations and cancellation in the billing calendar', () => {
  it('the fixture: activated and paid → ativo, liberado até 31/07/2026; competência 07 issued', async () => {
    for (const c of [a, b]) {
      const client = await clientRow(c.id);
      expect(client.status).toBe('ativo');
      expect(client.paidThrough).toBe('2026-07-31');
      expect((await installmentsOf(c.id)).map((i) => [i.key, i.status, i.dueDate])).toEqual([
        ['parcela:2026-06', 'paga', '2026-06-20'],
        ['parcela:2026-07', 'emitida', '2026-07-15'],
      ]);
    }
  });

  it('cancellation (10/07): the contract ends, the open future installment and its charge are cancelled, access stays', async () => {
    setDay('2026-07-10');
    const [user] = await db().select().from(users).where(eq(users.email, 'financeiro@demo.local'));
    const financeiro = {
      userId: user!.id,
      email: user!.email,
      role: 'financeiro' as const,
      resellerId: null,
    };
    await expect(cancelBilling(deps(), financeiro, b.id, 'curto')).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'reason',
    });
    expect((await contractRow(b1.id)).endedAt).toBeNull();

    const result = await cancelBilling(deps(), financeiro, b.id, 'Cliente encerrou a loja física');
    expect(result.status).toBe('ativo');
    expect(result.cancelledInstallments).toBe(1);
    expect(result.cancelledCharges).toHaveLength(1);
    const ended = await contractRow(b1.id);
    expect(ended.endReason).toBe('Cancelamento: Cliente encerrou a loja física');
    expect(ended.endedAt).not.toBeNull();
    const list = await installmentsOf(b.id);
    expect(list.map((i) => [i.key, i.status])).toEqual([
      ['parcela:2026-06', 'paga'],
      ['parcela:2026-07', 'cancelada'],
    ]);
    expect((await t.system.deps.charges.systemGet(list[1]!.chargeId!))!.status).toBe('cancelada');
    const client = await clientRow(b.id);
    expect([client.status, client.paidThrough]).toEqual(['ativo', '2026-07-31']);
    // A second cancellation is refused and changes nothing.
    await expect(
      cancelBilling(deps(), financeiro, b.id, 'Cliente encerrou a loja física'),
    ).rejects.toMatchObject({
      code: 'business_rule',
    });
  });

  it('upgrade signed 16/07: one prorated charge of R$ 15,48 (R$ 30,00 × 16 dias de 31), however often it is handled', async () => {
    setDay('2026-07-16');
    a2 = await signedContract(a, {
      version: 2,
      kind: 'alteracao',
      monthly: 11990,
      signedAt: new Date('2026-07-16T12:00:00Z'),
    });
    // The signature listener, twice, and twice at once: exactly one installment, one charge, one e-mail.
    await t.system.deps.contractSigned.onContractSigned(a2.id);
    await t.system.deps.contractSigned.onContractSigned(a2.id);
    await Promise.all([applyAlteration(deps(), a2.id), applyAlteration(deps(), a2.id)]);

    const prorated = (await installmentsOf(a.id)).filter((i) => i.key === prorationKey(a2.id));
    expect(prorated).toHaveLength(1);
    const [p] = prorated;
    expect(p!.contractId).toBe(a2.id);
    expect(p!.amountCents).toBe(1548); // 3000 × 16 / 31 = 1548,39… → half-up R$ 15,48
    expect(p!.accessUntil).toBe('2026-07-31'); // paying the difference does not extend access
    expect(p!.dueDate).toBe('2026-07-20'); // 16/07 + 3 = Sunday 19/07 → Monday 20/07
    const [n] = await db().select({ n: count() }).from(charges).where(eq(charges.installmentId, p!.id));
    expect(Number(n!.n)).toBe(1);
    const charge = (await t.system.deps.charges.systemGet(p!.chargeId!))!;
    expect([charge.method, charge.amountCents, charge.dueDate]).toEqual(['boleto', 1548, '2026-07-20']);
    expect(charge.description).toContain('R$ 30,00 de diferença mensal × 16 dias de 31 = R$ 15,48');
    expect(await mailsFor(charge.id)).toBe(1);

    const previous = await contractRow(a1.id);
    expect(previous.endReason).toBe('Substituído pela versão 2');
    expect(previous.endedAt).not.toBeNull();
    expect((await contractRow(a2.id)).effectiveFrom).toBe('2026-07');
    expect((await clientRow(a.id)).monthlyFeeCents).toBe(11990); // the upgrade bills from now on
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contract.upgrade_applied'), eq(auditLog.entityId, a2.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ direction: 'upgrade', effective_from: '2026-07' });

    // Paying it keeps liberado até.
    await pay(charge.id, '2026-07-17');
    expect((await clientRow(a.id)).paidThrough).toBe('2026-07-31');
    expect((await installmentsOf(a.id)).find((i) => i.id === p!.id)!.status).toBe('paga');
  });

  it('downgrade signed 20/07: effective from competência 08, no charge now; the previous version bills until then', async () => {
    setDay('2026-07-20');
    const a3 = await signedContract(a, {
      version: 3,
      kind: 'alteracao',
      monthly: 9990,
      signedAt: new Date('2026-07-20T12:00:00Z'),
    });
    const before = (await installmentsOf(a.id)).length;
    await t.system.deps.contractSigned.onContractSigned(a3.id);
    const outcome = await applyAlteration(deps(), a3.id);
    expect(outcome.status).toBe('ja_aplicada');
    expect((await contractRow(a3.id)).effectiveFrom).toBe('2026-08');
    const v2 = await contractRow(a2.id);
    expect(v2.endReason).toBe('Substituído pela versão 3');
    expect(v2.endedAt?.toISOString()).toBe('2026-08-01T03:00:00.000Z'); // 01/08 00:00 in São Paulo
    expect(competenceStart('2026-08').toISOString()).toBe('2026-08-01T03:00:00.000Z');
    expect(await installmentsOf(a.id)).toHaveLength(before);
    expect((await clientRow(a.id)).monthlyFeeCents).toBe(11990); // the downgrade waits for competência 08
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contract.downgrade_applied'), eq(auditLog.entityId, a3.id)));
    expect(audits).toHaveLength(1);

    // 31/07: B still has access (liberado até 31/07), nothing new issued for it.
    setDay('2026-07-31');
    await runBilling(billingDeps(t.system), { date: '2026-07-31', trigger: 'cli' });
    expect((await clientRow(b.id)).status).toBe('ativo');

    // 05/08: A's competência 08 at the downgraded R$ 99,90 (version 3); B gets nothing and is cancelado.
    setDay('2026-08-05');
    const run = await runBilling(billingDeps(t.system), { date: '2026-08-05', trigger: 'cli' });
    expect(run.status, JSON.stringify(run.errors)).toBe('concluida');
    const august = (await installmentsOf(a.id)).find((i) => i.key === 'parcela:2026-08')!;
    expect([august.contractId, august.amountCents, august.dueDate]).toEqual([a3.id, 9990, '2026-08-15']);
    expect(
      await db()
        .select()
        .from(installments)
        .where(and(eq(installments.clientId, b.id), like(installments.key, 'parcela:2026-08'))),
    ).toHaveLength(0);
    expect((await clientRow(b.id)).status).toBe('cancelado');
  });
});
