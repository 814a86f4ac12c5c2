import { randomUUID } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  bankFiles,
  clientCredits,
  clients,
  payments,
  statementEntries,
} from '../../adapters/db/schema';
import { addBusinessDays } from '../../domain/calendar/bank-calendar';
import { addDays, businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { buildOfx102, type FixtureTransaction } from '../../domain/payments/ofx/fixtures/build-ofx';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

// The charges' issue date is the database's now(): the test runs on the real clock and dates around today.
const today = businessDateAt(new Date());
const day = (n: number) => addDays(today, n);

let t: TestApp;
let financeiro: LoggedIn;
let admin: LoggedIn;
let gerente: LoggedIn;
let alfa: LoggedIn;
let client: { id: string; legalName: string; document: string };
let otherClient: { id: string; legalName: string; document: string };

const call = (s: LoggedIn | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

const upload = (
  s: LoggedIn,
  bytes: Uint8Array,
  filename = 'extrato.ofx',
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/statements/import?filename=${encodeURIComponent(filename)}`,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      'content-type': 'application/octet-stream',
      ...headers,
    },
    payload: Buffer.from(bytes),
  });

async function newTedCharge(c: { id: string }, amountCents: number, dueDate = day(7)) {
  const res = await call(financeiro, 'POST', '/api/v1/charges', {
    client_id: c.id,
    method: 'ted',
    amount_cents: amountCents,
    due_date: dueDate,
    description: 'Implantação Hiper Gestão',
    notify: false,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; status: string };
}

const identifier = (number: string) => `CC${number.replace(/\D/g, '')}`;

async function counts() {
  const db = t.system.database.db;
  const [[p], [e], [f], [cr]] = await Promise.all([
    db.select({ n: count() }).from(payments),
    db.select({ n: count() }).from(statementEntries),
    db.select({ n: count() }).from(bankFiles).where(eq(bankFiles.kind, 'extrato')),
    db.select({ n: count() }).from(clientCredits),
  ]);
  return { payments: p!.n, entries: e!.n, files: f!.n, credits: cr!.n };
}

async function chargeState(id: string) {
  const res = await call(financeiro, 'GET', `/api/v1/charges/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { status: string; paid_cents: number; balance_cents: number; paid_on: string | null };
}

async function pending() {
  const res = await call(financeiro, 'GET', '/api/v1/statements/entries?status=pendente');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; fitid: string; amount_cents: number; memo: string; unmatched_reason: string }[];
    total: number;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  [financeiro, admin, gerente, alfa] = await Promise.all([
    loginAs(t.app, DEMO.financeiro),
    loginAs(t.app, DEMO.admin),
    loginAs(t.app, DEMO.gerente),
    loginAs(t.app, DEMO.alfa),
  ]);
  const rows = await t.system.database.db
    .select({ id: clients.id, legalName: clients.legalName, document: clients.document })
    .from(clients)
    .limit(2);
  [client, otherClient] = rows as [typeof client, typeof client];
});
afterAll(() => t.close());

describe('OFX statement import (issue 5, acceptance 4)', () => {
  let paid: { id: string; number: string };
  let queuedId: string;
  let statement: Uint8Array;

  it('a matching TED, a duplicate FITID and an unknown credit → one payment, one item in the queue', async () => {
    paid = await newTedCharge(client, 150000);
    // Same amount, another client, not cited: must not take the credit.
    await newTedCharge(otherClient, 150000);
    const before = await counts();
    const ted: FixtureTransaction = {
      fitid: 'F-1001',
      postedOn: day(2),
      amount: '1500.00',
      name: 'TED-Crédito em Conta',
      memo: `237 0123 ${client.legalName.toUpperCase()} ${identifier(paid.number).replace('CC', 'CC-')}`,
    };
    statement = buildOfx102({
      transactions: [
        ted,
        { fitid: 'F-1002', postedOn: day(2), amount: '-89.90', memo: 'TARIFA PACOTE SERVIÇOS' },
        // The bank repeats the TED line in the same export: same FITID.
        { ...ted },
        { fitid: 'F-1003', postedOn: day(3), amount: '777.77', memo: 'TED 104 0001 JOÃO NINGUÉM' },
      ],
    });
    const res = await upload(financeiro, statement, 'extrato-bb.ofx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      filename: 'extrato-bb.ofx',
      account: '001-3064-2-12345-6',
      already_imported: false,
      credits: 3,
      matched: 1,
      duplicates: 1,
      unmatched: 1,
      ignored_debits: 1,
      ignored_balances: 0,
    });

    const after = await counts();
    expect(after.payments - before.payments).toBe(1);
    expect(after.entries - before.entries).toBe(2);
    expect(after.files - before.files).toBe(1);
    expect(after.credits).toBe(before.credits);

    const charge = await chargeState(paid.id);
    expect(charge).toMatchObject({ status: 'paga', paid_cents: 150000, balance_cents: 0, paid_on: day(2) });
    const [payment] = await t.system.database.db
      .select()
      .from(payments)
      .where(eq(payments.chargeId, paid.id));
    expect(payment).toMatchObject({
      source: 'ofx',
      sourceId: '001-3064-2-12345-6:F-1001',
      amountCents: 150000,
    });
    expect(payment!.evidence).toMatchObject({
      matched_by: 'identificador',
      transaction: { fitid: 'F-1001' },
    });

    const queue = await pending();
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({
      fitid: 'F-1003',
      amount_cents: 77777,
      memo: 'TED 104 0001 JOÃO NINGUÉM',
    });
    expect(queue.items[0]!.unmatched_reason).toBe('Nenhuma cobrança por TED em aberto com este valor.');
    queuedId = queue.items[0]!.id;

    const history = await call(financeiro, 'GET', '/api/v1/statements/entries?status=conciliado');
    expect(history.json().items).toEqual([
      expect.objectContaining({
        fitid: 'F-1001',
        status: 'conciliado',
        status_label: 'Conciliado',
        charge: { id: paid.id, number: paid.number, client_name: client.legalName },
      }),
    ]);
  });

  it('two credits citing one charge: the first pays it, the second waits in the queue', async () => {
    const charge = await newTedCharge(otherClient, 25000);
    const memo = `TED ${identifier(charge.number)}`;
    const res = await upload(
      financeiro,
      buildOfx102({
        accountId: '99999-9',
        transactions: [
          { fitid: 'D-1', postedOn: day(1), amount: '250.00', memo },
          { fitid: 'D-2', postedOn: day(1), amount: '250,00', memo },
        ],
      }),
      'pago-duas-vezes.ofx',
    );
    expect(res.json()).toMatchObject({ credits: 2, matched: 1, unmatched: 1, account: '001-3064-2-99999-9' });
    expect(await chargeState(charge.id)).toMatchObject({ status: 'paga', paid_cents: 25000 });
    const second = await call(financeiro, 'GET', '/api/v1/statements/entries?status=pendente&q=D-2');
    expect(second.json().items).toEqual([expect.objectContaining({ fitid: 'D-2', amount_cents: 25000 })]);
    // Taken out of the queue again so the next tests see only their own credits.
    const dismissed = await call(
      financeiro,
      'POST',
      `/api/v1/statements/entries/${second.json().items[0].id}/dismiss`,
      {
        reason: 'Pagamento em duplicidade, devolvido ao cliente',
      },
    );
    expect(dismissed.statusCode).toBe(200);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await counts();
    const res = await upload(financeiro, statement, 'de-novo.ofx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      already_imported: true,
      filename: 'extrato-bb.ofx',
      matched: 1,
      unmatched: 1,
    });
    expect(await counts()).toEqual(before);
    expect((await pending()).total).toBe(1);
  });

  it('an overlapping statement: FITIDs seen before are duplicates, only the new credit is recorded', async () => {
    const before = await counts();
    const res = await upload(
      financeiro,
      buildOfx102({
        transactions: [
          { fitid: 'F-1001', postedOn: day(2), amount: '1500.00', memo: 'TED CC' },
          { fitid: 'F-1003', postedOn: day(3), amount: '777.77', memo: 'TED 104 0001 JOÃO NINGUÉM' },
          { fitid: 'F-1004', postedOn: day(4), amount: '50.00', memo: 'TED 341 DEVOLUÇÃO FORNECEDOR' },
        ],
      }),
      'extrato-semana.ofx',
    );
    expect(res.json()).toMatchObject({ credits: 3, duplicates: 2, matched: 0, unmatched: 1 });
    const after = await counts();
    expect(after.payments).toBe(before.payments);
    expect(after.entries - before.entries).toBe(1);
    expect((await pending()).total).toBe(2);
  });

  it('a broken OFX is refused whole, naming the transaction, and nothing is written', async () => {
    const before = await counts();
    const broken = buildOfx102({
      transactions: [
        { fitid: 'G-1', postedOn: day(1), amount: '10.00', memo: 'TED ok' },
        { fitid: 'G-2', postedOn: day(1), amount: '1.234,56', memo: 'TED valor com milhar' },
      ],
    });
    const res = await upload(financeiro, broken);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'validation_failed',
      field: 'arquivo',
      message: 'Extrato recusado: Transação 2 (FITID G-2): valor inválido (TRNAMT "1.234,56").',
    });
    const notOfx = await upload(
      financeiro,
      new TextEncoder().encode('Data;Valor\n01/06/2026;10,00\n'),
      'x.csv',
    );
    expect(notOfx.statusCode).toBe(400);
    expect(notOfx.json().message).toMatch(/não é um extrato OFX/);
    // Truncated in the middle of the first transaction (before its amount and FITID).
    const truncated = statement.subarray(0, Buffer.from(statement).indexOf('<TRNAMT>1500.00'));
    const cut = await upload(financeiro, truncated);
    expect(cut.statusCode).toBe(400);
    expect(cut.json().message).toBe(
      'Extrato recusado: Transação 1: sem FITID (o identificador da transação no banco).',
    );
    expect(await counts()).toEqual(before);
  });

  it('accepts text/plain bodies and refuses more than 10 MB', async () => {
    const small = buildOfx102({ transactions: [], start: day(-30), end: day(-1) });
    const asText = await upload(financeiro, small, 'vazio.ofx', {
      'content-type': 'text/plain; charset=iso-8859-1',
    });
    expect(asText.statusCode, asText.body).toBe(200);
    expect(asText.json()).toMatchObject({ credits: 0, matched: 0 });
    const huge = await upload(financeiro, new Uint8Array(10 * 1024 * 1024 + 1));
    expect(huge.statusCode).toBe(413);
  });

  it('only admin and financeiro: others 403, no CSRF token 403, no session 401', async () => {
    for (const who of [alfa, gerente]) {
      expect((await upload(who, statement)).statusCode).toBe(403);
      expect((await call(who, 'GET', '/api/v1/statements/entries')).statusCode).toBe(403);
      expect((await call(who, 'POST', `/api/v1/charges/${paid.id}/ted/confirm`, {})).statusCode).toBe(403);
    }
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/statements/import',
      headers: { cookie: financeiro.cookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(statement),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await call(null, 'GET', '/api/v1/statements/entries')).statusCode).toBe(401);
    expect((await call(admin, 'GET', '/api/v1/statements/entries')).statusCode).toBe(200);
  });

  it('the import is in the audit log', async () => {
    const rows = await t.system.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'statement.imported'));
    expect(rows.length).toBe(4);
    expect(rows[0]).toMatchObject({ actorEmail: DEMO.financeiro, entityType: 'bank_file' });
    expect(rows[0]!.details).toMatchObject({
      filename: 'extrato-bb.ofx',
      matched: 1,
      duplicates: 1,
      unmatched: 1,
    });
  });

  describe('the unmatched queue', () => {
    it('offers open charges: by balance when nothing is typed, or by client name / CNPJ / number', async () => {
      const under = await newTedCharge(otherClient, 100000);
      const byName = await call(
        financeiro,
        'GET',
        `/api/v1/statements/entries/${queuedId}/charge-options?q=${encodeURIComponent(otherClient.legalName.slice(0, 8))}`,
      );
      expect(byName.statusCode, byName.body).toBe(200);
      expect(byName.json().items.map((i: { id: string }) => i.id)).toContain(under.id);
      const byNumber = await call(
        financeiro,
        'GET',
        `/api/v1/statements/entries/${queuedId}/charge-options?q=${under.number}`,
      );
      expect(byNumber.json().items).toEqual([
        expect.objectContaining({
          id: under.id,
          balance_cents: 100000,
          method_label: 'TED',
          ted_identifier: identifier(under.number),
        }),
      ]);
      const byDoc = await call(
        financeiro,
        'GET',
        `/api/v1/statements/entries/${queuedId}/charge-options?q=${otherClient.document}`,
      );
      expect(byDoc.json().items.map((i: { id: string }) => i.id)).toContain(under.id);
      // Nothing typed: charges whose balance is R$ 777,77 — none.
      const byBalance = await call(
        financeiro,
        'GET',
        `/api/v1/statements/entries/${queuedId}/charge-options`,
      );
      expect(byBalance.json().items).toEqual([]);
    });

    it('a hand match with a different amount is applied as an under-payment; matching again → 409', async () => {
      const under = await newTedCharge(otherClient, 100000);
      const before = await counts();
      const res = await call(financeiro, 'POST', `/api/v1/statements/entries/${queuedId}/match`, {
        charge_id: under.id,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        entry: {
          status: 'conciliado',
          charge: { id: under.id, number: under.number },
          resolved_by: expect.any(String),
        },
        payment: {
          status: 'applied',
          principal_cents: 77777,
          balance_cents: 22223,
          settled: false,
          overpaid_cents: 0,
        },
      });
      expect(await chargeState(under.id)).toMatchObject({
        status: 'emitida',
        paid_cents: 77777,
        balance_cents: 22223,
      });
      expect((await counts()).payments).toBe(before.payments + 1);

      const again = await call(financeiro, 'POST', `/api/v1/statements/entries/${queuedId}/match`, {
        charge_id: under.id,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().message).toBe(
        `Este crédito já foi conciliado com a cobrança ${under.number}; nada foi alterado.`,
      );
      expect((await counts()).payments).toBe(before.payments + 1);
      const audit = await t.system.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'statement.entry_matched'));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.details).toMatchObject({
        charge_number: under.number,
        amount_cents: 77777,
        balance_cents: 22223,
      });
    });

    it('a hand match to a paid charge → 422; to an unknown charge → 404', async () => {
      const [entry] = (await pending()).items;
      const paidRes = await call(financeiro, 'POST', `/api/v1/statements/entries/${entry!.id}/match`, {
        charge_id: paid.id,
      });
      expect(paidRes.statusCode).toBe(422);
      expect(paidRes.json().message).toBe(
        `A cobrança ${paid.number} está paga; escolha uma cobrança em aberto.`,
      );
      const unknown = await call(financeiro, 'POST', `/api/v1/statements/entries/${entry!.id}/match`, {
        charge_id: randomUUID(),
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('dismissing needs a reason; the same dismissal again changes nothing; a dismissed credit cannot be matched', async () => {
      const [entry] = (await pending()).items;
      expect(entry).toMatchObject({ fitid: 'F-1004' });
      const short = await call(financeiro, 'POST', `/api/v1/statements/entries/${entry!.id}/dismiss`, {
        reason: ' ok ',
      });
      expect(short.statusCode).toBe(400);
      expect(short.json()).toMatchObject({
        field: 'reason',
        message: 'Informe o motivo do descarte (ao menos 5 caracteres).',
      });

      const reason = 'Devolução de fornecedor, não é cobrança';
      const res = await call(financeiro, 'POST', `/api/v1/statements/entries/${entry!.id}/dismiss`, {
        reason,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'descartado', dismiss_reason: reason });
      const again = await call(financeiro, 'POST', `/api/v1/statements/entries/${entry!.id}/dismiss`, {
        reason,
      });
      expect(again.statusCode).toBe(200);
      const other = await call(financeiro, 'POST', `/api/v1/statements/entries/${entry!.id}/dismiss`, {
        reason: 'outro motivo qualquer',
      });
      expect(other.statusCode).toBe(409);
      const match = await call(financeiro, 'POST', `/api/v1/statements/entries/${entry!.id}/match`, {
        charge_id: paid.id,
      });
      expect(match.statusCode).toBe(409);
      expect(match.json().message).toMatch(
        /^Este crédito foi descartado em \d{2}\/\d{2}\/\d{4} \(motivo: "Devolução/,
      );

      expect((await pending()).total).toBe(0);
      const dismissed = await call(
        financeiro,
        'GET',
        '/api/v1/statements/entries?status=descartado&q=fornecedor',
      );
      expect(dismissed.json().total).toBe(1);
      const audit = await t.system.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'statement.entry_dismissed'));
      expect(audit).toHaveLength(2); // this one and the double payment above
    });
  });
});

describe('TED confirmed by hand (without a statement)', () => {
  it('settles the charge with the reason; the same confirmation again changes nothing', async () => {
    const charge = await newTedCharge(client, 45000);
    const key = randomUUID();
    const body = {
      amount_cents: 45000,
      paid_on: today,
      reason: 'Comprovante enviado pelo cliente',
      idempotency_key: key,
    };
    const res = await call(financeiro, 'POST', `/api/v1/charges/${charge.id}/ted/confirm`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      charge: { status: 'paga', status_label: 'Paga', paid_cents: 45000, balance_cents: 0, paid_on: today },
      payment: { status: 'applied', settled: true },
    });
    const again = await call(financeiro, 'POST', `/api/v1/charges/${charge.id}/ted/confirm`, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().payment).toMatchObject({
      status: 'duplicate',
      payment_id: res.json().payment.payment_id,
    });
    const rows = await t.system.database.db.select().from(payments).where(eq(payments.chargeId, charge.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'manual',
      sourceId: `manual:${key}`,
      reason: 'Comprovante enviado pelo cliente',
    });
    const audit = await t.system.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'charge.ted_confirmed'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: DEMO.financeiro, entityId: charge.id });

    // Settled: another confirmation (another key) is refused.
    const paidAgain = await call(financeiro, 'POST', `/api/v1/charges/${charge.id}/ted/confirm`, {
      ...body,
      idempotency_key: randomUUID(),
    });
    expect(paidAgain.statusCode).toBe(422);
    expect(paidAgain.json().message).toBe(`A cobrança ${charge.number} está paga; nada foi registrado.`);
  });

  it('an over-payment becomes client credit, never silently', async () => {
    const charge = await newTedCharge(client, 30000);
    const res = await call(financeiro, 'POST', `/api/v1/charges/${charge.id}/ted/confirm`, {
      amount_cents: 31000,
      paid_on: today,
      reason: 'TED vista no internet banking',
    });
    expect(res.json()).toMatchObject({
      payment: { principal_cents: 30000, overpaid_cents: 1000, settled: true },
    });
    const credits = await t.system.database.db
      .select()
      .from(clientCredits)
      .where(inArray(clientCredits.chargeId, [charge.id]));
    expect(credits.map((c) => c.amountCents)).toEqual([1000]);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const charge = await newTedCharge(client, 20000);
    const before = await counts();
    const tomorrow = day(1);
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { amount_cents: 0, paid_on: today, reason: 'Comprovante' },
        400,
        'Informe o valor recebido, maior que zero.',
      ],
      [
        { amount_cents: 20000, paid_on: tomorrow, reason: 'Comprovante' },
        400,
        `A data de recebimento não pode ser futura (hoje é ${formatDateBR(today)}).`,
      ],
      [
        { amount_cents: 20000, paid_on: '2026-02-30', reason: 'Comprovante' },
        400,
        'Data de recebimento inválida (use AAAA-MM-DD).',
      ],
      [{ amount_cents: 20000, paid_on: today, reason: 'ok' }, 400, 'ao menos 5 caracteres'],
    ];
    for (const [payload, status, message] of cases) {
      const res = await call(financeiro, 'POST', `/api/v1/charges/${charge.id}/ted/confirm`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().message).toContain(message);
    }
    const boleto = await call(financeiro, 'POST', '/api/v1/charges', {
      client_id: client.id,
      method: 'boleto',
      amount_cents: 20000,
      due_date: addBusinessDays(today, 3),
      description: 'Mensalidade',
      notify: false,
    });
    const notTed = await call(financeiro, 'POST', `/api/v1/charges/${boleto.json().id}/ted/confirm`, {
      amount_cents: 20000,
      paid_on: today,
      reason: 'Comprovante',
    });
    expect(notTed.statusCode).toBe(422);
    expect(notTed.json().message).toBe(
      `A cobrança ${boleto.json().number} é por Boleto bancário, não por TED.`,
    );
    const after = await counts();
    expect(after.payments).toBe(before.payments);
  });
});
