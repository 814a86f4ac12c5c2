import type { ClientStatus } from '../../domain/clients/client-status';
import type { ContractKind } from '../../domain/contracts/contract-rules';
import type { ChargeMethod, ChargeStatus } from '../../domain/payments/charges';
import type { PaymentMethod, Periodicity } from '../../domain/pricing/catalog';
import type { ClientRepository } from '../clients/ports';
import type { EmailOutbox, OutgoingEmail } from '../email/ports';
import type { CardStore } from '../payments/card-registration';
import type { ChargeDraft, ChargeRepository } from '../payments/ports';
import type { AuditEntry, AuditLog } from '../shared/ports';

/** A signed contract version as billing reads it (the terms frozen at issue). */
export interface BillingContract {
  id: string;
  number: string;
  version: number;
  kind: ContractKind;
  status: string;
  clientId: string;
  resellerId: string;
  periodicity: Periodicity;
  paymentMethod: PaymentMethod;
  cardInstallments: number | null;
  monthlyNegotiatedCents: number;
  periodTotalCents: number;
  setupFeeCents: number;
  repasseMonthlyCents: number;
  signedAt: Date | null;
  /** 'YYYY-MM': the first competência this version bills (null until billing took it). */
  effectiveFrom: string | null;
  endedAt: Date | null;
  endReason: string | null;
}

/** The installment key of a competência: 'parcela:2026-07'. */
export const installmentKey = (competence: string) => `parcela:${competence}`;

/**
 * The competência column of an installment's billing steps: its competência for the schedule's parcelas,
 * its key for the others (an upgrade's 'proporcional:<id>' shares the competência of a parcela).
 */
export const stepCompetence = (installment: { key: string; competence: string }) =>
  installment.key.startsWith('parcela:') ? installment.competence : installment.key;

export interface InstallmentDraft {
  contractId: string;
  clientId: string;
  resellerId: string;
  key: string;
  number: number;
  competence: string;
  dueDate: string;
  amountCents: number;
  setupFeeCents: number;
  accessUntil: string;
}

export interface InstallmentRecord extends InstallmentDraft {
  id: string;
  status: 'emitida' | 'paga' | 'cancelada' | 'estornada';
  chargeId: string | null;
  paidOn: string | null;
}

/**
 * Repositories bound to one open transaction: what a billing step writes commits (or not) with its claim.
 * E-mails enqueued here are handed to the send job only after the commit.
 */
export interface BillingScope {
  charges: ChargeRepository;
  audit: AuditLog;
  outbox: EmailOutbox;
  cards: CardStore;
  clients: ClientRepository;
}

/** One side effect of billing, done at most once: (contract, competência, step) is unique. */
export interface StepKey {
  contractId: string;
  competence: string;
  /** 'email:emissao', 'cartao:1'…'cartao:4', 'cartao:link', 'lembrete:antes', 'inadimplente', 'bloqueio'… */
  step: string;
  runId?: string | null;
  details?: Record<string, unknown>;
}

/** Who a charge of the daily run is for: read with the batch (no query per client). */
export interface BillingPayer {
  legalName: string;
  document: string;
  email: string;
  billingEmails: string[];
  resellerName: string;
}

/** A client whose signed contracts the daily run looks at (issue step). */
export interface BillableClient {
  clientId: string;
  resellerId: string;
  status: ClientStatus;
  payer: BillingPayer;
  /** The latest competência already issued for the client ('parcela:' keys), any contract version. */
  lastCompetence: string | null;
  /** The client's highest installment number so far ('parcela:' keys). */
  lastNumber: number;
  /** Signed versions, oldest first. */
  contracts: BillingContract[];
}

/** An installment still to be paid, with its charge, as the run's follow-up steps see it. */
export interface OpenInstallment {
  installmentId: string;
  /** 'parcela:2026-07' or 'proporcional:<contract id>'. */
  key: string;
  contractId: string;
  clientId: string;
  clientStatus: ClientStatus;
  number: number;
  competence: string;
  dueDate: string;
  chargeId: string;
  chargeMethod: ChargeMethod;
  chargeStatus: ChargeStatus;
  chargeDueDate: string;
  /** São Paulo date the charge was issued. */
  chargeIssuedOn: string;
  hasActiveCard: boolean;
  /** Whether the charge e-mail of the installment went out (step 'email:emissao'). */
  issueEmailSent: boolean;
}

/**
 * One installment the daily run issues, prepared before the transaction: the charge (id and number
 * reserved, boleto and Pix built), its e-mails and its audit entry. Written only if the installment is new.
 */
export interface PreparedIssue {
  installment: InstallmentDraft;
  charge: ChargeDraft & { id: string; number: string };
  emails: OutgoingEmail[];
  audit: AuditEntry;
}

/**
 * The unpaid installments a run follows up: charges due by `followUpBy` (something may happen today: a
 * reminder, a card attempt, inadimplente), and those due by `until` whose e-mail did not go yet.
 */
export interface OpenWindow {
  until: string;
  followUpBy: string;
}

export interface BillingRunCounts {
  [name: string]: number;
}

export interface BillingRunError {
  client_id: string | null;
  contract_id: string | null;
  step: string;
  message: string;
}

export interface BillingRunRecord {
  id: string;
  runDate: string;
  status: 'executando' | 'concluida' | 'falhou';
  trigger: string;
  totalItems: number;
  processedItems: number;
  counts: BillingRunCounts;
  errors: BillingRunError[];
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** What a settled charge does to billing, inside the payment transaction. */
export interface SettledInstallment {
  installmentId: string;
  clientId: string;
  contractId: string;
  accessUntil: string;
}

export interface BillingRepository {
  contract(contractId: string): Promise<BillingContract | null>;
  /**
   * Installment + charge exactly once, in one transaction under the client's advisory lock: the row is
   * inserted ON CONFLICT (contract_id, key) DO NOTHING, then locked (`for update`); the charge is created
   * (by `createCharge`, with repositories bound to the transaction) only when the row has none. A
   * competência another version of the same client already issued is not issued again (null).
   * `effectiveFrom` sets contracts.effective_from when still null (activation).
   */
  issueInstallment(
    draft: InstallmentDraft,
    options: { effectiveFrom?: string | null },
    createCharge: (installmentId: string, scope: BillingScope) => Promise<{ id: string }>,
  ): Promise<{ installment: InstallmentRecord; created: boolean } | null>;
  /**
   * Claims (contract, competência, step) and runs `effect` in the same transaction; nothing happens when the
   * step was claimed before (by this or another run). The effect's e-mails are dispatched after the commit.
   */
  runStep<T>(
    key: StepKey,
    effect: (scope: BillingScope) => Promise<T>,
  ): Promise<{ claimed: true; value: T } | { claimed: false }>;
  /**
   * The daily run's batch: many installments with their charges, in one transaction under the clients'
   * advisory locks. An installment is inserted unless its (contract, key) exists or another version of the
   * client issued its competência; only the inserted ones get their charge, their 'email:emissao' step (with
   * `runId`), their e-mails (dispatched after the commit) and their audit entry. Returns the keys
   * (`<contract id>/<key>`) of the installments inserted.
   */
  issueInstallments(items: PreparedIssue[], runId: string | null): Promise<Set<string>>;
  /** Sequence values reserved at once for the batch: charge numbers and nossos números. */
  reserveChargeSequences(
    charges: number,
    nossoNumeros: number,
  ): Promise<{ chargeNumbers: number[]; nossoNumeros: number[] }>;
  /** Records the outcome of a step claimed before (e.g. the card gateway's answer). */
  noteStep(key: StepKey, details: Record<string, unknown>): Promise<void>;
  installment(id: string): Promise<InstallmentRecord | null>;
  /** Signed ativação/migração versions (the client's latest, not ended) that have no installment yet. */
  contractsAwaitingActivation(): Promise<string[]>;
  /** Clients with a signed contract that bills (effective_from set), not cancelled, after `afterId`, by id. */
  billableClients(afterId: string | null, limit: number): Promise<BillableClient[]>;
  countBillableClients(): Promise<number>;
  /**
   * Unpaid installments (charge open or declined) whose charge is due by `window.followUpBy`, or by
   * `window.until` with the charge e-mail still to go; after `afterId`, by id.
   */
  openInstallments(window: OpenWindow, afterId: string | null, limit: number): Promise<OpenInstallment[]>;
  countOpenInstallments(window: OpenWindow): Promise<number>;
  /** ativo → inadimplente for that client, claiming the step in the same transaction. */
  markInadimplente(key: StepKey, clientId: string): Promise<boolean>;
  /**
   * Clients ativo/inadimplente whose liberado até is before `date` → bloqueado (step 'bloqueio' keyed by the
   * paid_through value, for clients with a contract). Returns how many changed.
   */
  blockLapsed(date: string, runId: string | null): Promise<number>;
  /** Clients whose billing contract ended by cancellation and whose liberado até passed → cancelado. */
  endCancelled(date: string, runId: string | null): Promise<number>;

  createRun(input: { runDate: string; trigger: string; startedBy: string | null; at: Date }): Promise<string>;
  updateRun(
    id: string,
    patch: {
      totalItems?: number;
      processedItems?: number;
      counts?: BillingRunCounts;
      errors?: BillingRunError[];
      status?: BillingRunRecord['status'];
      finishedAt?: Date;
    },
  ): Promise<void>;
  run(id: string): Promise<BillingRunRecord | null>;
  /** Runs still 'executando' that started before `before` (killed): marked 'falhou'. */
  failStaleRuns(before: Date): Promise<number>;
}
