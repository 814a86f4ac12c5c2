import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDueStatements } from '../../app/repasse/statements';
import { chargesOf, signedContract } from '../../test-support/billing-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

/**
 * Extratos de repasse over HTTP: tenancy (Beta never sees Alfa's statements), CSV and PDF exports, the
 * payout and the nota fiscal. Alfa's client pays R$ 89,90 on 10/06/2026 (repasse 8990 − 2800 − 584 = 5606).
 */
const clock = manualClock(new Date('2026-06-10T12:00:00Z'));
const setDay = (iso: string) => clock.advance(new Date(`${iso}T12:00:00Z`).getTime() - clock.now().getTime());
let t: TestApp;
let alfaId: string;
let clientName: string;

const sessions = new Map<string, { at: number; s: LoggedIn }>();
async function sessionOf(email: string): Promise<LoggedIn> {
  const at = clock.now().getTime();
  const known = sessions.get(email);
  if (known && known.at === at) return known.s;
  const s = await loginAs(t.app, email);
  sessions.set(email, { at, s });
  return s;
}

async function call(
  email: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: Record<string, unknown> | Buffer,
  headers: Record<string, string> = {},
) {
  const s = await sessionOf(email);
  return t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers },
    ...(payload !== undefined ? { payload } : {}),
  });
}

const base = () => `/api/v1/repasse/resellers/${alfaId}/statements`;

beforeAll(async () => {
  t = await createTestApp({ clock });
  const alfa = await sessionOf(DEMO.alfa);
  alfaId = alfa.body.user.reseller!.id;
  const { clientId, contractId } = await signedContract(t, alfa);
  await t.system.deps.contractSigned.onContractSigned(contractId);
  const [charge] = await chargesOf(t, clientId);
  await t.system.deps.charges.applyPayments([
    {
      chargeId: charge!.id,
      source: 'manual',
      sourceId: `teste:${charge!.id}`,
      amountCents: charge!.amountCents,
      paidOn: '2026-06-10',
      evidence: {},
    },
  ]);
  clientName = (await call(DEMO.alfa, 'GET', `/api/v1/clients/${clientId}`)).json().legal_name;
  // 05/07: the scheduled close freezes June (and any older open statement) for every Hiperador.
  setDay('2026-07-05');
  await closeDueStatements({ ...t.system.deps, clock, closeDay: 5 });
});
afterAll(() => t.close());

describe('repasse routes', () => {
  it('Alfa sees its June statement with its client line; the gerente (assigned) and Financeiro too', async () => {
    const list = await call(DEMO.alfa, 'GET', base());
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().reseller.name).toBe('Alfa Automação');
    expect(list.json().statements.find((s: { month: string }) => s.month === '2026-06')).toMatchObject({
      status: 'fechado',
      status_label: 'Fechado',
    });
    const june = (await call(DEMO.alfa, 'GET', `${base()}/2026-06`)).json();
    const line = june.lines.find(
      (l: { client: { legal_name: string } | null }) => l.client?.legal_name === clientName,
    );
    expect(line).toMatchObject({
      kind: 'parcela',
      competence: '2026-06',
      occurred_on: '2026-06-10',
      received_cents: 8990,
      cost_cents: 2800,
      central_fee_cents: 584,
      repasse_cents: 5606,
    });
    expect(line.client.document).toMatch(/^[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}\/[0-9A-Z]{4}-\d{2}$/);
    // Lines come a page at a time; the totals are the whole statement's on every page.
    const total = june.lines_page.total as number;
    const beyond = (await call(DEMO.alfa, 'GET', `${base()}/2026-06?page=${total + 1}&page_size=1`)).json();
    expect(beyond.lines).toEqual([]);
    expect(beyond.lines_page).toEqual({ page: total + 1, page_size: 1, total });
    expect(beyond.totals).toEqual(june.totals);
    for (const who of [DEMO.gerente, DEMO.financeiro, DEMO.admin]) {
      expect((await call(who, 'GET', `${base()}/2026-06`)).statusCode, who).toBe(200);
    }
  });

  it('Beta gets 404 (never Alfa data) on every statement route of Alfa, 403 on back-office actions', async () => {
    const urls: [method: 'GET' | 'POST' | 'PUT', url: string, status: number][] = [
      ['GET', base(), 404],
      ['GET', `${base()}/2026-06`, 404],
      ['GET', `${base()}/2026-06/export.csv`, 404],
      ['GET', `${base()}/2026-06/export.pdf`, 404],
      ['GET', `${base()}/2026-06/invoice`, 404],
      ['POST', `${base()}/2026-06/close`, 403],
      ['POST', `${base()}/2026-06/payout`, 403],
      ['POST', `${base()}/2026-06/adjustments`, 403],
    ];
    for (const [method, url, status] of urls) {
      const res = await call(DEMO.beta, method, url, method === 'GET' ? undefined : {});
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expect(res.body).not.toContain(clientName);
      expect(res.body).not.toContain('5606');
    }
    const pdf = Buffer.from('%PDF-1.4\n% nota fiscal\n');
    const upload = await call(DEMO.beta, 'PUT', `${base()}/2026-06/invoice`, pdf, {
      'content-type': 'application/pdf',
    });
    expect(upload.statusCode).toBe(404);
    // Beta's own statements hold none of Alfa's lines.
    const betaId = (await sessionOf(DEMO.beta)).body.user.reseller!.id;
    const own = await call(DEMO.beta, 'GET', `/api/v1/repasse/resellers/${betaId}/statements/2026-06`);
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain(clientName);
  });

  it('CSV: pt-BR spreadsheet (BOM, ";" and "," decimals, dd/mm/aaaa) with the line and a TOTAL row; PDF', async () => {
    const res = await call(DEMO.alfa, 'GET', `${base()}/2026-06/export.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="repasse-alfa-automacao-2026-06.csv"',
    );
    const text = res.rawPayload.toString('utf8');
    expect(
      text.startsWith('\uFEFFCliente;CNPJ/CPF;Competência;Data;Tipo;Descrição;Recebido;Custo Hiper;'),
    ).toBe(true);
    const row = text.split('\r\n').find((l) => l.startsWith(`${clientName};`))!;
    expect(row).toMatch(/;06\/2026;10\/06\/2026;Mensalidade;[^;]+;89,90;28,00;5,84;0,00;56,06$/);
    expect(text.split('\r\n').filter(Boolean).at(-1)).toMatch(/^TOTAL;;06\/2026;;Fechado;/);

    const pdf = await call(DEMO.alfa, 'GET', `${base()}/2026-06/export.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('payout: Financeiro records it once (fechado → pago); an open month cannot be paid', async () => {
    const open = await call(DEMO.financeiro, 'POST', `${base()}/2026-07/payout`, {
      paid_on: '2026-07-05',
      reference: 'TED 123456',
    });
    expect(open.statusCode).toBe(422);
    const paid = await call(DEMO.financeiro, 'POST', `${base()}/2026-06/payout`, {
      paid_on: '2026-07-05',
      reference: 'TED 123456',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({
      status: 'pago',
      paid_on: '2026-07-05',
      payment_reference: 'TED 123456',
    });
    const again = await call(DEMO.financeiro, 'POST', `${base()}/2026-06/payout`, {
      paid_on: '2026-07-05',
      reference: 'TED 999',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('O pagamento do extrato de 06/2026 já foi registrado em 05/07/2026.');
  });

  it('nota fiscal: Alfa uploads a PDF for the closed month and downloads it back; junk and open months are refused', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% nota fiscal de serviço\n%%EOF\n');
    const up = await call(DEMO.alfa, 'PUT', `${base()}/2026-06/invoice?filename=NFS-e%20junho.pdf`, pdf, {
      'content-type': 'application/pdf',
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().invoice).toMatchObject({ filename: 'NFS-e junho.pdf', content_type: 'application/pdf' });
    const down = await call(DEMO.alfa, 'GET', `${base()}/2026-06/invoice`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(down.rawPayload, pdf)).toBe(0);

    const junk = await call(DEMO.alfa, 'PUT', `${base()}/2026-06/invoice`, Buffer.from('MZ\x90\x00binary'), {
      'content-type': 'application/octet-stream',
    });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().message).toContain('PDF ou XML');
    const xml = Buffer.from('<?xml version="1.0"?><CompNfse/>');
    const open = await call(DEMO.alfa, 'PUT', `${base()}/2026-07/invoice`, xml, {
      'content-type': 'application/xml',
    });
    expect(open.statusCode).toBe(422);
  });
});
