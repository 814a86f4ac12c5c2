/**
 * CNAB 240 retorno (cobrança): segments T and U, paired per title (FEBRABAN "Títulos em cobrança",
 * registro detalhe T/U). `parseRetorno` checks the whole file before returning anything; `buildRetorno`
 * writes one (tests, the benchmark and the sandbox "banco simulado").
 */

import type { CnabBeneficiary } from './beneficiary';
import { CnabError } from './cnab-error';
import { reasonCodes, SETTLEMENT_MOVEMENTS } from './codes';
import { accountValues, type FrameTitle, readFrame, writeFrame } from './file';
import { CNAB_LAYOUTS, type CnabBankCode, nossoNumeroFromField, nossoNumeroToField } from './layouts';
import { fieldError, type RecordValues, readRecord, writeRecord } from './record';

/** One title's occurrence, as segments T + U carry it. */
export interface RetornoTitleData {
  /** Código de movimento retorno (C044): 02, 03, 06, 09, 17, 28… */
  movement: string;
  /** As stored on the charge (see nossoNumeroFromField). */
  nossoNumero: string;
  documentNumber: string;
  dueDate: string | null;
  faceValueCents: number;
  /** Tarifa/custas (T 199–213). */
  feeCents: number;
  /** Reason codes (T 214–223), "00"/blank removed; letters allowed (Sicoob sends e.g. "A9"). */
  reasons: string[];
  companyReference: string;
  payerDocument: string;
  payerName: string;
  fineInterestCents: number;
  discountCents: number;
  abatementCents: number;
  iofCents: number;
  /** What the payer paid (U 78–92). */
  paidCents: number;
  /** What the bank credits (U 93–107). */
  netCents: number;
  otherExpensesCents: number;
  otherCreditsCents: number;
  occurrenceDate: string | null;
  creditDate: string | null;
}

export interface RetornoTitle extends RetornoTitleData {
  /** 1-based lines of its T and U records, and their text: the evidence of a payment. */
  lineT: number;
  lineU: number;
  rawT: string;
  rawU: string;
}

export interface RetornoFile {
  bankCode: CnabBankCode;
  companyDocument: string;
  companyName: string;
  agency: string;
  account: string;
  sequence: number;
  generatedOn: string;
  generatedAt: string;
  titles: RetornoTitle[];
}

/** 1 CPF → last 11 characters, 2 CNPJ → last 14, anything else → none. */
function payerDocumentOf(type: string, raw: string): string {
  if (type === '1') return raw.slice(-11);
  if (type === '2') return raw.slice(-14);
  return '';
}

const DIGITS_ONLY = /^\d+$/;

/** The values parseRetorno uses (every field is still checked). */
const T_KEYS: ReadonlySet<string> = new Set([
  'movement',
  'nossoNumero',
  'documentNumber',
  'dueDate',
  'faceValueCents',
  'feeCents',
  'reasons',
  'companyReference',
  'payerDocType',
  'payerDocument',
  'payerName',
]);
const U_KEYS: ReadonlySet<string> = new Set([
  'movement',
  'fineInterestCents',
  'discountCents',
  'abatementCents',
  'iofCents',
  'paidCents',
  'netCents',
  'otherExpensesCents',
  'otherCreditsCents',
  'occurrenceDate',
  'creditDate',
]);

function titleOf(
  bank: CnabBankCode,
  t: RecordValues,
  u: RecordValues,
  lineT: { lineNo: number; text: string },
  lineU: { lineNo: number; text: string },
): RetornoTitle {
  return {
    movement: String(t.movement),
    nossoNumero: nossoNumeroFromField(bank, String(t.nossoNumero)),
    documentNumber: String(t.documentNumber),
    dueDate: t.dueDate as string | null,
    faceValueCents: t.faceValueCents as number,
    feeCents: t.feeCents as number,
    reasons: reasonCodes(String(t.reasons)),
    companyReference: String(t.companyReference),
    payerDocument: payerDocumentOf(String(t.payerDocType), String(t.payerDocument)),
    payerName: String(t.payerName),
    fineInterestCents: u.fineInterestCents as number,
    discountCents: u.discountCents as number,
    abatementCents: u.abatementCents as number,
    iofCents: u.iofCents as number,
    paidCents: u.paidCents as number,
    netCents: u.netCents as number,
    otherExpensesCents: u.otherExpensesCents as number,
    otherCreditsCents: u.otherCreditsCents as number,
    occurrenceDate: u.occurrenceDate as string | null,
    creditDate: u.creditDate as string | null,
    lineT: lineT.lineNo,
    lineU: lineU.lineNo,
    rawT: lineT.text,
    rawU: lineU.text,
  };
}

/**
 * Reads a retorno, checking it whole first: the frame (lengths, bank, lotes, sequences, trailer counts — see
 * file.ts), every T followed by its U, every field of T and U, and for a liquidação (06/17) a paid amount,
 * an occurrence date and juros/multa not above the amount paid. Throws CnabError naming line and field.
 */
export function parseRetorno(text: string): RetornoFile {
  const frame = readFrame(text, '2');
  const { layout, fileHeader, details } = frame;
  const bank = layout.bank.code;
  const titles: RetornoTitle[] = [];
  for (let i = 0; i < details.length; i++) {
    const d = details[i]!;
    if (d.segment === 'U') {
      throw new CnabError(`linha ${d.lineNo}: segmento U sem o segmento T que o precede.`, d.lineNo, null);
    }
    // Other optional segments (e.g. Y) carry nothing we apply.
    if (d.segment !== 'T') continue;
    const next = details[i + 1];
    if (next?.segment !== 'U' || next.lineNo !== d.lineNo + 1) {
      throw new CnabError(
        `linha ${d.lineNo}: segmento T sem o segmento U correspondente na linha seguinte.`,
        d.lineNo,
        null,
      );
    }
    i++;
    const t = readRecord(layout.t, d.text, d.lineNo, T_KEYS);
    const u = readRecord(layout.u, next.text, next.lineNo, U_KEYS);
    if (u.movement !== t.movement) {
      throw fieldError(
        layout.u,
        'movement',
        next.lineNo,
        `movimento ${u.movement} difere do segmento T (${t.movement}).`,
      );
    }
    if (bank === '001' && !DIGITS_ONLY.test(String(t.nossoNumero).trim())) {
      throw fieldError(
        layout.t,
        'nossoNumero',
        d.lineNo,
        `"${String(t.nossoNumero).trim()}" não é numérico.`,
      );
    }
    const title = titleOf(bank, t, u, d, next);
    if (SETTLEMENT_MOVEMENTS.includes(title.movement)) {
      if (title.paidCents <= 0) {
        throw fieldError(layout.u, 'paidCents', next.lineNo, 'liquidação sem valor pago.');
      }
      if (title.occurrenceDate === null) {
        throw fieldError(layout.u, 'occurrenceDate', next.lineNo, 'data obrigatória numa liquidação.');
      }
      if (title.fineInterestCents > title.paidCents) {
        throw fieldError(layout.u, 'fineInterestCents', next.lineNo, 'juros/multa maiores que o valor pago.');
      }
    }
    titles.push(title);
  }
  return {
    bankCode: bank,
    companyDocument: String(fileHeader.companyDocument).replace(/^0+(?=.{14})/, ''),
    companyName: String(fileHeader.companyName),
    agency: String(fileHeader.agency),
    account: String(fileHeader.account),
    sequence: fileHeader.sequence as number,
    generatedOn: fileHeader.generatedOn as string,
    generatedAt: String(fileHeader.generatedAt),
    titles,
  };
}

export interface RetornoBuildInput {
  beneficiary: CnabBeneficiary;
  sequence: number;
  generatedOn: string;
  /** HHMMSS. */
  generatedAt: string;
  titles: RetornoTitleData[];
  /** Detail records per lote (default 99,999, the most the layout allows). */
  maxBatchDetails?: number;
}

/** Writes a retorno (CR LF line ends) for `titles`, in order. */
export function buildRetorno(input: RetornoBuildInput): string {
  const bank = input.beneficiary.bankCode;
  const layout = CNAB_LAYOUTS[bank];
  const account = accountValues(layout, input.beneficiary);
  const titles: FrameTitle[] = [];
  for (const x of input.titles) {
    const settled = SETTLEMENT_MOVEMENTS.includes(x.movement);
    const t = writeRecord(layout.t, {
      bankCode: bank,
      batch: 1,
      recordSeq: 1,
      movement: x.movement,
      agency: account.agency,
      agencyDv: account.agencyDv,
      account: account.account,
      accountDv: account.accountDv,
      agencyAccountDv: '',
      nossoNumero: nossoNumeroToField(bank, x.nossoNumero),
      parcela: '01',
      modalidade: input.beneficiary.variation.padStart(2, '0').slice(-2),
      tipoFormulario: '4',
      carteiraCode: layout.bank.carteiraCode(input.beneficiary.carteira),
      documentNumber: x.documentNumber,
      dueDate: x.dueDate,
      faceValueCents: x.faceValueCents,
      collectingBank: settled ? bank : '0',
      collectingAgency: settled ? account.agency : '0',
      collectingAgencyDv: settled ? account.agencyDv : '',
      companyReference: x.companyReference,
      currency: '09',
      payerDocType: x.payerDocument === '' ? '0' : x.payerDocument.length === 11 ? '1' : '2',
      payerDocument: x.payerDocument || '0',
      payerName: x.payerName,
      contract: '0',
      feeCents: x.feeCents,
      reasons: x.reasons.join('').padEnd(10, '0'),
    });
    const u = writeRecord(layout.u, {
      bankCode: bank,
      batch: 1,
      recordSeq: 2,
      movement: x.movement,
      fineInterestCents: x.fineInterestCents,
      discountCents: x.discountCents,
      abatementCents: x.abatementCents,
      iofCents: x.iofCents,
      paidCents: x.paidCents,
      netCents: x.netCents,
      otherExpensesCents: x.otherExpensesCents,
      otherCreditsCents: x.otherCreditsCents,
      occurrenceDate: x.occurrenceDate,
      creditDate: x.creditDate,
      payerOccurrenceCode: '',
      payerOccurrenceDate: null,
      payerOccurrenceValue: 0,
      payerOccurrenceText: '',
      correspondentBank: '0',
      correspondentNossoNumero: '',
    });
    titles.push({ records: [t, u], amountCents: x.faceValueCents });
  }
  return writeFrame({
    beneficiary: input.beneficiary,
    fileKind: '2',
    sequence: input.sequence,
    generatedOn: input.generatedOn,
    generatedAt: input.generatedAt,
    titles,
    maxBatchDetails: input.maxBatchDetails,
  });
}

/** A title occurrence with the usual blanks: the caller sets movement, nosso número and the amounts it needs. */
export function retornoTitle(
  fields: Pick<RetornoTitleData, 'movement' | 'nossoNumero'> & Partial<RetornoTitleData>,
): RetornoTitleData {
  return {
    documentNumber: '',
    dueDate: null,
    faceValueCents: 0,
    feeCents: 0,
    reasons: [],
    companyReference: '',
    payerDocument: '',
    payerName: '',
    fineInterestCents: 0,
    discountCents: 0,
    abatementCents: 0,
    iofCents: 0,
    paidCents: 0,
    netCents: 0,
    otherExpensesCents: 0,
    otherCreditsCents: 0,
    occurrenceDate: null,
    creditDate: null,
    ...fields,
  };
}
