import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, endOfMonth } from '../calendar/dates';
import {
  accessAfterPayment,
  addCompetence,
  BillingCalendarError,
  competenceOf,
  daysInclusive,
  epochDay,
  installmentAt,
  installmentForCompetence,
  installmentSchedule,
  installmentsDueBetween,
  installmentsDueBy,
  lastDayOfCompetence,
  monthsBetween,
  PERIODICITIES,
  type Periodicity,
  periodMonths,
} from './schedule';

/** [number, competence, due date, access until] rows, for compact expectations. */
function rows(start: string, periodicity: Periodicity, count: number) {
  return installmentSchedule({ start, periodicity, count }).map((i) => [
    i.number,
    i.competence,
    i.dueDate,
    i.accessUntil,
  ]);
}

describe('SPEC §4 worked examples', () => {
  it('mensal, activated 01/06: liberado até 31/07, then paying on 15/07 → 31/08 (the seed example)', () => {
    expect(rows('2026-06-01', 'mensal', 3)).toEqual([
      [1, '2026-06', '2026-06-01', '2026-07-31'],
      [2, '2026-07', '2026-07-15', '2026-08-31'],
      [3, '2026-08', '2026-08-15', '2026-09-30'],
    ]);
  });

  it('mensal, activated 20/06 (after the 15th): #2 is still due on 15/07', () => {
    expect(rows('2026-06-20', 'mensal', 2)).toEqual([
      [1, '2026-06', '2026-06-20', '2026-07-31'],
      [2, '2026-07', '2026-07-15', '2026-08-31'],
    ]);
  });

  it('semestral, activated 01/06: #1 → 31/12, #2 due 15/12 → 30/06/2027', () => {
    expect(rows('2026-06-01', 'semestral', 2)).toEqual([
      [1, '2026-06', '2026-06-01', '2026-12-31'],
      [2, '2026-12', '2026-12-15', '2027-06-30'],
    ]);
  });
});

describe('installment schedule', () => {
  it('crosses the year boundary: activated 10/12/2026 mensal, #2 due 15/01/2027', () => {
    expect(rows('2026-12-10', 'mensal', 3)).toEqual([
      [1, '2026-12', '2026-12-10', '2027-01-31'],
      [2, '2027-01', '2027-01-15', '2027-02-28'],
      [3, '2027-02', '2027-02-15', '2027-03-31'],
    ]);
  });

  it('leap years: activated 29/02/2028 anual, #1 liberates until 28/02/2029 and #2 is due 15/02/2029', () => {
    expect(rows('2028-02-29', 'anual', 3)).toEqual([
      [1, '2028-02', '2028-02-29', '2029-02-28'],
      [2, '2029-02', '2029-02-15', '2030-02-28'],
      [3, '2030-02', '2030-02-15', '2031-02-28'],
    ]);
    // Competência 2027-02 of an anual contract liberates until the end of February 2028: the 29th.
    expect(installmentForCompetence('2026-02-10', 'anual', '2027-02')).toEqual({
      number: 2,
      competence: '2027-02',
      dueDate: '2027-02-15',
      accessUntil: '2028-02-29',
    });
    // Mensal through February of a leap year.
    expect(rows('2028-01-31', 'mensal', 2)).toEqual([
      [1, '2028-01', '2028-01-31', '2028-02-29'],
      [2, '2028-02', '2028-02-15', '2028-03-31'],
    ]);
  });

  it('activation after the 15th and on the 15th itself', () => {
    expect(rows('2026-06-30', 'mensal', 2)).toEqual([
      [1, '2026-06', '2026-06-30', '2026-07-31'],
      [2, '2026-07', '2026-07-15', '2026-08-31'],
    ]);
    expect(rows('2026-06-15', 'mensal', 2)).toEqual([
      [1, '2026-06', '2026-06-15', '2026-07-31'],
      [2, '2026-07', '2026-07-15', '2026-08-31'],
    ]);
  });

  it('semestral and anual skip months', () => {
    expect(rows('2026-09-25', 'semestral', 4)).toEqual([
      [1, '2026-09', '2026-09-25', '2027-03-31'],
      [2, '2027-03', '2027-03-15', '2027-09-30'],
      [3, '2027-09', '2027-09-15', '2028-03-31'],
      [4, '2028-03', '2028-03-15', '2028-09-30'],
    ]);
    expect(rows('2026-06-01', 'anual', 3)).toEqual([
      [1, '2026-06', '2026-06-01', '2027-06-30'],
      [2, '2027-06', '2027-06-15', '2028-06-30'],
      [3, '2028-06', '2028-06-15', '2029-06-30'],
    ]);
  });

  it('installmentAt(k) is the k-th row of the schedule', () => {
    expect(installmentAt('2026-06-01', 'mensal', 13)).toEqual({
      number: 13,
      competence: '2027-06',
      dueDate: '2027-06-15',
      accessUntil: '2027-07-31',
    });
    expect(installmentAt('2026-06-20', 'mensal', 1).dueDate).toBe('2026-06-20');
  });

  it('refuses dates, periodicities and numbers it cannot work with (pt-BR messages)', () => {
    expect(() => installmentAt('2026-02-30', 'mensal', 1)).toThrow(/Data de início inválida: "2026-02-30"/);
    expect(() => installmentAt('01/06/2026', 'mensal', 1)).toThrow(BillingCalendarError);
    expect(() => installmentAt('2026-06-01', 'trimestral' as Periodicity, 1)).toThrow(
      /Periodicidade inválida/,
    );
    expect(() => installmentAt('2026-06-01', 'mensal', 0)).toThrow(/Número da parcela inválido/);
    expect(() => installmentAt('2026-06-01', 'mensal', 1.5)).toThrow(/Número da parcela inválido/);
    expect(() => installmentSchedule({ start: '2026-06-01', periodicity: 'mensal', count: -1 })).toThrow(
      /Quantidade de parcelas inválida/,
    );
    expect(installmentSchedule({ start: '2026-06-01', periodicity: 'mensal', count: 0 })).toEqual([]);
  });
});

describe('competências', () => {
  it('competenceOf, addCompetence, lastDayOfCompetence, monthsBetween', () => {
    expect(competenceOf('2026-06-20')).toBe('2026-06');
    expect(addCompetence('2026-11', 3)).toBe('2027-02');
    expect(addCompetence('2027-01', -1)).toBe('2026-12');
    expect(addCompetence('2026-06', 0)).toBe('2026-06');
    expect(lastDayOfCompetence('2028-02')).toBe('2028-02-29');
    expect(lastDayOfCompetence('2100-02')).toBe('2100-02-28'); // not a leap year (÷100)
    expect(lastDayOfCompetence('2000-02')).toBe('2000-02-29'); // leap year (÷400)
    expect(lastDayOfCompetence('2026-04')).toBe('2026-04-30');
    expect(monthsBetween('2026-06', '2027-01')).toBe(7);
    expect(() => addCompetence('2026-13', 1)).toThrow(/Competência inválida: "2026-13"/);
    expect(() => competenceOf('2026-6-1')).toThrow(/Data inválida/);
  });

  it('periodMonths', () => {
    expect(PERIODICITIES.map(periodMonths)).toEqual([1, 6, 12]);
  });
});

describe('accessAfterPayment', () => {
  it('grants the last day of competência + P', () => {
    expect(accessAfterPayment(null, '2026-06', 'mensal')).toBe('2026-07-31');
    expect(accessAfterPayment('2026-07-31', '2026-07', 'mensal')).toBe('2026-08-31');
    expect(accessAfterPayment(null, '2026-12', 'semestral')).toBe('2027-06-30');
    expect(accessAfterPayment(null, '2027-02', 'anual')).toBe('2028-02-29');
  });

  it('never shrinks: a late payment of an old competência keeps a later liberado até', () => {
    // Paid #3 (until 30/09) before #2 (until 31/08): still 30/09.
    expect(accessAfterPayment('2026-09-30', '2026-07', 'mensal')).toBe('2026-09-30');
    // A staff "liberar até" beyond the period stays.
    expect(accessAfterPayment('2026-12-20', '2026-06', 'mensal')).toBe('2026-12-20');
  });
});

describe('installments due by a date', () => {
  it('lists every installment whose due date is not after the date', () => {
    const numbers = (until: string) => installmentsDueBy('2026-06-20', 'mensal', until).map((i) => i.number);
    expect(numbers('2026-06-19')).toEqual([]);
    expect(numbers('2026-06-20')).toEqual([1]);
    expect(numbers('2026-07-14')).toEqual([1]);
    expect(numbers('2026-07-15')).toEqual([1, 2]);
    expect(numbers('2026-08-25')).toEqual([1, 2, 3]);
    // The daily run of 05/07 looking 10 days ahead issues #2 (due 15/07).
    expect(numbers(addDays('2026-07-05', 10)).at(-1)).toBe(2);
    const semestral = installmentsDueBy('2026-06-01', 'semestral', '2027-06-14').map((i) => i.dueDate);
    expect(semestral).toEqual(['2026-06-01', '2026-12-15']);
  });

  it('lists the installments due in a window', () => {
    const due = (from: string, until: string) =>
      installmentsDueBetween('2026-06-20', 'mensal', from, until).map((i) => i.dueDate);
    expect(due('2026-07-05', '2026-07-15')).toEqual(['2026-07-15']);
    expect(due('2026-07-16', '2026-08-14')).toEqual([]);
    expect(due('2026-06-01', '2026-08-15')).toEqual(['2026-06-20', '2026-07-15', '2026-08-15']);
    expect(due('2026-06-21', '2026-07-15')).toEqual(['2026-07-15']);
    expect(due('2027-01-01', '2027-01-31')).toEqual(['2027-01-15']);
  });
});

describe('installmentForCompetence', () => {
  it('finds the installment of a competência, or null for months the schedule skips', () => {
    expect(installmentForCompetence('2026-06-20', 'mensal', '2026-06')?.number).toBe(1);
    expect(installmentForCompetence('2026-06-20', 'mensal', '2027-06')?.number).toBe(13);
    expect(installmentForCompetence('2026-06-20', 'mensal', '2026-05')).toBeNull();
    expect(installmentForCompetence('2026-06-01', 'semestral', '2026-12')?.dueDate).toBe('2026-12-15');
    expect(installmentForCompetence('2026-06-01', 'semestral', '2026-09')).toBeNull();
    expect(installmentForCompetence('2026-06-01', 'anual', '2027-05')).toBeNull();
  });
});

describe('day arithmetic', () => {
  it('epochDay and daysInclusive', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('2000-03-01') - epochDay('2000-02-28')).toBe(2);
    expect(daysInclusive('2026-07-16', '2026-07-31')).toBe(16);
    expect(daysInclusive('2026-07-31', '2026-07-16')).toBe(0);
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────────────

const RUNS = { numRuns: 1000 };
const startDate = fc
  .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const periodicity = fc.constantFrom(...PERIODICITIES);

describe('calendar properties', () => {
  it('due dates strictly increase; every k ≥ 2 is due on a 15th; access is a month end and increases', () => {
    fc.assert(
      fc.property(startDate, periodicity, fc.integer({ min: 1, max: 40 }), (start, p, count) => {
        const schedule = installmentSchedule({ start, periodicity: p, count });
        expect(schedule).toHaveLength(count);
        schedule.forEach((inst, i) => {
          expect(inst.number).toBe(i + 1);
          expect(inst.accessUntil).toBe(endOfMonth(inst.accessUntil));
          expect(inst.accessUntil > inst.dueDate).toBe(true);
          if (i === 0) {
            expect(inst.dueDate).toBe(start);
            return;
          }
          const prev = schedule[i - 1]!;
          expect(inst.dueDate.slice(8)).toBe('15');
          expect(inst.dueDate > prev.dueDate).toBe(true);
          expect(inst.accessUntil > prev.accessUntil).toBe(true);
          // Paying on time never leaves a gap: the previous one covers through the due date.
          expect(prev.accessUntil >= inst.dueDate).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('agrees with Temporal (dates.ts) on competência arithmetic and month ends', () => {
    fc.assert(
      fc.property(startDate, periodicity, fc.integer({ min: 1, max: 30 }), (start, p, k) => {
        const inst = installmentAt(start, p, k);
        const monthStart = `${start.slice(0, 7)}-01`;
        const months = periodMonths(p) * (k - 1);
        expect(inst.competence).toBe(addMonths(monthStart, months).slice(0, 7));
        expect(inst.accessUntil).toBe(endOfMonth(addMonths(monthStart, months + periodMonths(p))));
        expect(lastDayOfCompetence(inst.competence)).toBe(endOfMonth(`${inst.competence}-01`));
      }),
      RUNS,
    );
  });

  it('installmentsDueBy / Between / ForCompetence agree with the schedule', () => {
    fc.assert(
      fc.property(
        startDate,
        periodicity,
        fc.integer({ min: -40, max: 2000 }),
        fc.integer({ min: 0, max: 400 }),
        (start, p, offset, width) => {
          const until = addDays(start, offset);
          const from = addDays(until, -width);
          const schedule = installmentSchedule({
            start,
            periodicity: p,
            count: Math.ceil(70 / periodMonths(p)) + 2,
          });
          expect(installmentsDueBy(start, p, until)).toEqual(schedule.filter((i) => i.dueDate <= until));
          expect(installmentsDueBetween(start, p, from, until)).toEqual(
            schedule.filter((i) => i.dueDate >= from && i.dueDate <= until),
          );
          const competence = competenceOf(until);
          expect(installmentForCompetence(start, p, competence)).toEqual(
            schedule.find((i) => i.competence === competence) ?? null,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('access never shrinks, whatever the order of payments', () => {
    fc.assert(
      fc.property(
        startDate,
        periodicity,
        fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 12 }),
        (start, p, order) => {
          let access: string | null = null;
          for (const k of order) {
            const inst = installmentAt(start, p, k);
            const next = accessAfterPayment(access, inst.competence, p);
            if (access !== null) expect(next >= access).toBe(true);
            expect(next >= inst.accessUntil).toBe(true);
            access = next;
          }
          const best = Math.max(...order);
          expect(access).toBe(installmentAt(start, p, best).accessUntil);
        },
      ),
      RUNS,
    );
  });

  it('epochDay agrees with Temporal', () => {
    fc.assert(
      fc.property(startDate, fc.integer({ min: -800, max: 800 }), (date, n) => {
        expect(epochDay(addDays(date, n)) - epochDay(date)).toBe(n);
      }),
      RUNS,
    );
  });
});
