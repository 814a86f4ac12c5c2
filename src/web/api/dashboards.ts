import { useQuery } from '@tanstack/react-query';
import type { ClientStatus } from '../../domain/clients/client-status';
import type { ChargeMethod, ChargeStatus } from '../../domain/payments/charges';
import { apiRequest } from './client';

export type ClientsByStatus = Record<ClientStatus, number>;

export interface Delinquency {
  overdue_open_cents: number;
  due_cents: number;
  from: string;
  rate_bp: number;
  definition: string;
}

export interface ResellerDashboard {
  today: string;
  reseller: { id: string; name: string };
  mrr_cents: number;
  mrr_definition: string;
  clients_by_status: ClientsByStatus;
  repasse_by_month: { month: string; paid_cents: number; to_receive_cents: number }[];
  delinquency: Delinquency;
  upcoming: {
    due_date: string;
    count: number;
    total_cents: number;
    items: {
      installment_id: string | null;
      client_id: string;
      client_name: string;
      competence: string;
      due_date: string;
      amount_cents: number;
      payment_method_label: string | null;
      charge: {
        id: string;
        number: string;
        method: ChargeMethod;
        status: ChargeStatus;
        status_label: string;
      } | null;
      situation: string;
    }[];
  };
  expiring: {
    until: string;
    count: number;
    items: {
      client_id: string;
      client_name: string;
      status: ClientStatus;
      status_label: string;
      paid_through: string;
      monthly_fee_cents: number | null;
    }[];
  };
  account_manager: { name: string; email: string; phone: string | null } | null;
}

export interface RankingRow {
  reseller: { id: string; name: string };
  mrr_cents: number;
  active_clients: number;
  billed_clients: number;
  delinquency: Delinquency;
  month_repasse_cents: number;
}

export interface PortfolioDashboard {
  today: string;
  month: string;
  definitions: { mrr: string; delinquency: string; month_repasse: string };
  totals: {
    mrr_cents: number;
    clients_by_status: ClientsByStatus;
    delinquency: Delinquency;
    month_repasse_cents: number;
  };
  ranking: RankingRow[];
}

export interface BackOfficeDashboard extends PortfolioDashboard {
  aging: {
    bucket: 'a_vencer' | '1_30' | '31_60' | '60_mais';
    label: string;
    count: number;
    open_cents: number;
  }[];
  billing_runs: {
    id: string;
    run_date: string;
    status: 'executando' | 'concluida' | 'falhou';
    status_label: string;
    trigger_label: string;
    total_items: number;
    processed_items: number;
    error_count: number;
    counts: Record<string, number>;
    started_at: string;
    finished_at: string | null;
  }[];
  unmatched_credits: { count: number; total_cents: number };
}

export interface RepasseLine {
  received_cents: number;
  cost_cents: number;
  central_fee_cents: number;
  fine_interest_cents: number;
  repasse_cents: number;
}

export interface ClientRepasse {
  client: { id: string; name: string; status: string };
  contract: {
    id: string;
    number: string;
    version: number;
    periodicity: string;
    monthly_cents: number;
    monthly: RepasseLine;
  } | null;
  next: {
    installment_id: string | null;
    /** The schedule's next installment, not issued yet. */
    projected: boolean;
    competence: string;
    due_date: string;
    overdue: boolean;
    amount_cents: number;
    setup_fee_cents: number;
    installment: RepasseLine;
    setup_fee: RepasseLine | null;
    total_repasse_cents: number;
  } | null;
  ledger: (RepasseLine & {
    id: string;
    kind: 'parcela' | 'implantacao' | 'proporcional' | 'estorno' | 'ajuste';
    description: string;
    competence: string | null;
    occurred_on: string;
    month: string;
    statement_status: 'aberto' | 'fechado' | 'pago';
    statement_month: string | null;
  })[];
  ledger_total_repasse_cents: number;
}

export const DASHBOARD_KEY = ['dashboard'] as const;

/** The Hiperador's dashboard: its own, or (staff) the reseller chosen. */
export function useResellerDashboard(resellerId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...DASHBOARD_KEY, 'reseller', resellerId],
    queryFn: ({ signal }) =>
      apiRequest<ResellerDashboard>('/api/v1/dashboard/reseller', {
        query: { reseller_id: resellerId },
        signal,
      }),
    enabled,
  });
}

export function usePortfolioDashboard(enabled = true) {
  return useQuery({
    queryKey: [...DASHBOARD_KEY, 'portfolio'],
    queryFn: ({ signal }) => apiRequest<PortfolioDashboard>('/api/v1/dashboard/portfolio', { signal }),
    enabled,
  });
}

export function useBackOfficeDashboard(enabled = true) {
  return useQuery({
    queryKey: [...DASHBOARD_KEY, 'back-office'],
    queryFn: ({ signal }) => apiRequest<BackOfficeDashboard>('/api/v1/dashboard/back-office', { signal }),
    enabled,
  });
}

export function useClientRepasse(clientId: string) {
  return useQuery({
    queryKey: ['client-repasse', clientId],
    queryFn: ({ signal }) =>
      apiRequest<ClientRepasse>(`/api/v1/clients/${encodeURIComponent(clientId)}/repasse`, { signal }),
  });
}
