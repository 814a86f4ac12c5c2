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
