import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

describe('calculator API', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  beforeAll(async () => {
    t = await createTestApp();
    alfa = await loginAs(t.app, DEMO.alfa);
  });
  afterAll(() => t.close());

  const price = (payload: Record<string, unknown>, s: LoggedIn = alfa) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes/price',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload,
    });

  const gestaoAnual = {
    product: 'hiper-gestao',
    addons: { caixa: 2 },
    apps: ['boletos', 'hiper_vendas'],
    periodicity: 'anual',
    setup_fee: true,
    payment_method: 'cartao',
    card_installments: 12,
  };

  it('returns the current price book for the calculator', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalog',
      headers: { cookie: alfa.cookie },
    });
    expect(res.statusCode).toBe(200);
    const book = res.json();
    expect(book.plans.map((p: { name: string }) => p.name)).toEqual(['Hiper Mini', 'Hiper Gestão']);
    expect(book.discount_bp).toEqual({ mensal: 0, semestral: 1000, anual: 2000 });
    expect(book.apps.find((a: { code: string }) => a.code === 'mdfe')).toMatchObject({
      product_code: 'hiper-gestao',
    });
  });

  it('prices Hiper Gestão + 2 caixas + 2 apps, annual, card 12x, with implantação', async () => {
    const res = await price({ ...gestaoAnual, negotiated_monthly_cents: 25000 });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    expect(q).toMatchObject({
      product_name: 'Hiper Gestão',
      monthly_original_cents: 27960,
      monthly_minimum_cents: 18846,
      monthly_negotiated_cents: 25000,
      period_total_cents: 300000,
      setup_fee_cents: 60000,
      first_charge_cents: 360000,
      payment: { method: 'cartao', card_installments: 12 },
    });
    expect(q.payment.installment_amounts).toEqual(Array(12).fill(25000));
    expect(q.options.map((o: { monthly_original_cents: number }) => o.monthly_original_cents)).toEqual([
      34950, 31455, 27960,
    ]);
  });

  it('answers 422 below_minimum with the exact minimum for a negotiation below the floor', async () => {
    const res = await price({ ...gestaoAnual, negotiated_monthly_cents: 18845 });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      code: 'below_minimum',
      message: 'O valor negociado está abaixo do mínimo permitido: R$ 188,46',
      field: 'negotiated_monthly_cents',
      minimum_monthly_cents: 18846,
    });
  });

  it('names the field of unknown codes, items not allowed, bad quantities and parcelas beyond the limit', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ product: 'hiper-max' }, 400, 'unknown_product', 'product'],
      [{ addons: { turbo: 1 } }, 400, 'unknown_addon', 'addons.turbo'],
      [{ addons: { caixa: -2 } }, 400, 'invalid_quantity', 'addons.caixa'],
      [{ apps: ['nao_existe'] }, 400, 'unknown_app', 'apps'],
      [{ product: 'hiper-mini', apps: ['mdfe'], addons: {} }, 422, 'app_not_allowed', 'apps'],
      [
        { periodicity: 'semestral', card_installments: 7 },
        422,
        'installments_exceed_limit',
        'card_installments',
      ],
      [
        { payment_method: 'boleto', card_installments: 3 },
        422,
        'installments_not_allowed',
        'card_installments',
      ],
      [{ periodicity: 'bienal' }, 400, 'validation_failed', 'periodicity'],
    ];
    for (const [change, status, code, field] of cases) {
      const res = await price({ ...gestaoAnual, ...change });
      expect([res.statusCode, res.json().code, res.json().field], JSON.stringify(change)).toEqual([
        status,
        code,
        field,
      ]);
    }
  });

  it('requires a session and the CSRF token', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes/price',
      payload: gestaoAnual,
    });
    expect(anonymous.statusCode).toBe(401);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes/price',
      headers: { cookie: alfa.cookie },
      payload: gestaoAnual,
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});
