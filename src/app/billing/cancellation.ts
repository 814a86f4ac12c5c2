import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { businessDateAt } from '../../domain/calendar/dates';
import { AppError, notFound } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { BillingAdminRepository, BillingCancellationResult } from './billing-queries';

export const MIN_CANCELLATION_REASON = 10;

/** end_reason of a contract ended by the client's cancellation: 'Cancelamento: <motivo>'. */
export const CANCELLATION_END_PREFIX = 'Cancelamento: ';

export function cancellationEndReason(reason: string): string {
  return `${CANCELLATION_END_PREFIX}${reason}`;
}

/** Whether a contract's end_reason says the client's billing was cancelled (not superseded). */
export function isCancellationEnd(endReason: string | null): boolean {
  return endReason?.startsWith(CANCELLATION_END_PREFIX) ?? false;
}

/**
 * Cancels a client's billing (administrador, financeiro), with a reason. In one transaction:
 * - the signed contract(s) still billing get ended_at and end_reason 'Cancelamento: <motivo>' — the daily
 *   run issues no installment for them any more; a version waiting for signature is cancelled too (its
 *   signature would otherwise restart the billing);
 * - open installments of future competências — those whose payment would liberate the client beyond its
 *   current liberado até — are cancelled with their charges (as "Cancelar cobrança" does: a boleto already
 *   registered is asked to be written off in the next remessa); a charge with a payment is kept;
 * - the client keeps access until its liberado até, and the daily run sets 'cancelado' the day after; a
 *   client not covered today (no liberado até, or past it) is 'cancelado' at once.
 * Audited as 'client.billing_cancelled'. Reactivation is a new ativação.
 */
export async function cancelBilling(
  deps: { billingAdmin: BillingAdminRepository; clock: Clock },
  actor: Actor,
  clientId: string,
  reason: string,
  ip?: string | null,
): Promise<BillingCancellationResult> {
  if (!BACK_OFFICE.includes(actor.role)) {
    throw new AppError(
      'forbidden',
      'Somente o administrador e o financeiro podem cancelar a cobrança de um cliente.',
    );
  }
  const why = reason.trim();
  if (why.length < MIN_CANCELLATION_REASON) {
    throw new AppError(
      'validation_failed',
      `Informe o motivo do cancelamento (ao menos ${MIN_CANCELLATION_REASON} caracteres).`,
      'reason',
    );
  }
  const at = deps.clock.now();
  const result = await deps.billingAdmin.cancelBilling({
    clientId,
    reason: why,
    today: businessDateAt(at),
    at,
    actor,
    audit: { actorUserId: actor.userId, actorEmail: actor.email, ip: ip ?? null },
  });
  if (!result) throw notFound('Cliente');
  return result;
}
