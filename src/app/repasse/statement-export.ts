import { formatDateBR } from '../../domain/calendar/dates';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { REPASSE_ENTRY_KIND_LABELS, type RepasseEntryRecord } from './ports';
import { monthLabel, STATEMENT_STATUS_LABELS, type StatementDetail } from './statements';

/** 123456 → "1234,56"; -5 → "-0,05" (spreadsheet-friendly: no thousands separator, no "R$"). */
export function csvAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula is neutralised. */
function field(value: string, text = true): string {
  let v = value;
  if (text && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const STATEMENT_COLUMNS = [
  'Cliente',
  'CNPJ/CPF',
  'Competência',
  'Data',
  'Tipo',
  'Descrição',
  'Recebido',
  'Custo Hiper',
  'Taxa da central',
  'Multa e juros',
  'Repasse',
] as const;

/** The columns of one line as printed (CSV and PDF). */
export function lineCells(e: RepasseEntryRecord): string[] {
  return [
    e.clientLegalName ?? '',
    e.clientDocument ? formatDocument(e.clientDocument) : '',
    e.competence ? monthLabel(e.competence) : '',
    formatDateBR(e.occurredOn),
    REPASSE_ENTRY_KIND_LABELS[e.kind],
    e.description,
  ];
}

/**
 * The statement as CSV for a Brazilian spreadsheet: UTF-8 with BOM, ';' between fields, ',' decimals,
 * dates dd/mm/aaaa, a header row, one row per line and ajuste, and a TOTAL row.
 */
export function statementCsv(detail: StatementDetail): Uint8Array {
  const rows: string[] = [];
  rows.push(STATEMENT_COLUMNS.map((c) => field(c)).join(';'));
  for (const e of [...detail.lines, ...detail.adjustments]) {
    rows.push(
      [
        ...lineCells(e).map((c) => field(c)),
        ...[e.receivedCents, e.costCents, e.centralFeeCents, e.fineInterestCents, e.repasseCents].map((v) =>
          field(csvAmount(v), false),
        ),
      ].join(';'),
    );
  }
  const t = detail.totals;
  rows.push(
    [
      'TOTAL',
      '',
      monthLabel(detail.month),
      '',
      field(STATEMENT_STATUS_LABELS[detail.status]),
      field(`${t.lineCount} lançamento(s), ajustes ${csvAmount(t.adjustmentsCents)}`),
      ...[t.receivedCents, t.costCents, t.centralFeeCents, t.fineInterestCents, t.repasseCents].map((v) =>
        field(csvAmount(v), false),
      ),
    ].join(';'),
  );
  const text = `\uFEFF${rows.join('\r\n')}\r\n`;
  return new TextEncoder().encode(text);
}

/** "repasse-alfa-automacao-2026-07.csv" */
export function statementFilename(detail: StatementDetail, ext: 'csv' | 'pdf'): string {
  const slug = detail.reseller.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `repasse-${slug || 'hiperador'}-${detail.month}.${ext}`;
}
