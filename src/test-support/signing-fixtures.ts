import { sha256Hex } from '../adapters/db/repositories/contract-repository';
import { renderContractPdf } from '../adapters/pdf/contract-pdf';
import type { ContractDraft } from '../app/contracts/ports';
import { pricedQuoteToJson } from '../app/quotes/quote-json';
import type { CompletionEvidence } from '../app/signatures/ports';
import { cnpjCheckDigits } from '../domain/documents/cpf-cnpj';
import { demoPriceBook } from '../domain/pricing/demo-price-book';
import { priceQuote } from '../domain/pricing/price-quote';

/** Fixtures for the sealed-PDF and verification tests: a real contract PDF and its completion evidence. */

const book = demoPriceBook('book-1');

/** A contract PDF from the real contract renderer. */
export async function sampleContractPdf(): Promise<Uint8Array> {
  const quote = priceQuote(book, {
    product: 'hiper-gestao',
    addons: { caixa: 2 },
    apps: ['boletos'],
    periodicity: 'mensal',
    setupFee: true,
    negotiatedMonthlyCents: 30000,
    paymentMethod: 'boleto',
    cardInstallments: null,
  });
  const draft: ContractDraft = {
    number: '2026-000007',
    version: 2,
    kind: 'ativacao',
    issuedOn: '2026-06-01',
    pricing: pricedQuoteToJson(book, quote),
    keepPaidThrough: null,
    issuedByName: 'Heitor (Alfa Automação)',
    parties: {
      client: {
        id: '00000000-0000-4000-8000-000000000002',
        legalName: 'Panificação São João Ltda',
        tradeName: 'Panificação São João',
        document: `112223330001${cnpjCheckDigits('112223330001')}`,
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
        document: `998887770001${cnpjCheckDigits('998887770001')}`,
        city: 'Blumenau',
        state: 'SC',
      },
    },
  };
  return renderContractPdf(draft);
}

export function sampleEvidence(
  original: Uint8Array,
  extra: Partial<CompletionEvidence> = {},
): CompletionEvidence {
  const chrome =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
  return {
    contractId: '11111111-2222-4333-8444-555555555555',
    contractNumber: '2026-000007',
    contractVersion: 2,
    clientLegalName: 'Panificação São João Ltda',
    clientDocument: `112223330001${cnpjCheckDigits('112223330001')}`,
    signerName: 'Maria da Silva Souza',
    signerCpf: '52998224725',
    signerEmail: 'maria@saojoao.com.br',
    originalSha256: sha256Hex(original),
    signedAt: new Date('2026-06-02T13:04:05Z'),
    events: [
      {
        type: 'link_sent',
        label: 'Link enviado',
        at: new Date('2026-06-01T15:00:00Z'),
        ip: null,
        userAgent: null,
      },
      {
        type: 'viewed',
        label: 'Documento visualizado',
        at: new Date('2026-06-02T13:00:00Z'),
        ip: '200.160.2.3',
        userAgent: chrome,
      },
      {
        type: 'code_sent',
        label: 'Código enviado',
        at: new Date('2026-06-02T13:01:00Z'),
        ip: '200.160.2.3',
        userAgent: chrome,
      },
      {
        type: 'signed',
        label: 'Assinado',
        at: new Date('2026-06-02T13:04:05Z'),
        ip: '200.160.2.3',
        userAgent: chrome,
      },
    ],
    verifyUrl: 'http://localhost:3000/verificar',
    ...extra,
  };
}
