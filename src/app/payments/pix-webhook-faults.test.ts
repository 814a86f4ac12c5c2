import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, payments, repasseEntries } from '../../adapters/db/schema';
import {
  chargesOf,
  clientRow,
  engine,
  installmentsOf,
  signedContract,
} from '../../test-support/billing-fixtures';
import { createTestApp, DEMO, loginAs, manualClock, type TestApp } from '../../test-support/test-system';
import { activateContract } from '../billing/activation';
import { signPixWebhook } from './pix-webhook';

// Fault (issue 8): the PSP delivers the same Pix notification 100 times at once (retries, several PSP
// nodes). On PostgreSQL (TEST_DATABASE_URL) the deliveries really run in parallel on a pool of connections.
// Exactly one payment, and everything that follows a payment happens once: the installment is paid, the
// client is ativo, one repasse line, one audit entry.

describe('fault: the same Pix webhook delivered 100 times concurrently', () => {
  const clock = manualClock(new Date('2026-06-20T12:00:00Z'));
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('pays the activation charge (boleto híbrido, paid by its Pix QR) once: one payment, one installment, one repasse line', async () => {
    const alfa = await loginAs(t.app, DEMO.alfa);
    const { clientId, contractId } = await signedContract(t, alfa, { payment_method: 'boleto' });
    await activateContract(engine(t), contractId);
    const [charge] = await chargesOf(t, clientId);
    expect(charge!.pixTxid).toBeTruthy();

    const reais = `${Math.floor(charge!.amountCents / 100)}.${String(charge!.amountCents % 100).padStart(2, '0')}`;
    const raw = JSON.stringify({
      pix: [
        {
          endToEndId: 'E18236120202606211030s0000000777',
          txid: charge!.pixTxid,
          valor: reais,
          horario: '2026-06-21T10:30:00-03:00',
        },
      ],
    });
    const signature = signPixWebhook(raw, t.system.config.payments.pix.webhookSecret);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/webhooks/pix',
          headers: { 'content-type': 'application/json', 'x-pix-signature': signature },
          payload: raw,
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
    const bodies = responses.map((r) => r.json());
    expect(bodies.reduce((n, b) => n + b.applied, 0)).toBe(1);
    expect(bodies.reduce((n, b) => n + b.duplicates, 0)).toBe(99);

    const db = t.system.database.db;
    const rows = await db.select().from(payments).where(eq(payments.chargeId, charge!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountCents: charge!.amountCents, paidOn: '2026-06-21' });

    const [paid] = await chargesOf(t, clientId);
    expect(paid).toMatchObject({ status: 'paga', paidCents: charge!.amountCents });
    const [first] = await installmentsOf(t, clientId);
    expect(first).toMatchObject({ status: 'paga', paidOn: '2026-06-21' });
    expect(await clientRow(t, clientId)).toMatchObject({ status: 'ativo', activatedOn: '2026-06-21' });

    const lines = await db.select().from(repasseEntries).where(eq(repasseEntries.clientId, clientId));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'parcela', month: '2026-06', receivedCents: charge!.amountCents });

    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.installment_paid'), eq(auditLog.entityId, clientId)));
    expect(audits).toHaveLength(1);
  });
});
