import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, clients } from '../../adapters/db/schema';
import { cnpjCheckDigits, formatDocument } from '../../domain/documents/cpf-cnpj';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

const cnpj = (base: string) => base + cnpjCheckDigits(base);
const C1 = cnpj('612345670001');
const C2 = cnpj('7IMP0RTAD0C2'); // alphanumeric CNPJ
const C3 = cnpj('61234567000B');
const BETA_CNPJ = formatDocument(cnpj('283746510001'));

const HEADER =
  'CNPJ;Razão Social;Nome Fantasia;E-mail;Hiperador;Plano;Mensalidade;Liberado até;Cidade;UF;Responsavel_Nome';
const VALID = [
  HEADER,
  `${formatDocument(C1)};Padaria Importada Ltda;Padaria Boa;padaria@importada.example;Alfa Automação;Hiper Mini;89,90;15/07/2026;Blumenau;SC;`,
  `${formatDocument(C2)};"Mercado ""Um"" Importado Ltda";;mercado@importada.example;alfa automação;Hiper Gestão;1.234,56;10/05/2026;Joinville;sc;Carla Dias`,
  `${C3};Farmácia Importada Ltda;;farmacia@importada.example;${BETA_CNPJ};hiper-gestao;249,90;30/06/2026;Curitiba;PR;`,
].join('\r\n');

describe('client import API', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let financeiro: LoggedIn;
  let alfa: LoggedIn;
  let beta: LoggedIn;

  const call = (s: LoggedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  const upload = (s: LoggedIn, url: string, csv: string | Buffer, contentType = 'text/csv; charset=utf-8') =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType },
      payload: csv,
    });
  const importedCount = async () =>
    (await t.system.database.db.select().from(auditLog).where(eq(auditLog.action, 'client.imported'))).length;
  const clientByDocument = async (document: string) =>
    (await t.system.database.db.select().from(clients).where(eq(clients.document, document)))[0];

  beforeAll(async () => {
    // 2026-06-01 in São Paulo.
    t = await createTestApp({ clock: manualClock(new Date('2026-06-01T12:00:00Z')) });
    [admin, financeiro, alfa, beta] = await Promise.all([
      loginAs(t.app, DEMO.admin),
      loginAs(t.app, DEMO.financeiro),
      loginAs(t.app, DEMO.alfa),
      loginAs(t.app, DEMO.beta),
    ]);
  });
  afterAll(() => t.close());

  it('refuses Hiperadores (403) and an empty or non-CSV body', async () => {
    expect((await upload(alfa, '/api/v1/imports/clients/preview', VALID)).statusCode).toBe(403);
    expect((await upload(alfa, '/api/v1/imports/clients', VALID)).statusCode).toBe(403);
    const json = await call(admin, 'POST', '/api/v1/imports/clients/preview', { csv: 'x' });
    expect(json.statusCode).toBe(400);
    expect(json.json().message).toContain('text/csv');
    const huge = await upload(
      admin,
      '/api/v1/imports/clients/preview',
      `${HEADER}\n${'x'.repeat(5 * 1024 * 1024)}`,
    );
    expect(huge.statusCode).toBe(413);
    expect(await importedCount()).toBe(0);
  });

  it('a file with one invalid row: the preview lists it, the import answers 422 and writes nothing', async () => {
    const bad = `${VALID}\r\n${formatDocument(cnpj('61234567000C')).slice(0, -1)}9;Loja Ruim Ltda;;ruim@importada.example;Alfa Automação;Hiper Mini;89,90;31/12/2026;Blumenau;SC;`;
    const preview = await upload(financeiro, '/api/v1/imports/clients/preview', bad);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().errors).toEqual([
      { line: 5, column: 'cnpj', message: 'CNPJ inválido (dígitos verificadores não conferem).' },
    ]);
    expect(preview.json().summary).toEqual({ criar: 3, atualizar: 0, sem_alteracao: 0 });

    const res = await upload(financeiro, '/api/v1/imports/clients', bad);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('business_rule');
    expect(res.json().message).toContain('nada foi importado');
    expect(res.json().message).toContain(
      'Linha 5, coluna cnpj: CNPJ inválido (dígitos verificadores não conferem).',
    );
    expect(res.json().errors).toHaveLength(1);
    expect(await clientByDocument(C1)).toBeUndefined();
    expect(await importedCount()).toBe(0);
  });

  it('previews then imports 3 clients, visible to their resellers with the liberado até', async () => {
    const preview = await upload(admin, '/api/v1/imports/clients/preview', VALID);
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body.errors).toEqual([]);
    expect(
      body.rows.map((r: { line: number; action: string; status: string }) => [r.line, r.action, r.status]),
    ).toEqual([
      [2, 'criar', 'ativo'],
      [3, 'criar', 'bloqueado'], // liberado até 10/05/2026 < today
      [4, 'criar', 'ativo'],
    ]);
    expect(body.rows[1]).toMatchObject({
      document: C2,
      legal_name: 'Mercado "Um" Importado Ltda',
      reseller: { name: 'Alfa Automação' },
      product_code: 'hiper-gestao',
      monthly_fee_cents: 123456,
      paid_through: '2026-05-10',
    });
    expect(await clientByDocument(C1)).toBeUndefined(); // a preview writes nothing

    const res = await upload(admin, '/api/v1/imports/clients', VALID);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(await importedCount()).toBe(3);
    const [audit] = await t.system.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'client.imported'));
    expect(audit?.details).toMatchObject({ sha256: res.json().sha256, action: 'criar' });

    const alfaList = (await call(alfa, 'GET', '/api/v1/clients?q=Importad&page_size=50')).json().items as {
      document: string;
      paid_through: string;
      status: string;
      monthly_fee_cents: number;
    }[];
    expect(alfaList.map((c) => [c.document, c.paid_through, c.status, c.monthly_fee_cents]).sort()).toEqual(
      [
        [C1, '2026-07-15', 'ativo', 8990],
        [C2, '2026-05-10', 'bloqueado', 123456],
      ].sort(),
    );
    const betaList = (await call(beta, 'GET', '/api/v1/clients?q=Importad&page_size=50')).json().items;
    expect(
      betaList.map((c: { document: string; paid_through: string }) => [c.document, c.paid_through]),
    ).toEqual([[C3, '2026-06-30']]);
    const c2 = await clientByDocument(C2);
    expect(c2).toMatchObject({
      productCode: 'hiper-gestao',
      city: 'Joinville',
      state: 'SC',
      responsibleName: 'Carla Dias',
    });
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await clientByDocument(C1);
    const res = await upload(admin, '/api/v1/imports/clients', VALID);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(res.json().rows.every((r: { action: string }) => r.action === 'sem_alteracao')).toBe(true);
    expect(await importedCount()).toBe(3);
    expect((await clientByDocument(C1))?.updatedAt).toEqual(before?.updatedAt);
  });

  it('updates only what differs and never moves a client to another Hiperador', async () => {
    const changed = [
      HEADER,
      `${formatDocument(C1)};Padaria Importada Ltda;;padaria@importada.example;Alfa Automação;Hiper Gestão;99,90;15/08/2026;;;`,
      `${formatDocument(C2)};Mercado Um;;mercado@importada.example;Alfa Automação;Hiper Gestão;1.234,56;10/05/2026;;;`,
    ].join('\n');
    const res = await upload(admin, '/api/v1/imports/clients', changed);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(res.json().rows[0]).toMatchObject({
      action: 'atualizar',
      changes: ['plano', 'mensalidade', 'liberado_ate'],
    });
    expect(await clientByDocument(C1)).toMatchObject({
      productCode: 'hiper-gestao',
      monthlyFeeCents: 9990,
      paidThrough: '2026-08-15',
      tradeName: 'Padaria Boa', // an empty cell keeps the value
      city: 'Blumenau',
    });

    const moved = [
      HEADER,
      `${C3};Farmácia Importada Ltda;;farmacia@importada.example;Alfa Automação;hiper-gestao;249,90;30/06/2026;;;`,
    ].join('\n');
    const refused = await upload(admin, '/api/v1/imports/clients', moved);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        line: 2,
        column: 'hiperador',
        message: `O cliente ${C3} já é atendido por Beta Sistemas; a troca de Hiperador é feita por contrato de migração (o arquivo indica Alfa Automação).`,
      },
    ]);
    const c3 = await clientByDocument(C3);
    const betaId = (await call(beta, 'GET', '/api/v1/me')).json().user.reseller.id;
    expect(c3?.resellerId).toBe(betaId);
  });

  it('names unknown resellers and missing city/UF of a new client', async () => {
    const csv = [
      HEADER,
      `${cnpj('61234567000D')};Nova Ltda;;nova@importada.example;Gama Revenda;Hiper Mini;89,90;31/12/2026;Blumenau;SC;`,
      `${cnpj('61234567000E')};Outra Ltda;;outra@importada.example;Alfa Automação;Hiper Mini;89,90;31/12/2026;;;`,
    ].join('\n');
    const res = await upload(admin, '/api/v1/imports/clients/preview', csv);
    expect(res.json().errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [2, 'hiperador'],
      [3, 'cidade'],
      [3, 'uf'],
    ]);
    expect(res.json().errors[0].message).toBe(
      'Hiperador não encontrado: "Gama Revenda" (use o CNPJ ou o nome exato).',
    );
  });

  it('migration: a migração contract for an imported client keeps its liberado até', async () => {
    const client = await clientByDocument(C2);
    expect(client?.paidThrough).toBe('2026-05-10');
    const id = client!.id;
    const put = await call(alfa, 'PUT', `/api/v1/clients/${id}`, {
      responsible_name: 'Carla Dias Moreira',
      responsible_cpf: '529.982.247-25',
      responsible_email: 'carla@importada.example',
    });
    expect(put.statusCode, put.body).toBe(200);
    const proposal = await call(alfa, 'POST', '/api/v1/proposals', {
      client_id: id,
      product: 'hiper-gestao',
      addons: {},
      apps: [],
      periodicity: 'mensal',
      setup_fee: false,
      payment_method: 'boleto',
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    const proposalId = proposal.json().id as string;
    expect((await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/ready`)).statusCode).toBe(200);
    const issued = await call(alfa, 'POST', `/api/v1/proposals/${proposalId}/contract`, { kind: 'migracao' });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ kind: 'migracao', keep_paid_through: '2026-05-10' });
    const after = await clientByDocument(C2);
    expect(after?.paidThrough).toBe('2026-05-10');
    const events = await t.system.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'client'), eq(auditLog.entityId, id)));
    expect(events.map((e) => e.action)).toContain('client.imported');
  });
});
