import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../adapters/db/schema';
import { beneficiaryFromSettings } from '../../domain/payments/cnab240/beneficiary';
import { parseRemessa } from '../../domain/payments/cnab240/remessa';
import { buildRetorno, retornoTitle } from '../../domain/payments/cnab240/retorno';
import { DEMO_PAYMENT_SETTINGS } from '../../domain/payments/payment-settings';
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
let gerente: LoggedIn;
let alfa: LoggedIn;
let clientId: string;

const headers = (s: LoggedIn) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

function upload(s: LoggedIn, content: string | Buffer, filename = 'retorno.ret') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/bank-files/retorno?filename=${encodeURIComponent(filename)}`,
    headers: { ...headers(s), 'content-type': 'application/octet-stream' },
    payload: typeof content === 'string' ? Buffer.from(content, 'latin1') : content,
  });
}

beforeAll(async () => {
  // 2026-06-01 09:00 in São Paulo
  t = await createTestApp({ clock: manualClock(new Date('2026-06-01T12:00:00Z')) });
  [financeiro, gerente, alfa] = await Promise.all([
    loginAs(t.app, DEMO.financeiro),
    loginAs(t.app, DEMO.gerente),
    loginAs(t.app, DEMO.alfa),
  ]);
  const [row] = await t.system.database.db
    .select()
    .from(clients)
    .where(eq(clients.resellerId, alfa.body.user.reseller!.id))
    .limit(1);
  clientId = row!.id;
});
afterAll(() => t.close());

describe('bank files API', () => {
  let remessaId: string;
  let simulated: Buffer;
  const charges: { id: string; boleto: { nosso_numero: string } }[] = [];

  it('Financeiro generates a remessa for the boletos issued, and downloads it with a bank-style name', async () => {
    for (const amount of [150_000, 8_990]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/charges',
        headers: headers(financeiro),
        payload: {
          client_id: clientId,
          method: 'boleto',
          amount_cents: amount,
          due_date: '2026-06-15',
          description: 'Mensalidade',
          notify: false,
        },
      });
      expect(res.statusCode).toBe(201);
      charges.push(res.json());
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bank-files/remessa',
      headers: headers(financeiro),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.entries).toBeGreaterThanOrEqual(2);
    expect(body.file).toMatchObject({
      kind: 'remessa',
      kind_label: 'Remessa',
      status: 'gerado',
      status_label: 'Gerado',
      bank_code: '001',
      sequence: 1,
      filename: 'CB010601.REM',
    });
    remessaId = body.file.id;

    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bank-files/${remessaId}/download`,
      headers: headers(financeiro),
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe('attachment; filename="CB010601.REM"');
    const remessa = parseRemessa(download.rawPayload.toString('latin1'));
    const sent = remessa.titles.map((x) => x.nossoNumero);
    for (const c of charges) expect(sent).toContain(c.boleto.nosso_numero);

    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bank-files/remessa',
      headers: headers(financeiro),
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().message).toBe('Não há boletos a registrar ou baixar.');
  });

  it('the simulated bank answers the remessa; importing its retorno pays the boletos', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bank-files/${remessaId}/simulated-retorno`,
      headers: headers(financeiro),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="CB010601.RET"');
    simulated = res.rawPayload;

    const imported = await upload(financeiro, simulated, 'CB010601.RET');
    expect(imported.statusCode).toBe(200);
    const body = imported.json();
    expect(body.duplicate).toBe(false);
    expect(body.file).toMatchObject({ kind: 'retorno', status: 'importado', status_label: 'Importado' });
    expect(body.file.summary).toMatchObject({ duplicates: 0, unmatched: 0, rejected: 0 });
    expect(body.file.summary.applied).toBe(body.file.summary.registered);
    for (const c of charges) {
      const charge = await t.app.inject({
        method: 'GET',
        url: `/api/v1/charges/${c.id}`,
        headers: headers(financeiro),
      });
      expect(charge.json()).toMatchObject({ status: 'paga', paid_on: '2026-06-01' });
    }

    const again = await upload(financeiro, simulated, 'de-novo.ret');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      duplicate: true,
      file: { id: body.file.id, filename: 'CB010601.RET' },
    });

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/bank-files',
      headers: headers(financeiro),
    });
    expect(list.json().items.map((f: { kind: string }) => f.kind)).toEqual(['retorno', 'remessa']);
    const retornos = await t.app.inject({
      method: 'GET',
      url: '/api/v1/bank-files?kind=retorno',
      headers: headers(financeiro),
    });
    expect(retornos.json().total).toBe(1);
  });

  it('refuses a truncated file with the line and field, and records nothing', async () => {
    const cut = simulated.subarray(0, simulated.length - 300);
    const res = await upload(financeiro, cut, 'cortado.ret');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'arquivo' });
    expect(res.json().message).toMatch(
      /^Arquivo recusado: linha \d+: o registro tem \d+ posições; o CNAB 240 exige 240/,
    );

    const lines = simulated.toString('latin1').split('\r\n');
    lines[3] = `${lines[3]!.slice(0, 77)}00000000000ABCD${lines[3]!.slice(92)}`;
    const bad = await upload(financeiro, lines.join('\r\n'), 'ruim.ret');
    expect(bad.json().message).toBe(
      'Arquivo recusado: linha 4, campo \'valor pago pelo pagador\' (posições 78–92): "00000000000ABCD" não é um valor numérico.',
    );
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/bank-files?kind=retorno',
      headers: headers(financeiro),
    });
    expect(list.json().total).toBe(1);
  });

  it('a big retorno answers 202 at once and shows its progress until imported', async () => {
    const titles = Array.from({ length: 2_500 }, (_, i) =>
      retornoTitle({
        movement: '06',
        nossoNumero: `1234567${String(9_000_000_000 + i).padStart(10, '0')}`,
        paidCents: 1_000,
        netCents: 1_000,
        occurrenceDate: '2026-06-01',
      }),
    );
    const text = buildRetorno({
      beneficiary: beneficiaryFromSettings(DEMO_PAYMENT_SETTINGS),
      sequence: 99,
      generatedOn: '2026-06-01',
      generatedAt: '120000',
      titles,
    });
    const res = await upload(financeiro, text, 'grande.ret');
    expect(res.statusCode).toBe(202);
    expect(res.json().file).toMatchObject({ status: 'processando', total_items: 2_500 });
    const id = res.json().file.id;
    let file = res.json().file;
    for (let i = 0; i < 200 && file.status === 'processando'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      file = (
        await t.app.inject({ method: 'GET', url: `/api/v1/bank-files/${id}`, headers: headers(financeiro) })
      ).json();
    }
    expect(file).toMatchObject({ status: 'importado', processed_items: 2_500 });
    expect(file.summary).toMatchObject({ unmatched: 2_500, applied: 0 });
    expect(file.summary.unmatched_items).toHaveLength(200);
    expect(file.summary.unmatched_items[0]).toEqual({
      line: 3,
      nosso_numero: '12345679000000000',
      movement: '06',
    });
  });

  it('is for administrador and financeiro only', async () => {
    for (const s of [gerente, alfa]) {
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/bank-files', headers: headers(s) });
      expect(list.statusCode).toBe(403);
      const gen = await t.app.inject({
        method: 'POST',
        url: '/api/v1/bank-files/remessa',
        headers: headers(s),
      });
      expect(gen.statusCode).toBe(403);
      expect((await upload(s, simulated)).statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/bank-files/${remessaId}/download` });
    expect(anonymous.statusCode).toBe(401);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/bank-files/00000000-0000-4000-8000-000000000000',
      headers: headers(financeiro),
    });
    expect(missing.statusCode).toBe(404);
  });
});
