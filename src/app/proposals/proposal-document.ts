import type { Actor } from '../../domain/access/roles';
import { addDays } from '../../domain/calendar/dates';
import type { ProposalDocumentRenderer, ProposalRepository } from './ports';
import { PROPOSAL_VALIDITY_DAYS, visibleProposal } from './proposal-support';

/** The client-facing PDF of a proposal, dated the day its prices were last saved. */
export async function proposalDocument(
  deps: { proposals: ProposalRepository; proposalPdf: ProposalDocumentRenderer },
  actor: Actor,
  id: string,
): Promise<{ filename: string; bytes: Uint8Array }> {
  const proposal = await visibleProposal(deps, actor, id);
  const bytes = await deps.proposalPdf.render(
    proposal,
    addDays(proposal.validUntil, -PROPOSAL_VALIDITY_DAYS),
  );
  return { filename: `proposta-${proposal.number}.pdf`, bytes };
}
