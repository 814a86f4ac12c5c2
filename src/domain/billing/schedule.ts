import { PERIODICITY_MONTHS, type Periodicity } from '../pricing/catalog';

export { PERIODICITIES, type Periodicity } from '../pricing/catalog';

/**
 * The prepaid billing calendar (SPEC §4), pure and without Temporal (the daily run calls it for every
 * active contract): plain integer arithmetic on 'YYYY-MM-DD' dates and 'YYYY-MM' competências.
 *
 * Let A be the activation (or migração) date and M its month; P = months of the periodicidade (1, 6, 12).
 * - Installment 1 is due on A, competência M.
 * - Installment k ≥ 2 is due on the 15th of month M + (k−1)·P, competência M + (k−1)·P.
 * - Paying competência C liberates the client until the last day of month C + P (monthly: end of the next
 *   month). Access never shrinks: liberado até = max(current, that date).
 */

/** A date or competência the calendar cannot work with (message in pt-BR). */
export class BillingCalendarError extends Error {
  override name = 'BillingCalendarError';
}

export interface Installment {
  /** 1 = activation (or migração) charge, then 2, 3… */
  number: number;
  /** 'YYYY-MM': the reference month it pays. */
  competence: string;
  /** 'YYYY-MM-DD'. */
  dueDate: string;
  /** 'YYYY-MM-DD': the liberado até its payment grants (last day of competence + P). */
  accessUntil: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPETENCE = /^(\d{4})-(\d{2})$/;
const FIRST_MONTH_INDEX = 1 * 12; // 0001-01
const LAST_MONTH_INDEX = 9999 * 12 + 11; // 9999-12

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in month `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** [year, month, day] of a real calendar date 'YYYY-MM-DD' (years 0001–9999), or null. */
function parseDate(date: string): [number, number, number] | null {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return [y, m, d];
}

/** Whether `date` is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(date: string): boolean {
  return parseDate(date) !== null;
}

/** Whether `competence` is a month written 'YYYY-MM'. */
export function isCompetence(competence: string): boolean {
  const match = typeof competence === 'string' ? COMPETENCE.exec(competence) : null;
  if (!match) return false;
  const y = Number(match[1]);
  const m = Number(match[2]);
  return y >= 1 && m >= 1 && m <= 12;
}

function requireDate(date: string, what = 'Data'): [number, number, number] {
  const parts = parseDate(date);
  if (!parts) throw new BillingCalendarError(`${what} inválida: "${String(date)}" (use AAAA-MM-DD).`);
  return parts;
}

/** Months since year 0 of a competência ('2026-06' → 2026·12 + 5). */
function monthIndexOf(competence: string): number {
  if (!isCompetence(competence)) {
    throw new BillingCalendarError(`Competência inválida: "${String(competence)}" (use AAAA-MM).`);
  }
  return Number(competence.slice(0, 4)) * 12 + Number(competence.slice(5, 7)) - 1;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function competenceAt(monthIndex: number): string {
  if (monthIndex < FIRST_MONTH_INDEX || monthIndex > LAST_MONTH_INDEX) {
    throw new BillingCalendarError('Competência fora do calendário (anos 0001 a 9999).');
  }
  return `${pad(Math.floor(monthIndex / 12), 4)}-${pad((monthIndex % 12) + 1, 2)}`;
}

function dayOf(monthIndex: number, day: number): string {
  return `${competenceAt(monthIndex)}-${pad(day, 2)}`;
}

function lastDayAt(monthIndex: number): string {
  const competence = competenceAt(monthIndex);
  return `${competence}-${pad(daysInMonth(Math.floor(monthIndex / 12), (monthIndex % 12) + 1), 2)}`;
}

/** Months of a periodicidade: mensal 1, semestral 6, anual 12. */
export function periodMonths(periodicity: Periodicity): 1 | 6 | 12 {
  const months = Object.hasOwn(PERIODICITY_MONTHS, periodicity) ? PERIODICITY_MONTHS[periodicity] : undefined;
  if (months === undefined) {
    throw new BillingCalendarError(
      `Periodicidade inválida: "${String(periodicity)}" (use mensal, semestral ou anual).`,
    );
  }
  return months as 1 | 6 | 12;
}

/** '2026-06-20' → '2026-06'. */
export function competenceOf(date: string): string {
  requireDate(date);
  return date.slice(0, 7);
}

/** '2026-11' + 3 → '2027-02' (months may be negative). */
export function addCompetence(competence: string, months: number): string {
  if (!Number.isSafeInteger(months)) throw new BillingCalendarError(`Número de meses inválido: ${months}.`);
  return competenceAt(monthIndexOf(competence) + months);
}

/** '2028-02' → '2028-02-29'. */
export function lastDayOfCompetence(competence: string): string {
  return lastDayAt(monthIndexOf(competence));
}

/** Whole months from competência `from` to `to` ('2026-06' → '2027-01' = 7; negative when earlier). */
export function monthsBetween(from: string, to: string): number {
  return monthIndexOf(to) - monthIndexOf(from);
}

function requireNumber(k: number): void {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new BillingCalendarError(`Número da parcela inválido: ${k} (a primeira é 1).`);
  }
}

function installmentFrom(startDate: string, startMonth: number, months: number, k: number): Installment {
  const monthIndex = startMonth + (k - 1) * months;
  return {
    number: k,
    competence: competenceAt(monthIndex),
    dueDate: k === 1 ? startDate : dayOf(monthIndex, 15),
    accessUntil: lastDayAt(monthIndex + months),
  };
}

function startMonthOf(start: string): number {
  const [y, m] = requireDate(start, 'Data de início');
  return y * 12 + m - 1;
}

/**
 * Installment k of a contract that started (activation or migração) on `start`: #1 is due on `start`,
 * #k ≥ 2 on the 15th of month M + (k−1)·P; each liberates until the last day of its competência + P.
 */
export function installmentAt(start: string, periodicity: Periodicity, k: number): Installment {
  requireNumber(k);
  return installmentFrom(start, startMonthOf(start), periodMonths(periodicity), k);
}

/** Installments 1…count of the schedule. */
export function installmentSchedule(input: {
  start: string;
  periodicity: Periodicity;
  count: number;
}): Installment[] {
  const { start, periodicity, count } = input;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new BillingCalendarError(`Quantidade de parcelas inválida: ${count}.`);
  }
  const startMonth = startMonthOf(start);
  const months = periodMonths(periodicity);
  return Array.from({ length: count }, (_, i) => installmentFrom(start, startMonth, months, i + 1));
}

/** The liberado até after paying competência `competence`: never earlier than `current` (access never shrinks). */
export function accessAfterPayment(
  current: string | null,
  competence: string,
  periodicity: Periodicity,
): string {
  const granted = lastDayAt(monthIndexOf(competence) + periodMonths(periodicity));
  if (current === null) return granted;
  requireDate(current, 'Liberado até');
  return current > granted ? current : granted;
}

/** The highest k whose due date is ≤ `until` (0 when even #1 is later). */
function lastNumberDueBy(start: string, startMonth: number, months: number, until: string): number {
  const [uy, um, ud] = requireDate(until, 'Data limite');
  if (until < start) return 0;
  // The last month whose 15th is not after `until`.
  const lastMonth = uy * 12 + um - 1 - (ud >= 15 ? 0 : 1);
  return lastMonth < startMonth + months ? 1 : 1 + Math.floor((lastMonth - startMonth) / months);
}

/** Every installment due on or before `until` (the daily run issues what falls due within N days). */
export function installmentsDueBy(start: string, periodicity: Periodicity, until: string): Installment[] {
  const startMonth = startMonthOf(start);
  const months = periodMonths(periodicity);
  const last = lastNumberDueBy(start, startMonth, months, until);
  return Array.from({ length: last }, (_, i) => installmentFrom(start, startMonth, months, i + 1));
}

/**
 * The installments due in [from, until] (both inclusive): what a daily run with a window must look at,
 * without walking a long contract's whole past.
 */
export function installmentsDueBetween(
  start: string,
  periodicity: Periodicity,
  from: string,
  until: string,
): Installment[] {
  const startMonth = startMonthOf(start);
  const months = periodMonths(periodicity);
  requireDate(from, 'Data inicial');
  const last = lastNumberDueBy(start, startMonth, months, until);
  // Due dates strictly increase with k: the first in the window is one past the last due before `from`.
  const before = from <= start ? 0 : lastNumberDueBy(start, startMonth, months, previousDay(from));
  const result: Installment[] = [];
  for (let k = before + 1; k <= last; k++) result.push(installmentFrom(start, startMonth, months, k));
  return result;
}

function previousDay(date: string): string {
  const [y, m, d] = requireDate(date);
  if (d > 1) return `${date.slice(0, 8)}${pad(d - 1, 2)}`;
  return lastDayAt(y * 12 + m - 2);
}

/**
 * The installment of the schedule whose competência is `competence`, or null when there is none (before
 * the start, or a month a semestral/anual schedule skips).
 */
export function installmentForCompetence(
  start: string,
  periodicity: Periodicity,
  competence: string,
): Installment | null {
  const startMonth = startMonthOf(start);
  const months = periodMonths(periodicity);
  const offset = monthIndexOf(competence) - startMonth;
  if (offset < 0 || offset % months !== 0) return null;
  return installmentFrom(start, startMonth, months, offset / months + 1);
}

/** Days since 1970-01-01 of a date (proleptic Gregorian; Howard Hinnant's days_from_civil). */
export function epochDay(date: string): number {
  const [y0, m, d] = requireDate(date);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar days from `from` to `to` inclusive (0 when `to` is before `from`). */
export function daysInclusive(from: string, to: string): number {
  return Math.max(0, epochDay(to) - epochDay(from) + 1);
}
