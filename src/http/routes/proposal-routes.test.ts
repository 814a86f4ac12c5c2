import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../adapters/db/database';
import { auditLog, catalogItems, clients, priceBooks } from '../../adapters/db/schema';
import type { PriceBookSnapshot, PricedItem } from '../../domain/pricing/catalog';
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

const gestaoAnual = {
  product: 'hiper-gestao',
  addons: { caixa: 2 },
  apps: ['boletos', 'hiper_vendas'],
  periodicity: 'anual',
  setup_fee: true,
  negotiated_monthly_cents: 25000,
  payment_method: 'cartao',
  card_installments: 12,
};

function session(t: TestApp) {
  const call = (
    s: LoggedIn,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload ? { payload } : {}),
    });
  return {
    call,
    create: (s: LoggedIn, clientId: string, config: Record<string, unknown> = gestaoAnual) =>
      call(s, 'POST', '/api/v1/proposals', { client_id: clientId, ...config }),
  };
}

async function clientNamed(t: TestApp, s: LoggedIn, legalName: string): Promise<string> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/clients?page_size=100',
    headers: { cookie: s.cookie },
  });
  const found = res.json().items.find((c: { legal_name: string }) => c.legal_name === legalName);
  if (!found) throw new Error(`cliente ${legalName} não encontrado`);
  return found.id;
}

async function auditActions(t: TestApp, id: string): Promise<string[]> {
  const rows = await t.system.database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'proposal'), eq(auditLog.entityId, id)))
    .orderBy(auditLog.at);
  return rows.map((r) => r.action);
}

describe('proposals API', () => {
  const clock = manualClock(new Date('2026-06-01T15:00:00Z'));
  let t: TestApp;
  let api: ReturnType<typeof session>;
  let alfa: LoggedIn;
  let beta: LoggedIn;
  let admin: LoggedIn;
  let padaria: string;
  let mercadinho: string;
  let betaClient: string;
  let proposal: {
    id: string;
    number: string;
    client: unknown;
    price_book: { id: string };
    pricing: { price_book: { id: string } };
    created_at: string;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = session(t);
    [alfa, beta, admin] = await Promise.all([
      loginAs(t.app, DEMO.alfa),
      loginAs(t.app, DEMO.beta),
      loginAs(t.app, DEMO.admin),
    ]);
    padaria = await clientNamed(t, alfa, 'Padaria Pão Dourado Ltda');
    mercadinho = await clientNamed(t, alfa, 'Mercadinho Bom Preço Ltda');
    betaClient = (
      await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { cookie: beta.cookie } })
    ).json().items[0].id;
  });
  afterAll(() => t.close());

  it('saves a proposal for a client, priced on today’s book, with a human number', async () => {
    const catalog = (await api.call(alfa, 'GET', '/api/v1/catalog')).json();
    const res = await api.create(alfa, padaria);
    expect(res.statusCode, res.body).toBe(201);
    proposal = res.json();
    expect(proposal.number).toMatch(/^2026-\d{6}$/);
    expect(proposal).toMatchObject({
      status: 'rascunho',
      client: { id: padaria, legal_name: 'Padaria Pão Dourado Ltda', trade_name: 'Pão Dourado' },
      reseller: { id: alfa.body.user.reseller!.id, name: 'Alfa Automação' },
      price_book_is_current: true,
      input: { ...gestaoAnual },
      pricing: {
        product_name: 'Hiper Gestão',
        monthly_original_cents: 27960,
        monthly_negotiated_cents: 25000,
        period_total_cents: 300000,
        setup_fee_cents: 60000,
        payment: { method: 'cartao', card_installments: 12 },
      },
      valid_until: '2026-06-16',
      created_by_name: 'Heitor (Alfa Automação)',
    });
    expect(proposal.price_book).toEqual(catalog);
    expect(proposal.pricing.price_book.id).toBe(catalog.id);
    expect(await auditActions(t, proposal.id)).toEqual(['proposal.created']);

    // The same input through the calculator gives the very same pricing.
    const quote = (await api.call(alfa, 'POST', '/api/v1/quotes/price', gestaoAnual)).json();
    expect(proposal.pricing).toEqual(quote);

    const second = (
      await api.create(alfa, mercadinho, { ...gestaoAnual, product: 'hiper-mini', apps: [] })
    ).json();
    const seq = (n: string) => Number(n.slice(5));
    expect(seq(second.number)).toBe(seq(proposal.number) + 1);
  });

  it('lists proposals by client and status, and opens one', async () => {
    const list = await api.call(alfa, 'GET', `/api/v1/proposals?client_id=${padaria}`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, page: 1, page_size: 20 });
    expect(list.json().items[0]).toEqual({
      id: proposal.id,
      number: proposal.number,
      status: 'rascunho',
      client: proposal.client,
      product_name: 'Hiper Gestão',
      periodicity: 'anual',
      monthly_negotiated_cents: 25000,
      period_total_cents: 300000,
      valid_until: '2026-06-16',
      created_at: proposal.created_at,
    });
    expect((await api.call(alfa, 'GET', '/api/v1/proposals')).json().total).toBe(2);
    expect((await api.call(alfa, 'GET', '/api/v1/proposals?status=cancelada')).json().total).toBe(0);
    expect((await api.call(alfa, 'GET', '/api/v1/proposals?client_id=nao-e-id')).json().total).toBe(0);
    expect((await api.call(admin, 'GET', '/api/v1/proposals')).json().total).toBe(2);

    const one = await api.call(alfa, 'GET', `/api/v1/proposals/${proposal.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(proposal);
  });

  it('refuses a configuration below the minimum with 422 and the minimum, saving nothing', async () => {
    const res = await api.create(alfa, padaria, { ...gestaoAnual, negotiated_monthly_cents: 18845 });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      code: 'below_minimum',
      message: 'O valor negociado está abaixo do mínimo permitido: R$ 188,46',
      field: 'negotiated_monthly_cents',
      minimum_monthly_cents: 18846,
    });
    const bad = await api.create(alfa, padaria, { ...gestaoAnual, product: 'hiper-max' });
    expect([bad.statusCode, bad.json().field]).toEqual([400, 'product']);
    expect((await api.call(alfa, 'GET', `/api/v1/proposals?client_id=${padaria}`)).json().total).toBe(1);
  });

  it('needs a client the caller sees and that is not cancelled', async () => {
    const other = await api.create(alfa, betaClient);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ code: 'not_found', message: 'Cliente não encontrado.' });
    expect((await api.create(alfa, 'nao-e-id')).statusCode).toBe(404);

    const db = t.system.database.db;
    const [victim] = await db
      .select({ id: clients.id })
      .from(clients)
      .where(eq(clients.legalName, 'Padaria Pão Dourado Ltda'));
    await db.update(clients).set({ status: 'cancelado' }).where(eq(clients.id, victim!.id));
    const cancelled = await api.create(alfa, victim!.id);
    expect(cancelled.statusCode).toBe(422);
    expect(cancelled.json()).toMatchObject({ code: 'business_rule', field: 'client_id' });
    await db.update(clients).set({ status: 'ativo' }).where(eq(clients.id, victim!.id));
  });

  it('updates on the proposal’s own book, goes ready, back to rascunho on edit, then cancels', async () => {
    const put = await api.call(alfa, 'PUT', `/api/v1/proposals/${proposal.id}`, {
      ...gestaoAnual,
      addons: { caixa: 3 },
      negotiated_monthly_cents: 28000,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      id: proposal.id,
      number: proposal.number,
      status: 'rascunho',
      price_book: { id: proposal.price_book.id },
      input: { addons: { caixa: 3 }, negotiated_monthly_cents: 28000 },
      pricing: { monthly_negotiated_cents: 28000, period_total_cents: 336000 },
    });

    const ready = await api.call(alfa, 'POST', `/api/v1/proposals/${proposal.id}/ready`);
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('pronta_para_contrato');
    expect((await api.call(alfa, 'POST', `/api/v1/proposals/${proposal.id}/ready`)).json().status).toBe(
      'pronta_para_contrato',
    );

    const edited = await api.call(alfa, 'PUT', `/api/v1/proposals/${proposal.id}`, gestaoAnual);
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'rascunho', pricing: { monthly_negotiated_cents: 25000 } });

    const below = await api.call(alfa, 'PUT', `/api/v1/proposals/${proposal.id}`, {
      ...gestaoAnual,
      negotiated_monthly_cents: 100,
    });
    expect(below.statusCode).toBe(422);
    expect(below.json().minimum_monthly_cents).toBe(18846);

    const cancel = await api.call(alfa, 'POST', `/api/v1/proposals/${proposal.id}/cancel`);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('cancelada');
    for (const [method, url] of [
      ['PUT', `/api/v1/proposals/${proposal.id}`],
      ['POST', `/api/v1/proposals/${proposal.id}/reprice`],
      ['POST', `/api/v1/proposals/${proposal.id}/ready`],
    ] as const) {
      const res = await api.call(alfa, method, url, method === 'PUT' ? gestaoAnual : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(409);
      expect(res.json().code).toBe('conflict');
    }
    expect((await api.call(alfa, 'GET', `/api/v1/proposals/${proposal.id}`)).json()).toMatchObject({
      status: 'cancelada',
      pricing: { monthly_negotiated_cents: 25000 },
    });
    expect(await auditActions(t, proposal.id)).toEqual([
      'proposal.created',
      'proposal.updated',
      'proposal.ready',
      'proposal.updated',
      'proposal.cancelled',
    ]);
    const [updated] = await t.system.database.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'proposal.updated'), eq(auditLog.entityId, proposal.id)))
      .limit(1);
    expect(updated!.details).toMatchObject({
      before: { monthlyNegotiatedCents: 25000, periodTotalCents: 300000 },
      after: { monthlyNegotiatedCents: 28000, periodTotalCents: 336000 },
    });
  });

  it('downloads the proposal as a PDF named after its number', async () => {
    const res = await api.call(alfa, 'GET', `/api/v1/proposals/${proposal.id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="proposta-${proposal.number}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getPageCount()).toBe(1);

    let poppler = true;
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    } catch {
      poppler = false;
    }
    if (poppler) {
      const dir = mkdtempSync(join(tmpdir(), 'cc-proposal-'));
      try {
        writeFileSync(join(dir, 'p.pdf'), res.rawPayload);
        const text = execFileSync('pdftotext', ['-layout', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
        expect(text).toContain(`Proposta comercial nº ${proposal.number}`);
        expect(text).toContain('Padaria Pão Dourado Ltda');
        expect(text).toContain('12.ABC.345/01DE-35');
        expect(text).toContain('R$ 250,00');
        expect(text).toContain('PROPOSTA CANCELADA');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('answers 404 to another reseller on every proposal route, the PDF included', async () => {
    const routes = t.routes.filter((r) => r.url.startsWith('/api/v1/proposals/:id'));
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/v1/proposals/:id',
      'GET /api/v1/proposals/:id/pdf',
      'POST /api/v1/proposals/:id/cancel',
      'POST /api/v1/proposals/:id/contract',
      'POST /api/v1/proposals/:id/ready',
      'POST /api/v1/proposals/:id/reprice',
      'PUT /api/v1/proposals/:id',
    ]);
    const live = (await api.create(alfa, mercadinho)).json();
    for (const r of routes) {
      const res = await api.call(
        beta,
        r.method as 'GET',
        r.url.replace(':id', live.id),
        r.method === 'PUT' ? gestaoAnual : undefined,
      );
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
      expect(res.json()).toEqual({ code: 'not_found', message: 'Proposta não encontrada.' });
    }
    const missing = await api.call(alfa, 'GET', '/api/v1/proposals/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect((await api.call(beta, 'GET', '/api/v1/proposals')).json().total).toBe(0);
    expect((await api.call(beta, 'GET', `/api/v1/proposals?client_id=${mercadinho}`)).json().total).toBe(0);
    // Nothing changed for Alfa.
    expect((await api.call(alfa, 'GET', `/api/v1/proposals/${live.id}`)).json()).toEqual(live);
  });
});

/** A copy of the demo book with every price 10% higher, in force from `validFrom`. */
async function insertRaisedBook(db: Db, validFrom: string): Promise<string> {
  const demo: PriceBookSnapshot = demoPriceBook();
  const up = (cents: number) => Math.round(cents * 1.1);
  const [book] = await db
    .insert(priceBooks)
    .values({
      name: 'Tabela reajustada',
      validFrom,
      centralFeeBp: demo.centralFeeBp,
      semiannualDiscountBp: demo.discountBp.semestral,
      annualDiscountBp: demo.discountBp.anual,
      cardMaxInstallmentsMonthly: demo.maxCardInstallments.mensal,
      cardMaxInstallmentsSemiannual: demo.maxCardInstallments.semestral,
      cardMaxInstallmentsAnnual: demo.maxCardInstallments.anual,
    })
    .returning({ id: priceBooks.id });
  const common = (item: PricedItem) => ({
    priceBookId: book!.id,
    code: item.code,
    name: item.name,
    originalCents: up(item.originalCents),
    minimumCents: up(item.minimumCents),
    costCents: up(item.costCents),
    sortOrder: item.sortOrder,
  });
  await db.insert(catalogItems).values([
    ...demo.plans.map((p) => ({
      ...common(p),
      kind: 'plan' as const,
      productCode: p.productCode,
      setupFeeCents: p.setupFeeCents,
      includedUsers: p.included.users,
      includedRegisters: p.included.registers,
      includedStores: p.included.stores,
    })),
    ...demo.addons.map((a) => ({ ...common(a), kind: 'addon' as const, productCode: a.productCode })),
    ...demo.apps.map((a) => ({ ...common(a), kind: 'app' as const, productCode: a.productCode })),
  ]);
  return book!.id;
}

describe('price book versioning and proposals', () => {
  const clock = manualClock(new Date('2026-06-01T15:00:00Z'));
  let t: TestApp;
  let api: ReturnType<typeof session>;
  let alfa: LoggedIn;
  let client: string;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = session(t);
    alfa = await loginAs(t.app, DEMO.alfa);
    client = await clientNamed(t, alfa, 'Padaria Pão Dourado Ltda');
  });
  afterAll(() => t.close());

  it('an existing proposal keeps the prices it was priced with until re-priced explicitly', async () => {
    const atList = { ...gestaoAnual, negotiated_monthly_cents: null };
    const old = (await api.create(alfa, client, atList)).json();
    const atFloor = (
      await api.create(alfa, client, { ...gestaoAnual, negotiated_monthly_cents: 18846 })
    ).json();
    expect(old.pricing.monthly_original_cents).toBe(27960);
    const oldBookId = old.price_book.id;

    const newBookId = await insertRaisedBook(t.system.database.db, '2026-06-01');
    // The catalog remembers the book in force on a date for a few seconds; the next day is asked afresh.
    clock.advance(DAY);
    alfa = await loginAs(t.app, DEMO.alfa);
    const newQuote = (await api.call(alfa, 'POST', '/api/v1/quotes/price', atList)).json();
    expect(newQuote.price_book.id).toBe(newBookId);
    expect(newQuote.monthly_original_cents).toBeGreaterThan(27960);

    // GET: still the old prices, and says the book is no longer current.
    const got = (await api.call(alfa, 'GET', `/api/v1/proposals/${old.id}`)).json();
    expect(got).toMatchObject({ price_book: { id: oldBookId }, price_book_is_current: false });
    expect(got.pricing).toEqual(old.pricing);

    // PUT: re-priced on the proposal's own (old) book.
    const put = await api.call(alfa, 'PUT', `/api/v1/proposals/${old.id}`, {
      ...atList,
      addons: { caixa: 3 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      price_book: { id: oldBookId },
      price_book_is_current: false,
      // 27 960 + one more caixa at R$ 39,90 − 20% (R$ 31,92)
      pricing: { price_book: { id: oldBookId }, monthly_original_cents: 31152 },
    });

    // Reprice: today's book.
    const repriced = await api.call(alfa, 'POST', `/api/v1/proposals/${old.id}/reprice`);
    expect(repriced.statusCode, repriced.body).toBe(200);
    const expected = (
      await api.call(alfa, 'POST', '/api/v1/quotes/price', { ...atList, addons: { caixa: 3 } })
    ).json();
    expect(repriced.json()).toMatchObject({ price_book: { id: newBookId }, price_book_is_current: true });
    expect(repriced.json().pricing).toEqual(expected);
    expect(repriced.json().price_book.plans[1].original_cents).toBe(Math.round(17990 * 1.1));
    expect(await auditActions(t, old.id)).toEqual([
      'proposal.created',
      'proposal.updated',
      'proposal.repriced',
    ]);

    // A proposal negotiated at the old floor is now below the new one: 422 and nothing changes.
    const refused = await api.call(alfa, 'POST', `/api/v1/proposals/${atFloor.id}/reprice`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'below_minimum', field: 'negotiated_monthly_cents' });
    expect(refused.json().minimum_monthly_cents).toBeGreaterThan(18846);
    const unchanged = (await api.call(alfa, 'GET', `/api/v1/proposals/${atFloor.id}`)).json();
    expect(unchanged).toEqual({ ...atFloor, price_book_is_current: false });
  });

  it('cannot be marked ready after valid_until; re-pricing renews the validity', async () => {
    const p = (await api.create(alfa, client)).json();
    expect(p.valid_until).toBe('2026-06-17');
    clock.advance(15 * DAY); // 2026-06-17: the last valid day
    alfa = await loginAs(t.app, DEMO.alfa);
    expect((await api.call(alfa, 'GET', `/api/v1/proposals/${p.id}`)).json().valid_until).toBe('2026-06-17');
    clock.advance(DAY);
    alfa = await loginAs(t.app, DEMO.alfa);
    const late = await api.call(alfa, 'POST', `/api/v1/proposals/${p.id}/ready`);
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'business_rule', field: 'valid_until' });
    expect(late.json().message).toContain('17/06/2026');

    const renewed = await api.call(alfa, 'POST', `/api/v1/proposals/${p.id}/reprice`);
    expect(renewed.json().valid_until).toBe('2026-07-03');
    const ready = await api.call(alfa, 'POST', `/api/v1/proposals/${p.id}/ready`);
    expect([ready.statusCode, ready.json().status]).toEqual([200, 'pronta_para_contrato']);
  });
});
