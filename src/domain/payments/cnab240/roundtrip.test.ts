import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CnabBeneficiary } from './beneficiary';
import type { CnabBankCode } from './layouts';
import { buildRemessa, normalizeRemessaTitle, parseRemessa, type RemessaTitle } from './remessa';
import { buildRetorno, parseRetorno, type RetornoTitleData } from './retorno';

// Property: what the writers put in a file, the readers take out unchanged — for random titles of both banks.

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

const isoDate = fc
  .integer({ min: 0, max: 36_000 })
  .map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
/** CNAB text as the writer leaves it: upper case words, single blanks, at most `max` characters. */
const text = (max: number) =>
  fc
    .array(fc.stringMatching(/^[A-Z0-9]{1,8}$/), { minLength: 0, maxLength: 6 })
    .map((words) => words.join(' ').slice(0, max).trimEnd());
const document = fc.oneof(digits(11), fc.stringMatching(/^[0-9A-Z]{12}[0-9]{2}$/));
const cents = fc.integer({ min: 0, max: 10 ** 13 });
const nossoNumero = (bank: CnabBankCode) => (bank === '001' ? digits(17) : digits(8));

function remessaTitle(bank: CnabBankCode): fc.Arbitrary<RemessaTitle> {
  return fc
    .record({
      instruction: fc.constantFrom('entrada' as const, 'baixa' as const),
      nossoNumero: nossoNumero(bank),
      documentNumber: text(15),
      dueDate: isoDate,
      amountCents: fc.integer({ min: 1, max: 10 ** 13 }),
      issueDate: isoDate,
      interest: fc.option(fc.tuple(fc.integer({ min: 1, max: 10 ** 9 }), isoDate)),
      fine: fc.option(fc.tuple(fc.integer({ min: 1, max: 10_000 }), isoDate)),
      discount: fc.option(fc.tuple(fc.integer({ min: 1, max: 10 ** 9 }), isoDate)),
      protestCode: fc.constantFrom('1' as const, '2' as const, '3' as const),
      protestDays: fc.integer({ min: 0, max: 99 }),
      writeOffCode: fc.constantFrom('1' as const, '2' as const),
      writeOffDays: fc.integer({ min: 0, max: 999 }),
      companyReference: text(25),
      payer: fc.record({
        document,
        name: text(40).filter((s) => s !== ''),
        address: text(40),
        district: text(15),
        cep: digits(8),
        city: text(15),
        state: fc.stringMatching(/^[A-Z]{2}$/),
      }),
    })
    .filter((t) => t.documentNumber !== '')
    .map((t) => ({
      instruction: t.instruction,
      nossoNumero: t.nossoNumero,
      documentNumber: t.documentNumber,
      dueDate: t.dueDate,
      amountCents: t.amountCents,
      issueDate: t.issueDate,
      interestPerDayCents: t.interest?.[0] ?? 0,
      interestDate: t.interest?.[1] ?? null,
      // A baixa sends segment P only: no multa (segment R) and no pagador (segment Q).
      fineBasisPoints: t.instruction === 'entrada' ? (t.fine?.[0] ?? 0) : 0,
      fineDate: t.instruction === 'entrada' ? (t.fine?.[1] ?? null) : null,
      discountCents: t.discount?.[0] ?? 0,
      discountDate: t.discount?.[1] ?? null,
      protestCode: t.protestCode,
      protestDays: t.protestDays,
      writeOffCode: t.writeOffCode,
      writeOffDays: t.writeOffDays,
      companyReference: t.companyReference,
      payer: t.instruction === 'entrada' ? t.payer : null,
    }));
}

const MOVEMENTS = ['02', '03', '06', '09', '14', '17', '28', '44'];

function retornoTitle(bank: CnabBankCode): fc.Arbitrary<RetornoTitleData> {
  return fc
    .record({
      movement: fc.constantFrom(...MOVEMENTS),
      nossoNumero: nossoNumero(bank),
      documentNumber: text(15),
      dueDate: fc.option(isoDate),
      faceValueCents: cents,
      feeCents: cents,
      reasons: fc.array(
        fc.stringMatching(/^[0-9A-Z]{2}$/).filter((c) => c !== '00'),
        { maxLength: 5 },
      ),
      companyReference: text(25),
      payerDocument: fc.oneof(fc.constant(''), document),
      payerName: text(40),
      fineInterestCents: cents,
      discountCents: cents,
      abatementCents: cents,
      iofCents: cents,
      paidCents: cents,
      netCents: cents,
      otherExpensesCents: cents,
      otherCreditsCents: cents,
      occurrenceDate: fc.option(isoDate),
      creditDate: fc.option(isoDate),
    })
    .map((t) =>
      // A liquidação carries what the parser demands of one: a paid amount ≥ juros/multa and a date.
      ['06', '17'].includes(t.movement)
        ? {
            ...t,
            paidCents: t.paidCents + t.fineInterestCents + 1,
            occurrenceDate: t.occurrenceDate ?? '2026-07-15',
          }
        : t,
    );
}

describe('CNAB 240 round trip (fast-check)', () => {
  for (const bank of ['001', '756'] as const) {
    it(`parseRemessa(buildRemessa(x)) == x — bank ${bank}`, () => {
      fc.assert(
        fc.property(
          fc.array(remessaTitle(bank), { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 1, max: 999_999 }),
          isoDate,
          // small lotes too: a file of many lotes reads back the same (a title's records stay in one lote)
          fc.constantFrom(3, 5, undefined),
          (titles, sequence, generatedOn, maxBatchDetails) => {
            const file = {
              beneficiary: BENEFICIARIES[bank],
              sequence,
              generatedOn,
              generatedAt: '235959',
              titles,
              maxBatchDetails,
            };
            const back = parseRemessa(buildRemessa(file));
            expect(back.titles).toEqual(titles.map(normalizeRemessaTitle));
            expect(back.sequence).toBe(sequence);
            expect(back.generatedOn).toBe(generatedOn);
          },
        ),
        { numRuns: 300 },
      );
    });

    it(`parseRetorno(buildRetorno(x)) == x — bank ${bank}`, () => {
      fc.assert(
        fc.property(
          fc.array(retornoTitle(bank), { minLength: 0, maxLength: 8 }),
          fc.integer({ min: 1, max: 999_999 }),
          isoDate,
          fc.constantFrom(2, 6, undefined),
          (titles, sequence, generatedOn, maxBatchDetails) => {
            const text = buildRetorno({
              beneficiary: BENEFICIARIES[bank],
              sequence,
              generatedOn,
              generatedAt: '000000',
              titles,
              maxBatchDetails,
            });
            const back = parseRetorno(text);
            expect(back.titles.map(({ lineT, lineU, rawT, rawU, ...data }) => data)).toEqual(titles);
            // T lines advance by 2, plus 2 (trailer + header) at each new lote
            const perBatch = Math.floor((maxBatchDetails ?? 99_999) / 2);
            expect(back.titles.map((t) => t.lineT)).toEqual(
              titles.map((_, i) => 3 + 2 * i + 2 * Math.floor(i / perBatch)),
            );
            expect(back.sequence).toBe(sequence);
            expect(back.bankCode).toBe(bank);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
