import type { Actor } from '../../domain/access/roles';
import { type ProposalDeps, type ProposalView, reload } from './proposal-support';

/** One proposal with its own price book; another reseller's answers 404 like a missing one. */
export async function getProposal(deps: ProposalDeps, actor: Actor, id: string): Promise<ProposalView> {
  return reload(deps, actor, id);
}
