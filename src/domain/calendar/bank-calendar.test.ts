import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  bankHolidays,
  easterSunday,
  holidayName,
  isBusinessDay,
  lastBusinessDayOfYear,
  nextBusinessDay,
} from './bank-calendar';

describe('bank holidays', () => {
  it('lists the 2026 national banking holidays of BRAZIL-PAYMENTS.md', () => {
    expect(bankHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-04-03',
      '2026-04-21',
      '2026-05-01',
      '2026-06-04',
      '2026-09-07',
      '2026-10-12',
      '2026-11-02',
      '2026-11-15',
      '2026-11-20',
      '2026-12-25',
    ]);
    expect(holidayName('2026-02-16')).toBe('Carnaval (segunda-feira)');
    expect(holidayName('2026-06-04')).toBe('Corpus Christi');
  });

  it('computes Easter with the Meeus/Butcher algorithm (known dates)', () => {
    // Published Easter dates (e.g. the USNO / Wikipedia "List of dates for Easter" tables).
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('20 November is a national holiday only from 2024 (Lei 14.759/2023)', () => {
    expect(bankHolidays(2023).some((h) => h.date === '2023-11-20')).toBe(false);
    expect(isBusinessDay('2023-11-20')).toBe(true);
    expect(isBusinessDay('2024-11-20')).toBe(false);
  });

  it('agrees with date-holidays (public + bank holidays) from 2024 to 2030', () => {
    const independent = new Holidays('BR');
    for (let year = 2024; year <= 2030; year++) {
      const theirs = new Set(
        independent
          .getHolidays(year)
          // Election days are always Sundays; Carnival Monday is "bank" in recent versions of the
          // library (older ones miss it), so take both types and add it when missing.
          .filter((h) => (h.type === 'public' || h.type === 'bank') && !/Elei/i.test(h.name))
          .map((h) => h.date.slice(0, 10)),
      );
      const carnivalMonday = bankHolidays(year).find((h) => h.name === 'Carnaval (segunda-feira)')!.date;
      theirs.add(carnivalMonday);
      expect(new Set(bankHolidays(year).map((h) => h.date)), String(year)).toEqual(theirs);
    }
  });
});

describe('business days', () => {
  it('skips weekends and holidays', () => {
    expect(isBusinessDay('2026-02-13')).toBe(true); // Friday before Carnival
    expect(isBusinessDay('2026-02-14')).toBe(false); // Saturday
    expect(isBusinessDay('2026-02-16')).toBe(false); // Carnival Monday
    expect(isBusinessDay('2026-02-18')).toBe(true); // Ash Wednesday: banks open at noon
    expect(nextBusinessDay('2026-02-14')).toBe('2026-02-18');
    expect(nextBusinessDay('2026-02-13')).toBe('2026-02-13');
    expect(nextBusinessDay('2026-04-03')).toBe('2026-04-06'); // Good Friday → Monday
    expect(nextBusinessDay('2026-12-25')).toBe('2026-12-28');
  });

  it('adds business days forwards and backwards', () => {
    expect(addBusinessDays('2026-02-13', 1)).toBe('2026-02-18');
    expect(addBusinessDays('2026-02-18', -1)).toBe('2026-02-13');
    expect(addBusinessDays('2026-02-14', 0)).toBe('2026-02-18');
    expect(addBusinessDays('2026-06-01', 5)).toBe('2026-06-09'); // 04/06 Corpus Christi skipped
    expect(addBusinessDays('2026-12-30', 2)).toBe('2027-01-04');
  });

  it('can be corrected by configuration', () => {
    const calendar = { extraHolidays: ['2026-03-19'], notHolidays: ['2026-06-04'] };
    expect(isBusinessDay('2026-03-19', calendar)).toBe(false);
    expect(isBusinessDay('2026-06-04', calendar)).toBe(true);
    expect(nextBusinessDay('2026-03-19', calendar)).toBe('2026-03-20');
    expect(holidayName('2026-03-19', calendar)).toBe('Feriado configurado');
    // A configured weekend day is still a weekend.
    expect(isBusinessDay('2026-06-06', { notHolidays: ['2026-06-06'] })).toBe(false);
  });

  it('knows the last business day of the year', () => {
    expect(lastBusinessDayOfYear(2026)).toBe('2026-12-31'); // Thursday
    expect(lastBusinessDayOfYear(2022)).toBe('2022-12-30'); // 31/12/2022 was a Saturday
  });

  it('refuses an impossible date', () => {
    expect(() => isBusinessDay('2026-02-30')).toThrow(/Data inválida/);
    expect(() => nextBusinessDay('26-02-01')).toThrow(/Data inválida/);
  });
});
