import type { Actor } from '../../domain/access/roles';
import { formatDateBR } from '../../domain/calendar/dates';
import { AppError } from '../shared/errors';
import {
  auditEntry,
  openClient,
  type ProposalDeps,
  type ProposalView,
  refuseCancelled,
  reload,
  today,
  visibleProposal,
} from './proposal-support';

/** Rascunho → pronta para contrato, while the proposal is still valid. Already ready: nothing to do. */
export async function markProposalReady(
  deps: ProposalDeps,
  actor: Actor,
  id: string,
  ip?: string | null,
): Promise<ProposalView> {
  const proposal = await visibleProposal(deps, actor, id);
  refuseCancelled(proposal);
  if (proposal.status === 'pronta_para_contrato') return reload(deps, actor, proposal.id);
  await openClient(deps, actor, proposal.client.id);
  if (today(deps.clock) > proposal.validUntil) {
    throw new AppError(
      'business_rule',
      `A proposta ${proposal.number} venceu em ${formatDateBR(proposal.validUntil)}: atualize os preços antes de marcá-la como pronta.`,
      'valid_until',
    );
  }
  const changed = await deps.proposals.changeStatus(proposal.id, ['rascunho'], 'pronta_para_contrato');
  if (!changed)
    throw new AppError('conflict', `A proposta ${proposal.number} foi alterada por outra pessoa.`);
  await deps.audit.record(
    auditEntry(actor, 'proposal.ready', proposal, ip, { statusBefore: proposal.status }),
  );
  return reload(deps, actor, proposal.id);
}
