import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, chargeEvents, repasseEntries, users } from '../../adapters/db/schema';
import type { Actor } from '../../domain/access/roles';
import { chargesOf, clientRow, installmentsOf, signedContract } from '../../test-support/billing-fixtures';
import { createTestApp, DEMO, loginAs, manualClock, type TestApp } from '../../test-support/test-system';
import { refundCharge } from './refund-charge';

/**
 * Refund / chargeback of a paid charge. The client: Hiper Mini R$ 89,90 + implantação R$ 300,00, paid on
 * 10/06/2026 → lines parcela (repasse 8990 − 2800 − 584 = 5606) and implantação (30000).
 */
const clock = manualClock(new Date('2026-06-10T12:00:00Z'));
const setDay = (iso: string) => clock.advance(new Date(`${iso}T12:00:00Z`).getTime() - clock.now().getTime());
let t: TestApp;
let financeiro: Actor;
let clientId: string;
let chargeId: string;
let openChargeId: string;

const deps = () => ({ ...t.system.deps, clock });

beforeAll(async () => {
  t = await createTestApp({ clock });
  const [u] = await t.system.database.db.select().from(users).where(eq(users.email, DEMO.financeiro));
  financeiro = { userId: u!.id, email: u!.email, role: 'financeiro', resellerId: null };
  const alfa = await loginAs(t.app, DEMO.alfa);
  const paid = await signedContract(t, alfa, { setup_fee: true });
  await t.system.deps.contractSigned.onContractSigned(paid.contractId);
  clientId = paid.clientId;
  const [charge] = await chargesOf(t, clientId);
  chargeId = charge!.id;
  await t.system.deps.charges.applyPayments([
    {
      chargeId,
      source: 'manual',
      sourceId: `teste:${chargeId}`,
      amountCents: charge!.amountCents,
      paidOn: '2026-06-10',
      evidence: {},
    },
  ]);
  const unpaid = await signedContract(t, alfa);
  await t.system.deps.contractSigned.onContractSigned(unpaid.contractId);
  openChargeId = (await chargesOf(t, unpaid.clientId))[0]!.id;
});
afterAll(() => t.close());

describe('refundCharge', () => {
  it('refuses a bad reason, a future date, a date before the payment, an unpaid charge and a Hiperador', async () => {
    setDay('2026-06-20');
    await expect(
      refundCharge(deps(), financeiro, chargeId, { kind: 'estorno', reason: 'não' }),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'reason' });
    await expect(
      refundCharge(deps(), financeiro, chargeId, {
        kind: 'estorno',
        reason: 'Cliente desistiu',
        refundedOn: '2026-06-21',
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'A data do estorno não pode ser futura (hoje é 20/06/2026).',
    });
    await expect(
      refundCharge(deps(), financeiro, chargeId, {
        kind: 'estorno',
        reason: 'Cliente desistiu',
        refundedOn: '2026-06-09',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'refunded_on' });
    await expect(
      refundCharge(deps(), financeiro, openChargeId, { kind: 'estorno', reason: 'Cliente desistiu' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^Só uma cobrança paga pode ser estornada\./),
    });
    const hiperador: Actor = { ...financeiro, role: 'hiperador', resellerId: null };
    await expect(
      refundCharge(deps(), hiperador, chargeId, { kind: 'estorno', reason: 'Cliente desistiu' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a gateway chargeback (system, by dispute id): charge and installment estornada, both lines reversed on the date, access unchanged; replay changes nothing', async () => {
    setDay('2026-07-03');
    const before = await clientRow(t, clientId);
    const result = await refundCharge(deps(), null, chargeId, {
      kind: 'chargeback',
      reason: 'Disputa aberta pelo titular do cartão',
      sourceId: 'gateway:disputa-778',
    });
    // 8990 + 30000 paid back; clawback −5606 − 30000 = −35606.
    expect(result.refund).toMatchObject({
      status: 'applied',
      amountCents: 38990,
      refundedOn: '2026-07-03',
      reversedLines: 2,
      clawbackCents: -35606,
    });
    expect(result.charge.status).toBe('estornada');
    expect((await installmentsOf(t, clientId))[0]!.status).toBe('estornada');
    const after = await clientRow(t, clientId);
    expect([after.status, after.paidThrough]).toEqual([before.status, before.paidThrough]);

    const lines = await t.system.database.db
      .select()
      .from(repasseEntries)
      .where(and(eq(repasseEntries.chargeId, chargeId), eq(repasseEntries.kind, 'estorno')));
    expect(
      lines
        .map((l) => [l.month, l.occurredOn, l.receivedCents, l.repasseCents])
        .sort((a, b) => Number(a[3]) - Number(b[3])),
    ).toEqual([
      ['2026-07', '2026-07-03', -30000, -30000],
      ['2026-07', '2026-07-03', -8990, -5606],
    ]);

    const replay = await refundCharge(deps(), null, chargeId, {
      kind: 'chargeback',
      reason: 'Disputa aberta pelo titular do cartão',
      sourceId: 'gateway:disputa-778',
    });
    expect(replay.refund).toMatchObject({ status: 'duplicate', reversedLines: 2, clawbackCents: -35606 });
    const events = await t.system.database.db
      .select()
      .from(chargeEvents)
      .where(eq(chargeEvents.chargeId, chargeId));
    expect(events.filter((e) => e.type === 'chargeback')).toHaveLength(1);
    const audits = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'charge.refunded'), eq(auditLog.entityId, chargeId)));
    expect(audits).toHaveLength(1);
  });
});
