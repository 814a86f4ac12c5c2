import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, fuzzOptions, mutated, parseOrOwnError } from '../../test-support/fuzz';
import {
  cnpjCheckDigits,
  documentKind,
  formatDocument,
  isValidCnpj,
  isValidCpf,
  maskCnpj,
  maskCpf,
  maskDocument,
  normalizeDocument,
} from './cpf-cnpj';

// Property-based fuzzing of CPF / CNPJ (numeric and alphanumeric) validation, formatting and masks.

const documentLike = fc.oneof(
  anyText,
  fc.stringMatching(/^[0-9A-Za-z./\- ]{0,20}$/),
  fc.stringMatching(/^\d{11}$/),
  fc.stringMatching(/^[0-9A-Z]{12}\d{2}$/),
);
const cnpjBase = fc.stringMatching(/^[0-9A-Z]{12}$/);
const validCnpj = cnpjBase.map((b) => b + cnpjCheckDigits(b));
/** CPF check digits, hand-written from the Receita rule (not the code under test). */
function cpfOf(base9: string): string {
  const d = [...base9].map(Number);
  const dv = (ds: number[]) => {
    const sum = ds.reduce((s, x, i) => s + x * (ds.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = dv(d);
  return base9 + d1 + dv([...d, d1]);
}
const validCpf = fc
  .stringMatching(/^\d{9}$/)
  .map(cpfOf)
  .filter((c) => !/^(\d)\1{10}$/.test(c));

describe('CPF / CNPJ under arbitrary input (fast-check)', () => {
  it('validation, kind, normalisation and formatting answer for any text, without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(documentLike, mutated(fc.oneof(validCpf, validCnpj).map(formatDocument))),
        (input) => {
          const valid = [isValidCpf(input), isValidCnpj(input)];
          const kind = documentKind(input);
          expect(kind === 'cpf').toBe(valid[0] && normalizeDocument(input).length === 11);
          expect(kind === 'cnpj').toBe(valid[1]);
          expect(normalizeDocument(input)).not.toMatch(/[\s./-]/);
          const formatted = formatDocument(input);
          if (kind) expect(normalizeDocument(formatted)).toBe(normalizeDocument(input));
        },
      ),
      fuzzOptions(3000),
    );
  });

  it('cnpjCheckDigits: two digits for a 12-character base, else an Error in Portuguese', () => {
    fc.assert(
      fc.property(fc.oneof(documentLike, cnpjBase), (base) => {
        const out = parseOrOwnError(() => cnpjCheckDigits(base), Error);
        if (out.ok) expect(out.value).toMatch(/^\d{2}$/);
      }),
      fuzzOptions(2000),
    );
  });

  it('valid documents are accepted however they are typed, and keep their value through the mask', () => {
    fc.assert(
      fc.property(fc.oneof(validCpf, validCnpj), (doc) => {
        const kind = doc.length === 11 ? 'cpf' : 'cnpj';
        for (const typed of [doc, formatDocument(doc), doc.toLowerCase(), ` ${maskDocument(doc)} `]) {
          expect(documentKind(typed), typed).toBe(kind);
        }
        expect(maskDocument(doc)).toBe(formatDocument(doc));
        expect(normalizeDocument(formatDocument(doc))).toBe(doc);
      }),
      fuzzOptions(2000),
    );
  });

  it('masks: any typing gives a masked value that the mask leaves unchanged', () => {
    fc.assert(
      fc.property(documentLike, (typed) => {
        for (const mask of [maskCpf, maskCnpj, maskDocument]) {
          const once = mask(typed);
          expect(once).toMatch(/^[0-9A-Z./-]{0,18}$/);
          expect(mask(once)).toBe(once);
        }
        expect(maskCpf(typed)).toMatch(/^[\d.-]{0,14}$/);
      }),
      fuzzOptions(2000),
    );
  });
});
