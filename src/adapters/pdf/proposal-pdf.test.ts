import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProposalRecord } from '../../app/proposals/ports';
import { inputFromConfiguration, pricedQuoteToJson } from '../../app/quotes/quote-json';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { demoPriceBook } from '../../domain/pricing/demo-price-book';
import { priceQuote, type QuoteConfiguration } from '../../domain/pricing/price-quote';
import { BILLING_RULE, renderProposalPdf } from './proposal-pdf';

const book = demoPriceBook('book-1');

function proposal(
  config: Partial<QuoteConfiguration> = {},
  extra: Partial<ProposalRecord> = {},
): ProposalRecord {
  const configuration: QuoteConfiguration = {
    product: 'hiper-gestao',
    addons: { caixa: 2 },
    apps: ['boletos', 'hiper_vendas'],
    periodicity: 'anual',
    setupFee: true,
    negotiatedMonthlyCents: 25000,
    paymentMethod: 'cartao',
    cardInstallments: 12,
    ...config,
  };
  const quote = priceQuote(book, configuration);
  expect(quote.violations).toEqual([]);
  return {
    id: '00000000-0000-4000-8000-000000000001',
    number: '2026-000042',
    status: 'rascunho',
    client: {
      id: '00000000-0000-4000-8000-000000000002',
      legalName: 'Açougue e Panificação São João Ltda',
      tradeName: 'Panificação São João',
      document: `12ABC34502XY${cnpjCheckDigits('12ABC34502XY')}`,
      email: 'contato@saojoao.com.br',
    },
    reseller: { id: '00000000-0000-4000-8000-000000000003', name: 'Alfa Automação' },
    priceBookId: book.id,
    configuration: inputFromConfiguration(configuration),
    pricing: pricedQuoteToJson(book, quote),
    validUntil: '2026-06-16',
    createdByName: 'Heitor (Alfa Automação)',
    createdAt: new Date('2026-06-01T12:00:00Z'),
    updatedAt: new Date('2026-06-01T12:00:00Z'),
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

const dir = mkdtempSync(join(tmpdir(), 'cc-proposal-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function textOf(bytes: Uint8Array, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('proposal PDF', () => {
  it('is an A4 PDF of one page that pdf-lib reads back', async () => {
    const bytes = await renderProposalPdf(proposal(), '2026-06-01');
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.getTitle()).toBe('Proposta comercial nº 2026-000042');
  });

  it.runIf(hasPoppler())(
    'shows the number, the client, the Portuguese labels and the amounts in R$',
    async () => {
      const text = textOf(await renderProposalPdf(proposal(), '2026-06-01'), 'card');
      for (const expected of [
        'Central de Cobranças — Proposta comercial nº 2026-000042',
        'Emitida em 01/06/2026',
        'Válida até 16/06/2026',
        'Açougue e Panificação São João Ltda',
        '12.ABC.345/02XY-',
        'contato@saojoao.com.br',
        'Alfa Automação',
        'Hiper Gestão',
        'Usuários: 2',
        'Caixas: 3',
        'Filiais: 1',
        'Original/mês',
        'Negociado/mês',
        'Mensalidade negociada',
        'R$ 250,00',
        'Anual (12 meses)',
        'R$ 3.000,00',
        'R$ 600,00',
        'Cartão de Crédito',
        '12x no cartão',
        '12x de R$ 250,00',
        BILLING_RULE,
        'Página 1 de 1',
      ]) {
        expect(text).toContain(expected);
      }
      // Never the Hiperador's numbers: custo Hiper, mínimo, repasse.
      expect(text).not.toMatch(/custo|repasse|m[íi]nimo/i);
    },
  );

  it.runIf(hasPoppler())(
    'says "Sem implantação" and leaves out the parcelas when not paid by card',
    async () => {
      const text = textOf(
        await renderProposalPdf(
          proposal({
            product: 'hiper-mini',
            addons: {},
            apps: [],
            periodicity: 'mensal',
            setupFee: false,
            negotiatedMonthlyCents: null,
            paymentMethod: 'boleto',
            cardInstallments: null,
          }),
          '2026-06-01',
        ),
        'boleto',
      );
      expect(text).toContain('Sem implantação');
      expect(text).toContain('Boleto bancário');
      expect(text).toContain('Mensal (1 mês)');
      expect(text).not.toContain('Número de parcelas');
    },
  );

  it('breaks a long list of items over pages, numbering them, and survives characters outside WinAnsi', async () => {
    const many = proposal(
      {},
      {
        status: 'cancelada',
        client: {
          id: 'x',
          legalName: 'Empório Ōsaka 🍣 Łódź Çafé — ção ã é',
          tradeName: null,
          document: '52998224725',
          email: 'a@b.co',
        },
      },
    );
    many.pricing = {
      ...many.pricing,
      lines: Array.from({ length: 60 }, (_, i) => ({
        ...many.pricing.lines[0]!,
        name: `Item número ${i + 1}`,
      })),
    };
    const bytes = await renderProposalPdf(many, '2026-06-01');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    if (hasPoppler()) {
      const text = textOf(bytes, 'many');
      expect(text).toContain(`Página 1 de ${doc.getPageCount()}`);
      expect(text).toContain('Item número 60');
      expect(text).toContain('PROPOSTA CANCELADA');
      expect(text).toContain('CPF');
      expect(text).toContain('529.982.247-25');
      expect(text).toContain('Empório Osaka ? ?ódz Çafé — ção ã é');
    }
  });
});
