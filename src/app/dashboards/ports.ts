import type { Actor } from '../../domain/access/roles';
import type { ClientStatus } from '../../domain/clients/client-status';
import type { Cents } from '../../domain/money/money';
import type { ChargeMethod, ChargeStatus } from '../../domain/payments/charges';

/**
 * What the dashboards read (issue 7). Every figure is aggregated in SQL, scoped to the resellers the
 * actor may see (the repository applies the tenancy condition); "today" is the São Paulo date the use case
 * passes in (never the database's clock).
 */

export type ClientsByStatus = Record<ClientStatus, number>;

/** Valor vencido em aberto ÷ valor vencido, over charges due in [from, today). */
export interface Delinquency {
  /** What is still open (face value − paid) of the charges that fell due in the window. */
  overdueOpenCents: Cents;
  /** The face value of every charge (not cancelled nor refunded) that fell due in the window. */
  dueCents: Cents;
  /** First day of the window (today − 12 months). */
  from: string;
}

export interface RepasseMonth {
  /** 'YYYY-MM' of the statement (extrato) the repasse belongs to. */
  month: string;
  /** In statements Financeiro already paid. */
  paidCents: Cents;
  /** In open or closed (not yet paid) statements. */
  toReceiveCents: Cents;
}

export interface UpcomingInstallment {
  /** null for a projected one: due on that 15th by the contract's schedule but not issued yet. */
  installmentId: string | null;
  clientId: string;
  clientName: string;
  competence: string;
  dueDate: string;
  amountCents: Cents;
  setupFeeCents: Cents;
  status: 'emitida' | 'paga' | 'cancelada' | 'estornada' | 'prevista';
  chargeId: string | null;
  chargeNumber: string | null;
  chargeMethod: ChargeMethod | null;
  chargeStatus: ChargeStatus | null;
  /** The contract's forma de pagamento (boleto, cartao, ted_boleto…), when no charge says it. */
  paymentMethod: string | null;
}

export interface ExpiringClient {
  clientId: string;
  clientName: string;
  status: ClientStatus;
  paidThrough: string;
  monthlyFeeCents: Cents | null;
}

export interface AccountManagerContact {
  name: string;
  email: string;
  phone: string | null;
}

export interface ResellerRef {
  id: string;
  name: string;
}

export interface ResellerDashboard {
  reseller: ResellerRef;
  mrrCents: Cents;
  clientsByStatus: ClientsByStatus;
  repasseByMonth: RepasseMonth[];
  delinquency: Delinquency;
  upcoming: {
    dueDate: string;
    count: number;
    totalCents: Cents;
    /** At most `UPCOMING_LIMIT`, by client name. */
    items: UpcomingInstallment[];
  };
  expiring: { until: string; count: number; items: ExpiringClient[] };
  accountManager: AccountManagerContact | null;
}

/** One line of the ranking of Hiperadores. */
export interface ResellerRankingRow {
  reseller: ResellerRef;
  mrrCents: Cents;
  activeClients: number;
  billedClients: number;
  delinquency: Delinquency;
  /** Repasse accrued this month (lines with `month` = the current month: payments less refunds). */
  monthRepasseCents: Cents;
}

export interface AgingBucket {
  bucket: 'a_vencer' | '1_30' | '31_60' | '60_mais';
  count: number;
  openCents: Cents;
}

export interface BillingRunSummary {
  id: string;
  runDate: string;
  status: 'executando' | 'concluida' | 'falhou';
  trigger: string;
  totalItems: number;
  processedItems: number;
  errorCount: number;
  counts: Record<string, number>;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface PortfolioTotals {
  mrrCents: Cents;
  clientsByStatus: ClientsByStatus;
  delinquency: Delinquency;
  monthRepasseCents: Cents;
}

export interface ManagerDashboard {
  month: string;
  totals: PortfolioTotals;
  ranking: ResellerRankingRow[];
}

export interface BackOfficeDashboard extends ManagerDashboard {
  aging: AgingBucket[];
  billingRuns: BillingRunSummary[];
  unmatchedCredits: { count: number; totalCents: Cents };
}

/** The client page's Repasse panel. */
export interface ClientRepasseBasisRow {
  clientId: string;
  clientName: string;
  clientStatus: ClientStatus;
  contract: {
    id: string;
    number: string;
    version: number;
    periodicity: string;
    monthlyCents: Cents;
    periodTotalCents: Cents;
    monthlyCostCents: Cents;
    centralFeeBp: number;
    setupFeeResellerBp: number;
    /** Still billing (not ended by a cancellation or a later version). */
    billing: boolean;
    /** The latest regular installment's competência ('YYYY-MM'), issued or paid; null before any. */
    lastCompetence: string | null;
  } | null;
  nextInstallment: {
    id: string;
    key: string;
    competence: string;
    dueDate: string;
    amountCents: Cents;
    setupFeeCents: Cents;
    /** The basis the installment is measured against (its contract; a proporcional: the difference). */
    monthlyRevenueCents: Cents;
    monthlyCostCents: Cents;
    centralFeeBp: number;
    setupFeeResellerBp: number;
  } | null;
}

export interface ClientLedgerLine {
  id: string;
  kind: 'parcela' | 'implantacao' | 'proporcional' | 'estorno' | 'ajuste';
  description: string;
  competence: string | null;
  occurredOn: string;
  month: string;
  receivedCents: Cents;
  costCents: Cents;
  centralFeeCents: Cents;
  fineInterestCents: Cents;
  repasseCents: Cents;
  /** null: in the open statement. */
  statementStatus: 'fechado' | 'pago' | null;
  statementMonth: string | null;
}

export interface DashboardRepository {
  /** The reseller if `actor` may see it (hiperador: its own; gerente: assigned; back office: any). */
  visibleReseller(actor: Actor, resellerId: string): Promise<ResellerRef | null>;
  resellerDashboard(resellerId: string, today: string): Promise<ResellerDashboard>;
  /** Totals and ranking over the resellers `actor` may see. */
  portfolio(actor: Actor, today: string): Promise<ManagerDashboard>;
  aging(today: string): Promise<AgingBucket[]>;
  recentBillingRuns(limit: number): Promise<BillingRunSummary[]>;
  unmatchedCredits(): Promise<{ count: number; totalCents: Cents }>;
  /** null when the client does not exist or the actor may not see it. */
  clientRepasseBasis(actor: Actor, clientId: string): Promise<ClientRepasseBasisRow | null>;
  clientLedger(clientId: string, limit: number): Promise<ClientLedgerLine[]>;
}
