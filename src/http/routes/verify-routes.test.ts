import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../adapters/db/repositories/contract-repository';
import { contracts, documents } from '../../adapters/db/schema';
import { cnpjCheckDigits, formatDocument } from '../../domain/documents/cpf-cnpj';
import { sampleEvidence } from '../../test-support/signing-fixtures';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

const BASE = '8VF41D2E0001';
const CNPJ = BASE + cnpjCheckDigits(BASE);

describe('public verification API (/api/v1/verify)', () => {
  let t: TestApp;
  let alfa: LoggedIn;
  let contract: { id: string; number: string; version: number };
  let original: Uint8Array;
  let sealed: Uint8Array;

  const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: alfa.cookie, 'x-csrf-token': alfa.csrf },
      ...(payload ? { payload } : {}),
    });

  const verifyPdf = (bytes: Uint8Array) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'application/pdf' },
      payload: Buffer.from(bytes),
    });

  beforeAll(async () => {
    t = await createTestApp();
    alfa = await loginAs(t.app, DEMO.alfa);
    // A real contract issued through the API…
    const client = await call('POST', '/api/v1/clients', {
      document: formatDocument(CNPJ),
      legal_name: 'Verificação Teste Comércio Ltda',
      email: 'contato@verificacao.example',
      city: 'Joinville',
      state: 'SC',
      responsible_name: 'Joana Ribeiro Alves',
      responsible_cpf: '529.982.247-25',
      responsible_email: 'joana@verificacao.example',
    });
    expect(client.statusCode, client.body).toBe(201);
    const proposal = await call('POST', '/api/v1/proposals', {
      client_id: client.json().id,
      product: 'hiper-mini',
      addons: {},
      apps: [],
      periodicity: 'mensal',
      setup_fee: false,
      negotiated_monthly_cents: 8990,
      payment_method: 'boleto',
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    expect((await call('POST', `/api/v1/proposals/${proposal.json().id}/ready`)).statusCode).toBe(200);
    const issued = await call('POST', `/api/v1/proposals/${proposal.json().id}/contract`, {});
    expect(issued.statusCode, issued.body).toBe(201);
    contract = issued.json();

    // …whose stored PDF is sealed by the real sealer and stored as the signed document.
    const db = t.system.database.db;
    const [doc] = await db.select().from(documents).where(eq(documents.contractId, contract.id));
    original = doc!.content;
    const signedAt = new Date('2026-06-02T13:04:05Z');
    sealed = await t.system.deps.sealer.seal(
      original,
      sampleEvidence(original, {
        contractId: contract.id,
        contractNumber: contract.number,
        contractVersion: contract.version,
        clientLegalName: 'Verificação Teste Comércio Ltda',
        clientDocument: CNPJ,
        signerName: 'Joana Ribeiro Alves',
        signerEmail: 'joana@verificacao.example',
        signedAt,
      }),
    );
    await db
      .update(contracts)
      .set({ signedAt, signerName: 'Joana Ribeiro Alves', signerCpf: '52998224725' })
      .where(eq(contracts.id, contract.id));
    await db.insert(documents).values({
      clientId: doc!.clientId,
      resellerId: doc!.resellerId,
      kind: 'contrato_assinado',
      contractId: contract.id,
      filename: `contrato-${contract.number}-v${contract.version}-assinado.pdf`,
      content: sealed,
      sizeBytes: sealed.byteLength,
      sha256: sha256Hex(sealed),
    });
  });
  afterAll(() => t.close());

  it('the sealed PDF is "valido", with a summary only (no session needed)', async () => {
    const res = await verifyPdf(sealed);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      result: 'valido',
      message: `Documento autêntico: contrato nº ${contract.number} (versão 1) de Verificação Teste Comércio Ltda, assinado por Joana Ribeiro Alves em 02/06/2026 às 10:04:05 (horário de Brasília).`,
      document: {
        kind: 'contrato_assinado',
        contract_number: contract.number,
        version: 1,
        client_legal_name: 'Verificação Teste Comércio Ltda',
        signer_name: 'Joana Ribeiro Alves',
        signed_at: '2026-06-02T13:04:05.000Z',
        sha256: sha256Hex(sealed),
      },
    });
  });

  it('one byte changed → "alterado", naming the contract', async () => {
    const tampered = Uint8Array.from(sealed);
    const at = Buffer.from(sealed).indexOf(' contrato-assinado');
    expect(at).toBeGreaterThan(0);
    tampered[at + 1] = 'C'.charCodeAt(0);
    const res = await verifyPdf(tampered);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      result: 'alterado',
      message: `Este documento foi emitido e assinado pela Central de Cobranças, mas foi alterado depois da assinatura (contrato nº ${contract.number}, versão 1).`,
      document: { contract_number: contract.number, signer_name: 'Joana Ribeiro Alves' },
    });
  });

  it('a re-saved copy without our marker but with our PKCS#7 signature is still "alterado"', async () => {
    const raw = Buffer.from(sealed)
      .toString('latin1')
      .replace(/central-de-cobrancas:contract:/, 'x'.repeat(30));
    const res = await verifyPdf(Buffer.from(raw, 'latin1'));
    expect(res.json()).toEqual({
      result: 'alterado',
      message:
        'Este documento foi emitido e assinado pela Central de Cobranças, mas foi alterado depois da assinatura.',
    });
  });

  it('the issued (unsigned) contract PDF is "valido" as the unsigned version', async () => {
    const res = await verifyPdf(original);
    expect(res.json()).toMatchObject({
      result: 'valido',
      document: { kind: 'contrato', contract_number: contract.number, signer_name: null, signed_at: null },
    });
    expect(res.json().message).toContain('sem assinatura');
  });

  it('any other PDF → "desconhecido"', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Contrato qualquer');
    const res = await verifyPdf(await doc.save());
    expect(res.json()).toEqual({
      result: 'desconhecido',
      message: 'Não encontramos este documento entre os assinados pela Central de Cobranças.',
    });
  });

  it('looks up by SHA-256 (any case); malformed hash → 400', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: `/api/v1/verify/${sha256Hex(sealed).toUpperCase()}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ result: 'valido', document: { kind: 'contrato_assinado' } });
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/verify/${'0'.repeat(64)}` });
    expect(unknown.json().result).toBe('desconhecido');
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/verify/abc' });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a file over 15 MB (413) and a body that is not a PDF (400)', async () => {
    const big = await verifyPdf(randomBytes(15 * 1024 * 1024 + 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { a: 1 } });
    expect(json.statusCode).toBe(400);
    expect(json.json().message).toContain('Envie o arquivo PDF');
  });

  it('PDF bodies are accepted only on this route', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/pdf' },
      payload: Buffer.from(sealed),
    });
    expect(res.statusCode).toBe(415);
  });
});
