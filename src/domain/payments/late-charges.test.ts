import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interestPerDayCents, lastDayWithoutCharges, lateCharges } from './late-charges';

const base = { fineBasisPoints: 200, interestMonthlyBasisPoints: 100 };

describe('late charges (multa 2% + juros 1% a.m. pro rata die)', () => {
  it('charges nothing up to the due date', () => {
    expect(lateCharges({ ...base, amountCents: 40000, dueDate: '2026-03-10', paidOn: '2026-03-10' })).toEqual(
      {
        daysLate: 0,
        fineCents: 0,
        interestCents: 0,
        totalCents: 40000,
      },
    );
    expect(
      lateCharges({ ...base, amountCents: 40000, dueDate: '2026-03-10', paidOn: '2026-03-02' }).totalCents,
    ).toBe(40000);
  });

  it('charges the fine once and interest per calendar day after the printed due date', () => {
    // R$ 400,00 due Tue 10/03/2026, paid Fri 13/03: 3 days late.
    // multa 2% = R$ 8,00; juros = 40000 × 100 × 3 / 300000 = 40 centavos.
    expect(lateCharges({ ...base, amountCents: 40000, dueDate: '2026-03-10', paidOn: '2026-03-13' })).toEqual(
      {
        daysLate: 3,
        fineCents: 800,
        interestCents: 40,
        totalCents: 40840,
      },
    );
    // R$ 1.234,56 paid 45 days late: juros = 123456 × 100 × 45 / 300000 = 1851,84 → R$ 18,52.
    expect(
      lateCharges({ ...base, amountCents: 123456, dueDate: '2026-01-05', paidOn: '2026-02-19' }),
    ).toEqual({
      daysLate: 45,
      fineCents: 2469,
      interestCents: 1852,
      totalCents: 127777,
    });
  });

  it('rounds interest half-up once (not per day)', () => {
    // R$ 45,00 at 1% a.m.: 1,5 centavo a day. 3 days: 4500 × 100 × 3 / 300000 = 4,5 → 5
    // (rounding each day first would give 2 + 2 + 2 = 6).
    const input = { ...base, amountCents: 4500, dueDate: '2026-03-10' };
    expect(lateCharges({ ...input, paidOn: '2026-03-13' }).interestCents).toBe(5);
    expect(lateCharges({ ...input, paidOn: '2026-03-11' }).interestCents).toBe(2);
  });

  it('a due date on a weekend or holiday is payable on the next business day without charges', () => {
    // Due Saturday 14/02/2026; Monday and Tuesday are Carnival → payable Wednesday 18/02 without charges.
    const due = { ...base, amountCents: 40000, dueDate: '2026-02-14' };
    expect(lastDayWithoutCharges('2026-02-14')).toBe('2026-02-18');
    expect(lateCharges({ ...due, paidOn: '2026-02-18' }).totalCents).toBe(40000);
    // Paid Thursday 19/02 → late, counted from the printed due date: 5 days.
    expect(lateCharges({ ...due, paidOn: '2026-02-19' })).toEqual({
      daysLate: 5,
      fineCents: 800,
      interestCents: 67, // 40000 × 100 × 5 / 300000 = 66,67
      totalCents: 40867,
    });
  });

  it('matches the QI Tech API docs example (due on a Sunday, paid 3 days later, 2% fine, no interest)', () => {
    // docs.qitech.com.br "Consultar linha digitável de boleto": expiration_date 2020-08-02 (Sunday),
    // factual_expiration_date 2020-08-03, payment_date 2020-08-05, nominal 835.48, fine 16.71, interest 0,
    // total 852.19.
    expect(lastDayWithoutCharges('2020-08-02')).toBe('2020-08-03');
    expect(
      lateCharges({
        amountCents: 83548,
        dueDate: '2020-08-02',
        paidOn: '2020-08-05',
        fineBasisPoints: 200,
        interestMonthlyBasisPoints: 0,
      }),
    ).toEqual({ daysLate: 3, fineCents: 1671, interestCents: 0, totalCents: 85219 });
  });

  it('a due date on the last business day of the year is payable on the next business day (FEBRABAN)', () => {
    expect(lastDayWithoutCharges('2026-12-31')).toBe('2027-01-04');
    expect(
      lateCharges({ ...base, amountCents: 10000, dueDate: '2026-12-31', paidOn: '2027-01-04' }).totalCents,
    ).toBe(10000);
  });

  it('uses the configured calendar', () => {
    const calendar = { extraHolidays: ['2026-03-19'] };
    const input = { ...base, amountCents: 10000, dueDate: '2026-03-19', paidOn: '2026-03-20' };
    expect(lateCharges({ ...input, calendar }).totalCents).toBe(10000);
    expect(lateCharges(input).daysLate).toBe(1);
  });

  it('prints the interest per day', () => {
    expect(interestPerDayCents(40000, 100)).toBe(13); // 13,33 centavos
    expect(interestPerDayCents(123456, 100)).toBe(41); // 41,15
    expect(interestPerDayCents(4500, 100)).toBe(2); // 1,5 → 2 (half-up)
    expect(interestPerDayCents(40000, 0)).toBe(0);
  });

  it('total = amount + fine + interest, interest grows with the delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_00 }),
        fc.integer({ min: 1, max: 400 }),
        (amount, days) => {
          const paidOn = new Date(Date.UTC(2026, 2, 10 + days)).toISOString().slice(0, 10);
          const later = new Date(Date.UTC(2026, 2, 11 + days)).toISOString().slice(0, 10);
          const r = lateCharges({ ...base, amountCents: amount, dueDate: '2026-03-10', paidOn });
          const r2 = lateCharges({ ...base, amountCents: amount, dueDate: '2026-03-10', paidOn: later });
          expect(r.totalCents).toBe(amount + r.fineCents + r.interestCents);
          expect(r.daysLate).toBe(days);
          expect(r2.interestCents).toBeGreaterThanOrEqual(r.interestCents);
        },
      ),
      { numRuns: 300 },
    );
  });
});
