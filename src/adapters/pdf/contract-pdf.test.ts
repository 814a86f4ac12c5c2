import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContractDraft } from '../../app/contracts/ports';
import { pricedQuoteToJson } from '../../app/quotes/quote-json';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { demoPriceBook } from '../../domain/pricing/demo-price-book';
import { priceQuote, type QuoteConfiguration } from '../../domain/pricing/price-quote';
import { CONTRACT_TITLE, renderContractPdf } from './contract-pdf';

const book = demoPriceBook('book-1');

function contractDraft(
  config: Partial<QuoteConfiguration> = {},
  extra: Partial<ContractDraft> = {},
): ContractDraft {
  const configuration: QuoteConfiguration = {
    product: 'hiper-gestao',
    addons: { caixa: 2 },
    apps: ['boletos', 'hiper_vendas'],
    periodicity: 'mensal',
    setupFee: true,
    negotiatedMonthlyCents: 30000,
    paymentMethod: 'boleto',
    cardInstallments: null,
    ...config,
  };
  const quote = priceQuote(book, configuration);
  expect(quote.violations).toEqual([]);
  return {
    number: '2026-000001',
    version: 1,
    kind: 'ativacao',
    issuedOn: '2026-06-01',
    pricing: pricedQuoteToJson(book, quote),
    keepPaidThrough: null,
    issuedByName: 'Heitor (Alfa Automação)',
    parties: {
      client: {
        id: '00000000-0000-4000-8000-000000000002',
        legalName: 'Açougue e Panificação São João Ltda',
        tradeName: 'Panificação São João',
        document: `12ABC34502XY${cnpjCheckDigits('12ABC34502XY')}`,
        stateRegistration: '123456789',
        email: 'contato@saojoao.com.br',
        street: 'Rua das Palmeiras',
        number: '120',
        district: 'Centro',
        city: 'Joinville',
        state: 'SC',
        cep: '89201000',
        responsibleName: 'Maria da Silva Souza',
        responsibleCpf: '52998224725',
        responsibleEmail: 'maria@saojoao.com.br',
      },
      reseller: {
        id: '00000000-0000-4000-8000-000000000003',
        name: 'Alfa Automação',
        legalName: 'Alfa Automação Comercial Ltda',
        document: `112223330001${cnpjCheckDigits('112223330001')}`,
        city: 'Blumenau',
        state: 'SC',
      },
    },
    ...extra,
  };
}

function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'cc-contract-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function textOf(bytes: Uint8Array, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('contract PDF', () => {
  it('is an A4 PDF with the title, ending on a signature page', async () => {
    const bytes = await renderContractPdf(contractDraft());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.getTitle()).toBe(`${CONTRACT_TITLE} nº 2026-000001 (versão 1)`);
    // Same input, same bytes (the SHA-256 of a re-render matches).
    expect(Buffer.from(await renderContractPdf(contractDraft())).equals(Buffer.from(bytes))).toBe(true);
  });

  it.runIf(hasPoppler())('names the parties, the prices, the billing rules and the example', async () => {
    const text = textOf(await renderContractPdf(contractDraft()), 'ativacao');
    for (const expected of [
      'Contrato de licença de uso e prestação de serviços — nº 2026-000001 (versão 1)',
      'ATIVAÇÃO',
      'Emitido em 01/06/2026',
      'CONTRATADA Hiper Software S/A',
      '00.999.000/0001-47',
      'CONTRATANTE Açougue e Panificação São João Ltda',
      '12.ABC.345/02XY-',
      'Inscrição estadual',
      '123456789',
      'Rua das Palmeiras, 120 — Centro — Joinville/SC — CEP 89201-000',
      'Maria da Silva Souza — CPF 529.982.247-25',
      'INTERMEDIÁRIO Alfa Automação',
      'Plano Hiper Gestão',
      'R$ 300,00',
      'Mensal (1 mês por parcela)',
      'R$ 600,00, cobrada com a primeira parcela',
      'Boleto bancário',
      'vencem todo dia 15',
      'Exemplo: ativado em 01/06, paga a primeira parcela nesse dia e fica liberado até 31/07; em 15/07 paga a próxima e fica liberado até 31/08.',
      'multa de 2% e juros de 1% ao mês pro rata die',
      'bloqueado no dia seguinte',
      '6. ASSINATURAS',
      'Local e data:',
      '1º de junho de 2026',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/custo|repasse|m[íi]nimo/i);
  });

  it.runIf(hasPoppler())('keeps the current liberado até on a migração, with card installments', async () => {
    const text = textOf(
      await renderContractPdf(
        contractDraft(
          {
            periodicity: 'anual',
            paymentMethod: 'cartao',
            cardInstallments: 12,
            negotiatedMonthlyCents: 25000,
          },
          { kind: 'migracao', keepPaidThrough: '2026-07-31', version: 2 },
        ),
      ),
      'migracao',
    );
    expect(text).toContain('MIGRAÇÃO');
    expect(text).toContain('(versão 2)');
    expect(text).toContain('O cliente mantém a liberação atual até 31/07/2026');
    expect(text).toContain('Parcelas no cartão 12x de R$ 250,00');
    expect(text).toContain('Anual (12 meses por parcela)');
  });
});
