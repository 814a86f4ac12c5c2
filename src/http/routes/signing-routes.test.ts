import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  auditLog,
  clients,
  contracts,
  documents,
  emailOutbox,
  signatureEvents,
} from '../../adapters/db/schema';
import type { CompletionEvidence, DocumentSealer } from '../../app/signatures/ports';
import { cnpjCheckDigits, formatDocument } from '../../domain/documents/cpf-cnpj';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';

const mensal = {
  product: 'hiper-mini',
  addons: {},
  apps: [],
  periodicity: 'mensal',
  setup_fee: false,
  negotiated_monthly_cents: 8990,
  payment_method: 'boleto',
};

const SIGNER = { name: 'Joana Ribeiro Alves', cpf: '529.982.247-25', email: 'joana@assina.example' };
const MARKER = '\n%% selado-em-teste\n';

/** Stands in for the P12 sealer: the original bytes plus a marker; keeps what it was given. */
function fakeSealer(): DocumentSealer & { last: CompletionEvidence | null } {
  return {
    last: null,
    async seal(original, evidence) {
      this.last = evidence;
      return new Uint8Array([...original, ...new TextEncoder().encode(MARKER)]);
    },
  };
}

describe('signature ceremony API', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  let beta: LoggedIn;
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  const sealer = fakeSealer();
  let seq = 0;

  const call = (s: LoggedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
  /** The public side: no cookie, no CSRF token. */
  const pub = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url,
      headers: { 'user-agent': 'Vitest/Assinatura' },
      ...(payload ? { payload } : {}),
    });

  async function mailsTo(contractId: string) {
    return t.system.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.entityType, 'contract'), eq(emailOutbox.entityId, contractId)))
      .orderBy(desc(emailOutbox.createdAt));
  }
  async function lastToken(contractId: string): Promise<string> {
    for (const m of await mailsTo(contractId)) {
      const found = /\/assinar\/([A-Za-z0-9_-]{43})/.exec(m.text);
      if (found) return found[1]!;
    }
    throw new Error('nenhum link de assinatura enviado');
  }
  async function lastCode(contractId: string): Promise<string> {
    for (const m of await mailsTo(contractId)) {
      const found = /Seu código para assinar o contrato: (\d{6})/.exec(m.text);
      if (found) return found[1]!;
    }
    throw new Error('nenhum código enviado');
  }

  /** A new Alfa client with a responsável and an issued ativação; its contract id and token. */
  async function issued(s: LoggedIn = alfa) {
    seq += 1;
    const base = `8AB${String(seq).padStart(2, '0')}C9D0001`.slice(0, 12);
    const res = await call(s, 'POST', '/api/v1/clients', {
      document: formatDocument(base + cnpjCheckDigits(base)),
      legal_name: `Mercado Assinatura ${seq} Ltda`,
      email: `contato${seq}@mercado.example`,
      city: 'Joinville',
      state: 'SC',
      responsible_name: SIGNER.name,
      responsible_cpf: SIGNER.cpf,
      responsible_email: SIGNER.email,
    });
    expect(res.statusCode, res.body).toBe(201);
    const clientId = res.json().id as string;
    const contractId = await issueFor(s, clientId);
    return { clientId, contractId, token: await lastToken(contractId) };
  }
  async function issueFor(s: LoggedIn, clientId: string): Promise<string> {
    const created = await call(s, 'POST', '/api/v1/proposals', { client_id: clientId, ...mensal });
    expect(created.statusCode, created.body).toBe(201);
    const proposalId = created.json().id as string;
    expect((await call(s, 'POST', `/api/v1/proposals/${proposalId}/ready`)).statusCode).toBe(200);
    const res = await call(s, 'POST', `/api/v1/proposals/${proposalId}/contract`, { kind: 'ativacao' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  /** Contract status, client status and the number of evidence events: what a refusal must not change. */
  async function snapshot(contractId: string) {
    const db = t.system.database.db;
    const [c] = await db.select().from(contracts).where(eq(contracts.id, contractId));
    const [cl] = await db.select().from(clients).where(eq(clients.id, c!.clientId));
    const [{ n }] = (await db
      .select({ n: count() })
      .from(signatureEvents)
      .where(eq(signatureEvents.contractId, contractId))) as [{ n: number }];
    const [{ docs }] = (await db
      .select({ docs: count() })
      .from(documents)
      .where(eq(documents.contractId, contractId))) as [{ docs: number }];
    return { contract: c!.status, client: cl!.status, events: Number(n), documents: Number(docs) };
  }

  async function expectRefused(
    contractId: string,
    request: () => Promise<{ statusCode: number; json(): unknown }>,
    status: number,
    message: string,
  ) {
    const before = await snapshot(contractId);
    const res = await request();
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ message });
    expect(await snapshot(contractId)).toEqual(before);
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    (t.system.deps as { sealer?: DocumentSealer }).sealer = sealer;
  });
  afterAll(() => t.close());
  // The clock moves days ahead: fresh sessions for every test.
  beforeEach(async () => {
    [alfa, beta] = await Promise.all([loginAs(t.app, DEMO.alfa), loginAs(t.app, DEMO.beta)]);
  });

  it('signs end to end: link, view, code, wrong code once, right code → assinado, client aguardando pagamento', async () => {
    const { clientId, contractId, token } = await issued();
    const [mail] = await mailsTo(contractId);
    expect(mail).toMatchObject({ toAddress: SIGNER.email });
    expect(mail!.subject).toBe('Contrato para assinatura — Mercado Assinatura 1 Ltda');
    expect(mail!.text).toContain('Ler e assinar o contrato: http://localhost:3000/assinar/');
    expect(mail!.text).toContain('Alfa Automação');
    expect(mail!.text).toContain('vale até 08/06/2026');
    const [c] = await t.system.database.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c).toMatchObject({ signerName: SIGNER.name, signerCpf: '52998224725', signerEmail: SIGNER.email });

    const view = await pub('GET', `/api/v1/signing/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      status: 'aguardando_assinatura',
      contract: {
        version: 1,
        kind_label: 'Ativação',
        client_legal_name: 'Mercado Assinatura 1 Ltda',
        reseller_name: 'Alfa Automação',
        monthly_cents: 8990,
        periodicity_label: 'Mensal',
      },
      signer: { name: SIGNER.name, cpf_masked: '***.982.247-**', email_masked: 'jo***@assina.example' },
      code: { sent: false, locked: false, attempts_left: 5 },
      signed: null,
    });
    await pub('GET', `/api/v1/signing/${token}`); // a second opening is not a new 'viewed'

    const pdf = await pub('GET', `/api/v1/signing/${token}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.headers['content-security-policy']).toBe("frame-ancestors 'self'");
    expect(pdf.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(pdf.headers['x-content-sha256']).toBe(view.json().contract.document_sha256);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');

    // Name compared without case, accents or extra spaces; CPF by its digits.
    const code = await pub('POST', `/api/v1/signing/${token}/code`, {
      name: '  JOÂNA   ribeiro alves ',
      cpf: '52998224725',
    });
    expect(code.statusCode, code.body).toBe(200);
    expect(code.json()).toMatchObject({ sent: true, attempts_left: 5, locked: false });
    const right = await lastCode(contractId);
    const [codeMail] = await mailsTo(contractId);
    expect(codeMail!.toAddress).toBe(SIGNER.email);
    expect(codeMail!.text).toContain(`Seu código para assinar o contrato: ${right} — válido por 10 minutos`);

    // One code per minute.
    const again = await pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: SIGNER.cpf });
    expect(again.statusCode).toBe(429);
    expect(again.json().message).toMatch(/Aguarde \d+ segundos/);

    const wrong = right === '000000' ? '111111' : '000000';
    const bad = await pub('POST', `/api/v1/signing/${token}/sign`, { code: wrong, accept: true });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toBe('Código incorreto. Restam 4 tentativas.');

    const notAccepted = await pub('POST', `/api/v1/signing/${token}/sign`, { code: right, accept: false });
    expect(notAccepted.statusCode).toBe(422);

    clock.advance(30_000);
    const signed = await pub('POST', `/api/v1/signing/${token}/sign`, { code: right, accept: true });
    expect(signed.statusCode, signed.body).toBe(200);

    const db = t.system.database.db;
    const [after] = await db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(after!.status).toBe('assinado');
    expect(after!.signedAt).toEqual(clock.now());
    const [client] = await db.select().from(clients).where(eq(clients.id, clientId));
    expect(client!.status).toBe('aguardando_pagamento');
    const [doc] = await db
      .select()
      .from(documents)
      .where(and(eq(documents.contractId, contractId), eq(documents.kind, 'contrato_assinado')));
    expect(doc!.sha256).toBe(signed.json().sha256);
    expect(Buffer.from(doc!.content).toString('latin1').endsWith(MARKER)).toBe(true);

    const events = await db
      .select({ type: signatureEvents.type, ip: signatureEvents.ip, ua: signatureEvents.userAgent })
      .from(signatureEvents)
      .where(eq(signatureEvents.contractId, contractId))
      .orderBy(signatureEvents.at);
    expect(events.map((e) => e.type)).toEqual([
      'link_sent',
      'viewed',
      'code_sent',
      'code_failed',
      'code_accepted',
      'signed',
    ]);
    expect(events[1]).toMatchObject({ ip: '127.0.0.1', ua: 'Vitest/Assinatura' });
    expect(sealer.last).toMatchObject({
      contractId,
      signerName: SIGNER.name,
      signerCpf: '529.982.247-25',
      originalSha256: view.json().contract.document_sha256,
      verifyUrl: 'http://localhost:3000/verificar',
    });
    expect(sealer.last!.events.map((e) => e.type)).toContain('signed');
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'contract.signed'), eq(auditLog.entityId, contractId))),
    ).toHaveLength(1);

    // The link now shows the outcome and gives the signed PDF; it cannot sign again.
    const done = await pub('GET', `/api/v1/signing/${token}`);
    expect(done.json()).toMatchObject({ status: 'assinado', signed: { sha256: doc!.sha256 } });
    const download = await pub('GET', `/api/v1/signing/${token}/signed-pdf`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(doc!.sha256);
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/sign`, { code: right, accept: true }),
      409,
      'Este contrato já foi assinado.',
    );
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: SIGNER.cpf }),
      409,
      'Este contrato já foi assinado.',
    );
  });

  it('refuses an unknown token (404)', async () => {
    const res = await pub('GET', `/api/v1/signing/${'x'.repeat(43)}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('Link de assinatura inválido.');
    expect((await pub('GET', '/api/v1/signing/abc/pdf')).statusCode).toBe(404);
  });

  it('refuses an expired link (7 days + 1 s) with no state change', async () => {
    const { contractId, token } = await issued();
    clock.advance(7 * 24 * 3600 * 1000 + 1000);
    const msg = 'Este link expirou. Peça ao seu Hiperador um novo envio.';
    await expectRefused(contractId, () => pub('GET', `/api/v1/signing/${token}`), 410, msg);
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: SIGNER.cpf }),
      410,
      msg,
    );
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/refuse`, { reason: 'Não quero' }),
      410,
      msg,
    );
  });

  it('refuses a link reused after a resend; the new link works; Beta gets 404 on the resend', async () => {
    const { contractId, token } = await issued();
    await expectRefused(
      contractId,
      () => call(beta, 'POST', `/api/v1/contracts/${contractId}/resend`),
      404,
      'Contrato não encontrado.',
    );
    const resend = await call(alfa, 'POST', `/api/v1/contracts/${contractId}/resend`);
    expect(resend.statusCode, resend.body).toBe(200);
    expect(resend.json()).toEqual({ id: contractId, sent_to: SIGNER.email });
    const fresh = await lastToken(contractId);
    expect(fresh).not.toBe(token);
    await expectRefused(
      contractId,
      () => pub('GET', `/api/v1/signing/${token}`),
      410,
      'Este link foi substituído por um envio mais recente. Use o link do último e-mail.',
    );
    expect((await pub('GET', `/api/v1/signing/${fresh}`)).statusCode).toBe(200);
  });

  it('locks the code after 5 wrong ones until a new code is sent', async () => {
    const { contractId, token } = await issued();
    expect(
      (await pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: SIGNER.cpf })).statusCode,
    ).toBe(200);
    const right = await lastCode(contractId);
    const wrong = right === '000000' ? '111111' : '000000';
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await pub('POST', `/api/v1/signing/${token}/sign`, { code: wrong, accept: true });
      messages.push(`${res.statusCode} ${res.json().message}`);
    }
    const locked = 'Código bloqueado após 5 tentativas. Peça um novo código.';
    expect(messages).toEqual([
      '422 Código incorreto. Restam 4 tentativas.',
      '422 Código incorreto. Restam 3 tentativas.',
      '422 Código incorreto. Restam 2 tentativas.',
      '422 Código incorreto. Resta 1 tentativa.',
      `423 ${locked}`,
    ]);
    // Even the right code is refused now, and nothing changes.
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/sign`, { code: right, accept: true }),
      423,
      locked,
    );
    expect((await pub('GET', `/api/v1/signing/${token}`)).json().code).toMatchObject({ locked: true });

    clock.advance(61_000);
    expect(
      (await pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: SIGNER.cpf })).statusCode,
    ).toBe(200);
    const fresh = await lastCode(contractId);
    const ok = await pub('POST', `/api/v1/signing/${token}/sign`, { code: fresh, accept: true });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses an expired code', async () => {
    const { contractId, token } = await issued();
    await pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: SIGNER.cpf });
    const code = await lastCode(contractId);
    clock.advance(10 * 60 * 1000 + 1000);
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/sign`, { code, accept: true }),
      422,
      'O código expirou. Peça um novo código.',
    );
  });

  it('refuses the code for a wrong CPF or name (422), sending nothing', async () => {
    const { contractId, token } = await issued();
    const mails = (await mailsTo(contractId)).length;
    const msg = 'Nome ou CPF não conferem com o responsável indicado no contrato.';
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: '111.444.777-35' }),
      422,
      msg,
    );
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/code`, { name: 'Joana Alves', cpf: SIGNER.cpf }),
      422,
      msg,
    );
    expect(await mailsTo(contractId)).toHaveLength(mails);
  });

  it("refuses a superseded version's link (409) and a cancelled one", async () => {
    const { clientId, contractId, token } = await issued();
    const v2 = await issueFor(alfa, clientId);
    const msg = 'Esta versão do contrato foi cancelada ou substituída.';
    await expectRefused(contractId, () => pub('GET', `/api/v1/signing/${token}`), 409, msg);
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/sign`, { code: '123456', accept: true }),
      409,
      msg,
    );
    const v2Token = await lastToken(v2);
    expect((await pub('GET', `/api/v1/signing/${v2Token}`)).statusCode).toBe(200);
    const cancel = await call(alfa, 'POST', `/api/v1/contracts/${v2}/cancel`, { reason: 'Erro no plano' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await expectRefused(v2, () => pub('GET', `/api/v1/signing/${v2Token}/pdf`), 409, msg);
    // A cancelled version cannot be re-sent.
    expect((await call(alfa, 'POST', `/api/v1/contracts/${v2}/resend`)).statusCode).toBe(422);
  });

  it('records a refusal with its reason', async () => {
    const { contractId, token } = await issued();
    const short = await pub('POST', `/api/v1/signing/${token}/refuse`, { reason: 'x' });
    expect(short.statusCode).toBe(400);
    const res = await pub('POST', `/api/v1/signing/${token}/refuse`, { reason: 'O valor está errado' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await snapshot(contractId)).contract).toBe('recusado');
    expect((await pub('GET', `/api/v1/signing/${token}`)).json().status).toBe('recusado');
    await expectRefused(
      contractId,
      () => pub('POST', `/api/v1/signing/${token}/code`, { name: SIGNER.name, cpf: SIGNER.cpf }),
      409,
      'Este contrato foi recusado pelo responsável.',
    );
  });
});
