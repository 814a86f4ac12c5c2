import type { Actor } from '../../domain/access/roles';
import type { Page } from '../clients/ports';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog } from '../shared/ports';
import { type ChargeDeps, notifyCharge } from './create-charge';
import { chargeIdFromToken } from './payment-link';
import type {
  ChargeEventRecord,
  ChargeListQuery,
  ChargeRecord,
  ChargeRepository,
  PaymentRecord,
} from './ports';

export const MAX_CHARGE_PAGE_SIZE = 100;

export interface ChargeDetail {
  charge: ChargeRecord;
  payments: PaymentRecord[];
  events: ChargeEventRecord[];
}

export function listCharges(
  deps: { charges: ChargeRepository },
  actor: Actor,
  query: ChargeListQuery,
): Promise<Page<ChargeRecord>> {
  return deps.charges.list(actor, { ...query, pageSize: Math.min(query.pageSize, MAX_CHARGE_PAGE_SIZE) });
}

export async function visibleCharge(
  deps: { charges: ChargeRepository },
  actor: Actor,
  id: string,
): Promise<ChargeRecord> {
  const charge = await deps.charges.get(actor, id);
  if (!charge) throw new AppError('not_found', 'Cobrança não encontrada.');
  return charge;
}

export async function getCharge(
  deps: { charges: ChargeRepository },
  actor: Actor,
  id: string,
): Promise<ChargeDetail> {
  const charge = await visibleCharge(deps, actor, id);
  const [payments, events] = await Promise.all([deps.charges.payments(id), deps.charges.events(id)]);
  return { charge, payments, events };
}

/**
 * Cancels an open charge with a reason. A registered boleto is then asked to be written off (baixa) in the
 * next CNAB remessa; a paid charge cannot be cancelled (a refund is another operation).
 */
export async function cancelCharge(
  deps: { charges: ChargeRepository; audit: AuditLog },
  actor: Actor,
  id: string,
  reason: string,
  ip?: string | null,
): Promise<ChargeRecord> {
  const charge = await visibleCharge(deps, actor, id);
  const why = reason.trim();
  if (why.length < 5) {
    throw new AppError(
      'validation_failed',
      'Informe o motivo do cancelamento (ao menos 5 caracteres).',
      'reason',
    );
  }
  if (charge.status === 'paga') {
    throw new AppError('business_rule', `A cobrança ${charge.number} já foi paga: não pode ser cancelada.`);
  }
  if (charge.status === 'cancelada') {
    throw new AppError('conflict', `A cobrança ${charge.number} já está cancelada.`);
  }
  if (charge.paidCents > 0) {
    throw new AppError(
      'business_rule',
      `A cobrança ${charge.number} tem pagamento parcial registrado: não pode ser cancelada.`,
    );
  }
  await deps.charges.update(id, { status: 'cancelada', cancelledAt: new Date(), cancelReason: why });
  await deps.charges.addEvent({
    chargeId: id,
    type: 'cancelada',
    eventKey: null,
    description: `Cancelada por ${actor.email}: ${why}`,
    details: { reason: why, registered: charge.registrationFileId !== null },
  });
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'charge.cancelled',
    entityType: 'client',
    entityId: charge.clientId,
    ip: ip ?? null,
    details: { charge_id: id, number: charge.number, reason: why },
  });
  return (await deps.charges.get(actor, id))!;
}

/** Sends the charge's e-mail again to the client's addresses. */
export async function resendCharge(
  deps: ChargeDeps,
  actor: Actor,
  id: string,
): Promise<{ recipients: string[] }> {
  const charge = await visibleCharge(deps, actor, id);
  if (charge.status === 'paga' || charge.status === 'cancelada') {
    throw new AppError(
      'business_rule',
      `A cobrança ${charge.number} está ${charge.status}: não há o que pagar.`,
    );
  }
  const client = await deps.clients.findVisible(actor, charge.clientId);
  if (!client) throw notFound('Cliente');
  const recipients = [client.email, ...client.billingEmails];
  await notifyCharge(deps, charge, recipients);
  return { recipients };
}

/** The public payment page: the charge a signed link names (404 for anything else). */
export async function publicCharge(
  deps: { charges: ChargeRepository; linkSecret: string },
  token: string,
): Promise<ChargeRecord> {
  const id = chargeIdFromToken(deps.linkSecret, token);
  const charge = id ? await deps.charges.systemGet(id) : null;
  if (!charge)
    throw new AppError('not_found', 'Link de pagamento inválido. Confira o endereço no e-mail recebido.');
  return charge;
}

/** A cancelled or refunded charge: its payment link no longer hands out a way to pay it. */
export const chargeNoLongerPayable = (charge: Pick<ChargeRecord, 'status'>): boolean =>
  charge.status === 'cancelada' || charge.status === 'estornada';

/** The boleto of the payment page: only while the charge can still be paid (410 once cancelled or refunded). */
export async function publicPayableCharge(
  deps: { charges: ChargeRepository; linkSecret: string },
  token: string,
): Promise<ChargeRecord> {
  const charge = await publicCharge(deps, token);
  if (chargeNoLongerPayable(charge))
    throw new AppError(
      'gone',
      `Esta cobrança foi ${charge.status === 'cancelada' ? 'cancelada' : 'estornada'} e não precisa ser paga.`,
    );
  return charge;
}
