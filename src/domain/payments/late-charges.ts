import { type BankCalendarOptions, lastBusinessDayOfYear, nextBusinessDay } from '../calendar/bank-calendar';
import { addDays } from '../calendar/dates';
import { applyBasisPoints, type Cents } from '../money/money';

export interface LateChargesInput {
  /** Face value of the charge, in centavos. */
  amountCents: Cents;
  /** The due date printed on the boleto / charge ('YYYY-MM-DD'). */
  dueDate: string;
  /** The date the payer paid ('YYYY-MM-DD', São Paulo calendar). */
  paidOn: string;
  /** Multa (fine) in basis points: 200 = 2%. */
  fineBasisPoints: number;
  /** Juros de mora per month in basis points: 100 = 1% a.m. (pro rata die, 30-day month). */
  interestMonthlyBasisPoints: number;
  calendar?: BankCalendarOptions;
}

export interface LateCharges {
  /** Calendar days after the printed due date (0 when paid within the grace period). */
  daysLate: number;
  fineCents: Cents;
  interestCents: Cents;
  /** amountCents + fineCents + interestCents. */
  totalCents: Cents;
}

/**
 * The last day a charge can be paid without fine or interest: the due date itself, or — when it is not a
 * bank business day — the next business day (FEBRABAN; CMN Resolução 4.880/2020). A due date on the last
 * business day of the year also moves to the next business day, since banks do not serve the public on it.
 */
export function lastDayWithoutCharges(dueDate: string, calendar: BankCalendarOptions = {}): string {
  let payable = nextBusinessDay(dueDate, calendar);
  const year = Number(payable.slice(0, 4));
  if (payable === lastBusinessDayOfYear(year, calendar)) {
    payable = nextBusinessDay(addDays(payable, 1), calendar);
  }
  return payable;
}

/** Days between two ISO dates (b − a), on plain dates (no local time). */
function daysBetween(a: string, b: string): number {
  const toUtc = (d: string) =>
    Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

function assertIsoDate(value: string, label: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`${label} inválida: "${value}" (use AAAA-MM-DD).`);
}

/**
 * Fine and interest due on a late payment.
 *
 * Rule:
 * - Paid on or before `lastDayWithoutCharges(dueDate)` (the due date, moved to the next business day when it
 *   falls on a weekend, holiday or the last business day of the year) → no charges, daysLate = 0.
 * - Paid later → daysLate = calendar days after the PRINTED due date (not the moved one);
 *   multa = applyBasisPoints(amount, fineBp), once;
 *   juros = amount × interestBp × daysLate / (10 000 × 30), rounded half-up once (1% a.m. pro rata die).
 *   Interest is not compounded and is not charged on the fine.
 */
export function lateCharges(input: LateChargesInput): LateCharges {
  const { amountCents, dueDate, paidOn, fineBasisPoints, interestMonthlyBasisPoints, calendar } = input;
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    throw new Error(`Valor em centavos inválido: ${amountCents}`);
  }
  assertIsoDate(dueDate, 'Data de vencimento');
  assertIsoDate(paidOn, 'Data de pagamento');
  for (const [bp, label] of [
    [fineBasisPoints, 'Multa'],
    [interestMonthlyBasisPoints, 'Juros'],
  ] as const) {
    if (!Number.isInteger(bp) || bp < 0) throw new Error(`${label} inválido(a): ${bp} pontos-base.`);
  }
  if (paidOn <= lastDayWithoutCharges(dueDate, calendar)) {
    return { daysLate: 0, fineCents: 0, interestCents: 0, totalCents: amountCents };
  }
  const daysLate = daysBetween(dueDate, paidOn);
  const fineCents = applyBasisPoints(amountCents, fineBasisPoints);
  const interestCents = roundHalfUpDiv(
    BigInt(amountCents) * BigInt(interestMonthlyBasisPoints) * BigInt(daysLate),
    300_000n,
  );
  return { daysLate, fineCents, interestCents, totalCents: amountCents + fineCents + interestCents };
}

/**
 * Interest per day of delay as printed on the boleto ("juros de R$ x,xx por dia de atraso"):
 * amount × bp / (10 000 × 30), rounded half-up.
 */
export function interestPerDayCents(amountCents: Cents, interestMonthlyBasisPoints: number): Cents {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    throw new Error(`Valor em centavos inválido: ${amountCents}`);
  }
  if (!Number.isInteger(interestMonthlyBasisPoints) || interestMonthlyBasisPoints < 0) {
    throw new Error(`Juros inválidos: ${interestMonthlyBasisPoints} pontos-base.`);
  }
  return roundHalfUpDiv(BigInt(amountCents) * BigInt(interestMonthlyBasisPoints), 300_000n);
}

function roundHalfUpDiv(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
