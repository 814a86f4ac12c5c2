import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleContractPdf, sampleEvidence } from '../../test-support/signing-fixtures';
import { sha256Hex } from '../db/repositories/contract-repository';
import { loadSigningCertificate, readP12 } from '../signing/certificate';
import { contractMarker, formatDateTimeBR, maskCpf, P12DocumentSealer, shortUserAgent } from './pdf-sealer';

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

const dir = mkdtempSync(join(tmpdir(), 'cc-sealer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(bytes: Uint8Array, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

function pdfsig(file: string): string {
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

describe('P12DocumentSealer', () => {
  const certificate = loadSigningCertificate({
    env: 'test',
    databaseUrl: undefined,
    dataDir: dir,
    signingP12Path: undefined,
    signingP12Password: undefined,
  });

  it('formats the evidence in pt-BR', () => {
    expect(formatDateTimeBR(new Date('2026-06-02T13:04:05Z'))).toBe('02/06/2026 às 10:04:05');
    expect(maskCpf('52998224725')).toBe('529.***.***-25');
    expect(
      shortUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari 17 · iOS');
    expect(shortUserAgent(null)).toBe('—');
  });

  it('appends the completion page, sets the metadata and signs the PDF (pdfsig: valid; one byte flipped: invalid)', async () => {
    const original = await sampleContractPdf();
    const originalPages = (await PDFDocument.load(original)).getPageCount();
    const sealed = await new P12DocumentSealer(certificate).seal(original, sampleEvidence(original));

    const reloaded = await PDFDocument.load(sealed, { updateMetadata: false });
    expect(reloaded.getPageCount()).toBe(originalPages + 1);
    expect(reloaded.getSubject()).toBe('Contrato assinado');
    expect(reloaded.getTitle()).toContain('2026-000007');
    const raw = Buffer.from(sealed).toString('latin1');
    expect(raw).toContain(contractMarker('11111111-2222-4333-8444-555555555555'));
    expect(raw).toMatch(/\/ByteRange\s*\[\s*0 \d+ \d+ \d+\s*\]/);

    if (!has('pdfsig') || !has('pdftotext')) {
      console.warn('pdfsig/pdftotext ausentes (instale poppler-utils): verificação com poppler ignorada');
      return;
    }
    const file = write(sealed, 'sealed.pdf');
    const report = pdfsig(file);
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('Central de Cobranças');

    const lastPage = execFileSync('pdftotext', ['-f', String(originalPages + 1), file, '-'], {
      encoding: 'utf8',
    }).replace(/\s+/g, ' ');
    expect(lastPage).toContain('Certificado de conclusão da assinatura');
    expect(lastPage).toContain('Maria da Silva Souza');
    expect(lastPage).toContain('529.***.***-25');
    expect(lastPage).toContain('maria@saojoao.com.br');
    expect(lastPage).toContain(sha256Hex(original).slice(0, 32));
    expect(lastPage).toContain(sha256Hex(original).slice(32));
    expect(lastPage).toContain('02/06/2026 às 10:04:05 (horário de Brasília)');
    expect(lastPage).toContain('Chrome 120 · Windows');
    expect(lastPage).toContain('Verifique a autenticidade em http://localhost:3000/verificar');

    // One byte inside the signed range changed (in the Info dictionary's keywords) → invalid.
    const tampered = Uint8Array.from(sealed);
    const at = raw.indexOf(' contrato-assinado');
    expect(at).toBeGreaterThan(0);
    tampered[at + 1] = 'C'.charCodeAt(0);
    const tamperedReport = pdfsig(write(tampered, 'tampered.pdf'));
    expect(tamperedReport).not.toContain('Signature is Valid');
    expect(tamperedReport).toMatch(/Signature is Invalid|Digest Mismatch/i);
  });

  it('a generated development certificate is kept in DATA_DIR/signing (0600) and reused', () => {
    const dataDir = join(dir, 'data');
    const cfg = {
      env: 'development' as const,
      databaseUrl: undefined,
      dataDir,
      signingP12Path: undefined,
      signingP12Password: undefined,
    };
    const first = loadSigningCertificate(cfg);
    expect(first.source).toBe('arquivo');
    expect(first.commonName).toBe('Central de Cobranças — assinatura de documentos');
    expect(statSync(join(dataDir, 'signing', 'platform.p12')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'signing', 'platform.p12.password')).mode & 0o777).toBe(0o600);
    const again = loadSigningCertificate(cfg);
    expect(Buffer.from(again.certificateDer).equals(Buffer.from(first.certificateDer))).toBe(true);

    // A configured P12 wins.
    const configured = loadSigningCertificate({
      ...cfg,
      env: 'production',
      signingP12Path: join(dataDir, 'signing', 'platform.p12'),
      signingP12Password: first.password,
    });
    expect(configured.source).toBe('configurado');
    expect(() => readP12(first.p12, 'senha-errada')).toThrow(/Não foi possível abrir o certificado/);
  });
});
