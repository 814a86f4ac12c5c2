/**
 * CPF and CNPJ (including the alphanumeric CNPJ of IN RFB 2.229/2024) check digits.
 * Normalised form: no punctuation, upper case. Pure functions, shared by the portal and the server.
 */

const CNPJ_DV1_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_DV2_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/** Strips the mask characters (. / - and spaces) and upper-cases letters. */
export function normalizeDocument(input: string): string {
  return input.replace(/[\s./-]/g, '').toUpperCase();
}

export function isValidCpf(input: string): boolean {
  const cpf = normalizeDocument(input);
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  const dv = (length: number): number => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += digits[i]! * (length + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return dv(9) === digits[9] && dv(10) === digits[10];
}

/** Value of one CNPJ character: its ASCII code minus 48 ('0' = 0 … '9' = 9, 'A' = 17 … 'Z' = 42). */
function cnpjCharValue(ch: string): number {
  return ch.charCodeAt(0) - 48;
}

function cnpjCheckDigit(base: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += cnpjCharValue(base[i]!) * weights[i]!;
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/** The two check digits of a 12-character CNPJ base (numeric or alphanumeric). */
export function cnpjCheckDigits(base12: string): string {
  const base = normalizeDocument(base12);
  if (!/^[0-9A-Z]{12}$/.test(base)) throw new Error('A base do CNPJ deve ter 12 caracteres (0-9, A-Z).');
  const dv1 = cnpjCheckDigit(base, CNPJ_DV1_WEIGHTS);
  const dv2 = cnpjCheckDigit(base + String(dv1), CNPJ_DV2_WEIGHTS);
  return `${dv1}${dv2}`;
}

export function isValidCnpj(input: string): boolean {
  const cnpj = normalizeDocument(input);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return false;
  return cnpjCheckDigits(cnpj.slice(0, 12)) === cnpj.slice(12);
}

export type DocumentKind = 'cpf' | 'cnpj';

export function documentKind(input: string): DocumentKind | null {
  const doc = normalizeDocument(input);
  if (doc.length === 11 && isValidCpf(doc)) return 'cpf';
  if (doc.length === 14 && isValidCnpj(doc)) return 'cnpj';
  return null;
}

/** 12.345.678/0001-95, 12.ABC.345/01DE-35, 123.456.789-09; anything else is returned as typed. */
export function formatDocument(input: string): string {
  const doc = normalizeDocument(input);
  if (/^\d{11}$/.test(doc)) return `${doc.slice(0, 3)}.${doc.slice(3, 6)}.${doc.slice(6, 9)}-${doc.slice(9)}`;
  if (/^[0-9A-Z]{12}\d{2}$/.test(doc)) {
    return `${doc.slice(0, 2)}.${doc.slice(2, 5)}.${doc.slice(5, 8)}/${doc.slice(8, 12)}-${doc.slice(12)}`;
  }
  return input;
}

/** Applies a mask ('0' = one character slot) to `chars` as far as they go: progressive, for typing. */
function applyMask(chars: string, mask: string): string {
  let out = '';
  let i = 0;
  for (const slot of mask) {
    if (i >= chars.length) break;
    if (slot === '0') out += chars[i++];
    else out += slot;
  }
  return out;
}

/** Progressive CPF mask while typing: "5299822" → "529.982.2"; at most 11 digits. */
export function maskCpf(input: string): string {
  return applyMask(input.replace(/\D/g, '').slice(0, 11), '000.000.000-00');
}

/**
 * Progressive CNPJ mask while typing (numeric or alphanumeric): "12abc3" → "12.ABC.3"; at most 14 characters,
 * letters only in the first 12 (the two check digits are numeric).
 */
export function maskCnpj(input: string): string {
  const chars = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const base = chars.slice(0, 12);
  const dv = chars.slice(12).replace(/\D/g, '').slice(0, 2);
  return applyMask(base + dv, '00.000.000/0000-00');
}

/**
 * One field for CPF or CNPJ: digits only up to 11 → CPF mask; a 12th character or any letter → CNPJ mask.
 * Typing over the mask (pasting "123.456.789-09" or "12.ABC.345/01DE-35") gives the same result.
 */
export function maskDocument(input: string): string {
  const chars = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (/^\d{0,11}$/.test(chars)) return maskCpf(chars);
  return maskCnpj(chars);
}
