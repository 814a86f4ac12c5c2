import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateContract } from '../../../app/billing/activation';
import { chargesOf, engine, signedContract } from '../../../test-support/billing-fixtures';
import { createTestApp, DEMO, loginAs, manualClock, type TestApp } from '../../../test-support/test-system';
import { repasseEntries } from '../schema';

describe('the repasse ledger accrues with the payment (SPEC §7)', () => {
  let t: TestApp;
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('an activation charge paid in full: a parcela line and an implantação line, once', async () => {
    const alfa = await loginAs(t.app, DEMO.alfa);
    // Hiper Mini at R$ 89,90/mês with implantação R$ 300,00 (demo book: custo R$ 28,00/mês, taxa 6,5%).
    const { clientId, contractId } = await signedContract(t, alfa, { setup_fee: true });
    await activateContract(engine(t), contractId);
    const [charge] = await chargesOf(t, clientId);
    expect(charge!.amountCents).toBe(38990);
    const entries = () =>
      t.system.database.db
        .select()
        .from(repasseEntries)
        .where(eq(repasseEntries.clientId, clientId))
        .orderBy(repasseEntries.kind);
    expect(await entries()).toEqual([]);

    const pay = () =>
      t.system.deps.charges.applyPayments([
        {
          chargeId: charge!.id,
          source: 'manual',
          sourceId: `ledger-test:${charge!.id}`,
          amountCents: 38990,
          paidOn: '2026-06-02',
          evidence: {},
        },
      ]);
    await pay();
    await pay();

    const lines = await entries();
    expect(lines).toHaveLength(2);
    // taxa 6,5% of 89,90 = 5,8435 → 5,84; repasse 89,90 − 28,00 − 5,84 = 56,06
    expect(lines[0]).toMatchObject({
      kind: 'parcela',
      competence: '2026-06',
      occurredOn: '2026-06-02',
      month: '2026-06',
      receivedCents: 8990,
      costCents: 2800,
      centralFeeCents: 584,
      fineInterestCents: 0,
      repasseCents: 5606,
      statementId: null,
    });
    // The implantação is all the Hiperador's (the product's default share, 100%).
    expect(lines[1]).toMatchObject({
      kind: 'implantacao',
      receivedCents: 30000,
      costCents: 0,
      centralFeeCents: 0,
      repasseCents: 30000,
    });
  });
});
