import type { Actor } from '../../domain/access/roles';
import type { QuoteInput } from '../quotes/quote-json';
import { AppError } from '../shared/errors';
import {
  auditEntry,
  bookOf,
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
 * Edits a proposal's configuration, priced on the proposal's OWN price book: a saved proposal keeps
 * its prices until it is re-priced explicitly. A proposal ready for contract goes back to rascunho.
 */
export async function updateProposal(
  deps: ProposalDeps,
  actor: Actor,
  id: string,
  quote: QuoteInput,
  ip?: string | null,
): Promise<ProposalView> {
  const proposal = await visibleProposal(deps, actor, id);
  refuseCancelled(proposal);
  await openClient(deps, actor, proposal.client.id);
  const book = await bookOf(deps, proposal);
  const { configuration, pricing } = priceOn(book, quote);
  const saved = await deps.proposals.savePricing(proposal.id, {
    priceBookId: book.id,
    configuration,
    pricing,
    validUntil: validUntilFrom(today(deps.clock)),
    status: 'rascunho',
  });
  if (!saved) throw new AppError('conflict', `A proposta ${proposal.number} foi cancelada.`);
  await deps.audit.record(
    auditEntry(actor, 'proposal.updated', proposal, ip, {
      before: totalsOf(proposal.pricing),
      after: totalsOf(pricing),
      ...(proposal.status !== 'rascunho' ? { statusBefore: proposal.status, status: 'rascunho' } : {}),
    }),
  );
  return reload(deps, actor, proposal.id);
}
