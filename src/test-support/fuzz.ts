/**
 * Shared pieces of the property-based fuzz tests (`*.fuzz.test.ts`, issue 8 "Bad input").
 *
 * Every parser is held to one contract: for any input it returns a valid result or fails with its own error
 * type carrying a Portuguese message — never a TypeError/RangeError, never an endless loop.
 *
 * FUZZ_RUNS multiplies the number of runs (CI: 1; `scripts/fuzz-nightly.sh`: 50).
 */
import fc from 'fast-check';
import { expect } from 'vitest';

const MULTIPLIER = Math.max(1, Number(process.env.FUZZ_RUNS) || 1);

/** `base` runs in CI, `base × FUZZ_RUNS` in the nightly script. */
export function fuzzRuns(base: number): number {
  return Math.max(1, Math.round(base * MULTIPLIER));
}

/**
 * fast-check options: the number of runs and a time budget per property (a safety net for CI time: the
 * run stops early, and says so, rather than blocking the suite). `timeout` bounds each async run.
 */
export function fuzzOptions(base: number, extra: { timeoutMs?: number; budgetMs?: number } = {}) {
  return {
    numRuns: fuzzRuns(base),
    interruptAfterTimeLimit: (extra.budgetMs ?? 20_000) * MULTIPLIER,
    ...(extra.timeoutMs ? { timeout: extra.timeoutMs } : {}),
  };
}

/** Longest a single parse of a small input may take: far above normal, far below a runaway loop. */
export const CALL_BUDGET_MS = 1_500;

const NOT_A_MESSAGE =
  /\b(undefined|NaN|Infinity)\b|\[object |Cannot read|is not a function|is not defined|is not iterable|Maximum call stack|Unexpected token|Invalid (time|array|string)/;
/** Portuguese, for a person: an accented letter or a word these messages use (any one is enough). */
const PORTUGUESE =
  /[áàâãéêíóôõúç]|\b(de|do|da|dos|das|em|no|na|para|com|por|um|uma|sem|deve|tem|use|informe|linha|campo|coluna|arquivo|valor|data|conta|banco|moeda|extrato|segmento|posição|dígitos?|inválid[oa]s?|desconhecid[oa]s?|repetid[oa]s?|vazi[oa]|malformad[oa]|recusad[oa]|ausente|esperad[oa])\b/i;

/**
 * Checks that `message` reads as a Portuguese sentence written for a person. Quoted parts (the input echoed
 * back) are left out, so random input cannot make it pass or fail.
 */
export function expectPortugueseMessage(message: string): void {
  const own = message.replace(/"[^"]*"/g, '""');
  expect(own.trim().length, message).toBeGreaterThan(8);
  expect(own, message).not.toMatch(NOT_A_MESSAGE);
  expect(own, message).toMatch(PORTUGUESE);
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs `parse`: a result, or the module's own error class (checked, with a Portuguese message). Anything
 * else thrown is re-thrown, which fails the property with the original stack. Each call is timed.
 */
export function parseOrOwnError<T>(
  parse: () => T,
  // biome-ignore lint/suspicious/noExplicitAny: any error class
  errorClass: abstract new (...args: any[]) => Error,
): Outcome<T> {
  const started = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: parse() };
  } catch (err) {
    if (!(err instanceof errorClass)) throw err;
    expectPortugueseMessage(err.message);
    outcome = { ok: false, error: err };
  }
  expect(performance.now() - started, 'tempo de uma chamada (ms)').toBeLessThan(CALL_BUDGET_MS);
  return outcome;
}

/** Any text a person could paste: ASCII, Latin-1, full Unicode, control characters, line breaks. */
export const anyText = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom(...'0123456789 .-/,;\r\n"R$<>:'), maxLength: 80 }),
);

/** One edit of a text: what a damaged file, a bad copy-paste or a hand-edited export does. */
export type Mutation =
  | { op: 'flip'; at: number; char: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'overwrite'; at: number; text: string }
  | { op: 'duplicateLine'; line: number }
  | { op: 'deleteLine'; line: number }
  | { op: 'swapLines'; line: number; other: number }
  | { op: 'lineEnds'; to: '\n' | '\r\n' | '\r' | '' };

const anyChar = fc.oneof(
  fc.constantFrom(...'0123456789'),
  fc.constantFrom(...' AZaz.,;-/"<>\r\n\t\u0000\u00e7\u00e3\u00ff'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/**
 * Mutations. `fieldChars` is what an "overwrite" writes (e.g. digits and blanks for a fixed-width CNAB
 * field, so the line keeps its length and reaches the field checks).
 */
export function mutationArb(fieldChars = '0123456789 ABCXYZ'): fc.Arbitrary<Mutation> {
  const at = fc.nat({ max: 1_000_000 });
  return fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at, char: anyChar }),
    fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ op: fc.constant('insert' as const), at, text: fc.string({ minLength: 1, maxLength: 6 }) }),
    fc.record({ op: fc.constant('truncate' as const), at }),
    fc.record({
      op: fc.constant('overwrite' as const),
      at,
      text: fc.string({ unit: fc.constantFrom(...fieldChars), minLength: 1, maxLength: 20 }),
    }),
    fc.record({ op: fc.constant('duplicateLine' as const), line: at }),
    fc.record({ op: fc.constant('deleteLine' as const), line: at }),
    fc.record({ op: fc.constant('swapLines' as const), line: at, other: at }),
    fc.record({ op: fc.constant('lineEnds' as const), to: fc.constantFrom('\n', '\r\n', '\r', '') }),
  );
}

function splitLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { lines: text.split(eol), eol };
}

/** Applies one mutation (positions are taken modulo the text's length, so any number fits). */
export function applyMutation(text: string, m: Mutation): string {
  const n = text.length;
  const pos = (at: number) => (n === 0 ? 0 : at % n);
  switch (m.op) {
    case 'flip': {
      const i = pos(m.at);
      return text.slice(0, i) + m.char + text.slice(i + 1);
    }
    case 'delete': {
      const i = pos(m.at);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'insert': {
      const i = n === 0 ? 0 : m.at % (n + 1);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'overwrite': {
      const i = pos(m.at);
      return text.slice(0, i) + m.text + text.slice(i + m.text.length);
    }
    case 'duplicateLine': {
      const { lines, eol } = splitLines(text);
      const i = m.line % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join(eol);
    }
    case 'deleteLine': {
      const { lines, eol } = splitLines(text);
      lines.splice(m.line % lines.length, 1);
      return lines.join(eol);
    }
    case 'swapLines': {
      const { lines, eol } = splitLines(text);
      const i = m.line % lines.length;
      const j = (m.other * 7 + 1) % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join(eol);
    }
    case 'lineEnds':
      return text.replace(/\r\n|\r|\n/g, m.to);
  }
}

/** A valid text from `valid`, then 1 to `max` mutations applied in turn. */
export function mutated(valid: fc.Arbitrary<string>, fieldChars?: string, max = 3): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.array(mutationArb(fieldChars), { minLength: 1, maxLength: max }))
    .map(([text, ms]) => ms.reduce(applyMutation, text));
}

/** A calendar date 'YYYY-MM-DD' between 2000-01-01 and about 2098. */
export const isoDate = fc
  .integer({ min: 0, max: 36_000 })
  .map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}
