import { randomUUID } from 'node:crypto';
import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { CHARGE_STATUS_LABELS, type ChargeStatus } from '../../domain/payments/charges';
import type { RefundResult, RepasseRepository } from '../repasse/ports';
import { AppError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import { requireDayNotAfter } from '../shared/validation';
import type { ChargeRecord, ChargeRepository } from './ports';

export const REFUND_KINDS = ['estorno', 'chargeback'] as const;
export type RefundKind = (typeof REFUND_KINDS)[number];
export const REFUND_KIND_LABELS: Record<RefundKind, string> = {
  estorno: 'Estorno',
  chargeback: 'Chargeback',
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MIN_REFUND_REASON_LENGTH = 5;

export interface RefundChargeInput {
  kind: RefundKind;
  reason: string;
  /** The refund's date, 'YYYY-MM-DD' (default: today in São Paulo). */
  refundedOn?: string | null;
  /** A UUID made once per form: sending it again changes nothing. */
  idempotencyKey?: string | null;
  /** A gateway's dispute id (system callers): the refund is idempotent by it. */
  sourceId?: string | null;
  evidence?: Record<string, unknown>;
}

export interface RefundChargeResult {
  charge: ChargeRecord;
  refund: Extract<RefundResult, { status: 'applied' | 'duplicate' }>;
}

/**
 * Refund of a paid charge, in full (SPEC §7): Financeiro's estorno (reason mandatory) or a card chargeback
 * (the same use case, e.g. from a gateway with its dispute id). In one transaction: the refund is recorded
 * (idempotent by source id — replaying changes nothing), the charge and its installment become
 * 'estornada', every repasse line of the charge not yet reversed gets its clawback line dated on the
 * refund (so it lands in that month's statement, never in a closed one), and the audit log is written.
 *
 * Access (liberado até) is NOT changed: staff decide, with "liberar até" or the cancellation, what the
 * client keeps after a refund.
 */
export async function refundCharge(
  deps: { charges: ChargeRepository; repasse: RepasseRepository; clock: Clock },
  actor: Actor | null,
  chargeId: string,
  input: RefundChargeInput,
  ip?: string | null,
): Promise<RefundChargeResult> {
  if (actor && !BACK_OFFICE.includes(actor.role)) {
    throw new AppError('forbidden', 'Somente administrador e financeiro registram estornos.');
  }
  if (!REFUND_KINDS.includes(input.kind)) {
    throw new AppError('validation_failed', 'Tipo inválido: use estorno ou chargeback.', 'kind');
  }
  const reason = input.reason.replace(/\s+/g, ' ').trim();
  if (reason.length < MIN_REFUND_REASON_LENGTH || reason.length > 500) {
    throw new AppError(
      'validation_failed',
      `Informe o motivo do ${input.kind === 'chargeback' ? 'chargeback' : 'estorno'} (de ${MIN_REFUND_REASON_LENGTH} a 500 caracteres).`,
      'reason',
    );
  }
  const today = businessDateAt(deps.clock.now());
  const refundedOn = input.refundedOn ?? today;
  requireDayNotAfter(refundedOn, today, 'do estorno', 'refunded_on');
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

  const sourceId = input.sourceId?.trim() || `refund:${(key ?? randomUUID()).toLowerCase()}`;
  const result = await deps.repasse.refundCharge({
    chargeId: charge.id,
    kind: input.kind,
    sourceId,
    reason,
    refundedOn,
    recordedBy: actor?.userId ?? null,
    actorEmail: actor?.email ?? null,
    ip: ip ?? null,
    evidence: { ...(input.evidence ?? {}), recorded_by: actor?.email ?? 'sistema' },
  });
  switch (result.status) {
    case 'not_found':
      throw new AppError('not_found', 'Cobrança não encontrada.');
    case 'other_charge':
      throw new AppError('conflict', 'Este estorno já foi registrado em outra cobrança; nada foi alterado.');
    case 'not_paid':
      throw new AppError(
        'conflict',
        `Só uma cobrança paga pode ser estornada. A cobrança ${result.number} está ${CHARGE_STATUS_LABELS[result.chargeStatus as ChargeStatus]?.toLowerCase() ?? result.chargeStatus}.`,
      );
    case 'before_payment':
      throw new AppError(
        'validation_failed',
        `A data do estorno não pode ser anterior ao pagamento da cobrança ${result.number} (${formatDateBR(result.paidOn)}).`,
        'refunded_on',
      );
  }
  const after = (actor ? await deps.charges.get(actor, charge.id) : await deps.charges.systemGet(charge.id))!;
  return { charge: after, refund: result };
}
