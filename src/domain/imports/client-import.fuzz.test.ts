import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyText,
  expectPortugueseMessage,
  fuzzOptions,
  isCalendarDate,
  mutated,
  parseOrOwnError,
} from '../../test-support/fuzz';
import { cnpjCheckDigits, isValidCnpj, isValidCpf } from '../documents/cpf-cnpj';
import {
  CLIENT_IMPORT_EXAMPLE,
  type ClientImportParse,
  PLAN_CODES,
  parseClientImport,
} from './client-import';

// Property-based fuzzing of the client CSV import (issue 8, "Bad input"): whatever the file, the parser
// answers rows and errors (line, column, Portuguese message), never throws, and every row it keeps is valid.

const HEADER =
  'cnpj;razao_social;nome_fantasia;email;hiperador;plano;mensalidade;liberado_ate;telefone;cidade;uf;cep';

/** A row the way a person fills the sheet, with the values we expect back. */
const validRow = fc
  .record({
    base: fc.stringMatching(/^[0-9A-Z]{12}$/),
    name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{1,10}( [A-Za-z0-9]{1,10}){0,3}$/),
    user: fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
    plan: fc.constantFrom(
      ['Hiper Mini', 'hiper-mini'],
      ['Hiper Gestão', 'hiper-gestao'],
      ['HIPER GESTAO', 'hiper-gestao'],
    ),
    fee: fc.integer({ min: 1, max: 99_999_999 }),
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.integer({ min: 2020, max: 2035 }),
  })
  .map((r) => {
    const document = r.base + cnpjCheckDigits(r.base);
    // 123456 → "1.234,56" (hand-made pt-BR money with thousands dots)
    const reais = String(Math.floor(r.fee / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const fee = `${reais},${String(r.fee % 100).padStart(2, '0')}`;
    const dd = String(r.day).padStart(2, '0');
    const mm = String(r.month).padStart(2, '0');
    const cells = [
      document,
      `"${r.name}; Ltda"`,
      '',
      `${r.user}@exemplo.com.br`,
      'Alfa Automação',
      r.plan[0],
      fee,
      `${dd}/${mm}/${r.year}`,
      '(47) 3333-4444',
      'Blumenau',
      'SC',
      '89010-000',
    ];
    return {
      line: cells.join(';'),
      expected: {
        document,
        legalName: `${r.name}; Ltda`,
        email: `${r.user}@exemplo.com.br`,
        productCode: r.plan[1],
        monthlyFeeCents: r.fee,
        paidThrough: `${r.year}-${mm}-${dd}`,
      },
    };
  });
const validFile = fc
  .uniqueArray(validRow, { minLength: 1, maxLength: 5, selector: (r) => r.expected.document })
  .map((rows) => ({ rows, text: [HEADER, ...rows.map((r) => r.line)].join('\r\n') }));

/** Every answer: valid rows, and errors that point at a line of the file with a message for a person. */
function expectSaneImport(text: string, parsed: ClientImportParse): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const e of parsed.errors) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lineCount + 1);
    expectPortugueseMessage(e.message);
  }
  const errorLines = new Set(parsed.errors.map((e) => e.line));
  for (const row of parsed.rows) {
    expect(errorLines.has(row.line), `linha ${row.line} com erro e aceita`).toBe(false);
    expect(row.document.length === 11 ? isValidCpf(row.document) : isValidCnpj(row.document)).toBe(true);
    expect(Number.isSafeInteger(row.monthlyFeeCents) && row.monthlyFeeCents > 0).toBe(true);
    expect(isCalendarDate(row.paidThrough), row.paidThrough).toBe(true);
    expect(PLAN_CODES).toContain(row.productCode);
    expect(row.email).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);
    // stored as text: no control character (PostgreSQL refuses a NUL)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about them
    expect(Object.values(row).join('|')).not.toMatch(/[\u0000-\u001f\u007f]/);
  }
  expect(new Set(parsed.rows.map((r) => r.document)).size).toBe(parsed.rows.length);
}

function check(text: string): void {
  // parseClientImport has no error class: it must never throw at all.
  const out = parseOrOwnError(() => parseClientImport(text), class NeverThrown extends Error {});
  if (out.ok) expectSaneImport(text, out.value);
}

describe('client CSV import under arbitrary input (fast-check)', () => {
  it('any text: rows and errors with line and message, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          anyText.map((t) => `${HEADER}\r\n${t}`),
        ),
        (text) => check(text),
      ),
      fuzzOptions(2000),
    );
  });

  it('mutations of valid files and of the example offered for download', () => {
    fc.assert(
      fc.property(
        mutated(
          fc.oneof(
            fc.constant(CLIENT_IMPORT_EXAMPLE),
            validFile.map((f) => f.text),
          ),
          '0123456789;,"./ aZ',
        ),
        (text) => check(text),
      ),
      fuzzOptions(2000),
    );
  });

  it('a valid file reads back every row with its document, fee in centavos and date', () => {
    fc.assert(
      fc.property(validFile, fc.constantFrom('\r\n', '\n'), fc.boolean(), ({ rows, text }, eol, bom) => {
        const parsed = parseClientImport((bom ? '\uFEFF' : '') + text.replaceAll('\r\n', eol));
        expect(parsed.errors).toEqual([]);
        expect(parsed.rows.map((r) => ({ ...r }))).toMatchObject(rows.map((r) => r.expected));
      }),
      fuzzOptions(1000),
    );
  });
});
