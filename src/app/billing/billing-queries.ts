import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { isIsoDate } from '../../domain/billing/schedule';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import type { ClientStatus } from '../../domain/clients/client-status';
import type { ChargeMethod, ChargeStatus } from '../../domain/payments/charges';
import type { Page } from '../clients/ports';
import { AppError, notFound } from '../shared/errors';
import type { JobQueue } from '../shared/job-queue';
import { BILLING_RUN_JOB, createBillingRun, type DailyRunDeps, runBilling } from './daily-run';

/**
 * What the staff screens read about billing: the daily runs (Execuções de cobrança) and a client's
 * installments, liberado até and "liberar até" history. Also the port of the staff operations
 * (access override, cancellation, alterations) that src/adapters/db/repositories/billing-admin-repository.ts
 * implements, each in one transaction.
 */

export const MAX_RUN_PAGE_SIZE = 50;

export type BillingRunStatus = 'executando' | 'concluida' | 'falhou';

export interface BillingRunError {
  contractId: string | null;
  clientId: string | null;
  /** The client's name, when the error names a client that still exists. */
  clientName: string | null;
  step: string | null;
  message: string;
}

export interface BillingRunRecord {
  id: string;
  runDate: string;
  status: BillingRunStatus;
  /** 'cron' | 'manual' | 'cli'. */
  trigger: string;
  totalItems: number;
  processedItems: number;
  /** issued, charged, failed, reminded, overdue, blocked, unblocked… (the run decides the keys). */
  counts: Record<string, number>;
  errors: BillingRunError[];
  startedByName: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export type InstallmentStatus = 'emitida' | 'paga' | 'cancelada' | 'estornada';

/** One installment of a client as the Cobranças tab lists it. */
export interface InstallmentView {
  id: string;
  contractId: string;
  contractNumber: string;
  contractVersion: number;
  /** 'parcela:2026-07' or 'proporcional:<contract id>'. */
  key: string;
  /** The upgrade's prorated difference (no number of its own in the schedule). */
  prorated: boolean;
  number: number;
  competence: string;
  dueDate: string;
  amountCents: number;
  setupFeeCents: number;
  accessUntil: string;
  status: InstallmentStatus;
  paidOn: string | null;
  charge: { id: string; number: string; status: ChargeStatus; method: ChargeMethod } | null;
}

export interface AccessOverrideRecord {
  id: string;
  until: string;
  reason: string;
  createdByName: string | null;
  createdAt: Date;
}

/** The signed contract that bills the client now (or the one its cancellation ended). */
export interface BillingContractView {
  id: string;
  number: string;
  version: number;
  effectiveFrom: string | null;
  endedAt: Date | null;
  endReason: string | null;
}

export interface ClientInstallments {
  client: { id: string; legalName: string; status: ClientStatus; paidThrough: string | null };
  installments: InstallmentView[];
  overrides: AccessOverrideRecord[];
  /** The latest signed version, whatever its state (null: no signed contract yet). */
  contract: BillingContractView | null;
  /** Set when the client's billing was cancelled: when and why. */
  cancellation: { at: Date; reason: string } | null;
}

/** What a staff change writes besides its own rows: who did it, from where (audit log). */
export interface AuditContext {
  actorUserId: string | null;
  actorEmail: string | null;
  ip: string | null;
}

export interface AccessGrant {
  clientId: string;
  until: string;
  reason: string;
  /** The São Paulo date of the grant: decides whether the client is covered (blocked → active). */
  today: string;
  actor: Actor;
  audit: AuditContext;
}

export interface AccessGrantResult {
  override: AccessOverrideRecord;
  previousPaidThrough: string | null;
  paidThrough: string;
  previousStatus: ClientStatus;
  status: ClientStatus;
}

export interface BillingCancellation {
  clientId: string;
  reason: string;
  /** The São Paulo date: an installment is "future" when what it pays lies after the client's liberado até. */
  today: string;
  at: Date;
  actor: Actor;
  audit: AuditContext;
}

export interface BillingCancellationResult {
  contracts: { id: string; number: string; version: number }[];
  cancelledPendingContracts: string[];
  cancelledInstallments: number;
  cancelledCharges: { id: string; number: string }[];
  paidThrough: string | null;
  status: ClientStatus;
}

/** The contract fields the alteration rules look at. */
export interface AlterationContract {
  id: string;
  number: string;
  version: number;
  kind: 'ativacao' | 'migracao' | 'alteracao';
  status: 'aguardando_assinatura' | 'assinado' | 'recusado' | 'cancelado';
  clientId: string;
  resellerId: string;
  periodicity: 'mensal' | 'semestral' | 'anual';
  paymentMethod: 'boleto' | 'cartao' | 'ted_boleto' | 'ted_cartao' | 'ted';
  cardInstallments: number | null;
  monthlyNegotiatedCents: number;
  periodTotalCents: number;
  signedAt: Date | null;
  effectiveFrom: string | null;
  endedAt: Date | null;
  endReason: string | null;
}

export interface AlterationContext {
  contract: AlterationContract;
  /**
   * The client's earlier signed versions not ended yet (or ending in the future, by a downgrade), newest
   * first: the one billing the current competência is among them, and perhaps a downgrade still waiting.
   */
  earlier: AlterationContract[];
  client: { id: string; legalName: string; email: string; status: ClientStatus; paidThrough: string | null };
}

export interface AlterationPlan {
  contractId: string;
  effectiveFrom: string;
  /**
   * The versions this one replaces and when each stops billing: the one billing now ends at signature (upgrade)
   * or when the next competência starts (downgrade); a downgrade still waiting ends at once.
   */
  ends: { contractId: string; at: Date }[];
  /** 'Substituído pela versão N'. */
  previousEndReason: string;
  /** Upgrade: the client's mensalidade, repasse and product follow the new version at once. */
  applyTermsNow: boolean;
  /** The upgrade's prorated installment, or null (downgrade, or nothing left to prorate). */
  installment: {
    key: string;
    number: number;
    competence: string;
    dueDate: string;
    amountCents: number;
    accessUntil: string;
  } | null;
  auditAction: string;
  auditDetails: Record<string, unknown>;
}

/** The prorated installment of an alteration, with its charge once issued. */
export interface AlterationInstallment {
  id: string;
  contractId: string;
  clientId: string;
  amountCents: number;
  dueDate: string;
  chargeId: string | null;
}

export interface BillingAdminRepository {
  listRuns(page: number, pageSize: number): Promise<Page<BillingRunRecord>>;
  getRun(id: string): Promise<BillingRunRecord | null>;
  /** null when the client does not exist or the actor may not see it (tenancy in the query). */
  clientInstallments(actor: Actor, clientId: string): Promise<ClientInstallments | null>;
  /** Override row + paid_through = greatest(paid_through, until) + status + audit, in one transaction. */
  grantAccess(grant: AccessGrant): Promise<AccessGrantResult | null>;
  /** Ends the billing contract(s), cancels the future installments and their charges, audit — one transaction. */
  cancelBilling(cancellation: BillingCancellation): Promise<BillingCancellationResult | null>;
  /** `now`: the use case's clock (a version ending later than it still bills). */
  alterationContext(contractId: string, now: Date): Promise<AlterationContext | null>;
  /**
   * Applies the plan once: sets the new version's effective_from only if still unset (false = someone did it
   * before: nothing else is written), ends the previous version, inserts the prorated installment
   * (ON CONFLICT (contract_id, key) DO NOTHING) and writes the audit entry.
   */
  applyAlteration(plan: AlterationPlan, audit: AuditContext): Promise<boolean>;
  /** The prorated installment of an alteration (by key), if any. */
  alterationInstallment(contractId: string, key: string): Promise<AlterationInstallment | null>;
  /** Links the charge to the installment only while it has none; false when another caller won. */
  linkInstallmentCharge(installmentId: string, chargeId: string): Promise<boolean>;
}

/** The runs, newest first. */
export function listBillingRuns(
  deps: { billingAdmin: BillingAdminRepository },
  query: { page: number; pageSize: number },
): Promise<Page<BillingRunRecord>> {
  return deps.billingAdmin.listRuns(query.page, Math.min(query.pageSize, MAX_RUN_PAGE_SIZE));
}

export async function getBillingRun(
  deps: { billingAdmin: BillingAdminRepository },
  id: string,
): Promise<BillingRunRecord> {
  const run = await deps.billingAdmin.getRun(id);
  if (!run) throw new AppError('not_found', 'Execução de cobrança não encontrada.');
  return run;
}

/** A client's installments, liberado até and overrides (404 for a client the actor may not see). */
export async function clientInstallments(
  deps: { billingAdmin: BillingAdminRepository },
  actor: Actor,
  clientId: string,
): Promise<ClientInstallments> {
  const found = await deps.billingAdmin.clientInstallments(actor, clientId);
  if (!found) throw notFound('Cliente');
  return found;
}

/**
 * "Executar cobrança de uma data" (administrador, financeiro): the run row is created at once ('executando')
 * and the run goes on in the background; the caller follows it by its id. Today or an earlier date only —
 * a future date would bill and block ahead of time. Every step is idempotent: running a date again only does
 * what is still missing. With a job queue the run is a 'billing.daily' job (a worker does it; the web
 * instance that took the request stays free), else it runs in this process.
 */
export async function startBillingRun(
  deps: DailyRunDeps & { billingAdmin: BillingAdminRepository; queue?: JobQueue | null },
  actor: Actor,
  date: string,
  onBackgroundError: (err: unknown, runId: string) => void,
): Promise<BillingRunRecord> {
  if (!BACK_OFFICE.includes(actor.role)) {
    throw new AppError('forbidden', 'Somente o administrador e o financeiro executam a cobrança.');
  }
  if (!isIsoDate(date))
    throw new AppError('validation_failed', 'Informe uma data válida (dd/mm/aaaa).', 'date');
  const today = businessDateAt(deps.clock.now());
  if (date > today) {
    throw new AppError(
      'validation_failed',
      `A cobrança não pode ser executada para uma data futura (hoje é ${formatDateBR(today)}).`,
      'date',
    );
  }
  const runId = await createBillingRun(deps, { date, trigger: 'manual', startedBy: actor.userId });
  if (deps.queue) {
    // Worked by a worker process (PROCESS_ROLE=worker), not by the web instance that took the request.
    await deps.queue.send(BILLING_RUN_JOB, {
      date,
      run_id: runId,
      trigger: 'manual',
      started_by: actor.userId,
    });
    return getBillingRun(deps, runId);
  }
  void runBilling(deps, { date, trigger: 'manual', startedBy: actor.userId, runId }).then(
    (summary) => {
      if (summary.status === 'falhou') onBackgroundError(new Error(summary.errors.at(-1)?.message), runId);
    },
    (err) => onBackgroundError(err, runId),
  );
  return getBillingRun(deps, runId);
}
