import { formatDateBR } from '../calendar/dates';
import { type Cents, formatBRL } from '../money/money';
import type { Periodicity } from '../pricing/catalog';
import {
  addCompetence,
  BillingCalendarError,
  competenceOf,
  daysInMonth,
  epochDay,
  isIsoDate,
  periodMonths,
} from './schedule';

export interface UpgradeProrationInput {
  /** Monthly value (centavos) of the contract being replaced. */
  oldMonthlyCents: Cents;
  /** Monthly value (centavos) of the new contract. */
  newMonthlyCents: Cents;
  periodicity: Periodicity;
  /** The day the alteration was signed: the upgrade takes effect that day. */
  signedOn: string;
  /** The client's liberado até (null: nothing paid). */
  paidThrough: string | null;
}

export interface UpgradeProration {
  /** What the prorated charge collects (0 for a downgrade or when nothing is left of the paid period). */
  amountCents: Cents;
  /** Days left from `signedOn` to `paidThrough`, both inclusive. */
  days: number;
  /** Days of the paid period that contains `signedOn` (0 when none does). */
  periodDays: number;
  /** Days of that period from `signedOn` on (= `days` unless whole periods follow it). */
  partialDays: number;
  /** Whole paid periods after the one that contains `signedOn` (0 in the usual case). */
  fullPeriods: number;
  /** The computation in one pt-BR sentence, for the charge's description and the audit log. */
  rule: string;
}

const PERIOD_UNIT: Record<1 | 6 | 12, [string, string]> = {
  1: ['mês', 'meses'],
  6: ['semestre', 'semestres'],
  12: ['ano', 'anos'],
};

function requireCents(value: Cents, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BillingCalendarError(`${what} inválido: ${value} (centavos, não negativo).`);
  }
}

function requireDate(value: string, what: string): void {
  if (!isIsoDate(value))
    throw new BillingCalendarError(`${what} inválida: "${String(value)}" (use AAAA-MM-DD).`);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * The end of the paid period j periods before the last one (j = 0: `paidThrough` itself). When the
 * liberado até is the last day of a month (the normal case), periods are whole calendar months: July, or
 * July–December. When it is not (a staff "liberar até" or a migração's kept date), a period is P months
 * back from that day (constrained to the month's length: 30/03 − 1 mês = 28/02).
 */
function periodBoundary(paidThrough: string, months: number, j: number): string {
  const y = Number(paidThrough.slice(0, 4));
  const m = Number(paidThrough.slice(5, 7));
  const d = Number(paidThrough.slice(8, 10));
  const index = y * 12 + m - 1 - j * months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = d === daysInMonth(y, m) ? daysInMonth(year, month) : Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** a × b / c rounded half-up, in integers (a, b, c ≥ 0, c > 0). */
function mulDivHalfUp(a: number, b: number, c: number): number {
  const num = BigInt(a) * BigInt(b);
  const den = BigInt(c);
  return Number((2n * num + den) / (2n * den));
}

/**
 * The prorated charge of an upgrade signed during a paid period.
 *
 * Rule (one rounding, half-up to the centavo):
 * - the difference per period is (new − old) × P months (P = 1, 6 or 12);
 * - the paid periods are the P-month periods ending at `paidThrough` (whole calendar months when it is the
 *   last day of a month); `periodDays` is the length of the one that contains `signedOn`, `partialDays`
 *   the days of it from `signedOn` on (inclusive);
 * - amount = difference × fullPeriods + round_half_up(difference × partialDays / periodDays), where
 *   fullPeriods counts the whole paid periods after that one (0 in the usual case: an upgrade signed
 *   before the next installment is paid). Thus 0 ≤ amount ≤ difference × (fullPeriods + 1), and the amount
 *   never decreases as more days are left.
 * - never negative: a downgrade (new ≤ old) yields 0 — it takes effect from the next competência;
 *   nothing is charged when `paidThrough` is null or before `signedOn`.
 *
 * Example: R$ 30,00 de diferença mensal, signed 16/07/2026, paid through 31/07/2026 → 16 days of 31 →
 * 3000 × 16 / 31 = 1548,39… → R$ 15,48.
 */
export function prorateUpgrade(input: UpgradeProrationInput): UpgradeProration {
  const { oldMonthlyCents, newMonthlyCents, periodicity, signedOn, paidThrough } = input;
  requireCents(oldMonthlyCents, 'Valor mensal anterior');
  requireCents(newMonthlyCents, 'Valor mensal novo');
  requireDate(signedOn, 'Data da assinatura');
  if (paidThrough !== null) requireDate(paidThrough, 'Data de liberado até');
  const months = periodMonths(periodicity);
  const monthlyDifference = newMonthlyCents - oldMonthlyCents;

  if (paidThrough === null || paidThrough < signedOn) {
    const since = formatDateBR(signedOn);
    return {
      amountCents: 0,
      days: 0,
      periodDays: 0,
      partialDays: 0,
      fullPeriods: 0,
      rule:
        paidThrough === null
          ? 'Nenhum período pago: nada a cobrar proporcionalmente.'
          : `Nenhum dia pago a partir de ${since} (liberado até ${formatDateBR(paidThrough)}): nada a cobrar proporcionalmente.`,
    };
  }

  // Find the paid period (boundary(j+1), boundary(j)] that contains signedOn.
  const signedDay = epochDay(signedOn);
  let fullPeriods = 0;
  while (epochDay(periodBoundary(paidThrough, months, fullPeriods + 1)) >= signedDay) fullPeriods++;
  const periodEnd = epochDay(periodBoundary(paidThrough, months, fullPeriods));
  const periodStart = epochDay(periodBoundary(paidThrough, months, fullPeriods + 1)) + 1;
  const periodDays = periodEnd - periodStart + 1;
  const partialDays = periodEnd - signedDay + 1;
  const days = epochDay(paidThrough) - signedDay + 1;

  if (monthlyDifference <= 0) {
    return {
      amountCents: 0,
      days,
      periodDays,
      partialDays,
      fullPeriods,
      rule:
        monthlyDifference === 0
          ? 'Sem diferença no valor mensal: nada a cobrar proporcionalmente.'
          : `Redução de ${formatBRL(-monthlyDifference)} no valor mensal: vale a partir da próxima competência, nada a cobrar proporcionalmente.`,
    };
  }

  const periodDifference = monthlyDifference * months;
  const amountCents =
    periodDifference * fullPeriods + mulDivHalfUp(periodDifference, partialDays, periodDays);
  const [unitOne, unitMany] = PERIOD_UNIT[months];
  const perPeriod =
    months === 1
      ? `${formatBRL(monthlyDifference)} de diferença mensal`
      : `${formatBRL(monthlyDifference)} de diferença mensal × ${months} meses = ${formatBRL(periodDifference)} por ${unitOne}`;
  const whole =
    fullPeriods === 0
      ? ''
      : ` + ${fullPeriods} ${fullPeriods === 1 ? unitOne : unitMany} inteiro${fullPeriods === 1 ? '' : 's'}`;
  const dayWord = partialDays === 1 ? 'dia' : 'dias';
  return {
    amountCents,
    days,
    periodDays,
    partialDays,
    fullPeriods,
    rule: `${perPeriod} × ${partialDays} ${dayWord} de ${periodDays}${whole} = ${formatBRL(amountCents)}`,
  };
}

/** The competência an alteration takes effect: upgrades at once (current), downgrades from the next one. */
export function effectiveCompetence(input: { kind: 'upgrade' | 'downgrade'; signedOn: string }): string {
  const current = competenceOf(input.signedOn);
  return input.kind === 'upgrade' ? current : addCompetence(current, 1);
}
