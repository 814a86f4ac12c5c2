import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, repasseEntries } from '../../adapters/db/schema';
import { activateContract } from '../../app/billing/activation';
import { chargesOf, engine, signedContract } from '../../test-support/billing-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

describe('the implantação split per product (issue 7, SPEC §7)', () => {
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  let t: TestApp;
  let admin: LoggedIn;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    admin = await loginAs(t.app, DEMO.admin);
  });
  afterAll(() => t.close());

  const list = async (s: LoggedIn) =>
    t.app.inject({ method: 'GET', url: '/api/v1/products', headers: { cookie: s.cookie } });
  const setShare = (s: LoggedIn, code: string, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/products/${code}/setup-fee-share`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: payload as Record<string, unknown>,
    });
  const shareOf = async (code: string) => {
    const res = await list(admin);
    return (res.json().items as { code: string; setup_fee_reseller_bp: number }[]).find(
      (p) => p.code === code,
    )!.setup_fee_reseller_bp;
  };

  it('lists the products for staff, 100% to the Hiperador by default; not for a Hiperador', async () => {
    for (const who of [DEMO.admin, DEMO.financeiro, DEMO.gerente]) {
      const res = await list(await loginAs(t.app, who));
      expect(res.statusCode, who).toBe(200);
      expect(res.json().items).toEqual([
        {
          code: 'hiper-mini',
          name: 'Hiper Mini',
          setup_fee_reseller_bp: 10000,
          setup_fee_reseller_label: '100%',
        },
        {
          code: 'hiper-gestao',
          name: 'Hiper Gestão',
          setup_fee_reseller_bp: 10000,
          setup_fee_reseller_label: '100%',
        },
      ]);
    }
    expect((await list(await loginAs(t.app, DEMO.alfa))).statusCode).toBe(403);
  });

  it('only the administrador changes it: financeiro, gerente and Hiperador get 403', async () => {
    for (const who of [DEMO.financeiro, DEMO.gerente, DEMO.alfa, DEMO.beta]) {
      const res = await setShare(await loginAs(t.app, who), 'hiper-gestao', { reseller_bp: 5000 });
      expect(res.statusCode, who).toBe(403);
    }
    expect(await shareOf('hiper-gestao')).toBe(10000);
  });

  it('refuses a share out of 0–100% or with more than 2 decimals, in Portuguese', async () => {
    for (const bp of [10001, -1]) {
      const res = await setShare(admin, 'hiper-gestao', { reseller_bp: bp });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'validation_failed',
        field: 'reseller_bp',
        message: 'A participação do Hiperador na implantação deve estar entre 0% e 100%.',
      });
    }
    const fraction = await setShare(admin, 'hiper-gestao', { reseller_bp: 7050.5 });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().message).toMatch(/no máximo duas casas decimais/);
    const missing = await setShare(admin, 'hiper-gestao', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/reseller_bp/);
    expect(await shareOf('hiper-gestao')).toBe(10000);
  });

  it('an unknown product → 404', async () => {
    const res = await setShare(admin, 'hiper-nada', { reseller_bp: 5000 });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('Produto não encontrado.');
  });

  it('the administrador sets 33,33%: 200, the new label, and an audit entry with before and after', async () => {
    const res = await setShare(admin, 'hiper-gestao', { reseller_bp: 3333 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      code: 'hiper-gestao',
      name: 'Hiper Gestão',
      setup_fee_reseller_bp: 3333,
      setup_fee_reseller_label: '33,33%',
      previous_setup_fee_reseller_bp: 10000,
    });
    expect(await shareOf('hiper-gestao')).toBe(3333);
    expect(await shareOf('hiper-mini')).toBe(10000);

    const audits = await t.system.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'product.setup_fee_share_changed'), eq(auditLog.entityId, 'hiper-gestao')),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorEmail: DEMO.admin,
      entityType: 'product',
      details: {
        before: { setup_fee_reseller_bp: 10000, label: '100%' },
        after: { setup_fee_reseller_bp: 3333, label: '33,33%' },
      },
    });
  });

  it('70,00% for Hiper Mini: an implantação of R$ 300,00 paid gives R$ 210,00 repasse and R$ 90,00 to Hiper; earlier lines stay', async () => {
    const alfa = await loginAs(t.app, DEMO.alfa);
    const payInFull = async (clientId: string, paidOn: string) => {
      const [charge] = await chargesOf(t, clientId);
      // Hiper Mini R$ 89,90/mês + implantação R$ 300,00 (demo book)
      expect(charge!.amountCents).toBe(38990);
      await t.system.deps.charges.applyPayments([
        {
          chargeId: charge!.id,
          source: 'manual',
          sourceId: `share-test:${charge!.id}`,
          amountCents: 38990,
          paidOn,
          evidence: {},
        },
      ]);
    };
    const setupLine = async (clientId: string) => {
      const [line] = await t.system.database.db
        .select()
        .from(repasseEntries)
        .where(and(eq(repasseEntries.clientId, clientId), eq(repasseEntries.kind, 'implantacao')));
      return line;
    };

    // Paid before the change: all of it to the Hiperador (100%).
    const before = await signedContract(t, alfa, { setup_fee: true });
    await activateContract(engine(t), before.contractId);
    await payInFull(before.clientId, '2026-06-02');

    const res = await setShare(admin, 'hiper-mini', { reseller_bp: 7000 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().setup_fee_reseller_label).toBe('70%');

    const after = await signedContract(t, alfa, { setup_fee: true });
    await activateContract(engine(t), after.contractId);
    await payInFull(after.clientId, '2026-06-03');

    // 70% of R$ 300,00 = R$ 210,00 to the Hiperador; R$ 90,00 stays with Hiper (the line's taxa).
    expect(await setupLine(after.clientId)).toMatchObject({
      receivedCents: 30000,
      costCents: 0,
      centralFeeCents: 9000,
      repasseCents: 21000,
    });
    // The line written before the change is untouched.
    expect(await setupLine(before.clientId)).toMatchObject({
      receivedCents: 30000,
      centralFeeCents: 0,
      repasseCents: 30000,
    });
  });
});
