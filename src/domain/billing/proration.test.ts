import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/dates';
import { effectiveCompetence, prorateUpgrade } from './proration';
import { PERIODICITIES, periodMonths } from './schedule';

describe('prorateUpgrade', () => {
  it('charges the monthly difference for the days left in the paid month (the rule sentence)', () => {
    // 3000 × 16 / 31 = 1548,387… → R$ 15,48.
    expect(
      prorateUpgrade({
        oldMonthlyCents: 100_00,
        newMonthlyCents: 130_00,
        periodicity: 'mensal',
        signedOn: '2026-07-16',
        paidThrough: '2026-07-31',
      }),
    ).toEqual({
      amountCents: 15_48,
      days: 16,
      periodDays: 31,
      partialDays: 16,
      fullPeriods: 0,
      rule: 'R$ 30,00 de diferença mensal × 16 dias de 31 = R$ 15,48',
    });
  });

  it('rounds half-up once', () => {
    // 1 × 15 / 30 = 0,5 centavo → 1; 1 × 14 / 30 → 0.
    const base = {
      oldMonthlyCents: 100,
      newMonthlyCents: 101,
      periodicity: 'mensal' as const,
      paidThrough: '2026-06-30',
    };
    expect(prorateUpgrade({ ...base, signedOn: '2026-06-16' }).amountCents).toBe(1);
    expect(prorateUpgrade({ ...base, signedOn: '2026-06-17' }).amountCents).toBe(0);
    // 50,00 × 10 / 28 = 17,857… → R$ 17,86 (February, not a leap year).
    expect(
      prorateUpgrade({
        oldMonthlyCents: 0,
        newMonthlyCents: 50_00,
        periodicity: 'mensal',
        signedOn: '2027-02-19',
        paidThrough: '2027-02-28',
      }),
    ).toMatchObject({ amountCents: 17_86, days: 10, periodDays: 28 });
  });

  it('semestral: the difference × 6 months over the days of the paid semester', () => {
    // Paid through 31/12/2026: the semester is 01/07–31/12 (184 days); signed 24/09 → 99 days left.
    // 30,00 × 6 = 180,00 × 99 / 184 = 96,847… → R$ 96,85.
    const result = prorateUpgrade({
      oldMonthlyCents: 200_00,
      newMonthlyCents: 230_00,
      periodicity: 'semestral',
      signedOn: '2026-09-24',
      paidThrough: '2026-12-31',
    });
    expect(result).toMatchObject({ amountCents: 96_85, days: 99, periodDays: 184 });
    expect(result.rule).toBe(
      'R$ 30,00 de diferença mensal × 6 meses = R$ 180,00 por semestre × 99 dias de 184 = R$ 96,85',
    );
  });

  it('anual over a leap year: 366 days', () => {
    // Paid through 28/02/2029: the year is 01/03/2028–28/02/2029 (365 days: 29/02/2028 falls in the year
    // before); signed 01/03/2028 → the whole year = 12 × 10,00.
    expect(
      prorateUpgrade({
        oldMonthlyCents: 0,
        newMonthlyCents: 10_00,
        periodicity: 'anual',
        signedOn: '2028-03-01',
        paidThrough: '2029-02-28',
      }),
    ).toMatchObject({ amountCents: 120_00, days: 365, periodDays: 365 });
    // Paid through 31/03/2028: 01/04/2027–31/03/2028 has 29/02/2028 → 366 days.
    expect(
      prorateUpgrade({
        oldMonthlyCents: 0,
        newMonthlyCents: 10_00,
        periodicity: 'anual',
        signedOn: '2027-04-01',
        paidThrough: '2028-03-31',
      }),
    ).toMatchObject({ amountCents: 120_00, days: 366, periodDays: 366 });
  });

  it('after the next installment was paid, the whole following period counts too', () => {
    // Mensal, signed 20/07 with #2 already paid (liberado até 31/08): 12 days of July + all of August.
    // 3000 × 12 / 31 = 1161,29… → 11,61; + 30,00 = R$ 41,61.
    const result = prorateUpgrade({
      oldMonthlyCents: 100_00,
      newMonthlyCents: 130_00,
      periodicity: 'mensal',
      signedOn: '2026-07-20',
      paidThrough: '2026-08-31',
    });
    expect(result).toMatchObject({
      amountCents: 41_61,
      days: 43,
      periodDays: 31,
      partialDays: 12,
      fullPeriods: 1,
    });
    expect(result.rule).toBe('R$ 30,00 de diferença mensal × 12 dias de 31 + 1 mês inteiro = R$ 41,61');
  });

  it('a liberado até in the middle of a month (staff override): the period is the month up to that day', () => {
    // 20/07 − 1 mês = 20/06 → period 21/06–20/07 (30 days); signed 11/07 → 10 days. 3000 × 10 / 30 = R$ 10,00.
    expect(
      prorateUpgrade({
        oldMonthlyCents: 100_00,
        newMonthlyCents: 130_00,
        periodicity: 'mensal',
        signedOn: '2026-07-11',
        paidThrough: '2026-07-20',
      }),
    ).toMatchObject({ amountCents: 10_00, days: 10, periodDays: 30 });
  });

  it('never negative: a downgrade charges nothing now; nothing left of the paid period charges nothing', () => {
    const downgrade = prorateUpgrade({
      oldMonthlyCents: 130_00,
      newMonthlyCents: 100_00,
      periodicity: 'mensal',
      signedOn: '2026-07-16',
      paidThrough: '2026-07-31',
    });
    expect(downgrade.amountCents).toBe(0);
    expect(downgrade.rule).toBe(
      'Redução de R$ 30,00 no valor mensal: vale a partir da próxima competência, nada a cobrar proporcionalmente.',
    );
    const expired = prorateUpgrade({
      oldMonthlyCents: 100_00,
      newMonthlyCents: 130_00,
      periodicity: 'mensal',
      signedOn: '2026-08-02',
      paidThrough: '2026-07-31',
    });
    expect(expired).toMatchObject({ amountCents: 0, days: 0 });
    expect(expired.rule).toBe(
      'Nenhum dia pago a partir de 02/08/2026 (liberado até 31/07/2026): nada a cobrar proporcionalmente.',
    );
    expect(
      prorateUpgrade({
        oldMonthlyCents: 100_00,
        newMonthlyCents: 130_00,
        periodicity: 'mensal',
        signedOn: '2026-08-02',
        paidThrough: null,
      }).amountCents,
    ).toBe(0);
    // The last paid day still counts: 1 day of 31.
    expect(
      prorateUpgrade({
        oldMonthlyCents: 100_00,
        newMonthlyCents: 130_00,
        periodicity: 'mensal',
        signedOn: '2026-07-31',
        paidThrough: '2026-07-31',
      }),
    ).toMatchObject({
      amountCents: 97,
      days: 1,
      rule: 'R$ 30,00 de diferença mensal × 1 dia de 31 = R$ 0,97',
    });
  });

  it('refuses invalid input', () => {
    expect(() =>
      prorateUpgrade({
        oldMonthlyCents: 100.5,
        newMonthlyCents: 130_00,
        periodicity: 'mensal',
        signedOn: '2026-07-16',
        paidThrough: '2026-07-31',
      }),
    ).toThrow(/Valor mensal anterior inválido/);
    expect(() =>
      prorateUpgrade({
        oldMonthlyCents: 100_00,
        newMonthlyCents: 130_00,
        periodicity: 'mensal',
        signedOn: '2026-07-32',
        paidThrough: '2026-07-31',
      }),
    ).toThrow(/Data da assinatura inválida/);
  });

  const RUNS = { numRuns: 1000 };
  const monthEnd = fc
    .record({ year: fc.integer({ min: 2000, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) })
    .map(({ year, month }) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10));
  const cents = fc.integer({ min: 0, max: 10_000_000 });
  const periodicity = fc.constantFrom(...PERIODICITIES);

  it('0 ≤ amount ≤ (new − old) × P within the paid period, and monotonic in the days left (properties)', () => {
    fc.assert(
      fc.property(
        cents,
        cents,
        periodicity,
        monthEnd,
        fc.integer({ min: 0, max: 400 }),
        (a, b, p, paid, back) => {
          const input = { oldMonthlyCents: a, newMonthlyCents: b, periodicity: p, paidThrough: paid };
          const result = prorateUpgrade({ ...input, signedOn: addDays(paid, -back) });
          const difference = Math.max(0, b - a) * periodMonths(p);
          expect(Number.isSafeInteger(result.amountCents)).toBe(true);
          expect(result.amountCents).toBeGreaterThanOrEqual(0);
          expect(result.days).toBe(back + 1);
          expect(result.amountCents).toBeLessThanOrEqual(difference * (result.fullPeriods + 1));
          if (result.fullPeriods === 0) {
            expect(result.amountCents).toBeLessThanOrEqual(difference);
            expect(result.partialDays).toBe(result.days);
          }
          // One more day left never costs less.
          const earlier = prorateUpgrade({ ...input, signedOn: addDays(paid, -back - 1) });
          expect(earlier.amountCents).toBeGreaterThanOrEqual(result.amountCents);
          // The whole period left costs exactly the difference.
          if (result.partialDays === result.periodDays) {
            expect(result.amountCents).toBe(difference * (result.fullPeriods + 1));
          }
          if (b <= a) expect(result.amountCents).toBe(0);
        },
      ),
      RUNS,
    );
  });
});

describe('effectiveCompetence', () => {
  it('upgrades take effect in the current competência, downgrades in the next', () => {
    expect(effectiveCompetence({ kind: 'upgrade', signedOn: '2026-12-20' })).toBe('2026-12');
    expect(effectiveCompetence({ kind: 'downgrade', signedOn: '2026-12-20' })).toBe('2027-01');
  });
});
