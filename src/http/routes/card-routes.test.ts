import { createHash } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  cardRegistrationLinks,
  chargeEvents,
  charges,
  emailOutbox,
  paymentCards,
  payments,
} from '../../adapters/db/schema';
import type { SandboxCardGateway } from '../../adapters/payments/sandbox-card-gateway';
import { CARD_LINK_MESSAGES } from '../../app/payments/card-registration';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';
import { buildServer, loggerOptions } from '../server';

const DAY = 24 * 60 * 60 * 1000;
const VISA_OK = '4111 1111 1111 1111';
const VISA_DECLINED = '4000 0000 0000 0002';
const VISA_NO_FUNDS = '4000 0000 0000 9995';
// A CVV no other value of the test is likely to contain.
const CVV = '737';

describe('credit card: registration link, public page API, sandbox gateway, card charges', () => {
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  let t: TestApp;
  /** A second server over the same system whose log lines (level trace) are kept here. */
  let logged: FastifyInstance;
  const logLines: string[] = [];
  let alfa: LoggedIn;
  let beta: LoggedIn;
  let financeiro: LoggedIn;
  let gateway: SandboxCardGateway;
  let mercadinho: { id: string; resellerId: string };
  let padaria: { id: string; resellerId: string };

  const call = (s: LoggedIn | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    logged.inject({
      method,
      url,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  async function clientNamed(s: LoggedIn, legalName: string) {
    const res = await call(s, 'GET', '/api/v1/clients?page_size=100');
    const found = res.json().items.find((c: { legal_name: string }) => c.legal_name === legalName);
    if (!found) throw new Error(`cliente ${legalName} não encontrado`);
    return { id: found.id as string, resellerId: found.reseller.id as string };
  }

  /** Sends the link as `s` and reads the token from the e-mail in the outbox, as the client would. */
  async function sendLink(s: LoggedIn, clientId: string): Promise<string> {
    const res = await call(s, 'POST', `/api/v1/clients/${clientId}/card-link`);
    expect(res.statusCode, res.body).toBe(200);
    const [mail] = await t.system.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.entityType, 'client'), eq(emailOutbox.entityId, clientId)))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(1);
    const m = /\/cartao\/([A-Za-z0-9_-]{43})\b/.exec(mail!.text);
    expect(m, mail!.text).not.toBeNull();
    return m![1]!;
  }

  /** What the card page does: the number to the sandbox gateway, then only the token etc. to our API. */
  async function registerThroughPage(linkToken: string, number: string, holder = 'Carlos Pereira') {
    const tok = await logged.inject({
      method: 'POST',
      url: '/sandbox/gateway/tokens',
      payload: { number, exp_month: 12, exp_year: 2030, cvv: CVV, holder_name: holder },
    });
    expect(tok.statusCode, tok.body).toBe(200);
    const card = tok.json();
    expect(Object.keys(card).sort()).toEqual(['brand', 'exp_month', 'exp_year', 'last4', 'token']);
    return logged.inject({
      method: 'POST',
      url: `/api/v1/card-links/${linkToken}/card`,
      payload: { ...card, holder_name: holder },
    });
  }

  async function cardCharge(
    client: { id: string; resellerId: string },
    amountCents: number,
    installments = 1,
  ) {
    return t.system.deps.charges.create({
      clientId: client.id,
      resellerId: client.resellerId,
      description: 'Ativação — implantação + 1ª parcela',
      method: 'cartao',
      amountCents,
      dueDate: '2026-06-05',
      fineBasisPoints: 200,
      interestMonthlyBasisPoints: 100,
      provider: 'card-sandbox',
      cardInstallments: installments,
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const server = await buildServer(t.system, {
      serveWeb: false,
      logger: loggerOptions('trace', false),
      logStream: { write: (line) => void logLines.push(line) },
    });
    logged = server.app;
    await logged.ready();
    gateway = t.system.deps.cardGateway as SandboxCardGateway;
    [alfa, beta, financeiro] = await Promise.all([
      loginAs(logged, DEMO.alfa),
      loginAs(logged, DEMO.beta),
      loginAs(logged, DEMO.financeiro),
    ]);
    mercadinho = await clientNamed(alfa, 'Mercadinho Bom Preço Ltda');
    padaria = await clientNamed(alfa, 'Padaria Pão Dourado Ltda');
  });
  afterAll(async () => {
    await logged.close();
    await t.close();
  });

  it("another reseller's Hiperador gets 404 for the client's card and link", async () => {
    expect((await call(beta, 'POST', `/api/v1/clients/${mercadinho.id}/card-link`)).statusCode).toBe(404);
    expect((await call(beta, 'GET', `/api/v1/clients/${mercadinho.id}/card`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/api/v1/clients/${mercadinho.id}/card`)).statusCode).toBe(401);
    const none = await call(alfa, 'GET', `/api/v1/clients/${mercadinho.id}/card`);
    expect(none.json()).toEqual({ card: null });
  });

  it('e-mails the link to the billing address; only the SHA-256 of the token is stored; audited', async () => {
    const res = await call(alfa, 'POST', `/api/v1/clients/${mercadinho.id}/card-link`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      sent_to: ['financeiro@mercadinhobompreco.demo.local'],
      expires_at: '2026-06-08T12:00:00.000Z',
    });
    const [mail] = await t.system.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.entityType, 'client'), eq(emailOutbox.entityId, mercadinho.id)));
    expect(mail).toMatchObject({
      toAddress: 'financeiro@mercadinhobompreco.demo.local',
      subject: 'Cadastre o cartão de crédito — Mercadinho Bom Preço Ltda',
      resellerId: mercadinho.resellerId,
    });
    expect(mail!.text).toContain('vale até 08/06/2026');
    const token = /http:\/\/localhost:3000\/cartao\/([A-Za-z0-9_-]{43})\b/.exec(mail!.text)![1]!;
    const [link] = await t.system.database.db
      .select()
      .from(cardRegistrationLinks)
      .where(eq(cardRegistrationLinks.clientId, mercadinho.id));
    expect(link!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    const [audit] = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'card.link_sent'), eq(auditLog.entityId, mercadinho.id)));
    expect(audit).toMatchObject({ actorEmail: DEMO.alfa, entityType: 'client' });
  });

  it('the public page API: client, expiry, sandbox test numbers; 404 unknown; a newer link replaces it (410)', async () => {
    const first = await sendLink(alfa, padaria.id);
    const view = await call(null, 'GET', `/api/v1/card-links/${first}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      client: { legal_name: 'Padaria Pão Dourado Ltda' },
      reseller_name: 'Alfa Automação',
      expires_at: '2026-06-08T12:00:00.000Z',
      card: null,
      sandbox: true,
      tokenize_url: '/sandbox/gateway/tokens',
    });
    expect(view.json().test_numbers.map((n: { number: string }) => n.number)).toEqual([
      VISA_OK,
      VISA_DECLINED,
      VISA_NO_FUNDS,
    ]);
    expect((await call(null, 'GET', `/api/v1/card-links/${'A'.repeat(43)}`)).json()).toEqual({
      code: 'not_found',
      message: 'Link de cadastro de cartão inválido.',
    });
    expect((await call(null, 'GET', '/api/v1/card-links/curto')).statusCode).toBe(404);

    const second = await sendLink(financeiro, padaria.id);
    const old = await call(null, 'GET', `/api/v1/card-links/${first}`);
    expect(old.statusCode).toBe(410);
    expect(old.json().message).toBe(CARD_LINK_MESSAGES.replaced);
    expect((await call(null, 'GET', `/api/v1/card-links/${second}`)).statusCode).toBe(200);
    // A replaced link cannot register a card either.
    const refused = await registerThroughPage(first, VISA_OK);
    expect(refused.statusCode).toBe(410);
  });

  it('a link expires after 7 days (410 with the message)', async () => {
    const token = await sendLink(alfa, padaria.id);
    clock.advance(7 * DAY + 1000);
    try {
      const res = await call(null, 'GET', `/api/v1/card-links/${token}`);
      expect(res.statusCode).toBe(410);
      expect(res.json().message).toBe(CARD_LINK_MESSAGES.expired);
    } finally {
      clock.advance(-(7 * DAY + 1000));
    }
  });

  it('the sandbox gateway refuses a bad number / CVV with pt-BR messages (nothing stored)', async () => {
    const bad = await logged.inject({
      method: 'POST',
      url: '/sandbox/gateway/tokens',
      payload: { number: '4111 1111 1111 1112', exp_month: 12, exp_year: 2030, cvv: CVV },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      code: 'validation_failed',
      message: 'Número de cartão inválido. Confira os dígitos.',
      field: 'number',
    });
    const expired = await logged.inject({
      method: 'POST',
      url: '/sandbox/gateway/tokens',
      payload: { number: VISA_OK, exp_month: 5, exp_year: 2026, cvv: CVV },
    });
    expect(expired.json().message).toBe('Cartão vencido. Confira a validade (MM/AA).');
    // Hidden from the OpenAPI document: it is the "gateway", not our API.
    const openapi = await logged.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(Object.keys(openapi.json().paths)).not.toContain('/sandbox/gateway/tokens');
    expect(Object.keys(openapi.json().paths)).toContain('/api/v1/card-links/{token}/card');
  });

  it('registers 4111… through the page flow, charges the waiting activation charge at once (3 parcelas)', async () => {
    const activation = await cardCharge(mercadinho, 19_990, 3);
    const token = await sendLink(alfa, mercadinho.id);
    const before = gateway.transactions.length;
    const res = await registerThroughPage(token, VISA_OK, '  carlos   pereira ');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      card: {
        brand: 'visa',
        brand_label: 'Visa',
        last4: '1111',
        expiry: '12/2030',
        holder_name: 'CARLOS PEREIRA',
        label: 'Visa final 1111',
      },
      charges: [{ charge_id: activation.id, status: 'paga', attempt: 1, amount_cents: 19_990, reason: null }],
      replayed: false,
    });
    expect(gateway.transactions.length).toBe(before + 1);
    expect(gateway.transactions.at(-1)).toMatchObject({ amountCents: 19_990, installments: 3 });

    const [charge] = await t.system.database.db.select().from(charges).where(eq(charges.id, activation.id));
    expect(charge).toMatchObject({ status: 'paga', paidCents: 19_990, paidOn: '2026-06-01' });
    const [payment] = await t.system.database.db
      .select()
      .from(payments)
      .where(eq(payments.chargeId, activation.id));
    expect(payment).toMatchObject({ source: 'card', amountCents: 19_990 });
    expect(payment!.evidence).toMatchObject({ brand: 'visa', last4: '1111', installments: 3 });
    expect(payment!.sourceId).toBe(res.json().charges[0].transaction_id);

    // The client page now shows it.
    const shown = await call(alfa, 'GET', `/api/v1/clients/${mercadinho.id}/card`);
    expect(shown.json().card).toMatchObject({ label: 'Visa final 1111', exp_month: 12, exp_year: 2030 });
    // The link is used up.
    const again = await call(null, 'GET', `/api/v1/card-links/${token}`);
    expect(again.statusCode).toBe(410);
    expect(again.json().message).toBe(CARD_LINK_MESSAGES.used);
    const [audit] = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'card.registered'), eq(auditLog.entityId, mercadinho.id)));
    expect(audit!.details).toMatchObject({ card: 'Visa final 1111', expiry: '12/2030' });
  });

  it('a replayed registration answers the same card and charges nothing again', async () => {
    const token = await sendLink(alfa, mercadinho.id);
    const tok = (
      await logged.inject({
        method: 'POST',
        url: '/sandbox/gateway/tokens',
        payload: { number: '5555 5555 5555 4444', exp_month: 1, exp_year: 2031, cvv: CVV },
      })
    ).json();
    const body = { ...tok, holder_name: 'Carlos Pereira' };
    const first = await call(null, 'POST', `/api/v1/card-links/${token}/card`, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().card.label).toBe('Mastercard final 4444');
    const count = gateway.transactions.length;
    const replay = await call(null, 'POST', `/api/v1/card-links/${token}/card`, body);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({
      replayed: true,
      charges: [],
      card: { label: 'Mastercard final 4444' },
    });
    expect(gateway.transactions.length).toBe(count);
    // The Visa was replaced: one active card.
    const active = await t.system.database.db
      .select()
      .from(paymentCards)
      .where(and(eq(paymentCards.clientId, mercadinho.id), isNull(paymentCards.replacedAt)));
    expect(active.map((c) => c.last4)).toEqual(['4444']);
    // A token the gateway does not know, or details that do not match it, are refused.
    const other = await sendLink(alfa, mercadinho.id);
    const forged = await call(null, 'POST', `/api/v1/card-links/${other}/card`, { ...body, last4: '0000' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().message).toBe(CARD_LINK_MESSAGES.mismatch);
  });

  it('declined (4000…0002) → charge falhou with the reason; the same attempt again charges nothing', async () => {
    const activation = await cardCharge(padaria, 21_980);
    const token = await sendLink(alfa, padaria.id);
    const res = await registerThroughPage(token, VISA_DECLINED, 'Marina Costa');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().charges).toMatchObject([
      {
        charge_id: activation.id,
        status: 'falhou',
        attempt: 1,
        reason: 'Cartão recusado pelo emissor',
        reason_code: '05',
      },
    ]);
    const [charge] = await t.system.database.db.select().from(charges).where(eq(charges.id, activation.id));
    expect(charge).toMatchObject({
      status: 'falhou',
      failureReason: 'Cartão recusado pelo emissor',
      paidCents: 0,
    });
    const events = await t.system.database.db
      .select()
      .from(chargeEvents)
      .where(eq(chargeEvents.chargeId, activation.id));
    expect(events.filter((e) => e.type === 'recusada_cartao')).toHaveLength(1);

    // "Cobrar no cartão agora" — staff only; the same attempt is a replay (no second gateway charge).
    const url = `/api/v1/charges/${activation.id}/card/charge`;
    expect((await call(alfa, 'POST', url, { attempt: 1 })).statusCode).toBe(403);
    const count = gateway.transactions.length;
    const same = await call(financeiro, 'POST', url, { attempt: 1 });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ status: 'falhou', attempt: 1, replayed: true });
    expect(gateway.transactions.length).toBe(count);
    expect(
      (
        await t.system.database.db.select().from(chargeEvents).where(eq(chargeEvents.chargeId, activation.id))
      ).filter((e) => e.type === 'recusada_cartao'),
    ).toHaveLength(1);
    // Without an attempt: the next one (2), a new gateway charge, declined again.
    const next = await call(financeiro, 'POST', url, {});
    expect(next.json()).toMatchObject({ status: 'falhou', attempt: 2, replayed: false });
    expect(gateway.transactions.length).toBe(count + 1);
    const [audit] = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'charge.card_charged'), eq(auditLog.entityId, activation.id)))
      .orderBy(desc(auditLog.at));
    expect(audit).toMatchObject({ actorEmail: DEMO.financeiro });
  });

  it('insufficient funds (4000…9995) → falhou "Saldo insuficiente"; a new card then pays it (attempt 2)', async () => {
    const renewal = await cardCharge(padaria, 5_000);
    // The earlier declined charge is still open too: both are charged on registration.
    const token = await sendLink(alfa, padaria.id);
    const res = await registerThroughPage(token, VISA_NO_FUNDS, 'Marina Costa');
    const mine = res.json().charges.find((c: { charge_id: string }) => c.charge_id === renewal.id);
    expect(mine).toMatchObject({
      status: 'falhou',
      attempt: 1,
      reason: 'Saldo insuficiente',
      reason_code: '51',
    });
    const [charge] = await t.system.database.db.select().from(charges).where(eq(charges.id, renewal.id));
    expect(charge).toMatchObject({ status: 'falhou', failureReason: 'Saldo insuficiente' });

    const fixed = await registerThroughPage(await sendLink(alfa, padaria.id), VISA_OK, 'Marina Costa');
    const paid = fixed.json().charges.find((c: { charge_id: string }) => c.charge_id === renewal.id);
    expect(paid).toMatchObject({ status: 'paga', attempt: 2 });
    const [after] = await t.system.database.db.select().from(charges).where(eq(charges.id, renewal.id));
    expect(after!.status).toBe('paga');
    const done = await call(financeiro, 'POST', `/api/v1/charges/${renewal.id}/card/charge`, {});
    expect(done.statusCode).toBe(422);
    expect(done.json().message).toBe(`A cobrança ${renewal.number} já está paga.`);
  });

  it('a card charge without a registered card → 422 "O cliente ainda não cadastrou o cartão."', async () => {
    const farmacia = await clientNamed(alfa, 'Farmácia Vida Saudável Eireli');
    const charge = await cardCharge(farmacia, 1_000);
    const res = await call(financeiro, 'POST', `/api/v1/charges/${charge.id}/card/charge`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toBe('O cliente ainda não cadastrou o cartão.');
  });

  it('issuing a contract whose forma uses the card e-mails the card link too (boleto: only the contract)', async () => {
    const loja = await clientNamed(alfa, 'Loja de Calçados Passo Firme Ltda');
    const put = await call(alfa, 'PUT', `/api/v1/clients/${loja.id}`, {
      responsible_name: 'Joana Ribeiro Alves',
      responsible_cpf: '529.982.247-25',
      responsible_email: 'joana@passofirme.example',
    });
    expect(put.statusCode, put.body).toBe(200);
    const cardMails = () =>
      t.system.database.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.entityType, 'client'), eq(emailOutbox.entityId, loja.id)));
    async function issue(paymentMethod: string) {
      const proposal = await call(alfa, 'POST', '/api/v1/proposals', {
        client_id: loja.id,
        product: 'hiper-mini',
        addons: {},
        apps: [],
        periodicity: 'mensal',
        setup_fee: false,
        negotiated_monthly_cents: 8990,
        payment_method: paymentMethod,
        card_installments: paymentMethod.includes('cartao') ? 1 : null,
      });
      expect(proposal.statusCode, proposal.body).toBe(201);
      const id = proposal.json().id as string;
      expect((await call(alfa, 'POST', `/api/v1/proposals/${id}/ready`)).statusCode).toBe(200);
      const contract = await call(alfa, 'POST', `/api/v1/proposals/${id}/contract`, {});
      expect(contract.statusCode, contract.body).toBe(201);
    }
    await issue('boleto');
    expect(await cardMails()).toHaveLength(0);
    await issue('ted_cartao');
    const mails = await cardMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Cadastre o cartão de crédito — Loja de Calçados Passo Firme Ltda');
    const token = /\/cartao\/([A-Za-z0-9_-]{43})\b/.exec(mails[0]!.text)![1]!;
    expect((await call(null, 'GET', `/api/v1/card-links/${token}`)).statusCode).toBe(200);
  });

  it('the card number and the CVV are nowhere in the database or the logs', async () => {
    const needles = [
      VISA_OK,
      VISA_OK.replace(/ /g, ''),
      VISA_DECLINED.replace(/ /g, ''),
      VISA_NO_FUNDS.replace(/ /g, ''),
      '5555555555554444',
      // the CVV as a field, in any serialisation
      '"cvv"',
      `cvv":"${CVV}`,
      `cvv=${CVV}`,
    ];
    const columns = await t.system.database.executeSql(
      `select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    expect(columns.rows.length).toBeGreaterThan(20);
    const tables = new Set(columns.rows.map((r) => r.table_name));
    expect(tables).toContain('payment_cards');
    expect(tables).toContain('audit_log');
    let searched = 0;
    for (const row of columns.rows) {
      const table = `"${String(row.table_name)}"`;
      const column = `"${String(row.column_name)}"`;
      const asText = row.data_type === 'bytea' ? `encode(${column}, 'escape')` : `${column}::text`;
      for (const needle of needles) {
        const hit = await t.system.database.executeSql(
          `select count(*)::int as n from ${table} where position(lower($1) in lower(${asText})) > 0`,
          [needle],
        );
        expect(hit.rows[0]!.n, `${needle} em ${row.table_name}.${row.column_name}`).toBe(0);
        searched++;
      }
    }
    expect(searched).toBeGreaterThan(100);
    // The same search does find what is stored on purpose (a control for the search itself).
    const control = await t.system.database.executeSql(
      `select count(*)::int as n from "audit_log" where position(lower($1) in lower("details"::text)) > 0`,
      ['Visa final 1111'],
    );
    expect(control.rows[0]!.n).toBeGreaterThan(0);
    // The registrations above did happen and were logged (the sandbox route included).
    const log = logLines.join('');
    expect(log).toContain('/sandbox/gateway/tokens');
    expect(log).toContain('/card-links/');
    for (const needle of needles) expect(log.toLowerCase()).not.toContain(needle.toLowerCase());
  });
});
