import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, fuzzOptions, isCalendarDate, mutated, parseOrOwnError } from '../../../test-support/fuzz';
import {
  barcodeFromDigitableLine,
  barcodeFromParts,
  decodeBoleto,
  digitableLineFromBarcode,
  formatDigitableLine,
  MAX_AMOUNT_CENTS,
} from './barcode';
import { BoletoError } from './boleto-error';
import { barcodeCheckDigit } from './check-digits';

// Property-based fuzzing of the linha digitável / código de barras decoder (issue 8, "Bad input").

const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
/** Due dates that have a factor: 2000-07-03 (factor 1000) onwards. */
const dueDate = fc
  .integer({ min: 0, max: 17_999 })
  .map((days) => new Date(Date.UTC(2000, 6, 3) + days * 86_400_000).toISOString().slice(0, 10));
const parts = fc.record({
  // No COMPE bank code starts with 8: a barcode starting with 8 is arrecadação (refused on purpose).
  bankCode: digits(3).filter((c) => !c.startsWith('8')),
  dueDate: fc.option(dueDate, { freq: 8 }),
  amountCents: fc.integer({ min: 0, max: MAX_AMOUNT_CENTS }),
  freeField: digits(25),
});
const validLine = parts.map((p) => digitableLineFromBarcode(barcodeFromParts(p)));
const referenceDate = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('2026-06-01', '2025-02-21', '2025-02-22', '2049-10-13') },
  { weight: 1, arbitrary: anyText },
);

/** A decoded boleto is what a person can pay: every figure in range and the two forms agreeing. */
function expectValidDecoded(d: ReturnType<typeof decodeBoleto>): void {
  expect(d.barcode).toMatch(/^\d{44}$/);
  expect(d.digitableLine).toMatch(/^\d{47}$/);
  expect(d.currency).toBe('9');
  expect(d.bankCode).toMatch(/^\d{3}$/);
  expect(Number.isSafeInteger(d.amountCents) && d.amountCents >= 0).toBe(true);
  expect(d.amountCents).toBeLessThanOrEqual(MAX_AMOUNT_CENTS);
  if (d.dueDate !== null) expect(isCalendarDate(d.dueDate), d.dueDate).toBe(true);
  expect(barcodeFromDigitableLine(d.digitableLine)).toBe(d.barcode);
}

describe('boleto decoder under arbitrary input (fast-check)', () => {
  it('any text: a valid boleto or a BoletoError in Portuguese, never a crash', () => {
    fc.assert(
      fc.property(anyText, referenceDate, (input, reference) => {
        const out = parseOrOwnError(() => decodeBoleto(input, reference), BoletoError);
        if (out.ok) expectValidDecoded(out.value);
      }),
      fuzzOptions(2000),
    );
  });

  it('44/47 digits with a correct general DV (reaches the currency and factor checks)', () => {
    // The general DV is right, so the decoder gets past it to the currency and factor rules.
    const barcode = digits(43).map((d) => `${d.slice(0, 4)}${barcodeCheckDigit(d)}${d.slice(4)}`);
    fc.assert(
      fc.property(barcode, fc.boolean(), referenceDate, (code, asLine, reference) => {
        let input = code;
        if (asLine) {
          const line = parseOrOwnError(() => digitableLineFromBarcode(code), BoletoError);
          if (!line.ok) return;
          input = line.value;
        }
        const out = parseOrOwnError(() => decodeBoleto(input, reference), BoletoError);
        if (out.ok) expectValidDecoded(out.value);
        else {
          // a 44-digit code starting with 8 is arrecadação (refused as 'entrada'); the rest pass the DVs
          const field = (out.error as BoletoError).field;
          expect(field).toMatch(code.startsWith('8') && !asLine ? /^entrada$/ : /^(moeda|vencimento)$/);
        }
      }),
      fuzzOptions(1500),
    );
  });

  it('mutations of a valid linha digitável (typos, cuts, extra characters): valid or BoletoError', () => {
    fc.assert(
      fc.property(
        mutated(
          validLine.map((l) => formatDigitableLine(l)),
          '0123456789 .',
        ),
        referenceDate,
        (input, reference) => {
          const out = parseOrOwnError(() => decodeBoleto(input, reference), BoletoError);
          if (out.ok) expectValidDecoded(out.value);
        },
      ),
      fuzzOptions(2000),
    );
  });

  it('one wrong digit in fields 1–4 is always caught, and the error names the field typed wrong', () => {
    fc.assert(
      fc.property(
        validLine,
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 1, max: 9 }),
        (line, at, delta) => {
          const wrong = String((Number(line[at]) + delta) % 10);
          const typo = line.slice(0, at) + wrong + line.slice(at + 1);
          const out = parseOrOwnError(() => decodeBoleto(typo, '2026-06-01'), BoletoError);
          expect(out.ok).toBe(false);
          if (out.ok) return;
          const field = (out.error as BoletoError).field;
          // campo 1 = positions 1–10, campo 2 = 11–21, campo 3 = 22–32, campo 4 (the general DV) = 33
          const expected = at <= 9 ? 'campo1' : at <= 20 ? 'campo2' : at <= 31 ? 'campo3' : 'dv';
          expect(field).toBe(expected);
        },
      ),
      fuzzOptions(1500),
    );
  });

  it('round trip: parts → barcode → linha digitável → decode gives the same bank, amount and due date', () => {
    fc.assert(
      fc.property(parts, fc.boolean(), (p, typed) => {
        const barcode = barcodeFromParts(p);
        const line = digitableLineFromBarcode(barcode);
        // the due date itself is the nearest date with its factor
        const reference = p.dueDate ?? '2026-06-01';
        const decoded = decodeBoleto(typed ? formatDigitableLine(line) : barcode, reference);
        expect(decoded).toMatchObject({
          bankCode: p.bankCode,
          amountCents: p.amountCents,
          dueDate: p.dueDate,
          freeField: p.freeField,
          barcode,
          digitableLine: line,
        });
      }),
      fuzzOptions(1500),
    );
  });

  it('formatDigitableLine and barcodeFromDigitableLine: a result or a BoletoError for any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, digits(47), digits(44)), (input) => {
        const formatted = parseOrOwnError(() => formatDigitableLine(input), BoletoError);
        if (formatted.ok)
          expect(formatted.value).toMatch(/^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);
        const barcode = parseOrOwnError(() => barcodeFromDigitableLine(input), BoletoError);
        if (barcode.ok) expect(barcode.value).toMatch(/^\d{44}$/);
      }),
      fuzzOptions(1500),
    );
  });
});
