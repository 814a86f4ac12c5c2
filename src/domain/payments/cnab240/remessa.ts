/**
 * CNAB 240 remessa (cobrança): one lote with, per title, segment P (+ Q and R for an entrada), movement 01
 * "entrada de títulos" or 02 "pedido de baixa" (FEBRABAN C004).
 */

import type { CnabBeneficiary } from './beneficiary';
import { documentType } from './beneficiary';
import { CnabError } from './cnab-error';
import { REMESSA_MOVEMENTS, type RemessaInstruction } from './codes';
import { accountValues, type FrameTitle, readFrame, writeFrame } from './file';
import { CNAB_LAYOUTS, type CnabBankCode, nossoNumeroFromField, nossoNumeroToField } from './layouts';
import { cnabText, fieldError, type RecordValues, readRecord, writeRecord } from './record';

export interface RemessaPayer {
  /** CPF (11) or CNPJ (14, alphanumeric allowed), no punctuation. */
  document: string;
  name: string;
  /** Street and number. */
  address: string;
  district: string;
  /** 8 digits. */
  cep: string;
  city: string;
  /** UF, 2 letters. */
  state: string;
}

export interface RemessaTitle {
  instruction: RemessaInstruction;
  /** As stored on the charge (BB: 17 digits; Sicoob: 7 + DV). */
  nossoNumero: string;
  /** "Seu número" (the charge number), up to 15 characters. */
  documentNumber: string;
  dueDate: string;
  amountCents: number;
  issueDate: string;
  /** Juros de mora per day (code 1 "valor por dia") from `interestDate`; 0 = isento (code 3). */
  interestPerDayCents: number;
  interestDate: string | null;
  /** Multa as a percentage (code 2) in basis points, from `fineDate`; 0 = sem multa (code 0). */
  fineBasisPoints: number;
  fineDate: string | null;
  /** Desconto 1: a fixed amount (code 1) until `discountDate`; 0 = sem desconto (code 0). */
  discountCents: number;
  discountDate: string | null;
  /** 1 protestar dias corridos, 2 dias úteis, 3 não protestar (C026). */
  protestCode: '1' | '2' | '3';
  protestDays: number;
  /** 1 baixar/devolver, 2 não baixar/não devolver (C028). */
  writeOffCode: '1' | '2';
  writeOffDays: number;
  /** "Identificação do título na empresa" (up to 25). */
  companyReference: string;
  /** Segment Q: required for an entrada; a baixa sends segment P only. */
  payer: RemessaPayer | null;
}

export interface RemessaFile {
  beneficiary: CnabBeneficiary;
  /** NSA: the file's sequence for the convênio. */
  sequence: number;
  generatedOn: string;
  /** HHMMSS (São Paulo). */
  generatedAt: string;
  titles: RemessaTitle[];
  /** Detail records per lote (default 99,999, the most the layout allows). */
  maxBatchDetails?: number;
}

/** "Espécie do título" 04 – duplicata de serviço (software subscriptions); aceite N. */
const SPECIES_DS = '04';

function movementOf(title: RemessaTitle): string {
  return REMESSA_MOVEMENTS[title.instruction];
}

function segmentP(bank: CnabBankCode, b: CnabBeneficiary, t: RemessaTitle, seq: number): string {
  const layout = CNAB_LAYOUTS[bank];
  const account = accountValues(layout, b);
  return writeRecord(layout.p, {
    bankCode: bank,
    batch: 1,
    recordSeq: seq,
    movement: movementOf(t),
    agency: account.agency,
    agencyDv: account.agencyDv,
    account: account.account,
    accountDv: account.accountDv,
    agencyAccountDv: '',
    nossoNumero: nossoNumeroToField(bank, t.nossoNumero),
    parcela: '01',
    modalidade: b.variation.padStart(2, '0').slice(-2),
    tipoFormulario: '4',
    carteiraCode: layout.bank.carteiraCode(b.carteira),
    registration: '1',
    documentType: '1',
    issuer: '2',
    distribution: '2',
    documentNumber: t.documentNumber,
    dueDate: t.dueDate,
    amountCents: t.amountCents,
    collectingAgency: '0',
    collectingAgencyDv: '',
    kind: SPECIES_DS,
    acceptance: 'N',
    issueDate: t.issueDate,
    interestCode: t.interestPerDayCents > 0 ? '1' : '3',
    interestDate: t.interestPerDayCents > 0 ? t.interestDate : null,
    interestValue: t.interestPerDayCents,
    discountCode: t.discountCents > 0 ? '1' : '0',
    discountDate: t.discountCents > 0 ? t.discountDate : null,
    discountValue: t.discountCents,
    iofCents: 0,
    abatementCents: 0,
    companyReference: t.companyReference,
    protestCode: t.protestCode,
    protestDays: t.protestDays,
    writeOffCode: t.writeOffCode,
    writeOffDays: t.writeOffDays,
    currency: '09',
    contract: '0',
  });
}

function segmentQ(bank: CnabBankCode, t: RemessaTitle, payer: RemessaPayer, seq: number): string {
  return writeRecord(CNAB_LAYOUTS[bank].q, {
    bankCode: bank,
    batch: 1,
    recordSeq: seq,
    movement: movementOf(t),
    payerDocType: documentType(payer.document),
    payerDocument: payer.document,
    payerName: payer.name,
    payerAddress: payer.address,
    payerDistrict: payer.district,
    payerCep: payer.cep.replace(/\D/g, '') || '0',
    payerCity: payer.city,
    payerState: payer.state,
    guarantorDocType: '0',
    guarantorDocument: '0',
    guarantorName: '',
    correspondentBank: '0',
    correspondentNossoNumero: '',
  });
}

function segmentR(bank: CnabBankCode, t: RemessaTitle, seq: number): string {
  return writeRecord(CNAB_LAYOUTS[bank].r, {
    bankCode: bank,
    batch: 1,
    recordSeq: seq,
    movement: movementOf(t),
    discount2Code: '0',
    discount3Code: '0',
    fineCode: t.fineBasisPoints > 0 ? '2' : '0',
    fineDate: t.fineBasisPoints > 0 ? t.fineDate : null,
    fineValue: t.fineBasisPoints,
    payerOccurrence: '0',
    debitBank: '0',
    debitAgency: '0',
    debitAccount: '0',
    debitNotice: '0',
  });
}

/** Writes the remessa file (CR LF line ends). Throws CnabError naming the record and field of a bad value. */
export function buildRemessa(file: RemessaFile): string {
  const bank = file.beneficiary.bankCode;
  const titles: FrameTitle[] = [];
  for (const t of file.titles) {
    const records = [segmentP(bank, file.beneficiary, t, 1)];
    if (t.instruction === 'entrada') {
      if (!t.payer) {
        throw new CnabError(
          `título ${t.nossoNumero}: entrada sem os dados do pagador (segmento Q).`,
          null,
          null,
        );
      }
      records.push(segmentQ(bank, t, t.payer, 2), segmentR(bank, t, 3));
    }
    titles.push({ records, amountCents: t.amountCents });
  }
  return writeFrame({
    beneficiary: file.beneficiary,
    fileKind: '1',
    sequence: file.sequence,
    generatedOn: file.generatedOn,
    generatedAt: file.generatedAt,
    titles,
    maxBatchDetails: file.maxBatchDetails,
  });
}

const INSTRUCTIONS: Record<string, RemessaInstruction> = { '01': 'entrada', '02': 'baixa' };

/** Reads a remessa back (tests, the sandbox bank): the whole file is checked first, like a retorno. */
export function parseRemessa(text: string): RemessaFile {
  const frame = readFrame(text, '1');
  const { layout, fileHeader, details } = frame;
  const bank = layout.bank.code;
  const titles: RemessaTitle[] = [];
  let current: RemessaTitle | null = null;
  let currentLine = 0;
  for (const d of details) {
    if (d.segment === 'P') {
      const p = readRecord(layout.p, d.text, d.lineNo);
      const instruction = INSTRUCTIONS[String(p.movement)];
      if (!instruction) {
        throw fieldError(
          layout.p,
          'movement',
          d.lineNo,
          `movimento ${p.movement} não tratado (use 01 ou 02).`,
        );
      }
      current = {
        instruction,
        nossoNumero: nossoNumeroFromField(bank, String(p.nossoNumero)),
        documentNumber: String(p.documentNumber),
        dueDate: p.dueDate as string,
        amountCents: p.amountCents as number,
        issueDate: p.issueDate as string,
        interestPerDayCents: p.interestCode === '1' ? (p.interestValue as number) : 0,
        interestDate: p.interestCode === '1' ? (p.interestDate as string | null) : null,
        fineBasisPoints: 0,
        fineDate: null,
        discountCents: p.discountCode === '1' ? (p.discountValue as number) : 0,
        discountDate: p.discountCode === '1' ? (p.discountDate as string | null) : null,
        protestCode: String(p.protestCode) as RemessaTitle['protestCode'],
        protestDays: p.protestDays as number,
        writeOffCode: String(p.writeOffCode) as RemessaTitle['writeOffCode'],
        writeOffDays: p.writeOffDays as number,
        companyReference: String(p.companyReference),
        payer: null,
      };
      currentLine = d.lineNo;
      titles.push(current);
    } else if (d.segment === 'Q' || d.segment === 'R') {
      if (!current || d.lineNo !== currentLine + 1) {
        throw new CnabError(
          `linha ${d.lineNo}: segmento ${d.segment} fora de ordem (esperado após o P).`,
          d.lineNo,
          null,
        );
      }
      currentLine = d.lineNo;
      if (d.segment === 'Q') {
        const q = readRecord(layout.q, d.text, d.lineNo);
        current.payer = payerOf(q);
      } else {
        const r = readRecord(layout.r, d.text, d.lineNo);
        if (r.fineCode === '2') {
          current.fineBasisPoints = r.fineValue as number;
          current.fineDate = r.fineDate as string | null;
        }
      }
    } else {
      throw new CnabError(
        `linha ${d.lineNo}: segmento ${d.segment} não tratado numa remessa.`,
        d.lineNo,
        null,
      );
    }
  }
  const account = String(fileHeader.account).replace(/^0+(?=.)/, '');
  return {
    beneficiary: {
      bankCode: bank,
      name: String(fileHeader.companyName),
      document: String(fileHeader.companyDocument).replace(/^0+(?=.{14})/, ''),
      agency: String(fileHeader.agency).replace(/^0(?=\d{4})/, ''),
      account,
      accountDv: String(fileHeader.accountDv),
      convenio: bank === '001' ? String(fileHeader.convenio).replace(/^0+(?=.)/, '') : '',
      carteira: bank === '001' ? String(fileHeader.carteira) : '',
      variation: bank === '001' ? String(fileHeader.variacao) : '',
    },
    sequence: fileHeader.sequence as number,
    generatedOn: fileHeader.generatedOn as string,
    generatedAt: String(fileHeader.generatedAt),
    titles,
  };
}

function payerOf(q: RecordValues): RemessaPayer {
  const type = String(q.payerDocType);
  const raw = String(q.payerDocument);
  return {
    document: type === '1' ? raw.slice(-11) : raw.slice(-14),
    name: String(q.payerName),
    address: String(q.payerAddress),
    district: String(q.payerDistrict),
    cep: String(q.payerCep),
    city: String(q.payerCity),
    state: String(q.payerState),
  };
}

/** The texts as a remessa writes them (upper case, no accents, cut to the field): for comparisons. */
export function normalizeRemessaTitle(t: RemessaTitle): RemessaTitle {
  return {
    ...t,
    documentNumber: cnabText(t.documentNumber).slice(0, 15).trimEnd(),
    companyReference: cnabText(t.companyReference).slice(0, 25).trimEnd(),
    payer: t.payer
      ? {
          document: t.payer.document.toUpperCase(),
          name: cnabText(t.payer.name).slice(0, 40).trimEnd(),
          address: cnabText(t.payer.address).slice(0, 40).trimEnd(),
          district: cnabText(t.payer.district).slice(0, 15).trimEnd(),
          cep: t.payer.cep.replace(/\D/g, '').padStart(8, '0'),
          city: cnabText(t.payer.city).slice(0, 15).trimEnd(),
          state: cnabText(t.payer.state).slice(0, 2).trimEnd(),
        }
      : null,
  };
}
