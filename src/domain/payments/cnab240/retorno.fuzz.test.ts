import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyText,
  fuzzOptions,
  isCalendarDate,
  isoDate,
  mutated,
  parseOrOwnError,
} from '../../../test-support/fuzz';
import type { CnabBeneficiary } from './beneficiary';
import { CnabError } from './cnab-error';
import type { CnabBankCode } from './layouts';
import { buildRetorno, parseRetorno, type RetornoFile, retornoTitle } from './retorno';

// Property-based fuzzing of the CNAB 240 retorno reader (issue 8, "Bad input"). The round trip of valid
// files is roundtrip.test.ts; here every damaged file must be refused with a CnabError naming the line.

const BENEFICIARIES: Record<CnabBankCode, CnabBeneficiary> = {
  '001': {
    bankCode: '001',
    name: 'HIPER SOFTWARE S.A.',
    document: '11222333000181',
    agency: '3064',
    account: '12345',
    accountDv: 'X',
    convenio: '1234567',
    carteira: '17',
    variation: '019',
  },
  '756': {
    bankCode: '756',
    name: 'HIPER SOFTWARE S.A.',
    document: '11222333000181',
    agency: '3039',
    account: '48981',
    accountDv: '6',
    convenio: '1234567',
    carteira: '1',
    variation: '01',
  },
};

const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const cents = fc.integer({ min: 0, max: 10 ** 11 });

function title(bank: CnabBankCode) {
  return fc
    .record({
      movement: fc.constantFrom('02', '03', '06', '09', '17', '28'),
      nossoNumero: bank === '001' ? digits(17) : digits(8),
      faceValueCents: cents,
      feeCents: fc.integer({ min: 0, max: 10_000 }),
      paidCents: fc.integer({ min: 1, max: 10 ** 9 }),
      fineInterestCents: fc.integer({ min: 0, max: 1_000 }),
      occurrenceDate: isoDate,
      creditDate: fc.option(isoDate),
      dueDate: fc.option(isoDate),
    })
    .map((t) =>
      retornoTitle({
        ...t,
        paidCents: t.paidCents + t.fineInterestCents,
        netCents: t.paidCents,
        payerName: 'PAGADOR TESTE',
        documentNumber: 'DOC1',
      }),
    );
}

const validRetorno = fc.constantFrom<CnabBankCode>('001', '756').chain((bank) =>
  fc
    .record({
      titles: fc.array(title(bank), { minLength: 0, maxLength: 4 }),
      sequence: fc.integer({ min: 1, max: 999_999 }),
      generatedOn: isoDate,
      maxBatchDetails: fc.constantFrom(2, 4, undefined),
    })
    .map((f) => buildRetorno({ beneficiary: BENEFICIARIES[bank], generatedAt: '070000', ...f })),
);

// biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about them
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What an accepted file promises to the import: sane figures, dates and evidence lines. */
function expectValidRetorno(text: string, file: RetornoFile): void {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  expect(['001', '756']).toContain(file.bankCode);
  expect(isCalendarDate(file.generatedOn), file.generatedOn).toBe(true);
  for (const t of file.titles) {
    for (const v of [t.paidCents, t.netCents, t.feeCents, t.faceValueCents, t.fineInterestCents]) {
      expect(Number.isSafeInteger(v) && v >= 0, String(v)).toBe(true);
    }
    for (const d of [t.occurrenceDate, t.creditDate, t.dueDate]) {
      if (d !== null) expect(isCalendarDate(d), d).toBe(true);
    }
    if (['06', '17'].includes(t.movement)) {
      expect(t.paidCents).toBeGreaterThan(0);
      expect(t.occurrenceDate).not.toBeNull();
    }
    expect(t.rawT).toHaveLength(240);
    // what reaches the database (evidence, names) holds no control character (PostgreSQL refuses a NUL)
    expect(`${t.rawT}${t.rawU}`).not.toMatch(CONTROL);
    expect(lines[t.lineT - 1]).toBe(t.rawT);
    expect(lines[t.lineU - 1]).toBe(t.rawU);
  }
}

/** A CNAB error names a line of the file (or none, for the whole file) and says what is wrong. */
function expectCnabErrorAt(text: string, err: Error): void {
  const e = err as CnabError;
  if (e.line !== null) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(text.split('\n').length);
  }
  if (e.field) expect(e.field.start).toBeLessThanOrEqual(e.field.end);
}

function check(text: string): void {
  const out = parseOrOwnError(() => parseRetorno(text), CnabError);
  if (out.ok) expectValidRetorno(text, out.value);
  else expectCnabErrorAt(text, out.error);
}

describe('CNAB 240 retorno reader under arbitrary input (fast-check)', () => {
  it('any text: refused with a CnabError in Portuguese, never a crash', () => {
    fc.assert(
      fc.property(anyText, (text) => check(text)),
      fuzzOptions(1500),
    );
  });

  it('lines of 240 random characters (the frame passes the length check, the fields do not)', () => {
    const line = fc.string({ unit: fc.constantFrom(...'0123456789 ATU'), minLength: 240, maxLength: 240 });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => check(lines.join('\r\n'))),
      fuzzOptions(1000),
    );
  });

  it('mutations of valid retornos (a character, a field, a line duplicated, cut, swapped): valid or refused', () => {
    fc.assert(
      fc.property(mutated(validRetorno, '0123456789 AXZ'), (text) => check(text)),
      fuzzOptions(1500),
    );
  });

  it('a field overwritten in place (same length) — the common hand edit — is read or refused by line', () => {
    fc.assert(
      fc.property(
        validRetorno,
        fc.nat(),
        fc.integer({ min: 0, max: 239 }),
        fc.string({ unit: fc.constantFrom(...'0123456789 -+.AZ'), minLength: 1, maxLength: 15 }),
        (text, lineAt, column, value) => {
          const lines = text.split('\r\n');
          const i = lineAt % (lines.length - 1); // the last element is the empty string after the final CR LF
          const line = lines[i]!;
          const end = Math.min(240, column + value.length);
          lines[i] = line.slice(0, column) + value.slice(0, end - column) + line.slice(end);
          check(lines.join('\r\n'));
        },
      ),
      fuzzOptions(1500),
    );
  });
});
