import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PaymentMethod, Periodicity } from '../../domain/pricing/catalog';
import type { PriceBookJson } from '../../domain/pricing/catalog-json';
import type { QuoteConfiguration } from '../../domain/pricing/price-quote';
import { apiRequest } from './client';
import type { Page, ResellerRef } from './types';

export const PROPOSAL_STATUSES = ['rascunho', 'pronta_para_contrato', 'cancelada'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** The calculator's input as the API takes it (body of /quotes/price, stored with a proposal). */
export interface QuoteInput {
  product: string;
  addons: Record<string, number>;
  apps: string[];
  periodicity: Periodicity;
  setup_fee: boolean;
  negotiated_monthly_cents: number | null;
  payment_method: PaymentMethod;
  card_installments: number | null;
}

export interface ProposalClientRef {
  id: string;
  legal_name: string;
  trade_name: string | null;
  document: string;
}

/** The 200 body of POST /api/v1/quotes/price (only what the portal reads). */
export interface PricedQuoteJson {
  product: string;
  product_name: string;
  periodicity: Periodicity;
  months: number;
  monthly_original_cents: number;
  monthly_minimum_cents: number;
  monthly_negotiated_cents: number;
  period_total_cents: number;
  setup_fee_cents: number;
  first_charge_cents: number;
  payment: { method: PaymentMethod; card_installments: number | null; installment_amounts: number[] };
  repasse: { monthly_cents: number; cost_cents: number; central_fee_cents: number };
}

export interface Proposal {
  id: string;
  number: string;
  status: ProposalStatus;
  client: ProposalClientRef;
  reseller: ResellerRef;
  price_book: PriceBookJson;
  price_book_is_current: boolean;
  input: QuoteInput;
  pricing: PricedQuoteJson;
  valid_until: string;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface ProposalSummary {
  id: string;
  number: string;
  status: ProposalStatus;
  client: ProposalClientRef;
  product_name: string;
  periodicity: Periodicity;
  monthly_negotiated_cents: number;
  period_total_cents: number;
  valid_until: string;
  created_at: string;
}

export function inputFromConfiguration(c: QuoteConfiguration): QuoteInput {
  return {
    product: c.product,
    addons: Object.fromEntries(Object.entries(c.addons).filter(([, q]) => q > 0)),
    apps: [...c.apps],
    periodicity: c.periodicity,
    setup_fee: c.setupFee,
    negotiated_monthly_cents: c.negotiatedMonthlyCents ?? null,
    payment_method: c.paymentMethod,
    card_installments: c.cardInstallments ?? null,
  };
}

export function configurationFromInput(input: QuoteInput): QuoteConfiguration {
  return {
    product: input.product,
    addons: { ...input.addons },
    apps: [...input.apps],
    periodicity: input.periodicity,
    setupFee: input.setup_fee,
    negotiatedMonthlyCents: input.negotiated_monthly_cents ?? null,
    paymentMethod: input.payment_method,
    cardInstallments: input.card_installments ?? null,
  };
}

export interface ProposalFilters {
  clientId?: string | null;
  status?: ProposalStatus | null;
  page?: number;
  pageSize?: number;
}

export function useProposals(filters: ProposalFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['proposals', filters],
    queryFn: ({ signal }) =>
      apiRequest<Page<ProposalSummary>>('/api/v1/proposals', {
        query: {
          client_id: filters.clientId,
          status: filters.status,
          page: filters.page,
          page_size: filters.pageSize,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

const proposalKey = (id: string) => ['proposal', id] as const;

export function useProposal(id: string) {
  return useQuery({
    queryKey: proposalKey(id),
    queryFn: ({ signal }) => apiRequest<Proposal>(`/api/v1/proposals/${encodeURIComponent(id)}`, { signal }),
  });
}

/** After any change: the proposal itself is fresh, every list is stale. */
function useStoreProposal() {
  const queryClient = useQueryClient();
  return (proposal: Proposal) => {
    queryClient.setQueryData(proposalKey(proposal.id), proposal);
    void queryClient.invalidateQueries({ queryKey: ['proposals'] });
  };
}

export function useCreateProposal() {
  const store = useStoreProposal();
  return useMutation({
    mutationFn: (body: { client_id: string } & QuoteInput) =>
      apiRequest<Proposal>('/api/v1/proposals', { method: 'POST', body }),
    onSuccess: store,
  });
}

export function useUpdateProposal(id: string) {
  const store = useStoreProposal();
  return useMutation({
    mutationFn: (body: QuoteInput) =>
      apiRequest<Proposal>(`/api/v1/proposals/${encodeURIComponent(id)}`, { method: 'PUT', body }),
    onSuccess: store,
  });
}

type ProposalAction = 'reprice' | 'ready' | 'cancel';

export function useProposalAction(id: string, action: ProposalAction) {
  const store = useStoreProposal();
  return useMutation({
    mutationFn: () =>
      apiRequest<Proposal>(`/api/v1/proposals/${encodeURIComponent(id)}/${action}`, { method: 'POST' }),
    onSuccess: store,
  });
}

export function proposalPdfUrl(id: string): string {
  return `/api/v1/proposals/${encodeURIComponent(id)}/pdf`;
}
