import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatBRL } from '../../domain/money/money';

/** Shared drawing kit of the client-facing PDFs (proposal, contract): A4, pt-BR, Helvetica. */

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 48;
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;
export const FOOTER_HEIGHT = 40;

export const BRAND = rgb(0x2b / 255, 0x3f / 255, 0x9e / 255);
export const ACCENT = rgb(0x7e / 255, 0xe0 / 255, 0xb5 / 255);
export const INK = rgb(0.13, 0.14, 0.17);
export const MUTED = rgb(0.42, 0.44, 0.5);
export const RULE = rgb(0.84, 0.86, 0.9);
export const SHADE = rgb(0.95, 0.96, 0.985);
export const DANGER = rgb(0.75, 0.12, 0.12);
export const WHITE = rgb(1, 1, 1);

export type Color = ReturnType<typeof rgb>;

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Text the standard (WinAnsi) fonts can draw: accents stay; anything else loses its accent or becomes "?". */
export function encodable(font: PDFFont, text: string): string {
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
export function fitText(font: PDFFont, size: number, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Splits the text into lines no wider than `width`. */
export function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
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

/** Splits text without spaces (a Pix copia e cola, a hash) into lines no wider than `width`, at any character. */
export function wrapAnywhere(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && font.widthOfTextAtSize(line + ch, size) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** [25000 × 12] → "12x de R$ 250,00"; uneven splits are grouped: "1x de R$ 10,01 + 2x de R$ 10,00". */
export function installmentsText(amounts: number[]): string {
  if (amounts.length === 0) return '';
  const groups: { amount: number; times: number }[] = [];
  for (const amount of amounts) {
    const last = groups.at(-1);
    if (last && last.amount === amount) last.times++;
    else groups.push({ amount, times: 1 });
  }
  return groups.map((g) => `${g.times}x de ${formatBRL(g.amount)}`).join(' + ');
}

export interface TextOptions {
  size?: number;
  bold?: boolean;
  color?: Color;
  maxWidth?: number;
  align?: 'left' | 'right' | 'center';
}

/** A cursor that flows content down A4 pages, starting a new page (with its header) when needed. */
export class Layout {
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

  text(text: string, x: number, options: TextOptions = {}): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const size = options.size ?? 10;
    let t = encodable(font, text);
    if (options.maxWidth) t = fitText(font, size, t, options.maxWidth);
    const width = font.widthOfTextAtSize(t, size);
    const left = options.align === 'right' ? x - width : options.align === 'center' ? x - width / 2 : x;
    this.page.drawText(t, { x: left, y: this.y, size, font, color: options.color ?? INK });
  }

  /** A wrapped paragraph from `x` to the right margin; flows onto new pages. */
  paragraph(
    text: string,
    options: {
      x?: number;
      size?: number;
      bold?: boolean;
      color?: Color;
      leading?: number;
      after?: number;
    } = {},
  ): void {
    const x = options.x ?? MARGIN;
    const size = options.size ?? 10;
    const leading = options.leading ?? size * 1.4;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    for (const line of wrap(font, size, encodable(font, text), A4.width - MARGIN - x)) {
      this.ensure(leading);
      this.text(line, x, { size, bold: options.bold ?? false, color: options.color ?? INK });
      this.y -= leading;
    }
    this.y -= options.after ?? 4;
  }

  rule(y = this.y, color = RULE, thickness = 0.75, from = MARGIN, to = A4.width - MARGIN): void {
    this.page.drawLine({ start: { x: from, y }, end: { x: to, y }, thickness, color });
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

/** The brand bars at the top of every page. */
export function drawBrandBar(page: PDFPage): void {
  page.drawRectangle({ x: 0, y: A4.height - 8, width: A4.width, height: 8, color: BRAND });
  page.drawRectangle({ x: 0, y: A4.height - 10, width: A4.width, height: 2, color: ACCENT });
}

/** "texto à esquerda · Página n de N" at the bottom of every page. */
export function drawFooters(layout: Layout, leftText: string): void {
  const total = layout.pages.length;
  const font = layout.fonts.regular;
  layout.pages.forEach((page, i) => {
    const y = MARGIN - 14;
    page.drawLine({
      start: { x: MARGIN, y: y + 14 },
      end: { x: A4.width - MARGIN, y: y + 14 },
      thickness: 0.5,
      color: RULE,
    });
    page.drawText(fitText(font, 8, encodable(font, leftText), CONTENT_WIDTH - 90), {
      x: MARGIN,
      y,
      size: 8,
      font,
      color: MUTED,
    });
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

/** A new PDF with pt-BR metadata dated at noon UTC of `issuedOn` (same bytes for the same input). */
export async function createDocument(meta: {
  title: string;
  subject: string;
  issuedOn: string;
}): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title);
  doc.setSubject(meta.subject);
  doc.setAuthor('Central de Cobranças');
  doc.setCreator('Central de Cobranças');
  doc.setProducer('Central de Cobranças');
  doc.setLanguage('pt-BR');
  const createdAt = new Date(`${meta.issuedOn}T12:00:00Z`);
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  return { doc, fonts };
}

/** A shaded box of "label … value" rows (values right-aligned; the third item marks a row as strong). */
export function drawValueBox(
  layout: Layout,
  rows: [label: string, value: string, strong?: boolean][],
  sizes: { label: number; strong: number },
): void {
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
    layout.text(label, MARGIN + 12, { size: sizes.label, color: MUTED });
    layout.text(value, A4.width - MARGIN - 12, {
      size: strong ? sizes.strong : sizes.label,
      bold: Boolean(strong),
      align: 'right',
      maxWidth: CONTENT_WIDTH * 0.6,
    });
    layout.y -= 18;
  }
}
