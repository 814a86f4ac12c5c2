import type { PDFFont, PDFPage } from 'pdf-lib';
import { rgb, StandardFonts } from 'pdf-lib';
import type { ChargeRecord } from '../../app/payments/ports';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { documentKind, formatDocument } from '../../domain/documents/cpf-cnpj';
import { applyBasisPoints, type Cents, formatBasisPoints, formatBRL } from '../../domain/money/money';
import { bancoDoBrasilBeneficiaryCode } from '../../domain/payments/boleto/banks/banco-do-brasil';
import { sicoobBeneficiaryCode } from '../../domain/payments/boleto/banks/sicoob';
import { digitableLineFromBarcode, formatDigitableLine } from '../../domain/payments/boleto/barcode';
import { BoletoError } from '../../domain/payments/boleto/boleto-error';
import { dueDateFactor } from '../../domain/payments/boleto/due-date-factor';
import { interestPerDayCents } from '../../domain/payments/late-charges';
import type { PaymentSettings } from '../../domain/payments/payment-settings';
import { interleaved2of5Png, qrCodePng } from './barcode-images';
import { A4, createDocument, encodable, type Fonts, fitText, INK, wrap, wrapAnywhere } from './pdf-kit';

/**
 * The boleto híbrido (A4, pt-BR, FEBRABAN layout): "Recibo do Pagador" on top, the Pix QR code of the
 * same charge, the cut line and the "Ficha de Compensação" with the Interleaved 2 of 5 barcode
 * (0,254 mm narrow bar, 3:1, 13 mm high, quiet zones: about 103 mm for the 44 digits).
 */

export interface BoletoDocument {
  beneficiary: {
    /** Razão social. */
    name: string;
    /** CPF or CNPJ (punctuation optional; the alphanumeric CNPJ too). */
    document: string;
    /** One line: street, number, city/UF, CEP. */
    address: string;
    /** "Agência/Código do beneficiário" as printed, e.g. "3064-2 / 1234567". */
    agencyCode: string;
  };
  payer: {
    name: string;
    document: string;
    /** Street and city lines, at most 2 are printed. */
    addressLines: string[];
  };
  /** Sacador/Avalista, when someone other than the beneficiary issued the title. */
  guarantor?: { name: string; document?: string | null } | null;
  charge: {
    /** Nº do documento (the charge number, e.g. "2026-000042"). */
    number: string;
    /** What is charged, printed in the Recibo do Pagador. */
    description: string;
    amountCents: Cents;
    /** 'YYYY-MM-DD'. */
    dueDate: string;
    /** Data do documento (issue date), 'YYYY-MM-DD'. */
    documentDate: string;
    /** Data de processamento, 'YYYY-MM-DD'. */
    processingDate: string;
    /** Nosso número as the bank prints it (e.g. BB "14741660000000328", Sicoob "0000123-4"). */
    nossoNumero: string;
    /** '001' Banco do Brasil, '756' Sicoob. */
    bankCode: string;
    /** Carteira as printed (BB "17/019", Sicoob "1"). */
    carteira: string;
    /** 44 digits. */
    barcode: string;
    /** 47 digits (punctuation and spaces are ignored). */
    digitableLine: string;
    /** Multa in basis points (200 = 2%). */
    fineBasisPoints: number;
    /** Juros de mora per month in basis points (100 = 1% a.m., pro rata die). */
    interestMonthlyBasisPoints: number;
    /** Pix copia e cola (BR Code) of the same charge, or null for a boleto without Pix. */
    pixPayload: string | null;
    /** Espécie do documento: "DS" duplicata de serviço (default), "DM" duplicata mercantil. */
    documentSpecies?: 'DM' | 'DS';
  };
  /** Further lines for the "Instruções" box (after the late-payment rule). */
  instructions: string[];
}

/** Banks we issue boletos for: name in the logo area and the code box "001-9" (bank code + its DV). */
export const BOLETO_BANKS: Record<string, { name: string; dv: string }> = {
  '001': { name: 'Banco do Brasil', dv: '9' },
  '756': { name: 'Sicoob', dv: '0' },
};

export const PAYMENT_PLACE =
  'Pagável em qualquer banco até o vencimento. Após o vencimento, em qualquer banco.';

/**
 * The document of a stored boleto charge: beneficiary and bank account from the payment settings, the
 * numbers as the charge keeps them (nosso número printed the bank's way: BB the 17 digits, Sicoob
 * "0000002-4"), "data do documento" = the day the charge was created (São Paulo).
 */
export function boletoDocumentFor(input: {
  charge: Pick<
    ChargeRecord,
    | 'number'
    | 'description'
    | 'amountCents'
    | 'dueDate'
    | 'fineBasisPoints'
    | 'interestMonthlyBasisPoints'
    | 'bankCode'
    | 'nossoNumero'
    | 'barcode'
    | 'digitableLine'
    | 'pixPayload'
    | 'clientLegalName'
    | 'clientDocument'
    | 'createdAt'
  >;
  /** The client's address (street line, city/UF — CEP line). */
  payerAddressLines: string[];
  settings: PaymentSettings;
  /** Data de processamento: the day the PDF is produced. */
  processingDate: string;
}): BoletoDocument {
  const { charge, settings } = input;
  const { bankCode, nossoNumero, barcode, digitableLine } = charge;
  if (!bankCode || !nossoNumero || !barcode || !digitableLine) {
    throw new BoletoError(
      `A cobrança nº ${charge.number} não é um boleto (sem nosso número ou código de barras).`,
      'entrada',
    );
  }
  const boleto = settings.boleto;
  if (bankCode !== boleto.bankCode) {
    throw new BoletoError(
      `O boleto da cobrança nº ${charge.number} é do banco ${bankCode}, mas o banco configurado é ${boleto.bankCode}.`,
      'configuracao',
    );
  }
  const sicoob = bankCode === '756';
  return {
    beneficiary: {
      name: settings.beneficiary.name,
      document: settings.beneficiary.document,
      address: settings.beneficiary.address,
      agencyCode: sicoob
        ? sicoobBeneficiaryCode(boleto.agency, boleto.convenio)
        : bancoDoBrasilBeneficiaryCode(boleto.agency, boleto.account),
    },
    payer: {
      name: charge.clientLegalName,
      document: charge.clientDocument,
      addressLines: input.payerAddressLines,
    },
    charge: {
      number: charge.number,
      description: charge.description,
      amountCents: charge.amountCents,
      dueDate: charge.dueDate,
      documentDate: businessDateAt(charge.createdAt),
      processingDate: input.processingDate,
      nossoNumero: sicoob ? `${nossoNumero.slice(0, 7)}-${nossoNumero.slice(7)}` : nossoNumero,
      bankCode,
      carteira: sicoob ? boleto.carteira : `${boleto.carteira}/${boleto.variation}`,
      barcode,
      digitableLine,
      fineBasisPoints: charge.fineBasisPoints,
      interestMonthlyBasisPoints: charge.interestMonthlyBasisPoints,
      pixPayload: charge.pixPayload,
      documentSpecies: 'DS',
    },
    instructions: [
      `Referente à cobrança nº ${charge.number}.`,
      ...(charge.pixPayload ? ['Também pode ser paga pelo Pix, com o QR Code do recibo acima.'] : []),
    ],
  };
}

/**
 * The late-payment rule printed in the instructions, from the charge:
 * "Após o vencimento cobrar multa de 2,00% (R$ 24,69) e juros de mora de 1,00% ao mês (R$ 0,41 por dia)."
 * Fine: applyBasisPoints(amount, fineBp); interest per day: interestPerDayCents (amount × bp / 300 000, half-up).
 */
export function lateChargeSentence(charge: {
  amountCents: Cents;
  fineBasisPoints: number;
  interestMonthlyBasisPoints: number;
}): string {
  const parts: string[] = [];
  if (charge.fineBasisPoints > 0) {
    const fine = applyBasisPoints(charge.amountCents, charge.fineBasisPoints);
    parts.push(`multa de ${formatBasisPoints(charge.fineBasisPoints)} (${formatBRL(fine)})`);
  }
  if (charge.interestMonthlyBasisPoints > 0) {
    const perDay = interestPerDayCents(charge.amountCents, charge.interestMonthlyBasisPoints);
    parts.push(
      `juros de mora de ${formatBasisPoints(charge.interestMonthlyBasisPoints)} ao mês (${formatBRL(perDay)} por dia)`,
    );
  }
  if (parts.length === 0) return 'Não cobrar multa nem juros após o vencimento.';
  return `Após o vencimento cobrar ${parts.join(' e ')}.`;
}

// ---- consistency: never print a boleto whose barcode, line, amount or due date disagree ----

function assertPrintable(input: BoletoDocument): { barcode: string; line: string } {
  const { charge } = input;
  const barcode = charge.barcode.replace(/\D/g, '');
  const line = charge.digitableLine.replace(/\D/g, '');
  if (barcode.length !== 44)
    throw new BoletoError('O código de barras do boleto precisa ter 44 dígitos.', 'entrada');
  if (line.length !== 47) throw new BoletoError('A linha digitável precisa ter 47 dígitos.', 'entrada');
  // Checks the general DV (mod 11) and derives the fields with their mod-10 DVs.
  if (digitableLineFromBarcode(barcode) !== line) {
    throw new BoletoError('A linha digitável não corresponde ao código de barras.', 'entrada');
  }
  if (barcode.slice(0, 3) !== charge.bankCode) {
    throw new BoletoError('O banco do código de barras não é o banco do boleto.', 'banco');
  }
  if (!BOLETO_BANKS[charge.bankCode]) {
    throw new BoletoError(`Banco sem leiaute de boleto: ${charge.bankCode}.`, 'banco');
  }
  if (Number(barcode.slice(9, 19)) !== charge.amountCents) {
    throw new BoletoError('O valor do código de barras não é o valor do boleto.', 'valor');
  }
  if (Number(barcode.slice(5, 9)) !== dueDateFactor(charge.dueDate)) {
    throw new BoletoError('O vencimento do código de barras não é o vencimento do boleto.', 'vencimento');
  }
  return { barcode, line };
}

// ---- drawing ----

const MM = 72 / 25.4;
const X0 = 28;
const W = A4.width - 2 * X0;
/** The right column of the Ficha de Compensação (Vencimento, Nosso número, valores). */
const RIGHT = 150;
const LINE = rgb(0, 0, 0);
const LABEL = rgb(0.3, 0.3, 0.33);
const LABEL_SIZE = 6;
const VALUE_SIZE = 8.5;
/** FEBRABAN: narrow bar 0,254 mm (1/100 in), wide 3×. */
const NARROW_BAR = 0.254 * MM;
const BARCODE_HEIGHT = 13 * MM;
const INSTRUCTION_LINES = 9;
const RIGHT_BOX_HEIGHT = 21;
/** Space kept below the barcode, to the bottom edge of the page. */
const BOTTOM_MARGIN = 36;

interface Cell {
  label: string;
  value?: string;
  /** Several value lines (drawn from the top of the cell). */
  lines?: string[];
  width: number;
  align?: 'left' | 'right';
  bold?: boolean;
}

class Sheet {
  constructor(
    readonly page: PDFPage,
    readonly fonts: Fonts,
    readonly mono: PDFFont,
  ) {}

  text(
    text: string,
    x: number,
    y: number,
    options: {
      size?: number;
      bold?: boolean;
      align?: 'left' | 'right' | 'center';
      maxWidth?: number;
      font?: PDFFont;
      color?: ReturnType<typeof rgb>;
    } = {},
  ): void {
    const font = options.font ?? (options.bold ? this.fonts.bold : this.fonts.regular);
    const size = options.size ?? VALUE_SIZE;
    let t = encodable(font, text);
    if (options.maxWidth) t = fitText(font, size, t, options.maxWidth);
    const width = font.widthOfTextAtSize(t, size);
    const left = options.align === 'right' ? x - width : options.align === 'center' ? x - width / 2 : x;
    this.page.drawText(t, { x: left, y, size, font, color: options.color ?? INK });
  }

  hline(y: number, from = X0, to = X0 + W, thickness = 0.6): void {
    this.page.drawLine({ start: { x: from, y }, end: { x: to, y }, thickness, color: LINE });
  }

  vline(x: number, top: number, bottom: number, thickness = 0.6): void {
    this.page.drawLine({ start: { x, y: top }, end: { x, y: bottom }, thickness, color: LINE });
  }

  /** One row of boxes: a line on top, separators between cells, label top-left, value at the bottom. */
  row(yTop: number, height: number, cells: Cell[], x = X0): number {
    const total = cells.reduce((sum, c) => sum + c.width, 0);
    this.hline(yTop, x, x + total);
    let cx = x;
    cells.forEach((cell, i) => {
      if (i > 0) this.vline(cx, yTop, yTop - height);
      this.cell(cx, yTop, cell.width, height, cell);
      cx += cell.width;
    });
    return yTop - height;
  }

  cell(x: number, yTop: number, width: number, height: number, cell: Cell): void {
    const pad = 3;
    this.text(cell.label, x + pad, yTop - 7, { size: LABEL_SIZE, color: LABEL, maxWidth: width - 2 * pad });
    if (cell.lines) {
      cell.lines.forEach((line, i) => {
        this.text(line, x + pad, yTop - 16 - i * 9.5, {
          size: VALUE_SIZE,
          bold: Boolean(cell.bold) && i === 0,
          maxWidth: width - 2 * pad,
        });
      });
      return;
    }
    if (cell.value === undefined || cell.value === '') return;
    const right = cell.align === 'right';
    this.text(cell.value, right ? x + width - pad : x + pad, yTop - height + 5, {
      size: VALUE_SIZE,
      bold: Boolean(cell.bold),
      align: right ? 'right' : 'left',
      maxWidth: width - 2 * pad,
    });
  }

  /** Bank name | "001-9" | right text (the linha digitável), over a heavy line. */
  bankHeader(yTop: number, bankCode: string, rightText: string): number {
    const bank = BOLETO_BANKS[bankCode]!;
    const height = 24;
    const base = yTop - height + 6;
    this.text(bank.name, X0 + 2, base, { size: 12, bold: true, maxWidth: 142 });
    const codeLeft = X0 + 148;
    const codeRight = codeLeft + 58;
    this.vline(codeLeft, yTop - 4, yTop - height, 1.6);
    this.vline(codeRight, yTop - 4, yTop - height, 1.6);
    this.text(`${bankCode}-${bank.dv}`, (codeLeft + codeRight) / 2, base, {
      size: 15,
      bold: true,
      align: 'center',
    });
    const room = X0 + W - codeRight - 14;
    let size = 11;
    while (size > 8 && this.fonts.bold.widthOfTextAtSize(rightText, size) > room) size -= 0.25;
    this.text(rightText, X0 + W - 2, base, { size, bold: true, align: 'right' });
    this.hline(yTop - height, X0, X0 + W, 1.6);
    return yTop - height;
  }
}

function partyLine(name: string, document: string): string {
  const kind = documentKind(document) === 'cpf' ? 'CPF' : 'CNPJ';
  return `${name} — ${kind}: ${formatDocument(document)}`;
}

function payerBlockLines(payer: BoletoDocument['payer']): string[] {
  return [partyLine(payer.name, payer.document), ...payer.addressLines.filter(Boolean).slice(0, 2)];
}

function payerBlockHeight(lines: number): number {
  return 12 + lines * 9.5 + 14;
}

/** Height of the Ficha de Compensação, from the top of its bank header to the bottom of the barcode. */
function fichaHeight(input: BoletoDocument): number {
  const boxes = 24 + 22 + 32 + 22 + 22 + 5 * RIGHT_BOX_HEIGHT;
  return boxes + payerBlockHeight(payerBlockLines(input.payer).length) + 6 + BARCODE_HEIGHT;
}

function drawRecibo(
  sheet: Sheet,
  input: BoletoDocument,
  formattedLine: string,
  late: string,
  yTop: number,
): number {
  const { charge, beneficiary, payer } = input;
  const amount = formatBRL(charge.amountCents);
  sheet.text('Recibo do Pagador', X0, yTop - 10, { size: 10, bold: true });
  let y = sheet.bankHeader(yTop - 16, charge.bankCode, formattedLine);
  const left = W - 150 - 110;
  y = sheet.row(y, 22, [
    { label: 'Beneficiário', value: partyLine(beneficiary.name, beneficiary.document), width: left },
    { label: 'Agência/Código do beneficiário', value: beneficiary.agencyCode, width: 150, align: 'right' },
    { label: 'Vencimento', value: formatDateBR(charge.dueDate), width: 110, align: 'right', bold: true },
  ]);
  y = sheet.row(y, 22, [
    { label: 'Pagador', value: partyLine(payer.name, payer.document), width: left },
    { label: 'Nosso número', value: charge.nossoNumero, width: 150, align: 'right' },
    { label: '(=) Valor do documento', value: amount, width: 110, align: 'right', bold: true },
  ]);
  const rest = W - 110 - 80 - 50 - 110;
  y = sheet.row(y, 22, [
    { label: 'Nº do documento', value: charge.number, width: 110 },
    { label: 'Data do documento', value: formatDateBR(charge.documentDate), width: 80 },
    { label: 'Espécie', value: 'R$', width: 50 },
    { label: '(-) Desconto/Abatimento', width: rest / 2 },
    { label: '(+) Mora/Multa', width: rest / 2 },
    { label: '(=) Valor cobrado', width: 110 },
  ]);
  const text = [
    ...wrap(sheet.fonts.regular, VALUE_SIZE, encodable(sheet.fonts.regular, charge.description), W - 8),
  ];
  text.push(...wrap(sheet.fonts.regular, VALUE_SIZE, encodable(sheet.fonts.regular, late), W - 8));
  text.push(
    ...wrap(
      sheet.fonts.regular,
      VALUE_SIZE,
      encodable(sheet.fonts.regular, `Beneficiário: ${beneficiary.name} — ${beneficiary.address}`),
      W - 8,
    ),
  );
  const lines = text.slice(0, 5);
  const height = 12 + lines.length * 9.5 + 4;
  y = sheet.row(y, height, [{ label: 'Demonstrativo', lines, width: W }]);
  sheet.hline(y);
  sheet.text('Autenticação mecânica', X0 + W, y - 9, { size: 6.5, align: 'right', color: LABEL });
  return y - 14;
}

async function drawPix(
  sheet: Sheet,
  payload: string,
  charge: BoletoDocument['charge'],
  yTop: number,
): Promise<number> {
  const qr = await qrCodePng(payload);
  const image = await sheet.page.doc.embedPng(qr.png);
  const qrSize = 112;
  const pad = 8;
  const height = qrSize + 2 * pad;
  const page = sheet.page;
  page.drawRectangle({
    x: X0,
    y: yTop - height,
    width: W,
    height,
    borderColor: LINE,
    borderWidth: 0.6,
  });
  page.drawImage(image, { x: X0 + pad, y: yTop - pad - qrSize, width: qrSize, height: qrSize });
  const tx = X0 + pad + qrSize + 14;
  const tw = X0 + W - pad - tx;
  let y = yTop - pad - 14;
  sheet.text('Pague com Pix', tx, y, { size: 13, bold: true });
  sheet.text(
    `${formatBRL(charge.amountCents)} · vencimento ${formatDateBR(charge.dueDate)}`,
    X0 + W - pad,
    y,
    {
      size: 9,
      align: 'right',
    },
  );
  y -= 14;
  const help =
    'Abra o app do seu banco, escolha Pix e "Ler QR Code", ou use o Pix copia e cola abaixo. ' +
    'Pague pelo Pix ou pelo código de barras, não pelos dois.';
  for (const line of wrap(sheet.fonts.regular, 8, encodable(sheet.fonts.regular, help), tw)) {
    sheet.text(line, tx, y, { size: 8 });
    y -= 10;
  }
  y -= 4;
  sheet.text('Pix copia e cola', tx, y, { size: LABEL_SIZE + 1, bold: true, color: LABEL });
  y -= 10;
  for (const line of wrapAnywhere(sheet.mono, 7.5, payload, tw).slice(0, 6)) {
    sheet.text(line, tx, y, { size: 7.5, font: sheet.mono });
    y -= 9;
  }
  return yTop - height - 10;
}

function drawCutLine(sheet: Sheet, y: number): void {
  sheet.text('Corte na linha pontilhada', X0 + W, y + 3, { size: 6, align: 'right', color: LABEL });
  sheet.page.drawLine({
    start: { x: X0, y },
    end: { x: X0 + W, y },
    thickness: 0.6,
    color: LINE,
    dashArray: [3, 2],
  });
}

async function drawFicha(
  sheet: Sheet,
  input: BoletoDocument,
  codes: { barcode: string; formattedLine: string },
  late: string,
  yTop: number,
): Promise<number> {
  const { charge, beneficiary, payer } = input;
  const amount = formatBRL(charge.amountCents);
  const left = W - RIGHT;
  let y = sheet.bankHeader(yTop, charge.bankCode, codes.formattedLine);
  y = sheet.row(y, 22, [
    { label: 'Local de pagamento', value: PAYMENT_PLACE, width: left },
    { label: 'Vencimento', value: formatDateBR(charge.dueDate), width: RIGHT, align: 'right', bold: true },
  ]);
  y = sheet.row(y, 32, [
    {
      label: 'Beneficiário',
      lines: [partyLine(beneficiary.name, beneficiary.document), beneficiary.address],
      width: left,
    },
    { label: 'Agência/Código do beneficiário', value: beneficiary.agencyCode, width: RIGHT, align: 'right' },
  ]);
  const w3 = [78, 110, 52, 40] as const;
  y = sheet.row(y, 22, [
    { label: 'Data do documento', value: formatDateBR(charge.documentDate), width: w3[0] },
    { label: 'Nº do documento', value: charge.number, width: w3[1] },
    { label: 'Espécie doc.', value: charge.documentSpecies ?? 'DS', width: w3[2] },
    { label: 'Aceite', value: 'N', width: w3[3] },
    {
      label: 'Data processamento',
      value: formatDateBR(charge.processingDate),
      width: left - w3.reduce((a, b) => a + b, 0),
    },
    { label: 'Nosso número', value: charge.nossoNumero, width: RIGHT, align: 'right' },
  ]);
  y = sheet.row(y, 22, [
    { label: 'Uso do banco', width: w3[0] },
    { label: 'Carteira', value: charge.carteira, width: w3[1] },
    { label: 'Espécie', value: 'R$', width: w3[2] },
    { label: 'Quantidade', width: w3[3] },
    { label: '(x) Valor', width: left - w3.reduce((a, b) => a + b, 0) },
    { label: '(=) Valor do documento', value: amount, width: RIGHT, align: 'right', bold: true },
  ]);
  // Instruções (left, 5 rows tall) beside the five value boxes of the right column.
  const boxH = RIGHT_BOX_HEIGHT;
  const instrTop = y;
  sheet.hline(instrTop);
  sheet.vline(X0 + left, instrTop, instrTop - 5 * boxH);
  sheet.text('Instruções (texto de responsabilidade do beneficiário)', X0 + 3, instrTop - 7, {
    size: LABEL_SIZE,
    color: LABEL,
  });
  // The late-payment rule in bold, then the beneficiary's instructions; 9 lines fit.
  const { regular, bold } = sheet.fonts;
  const instructionLines = [
    ...wrap(bold, VALUE_SIZE, encodable(bold, late), left - 8).map((text) => ({ text, bold: true })),
    ...input.instructions.flatMap((t) =>
      wrap(regular, VALUE_SIZE, encodable(regular, t), left - 8).map((text) => ({ text, bold: false })),
    ),
  ];
  instructionLines.slice(0, INSTRUCTION_LINES).forEach((line, i) => {
    sheet.text(line.text, X0 + 3, instrTop - 17 - i * 10, { size: VALUE_SIZE, bold: line.bold });
  });
  const rightBoxes = [
    '(-) Desconto/Abatimento',
    '(-) Outras deduções',
    '(+) Mora/Multa',
    '(+) Outros acréscimos',
    '(=) Valor cobrado',
  ];
  rightBoxes.forEach((label, i) => {
    sheet.row(instrTop - i * boxH, boxH, [{ label, width: RIGHT }], X0 + left);
  });
  y = instrTop - 5 * boxH;
  // Pagador, Sacador/Avalista.
  const payerLines = payerBlockLines(payer);
  const payerH = payerBlockHeight(payerLines.length);
  sheet.hline(y);
  sheet.text('Pagador', X0 + 3, y - 7, { size: LABEL_SIZE, color: LABEL });
  payerLines.forEach((line, i) => {
    sheet.text(line, X0 + 3, y - 16 - i * 9.5, { size: VALUE_SIZE, bold: i === 0, maxWidth: W - 6 });
  });
  const guarantor = input.guarantor
    ? input.guarantor.document
      ? partyLine(input.guarantor.name, input.guarantor.document)
      : input.guarantor.name
    : '';
  sheet.text('Sacador/Avalista', X0 + 3, y - payerH + 5, { size: LABEL_SIZE, color: LABEL });
  if (guarantor) sheet.text(guarantor, X0 + 60, y - payerH + 5, { size: 7.5, maxWidth: W - 63 });
  y -= payerH;
  sheet.hline(y, X0, X0 + W, 1.2);
  sheet.text('Autenticação mecânica — Ficha de Compensação', X0 + W, y - 9, {
    size: 6.5,
    align: 'right',
    color: LABEL,
  });
  // The barcode, left-aligned below the boxes; its PNG carries the quiet zones on a white background.
  const bars = await interleaved2of5Png(codes.barcode);
  const image = await sheet.page.doc.embedPng(bars.png);
  const barTop = y - 6;
  sheet.page.drawImage(image, {
    x: X0,
    y: barTop - BARCODE_HEIGHT,
    width: bars.modules * NARROW_BAR,
    height: BARCODE_HEIGHT,
  });
  return barTop - BARCODE_HEIGHT;
}

/** Renders the boleto (one A4 page). Throws when the barcode, the linha digitável and the charge disagree. */
export async function renderBoletoPdf(input: BoletoDocument): Promise<Uint8Array> {
  const { barcode, line } = assertPrintable(input);
  const { charge } = input;
  const { doc, fonts } = await createDocument({
    title: `Boleto — cobrança nº ${charge.number}`,
    subject: `Boleto de ${formatBRL(charge.amountCents)} para ${input.payer.name}, vencimento ${formatDateBR(charge.dueDate)}`,
    issuedOn: charge.processingDate,
  });
  const mono = await doc.embedFont(StandardFonts.Courier);
  const page = doc.addPage([A4.width, A4.height]);
  const sheet = new Sheet(page, fonts, mono);
  const formattedLine = formatDigitableLine(line);
  const late = lateChargeSentence(charge);
  let y = A4.height - 30;
  y = drawRecibo(sheet, input, formattedLine, late, y);
  if (charge.pixPayload) y = await drawPix(sheet, charge.pixPayload, charge, y);
  // The Ficha de Compensação sits at the bottom of the page, the cut line right above it.
  const fichaTop = Math.min(y - 24, BOTTOM_MARGIN + fichaHeight(input));
  drawCutLine(sheet, fichaTop + 18);
  await drawFicha(sheet, input, { barcode, formattedLine }, late, fichaTop);
  return doc.save();
}

/** The payer's address as the boleto prints it: street line, then district — city/UF — CEP. */
export function payerAddressLines(a: ChargeRecord['clientAddress']): string[] {
  const street = [a.street, a.number].filter(Boolean).join(', ');
  const cep = a.cep ? `CEP ${a.cep.replace(/^(\d{5})(\d{3})$/, '$1-$2')}` : null;
  const city = [a.district, `${a.city}/${a.state}`, cep].filter(Boolean).join(' — ');
  return [street, city].filter((line) => line.length > 0);
}
