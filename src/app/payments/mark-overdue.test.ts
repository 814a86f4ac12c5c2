import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../adapters/db/schema';
import { createTestApp, manualClock, type TestApp } from '../../test-support/test-system';
import { markOverdueCharges } from './mark-overdue';

const DAY = 24 * 60 * 60 * 1000;
let t: TestApp;
const clock = manualClock(new Date('2026-06-01T12:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

async function charge(dueDate: string) {
  const [client] = await t.system.database.db.select().from(clients).limit(1);
  return t.system.deps.charges.create({
    clientId: client!.id,
    resellerId: client!.resellerId,
    description: `Vence em ${dueDate}`,
    method: 'ted',
    amountCents: 10000,
    dueDate,
    fineBasisPoints: 200,
    interestMonthlyBasisPoints: 100,
    provider: 'ted',
  });
}

const status = async (id: string) => (await t.system.deps.charges.systemGet(id))!.status;
const run = () => markOverdueCharges({ ...t.system.deps, clock });

describe('markOverdueCharges', () => {
  it('respects the business-day rule: weekend and holiday due dates are payable on the next business day', async () => {
    const saturday = await charge('2026-06-06'); // payable without fine until Monday 08/06
    const corpusChristi = await charge('2026-06-04'); // national bank holiday → Friday 05/06
    const paid = await charge('2026-06-03');
    await t.system.deps.charges.applyPayments([
      {
        chargeId: paid.id,
        source: 'manual',
        sourceId: `t:${paid.id}`,
        amountCents: 10000,
        paidOn: '2026-06-03',
        evidence: {},
      },
    ]);

    clock.advance(4 * DAY); // Friday 05/06
    await run();
    expect(await status(corpusChristi.id)).toBe('emitida');

    clock.advance(1 * DAY); // Saturday 06/06
    await run();
    expect(await status(corpusChristi.id)).toBe('vencida');
    expect(await status(saturday.id)).toBe('emitida');

    clock.advance(2 * DAY); // Monday 08/06: still payable without fine
    await run();
    expect(await status(saturday.id)).toBe('emitida');

    clock.advance(1 * DAY); // Tuesday 09/06
    const report = await run();
    expect(report).toMatchObject({ date: '2026-06-09' });
    expect(await status(saturday.id)).toBe('vencida');
    expect(await status(paid.id)).toBe('paga');
  });

  it('a re-run changes nothing and writes one event per charge', async () => {
    const again = await run();
    expect(again.overdue).toBe(0);
    const [c] = (
      await t.system.deps.charges.list(
        { userId: '', email: '', role: 'admin', resellerId: null },
        { status: 'vencida', page: 1, pageSize: 10 },
      )
    ).items;
    const events = await t.system.deps.charges.events(c!.id);
    expect(events.filter((e) => e.type === 'vencida')).toHaveLength(1);
  });
});
