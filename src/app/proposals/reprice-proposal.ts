import type { Actor } from '../../domain/access/roles';
import { AppError } from '../shared/errors';
import {
  auditEntry,
  bookInForce,
  openClient,
  type ProposalDeps,
  type ProposalView,
  priceOn,
  refuseCancelled,
  reload,
  today,
  totalsOf,
  validUntilFrom,
  visibleProposal,
} from './proposal-support';

/**
 * Prices the same configuration on today's price book. If it now breaks a rule (e.g. the negotiated
 * value is below the new minimum) the error is returned and nothing changes.
 */
export async function repriceProposal(
  deps: ProposalDeps,
  actor: Actor,
  id: string,
  ip?: string | null,
): Promise<ProposalView> {
  const proposal = await visibleProposal(deps, actor, id);
  refuseCancelled(proposal);
  await openClient(deps, actor, proposal.client.id);
  const book = await bookInForce(deps);
  const { configuration, pricing } = priceOn(book, proposal.configuration);
  const saved = await deps.proposals.savePricing(proposal.id, {
    priceBookId: book.id,
    configuration,
    pricing,
    validUntil: validUntilFrom(today(deps.clock)),
    // New prices must be reviewed again: a proposal ready for contract goes back to rascunho.
    status: 'rascunho',
  });
  if (!saved) throw new AppError('conflict', `A proposta ${proposal.number} foi cancelada.`);
  await deps.audit.record(
    auditEntry(actor, 'proposal.repriced', proposal, ip, {
      before: totalsOf(proposal.pricing),
      after: totalsOf(pricing),
      ...(proposal.status !== 'rascunho' ? { statusBefore: proposal.status, status: 'rascunho' } : {}),
    }),
  );
  return reload(deps, actor, proposal.id);
}
