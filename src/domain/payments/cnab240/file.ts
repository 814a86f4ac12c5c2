/**
 * The frame of a CNAB 240 file — header de arquivo, one lote (header de lote, details, trailer de lote),
 * trailer de arquivo — written and checked whole: every record 240 columns (lines end in CR LF or LF), every
 * record of the bank of the header, lotes numbered from 1, details numbered from 1 inside their lote, and the
 * trailers' counts matching what the file holds.
 */

import type { CnabBeneficiary } from './beneficiary';
import { documentType } from './beneficiary';
import { CnabError } from './cnab-error';
import { CNAB_LAYOUTS, type CnabBankCode, type CnabLayout, isCnabBankCode } from './layouts';
import { fieldError, RECORD_LENGTH, type RecordValues, readRecord, writeRecord } from './record';

export const LINE_BREAK = '\r\n';

/** A detail record of the file, as read. */
export interface DetailLine {
  lineNo: number;
  segment: string;
  text: string;
}

export interface CnabFrame {
  layout: CnabLayout;
  fileHeader: RecordValues;
  batchHeader: RecordValues;
  details: DetailLine[];
  lineCount: number;
}

/** Header fields shared by the header de arquivo and the header de lote. */
export interface AccountValues {
  bankCode: string;
  companyDocType: string;
  companyDocument: string;
  convenio: string;
  cobrancaCedente: string;
  carteira: string;
  variacao: string;
  agency: string;
  agencyDv: string;
  account: string;
  accountDv: string;
  companyName: string;
}

export function accountValues(layout: CnabLayout, b: CnabBeneficiary): AccountValues {
  return {
    bankCode: layout.bank.code,
    companyDocType: documentType(b.document),
    companyDocument: b.document,
    convenio: b.convenio,
    cobrancaCedente: '0014',
    carteira: b.carteira,
    variacao: b.variation,
    agency: b.agency,
    agencyDv: layout.bank.agencyDv(b.agency.padStart(4, '0')),
    account: b.account,
    accountDv: b.accountDv,
    companyName: b.name,
  };
}

/** A lote's sequence field has 5 digits: at most 99,999 detail records per lote (FEBRABAN G038). */
export const MAX_BATCH_DETAILS = 99_999;

/** One title's detail records (written with lote 1 and sequence 1: writeFrame stamps the real ones). */
export interface FrameTitle {
  records: string[];
  amountCents: number;
}

export interface FrameInput {
  beneficiary: CnabBeneficiary;
  /** '1' remessa, '2' retorno. */
  fileKind: '1' | '2';
  sequence: number;
  generatedOn: string;
  /** HHMMSS. */
  generatedAt: string;
  titles: FrameTitle[];
  creditOn?: string | null;
  /** Detail records per lote (default and maximum 99,999); a title's records stay in one lote. */
  maxBatchDetails?: number;
}

/** Sets columns 4–7 (lote) and 9–13 (sequence in the lote) of a detail record. */
function stamp(record: string, batch: number, seq: number): string {
  return `${record.slice(0, 3)}${String(batch).padStart(4, '0')}${record[7]}${String(seq).padStart(5, '0')}${record.slice(13)}`;
}

/** Writes the whole file, lines ending in CR LF: as many lotes as the titles need. */
export function writeFrame(input: FrameInput): string {
  const layout = CNAB_LAYOUTS[input.beneficiary.bankCode];
  const account = accountValues(layout, input.beneficiary);
  const max = Math.min(input.maxBatchDetails ?? MAX_BATCH_DETAILS, MAX_BATCH_DETAILS);
  const out: string[] = [
    writeRecord(layout.fileHeader, {
      ...account,
      agencyAccountDv: layout.bank.fileAgencyAccountDv.trim(),
      bankName: layout.bank.name,
      fileKind: input.fileKind,
      generatedOn: input.generatedOn,
      generatedAt: input.generatedAt,
      sequence: input.sequence,
      layoutVersion: layout.bank.fileLayoutVersion,
      density: '0',
    }),
  ];
  let batch = 0;
  let details = 0;
  let count = 0;
  let total = 0;
  const closeBatch = () => {
    out.push(
      writeRecord(layout.batchTrailer, {
        bankCode: layout.bank.code,
        batch,
        recordCount: details + 2,
        simpleCount: count,
        simpleTotalCents: total,
      }),
    );
  };
  const openBatch = () => {
    batch++;
    details = 0;
    count = 0;
    total = 0;
    out.push(
      writeRecord(layout.batchHeader, {
        ...account,
        batch,
        operation: input.fileKind === '1' ? 'R' : 'T',
        service: '01',
        layoutVersion: layout.bank.batchLayoutVersion,
        fileNumber: input.sequence,
        recordedOn: input.generatedOn,
        creditOn: input.creditOn ?? null,
      }),
    );
  };
  openBatch();
  for (const title of input.titles) {
    if (details > 0 && details + title.records.length > max) {
      closeBatch();
      openBatch();
    }
    for (const record of title.records) out.push(stamp(record, batch, ++details));
    count++;
    total += title.amountCents;
  }
  closeBatch();
  out.push(
    writeRecord(layout.fileTrailer, {
      bankCode: layout.bank.code,
      batchCount: batch,
      recordCount: out.length + 1,
      accountCount: 0,
    }),
  );
  return out.join(LINE_BREAK) + LINE_BREAK;
}

function lineError(lineNo: number, message: string): CnabError {
  return new CnabError(`linha ${lineNo}: ${message}`, lineNo, null);
}

/** Splits into records: CR LF or LF; trailing empty lines (and a DOS end-of-file mark) ignored. */
export function splitRecords(text: string): string[] {
  const lines = text.split('\n');
  let end = lines.length;
  // An empty line, maybe with its CR and a DOS end-of-file mark (Ctrl-Z, code 26).
  const isEmpty = (l: string) => {
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i);
      if (c !== 13 && c !== 26) return false;
    }
    return true;
  };
  while (end > 0 && isEmpty(lines[end - 1]!)) end--;
  const out = new Array<string>(end);
  for (let i = 0; i < end; i++) {
    const l = lines[i]!;
    out[i] = l.endsWith('\r') ? l.slice(0, -1) : l;
  }
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_CHAR = /[\u0000-\u001f\u007f]/;

/**
 * Reads and checks the frame of a file of `expectedKind` ('1' remessa, '2' retorno); the details come back
 * unread, for the caller's segment tables. Any problem → CnabError naming the line (and field).
 */
export function readFrame(text: string, expectedKind: '1' | '2'): CnabFrame {
  const lines = splitRecords(text);
  if (lines.length === 0) throw new CnabError('O arquivo está vazio.', null, null);
  for (let i = 0; i < lines.length; i++) {
    const len = lines[i]!.length;
    if (len !== RECORD_LENGTH) {
      throw lineError(
        i + 1,
        `o registro tem ${len} posições; o CNAB 240 exige 240${i === lines.length - 1 ? ' (arquivo truncado?)' : ''}.`,
      );
    }
    // A control character (a NUL from a damaged copy) is no CNAB text, and the database refuses it.
    const control = lines[i]!.search(CONTROL_CHAR);
    if (control >= 0) {
      throw lineError(
        i + 1,
        `posição ${control + 1}: caractere de controle (código ${lines[i]!.charCodeAt(control)}) no registro; o arquivo está corrompido.`,
      );
    }
  }
  const first = lines[0]!;
  if (first[7] !== '0') {
    throw lineError(1, 'o arquivo não começa pelo header de arquivo (registro tipo 0).');
  }
  const bankCode = first.slice(0, 3);
  if (!isCnabBankCode(bankCode)) {
    throw new CnabError(
      `linha 1, campo 'código do banco na compensação' (posições 1–3): banco ${bankCode} não suportado (use 001 ou 756).`,
      1,
      { label: 'código do banco na compensação', start: 1, end: 3 },
    );
  }
  const layout = CNAB_LAYOUTS[bankCode as CnabBankCode];
  const fileHeader = readRecord(layout.fileHeader, first, 1);
  if (fileHeader.fileKind !== expectedKind) {
    const kinds: Record<string, string> = { '1': 'remessa', '2': 'retorno' };
    throw fieldError(
      layout.fileHeader,
      'fileKind',
      1,
      `o arquivo é de ${kinds[String(fileHeader.fileKind)] ?? `tipo "${fileHeader.fileKind}"`}; esperado ${kinds[expectedKind]} (${expectedKind}).`,
    );
  }

  let batchHeader: RecordValues | null = null;
  const details: DetailLine[] = [];
  let batches = 0;
  let inBatch = false;
  let batchRecords = 0;
  let nextSeq = 1;
  let closed = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    if (closed) throw lineError(lineNo, 'há registros depois do trailer de arquivo (registro tipo 9).');
    if (line.slice(0, 3) !== bankCode) {
      throw new CnabError(
        `linha ${lineNo}, campo 'código do banco na compensação' (posições 1–3): banco ${line.slice(0, 3)} difere do header do arquivo (${bankCode}).`,
        lineNo,
        { label: 'código do banco na compensação', start: 1, end: 3 },
      );
    }
    const type = line[7];
    const batchField = line.slice(3, 7);
    switch (type) {
      case '1': {
        if (inBatch)
          throw lineError(lineNo, `header de lote dentro do lote ${batches} (falta o trailer de lote).`);
        const h = readRecord(layout.batchHeader, line, lineNo);
        if (h.batch !== batches + 1) {
          throw fieldError(
            layout.batchHeader,
            'batch',
            lineNo,
            `lote ${batchField}; esperado ${batches + 1}.`,
          );
        }
        if (h.service !== '01') {
          throw fieldError(
            layout.batchHeader,
            'service',
            lineNo,
            `serviço ${h.service}; esperado 01 (cobrança).`,
          );
        }
        batches++;
        batchHeader ??= h;
        inBatch = true;
        batchRecords = 1;
        nextSeq = 1;
        break;
      }
      case '3': {
        if (!inBatch) throw lineError(lineNo, 'registro detalhe fora de um lote (falta o header de lote).');
        if (Number(batchField) !== batches || !/^\d{4}$/.test(batchField)) {
          throw new CnabError(
            `linha ${lineNo}, campo 'lote de serviço' (posições 4–7): lote ${batchField}; esperado ${batches}.`,
            lineNo,
            { label: 'lote de serviço', start: 4, end: 7 },
          );
        }
        const seq = line.slice(8, 13);
        if (!/^\d{5}$/.test(seq) || Number(seq) !== nextSeq) {
          throw new CnabError(
            `linha ${lineNo}, campo 'nº sequencial do registro no lote' (posições 9–13): "${seq}"; esperado ${nextSeq}.`,
            lineNo,
            { label: 'nº sequencial do registro no lote', start: 9, end: 13 },
          );
        }
        nextSeq++;
        batchRecords++;
        details.push({ lineNo, segment: line[13]!, text: line });
        break;
      }
      case '5': {
        if (!inBatch) throw lineError(lineNo, 'trailer de lote sem header de lote.');
        const t = readRecord(layout.batchTrailer, line, lineNo);
        if (t.batch !== batches) {
          throw fieldError(layout.batchTrailer, 'batch', lineNo, `lote ${batchField}; esperado ${batches}.`);
        }
        batchRecords++;
        if (t.recordCount !== batchRecords) {
          throw fieldError(
            layout.batchTrailer,
            'recordCount',
            lineNo,
            `informa ${t.recordCount} registros, mas o lote tem ${batchRecords}.`,
          );
        }
        inBatch = false;
        break;
      }
      case '9': {
        if (inBatch)
          throw lineError(
            lineNo,
            `trailer de arquivo com o lote ${batches} aberto (falta o trailer de lote).`,
          );
        const t = readRecord(layout.fileTrailer, line, lineNo);
        if (t.batchCount !== batches) {
          throw fieldError(
            layout.fileTrailer,
            'batchCount',
            lineNo,
            `informa ${t.batchCount} lotes, mas o arquivo tem ${batches}.`,
          );
        }
        if (t.recordCount !== lines.length) {
          throw fieldError(
            layout.fileTrailer,
            'recordCount',
            lineNo,
            `informa ${t.recordCount} registros, mas o arquivo tem ${lines.length}.`,
          );
        }
        closed = true;
        break;
      }
      case '0':
        throw lineError(lineNo, 'segundo header de arquivo (registro tipo 0).');
      default:
        throw new CnabError(
          `linha ${lineNo}, campo 'tipo de registro' (posição 8): "${type}" não é 0, 1, 3, 5 nem 9.`,
          lineNo,
          { label: 'tipo de registro', start: 8, end: 8 },
        );
    }
  }
  if (!closed) {
    const open = inBatch ? ` (o lote ${batches} também não foi fechado)` : '';
    throw new CnabError(
      `arquivo incompleto: termina na linha ${lines.length} sem o trailer de arquivo (registro tipo 9)${open}.`,
      lines.length,
      null,
    );
  }
  if (!batchHeader) throw lineError(2, 'o arquivo não tem lote (header de lote, registro tipo 1).');
  return { layout, fileHeader, batchHeader, details, lineCount: lines.length };
}
