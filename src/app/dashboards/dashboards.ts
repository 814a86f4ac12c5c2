import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { addCompetence, type Periodicity, periodMonths } from '../../domain/billing/schedule';
import { businessDateAt } from '../../domain/calendar/dates';
import type { Cents } from '../../domain/money/money';
import {
  installmentRepasse,
  monthlyRepasse,
  type RepasseLine,
  setupFeeRepasse,
} from '../../domain/repasse/repasse';
import { AppError, notFound } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type {
  BackOfficeDashboard,
  ClientLedgerLine,
  DashboardRepository,
  Delinquency,
  ManagerDashboard,
  ResellerDashboard,
} from './ports';

export interface DashboardDeps {
  dashboards: DashboardRepository;
  clock: Clock;
}

/** Ledger lines shown on the client page (most recent first). */
export const CLIENT_LEDGER_LIMIT = 200;
/** Last billing runs on the back office's dashboard. */
export const RECENT_RUNS = 5;

/**
 * Inadimplência in basis points (1234 = 12,34%): valor vencido em aberto ÷ valor vencido no período,
 * half-up; 0 when nothing fell due.
 */
export function delinquencyBp(d: Delinquency): number {
  if (d.dueCents <= 0) return 0;
  const num = BigInt(d.overdueOpenCents) * 10000n;
  const den = BigInt(d.dueCents);
  return Number((2n * num + den) / (2n * den));
}

const today = (deps: DashboardDeps) => businessDateAt(deps.clock.now());

/**
 * The Hiperador's dashboard. A Hiperador sees its own (another reseller's id → 404); staff name the reseller
 * (gerente de contas: only those assigned to them, others → 404).
 */
export async function getResellerDashboard(
  deps: DashboardDeps,
  actor: Actor,
  resellerId: string | undefined,
): Promise<{ today: string; dashboard: ResellerDashboard }> {
  let id: string;
  if (actor.role === 'hiperador') {
    if (!actor.resellerId) throw notFound('Hiperador');
    if (resellerId !== undefined && resellerId !== actor.resellerId) throw notFound('Hiperador');
    id = actor.resellerId;
  } else {
    if (!resellerId) throw new AppError('validation_failed', 'Escolha um Hiperador.', 'reseller_id');
    id = resellerId;
  }
  const visible = await deps.dashboards.visibleReseller(actor, id);
  if (!visible) throw notFound('Hiperador');
  const day = today(deps);
  return { today: day, dashboard: await deps.dashboards.resellerDashboard(visible.id, day) };
}

/** The gerente de contas' dashboard: totals and ranking of the Hiperadores assigned to them (staff: all). */
export async function getManagerDashboard(
  deps: DashboardDeps,
  actor: Actor,
): Promise<{ today: string; dashboard: ManagerDashboard }> {
  if (actor.role === 'hiperador')
    throw new AppError('forbidden', 'Seu perfil não tem permissão para esta ação.');
  const day = today(deps);
  return { today: day, dashboard: await deps.dashboards.portfolio(actor, day) };
}

/** Admin/Financeiro: totals, ranking, receivables aging, billing run health, unmatched bank credits. */
export async function getBackOfficeDashboard(
  deps: DashboardDeps,
  actor: Actor,
): Promise<{ today: string; dashboard: BackOfficeDashboard }> {
  if (!BACK_OFFICE.includes(actor.role)) {
    throw new AppError('forbidden', 'Seu perfil não tem permissão para esta ação.');
  }
  const day = today(deps);
  const [portfolio, aging, billingRuns, unmatchedCredits] = await Promise.all([
    deps.dashboards.portfolio(actor, day),
    deps.dashboards.aging(day),
    deps.dashboards.recentBillingRuns(RECENT_RUNS),
    deps.dashboards.unmatchedCredits(),
  ]);
  return { today: day, dashboard: { ...portfolio, aging, billingRuns, unmatchedCredits } };
}

export interface ClientRepasse {
  client: { id: string; name: string; status: string };
  contract: {
    id: string;
    number: string;
    version: number;
    periodicity: string;
    monthlyCents: Cents;
    /** What one month of the contract yields (SPEC §7: mensalidade and, below it, the repasse). */
    monthly: RepasseLine;
  } | null;
  next: {
    /** null when `projected`: the installment the schedule will issue next, not issued yet. */
    installmentId: string | null;
    projected: boolean;
    competence: string;
    dueDate: string;
    /** Past its due date (São Paulo today) and still open. */
    overdue: boolean;
    amountCents: Cents;
    setupFeeCents: Cents;
    /** The installment's own repasse (if received in full). */
    installment: RepasseLine;
    /** The implantação's, when the installment carries it. */
    setupFee: RepasseLine | null;
    /** installment + implantação. */
    totalRepasseCents: Cents;
  } | null;
  ledger: ClientLedgerLine[];
  ledgerTotalRepasseCents: Cents;
}

/** The client page's Repasse panel: mensalidade and repasse, what the next installment yields, the ledger. */
export async function getClientRepasse(
  deps: DashboardDeps,
  actor: Actor,
  clientId: string,
): Promise<ClientRepasse> {
  const basis = await deps.dashboards.clientRepasseBasis(actor, clientId);
  if (!basis) throw notFound('Cliente');
  const ledger = await deps.dashboards.clientLedger(clientId, CLIENT_LEDGER_LIMIT);
  const c = basis.contract;
  const n = basis.nextInstallment;
  let next: ClientRepasse['next'] = null;
  if (n) {
    const installment = installmentRepasse({
      receivedCents: n.amountCents,
      basis: {
        monthlyRevenueCents: n.monthlyRevenueCents,
        monthlyCostCents: n.monthlyCostCents,
        centralFeeBp: n.centralFeeBp,
      },
    });
    const setupFee =
      n.setupFeeCents > 0
        ? setupFeeRepasse({ receivedCents: n.setupFeeCents, resellerShareBp: n.setupFeeResellerBp })
        : null;
    next = {
      installmentId: n.id,
      projected: false,
      competence: n.competence,
      dueDate: n.dueDate,
      overdue: n.dueDate < today(deps),
      amountCents: n.amountCents,
      setupFeeCents: n.setupFeeCents,
      installment,
      setupFee,
      totalRepasseCents: installment.repasseCents + (setupFee?.repasseCents ?? 0),
    };
  }
  if (!next && c?.billing && c.lastCompetence !== null) {
    // Nothing open: what the schedule issues next (SPEC §4: competência C + P months, due on its 15th).
    const competence = addCompetence(c.lastCompetence, periodMonths(c.periodicity as Periodicity));
    const installment = installmentRepasse({
      receivedCents: c.periodTotalCents,
      basis: {
        monthlyRevenueCents: c.monthlyCents,
        monthlyCostCents: c.monthlyCostCents,
        centralFeeBp: c.centralFeeBp,
      },
    });
    next = {
      installmentId: null,
      projected: true,
      competence,
      dueDate: `${competence}-15`,
      overdue: false,
      amountCents: c.periodTotalCents,
      setupFeeCents: 0,
      installment,
      setupFee: null,
      totalRepasseCents: installment.repasseCents,
    };
  }
  return {
    client: { id: basis.clientId, name: basis.clientName, status: basis.clientStatus },
    contract: c
      ? {
          id: c.id,
          number: c.number,
          version: c.version,
          periodicity: c.periodicity,
          monthlyCents: c.monthlyCents,
          monthly: monthlyRepasse({
            monthlyRevenueCents: c.monthlyCents,
            monthlyCostCents: c.monthlyCostCents,
            centralFeeBp: c.centralFeeBp,
          }),
        }
      : null,
    next,
    ledger,
    ledgerTotalRepasseCents: ledger.reduce((a, l) => a + l.repasseCents, 0),
  };
}
