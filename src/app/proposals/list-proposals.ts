import type { Actor } from '../../domain/access/roles';
import type { Page } from '../clients/ports';
import type { ProposalListQuery, ProposalRepository, ProposalSummary } from './ports';

export const MAX_PROPOSAL_PAGE_SIZE = 100;

/** The proposals the caller may see, newest first. */
export async function listProposals(
  deps: { proposals: ProposalRepository },
  actor: Actor,
  query: ProposalListQuery,
): Promise<Page<ProposalSummary>> {
  const pageSize = Math.min(Math.max(1, query.pageSize), MAX_PROPOSAL_PAGE_SIZE);
  const page = Math.max(1, query.page);
  return deps.proposals.list(actor, { ...query, page, pageSize });
}
