import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, clients, emailOutbox } from '../../adapters/db/schema';
import { decodeBrCode } from '../../domain/payments/pix/br-code';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

let t: TestApp;
let financeiro: LoggedIn;
let alfa: LoggedIn;
let beta: LoggedIn;
let alfaClient: { id: string; legalName: string; email: string };

const call = (s: LoggedIn | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

beforeAll(async () => {
  // 2026-06-01 09:00 in São Paulo
  t = await createTestApp({ clock: manualClock(new Date('2026-06-01T12:00:00Z')) });
  [financeiro, alfa, beta] = await Promise.all([
    loginAs(t.app, DEMO.financeiro),
    loginAs(t.app, DEMO.alfa),
    loginAs(t.app, DEMO.beta),
  ]);
  const [row] = await t.system.database.db
    .select()
    .from(clients)
    .where(eq(clients.resellerId, alfa.body.user.reseller!.id))
    .limit(1);
  alfaClient = { id: row!.id, legalName: row!.legalName, email: row!.email };
});
afterAll(() => t.close());

const newCharge = (overrides: Record<string, unknown> = {}) => ({
  client_id: alfaClient.id,
  method: 'boleto',
  amount_cents: 123456,
  due_date: '2026-06-10',
  description: 'Implantação Hiper Gestão',
  ...overrides,
});

describe('charges API', () => {
  it('Financeiro issues a boleto híbrido: valid barcode and line, Pix of the same amount, e-mail to the client', async () => {
    const res = await call(financeiro, 'POST', '/api/v1/charges', newCharge());
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'emitida',
      method: 'boleto',
      amount_cents: 123456,
      balance_cents: 123456,
      due_date: '2026-06-10',
      client: { id: alfaClient.id },
    });
    expect(c.number).toMatch(/^2026-\d{6}$/);
    // Banco do Brasil, convênio 1234567 (demo settings): nosso número = convênio + sequence (17 digits)
    expect(c.boleto.bank_code).toBe('001');
    expect(c.boleto.nosso_numero).toMatch(/^1234567\d{10}$/);
    expect(c.boleto.barcode).toHaveLength(44);
    expect(isValidBoleto(c.boleto.digitable_line)).toBe(true);
    // amount in the barcode (positions 10–19) and the formatted line
    expect(c.boleto.barcode.slice(9, 19)).toBe('0000123456');
    expect(c.boleto.digitable_line_formatted).toMatch(/^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);
    const pix = decodeBrCode(c.pix.payload);
    expect(pix).toMatchObject({ crcValid: true, amountCents: 123456, txid: c.pix.txid });

    const mail = await t.system.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.entityType, 'charge'), eq(emailOutbox.entityId, c.id)));
    expect(mail.map((m) => m.toAddress)).toContain(alfaClient.email.toLowerCase());
    expect(mail[0]!.subject).toBe(`Cobrança ${c.number} — R$ 1.234,56 — vence em 10/06/2026`);
    expect(mail[0]!.text).toContain('/pagar/');

    const audit = await t.system.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'charge.created'));
    expect(audit.some((a) => (a.details as { charge_id?: string }).charge_id === c.id)).toBe(true);
  });

  it('a TED charge carries the identifier CC + its number and the beneficiary account', async () => {
    const res = await call(
      financeiro,
      'POST',
      '/api/v1/charges',
      newCharge({ method: 'ted', notify: false }),
    );
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.ted.identifier).toBe(`CC${c.number.replace('-', '')}`);
    expect(c.ted).toMatchObject({ bank: '001 — Banco do Brasil S.A.', agency: '3064-2', account: '12345-6' });
    expect(c.boleto).toBeNull();
    expect(c.pix).toBeNull();
  });

  it('a Pix charge has a txid and a BR Code with valid CRC', async () => {
    const res = await call(
      financeiro,
      'POST',
      '/api/v1/charges',
      newCharge({ method: 'pix', amount_cents: 9990 }),
    );
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(decodeBrCode(c.pix.payload)).toMatchObject({
      crcValid: true,
      amountCents: 9990,
      txid: c.pix.txid,
    });
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = (await call(financeiro, 'GET', `/api/v1/charges?client_id=${alfaClient.id}`)).json().total;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amount_cents: 0 }, 'amount_cents', /maior que zero/],
      [{ due_date: '2026-05-31' }, 'due_date', /não pode ser anterior a hoje \(01\/06\/2026\)/],
      [{ description: ' x ' }, 'description', /ao menos 3 caracteres/],
      [{ method: 'cartao', card_installments: 13 }, 'card_installments', /1 a 12/],
    ];
    for (const [override, field, message] of cases) {
      const res = await call(financeiro, 'POST', '/api/v1/charges', newCharge(override));
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field });
      expect(res.json().message).toMatch(message);
    }
    const after = (await call(financeiro, 'GET', `/api/v1/charges?client_id=${alfaClient.id}`)).json().total;
    expect(after).toBe(before);
  });

  it('only back office issues charges; a Hiperador sees its own clients’ charges and no one else’s', async () => {
    expect((await call(alfa, 'POST', '/api/v1/charges', newCharge())).statusCode).toBe(403);
    const list = (await call(alfa, 'GET', '/api/v1/charges')).json();
    expect(list.total).toBeGreaterThan(0);
    const alfaReseller = alfa.body.user.reseller!.id;
    expect(list.items.every((c: { reseller: { id: string } }) => c.reseller.id === alfaReseller)).toBe(true);
    const id = list.items[0].id;
    expect((await call(alfa, 'GET', `/api/v1/charges/${id}`)).statusCode).toBe(200);
    expect((await call(beta, 'GET', `/api/v1/charges/${id}`)).statusCode).toBe(404);
    expect((await call(beta, 'GET', `/api/v1/charges/${id}/boleto.pdf`)).statusCode).toBe(404);
    const betaList = (await call(beta, 'GET', '/api/v1/charges')).json();
    const betaReseller = beta.body.user.reseller!.id;
    expect(betaList.items.every((c: { reseller: { id: string } }) => c.reseller.id === betaReseller)).toBe(
      true,
    );
    expect(betaList.items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await call(beta, 'POST', `/api/v1/charges/${id}/resend`)).statusCode).toBe(404);
  });

  it('cancels with a reason; a cancelled charge cannot be cancelled again', async () => {
    const c = (await call(financeiro, 'POST', '/api/v1/charges', newCharge({ notify: false }))).json();
    const short = await call(financeiro, 'POST', `/api/v1/charges/${c.id}/cancel`, { reason: 'x' });
    expect(short.statusCode).toBe(400);
    const ok = await call(financeiro, 'POST', `/api/v1/charges/${c.id}/cancel`, {
      reason: 'Emitida em duplicidade',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'cancelada', cancel_reason: 'Emitida em duplicidade' });
    const again = await call(financeiro, 'POST', `/api/v1/charges/${c.id}/cancel`, {
      reason: 'Emitida em duplicidade',
    });
    expect(again.statusCode).toBe(409);
    const detail = (await call(alfa, 'GET', `/api/v1/charges/${c.id}`)).json();
    expect(detail.events.map((e: { type: string }) => e.type)).toContain('cancelada');
  });

  it('the payment page opens with the signed link only, and shows how to pay', async () => {
    const c = (await call(financeiro, 'POST', '/api/v1/charges', newCharge({ notify: false }))).json();
    const token = c.payment_page_url.split('/pagar/')[1];
    const page = await call(null, 'GET', `/api/v1/payment-page/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      number: c.number,
      amount_cents: 123456,
      client_name: alfaClient.legalName,
      boleto: { digitable_line: c.boleto.digitable_line },
    });
    const forged = `${c.id}.${'A'.repeat(32)}`;
    expect((await call(null, 'GET', `/api/v1/payment-page/${forged}`)).statusCode).toBe(404);
    expect(
      (await call(null, 'GET', `/api/v1/payment-page/${token}/boleto.pdf`)).headers['content-type'],
    ).toBe('application/pdf');
  });

  it('the boleto PDF carries the linha digitável, the amount, the due date and a barcode zbar reads', async () => {
    const c = (await call(financeiro, 'POST', '/api/v1/charges', newCharge({ notify: false }))).json();
    const res = await call(alfa, 'GET', `/api/v1/charges/${c.id}/boleto.pdf`);
    expect(res.statusCode).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'boleto-'));
    const pdf = join(dir, 'boleto.pdf');
    writeFileSync(pdf, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(c.boleto.digitable_line_formatted);
    expect(text).toContain('1.234,56');
    expect(text).toContain('10/06/2026');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, join(dir, 'page')]);
    const read = execFileSync('zbarimg', ['--quiet', '--raw', '-Si25.enable', join(dir, 'page.png')], {
      encoding: 'utf8',
    });
    expect(read.split('\n')).toContain(c.boleto.barcode);
  });
});
