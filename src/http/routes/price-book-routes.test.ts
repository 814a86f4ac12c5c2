import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceBookToJson } from '../../domain/pricing/catalog-json';
import { demoPriceBook } from '../../domain/pricing/demo-price-book';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

const DAY = 24 * 60 * 60 * 1000;

/** A create body from the demo book, with a change applied. */
function newBook(validFrom: string, change: (b: ReturnType<typeof priceBookToJson>) => void = () => {}) {
  const json = priceBookToJson(demoPriceBook());
  change(json);
  const { id: _id, valid_from: _v, ...rest } = json;
  return {
    ...rest,
    name: `Tabela a partir de ${validFrom}`,
    valid_from: validFrom,
    discount_bp: { semestral: json.discount_bp.semestral, anual: json.discount_bp.anual },
  };
}

const MINI_MENSAL = { product: 'hiper-mini', periodicity: 'mensal', payment_method: 'boleto' };

describe('price book versions API', () => {
  // 27/11/2026 12:00 in São Paulo
  const clock = manualClock(new Date('2026-11-27T15:00:00Z'));
  let t: TestApp;
  let admin: LoggedIn;
  let alfa: LoggedIn;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    admin = await loginAs(t.app, DEMO.admin);
    alfa = await loginAs(t.app, DEMO.alfa);
  });
  afterAll(() => t.close());

  const create = (payload: unknown, s: LoggedIn = admin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/price-books',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: payload as Record<string, unknown>,
    });
  const miniPrice = async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes/price',
      headers: { cookie: alfa.cookie, 'x-csrf-token': alfa.csrf },
      payload: MINI_MENSAL,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().monthly_original_cents as number;
  };
  const miniAt = (cents: number) => (b: ReturnType<typeof priceBookToJson>) => {
    b.plans[0]!.original_cents = cents;
  };
  const versions = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/price-books',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    return res.json().items as { id: string; status: string; in_force: boolean; valid_from: string }[];
  };

  it('lists the versions for staff, with the demo book in force', async () => {
    const items = await versions();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      valid_from: '2026-01-01',
      in_force: true,
      status: 'em_vigor',
      items_count: 20,
      created_by_name: null,
    });
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/price-books/${items[0]!.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(one.statusCode).toBe(200);
    expect(one.json().plans[0]).toMatchObject({ name: 'Hiper Mini', original_cents: 8990 });
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/price-books/00000000-0000-4000-8000-000000000000',
      headers: { cookie: admin.cookie },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('is staff only for reading and admin only for creating', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/price-books',
      headers: { cookie: alfa.cookie },
    });
    expect(list.statusCode).toBe(403);
    const financeiro = await loginAs(t.app, DEMO.financeiro);
    const gerente = await loginAs(t.app, DEMO.gerente);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/price-books', headers: { cookie: gerente.cookie } }))
        .statusCode,
    ).toBe(200);
    for (const who of [alfa, financeiro, gerente]) {
      const res = await create(newBook('2026-12-01'), who);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect(await versions()).toHaveLength(1);
  });

  it('refuses rule breaks with 422, naming the item, and saves nothing', async () => {
    const res = await create(
      newBook('2026-12-01', (b) => {
        const boletos = b.apps.find((a) => a.code === 'boletos')!;
        boletos.original_cents = 2990;
        boletos.minimum_cents = 3000;
        b.discount_bp.anual = 500;
      }),
    );
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({
      code: 'business_rule',
      message: 'O desconto anual não pode ser menor que o semestral.',
      field: 'discount_bp.anual',
    });
    expect(body.errors).toContainEqual({
      code: 'minimum_above_original',
      field: 'apps.1.minimum_cents',
      message: 'Boletos: o valor mínimo (R$ 30,00) não pode ser maior que o original (R$ 29,90).',
    });

    const past = await create(newBook('2026-11-26'));
    expect(past.statusCode).toBe(422);
    expect(past.json()).toMatchObject({
      field: 'valid_from',
      message: 'A vigência deve começar hoje (27/11/2026) ou depois.',
    });

    const installments = await create(newBook('2026-12-01', (b) => (b.max_card_installments.anual = 13)));
    expect(installments.json()).toMatchObject({ field: 'max_card_installments.anual' });

    const noPlan = await create(newBook('2026-12-01', (b) => b.plans.pop()));
    expect(noPlan.json()).toMatchObject({
      field: 'plans',
      message: 'A tabela precisa de um plano para o Hiper Gestão.',
    });

    const badShape = await create({ ...newBook('2026-12-01'), central_fee_bp: 6.5 });
    expect(badShape.statusCode).toBe(400);
    expect(badShape.json()).toMatchObject({ code: 'validation_failed', field: 'central_fee_bp' });

    expect(await versions()).toHaveLength(1);
  });

  it('a new price book starting tomorrow does not change today’s quotes; starting today it does', async () => {
    expect(await miniPrice()).toBe(8990);
    const tomorrow = await create(newBook('2026-11-28', miniAt(9990)));
    expect(tomorrow.statusCode).toBe(201);
    expect(tomorrow.json()).toMatchObject({ valid_from: '2026-11-28', warnings: [] });
    expect(tomorrow.json().plans[0]).toMatchObject({
      original_cents: 9990,
      description: 'Frente de caixa simples para o pequeno varejo.',
    });
    expect(await miniPrice()).toBe(8990);
    expect((await versions()).map((v) => [v.valid_from, v.status])).toEqual([
      ['2026-11-28', 'agendada'],
      ['2026-01-01', 'em_vigor'],
    ]);

    clock.advance(DAY); // 28/11 (sessions idle for a day are gone: sign in again)
    admin = await loginAs(t.app, DEMO.admin);
    alfa = await loginAs(t.app, DEMO.alfa);
    expect(await miniPrice()).toBe(9990);
    expect((await versions()).map((v) => v.status)).toEqual(['em_vigor', 'encerrada']);

    const today = await create(newBook('2026-11-28', miniAt(10990)));
    expect(today.statusCode).toBe(201);
    expect(await miniPrice()).toBe(10990);

    // two books on the same date: the newest wins
    const again = await create(newBook('2026-11-28', miniAt(11990)));
    expect(again.statusCode).toBe(201);
    expect(await miniPrice()).toBe(11990);
    const list = await versions();
    expect(list[0]).toMatchObject({ id: again.json().id, status: 'em_vigor', in_force: true });
    expect(list.filter((v) => v.in_force)).toHaveLength(1);

    const catalog = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalog',
      headers: { cookie: alfa.cookie },
    });
    expect(catalog.json().id).toBe(again.json().id);
  });

  it('returns warnings for a Mínimo that does not cover custo + taxa, and audits before/after', async () => {
    const res = await create(
      newBook('2026-12-15', (b) => {
        const pix = b.apps.find((a) => a.code === 'qr_pix')!;
        pix.original_cents = 2490;
        pix.cost_cents = 1300;
      }),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.warnings).toEqual([
      {
        code: 'negative_repasse',
        field: 'apps.5.minimum_cents',
        message: expect.stringMatching(/^QR PIX: vendido pelo mínimo \(R\$ 13,27\), o repasse fica negativo/),
      },
    ]);
    const list = await versions();
    expect(list[0]).toMatchObject({ id: body.id, status: 'agendada', created_by_name: expect.any(String) });

    const { rows } = await t.system.database.executeSql(
      "select actor_email, entity_id, details from audit_log where action = 'price_book.created' and entity_id = $1",
      [body.id],
    );
    const entry = rows[0] as { actor_email: string; entity_id: string; details: Record<string, unknown> };
    expect(entry.actor_email).toBe(DEMO.admin);
    expect(entry.entity_id).toBe(body.id);
    const details = entry.details as {
      before: { id: string; plans: Record<string, { original_cents: number }> };
      after: { id: string };
      changes: { item: string; field?: string; from?: number; to?: number }[];
    };
    expect(details.after.id).toBe(body.id);
    expect(details.before.plans['hiper-mini']!.original_cents).toBe(11990);
    expect(details.changes).toContainEqual({ item: 'app:qr_pix:*', field: 'costCents', from: 663, to: 1300 });
    expect(details.changes).toContainEqual({
      item: 'plan:hiper-mini:hiper-mini',
      field: 'originalCents',
      from: 11990,
      to: 8990,
    });
  });
});
