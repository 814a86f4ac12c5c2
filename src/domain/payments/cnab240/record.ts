/**
 * CNAB 240 fixed-width records, driven by field-spec tables (one per record type): the same table writes a
 * record and reads it back, so a reading error can name the line and the field
 * ("linha 7, campo 'nosso número' (posições 38–57): …").
 *
 * Conventions of the FEBRABAN "Layout Padrão CNAB 240" (v08.4 / v10.x, Nota G-series "Descrição de campos"):
 * numeric fields (tipo N / "9(n)") right-aligned, zero-filled, no sign or separator, amounts with 2 implied
 * decimals; alphanumeric fields (tipo A / "X(n)") left-aligned, blank-filled, upper case, no accents;
 * dates DDMMAAAA, "00000000" when not given.
 */

import { CnabError } from './cnab-error';

export const RECORD_LENGTH = 240;

/**
 * - `num`: digits kept as text (codes, agency, NSA): zero-filled on the left.
 * - `int` / `money`: an integer (money = centavos, the 2 implied decimals).
 * - `date`: ISO 'YYYY-MM-DD' or null (written "00000000").
 * - `alfa`: text, blank-filled on the right; written in upper case without accents, cut to the field size.
 * - `doc`: a CPF/CNPJ, right-aligned and zero-filled; letters allowed (alphanumeric CNPJ, IN RFB 2.229/2024).
 * - `const`: a fixed value (record type, segment, layout version, fillers): written as is.
 */
export type FieldKind = 'num' | 'int' | 'money' | 'date' | 'alfa' | 'doc' | 'const';

export interface FieldSpec {
  /** Property in the record object (empty for fillers). */
  key: string;
  /** Name in error messages, pt-BR. */
  label: string;
  /** 1-based, inclusive, as in the published layouts. */
  start: number;
  end: number;
  kind: FieldKind;
  /** Reading refuses it blank / zero-date; writing refuses it missing. */
  required?: boolean;
  /** `const` fields: the value written. */
  value?: string;
  /** `const` fields: reading refuses another value (record type, segment code). */
  check?: boolean;
}

export interface RecordSpec {
  /** e.g. "segmento T", used in messages. */
  name: string;
  fields: readonly FieldSpec[];
}

export type RecordValues = Record<string, string | number | null>;

/** Checks that a spec covers columns 1–240 exactly once, in order (run on every spec at module load). */
export function assertCoversRecord(spec: RecordSpec): RecordSpec {
  let next = 1;
  for (const f of spec.fields) {
    if (f.start !== next || f.end < f.start) {
      throw new Error(`${spec.name}: campo '${f.label}' começa em ${f.start}, esperado ${next}`);
    }
    if (f.kind === 'const' && (f.value ?? '').length !== f.end - f.start + 1) {
      throw new Error(`${spec.name}: constante de '${f.label}' com tamanho errado`);
    }
    next = f.end + 1;
  }
  if (next !== RECORD_LENGTH + 1) throw new Error(`${spec.name}: cobre ${next - 1} posições, não 240`);
  return spec;
}

/** Replaces the fields of `base` that `part` covers (a bank's own use of a range, e.g. nosso número 38–57). */
export function overlay(base: readonly FieldSpec[], part: readonly FieldSpec[]): FieldSpec[] {
  if (part.length === 0) return [...base];
  const from = part[0]!.start;
  const to = part.at(-1)!.end;
  const out = base.filter((f) => f.end < from || f.start > to);
  const clipped = base.filter((f) => !(f.end < from || f.start > to) && (f.start < from || f.end > to));
  if (clipped.length > 0) throw new Error(`sobreposição parcial em ${clipped[0]!.label}`);
  return [...out, ...part].sort((a, b) => a.start - b.start);
}

// ── Field helpers for the layout tables ──────────────────────────────────────────────────────────────

type Opts = { required?: boolean };
export const num = (start: number, end: number, key: string, label: string, o: Opts = {}): FieldSpec => ({
  key,
  label,
  start,
  end,
  kind: 'num',
  ...o,
});
export const int = (start: number, end: number, key: string, label: string, o: Opts = {}): FieldSpec => ({
  key,
  label,
  start,
  end,
  kind: 'int',
  ...o,
});
export const money = (start: number, end: number, key: string, label: string, o: Opts = {}): FieldSpec => ({
  key,
  label,
  start,
  end,
  kind: 'money',
  ...o,
});
export const date = (start: number, end: number, key: string, label: string, o: Opts = {}): FieldSpec => ({
  key,
  label,
  start,
  end,
  kind: 'date',
  ...o,
});
export const alfa = (start: number, end: number, key: string, label: string, o: Opts = {}): FieldSpec => ({
  key,
  label,
  start,
  end,
  kind: 'alfa',
  ...o,
});
export const doc = (start: number, end: number, key: string, label: string, o: Opts = {}): FieldSpec => ({
  key,
  label,
  start,
  end,
  kind: 'doc',
  ...o,
});
/** A fixed value; `check` makes reading refuse another one. */
export const fixed = (
  start: number,
  end: number,
  label: string,
  value: string,
  check = false,
): FieldSpec => ({
  key: '',
  label,
  start,
  end,
  kind: 'const',
  value,
  check,
});
/** Brancos (uso exclusivo FEBRABAN/banco): not read. */
export const blanks = (start: number, end: number, label = 'uso exclusivo FEBRABAN/CNAB'): FieldSpec =>
  fixed(start, end, label, ' '.repeat(end - start + 1));
/** Zeros in a filler: not read. */
export const zeros = (start: number, end: number, label: string): FieldSpec =>
  fixed(start, end, label, '0'.repeat(end - start + 1));

// ── Text and dates ──────────────────────────────────────────────────────────────────────────────────

/** CNAB text: upper case, no accents or cedilla, only letters, digits, blank and a few punctuation marks. */
export function cnabText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 .,;:/\-&()@*+']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const DIGITS = /^\d+$/;
const DOC_CHARS = /^[0-9A-Z]+$/;

/** 'YYYY-MM-DD' → 'DDMMAAAA' (null → '00000000'). */
export function toDdmmaaaa(iso: string | null): string {
  if (iso === null) return '00000000';
  return `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
}

/** 'DDMMAAAA' → 'YYYY-MM-DD' when it is a real calendar date; null for '00000000'; undefined when invalid. */
export function fromDdmmaaaa(text: string): string | null | undefined {
  if (text === '00000000') return null;
  if (text.length !== 8 || !DIGITS.test(text)) return undefined;
  const d = Number(text.slice(0, 2));
  const m = Number(text.slice(2, 4));
  const y = Number(text.slice(4, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return undefined;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  if (d > days[m - 1]!) return undefined;
  return `${text.slice(4, 8)}-${text.slice(2, 4)}-${text.slice(0, 2)}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// ── Writing ─────────────────────────────────────────────────────────────────────────────────────────

function positions(f: FieldSpec): string {
  return `posições ${f.start}–${f.end}`;
}

function writeError(spec: RecordSpec, f: FieldSpec, problem: string): CnabError {
  return new CnabError(`${spec.name}, campo '${f.label}' (${positions(f)}): ${problem}`, null, f);
}

/** One 240-column record from its values. */
export function writeRecord(spec: RecordSpec, values: RecordValues): string {
  let out = '';
  for (const f of spec.fields) {
    const size = f.end - f.start + 1;
    if (f.kind === 'const') {
      out += f.value!;
      continue;
    }
    const v = values[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.required) throw writeError(spec, f, 'valor obrigatório ausente');
      out += f.kind === 'alfa' ? ' '.repeat(size) : '0'.repeat(size);
      continue;
    }
    switch (f.kind) {
      case 'alfa': {
        out += cnabText(String(v)).slice(0, size).padEnd(size, ' ');
        break;
      }
      case 'num':
      case 'doc': {
        const text = String(v).toUpperCase();
        if (!(f.kind === 'num' ? DIGITS : DOC_CHARS).test(text)) {
          throw writeError(spec, f, `"${text}" não é ${f.kind === 'num' ? 'numérico' : 'um CPF/CNPJ'}`);
        }
        if (text.length > size) throw writeError(spec, f, `"${text}" tem mais de ${size} posições`);
        out += text.padStart(size, '0');
        break;
      }
      case 'int':
      case 'money': {
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
          throw writeError(spec, f, `valor inválido: ${v}`);
        }
        const text = String(v);
        if (text.length > size) throw writeError(spec, f, `${v} não cabe em ${size} posições`);
        out += text.padStart(size, '0');
        break;
      }
      case 'date': {
        if (typeof v !== 'string' || !ISO_DATE.test(v) || fromDdmmaaaa(toDdmmaaaa(v)) !== v) {
          throw writeError(spec, f, `data inválida: ${v}`);
        }
        out += toDdmmaaaa(v);
        break;
      }
    }
  }
  return out;
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────────

function readError(f: FieldSpec, lineNo: number, problem: string): CnabError {
  return new CnabError(`linha ${lineNo}, campo '${f.label}' (${positions(f)}): ${problem}`, lineNo, f);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits of columns [from, to) as a number; -1 when any is not a digit; -2 when all are blank. */
function digitsAt(line: string, from: number, to: number): number {
  let value = 0;
  let blanks = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 32) blanks++;
    else return -1;
  }
  if (blanks === to - from) return -2;
  return blanks > 0 ? -1 : value;
}

function isBlank(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (line.charCodeAt(i) !== 32) return false;
  return true;
}

/**
 * Reads a 240-column record (the caller checked the length). Numeric fields must hold digits (a blank
 * optional field reads as 0 / null); required fields must not be blank; dates must be real dates.
 * `want` limits the values built to those keys (every field is still checked): the retorno's hot path.
 */
export function readRecord(
  spec: RecordSpec,
  line: string,
  lineNo: number,
  want?: ReadonlySet<string>,
): RecordValues {
  const out: RecordValues = {};
  for (const f of spec.fields) {
    const from = f.start - 1;
    const to = f.end;
    if (f.kind === 'const') {
      if (f.check && line.slice(from, to) !== f.value) {
        throw readError(f, lineNo, `esperado "${f.value}", encontrado "${line.slice(from, to)}"`);
      }
      continue;
    }
    const wanted = want === undefined || want.has(f.key);
    switch (f.kind) {
      case 'alfa': {
        if (f.required && isBlank(line, from, to)) throw readError(f, lineNo, 'valor obrigatório em branco');
        if (wanted) out[f.key] = line.slice(from, to).trimEnd();
        break;
      }
      case 'int':
      case 'money':
      case 'num': {
        const n = to - from <= 15 ? digitsAt(line, from, to) : digitsAt(line, from, to) === -1 ? -1 : 0;
        if (n === -1) {
          const raw = line.slice(from, to);
          throw readError(f, lineNo, `"${raw}" não é ${f.kind === 'num' ? 'numérico' : 'um valor numérico'}`);
        }
        if (n === -2 && f.required) throw readError(f, lineNo, 'valor obrigatório em branco');
        if (!wanted) break;
        if (f.kind === 'num') out[f.key] = n === -2 ? '' : line.slice(from, to);
        else out[f.key] = n === -2 ? 0 : to - from <= 15 ? n : Number(line.slice(from, to));
        break;
      }
      case 'doc': {
        const raw = line.slice(from, to);
        const blank = raw.trim() === '';
        if (blank && f.required) throw readError(f, lineNo, 'valor obrigatório em branco');
        if (!blank && !DOC_CHARS.test(raw)) throw readError(f, lineNo, `"${raw}" não é um CPF/CNPJ`);
        if (wanted) out[f.key] = blank ? '' : raw;
        break;
      }
      case 'date': {
        const n = digitsAt(line, from, to);
        if (n === -2) {
          if (f.required) throw readError(f, lineNo, 'valor obrigatório em branco');
          if (wanted) out[f.key] = null;
          break;
        }
        if (n === 0) {
          if (f.required) throw readError(f, lineNo, 'data obrigatória não informada');
          if (wanted) out[f.key] = null;
          break;
        }
        const d = Math.floor(n / 1_000_000);
        const m = Math.floor(n / 10_000) % 100;
        const y = n % 10_000;
        const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
        if (
          n < 0 ||
          y < 1900 ||
          m < 1 ||
          m > 12 ||
          d < 1 ||
          d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)
        ) {
          throw readError(f, lineNo, `data inválida "${line.slice(from, to)}" (use DDMMAAAA)`);
        }
        if (wanted) {
          out[f.key] =
            `${line.slice(from + 4, to)}-${line.slice(from + 2, from + 4)}-${line.slice(from, from + 2)}`;
        }
        break;
      }
    }
  }
  return out;
}

/** The field of `spec` named `key` (for messages raised outside readRecord). */
export function fieldOf(spec: RecordSpec, key: string): FieldSpec {
  const f = spec.fields.find((x) => x.key === key);
  if (!f) throw new Error(`campo ${key} não existe em ${spec.name}`);
  return f;
}

/** "linha N, campo 'x' (posições a–b): problem" for a rule checked after reading. */
export function fieldError(spec: RecordSpec, key: string, lineNo: number, problem: string): CnabError {
  return readError(fieldOf(spec, key), lineNo, problem);
}
