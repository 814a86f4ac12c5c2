import type { Actor } from '../../domain/access/roles';
import type { Page } from '../clients/ports';
import { AppError, notFound } from '../shared/errors';
import type { ContractListQuery, ContractRecord, ContractRepository, ContractSummary } from './ports';

export const MAX_CONTRACT_PAGE_SIZE = 100;

/** Another reseller's contract answers exactly like a missing one. */
export async function getContract(
  deps: { contracts: ContractRepository },
  actor: Actor,
  id: string,
): Promise<ContractRecord> {
  const contract = await deps.contracts.findVisible(actor, id);
  if (!contract) throw notFound('Contrato');
  return contract;
}

export async function listContracts(
  deps: { contracts: ContractRepository },
  actor: Actor,
  query: ContractListQuery,
): Promise<Page<ContractSummary>> {
  return deps.contracts.list(actor, {
    ...query,
    page: Math.max(1, query.page),
    pageSize: Math.min(Math.max(1, query.pageSize), MAX_CONTRACT_PAGE_SIZE),
  });
}

/** Cancels a version that still waits for signature (its signing link stops working). */
export async function cancelContract(
  deps: { contracts: ContractRepository },
  actor: Actor,
  id: string,
  reason: string,
  ip?: string | null,
): Promise<ContractRecord> {
  const contract = await getContract(deps, actor, id);
  const text = reason.trim().replace(/\s+/g, ' ');
  if (text.length < 3 || text.length > 500)
    throw new AppError(
      'validation_failed',
      'Informe o motivo do cancelamento (3 a 500 caracteres).',
      'reason',
    );
  if (contract.status !== 'aguardando_assinatura') {
    throw new AppError(
      'business_rule',
      `O contrato ${contract.number} (versão ${contract.version}) não está aguardando assinatura: só uma versão pendente pode ser cancelada.`,
    );
  }
  const done = await deps.contracts.cancelPending(contract.id, text, {
    actorUserId: actor.userId,
    actorEmail: actor.email,
    ip: ip ?? null,
  });
  if (!done)
    throw new AppError(
      'conflict',
      `O contrato ${contract.number} foi alterado por outra pessoa. Recarregue.`,
    );
  return getContract(deps, actor, id);
}
