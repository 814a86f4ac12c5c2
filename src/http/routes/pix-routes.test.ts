import { eq } from 'drizzle-orm';
import { hasError, isStaticPix, parsePix } from 'pix-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, payments } from '../../adapters/db/schema';
import type { SandboxPixPsp } from '../../adapters/payments/sandbox-pix-psp';
import { signPixWebhook } from '../../app/payments/pix-webhook';
import { decodeBrCode } from '../../domain/payments/pix/br-code';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

describe('Pix: PSP webhook and "simular pagamento"', () => {
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  let t: TestApp;
  let financeiro: LoggedIn;
  let secret: string;
  let clientId: string;
  let e2eSeq = 0;

  const call = (s: LoggedIn | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  /** A Pix charge issued by Financeiro through the API (sandbox PSP). */
  async function pixCharge(amountCents: number): Promise<{ id: string; txid: string; payload: string }> {
    const res = await call(financeiro, 'POST', '/api/v1/charges', {
      client_id: clientId,
      method: 'pix',
      amount_cents: amountCents,
      due_date: '2026-06-15',
      description: 'Mensalidade junho/2026',
      notify: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    return { id: body.id, txid: body.pix.txid, payload: body.pix.payload };
  }

  const charge = async (id: string) => (await call(financeiro, 'GET', `/api/v1/charges/${id}`)).json();

  function delivery(items: Record<string, unknown>[]) {
    const raw = JSON.stringify({ pix: items });
    return { raw, signature: signPixWebhook(raw, secret) };
  }

  const item = (txid: string, valor: string, horario = '2026-06-10T14:30:00-03:00') => ({
    endToEndId: `E18236120202606101730s${String(++e2eSeq).padStart(10, '0')}`,
    txid,
    valor,
    horario,
  });

  const post = (raw: string, signature?: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/pix',
      headers: {
        'content-type': contentType,
        ...(signature !== undefined ? { 'x-pix-signature': signature } : {}),
      },
      payload: raw,
    });

  const paymentRows = (chargeId: string) =>
    t.system.database.db.select().from(payments).where(eq(payments.chargeId, chargeId));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    secret = t.system.config.payments.pix.webhookSecret;
    financeiro = await loginAs(t.app, DEMO.financeiro);
    const clients = await call(financeiro, 'GET', '/api/v1/clients?page_size=100');
    clientId = clients
      .json()
      .items.find((c: { legal_name: string }) => c.legal_name === 'Mercadinho Bom Preço Ltda').id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('issues a Pix charge whose copia-e-cola a bank app can read (static key, amount, txid)', async () => {
    const c = await pixCharge(15_000);
    const decoded = decodeBrCode(c.payload);
    const pix = t.system.config.payments.pix;
    expect(decoded).toMatchObject({
      crcValid: true,
      key: pix.key,
      amountCents: 15_000,
      txid: c.txid,
      merchantName: pix.merchantName,
      merchantCity: pix.merchantCity,
    });
    expect(c.txid).toMatch(/^[A-Za-z0-9]{25}$/);
    const theirs = parsePix(c.payload);
    if (hasError(theirs) || !isStaticPix(theirs)) throw new Error(`pix-utils recusou ${c.payload}`);
    expect(theirs.txid).toBe(c.txid);
    // The sandbox kept the cobv body a real PSP would have received.
    const cobv = (t.system.deps.pixPsp as SandboxPixPsp).cobvs.get(c.txid);
    expect(cobv?.valor).toEqual({
      original: '150.00',
      multa: { modalidade: 2, valorPerc: '2.00' },
      juros: { modalidade: 3, valorPerc: '1.00' },
    });
    expect(cobv?.calendario).toEqual({ dataDeVencimento: '2026-06-15', validadeAposVencimento: 30 });
  });

  it('requires the X-Pix-Signature HMAC of the raw body (401 otherwise, nothing applied)', async () => {
    const c = await pixCharge(10_000);
    const { raw, signature } = delivery([item(c.txid, '100.00')]);

    const missing = await post(raw);
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'unauthenticated' });
    expect(missing.json().message).toContain('X-Pix-Signature');

    expect((await post(raw, `sha256=${'0'.repeat(64)}`)).statusCode).toBe(401);
    expect((await post(raw, signPixWebhook(raw, 'outro-segredo'))).statusCode).toBe(401);
    // Same JSON, different bytes (re-serialised with spaces): the signature no longer matches.
    expect((await post(JSON.stringify(JSON.parse(raw), null, 1), signature)).statusCode).toBe(401);

    expect(await paymentRows(c.id)).toHaveLength(0);
    expect((await charge(c.id)).status).toBe('emitida');

    const ok = await post(
      raw,
      signature.toUpperCase().replace('SHA256=', 'sha256='),
      'application/json; charset=utf-8',
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ received: 1, applied: 1, duplicates: 0, ignored: [] });
  });

  it('applies the same delivery sent 100 times concurrently exactly once', async () => {
    const c = await pixCharge(25_990);
    const { raw, signature } = delivery([item(c.txid, '259.90')]);
    const responses = await Promise.all(Array.from({ length: 100 }, () => post(raw, signature)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(200));
    const bodies = responses.map((r) => r.json());
    expect(bodies.reduce((sum, b) => sum + b.applied, 0)).toBe(1);
    expect(bodies.reduce((sum, b) => sum + b.duplicates, 0)).toBe(99);

    expect(await paymentRows(c.id)).toHaveLength(1);
    const after = await charge(c.id);
    expect(after).toMatchObject({
      status: 'paga',
      paid_cents: 25_990,
      balance_cents: 0,
      paid_on: '2026-06-10',
    });
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ source: 'webhook', amount_cents: 25_990 });
  });

  it('leaves the charge open with its balance when the Pix is smaller, and dates it in São Paulo', async () => {
    const c = await pixCharge(20_000);
    // 01:30 UTC on 16/06 is still 15/06 in São Paulo (UTC−3).
    const { raw, signature } = delivery([item(c.txid, '150.00', '2026-06-16T01:30:00Z')]);
    const res = await post(raw, signature);
    expect(res.json()).toMatchObject({ applied: 1 });
    const after = await charge(c.id);
    expect(after).toMatchObject({ status: 'emitida', paid_cents: 15_000, balance_cents: 5_000 });
    expect(after.payments[0]).toMatchObject({ amount_cents: 15_000, paid_on: '2026-06-15' });

    // The rest arrives later: settled.
    const rest = delivery([item(c.txid, '50.00', '2026-06-17T10:00:00-03:00')]);
    expect((await post(rest.raw, rest.signature)).json()).toMatchObject({ applied: 1 });
    expect(await charge(c.id)).toMatchObject({ status: 'paga', paid_cents: 20_000, balance_cents: 0 });
  });

  it('keeps a Pix with an unknown or missing txid in "ignored" and answers 200', async () => {
    const c = await pixCharge(3_000);
    const known = item(c.txid, '30.00');
    const unknown = item('NAOEXISTE0000000000000000', '12.34');
    const noTxid = { ...item('', '5.00'), txid: undefined };
    const { raw, signature } = delivery([known, unknown, noTxid]);
    const res = await post(raw, signature);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      received: 3,
      applied: 1,
      duplicates: 0,
      ignored: [
        {
          end_to_end_id: unknown.endToEndId,
          txid: 'NAOEXISTE0000000000000000',
          reason: 'txid desconhecido.',
        },
        { end_to_end_id: noTxid.endToEndId, txid: null, reason: 'Pix sem txid (não é de uma cobrança).' },
      ],
    });
  });

  it('refuses a malformed delivery whole (400, pt-BR) — nothing applied', async () => {
    const c = await pixCharge(4_000);
    const bad = delivery([item(c.txid, '40.00'), { ...item(c.txid, '40.00'), valor: '40,00' }]);
    const res = await post(bad.raw, bad.signature);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'pix[1].valor' });
    expect(res.json().message).toContain('item 2');
    expect(await paymentRows(c.id)).toHaveLength(0);

    const notJson = 'isto não é json';
    const res2 = await post(notJson, signPixWebhook(notJson, secret), 'text/plain');
    expect(res2.statusCode).toBe(400);
    expect(res2.json().message).toContain('não é JSON');
  });

  describe('simular pagamento (sandbox)', () => {
    it('pays the open balance through the webhook handler; a second click is refused', async () => {
      const c = await pixCharge(12_345);
      const res = await call(financeiro, 'POST', `/api/v1/charges/${c.id}/pix/simulate`, {});
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.end_to_end_id).toMatch(/^E99999999\d{12}[A-Za-z0-9]{11}$/);
      expect(body).toMatchObject({
        amount_cents: 12_345,
        webhook: { received: 1, applied: 1, duplicates: 0, ignored: [] },
        charge: { id: c.id, status: 'paga', paid_cents: 12_345, balance_cents: 0 },
      });
      const rows = await paymentRows(c.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        source: 'webhook',
        sourceId: body.end_to_end_id,
        paidOn: '2026-06-01',
      });

      const again = await call(financeiro, 'POST', `/api/v1/charges/${c.id}/pix/simulate`, {});
      expect(again.statusCode).toBe(422);
      expect(again.json().message).toBe('Esta cobrança já está paga.');

      const audits = await t.system.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'charge.pix_simulated'));
      expect(audits.some((a) => (a.details as { charge_id?: string }).charge_id === c.id)).toBe(true);
    });

    it('simulates a partial payment when an amount is given', async () => {
      const c = await pixCharge(10_000);
      const res = await call(financeiro, 'POST', `/api/v1/charges/${c.id}/pix/simulate`, {
        amount_cents: 4_000,
      });
      expect(res.json().charge).toMatchObject({ status: 'emitida', paid_cents: 4_000, balance_cents: 6_000 });
      const rest = await call(financeiro, 'POST', `/api/v1/charges/${c.id}/pix/simulate`);
      expect(rest.json()).toMatchObject({
        amount_cents: 6_000,
        charge: { status: 'paga', balance_cents: 0 },
      });
    });

    it('is for Financeiro/admin only, needs CSRF, and is refused when a real PSP is configured', async () => {
      const c = await pixCharge(1_000);
      const url = `/api/v1/charges/${c.id}/pix/simulate`;
      const alfa = await loginAs(t.app, DEMO.alfa);
      const gerente = await loginAs(t.app, DEMO.gerente);
      expect((await call(alfa, 'POST', url, {})).statusCode).toBe(403);
      expect((await call(gerente, 'POST', url, {})).statusCode).toBe(403);
      expect((await call(null, 'POST', url, {})).statusCode).toBe(401);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: financeiro.cookie },
        payload: {},
      });
      expect(noCsrf.statusCode).toBe(403);
      expect(
        (
          await call(
            financeiro,
            'POST',
            '/api/v1/charges/00000000-0000-4000-8000-000000000000/pix/simulate',
            {},
          )
        ).statusCode,
      ).toBe(404);

      const sandbox = t.system.deps.pixPsp;
      t.system.deps.pixPsp = {
        name: 'pix-real',
        sandbox: false,
        simulator: null,
        createDueCharge: sandbox.createDueCharge,
      };
      try {
        const res = await call(financeiro, 'POST', url, {});
        expect(res.statusCode).toBe(422);
        expect(res.json().message).toContain('PSP real');
      } finally {
        t.system.deps.pixPsp = sandbox;
      }
      expect(await paymentRows(c.id)).toHaveLength(0);
    });

    it('refuses a charge without Pix (TED)', async () => {
      const res = await call(financeiro, 'POST', '/api/v1/charges', {
        client_id: clientId,
        method: 'ted',
        amount_cents: 5_000,
        due_date: '2026-06-15',
        description: 'Implantação',
        notify: false,
      });
      expect(res.statusCode, res.body).toBe(201);
      const sim = await call(financeiro, 'POST', `/api/v1/charges/${res.json().id}/pix/simulate`, {});
      expect(sim.statusCode).toBe(422);
      expect(sim.json().message).toBe('Esta cobrança não tem Pix (QR Code) para pagar.');
    });
  });
});
