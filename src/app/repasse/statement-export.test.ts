import { describe, expect, it } from 'vitest';
import type { RepasseEntryRecord } from './ports';
import { csvAmount, statementCsv, statementFilename } from './statement-export';
import type { StatementDetail } from './statements';

const entry = (over: Partial<RepasseEntryRecord>): RepasseEntryRecord => ({
  id: '1',
  kind: 'parcela',
  description: 'Mensalidade 06/2026 (contrato 2026-000001)',
  competence: '2026-06',
  occurredOn: '2026-06-10',
  month: '2026-06',
  clientId: 'c',
  clientLegalName: 'Padaria "Pão; Quente" Ltda',
  clientDocument: '12345678000195',
  chargeId: null,
  chargeNumber: null,
  reversesId: null,
  statementId: null,
  receivedCents: 123456,
  costCents: 2800,
  centralFeeCents: 8025,
  fineInterestCents: 0,
  repasseCents: 112631,
  createdAt: new Date(0),
  ...over,
});

const detail: StatementDetail = {
  reseller: {
    id: 'r',
    name: 'Alfa Automação',
    legalName: 'Alfa Automação Comercial Ltda',
    document: '19384756000100',
  },
  month: '2026-06',
  status: 'fechado',
  lines: [entry({})],
  linesPage: { page: 1, pageSize: 1, total: 1 },
  adjustments: [
    entry({
      id: '2',
      kind: 'ajuste',
      clientLegalName: null,
      clientDocument: null,
      competence: null,
      occurredOn: '2026-06-30',
      description: '=HYPERLINK("x")',
      receivedCents: 0,
      costCents: 0,
      centralFeeCents: 0,
      repasseCents: -5,
    }),
  ],
  totals: {
    lineCount: 2,
    receivedCents: 123456,
    costCents: 2800,
    centralFeeCents: 8025,
    fineInterestCents: 0,
    adjustmentsCents: -5,
    repasseCents: 112626,
  },
  closedAt: new Date(0),
  closedByName: null,
  paidOn: null,
  paymentReference: null,
  invoice: null,
};

describe('statement CSV (pt-BR spreadsheet)', () => {
  it('amounts: comma decimals, no thousands separator, sign kept', () => {
    expect([csvAmount(123456), csvAmount(-5), csvAmount(0), csvAmount(-100000)]).toEqual([
      '1234,56',
      '-0,05',
      '0,00',
      '-1000,00',
    ]);
  });

  it('BOM, header, quoted fields with ";" or quotes, formulas neutralised, dd/mm/aaaa, a TOTAL row, CRLF', () => {
    const bytes = statementCsv(detail);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).split('\r\n');
    expect(rows).toEqual([
      'Cliente;CNPJ/CPF;Competência;Data;Tipo;Descrição;Recebido;Custo Hiper;Taxa da central;Multa e juros;Repasse',
      '"Padaria ""Pão; Quente"" Ltda";12.345.678/0001-95;06/2026;10/06/2026;Mensalidade;Mensalidade 06/2026 (contrato 2026-000001);1234,56;28,00;80,25;0,00;1126,31',
      ';;;30/06/2026;Ajuste;"\'=HYPERLINK(""x"")";0,00;0,00;0,00;0,00;-0,05',
      'TOTAL;;06/2026;;Fechado;2 lançamento(s), ajustes -0,05;1234,56;28,00;80,25;0,00;1126,26',
      '',
    ]);
    expect(statementFilename(detail, 'csv')).toBe('repasse-alfa-automacao-2026-06.csv');
  });
});
