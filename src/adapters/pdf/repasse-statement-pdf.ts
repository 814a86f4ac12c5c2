import { REPASSE_ENTRY_KIND_LABELS, type RepasseEntryRecord } from '../../app/repasse/ports';
import { monthLabel, STATEMENT_STATUS_LABELS, type StatementDetail } from '../../app/repasse/statements';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import {
  A4,
  BRAND,
  CONTENT_WIDTH,
  createDocument,
  DANGER,
  drawBrandBar,
  drawFooters,
  drawValueBox,
  INK,
  type Layout,
  MARGIN,
  MUTED,
  Layout as PdfLayout,
  SHADE,
} from './pdf-kit';

/** Columns of the lines table: [title, width, right-aligned]. */
const COLUMNS: [string, number, boolean][] = [
  ['Cliente / lançamento', 158, false],
  ['Compet.', 40, false],
  ['Data', 48, false],
  ['Recebido', 52, true],
  ['Custo Hiper', 50, true],
  ['Taxa', 50, true],
  ['Multa/juros', 45, true],
  ['Repasse', 56, true],
];
const ROW_HEIGHT = 22;
const SIZE = 7.5;

const money = (cents: number) => formatBRL(cents).replace('R$ ', '');

function header(layout: Layout, detail: StatementDetail, first: boolean, inTable: boolean): void {
  drawBrandBar(layout.page);
  layout.y = A4.height - MARGIN - 4;
  const title = `Extrato de repasse — ${monthLabel(detail.month)}`;
  if (!first) {
    layout.text(`${title} — ${detail.reseller.name} (continuação)`, MARGIN, { size: 9, color: MUTED });
    layout.y -= 22;
    if (inTable) tableHeader(layout);
    return;
  }
  layout.text(title, MARGIN, { size: 16, bold: true, color: BRAND, maxWidth: CONTENT_WIDTH - 110 });
  layout.text(STATEMENT_STATUS_LABELS[detail.status].toUpperCase(), A4.width - MARGIN, {
    size: 11,
    bold: true,
    color: detail.status === 'aberto' ? DANGER : BRAND,
    align: 'right',
  });
  layout.y -= 18;
  layout.text(`${detail.reseller.legalName} (${detail.reseller.name})`, MARGIN, {
    size: 10,
    bold: true,
    maxWidth: CONTENT_WIDTH,
  });
  layout.y -= 13;
  layout.text(`CNPJ ${formatDocument(detail.reseller.document)}`, MARGIN, { size: 9, color: MUTED });
  layout.y -= 13;
  const status =
    detail.status === 'aberto'
      ? 'Extrato aberto: os valores podem mudar até o fechamento.'
      : detail.status === 'fechado'
        ? `Fechado${detail.closedAt ? ` em ${formatDateBR(businessDateAt(detail.closedAt))}` : ''}; pagamento a registrar.`
        : `Pago em ${detail.paidOn ? formatDateBR(detail.paidOn) : '—'} (referência ${detail.paymentReference ?? '—'}).`;
  layout.text(status, MARGIN, { size: 9, color: MUTED, maxWidth: CONTENT_WIDTH });
  layout.y -= 10;
}

function tableHeader(layout: Layout): void {
  layout.page.drawRectangle({ x: MARGIN, y: layout.y - 5, width: CONTENT_WIDTH, height: 16, color: SHADE });
  let x = MARGIN + 2;
  for (const [title, width, right] of COLUMNS) {
    layout.text(title, right ? x + width - 4 : x, {
      size: SIZE,
      bold: true,
      align: right ? 'right' : 'left',
    });
    x += width;
  }
  layout.y -= 18;
}

function row(layout: Layout, e: RepasseEntryRecord): void {
  layout.ensure(ROW_HEIGHT);
  const first = e.clientLegalName ?? e.description;
  const second = [
    e.clientDocument ? formatDocument(e.clientDocument) : null,
    REPASSE_ENTRY_KIND_LABELS[e.kind],
    e.clientLegalName ? e.description : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const cells = [
    e.competence ? monthLabel(e.competence) : '—',
    formatDateBR(e.occurredOn),
    money(e.receivedCents),
    money(e.costCents),
    money(e.centralFeeCents),
    money(e.fineInterestCents),
    money(e.repasseCents),
  ];
  const color = e.repasseCents < 0 ? DANGER : INK;
  layout.text(first, MARGIN + 2, { size: SIZE, bold: true, maxWidth: COLUMNS[0]![1] - 6 });
  let x = MARGIN + 2 + COLUMNS[0]![1];
  cells.forEach((cell, i) => {
    const [, width, right] = COLUMNS[i + 1]!;
    layout.text(cell, right ? x + width - 4 : x, {
      size: SIZE,
      align: right ? 'right' : 'left',
      color: i >= 2 ? color : INK,
      bold: i === cells.length - 1,
    });
    x += width;
  });
  layout.y -= 9;
  layout.text(second, MARGIN + 2, { size: 6.5, color: MUTED, maxWidth: CONTENT_WIDTH - 4 });
  layout.y -= 4;
  layout.rule(layout.y, undefined, 0.3);
  layout.y -= 9;
}

/** The extrato de repasse as a PDF (A4, pt-BR): reseller, status, lines, ajustes and totals. */
export async function renderRepasseStatementPdf(
  detail: StatementDetail,
  issuedOn: string,
): Promise<Uint8Array> {
  const { doc, fonts } = await createDocument({
    title: `Extrato de repasse ${monthLabel(detail.month)} — ${detail.reseller.name}`,
    subject: 'Extrato de repasse ao Hiperador',
    issuedOn,
  });
  let inTable = false;
  const layout = new PdfLayout(doc, fonts, (l, first) => header(l, detail, first, inTable));

  layout.sectionTitle('Lançamentos');
  if (detail.lines.length === 0) {
    layout.paragraph('Nenhuma parcela paga neste extrato.', { color: MUTED });
  } else {
    tableHeader(layout);
    inTable = true;
    for (const e of detail.lines) row(layout, e);
    inTable = false;
  }

  layout.sectionTitle('Ajustes');
  if (detail.adjustments.length === 0) {
    layout.paragraph('Nenhum ajuste.', { color: MUTED });
  } else {
    for (const a of detail.adjustments) {
      layout.ensure(16);
      layout.text(`${formatDateBR(a.occurredOn)} — ${a.description}`, MARGIN, {
        size: 9,
        maxWidth: CONTENT_WIDTH - 110,
      });
      layout.text(formatBRL(a.repasseCents), A4.width - MARGIN, {
        size: 9,
        bold: true,
        align: 'right',
        color: a.repasseCents < 0 ? DANGER : INK,
      });
      layout.y -= 14;
    }
  }

  const t = detail.totals;
  layout.sectionTitle('Totais');
  layout.ensure(8 * 18 + 20);
  layout.y -= 4;
  drawValueBox(
    layout,
    [
      ['Lançamentos', String(t.lineCount)],
      ['Recebido dos clientes', formatBRL(t.receivedCents)],
      ['(-) Custo Hiper', formatBRL(t.costCents)],
      ['(-) Taxa da central', formatBRL(t.centralFeeCents)],
      ['(+) Multa e juros', formatBRL(t.fineInterestCents)],
      ['(±) Ajustes', formatBRL(t.adjustmentsCents)],
      ['Repasse ao Hiperador', formatBRL(t.repasseCents), true],
    ],
    { label: 9, strong: 11 },
  );
  if (detail.invoice) {
    layout.ensure(20);
    layout.y -= 8;
    layout.text(
      `Nota fiscal: ${detail.invoice.filename} (enviada em ${formatDateBR(businessDateAt(detail.invoice.uploadedAt))}).`,
      MARGIN,
      { size: 8, color: MUTED, maxWidth: CONTENT_WIDTH },
    );
  }

  drawFooters(
    layout,
    `Central de Cobranças — extrato de repasse ${monthLabel(detail.month)} — ${detail.reseller.name} — emitido em ${formatDateBR(issuedOn)}`,
  );
  return doc.save();
}
