import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { isIsoDate } from '../../domain/billing/schedule';
import { addDays, businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { AppError, notFound } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { AccessGrantResult, BillingAdminRepository } from './billing-queries';

export const MIN_OVERRIDE_REASON = 10;
/** A grant further than this is almost certainly a typo (2062 for 2026). */
export const MAX_OVERRIDE_DAYS = 5 * 366;

/**
 * Staff "liberar até" (administrador, financeiro): the client is liberated until `until` whatever it paid.
 * Writes the override with its reason, moves liberado até to the later of the current one and `until`
 * (access never shrinks), and a blocked client regains access at once: 'ativo', or 'inadimplente' while an
 * installment is still overdue (SPEC §4: overdue but inside its liberado até). Audited as
 * 'client.access_granted'. All in one transaction: a refused request writes nothing.
 */
export async function grantAccessUntil(
  deps: { billingAdmin: BillingAdminRepository; clock: Clock },
  actor: Actor,
  clientId: string,
  input: { until: string; reason: string },
  ip?: string | null,
): Promise<AccessGrantResult> {
  if (!BACK_OFFICE.includes(actor.role)) {
    throw new AppError(
      'forbidden',
      'Somente o administrador e o financeiro podem liberar o acesso de um cliente.',
    );
  }
  const reason = input.reason.trim();
  if (reason.length < MIN_OVERRIDE_REASON) {
    throw new AppError(
      'validation_failed',
      `Informe o motivo da liberação (ao menos ${MIN_OVERRIDE_REASON} caracteres).`,
      'reason',
    );
  }
  if (!isIsoDate(input.until)) {
    throw new AppError('validation_failed', 'Informe uma data válida (dd/mm/aaaa).', 'until');
  }
  const today = businessDateAt(deps.clock.now());
  if (input.until < today) {
    throw new AppError(
      'validation_failed',
      `A data de liberação não pode ser anterior a hoje (${formatDateBR(today)}).`,
      'until',
    );
  }
  const limit = addDays(today, MAX_OVERRIDE_DAYS);
  if (input.until > limit) {
    throw new AppError(
      'validation_failed',
      `A data de liberação vai no máximo até ${formatDateBR(limit)}. Confira o ano.`,
      'until',
    );
  }
  const result = await deps.billingAdmin.grantAccess({
    clientId,
    until: input.until,
    reason,
    today,
    actor,
    audit: { actorUserId: actor.userId, actorEmail: actor.email, ip: ip ?? null },
  });
  if (!result) throw notFound('Cliente');
  return result;
}
