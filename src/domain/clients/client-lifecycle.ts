import type { ContractKind } from '../contracts/contract-rules';
import { CLIENT_STATUSES, type ClientStatus } from './client-status';

/**
 * How contract events move a client's status (SPEC §4, §8). The repositories apply these as conditional
 * updates inside their transactions, so the rule lives here and the write stays atomic.
 */
export interface StatusTransition {
  /** The statuses the client must be in for the transition to apply; any other status is kept. */
  from: readonly ClientStatus[];
  to: ClientStatus;
}

/** Issuing a contract: a prospect now waits for its contract; an active client keeps its status. */
export const ON_CONTRACT_ISSUED: StatusTransition = { from: ['prospect'], to: 'aguardando_contrato' };

/**
 * Cancelling the pending version: the client is a prospect again — only when no signed contract and no
 * other pending version remain (the repository checks that).
 */
export const ON_PENDING_CANCELLED: StatusTransition = { from: ['aguardando_contrato'], to: 'prospect' };

/**
 * Signing: an ativação hands the client over to billing (aguardando pagamento until the first installment
 * is paid); a migração or alteração keeps the client's status. null = no change.
 */
export function transitionOnSigned(kind: ContractKind): StatusTransition | null {
  return kind === 'ativacao' ? { from: CLIENT_STATUSES, to: 'aguardando_pagamento' } : null;
}

// ---- Billing (SPEC §4): what payments, due dates and liberado até do to the status. ----

/** A payment covers the client (its liberado até reaches today) and nothing else is overdue: ativo. */
export const ON_INSTALLMENT_PAID: StatusTransition = {
  from: ['aguardando_pagamento', 'inadimplente', 'bloqueado'],
  to: 'ativo',
};

/** An installment unpaid after its last day without charges (business-day rule): inadimplente. */
export const ON_INSTALLMENT_OVERDUE: StatusTransition = { from: ['ativo'], to: 'inadimplente' };

/** The day after the liberado até: bloqueado (an inadimplente one too). */
export const ON_ACCESS_LAPSED: StatusTransition = { from: ['ativo', 'inadimplente'], to: 'bloqueado' };

/** A cancelled contract whose liberado até has passed: the client is cancelado. */
export const ON_CANCELLATION_END: StatusTransition = {
  from: ['aguardando_pagamento', 'ativo', 'inadimplente', 'bloqueado'],
  to: 'cancelado',
};

/**
 * The status after a payment settled an installment ("unblocks the moment a payment covers it"):
 * - a status outside ON_INSTALLMENT_PAID.from (ativo, cancelado, prospect…) is kept;
 * - liberado até still before today (an old competência paid late) → bloqueado;
 * - covered, but another installment is overdue → inadimplente;
 * - covered and nothing else overdue → ativo.
 */
export function statusAfterPayment(
  current: ClientStatus,
  situation: { covered: boolean; otherOverdue: boolean },
): ClientStatus {
  if (!ON_INSTALLMENT_PAID.from.includes(current)) return current;
  if (!situation.covered) return 'bloqueado';
  return situation.otherOverdue ? 'inadimplente' : ON_INSTALLMENT_PAID.to;
}
