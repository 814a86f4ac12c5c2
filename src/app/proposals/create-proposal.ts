import type { Actor } from '../../domain/access/roles';
import type { QuoteInput } from '../quotes/quote-json';
import {
  auditEntry,
  bookInForce,
  openClient,
  type ProposalDeps,
  type ProposalView,
  priceOn,
  proposalNumber,
  reload,
  today,
  totalsOf,
  validUntilFrom,
} from './proposal-support';

/** Saves the calculator's configuration as a proposta (rascunho) for a client, on today's price book. */
export async function createProposal(
  deps: ProposalDeps,
  actor: Actor,
  input: { clientId: string; quote: QuoteInput },
  ip?: string | null,
): Promise<ProposalView> {
  const client = await openClient(deps, actor, input.clientId);
  const book = await bookInForce(deps);
  const { configuration, pricing } = priceOn(book, input.quote);
  const date = today(deps.clock);
  const number = proposalNumber(date.slice(0, 4), await deps.proposals.nextSequence());
  const id = await deps.proposals.insert({
    number,
    clientId: client.id,
    resellerId: client.resellerId,
    priceBookId: book.id,
    configuration,
    pricing,
    validUntil: validUntilFrom(date),
    createdBy: actor.userId,
  });
  await deps.audit.record(
    auditEntry(actor, 'proposal.created', { id, number }, ip, { clientId: client.id, ...totalsOf(pricing) }),
  );
  return reload(deps, actor, id);
}
