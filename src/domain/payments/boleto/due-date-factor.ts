import { BoletoError } from './boleto-error';

/**
 * Fator de vencimento (FEBRABAN): days since 1997-10-07. Factor 1000 = 2000-07-03, 9999 = 2025-02-21; on
 * 2025-02-22 it restarted at 1000 (and reaches 9999 again on 2049-10-13), so it repeats every 9000 days.
 * Factor 0000 = no due date. All arithmetic is on plain dates (UTC midnights), never on local time.
 */
export const FACTOR_BASE_DATE = '1997-10-07';
export const FACTOR_CYCLE_DAYS = 9000;
const DAY_MS = 86_400_000;
const BASE_MS = Date.UTC(1997, 9, 7);

function toDayNumber(isoDate: string, label = 'Data de vencimento'): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(y, m - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) {
      return Math.round((ms - BASE_MS) / DAY_MS);
    }
  }
  throw new BoletoError(`${label} inválida: "${isoDate}" (use AAAA-MM-DD).`, 'vencimento');
}

function fromDayNumber(days: number): string {
  return new Date(BASE_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** The 4-digit factor of a due date (2000-07-03 or later); null → 0 ("sem vencimento"). */
export function dueDateFactor(dueDate: string | null): number {
  if (dueDate === null) return 0;
  const days = toDayNumber(dueDate);
  if (days < 1000) {
    throw new BoletoError(
      `Data de vencimento ${dueDate} anterior a 03/07/2000 não tem fator de vencimento.`,
      'vencimento',
    );
  }
  return ((days - 1000) % FACTOR_CYCLE_DAYS) + 1000;
}

/**
 * The due date of a factor: among the dates with that factor (one every 9000 days, the first on or after
 * 2000-07-03), the one nearest to `referenceDate` (a tie goes to the later one). Factor 0 → null.
 */
export function dueDateFromFactor(factor: number, referenceDate: string): string | null {
  if (!Number.isInteger(factor) || factor < 0 || factor > 9999) {
    throw new BoletoError(`Fator de vencimento inválido: ${factor}.`, 'vencimento');
  }
  if (factor === 0) return null;
  if (factor < 1000) {
    throw new BoletoError(
      `Fator de vencimento ${String(factor).padStart(4, '0')} inválido: os fatores vão de 1000 a 9999 (0000 = sem vencimento).`,
      'vencimento',
    );
  }
  const reference = toDayNumber(referenceDate, 'Data de referência');
  const cycle = Math.max(0, Math.floor((reference - factor) / FACTOR_CYCLE_DAYS + 0.5));
  return fromDayNumber(factor + cycle * FACTOR_CYCLE_DAYS);
}
