import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { ProposalDocumentRenderer, ProposalRecord } from '../../app/proposals/ports';
import type { PricedQuoteJson } from '../../app/quotes/quote-json';
import { formatDateBR } from '../../domain/calendar/dates';
import { documentKind, formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { PAYMENT_METHOD_LABELS, PERIODICITY_LABELS, usesCard } from '../../domain/pricing/catalog';

/**
 * The client-facing proposal (A4, pt-BR). It shows what the client pays — never the custo Hiper,
 * the mínimo or the repasse, which are the Hiperador's business.
 */

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const FOOTER_HEIGHT = 40;

const BRAND = rgb(0x2b / 255, 0x3f / 255, 0x9e / 255);
const ACCENT = rgb(0x7e / 255, 0xe0 / 255, 0xb5 / 255);
const INK = rgb(0.13, 0.14, 0.17);
const MUTED = rgb(0.42, 0.44, 0.5);
const RULE = rgb(0.84, 0.86, 0.9);
const SHADE = rgb(0.95, 0.96, 0.985);
const DANGER = rgb(0.75, 0.12, 0.12);

export const BILLING_RULE = 'A primeira parcela é cobrada na ativação; as demais vencem todo dia 15.';

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Text the standard (WinAnsi) fonts can draw: accents stay; anything else loses its accent or becomes "?". */
function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if (supported.has(code)) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += base !== ch && [...base].every((c) => supported.has(c.codePointAt(0)!)) ? base : '?';
  }
  return out;
}

/** Cuts the text with "…" so it fits the width. */
function fitText(font: PDFFont, size: number, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Splits the text into lines no wider than `width`. */
function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => fitText(font, size, l, width));
}

function installmentsText(amounts: number[]): string {
  if (amounts.length === 0) return '';
  const groups: { amount: number; times: number }[] = [];
  for (const amount of amounts) {
    const last = groups.at(-1);
    if (last && last.amount === amount) last.times++;
    else groups.push({ amount, times: 1 });
  }
  return groups.map((g) => `${g.times}x de ${formatBRL(g.amount)}`).join(' + ');
}

class Layout {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly onNewPage: (layout: Layout, first: boolean) => void,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
    this.onNewPage(this, this.pages.length === 1);
  }

  /** Starts a new page when less than `height` is left above the footer; true when it did. */
  ensure(height: number): boolean {
    if (this.y - height >= MARGIN + FOOTER_HEIGHT) return false;
    this.newPage();
    return true;
  }

  text(
    text: string,
    x: number,
    options: {
      size?: number;
      bold?: boolean;
      color?: ReturnType<typeof rgb>;
      maxWidth?: number;
      align?: 'left' | 'right';
    } = {},
  ): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const size = options.size ?? 10;
    let t = encodable(font, text);
    if (options.maxWidth) t = fitText(font, size, t, options.maxWidth);
    const width = font.widthOfTextAtSize(t, size);
    this.page.drawText(t, {
      x: options.align === 'right' ? x - width : x,
      y: this.y,
      size,
      font,
      color: options.color ?? INK,
    });
  }

  rule(y = this.y, color = RULE, thickness = 0.75): void {
    this.page.drawLine({
      start: { x: MARGIN, y },
      end: { x: A4.width - MARGIN, y },
      thickness,
      color,
    });
  }

  sectionTitle(title: string): void {
    this.ensure(40);
    this.y -= 22;
    this.text(title.toUpperCase(), MARGIN, { size: 9, bold: true, color: BRAND });
    this.y -= 6;
    this.rule(this.y, BRAND, 1);
    this.y -= 16;
  }
}

function drawHeader(layout: Layout, proposal: ProposalRecord, issuedOn: string, first: boolean): void {
  const { page } = layout;
  page.drawRectangle({ x: 0, y: A4.height - 8, width: A4.width, height: 8, color: BRAND });
  page.drawRectangle({ x: 0, y: A4.height - 10, width: A4.width, height: 2, color: ACCENT });
  if (!first) {
    layout.y = A4.height - MARGIN + 6;
    layout.text(`Central de Cobranças — Proposta comercial nº ${proposal.number} (continuação)`, MARGIN, {
      size: 9,
      color: MUTED,
    });
    layout.y -= 20;
    return;
  }
  layout.y = A4.height - MARGIN - 4;
  layout.text(`Central de Cobranças — Proposta comercial nº ${proposal.number}`, MARGIN, {
    size: 16,
    bold: true,
    color: BRAND,
    maxWidth: CONTENT_WIDTH,
  });
  layout.y -= 18;
  layout.text(
    `Emitida em ${formatDateBR(issuedOn)}   ·   Válida até ${formatDateBR(proposal.validUntil)}`,
    MARGIN,
    { size: 10, color: MUTED },
  );
  if (proposal.status === 'cancelada') {
    layout.text('PROPOSTA CANCELADA', A4.width - MARGIN, {
      size: 10,
      bold: true,
      color: DANGER,
      align: 'right',
    });
  }
  layout.y -= 6;
}

function drawParties(layout: Layout, proposal: ProposalRecord): void {
  layout.sectionTitle('Cliente e Hiperador');
  const { regular } = layout.fonts;
  const col = CONTENT_WIDTH / 2 - 12;
  const right = MARGIN + CONTENT_WIDTH / 2 + 12;
  const top = layout.y;
  const kind = documentKind(proposal.client.document) === 'cpf' ? 'CPF' : 'CNPJ';
  const left: [string, string][] = [
    ['Razão social', proposal.client.legalName],
    ...(proposal.client.tradeName
      ? ([['Nome fantasia', proposal.client.tradeName]] as [string, string][])
      : []),
    [kind, formatDocument(proposal.client.document)],
    ['E-mail', proposal.client.email],
  ];
  for (const [label, value] of left) {
    layout.text(label, MARGIN, { size: 8, color: MUTED });
    layout.y -= 12;
    const lines = wrap(regular, 10.5, encodable(regular, value), col).slice(0, 2);
    for (const line of lines) {
      layout.text(line, MARGIN, { size: 10.5 });
      layout.y -= 13;
    }
    layout.y -= 4;
  }
  const leftBottom = layout.y;
  layout.y = top;
  layout.text('Hiperador (revenda)', right, { size: 8, color: MUTED });
  layout.y -= 12;
  layout.text(proposal.reseller.name, right, { size: 10.5, bold: true, maxWidth: col });
  layout.y -= 17;
  if (proposal.createdByName) {
    layout.text('Atendimento', right, { size: 8, color: MUTED });
    layout.y -= 12;
    layout.text(proposal.createdByName, right, { size: 10.5, maxWidth: col });
    layout.y -= 17;
  }
  layout.y = Math.min(layout.y, leftBottom) + 4;
}

function drawPlan(layout: Layout, pricing: PricedQuoteJson): void {
  layout.sectionTitle('Plano');
  layout.text(pricing.product_name, MARGIN, { size: 13, bold: true });
  const q = pricing.quantities;
  layout.text(`Usuários: ${q.users}     Caixas: ${q.registers}     Filiais: ${q.stores}`, A4.width - MARGIN, {
    size: 10.5,
    align: 'right',
  });
  layout.y -= 4;
}

const COLUMNS = {
  item: MARGIN + 8,
  quantity: MARGIN + CONTENT_WIDTH * 0.6,
  original: MARGIN + CONTENT_WIDTH * 0.8,
  negotiated: A4.width - MARGIN - 8,
};
const ROW = 20;

function drawTableHeader(layout: Layout): void {
  layout.page.drawRectangle({ x: MARGIN, y: layout.y - 6, width: CONTENT_WIDTH, height: ROW, color: BRAND });
  const white = rgb(1, 1, 1);
  layout.text('Item', COLUMNS.item, { size: 9, bold: true, color: white });
  layout.text('Qtde', COLUMNS.quantity, { size: 9, bold: true, color: white, align: 'right' });
  layout.text('Original/mês', COLUMNS.original, { size: 9, bold: true, color: white, align: 'right' });
  layout.text('Negociado/mês', COLUMNS.negotiated, { size: 9, bold: true, color: white, align: 'right' });
  layout.y -= ROW;
}

function drawItems(layout: Layout, pricing: PricedQuoteJson): void {
  layout.sectionTitle('Itens');
  const discount = pricing.options.find((o) => o.periodicity === pricing.periodicity)?.discount_bp ?? 0;
  drawTableHeader(layout);
  pricing.lines.forEach((line, i) => {
    if (layout.ensure(ROW + 4)) drawTableHeader(layout);
    if (i % 2 === 1) {
      layout.page.drawRectangle({
        x: MARGIN,
        y: layout.y - 6,
        width: CONTENT_WIDTH,
        height: ROW,
        color: SHADE,
      });
    }
    const name = line.kind === 'app' ? `${line.name} (aplicativo)` : line.name;
    layout.text(name, COLUMNS.item, { size: 10, maxWidth: COLUMNS.quantity - COLUMNS.item - 40 });
    layout.text(String(line.quantity), COLUMNS.quantity, { size: 10, align: 'right' });
    layout.text(formatBRL(line.original_cents), COLUMNS.original, { size: 10, align: 'right', color: MUTED });
    layout.text(formatBRL(line.negotiated_cents), COLUMNS.negotiated, { size: 10, align: 'right' });
    layout.y -= ROW;
  });
  layout.ensure(ROW + 18);
  layout.rule(layout.y + ROW - 6 + 0.5, INK, 0.75);
  layout.text('Total mensal', COLUMNS.item, { size: 10, bold: true });
  layout.text(formatBRL(pricing.monthly_original_cents), COLUMNS.original, {
    size: 10,
    bold: true,
    align: 'right',
    color: MUTED,
  });
  layout.text(formatBRL(pricing.monthly_negotiated_cents), COLUMNS.negotiated, {
    size: 10,
    bold: true,
    align: 'right',
  });
  layout.y -= 14;
  if (discount > 0) {
    const percent = (discount / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 });
    layout.text(
      `Valores originais já com o desconto de ${percent}% do plano ${PERIODICITY_LABELS[pricing.periodicity]}.`,
      COLUMNS.item,
      { size: 8.5, color: MUTED },
    );
    layout.y -= 4;
  }
}

function drawTotals(layout: Layout, pricing: PricedQuoteJson): void {
  const card = usesCard(pricing.payment.method);
  const rows: [string, string, boolean?][] = [
    ['Mensalidade negociada', formatBRL(pricing.monthly_negotiated_cents), true],
    [
      'Periodicidade',
      `${PERIODICITY_LABELS[pricing.periodicity]} (${pricing.months} ${pricing.months === 1 ? 'mês' : 'meses'})`,
    ],
    ['Total do período', formatBRL(pricing.period_total_cents), true],
    [
      'Implantação',
      pricing.setup_fee_cents > 0
        ? `${formatBRL(pricing.setup_fee_cents)} (cobrada com a primeira parcela)`
        : 'Sem implantação',
    ],
    ['Forma de pagamento', PAYMENT_METHOD_LABELS[pricing.payment.method]],
  ];
  if (card) {
    const n = pricing.payment.card_installments ?? 1;
    rows.push(['Número de parcelas', `${n}x no cartão`]);
    rows.push(['Valor de cada parcela', installmentsText(pricing.payment.installment_amounts)]);
  }
  // The title, the box and the billing rule stay together on one page.
  layout.ensure(rows.length * 18 + 110);
  layout.sectionTitle('Valores e pagamento');
  layout.y -= 4;
  const boxTop = layout.y + 14;
  const boxHeight = rows.length * 18 + 10;
  layout.page.drawRectangle({
    x: MARGIN,
    y: boxTop - boxHeight,
    width: CONTENT_WIDTH,
    height: boxHeight,
    color: SHADE,
    borderColor: RULE,
    borderWidth: 0.75,
  });
  for (const [label, value, strong] of rows) {
    layout.text(label, MARGIN + 12, { size: 10.5, color: MUTED });
    layout.text(value, A4.width - MARGIN - 12, {
      size: strong ? 12 : 10.5,
      bold: Boolean(strong),
      align: 'right',
      maxWidth: CONTENT_WIDTH * 0.6,
    });
    layout.y -= 18;
  }
  layout.y -= 16;
  layout.ensure(30);
  layout.text(BILLING_RULE, MARGIN, { size: 10, bold: true });
  layout.y -= 14;
  layout.text('Valores em reais (R$). Preços válidos até a data de validade desta proposta.', MARGIN, {
    size: 8.5,
    color: MUTED,
  });
}

function drawFooters(layout: Layout, proposal: ProposalRecord): void {
  const total = layout.pages.length;
  layout.pages.forEach((page, i) => {
    const y = MARGIN - 14;
    page.drawLine({
      start: { x: MARGIN, y: y + 14 },
      end: { x: A4.width - MARGIN, y: y + 14 },
      thickness: 0.5,
      color: RULE,
    });
    const font = layout.fonts.regular;
    const left = encodable(
      font,
      `Central de Cobranças · Proposta nº ${proposal.number} · ${proposal.reseller.name}`,
    );
    page.drawText(fitText(font, 8, left, CONTENT_WIDTH - 90), { x: MARGIN, y, size: 8, font, color: MUTED });
    const label = `Página ${i + 1} de ${total}`;
    page.drawText(label, {
      x: A4.width - MARGIN - font.widthOfTextAtSize(label, 8),
      y,
      size: 8,
      font,
      color: MUTED,
    });
  });
}

export async function renderProposalPdf(proposal: ProposalRecord, issuedOn: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Proposta comercial nº ${proposal.number}`);
  doc.setSubject(`Proposta para ${proposal.client.legalName}`);
  doc.setAuthor('Central de Cobranças');
  doc.setCreator('Central de Cobranças');
  doc.setProducer('Central de Cobranças');
  doc.setLanguage('pt-BR');
  const createdAt = new Date(`${issuedOn}T12:00:00Z`);
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const layout = new Layout(doc, fonts, (l, first) => drawHeader(l, proposal, issuedOn, first));
  drawParties(layout, proposal);
  drawPlan(layout, proposal.pricing);
  drawItems(layout, proposal.pricing);
  drawTotals(layout, proposal.pricing);
  drawFooters(layout, proposal);
  return doc.save();
}

export const pdfLibProposalRenderer: ProposalDocumentRenderer = { render: renderProposalPdf };
