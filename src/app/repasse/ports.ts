import type { Actor } from '../../domain/access/roles';
import type { Cents } from '../../domain/money/money';
import type { RepasseLine } from '../../domain/repasse/repasse';

export const REPASSE_ENTRY_KINDS = ['parcela', 'implantacao', 'proporcional', 'estorno', 'ajuste'] as const;
export type RepasseEntryKind = (typeof REPASSE_ENTRY_KINDS)[number];

export const REPASSE_ENTRY_KIND_LABELS: Record<RepasseEntryKind, string> = {
  parcela: 'Mensalidade',
  implantacao: 'Implantação',
  proporcional: 'Upgrade (proporcional)',
  estorno: 'Estorno',
  ajuste: 'Ajuste',
};

/** One line of the repasse ledger (`repasse_entries`), with its client. */
export interface RepasseEntryRecord extends RepasseLine {
  id: string;
  kind: RepasseEntryKind;
  description: string;
  /** 'YYYY-MM' the installment pays; null for an ajuste. */
  competence: string | null;
  /** The payment's (or refund's, or ajuste's) date. */
  occurredOn: string;
  /** 'YYYY-MM' of `occurredOn`. */
  month: string;
  clientId: string | null;
  clientLegalName: string | null;
  clientDocument: string | null;
  chargeId: string | null;
  chargeNumber: string | null;
  reversesId: string | null;
  statementId: string | null;
  createdAt: Date;
}

/** The open (unassigned) lines of one accrual month, summed. */
export interface OpenMonthSummary extends RepasseLine {
  month: string;
  lineCount: number;
  adjustmentsCents: Cents;
}

export interface InvoiceMeta {
  filename: string;
  contentType: string;
  sha256: string;
  sizeBytes: number;
  uploadedAt: Date;
  uploadedByName: string | null;
}

/** A closed extrato (`repasse_statements`): its totals are frozen. */
export interface ClosedStatementRecord extends RepasseLine {
  id: string;
  resellerId: string;
  month: string;
  status: 'fechado' | 'pago';
  lineCount: number;
  adjustmentsCents: Cents;
  closedAt: Date;
  closedByName: string | null;
  paidOn: string | null;
  paymentReference: string | null;
  paidAt: Date | null;
  invoice: InvoiceMeta | null;
}

export interface RepasseReseller {
  id: string;
  name: string;
  legalName: string;
  document: string;
}

/** What a close freezes (computed by the use case from the lines, inside the repository's transaction). */
export interface ClosePlan extends RepasseLine {
  entryIds: string[];
  lineCount: number;
  adjustmentsCents: Cents;
}

export interface RefundRequest {
  chargeId: string;
  kind: 'estorno' | 'chargeback';
  sourceId: string;
  reason: string;
  refundedOn: string;
  recordedBy: string | null;
  actorEmail: string | null;
  ip: string | null;
  evidence: Record<string, unknown>;
}

export type RefundResult =
  | { status: 'not_found' }
  | { status: 'not_paid'; chargeStatus: string; number: string }
  | { status: 'before_payment'; paidOn: string; number: string }
  | { status: 'other_charge' }
  | {
      status: 'applied' | 'duplicate';
      refundId: string;
      amountCents: Cents;
      refundedOn: string;
      reversedLines: number;
      clawbackCents: Cents;
    };

/**
 * The repasse ledger and its statements. Reads that take a reseller id expect the caller to have checked
 * visibility with `visibleReseller` (tenancy in the SQL there).
 */
/** A slice of a statement: its payment lines (every kind but 'ajuste') or its ajustes, in print order. */
export interface EntryPage {
  kind: 'lines' | 'adjustments';
  limit: number;
  offset: number;
}

/** Sums of ledger lines, with how many are payment lines and how many ajustes. */
export interface EntryTotals {
  lines: number;
  adjustments: number;
  receivedCents: Cents;
  costCents: Cents;
  centralFeeCents: Cents;
  fineInterestCents: Cents;
  adjustmentsCents: Cents;
  repasseCents: Cents;
}

export interface RepasseRepository {
  /** The reseller if the actor may see it (own for a Hiperador, assigned for a gerente, any for back office). */
  visibleReseller(actor: Actor, resellerId: string): Promise<RepasseReseller | null>;
  /** Resellers whose open lines accrued up to `month` (the scheduled close). */
  resellersWithOpenLinesUpTo(month: string): Promise<string[]>;
  lastClosedMonth(resellerId: string): Promise<string | null>;
  /** Open lines grouped by accrual month. */
  openMonths(resellerId: string): Promise<OpenMonthSummary[]>;
  /** Open lines of accrual `month`, plus (when `lateUpTo` is set) the late ones accrued up to it. */
  openEntries(
    resellerId: string,
    month: string,
    lateUpTo: string | null,
    page?: EntryPage,
  ): Promise<RepasseEntryRecord[]>;
  /** The sums of the same open lines (what a page of them cannot give). */
  openTotals(resellerId: string, month: string, lateUpTo: string | null): Promise<EntryTotals>;
  statements(resellerId: string): Promise<ClosedStatementRecord[]>;
  statement(resellerId: string, month: string): Promise<ClosedStatementRecord | null>;
  statementEntries(statementId: string, page?: EntryPage): Promise<RepasseEntryRecord[]>;
  /**
   * Closes `month` in one transaction (the reseller's row locked): `plan` sees the last closed month and the
   * open lines and returns what to freeze (or throws); the statement row is inserted and its lines stamped.
   */
  closeStatement(
    resellerId: string,
    month: string,
    closedBy: { userId: string | null; email: string | null },
    plan: (state: { lastClosedMonth: string | null; open: RepasseEntryRecord[] }) => ClosePlan,
  ): Promise<ClosedStatementRecord>;
  insertAdjustment(line: {
    entryKey: string;
    resellerId: string;
    amountCents: Cents;
    description: string;
    occurredOn: string;
    createdBy: string | null;
  }): Promise<boolean>;
  /** fechado → pago; null when the statement is not 'fechado'. */
  recordPayout(
    statementId: string,
    payout: { paidOn: string; reference: string; paidBy: string | null; at: Date },
  ): Promise<boolean>;
  saveInvoice(
    statementId: string,
    invoice: {
      filename: string;
      contentType: string;
      content: Uint8Array;
      sha256: string;
      uploadedBy: string | null;
      at: Date;
    },
  ): Promise<void>;
  invoiceContent(
    statementId: string,
  ): Promise<{ filename: string; contentType: string; content: Uint8Array } | null>;
  /** Refund of a paid charge with the clawback of its repasse, in one transaction (see refund-charge.ts). */
  refundCharge(request: RefundRequest): Promise<RefundResult>;
}
