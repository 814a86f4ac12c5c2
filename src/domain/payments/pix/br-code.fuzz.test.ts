import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, fuzzOptions, mutated, parseOrOwnError } from '../../../test-support/fuzz';
import { decodeBrCode, encodeBrCode, formatPixAmount, PixError, parsePixAmount } from './br-code';

// Property-based fuzzing of the Pix BR Code ("copia e cola") reader (issue 8, "Bad input").

/** BCB manual, static example. */
const BACEN_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

const word = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);
/** Names as a bank app shows them: ASCII words, single spaces. */
const words = (max: number) =>
  fc
    .array(word, { minLength: 1, maxLength: 4 })
    .map((ws) => ws.join(' '))
    .filter((s) => s.length <= max);
const staticInput = fc.record({
  key: fc.stringMatching(/^[\x21-\x7e]{1,77}$/),
  amountCents: fc.option(fc.integer({ min: 1, max: 999_999_999_999 })),
  merchantName: words(25),
  merchantCity: words(15),
  txid: fc.oneof(fc.constant('***'), fc.stringMatching(/^[A-Za-z0-9]{1,25}$/)),
});
const dynamicInput = fc.record({
  url: fc.stringMatching(/^[a-z0-9]{1,20}\.[a-z]{2,3}\/[\x21-\x7e]{1,40}$/),
  amountCents: fc.integer({ min: 1, max: 999_999_999_999 }),
  merchantName: words(25),
  merchantCity: words(15),
});
const validBrCode = fc.oneof(
  fc.constant(BACEN_STATIC),
  staticInput.map((i) => encodeBrCode(i)),
  dynamicInput.map((i) => encodeBrCode(i)),
);

function expectValidDecoded(d: ReturnType<typeof decodeBrCode>): void {
  expect((d.key === null) !== (d.url === null)).toBe(true);
  expect(d.merchantName.length).toBeGreaterThan(0);
  expect(d.merchantCity.length).toBeGreaterThan(0);
  if (d.amountCents !== null) expect(Number.isSafeInteger(d.amountCents) && d.amountCents >= 0).toBe(true);
  expect(d.crc).toMatch(/^[0-9A-F]{4}$/);
  expect(d.expectedCrc).toMatch(/^[0-9A-F]{4}$/);
  expect(d.crcValid).toBe(d.crc === d.expectedCrc);
}

describe('BR Code reader under arbitrary input (fast-check)', () => {
  it('any text: a decoded BR Code or a PixError in Portuguese, never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          anyText.map((s) => `000201${s}6304ABCD`),
        ),
        (input) => {
          const out = parseOrOwnError(() => decodeBrCode(input), PixError);
          if (out.ok) expectValidDecoded(out.value);
        },
      ),
      fuzzOptions(2000),
    );
  });

  it('mutations of valid BR Codes (cut, typed over, a field changed): decoded or PixError', () => {
    fc.assert(
      fc.property(mutated(validBrCode, '0123456789*. AZaz'), (input) => {
        const out = parseOrOwnError(() => decodeBrCode(input), PixError);
        if (out.ok) expectValidDecoded(out.value);
      }),
      fuzzOptions(2500),
    );
  });

  it('one character changed is never taken for a valid BR Code (the CRC or the TLV catches it)', () => {
    fc.assert(
      fc.property(
        validBrCode,
        fc.nat(),
        fc.constantFrom(...'0123456789ABCDEFabcdef*. -/@'),
        (code, at, char) => {
          const i = at % code.length;
          if (code[i]!.toUpperCase() === char.toUpperCase()) return;
          const typo = code.slice(0, i) + char + code.slice(i + 1);
          const out = parseOrOwnError(() => decodeBrCode(typo), PixError);
          if (out.ok) expect(out.value.crcValid, typo).toBe(false);
        },
      ),
      fuzzOptions(2000),
    );
  });

  it('round trip: what encodeBrCode writes, decodeBrCode reads back with a valid CRC', () => {
    fc.assert(
      fc.property(staticInput, (input) => {
        const decoded = decodeBrCode(encodeBrCode(input));
        expect(decoded).toMatchObject({
          crcValid: true,
          key: input.key,
          url: null,
          amountCents: input.amountCents,
          merchantName: input.merchantName,
          merchantCity: input.merchantCity,
          txid: input.txid,
          pointOfInitiation: null,
        });
      }),
      fuzzOptions(1000),
    );
    fc.assert(
      fc.property(dynamicInput, (input) => {
        const decoded = decodeBrCode(encodeBrCode(input));
        expect(decoded).toMatchObject({
          crcValid: true,
          key: null,
          url: input.url,
          amountCents: input.amountCents,
          txid: '***',
          pointOfInitiation: 'dynamic',
        });
      }),
      fuzzOptions(1000),
    );
  });

  it('amounts: parsePixAmount answers centavos or null for any text, and reads formatPixAmount back', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^\d{0,15}(\.\d{0,3})?$/)), (text) => {
        const cents = parsePixAmount(text);
        if (cents !== null) expect(Number.isSafeInteger(cents) && cents >= 0).toBe(true);
      }),
      fuzzOptions(2000),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (cents) => {
        const text = formatPixAmount(cents);
        // hand-made: R$ 1.234,05 is "1234.05"
        expect(text).toBe(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
        expect(parsePixAmount(text)).toBe(cents);
      }),
      fuzzOptions(1000),
    );
  });
});
