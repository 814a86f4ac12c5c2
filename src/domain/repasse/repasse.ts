import { applyBasisPoints, type Cents } from '../money/money';

/**
 * The Hiperador's repasse (SPEC §7), one function for the calculator's estimate and the ledger's lines:
 *
 *   repasse = recebido − custo Hiper (proporcional ao recebido) − taxa da central (% do recebido)
 *             [+ multa e juros, when the rule passes them to the Hiperador]
 *
 * - custo: the contract's monthly custo Hiper × recebido ÷ the contract's monthly value (half-up to the
 *   centavo). A regular installment of P months received in full therefore costs exactly custo × P; a card
 *   parcela, a bank discount or an upgrade's proporcional costs the same share of the period as it brings in.
 * - taxa da central: `centralFeeBp` of recebido, half-up (the money module's one rounding rule).
 * - implantação: no custo; the product's `resellerShareBp` of it is repasse, the rest is Hiper's (shown as taxa).
 * - nothing accrues on what was not received; a refund reverses the lines it refunds (negated, exactly).
 */
export type LateFeesTo = 'hiper' | 'hiperador';
export const LATE_FEES_TO: readonly LateFeesTo[] = ['hiper', 'hiperador'];

/** The contract terms a payment is measured against (monthly values, centavos). */
export interface RepasseBasis {
  /** What the client pays per month (an upgrade's proporcional: new − old). */
  monthlyRevenueCents: Cents;
  /** Custo Hiper per month of the contract's items (an upgrade's proporcional: new − old, floored at 0). */
  monthlyCostCents: Cents;
  /** Taxa da central, basis points of what is received (650 = 6,5%). */
  centralFeeBp: number;
}

export interface RepasseLine {
  receivedCents: Cents;
  costCents: Cents;
  centralFeeCents: Cents;
  /** Multa e juros passed on to the Hiperador (0 when the rule keeps them at Hiper). */
  fineInterestCents: Cents;
  repasseCents: Cents;
}

export class RepasseError extends Error {
  override name = 'RepasseError';
}

function requireCents(value: number, what: string, allowNegative = false): void {
  if (!Number.isSafeInteger(value) || (!allowNegative && value < 0)) {
    throw new RepasseError(
      `${what} inválido: ${value} (centavos inteiros${allowNegative ? '' : ', não negativos'}).`,
    );
  }
}

/** a × b / c rounded half-up in integers (a, b ≥ 0, c > 0). */
function mulDivHalfUp(a: number, b: number, c: number): number {
  const num = BigInt(a) * BigInt(b);
  const den = BigInt(c);
  return Number((2n * num + den) / (2n * den));
}

/** The repasse of `receivedCents` of an installment (or of a proporcional) under `basis`. */
export function installmentRepasse(input: {
  receivedCents: Cents;
  basis: RepasseBasis;
  fineInterestCents?: Cents;
  lateFeesTo?: LateFeesTo;
}): RepasseLine {
  const { receivedCents, basis } = input;
  const fineInterest = input.fineInterestCents ?? 0;
  requireCents(receivedCents, 'Valor recebido');
  requireCents(fineInterest, 'Multa e juros');
  requireCents(basis.monthlyRevenueCents, 'Valor mensal');
  requireCents(basis.monthlyCostCents, 'Custo mensal');
  if (!Number.isInteger(basis.centralFeeBp) || basis.centralFeeBp < 0 || basis.centralFeeBp > 10000) {
    throw new RepasseError(`Taxa da central inválida: ${basis.centralFeeBp} (pontos-base, 0 a 10000).`);
  }
  const costCents =
    basis.monthlyRevenueCents > 0
      ? mulDivHalfUp(basis.monthlyCostCents, receivedCents, basis.monthlyRevenueCents)
      : 0;
  const centralFeeCents = applyBasisPoints(receivedCents, basis.centralFeeBp);
  const fineInterestCents = (input.lateFeesTo ?? 'hiper') === 'hiperador' ? fineInterest : 0;
  return {
    receivedCents,
    costCents,
    centralFeeCents,
    fineInterestCents,
    repasseCents: receivedCents - costCents - centralFeeCents + fineInterestCents,
  };
}

/** The implantação: `resellerShareBp` of it is the Hiperador's (default 100%), the rest Hiper's. */
export function setupFeeRepasse(input: { receivedCents: Cents; resellerShareBp: number }): RepasseLine {
  requireCents(input.receivedCents, 'Implantação recebida');
  if (
    !Number.isInteger(input.resellerShareBp) ||
    input.resellerShareBp < 0 ||
    input.resellerShareBp > 10000
  ) {
    throw new RepasseError(`Participação na implantação inválida: ${input.resellerShareBp} (0 a 10000).`);
  }
  const repasseCents = applyBasisPoints(input.receivedCents, input.resellerShareBp);
  return {
    receivedCents: input.receivedCents,
    costCents: 0,
    centralFeeCents: input.receivedCents - repasseCents,
    fineInterestCents: 0,
    repasseCents,
  };
}

/** What one month of the contract yields the Hiperador (the calculator's estimate and the client page). */
export function monthlyRepasse(basis: RepasseBasis): RepasseLine {
  return installmentRepasse({ receivedCents: basis.monthlyRevenueCents, basis });
}

/** The clawback of a refunded line: every figure negated, so the two sum to zero. */
export function reversal(line: RepasseLine): RepasseLine {
  const neg = (v: number) => (v === 0 ? 0 : -v);
  return {
    receivedCents: neg(line.receivedCents),
    costCents: neg(line.costCents),
    centralFeeCents: neg(line.centralFeeCents),
    fineInterestCents: neg(line.fineInterestCents),
    repasseCents: neg(line.repasseCents),
  };
}

/**
 * A charge's principal received, split over its parts (implantação + installment) in proportion to their
 * face values, summing back exactly (the last part takes the rounding). Received in full → the face values.
 */
export function splitReceived(receivedCents: Cents, faceValues: readonly Cents[]): Cents[] {
  requireCents(receivedCents, 'Valor recebido');
  const total = faceValues.reduce((a, v) => a + v, 0);
  if (total <= 0) return faceValues.map(() => 0);
  if (receivedCents >= total) return [...faceValues];
  const parts = faceValues.map((v) => mulDivHalfUp(v, receivedCents, total));
  const drift = receivedCents - parts.reduce((a, v) => a + v, 0);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + drift;
  return parts;
}

/** Sums lines (a statement's totals). */
export function sumLines(lines: readonly RepasseLine[]): RepasseLine {
  return lines.reduce<RepasseLine>(
    (a, l) => ({
      receivedCents: a.receivedCents + l.receivedCents,
      costCents: a.costCents + l.costCents,
      centralFeeCents: a.centralFeeCents + l.centralFeeCents,
      fineInterestCents: a.fineInterestCents + l.fineInterestCents,
      repasseCents: a.repasseCents + l.repasseCents,
    }),
    { receivedCents: 0, costCents: 0, centralFeeCents: 0, fineInterestCents: 0, repasseCents: 0 },
  );
}

/**
 * The statement a line accrued in `month` goes to: its own month, unless that statement is already
 * closed — then the first month after the last closed one (late events never change a closed statement).
 */
export function statementMonthFor(month: string, lastClosedMonth: string | null): string {
  if (lastClosedMonth === null || month > lastClosedMonth) return month;
  const y = Number(lastClosedMonth.slice(0, 4));
  const m = Number(lastClosedMonth.slice(5, 7));
  const next = y * 12 + m; // index of the following month (0-based month m)
  return `${String(Math.floor(next / 12)).padStart(4, '0')}-${String((next % 12) + 1).padStart(2, '0')}`;
}
