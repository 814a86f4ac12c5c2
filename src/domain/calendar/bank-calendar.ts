/**
 * Bank business days in Brazil (CMN Resolução 4.880/2020): weekends and national holidays are not
 * business days. Dates are plain ISO strings ('2026-02-16'); no time zone is involved.
 *
 * The table is computed (fixed dates + the movable ones from Easter) and can be corrected by
 * configuration: `extraHolidays` adds days that are not business days (e.g. a decree, a local holiday
 * of the bank's agency), `notHolidays` removes computed ones.
 */
export interface BankCalendarOptions {
  /** ISO dates that are not business days besides the national banking holidays. */
  extraHolidays?: readonly string[];
  /** ISO dates that the computed table lists as holidays but are business days after all. */
  notHolidays?: readonly string[];
}

export interface BankHoliday {
  date: string;
  name: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Validates an ISO calendar date ('2026-02-30' is refused) and returns its parts. */
function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new Error(`Data inválida: "${date}" (use AAAA-MM-DD).`);
}

/** Plain-date arithmetic on UTC midnights (no local time involved); faster than Temporal on hot paths. */
function addDays(date: string, days: number): string {
  const { year, month, day } = parseIsoDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Easter Sunday (Gregorian), Meeus/Jones/Butcher algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

const holidayCache = new Map<number, BankHoliday[]>();

/**
 * National banking holidays of a year, in date order: 01/01, Carnival Monday and Tuesday, Good Friday,
 * 21/04, 01/05, Corpus Christi, 07/09, 12/10, 02/11, 15/11, 20/11 (national since 2024, Lei 14.759/2023)
 * and 25/12. Carnival and Corpus Christi are "pontos facultativos" by law but banks do not open
 * (FEBRABAN), so for payments they are holidays.
 */
export function bankHolidays(year: number): BankHoliday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new Error(`Ano inválido: ${year}`);
  const cached = holidayCache.get(year);
  if (cached) return cached.map((h) => ({ ...h }));
  const easter = easterSunday(year);
  const list: BankHoliday[] = [
    { date: iso(year, 1, 1), name: 'Confraternização Universal' },
    { date: addDays(easter, -48), name: 'Carnaval (segunda-feira)' },
    { date: addDays(easter, -47), name: 'Carnaval (terça-feira)' },
    { date: addDays(easter, -2), name: 'Sexta-feira da Paixão' },
    { date: iso(year, 4, 21), name: 'Tiradentes' },
    { date: iso(year, 5, 1), name: 'Dia do Trabalho' },
    { date: addDays(easter, 60), name: 'Corpus Christi' },
    { date: iso(year, 9, 7), name: 'Independência do Brasil' },
    { date: iso(year, 10, 12), name: 'Nossa Senhora Aparecida' },
    { date: iso(year, 11, 2), name: 'Finados' },
    { date: iso(year, 11, 15), name: 'Proclamação da República' },
  ];
  if (year >= 2024)
    list.push({ date: iso(year, 11, 20), name: 'Dia Nacional de Zumbi e da Consciência Negra' });
  list.push({ date: iso(year, 12, 25), name: 'Natal' });
  list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  holidayCache.set(year, list);
  return list.map((h) => ({ ...h }));
}

const holidaySetCache = new Map<number, Set<string>>();

function nationalHolidaySet(year: number): Set<string> {
  let set = holidaySetCache.get(year);
  if (!set) {
    set = new Set(bankHolidays(year).map((h) => h.date));
    holidaySetCache.set(year, set);
  }
  return set;
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The holiday's name when `date` is a (configured) bank holiday, null otherwise (weekends are not named). */
export function holidayName(date: string, calendar: BankCalendarOptions = {}): string | null {
  const { year } = parseIsoDate(date);
  if (calendar.extraHolidays?.includes(date)) return 'Feriado configurado';
  if (calendar.notHolidays?.includes(date)) return null;
  if (!nationalHolidaySet(year).has(date)) return null;
  return bankHolidays(year).find((h) => h.date === date)?.name ?? null;
}

/** Monday to Friday and not a national banking holiday (nor a configured extra one). */
export function isBusinessDay(date: string, calendar: BankCalendarOptions = {}): boolean {
  const { year } = parseIsoDate(date);
  const dow = weekday(date);
  if (dow === 0 || dow === 6) return false;
  if (calendar.extraHolidays?.includes(date)) return false;
  if (calendar.notHolidays?.includes(date)) return true;
  return !nationalHolidaySet(year).has(date);
}

/** The date itself when it is a business day, otherwise the first business day after it. */
export function nextBusinessDay(date: string, calendar: BankCalendarOptions = {}): string {
  let current = date;
  // A run of non-business days is short (a weekend plus Carnival is 4 days); the bound guards bad tables.
  for (let i = 0; i < 366; i++) {
    if (isBusinessDay(current, calendar)) return current;
    current = addDays(current, 1);
  }
  throw new Error(`Nenhum dia útil encontrado depois de ${date}: verifique os feriados configurados.`);
}

/** The date itself when it is a business day, otherwise the last business day before it. */
export function previousBusinessDay(date: string, calendar: BankCalendarOptions = {}): string {
  let current = date;
  for (let i = 0; i < 366; i++) {
    if (isBusinessDay(current, calendar)) return current;
    current = addDays(current, -1);
  }
  throw new Error(`Nenhum dia útil encontrado antes de ${date}: verifique os feriados configurados.`);
}

/**
 * Moves `n` business days from `date` (n may be negative). With n = 0 the result is `nextBusinessDay(date)`;
 * from a non-business day, +1 is the first business day after it.
 */
export function addBusinessDays(date: string, n: number, calendar: BankCalendarOptions = {}): string {
  if (!Number.isInteger(n)) throw new Error(`Número de dias úteis inválido: ${n}`);
  parseIsoDate(date);
  if (n === 0) return nextBusinessDay(date, calendar);
  const step = n > 0 ? 1 : -1;
  let current = date;
  let left = Math.abs(n);
  while (left > 0) {
    current = addDays(current, step);
    if (isBusinessDay(current, calendar)) left--;
  }
  return current;
}

/**
 * The calendar corrections from configuration text: comma/space-separated ISO dates (e.g. the environment
 * variables BANK_EXTRA_HOLIDAYS="2026-03-19,2026-07-09" and BANK_NOT_HOLIDAYS). Throws on an invalid date.
 */
export function bankCalendarFromConfig(extraHolidays = '', notHolidays = ''): BankCalendarOptions {
  const parse = (text: string, label: string): string[] =>
    text
      .split(/[\s,;]+/)
      .filter((s) => s !== '')
      .map((date) => {
        try {
          parseIsoDate(date);
        } catch {
          throw new Error(`${label}: data inválida "${date}" (use AAAA-MM-DD, separadas por vírgula).`);
        }
        return date;
      });
  return {
    extraHolidays: parse(extraHolidays, 'Feriados adicionais'),
    notHolidays: parse(notHolidays, 'Feriados desconsiderados'),
  };
}

/**
 * The last business day of a year: banks do not serve the public on it (FEBRABAN), so a boleto due on
 * it can be paid on the next business day without charges (see late-charges.ts).
 */
export function lastBusinessDayOfYear(year: number, calendar: BankCalendarOptions = {}): string {
  return previousBusinessDay(iso(year, 12, 31), calendar);
}
