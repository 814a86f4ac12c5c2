import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../adapters/db/schema';
import {
  chargesOf,
  clientRow,
  engine,
  installmentsOf,
  signedContract,
} from '../../test-support/billing-fixtures';
import { createTestApp, DEMO, loginAs, manualClock, type TestApp } from '../../test-support/test-system';
import { activateContract } from './activation';
import { runBilling } from './daily-run';

const at = (date: string) => new Date(`${date}T12:00:00Z`);

describe('settlement: a payment that covers an installment gives access at once', () => {
  let t: TestApp;
  const clock = manualClock(at('2026-06-20'));
  const setDate = (date: string) => clock.advance(at(date).getTime() - clock.now().getTime());
  const pay = async (
    chargeId: string,
    paidOn: string,
    amountCents?: number,
    sourceId = `teste:${chargeId}`,
  ) => {
    setDate(paidOn);
    const charge = await t.system.deps.charges.systemGet(chargeId);
    return t.system.deps.charges.applyPayments([
      {
        chargeId,
        source: 'manual',
        sourceId,
        amountCents: amountCents ?? charge!.amountCents,
        paidOn,
        evidence: {},
      },
    ]);
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('activation on 2026-06-20 (SPEC §4): a partial payment changes nothing; the rest makes the client ativo until 31/07; a replay changes nothing', async () => {
    const alfa = await loginAs(t.app, DEMO.alfa);
    setDate('2026-06-20');
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'boleto' });
    await activateContract(engine(t), contractId);
    const [charge] = await chargesOf(t, clientId);
    await pay(charge!.id, '2026-06-21', 4000, 'parcial-1');
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'aguardando_pagamento', paidThrough: null });
    expect((await installmentsOf(t, clientId))[0]!.status).toBe('emitida');

    await pay(charge!.id, '2026-06-22', charge!.amountCents - 4000, 'parcial-2');
    // SPEC §4, monthly A = 2026-06-20: #1 → liberado até 2026-07-31.
    expect(await clientRow(t, clientId)).toMatchObject({
      status: 'ativo',
      paidThrough: '2026-07-31',
      activatedOn: '2026-06-22',
      monthlyFeeCents: 8990,
    });
    expect((await installmentsOf(t, clientId))[0]).toMatchObject({ status: 'paga', paidOn: '2026-06-22' });

    const replay = await pay(charge!.id, '2026-06-23', charge!.amountCents - 4000, 'parcial-2');
    expect(replay[0]!.status).toBe('duplicate');
    const audits = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.installment_paid'), eq(auditLog.entityId, clientId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({
      from: 'aguardando_pagamento',
      to: 'ativo',
      paid_through: '2026-07-31',
    });
  });

  it('a blocked client paying the later installment first is inadimplente (the earlier one is overdue), then ativo; access never shrinks', async () => {
    const alfa = await loginAs(t.app, DEMO.alfa);
    setDate('2026-06-01');
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'boleto' });
    await activateContract(engine(t), contractId);
    await pay((await chargesOf(t, clientId))[0]!.id, '2026-06-01');
    for (const date of ['2026-07-05', '2026-07-16', '2026-08-01', '2026-08-05']) {
      setDate(date);
      await runBilling(engine(t), { date, trigger: 'manual' });
    }
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'bloqueado', paidThrough: '2026-07-31' });
    const [, second, third] = await chargesOf(t, clientId);
    expect(third).toMatchObject({ dueDate: '2026-08-15' });

    await pay(third!.id, '2026-08-06');
    // #3 liberates until 2026-09-30 (covers today), but #2 (due 07-15) is still overdue.
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'inadimplente', paidThrough: '2026-09-30' });
    await pay(second!.id, '2026-08-07');
    // #2 grants only until 2026-08-31: the later liberado até stays.
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'ativo', paidThrough: '2026-09-30' });
  });
});
