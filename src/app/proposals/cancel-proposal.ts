import type { Actor } from '../../domain/access/roles';
import { AppError } from '../shared/errors';
import {
  auditEntry,
  type ProposalDeps,
  type ProposalView,
  reload,
  visibleProposal,
} from './proposal-support';

/** Cancels a proposal (final). Already cancelled: nothing to do. */
export async function cancelProposal(
  deps: ProposalDeps,
  actor: Actor,
  id: string,
  ip?: string | null,
): Promise<ProposalView> {
  const proposal = await visibleProposal(deps, actor, id);
  if (proposal.status === 'cancelada') return reload(deps, actor, proposal.id);
  const changed = await deps.proposals.changeStatus(
    proposal.id,
    ['rascunho', 'pronta_para_contrato'],
    'cancelada',
  );
  if (!changed)
    throw new AppError('conflict', `A proposta ${proposal.number} foi alterada por outra pessoa.`);
  await deps.audit.record(
    auditEntry(actor, 'proposal.cancelled', proposal, ip, { statusBefore: proposal.status }),
  );
  return reload(deps, actor, proposal.id);
}
