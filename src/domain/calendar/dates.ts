import { Temporal } from 'temporal-polyfill';

/** Business dates are plain ISO dates ('2026-06-01') in America/Sao_Paulo. */
export const BUSINESS_TIME_ZONE = 'America/Sao_Paulo';

// The date can only change on a whole minute (time-zone offsets are whole minutes): remember the last one,
// since every priced quote asks for it (the Temporal polyfill is slow on a hot path).
let lastMinute = Number.NaN;
let lastDate = '';

/** The São Paulo calendar date at an instant — never the server's UTC date. */
export function businessDateAt(instant: Date): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute === lastMinute) return lastDate;
  const date = Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(BUSINESS_TIME_ZONE)
    .toPlainDate()
    .toString();
  lastMinute = minute;
  lastDate = date;
  return date;
}

export function addDays(isoDate: string, days: number): string {
  return Temporal.PlainDate.from(isoDate).add({ days }).toString();
}

export function addMonths(isoDate: string, months: number): string {
  return Temporal.PlainDate.from(isoDate).add({ months }).toString();
}

export function endOfMonth(isoDate: string): string {
  const d = Temporal.PlainDate.from(isoDate);
  return d.with({ day: d.daysInMonth }).toString();
}

/** '2026-06-01' → '01/06/2026'. */
export function formatDateBR(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
