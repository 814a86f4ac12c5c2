import { readdirSync, readFileSync } from 'node:fs';
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
import { buildOfx102 } from './fixtures/build-ofx';
import { OfxError, type OfxStatement, parseOfx, parseOfxAmount, parseOfxDate } from './ofx-parser';

// Property-based fuzzing of the OFX statement reader (issue 8, "Bad input").

const FIXTURES = new URL('./fixtures/', import.meta.url);
/** The bank exports kept as fixtures (BB, Bradesco, Itaú 1.02 latin1/1252; Inter 2.20 XML UTF-8). */
const BANK_FILES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.ofx'))
  .map((f) => readFileSync(new URL(f, FIXTURES)).toString('latin1'));

const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

/** 123456 → "1234.56", −5 → "-0.05": how the banks write TRNAMT. */
const amountText = (cents: number) =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

const transaction = fc.record({
  fitid: fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
  postedOn: isoDate,
  cents: fc.integer({ min: -(10 ** 11), max: 10 ** 11 }),
  memo: fc.option(fc.stringMatching(/^[A-Z0-9]{1,10}( [A-Z0-9]{1,10}){0,3}$/), { nil: undefined }),
});
const built = fc.array(transaction, { minLength: 0, maxLength: 5 }).map((txs) => ({
  txs,
  text: Buffer.from(
    buildOfx102({
      transactions: txs.map((t) => ({
        fitid: t.fitid,
        postedOn: t.postedOn,
        amount: amountText(t.cents),
        memo: t.memo,
      })),
    }),
  ).toString('latin1'),
}));
const validOfx = fc.oneof(
  fc.constantFrom(...BANK_FILES),
  built.map((b) => b.text),
);

function expectValidStatement(s: OfxStatement): void {
  expect(s.account.accountId.length).toBeGreaterThan(0);
  expect(s.account.bankId.length).toBeGreaterThan(0);
  expect(s.currency).toMatch(/^[A-Z]{3}$/);
  for (const d of [s.start, s.end]) if (d !== null) expect(isCalendarDate(d), d).toBe(true);
  for (const tx of s.transactions) {
    expect(tx.fitid.length).toBeGreaterThan(0);
    expect(isCalendarDate(tx.postedOn), tx.postedOn).toBe(true);
    expect(Number.isSafeInteger(tx.amountCents), String(tx.amountCents)).toBe(true);
    // stored as text and jsonb: PostgreSQL refuses a NUL
    expect(Object.values(tx).join('|')).not.toContain('\u0000');
  }
}

function check(bytes: Uint8Array): void {
  const out = parseOrOwnError(() => parseOfx(bytes), OfxError);
  if (out.ok) expectValidStatement(out.value);
}

describe('OFX reader under arbitrary input (fast-check)', () => {
  it('random bytes and text: a statement or an OfxError in Portuguese, never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          anyText.map((t) => Uint8Array.from(Buffer.from(t, 'utf8'))),
          anyText.map((t) => latin1(`OFXHEADER:100\r\nCHARSET:${t}\r\n<OFX>${t}`)),
          anyText.map((t) => latin1(`<OFX><STMTRS><BANKACCTFROM><BANKID>1<ACCTID>2</BANKACCTFROM>${t}`)),
        ),
        (bytes) => check(bytes),
      ),
      fuzzOptions(2000),
    );
  });

  it('mutations of real bank exports and built statements (lines cut, duplicated, swapped, typed over)', () => {
    fc.assert(
      fc.property(mutated(validOfx, '0123456789<>/.,-ABCZ '), (text) => check(latin1(text))),
      fuzzOptions(1500),
    );
  });

  it('hostile shapes stay fast: deep nesting, unclosed tags and comments are refused in linear time', () => {
    // Found by this fuzzing: 80,000 "<" took 3 s (quadratic tag scan) and 20,000 nested aggregates
    // overflowed the stack (RangeError). A 10 MB upload is allowed, so both must stay linear.
    const hostile = fc.constantFrom('<', '<A>', '<!--', '<![CDATA[', '</A>', '<A><B>x', '<!-- >');
    fc.assert(
      fc.property(hostile, fc.integer({ min: 20_000, max: 60_000 }), (unit, n) => {
        check(latin1(`<OFX>${unit.repeat(n)}`));
      }),
      fuzzOptions(20),
    );
  });

  it('round trip: the statement built from transactions reads back the same FITIDs, dates and centavos', () => {
    fc.assert(
      fc.property(built, ({ txs, text }) => {
        const s = parseOfx(latin1(text));
        expect(s.transactions.map((t) => [t.fitid, t.postedOn, t.amountCents, t.memo])).toEqual(
          txs.map((t) => [t.fitid, t.postedOn, t.cents, t.memo ?? null]),
        );
      }),
      fuzzOptions(1000),
    );
  });

  it('parseOfxAmount and parseOfxDate: a value or null for any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^[+-]?\d{0,20}([.,]\d{0,4})?$/)), (text) => {
        const cents = parseOfxAmount(text);
        if (cents !== null) expect(Number.isSafeInteger(cents)).toBe(true);
        const date = parseOfxDate(text);
        if (date !== null) expect(isCalendarDate(date), date).toBe(true);
      }),
      fuzzOptions(2000),
    );
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), (cents) => {
        expect(parseOfxAmount(amountText(cents))).toBe(cents);
        expect(parseOfxAmount(amountText(cents).replace('.', ','))).toBe(cents);
      }),
      fuzzOptions(1000),
    );
  });
});
