import type { Actor } from '../../domain/access/roles';
import { addDays, businessDateAt } from '../../domain/calendar/dates';
import type { PriceBookSnapshot } from '../../domain/pricing/catalog';
import { priceQuote } from '../../domain/pricing/price-quote';
import type { CatalogRepository } from '../catalog/ports';
import type { ClientRepository } from '../clients/ports';
import { assertQuoteValid } from '../quotes/price-quote';
import {
  configurationFromInput,
  inputFromConfiguration,
  type PricedQuoteJson,
  pricedQuoteToJson,
  type QuoteInput,
} from '../quotes/quote-json';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { ProposalRecord, ProposalRepository } from './ports';

/** A proposal is valid for this many days after it is saved (created, edited or re-priced). */
export const PROPOSAL_VALIDITY_DAYS = 15;

export interface ProposalDeps {
  proposals: ProposalRepository;
  clients: ClientRepository;
  catalog: CatalogRepository;
  audit: AuditLog;
  clock: Clock;
}

/** A proposal with the full price book it was priced with, and whether that book is still the one in force. */
export interface ProposalView {
  proposal: ProposalRecord;
  priceBook: PriceBookSnapshot;
  priceBookIsCurrent: boolean;
}

export const today = (clock: Clock) => businessDateAt(clock.now());
export const validUntilFrom = (date: string) => addDays(date, PROPOSAL_VALIDITY_DAYS);

/** "2026-000123": the São Paulo year and the sequence, six digits at least. */
export function proposalNumber(year: string, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/** Prices a calculator input on a book; refuses a rule violation exactly like /quotes/price. */
export function priceOn(
  book: PriceBookSnapshot,
  input: QuoteInput,
): { configuration: QuoteInput; pricing: PricedQuoteJson } {
  const configuration = configurationFromInput(input);
  const quote = priceQuote(book, configuration);
  assertQuoteValid(quote);
  return { configuration: inputFromConfiguration(configuration), pricing: pricedQuoteToJson(book, quote) };
}

export async function bookInForce(deps: Pick<ProposalDeps, 'catalog' | 'clock'>): Promise<PriceBookSnapshot> {
  const book = await deps.catalog.priceBookInForce(today(deps.clock));
  if (!book)
    throw new AppError('business_rule', 'Não há tabela de preços em vigor. Fale com o administrador.');
  return book;
}

export async function bookOf(deps: Pick<ProposalDeps, 'catalog'>, proposal: ProposalRecord) {
  const book = await deps.catalog.priceBookById(proposal.priceBookId);
  if (!book) throw new AppError('internal_error', 'A tabela de preços da proposta não foi encontrada.');
  return book;
}

/** Another reseller's proposal answers exactly like a missing one. */
export async function visibleProposal(
  deps: Pick<ProposalDeps, 'proposals'>,
  actor: Actor,
  id: string,
): Promise<ProposalRecord> {
  const proposal = await deps.proposals.findVisible(actor, id);
  if (!proposal) throw new AppError('not_found', 'Proposta não encontrada.');
  return proposal;
}

/** The client must be visible to the caller and not cancelled. */
export async function openClient(deps: Pick<ProposalDeps, 'clients'>, actor: Actor, clientId: string) {
  const client = await deps.clients.findVisible(actor, clientId);
  if (!client) throw notFound('Cliente');
  if (client.status === 'cancelado') {
    throw new AppError(
      'business_rule',
      `O cliente ${client.legalName} está cancelado: não é possível fazer propostas para ele.`,
      'client_id',
    );
  }
  return client;
}

export function refuseCancelled(proposal: ProposalRecord): void {
  if (proposal.status === 'cancelada') {
    throw new AppError('conflict', `A proposta ${proposal.number} está cancelada e não pode ser alterada.`);
  }
}

export async function viewOf(
  deps: Pick<ProposalDeps, 'catalog' | 'clock'>,
  proposal: ProposalRecord,
): Promise<ProposalView> {
  const [priceBook, current] = await Promise.all([
    bookOf(deps, proposal),
    deps.catalog.priceBookInForce(today(deps.clock)),
  ]);
  return { proposal, priceBook, priceBookIsCurrent: current?.id === priceBook.id };
}

/** Re-reads a proposal after a change (it stays visible: the change did not move it to another reseller). */
export async function reload(deps: ProposalDeps, actor: Actor, id: string): Promise<ProposalView> {
  return viewOf(deps, await visibleProposal(deps, actor, id));
}

export function totalsOf(p: PricedQuoteJson) {
  return {
    priceBookId: p.price_book.id,
    monthlyNegotiatedCents: p.monthly_negotiated_cents,
    periodTotalCents: p.period_total_cents,
    setupFeeCents: p.setup_fee_cents,
  };
}

export function auditEntry(
  actor: Actor,
  action: string,
  proposal: { id: string; number: string },
  ip: string | null | undefined,
  details: Record<string, unknown> = {},
) {
  return {
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action,
    entityType: 'proposal',
    entityId: proposal.id,
    ip: ip ?? null,
    details: { number: proposal.number, ...details },
  };
}
