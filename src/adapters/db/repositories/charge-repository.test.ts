import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargeDraft } from '../../../app/payments/ports';
import { createTestApp, type TestApp } from '../../../test-support/test-system';
import { clientCredits, clients, payments } from '../schema';

let t: TestApp;
let clientId: string;
let resellerId: string;

beforeAll(async () => {
  t = await createTestApp();
  const [client] = await t.system.database.db.select().from(clients).limit(1);
  clientId = client!.id;
  resellerId = client!.resellerId;
});
afterAll(() => t.close());

const repo = () => t.system.deps.charges;

function draft(amountCents: number): ChargeDraft {
  return {
    clientId,
    resellerId,
    description: 'Mensalidade 07/2026',
    method: 'pix',
    amountCents,
    dueDate: '2026-07-15',
    fineBasisPoints: 200,
    interestMonthlyBasisPoints: 100,
    provider: 'pix-sandbox',
  };
}

function pay(chargeId: string, sourceId: string, amountCents: number) {
  return {
    chargeId,
    source: 'webhook' as const,
    sourceId,
    amountCents,
    paidOn: '2026-07-10',
    evidence: { endToEndId: sourceId },
  };
}

describe('DbChargeRepository', () => {
  it('numbers charges by year and sequence', async () => {
    const a = await repo().create(draft(1000));
    const b = await repo().create(draft(1000));
    expect(a.number).toMatch(/^2026-\d{6}$/);
    expect(Number(b.number.slice(5))).toBe(Number(a.number.slice(5)) + 1);
    expect(a).toMatchObject({ status: 'emitida', paidCents: 0, amountCents: 1000, dueDate: '2026-07-15' });
  });

  it('applies a payment once: the replay is a duplicate and changes nothing', async () => {
    const charge = await repo().create(draft(29990));
    const [first] = await repo().applyPayments([pay(charge.id, 'E0000000020260710A', 29990)]);
    expect(first).toMatchObject({ status: 'applied', principalCents: 29990, settled: true, balanceCents: 0 });
    const [again] = await repo().applyPayments([pay(charge.id, 'E0000000020260710A', 29990)]);
    expect(again).toMatchObject({ status: 'duplicate', paymentId: first!.paymentId });
    const after = await repo().systemGet(charge.id);
    expect(after).toMatchObject({ status: 'paga', paidCents: 29990, paidOn: '2026-07-10' });
    expect(await repo().payments(charge.id)).toHaveLength(1);
  });

  it('an under-payment leaves the charge open with its balance; the rest settles it', async () => {
    const charge = await repo().create(draft(10000));
    const [partial] = await repo().applyPayments([pay(charge.id, 'E-partial-1', 6000)]);
    expect(partial).toMatchObject({ status: 'applied', balanceCents: 4000, settled: false });
    expect(await repo().systemGet(charge.id)).toMatchObject({
      status: 'emitida',
      paidCents: 6000,
      paidOn: null,
    });
    await repo().applyPayments([pay(charge.id, 'E-partial-2', 4000)]);
    expect(await repo().systemGet(charge.id)).toMatchObject({ status: 'paga', paidCents: 10000 });
  });

  it('an over-payment becomes client credit', async () => {
    const before = await repo().creditBalance(clientId);
    const charge = await repo().create(draft(10000));
    const [outcome] = await repo().applyPayments([pay(charge.id, 'E-over-1', 12500)]);
    expect(outcome).toMatchObject({ principalCents: 10000, overpaidCents: 2500, settled: true });
    expect(await repo().creditBalance(clientId)).toBe(before + 2500);
    const rows = await t.system.database.db
      .select()
      .from(clientCredits)
      .where(eq(clientCredits.paymentId, outcome!.paymentId));
    expect(rows[0]?.description).toContain(charge.number);
  });

  it('the same delivery 50 times concurrently makes one payment', async () => {
    const charge = await repo().create(draft(5000));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => repo().applyPayments([pay(charge.id, 'E-concurrent', 5000)])),
    );
    const applied = results.filter((r) => r.status === 'fulfilled' && r.value[0]?.status === 'applied');
    expect(applied).toHaveLength(1);
    const rows = await t.system.database.db.select().from(payments).where(eq(payments.chargeId, charge.id));
    expect(rows).toHaveLength(1);
    expect(await repo().systemGet(charge.id)).toMatchObject({ status: 'paga', paidCents: 5000 });
  });

  it('applies a batch in order, with duplicates inside the batch counted once', async () => {
    const a = await repo().create(draft(1000));
    const b = await repo().create(draft(2000));
    const outcomes = await repo().applyPayments([
      pay(a.id, 'batch-a', 1000),
      pay(b.id, 'batch-b1', 500),
      pay(a.id, 'batch-a', 1000),
      pay(b.id, 'batch-b2', 1500),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'duplicate', 'applied']);
    expect(await repo().systemGet(a.id)).toMatchObject({ status: 'paga', paidCents: 1000 });
    expect(await repo().systemGet(b.id)).toMatchObject({ status: 'paga', paidCents: 2000 });
  });

  it('events are idempotent by key', async () => {
    const charge = await repo().create(draft(1000));
    const event = {
      chargeId: charge.id,
      type: 'registrada',
      eventKey: `k-${charge.id}`,
      description: 'Entrada confirmada',
    };
    expect(await repo().addEvent(event)).toBe(true);
    expect(await repo().addEvent(event)).toBe(false);
    expect(await repo().events(charge.id)).toHaveLength(1);
  });
});
