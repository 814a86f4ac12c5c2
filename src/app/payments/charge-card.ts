import { businessDateAt } from '../../domain/calendar/dates';
import { formatBRL } from '../../domain/money/money';
import { cardLabel } from '../../domain/payments/card-number';
import { AppError, notFound } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { CardGateway } from './card-gateway';
import type { StoredCard } from './card-registration';
import type { ChargeRepository } from './ports';

export const CARD_CHARGE_MESSAGES = {
  noCard: 'O cliente ainda não cadastrou o cartão.',
  notCard: 'Esta cobrança não é de cartão de crédito.',
  attempt: 'Tentativa inválida: use um número inteiro de 1 a 99.',
} as const;

/** The charge events of declined card attempts (one per attempt: the event key is `${chargeId}:${attempt}`). */
export const CARD_DECLINED_EVENT = 'recusada_cartao';

export interface CardChargeDeps {
  charges: ChargeRepository;
  cards: { activeCard(clientId: string): Promise<StoredCard | null> };
  cardGateway: CardGateway;
  clock: Clock;
}

export interface CardChargeOutcome {
  chargeId: string;
  chargeNumber: string;
  attempt: number;
  amountCents: number;
  status: 'paga' | 'falhou';
  transactionId: string | null;
  reasonCode: string | null;
  /** pt-BR, from the gateway, when declined. */
  reason: string | null;
  /** This attempt had been made before: the gateway answered its recorded result and nothing was applied twice. */
  replayed: boolean;
}

/**
 * Charges a card charge on the client's active card. The gateway call is idempotent by
 * `${chargeId}:${attempt}` (the same attempt is never charged twice); `attempt` defaults to the next one
 * (declined attempts so far + 1). Approved → the payment is applied (source 'card', idempotent by the
 * gateway's transaction id); declined → the charge is 'falhou' with the gateway's reason and a
 * 'recusada_cartao' event. How many times to retry is the billing engine's policy, not this function's.
 */
export async function chargeCard(
  deps: CardChargeDeps,
  chargeId: string,
  options: { attempt?: number | undefined },
): Promise<CardChargeOutcome> {
  const charge = await deps.charges.systemGet(chargeId);
  if (!charge) throw notFound('Cobrança');
  if (charge.method !== 'cartao') throw new AppError('business_rule', CARD_CHARGE_MESSAGES.notCard);
  if (charge.status === 'paga') {
    throw new AppError('business_rule', `A cobrança ${charge.number} já está paga.`);
  }
  if (charge.status === 'cancelada') {
    throw new AppError('business_rule', `A cobrança ${charge.number} está cancelada.`);
  }
  const card = await deps.cards.activeCard(charge.clientId);
  if (!card) throw new AppError('business_rule', CARD_CHARGE_MESSAGES.noCard);

  let attempt = options.attempt;
  if (attempt === undefined) {
    const events = await deps.charges.events(charge.id);
    attempt = events.filter((e) => e.type === CARD_DECLINED_EVENT).length + 1;
  }
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 99) {
    throw new AppError('validation_failed', CARD_CHARGE_MESSAGES.attempt, 'attempt');
  }
  const amountCents = charge.amountCents - charge.paidCents;
  const installments = charge.cardInstallments ?? 1;
  const key = `${charge.id}:${attempt}`;
  const result = await deps.cardGateway.charge({
    token: card.token,
    amountCents,
    installments,
    idempotencyKey: key,
    description: `Hiper — cobrança ${charge.number}`,
  });
  const base = { chargeId: charge.id, chargeNumber: charge.number, attempt, amountCents };

  if (result.status === 'approved') {
    const [outcome] = await deps.charges.applyPayments([
      {
        chargeId: charge.id,
        source: 'card',
        sourceId: result.transactionId,
        amountCents,
        paidOn: businessDateAt(deps.clock.now()),
        evidence: {
          gateway: deps.cardGateway.name,
          transactionId: result.transactionId,
          idempotencyKey: key,
          brand: card.brand,
          last4: card.last4,
          installments,
          card: cardLabel(card.brand, card.last4),
        },
      },
    ]);
    return {
      ...base,
      status: 'paga',
      transactionId: result.transactionId,
      reasonCode: null,
      reason: null,
      replayed: outcome?.status === 'duplicate',
    };
  }

  await deps.charges.update(charge.id, { status: 'falhou', failureReason: result.reason });
  const recorded = await deps.charges.addEvent({
    chargeId: charge.id,
    type: CARD_DECLINED_EVENT,
    eventKey: key,
    description: `Cartão ${cardLabel(card.brand, card.last4)} recusado (tentativa ${attempt}, ${formatBRL(amountCents)}): ${result.reason}`,
    details: {
      attempt,
      reason_code: result.reasonCode,
      reason: result.reason,
      brand: card.brand,
      last4: card.last4,
      installments,
      amount_cents: amountCents,
    },
  });
  return {
    ...base,
    status: 'falhou',
    transactionId: null,
    reasonCode: result.reasonCode,
    reason: result.reason,
    replayed: !recorded,
  };
}
