import { randomUUID } from 'node:crypto';
import { businessDateAt } from '../../domain/calendar/dates';
import { formatBRL } from '../../domain/money/money';
import { CHARGE_METHOD_LABELS, CHARGE_STATUS_LABELS } from '../../domain/payments/charges';
import { AppError } from '../shared/errors';
import { requireDayNotAfter } from '../shared/validation';
import { auditActor, requireBackOffice, type StatementActor, type StatementDeps } from './import-statement';
import type { ChargeRecord, PaymentOutcome } from './ports';
import { MIN_REASON_LENGTH } from './statement-queue';

/** The largest single TED confirmed by hand: R$ 1.000.000,00 (the largest charge). */
export const MAX_MANUAL_TED_CENTS = 100_000_000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConfirmTedInput {
  amountCents: number;
  /** The day the TED reached the account, 'YYYY-MM-DD'. */
  paidOn: string;
  reason: string;
  /**
   * A UUID the caller makes once per confirmation (the portal makes one per dialog): sending the same
   * confirmation again with it changes nothing. Without it each call is a new payment.
   */
  idempotencyKey?: string | null;
}

export interface ConfirmTedResult {
  charge: ChargeRecord;
  payment: PaymentOutcome;
}

/**
 * A TED confirmed by Financeiro without a statement (the bank's receipt, the account seen online):
 * a payment with source 'manual' and the reason recorded; the payment rule settles the charge (under- or
 * over-payment recorded, never silent). Audited.
 */
export async function confirmTedManually(
  deps: Pick<StatementDeps, 'charges' | 'audit' | 'clock'>,
  actor: StatementActor,
  chargeId: string,
  input: ConfirmTedInput,
  ip?: string | null,
): Promise<ConfirmTedResult> {
  requireBackOffice(actor);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new AppError('validation_failed', 'Informe o valor recebido, maior que zero.', 'amount_cents');
  }
  if (input.amountCents > MAX_MANUAL_TED_CENTS) {
    throw new AppError(
      'validation_failed',
      `O valor máximo de uma TED confirmada à mão é ${formatBRL(MAX_MANUAL_TED_CENTS)}.`,
      'amount_cents',
    );
  }
  const today = businessDateAt(deps.clock.now());
  requireDayNotAfter(input.paidOn, today, 'de recebimento', 'paid_on');
  const reason = input.reason.replace(/\s+/g, ' ').trim();
  if (reason.length < MIN_REASON_LENGTH) {
    throw new AppError(
      'validation_failed',
      `Informe o motivo da confirmação (ao menos ${MIN_REASON_LENGTH} caracteres), ex. "comprovante enviado pelo cliente".`,
      'reason',
    );
  }
  const key = input.idempotencyKey ?? null;
  if (key !== null && !UUID_RE.test(key)) {
    throw new AppError(
      'validation_failed',
      'Chave de idempotência inválida (use um UUID).',
      'idempotency_key',
    );
  }

  const charge = actor ? await deps.charges.get(actor, chargeId) : await deps.charges.systemGet(chargeId);
  if (!charge) throw new AppError('not_found', 'Cobrança não encontrada.');
  const sourceId = `manual:${(key ?? randomUUID()).toLowerCase()}`;

  // A repeated confirmation (same key) returns the first one, even when it settled the charge.
  if (key !== null) {
    const earlier = (await deps.charges.payments(charge.id)).find(
      (p) => p.source === 'manual' && p.sourceId === sourceId,
    );
    if (earlier) {
      return {
        charge,
        payment: {
          status: 'duplicate',
          paymentId: earlier.id,
          chargeId: charge.id,
          principalCents: earlier.principalCents,
          overpaidCents: earlier.overpaidCents,
          balanceCents: Math.max(0, charge.amountCents - charge.paidCents),
          settled: charge.paidCents >= charge.amountCents,
        },
      };
    }
  }

  if (charge.method !== 'ted') {
    throw new AppError(
      'business_rule',
      `A cobrança ${charge.number} é por ${CHARGE_METHOD_LABELS[charge.method]}, não por TED.`,
    );
  }
  if (charge.status === 'paga' || charge.status === 'cancelada') {
    throw new AppError(
      'business_rule',
      `A cobrança ${charge.number} está ${CHARGE_STATUS_LABELS[charge.status].toLowerCase()}; nada foi registrado.`,
    );
  }

  const [outcome] = await deps.charges.applyPayments([
    {
      chargeId: charge.id,
      source: 'manual',
      sourceId,
      amountCents: input.amountCents,
      paidOn: input.paidOn,
      creditedOn: input.paidOn,
      reason,
      evidence: { kind: 'ted_manual', confirmed_by: actor?.email ?? 'linha de comando', reason },
      recordedBy: actor?.userId ?? null,
    },
  ]);
  const payment = outcome!;
  if (payment.chargeId !== charge.id) {
    throw new AppError(
      'conflict',
      'Esta confirmação já foi registrada em outra cobrança; nada foi alterado.',
    );
  }
  if (payment.status === 'applied') {
    await deps.audit.record({
      ...auditActor(actor),
      action: 'charge.ted_confirmed',
      entityType: 'charge',
      entityId: charge.id,
      ip: ip ?? null,
      details: {
        number: charge.number,
        payment_id: payment.paymentId,
        amount_cents: input.amountCents,
        paid_on: input.paidOn,
        reason,
        balance_cents: payment.balanceCents,
        overpaid_cents: payment.overpaidCents,
      },
    });
  }
  const after = (actor ? await deps.charges.get(actor, charge.id) : await deps.charges.systemGet(charge.id))!;
  return { charge: after, payment };
}
