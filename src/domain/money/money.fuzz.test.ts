import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, fuzzOptions, mutated } from '../../test-support/fuzz';
import { formatBRL, parseBRL } from './money';

// Property-based fuzzing of money typed by people (issue 8, "Bad input"): parseBRL answers exact centavos
// or null — never NaN, a float or a number past 2^53 — and reads back what formatBRL prints.

/** Amounts as people type them: with or without R$, thousands dots, comma decimals, a sign, blanks. */
const moneyLike = fc.oneof(
  anyText,
  fc.stringMatching(/^(R\$ ?)?-?\d{1,25}(,\d{0,3})?$/),
  fc.stringMatching(/^-?(R\$)? ?\d{1,3}(\.\d{1,4}){0,6}(,\d{1,2})?$/),
  fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map((c) => formatBRL(c)),
);

describe('parseBRL under arbitrary input (fast-check)', () => {
  it('any text: exact centavos (a safe integer) or null', () => {
    fc.assert(
      fc.property(fc.oneof(moneyLike, mutated(moneyLike, '0123456789.,R$- ')), (text) => {
        const cents = parseBRL(text);
        if (cents !== null) {
          expect(Number.isSafeInteger(cents), `${text} → ${cents}`).toBe(true);
          expect(Object.is(cents, -0), text).toBe(false);
        }
      }),
      fuzzOptions(3000),
    );
  });

  it('reads back what formatBRL prints, up to R$ 10 trilhões', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), (cents) => {
        expect(parseBRL(formatBRL(cents))).toBe(cents);
      }),
      fuzzOptions(2000),
    );
  });

  it('hand-written amounts: "1.234,5" is 123450 centavos, "12" is 1200, grouping must be by thousands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 99 }),
        (reais, centavos) => {
          const grouped = String(reais).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
          const cc = String(centavos).padStart(2, '0');
          const expected = reais * 100 + centavos;
          expect(parseBRL(`${grouped},${cc}`)).toBe(expected);
          expect(parseBRL(`R$ ${reais},${cc}`)).toBe(expected);
          expect(parseBRL(`-${grouped},${cc}`)).toBe(expected === 0 ? 0 : -expected);
          expect(parseBRL(String(reais))).toBe(reais * 100);
        },
      ),
      fuzzOptions(2000),
    );
  });

  it('past 2^53 centavos the amount is refused (null), not rounded', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{16,30}$/), (digits) => {
        expect(parseBRL(digits)).toBeNull();
      }),
      fuzzOptions(500),
    );
  });
});
