import type { Actor } from '../../domain/access/roles';
import type { Periodicity } from '../../domain/pricing/catalog';
import type { Page } from '../clients/ports';
import type { PricedQuoteJson, QuoteInput } from '../quotes/quote-json';

export const PROPOSAL_STATUSES = ['rascunho', 'pronta_para_contrato', 'cancelada'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  rascunho: 'Rascunho',
  pronta_para_contrato: 'Pronta para contrato',
  cancelada: 'Cancelada',
};

/** A proposal as stored: the calculator input, the priced result and the book it was priced with. */
export interface ProposalRecord {
  id: string;
  number: string;
  status: ProposalStatus;
  client: { id: string; legalName: string; tradeName: string | null; document: string; email: string };
  reseller: { id: string; name: string };
  priceBookId: string;
  configuration: QuoteInput;
  pricing: PricedQuoteJson;
  validUntil: string;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProposalSummary {
  id: string;
  number: string;
  status: ProposalStatus;
  client: { id: string; legalName: string; tradeName: string | null; document: string };
  productCode: string;
  periodicity: Periodicity;
  monthlyNegotiatedCents: number;
  periodTotalCents: number;
  validUntil: string;
  createdAt: Date;
}

export interface ProposalListQuery {
  clientId?: string | undefined;
  status?: ProposalStatus | undefined;
  page: number;
  pageSize: number;
}

export interface NewProposal {
  number: string;
  clientId: string;
  resellerId: string;
  priceBookId: string;
  configuration: QuoteInput;
  pricing: PricedQuoteJson;
  validUntil: string;
  createdBy: string;
}

export interface ProposalPricingChange {
  priceBookId: string;
  configuration: QuoteInput;
  pricing: PricedQuoteJson;
  validUntil: string;
  status: ProposalStatus;
}

/** Every read filters by what the actor may see: tenancy lives in the queries. */
export interface ProposalRepository {
  /** The next value of the proposal number sequence (never reused). */
  nextSequence(): Promise<number>;
  insert(proposal: NewProposal): Promise<string>;
  findVisible(actor: Actor, id: string): Promise<ProposalRecord | null>;
  list(actor: Actor, query: ProposalListQuery): Promise<Page<ProposalSummary>>;
  /** Saves new prices unless the proposal was cancelled meanwhile; false when it was. */
  savePricing(id: string, change: ProposalPricingChange): Promise<boolean>;
  /** Moves the status only from one of `from`; false when the proposal is no longer in one of them. */
  changeStatus(id: string, from: readonly ProposalStatus[], to: ProposalStatus): Promise<boolean>;
}

/** Renders the client-facing PDF of a proposal. */
export interface ProposalDocumentRenderer {
  render(proposal: ProposalRecord, issuedOn: string): Promise<Uint8Array>;
}
