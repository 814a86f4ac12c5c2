import type { Actor } from '../../domain/access/roles';
import type { Cents } from '../../domain/money/money';
import type { ChargeMethod, ChargeStatus, PaymentSource } from '../../domain/payments/charges';
import type { Page } from '../clients/ports';

/** A cobrança as stored (see `charges` in src/adapters/db/schema.ts). */
export interface ChargeRecord {
  id: string;
  number: string;
  clientId: string;
  clientLegalName: string;
  clientDocument: string;
  clientEmail: string;
  /** The payer's address as the boleto prints it. */
  clientAddress: {
    street: string | null;
    number: string | null;
    district: string | null;
    city: string;
    state: string;
    cep: string | null;
  };
  resellerId: string;
  resellerName: string;
  contractId: string | null;
  installmentId: string | null;
  description: string;
  method: ChargeMethod;
  status: ChargeStatus;
  amountCents: Cents;
  paidCents: Cents;
  dueDate: string;
  fineBasisPoints: number;
  interestMonthlyBasisPoints: number;
  provider: string;
  providerReference: string | null;
  bankCode: string | null;
  nossoNumero: string | null;
  barcode: string | null;
  digitableLine: string | null;
  pixTxid: string | null;
  pixPayload: string | null;
  tedIdentifier: string | null;
  cardInstallments: number | null;
  failureReason: string | null;
  registrationFileId: string | null;
  cancellationFileId: string | null;
  registeredAt: Date | null;
  paidOn: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
}

/** What a new charge carries; the repository assigns id and number. */
export interface ChargeDraft {
  clientId: string;
  resellerId: string;
  contractId?: string | null;
  installmentId?: string | null;
  description: string;
  method: ChargeMethod;
  status?: ChargeStatus;
  amountCents: Cents;
  dueDate: string;
  fineBasisPoints: number;
  interestMonthlyBasisPoints: number;
  provider: string;
  providerReference?: string | null;
  bankCode?: string | null;
  nossoNumero?: string | null;
  barcode?: string | null;
  digitableLine?: string | null;
  pixTxid?: string | null;
  pixPayload?: string | null;
  tedIdentifier?: string | null;
  cardInstallments?: number | null;
  createdBy?: string | null;
  /** The issue instant (the use case's clock); the database's now() when absent. */
  createdAt?: Date;
}

/** A payment to apply. Idempotent by (source, sourceId). */
export interface NewPayment {
  chargeId: string;
  source: PaymentSource;
  /** e.g. retorno "001:<nosso número>:06:<data>", a Pix endToEndId, "<conta>:<FITID>" (OFX), a gateway id. */
  sourceId: string;
  amountCents: Cents;
  fineInterestCents?: Cents;
  discountCents?: Cents;
  paidOn: string;
  creditedOn?: string | null;
  reason?: string | null;
  evidence: Record<string, unknown>;
  recordedBy?: string | null;
}

export interface PaymentOutcome {
  /** 'duplicate': this (source, sourceId) was applied before; nothing changed. */
  status: 'applied' | 'duplicate';
  paymentId: string;
  chargeId: string;
  principalCents: Cents;
  overpaidCents: Cents;
  balanceCents: Cents;
  settled: boolean;
}

export interface ChargeEventInput {
  chargeId: string;
  /** e.g. 'registrada', 'rejeitada', 'baixa', 'tarifa', 'recusada_cartao', 'cancelada', 'pagamento'. */
  type: string;
  /** Idempotency key of the occurrence (retorno line, webhook id); null for events that cannot repeat. */
  eventKey: string | null;
  description: string;
  details?: Record<string, unknown>;
}

export interface ChargeListQuery {
  clientId?: string;
  status?: ChargeStatus;
  method?: ChargeMethod;
  search?: string;
  page: number;
  pageSize: number;
}

export interface PaymentRecord {
  id: string;
  chargeId: string;
  source: PaymentSource;
  sourceId: string;
  amountCents: Cents;
  principalCents: Cents;
  fineInterestCents: Cents;
  discountCents: Cents;
  overpaidCents: Cents;
  paidOn: string;
  creditedOn: string | null;
  reason: string | null;
  recordedByName: string | null;
  createdAt: Date;
}

export interface ChargeEventRecord {
  id: string;
  type: string;
  description: string;
  details: Record<string, unknown>;
  at: Date;
}

/**
 * Charges and payments. Reads take the actor (tenancy in the query); `system*` methods are for trusted
 * callers (bank files, webhooks, the billing engine) that act for no reseller.
 */
export interface ChargeRepository {
  create(draft: ChargeDraft): Promise<ChargeRecord>;
  /** The next nosso número sequence value (the bank profile formats it). */
  nextNossoNumeroSequence(): Promise<number>;
  get(actor: Actor, id: string): Promise<ChargeRecord | null>;
  systemGet(id: string): Promise<ChargeRecord | null>;
  list(actor: Actor, query: ChargeListQuery): Promise<Page<ChargeRecord>>;
  payments(chargeId: string): Promise<PaymentRecord[]>;
  events(chargeId: string): Promise<ChargeEventRecord[]>;
  /**
   * Applies payments in one transaction, in order: each (source, sourceId) once; the charge's paid amount,
   * status ('paga' when settled) and paid date follow; an over-payment becomes client credit; a
   * 'pagamento' event is written. Replaying any of them returns 'duplicate' and changes nothing.
   */
  applyPayments(payments: NewPayment[]): Promise<PaymentOutcome[]>;
  /** Adds an event; false (and nothing written) when `eventKey` was recorded before. */
  addEvent(event: ChargeEventInput): Promise<boolean>;
  /** Sets fields of a charge's state (status, failure, registration, cancellation) — system use. */
  update(
    chargeId: string,
    patch: Partial<
      Pick<
        ChargeRecord,
        | 'status'
        | 'failureReason'
        | 'registeredAt'
        | 'registrationFileId'
        | 'cancellationFileId'
        | 'cancelledAt'
        | 'cancelReason'
        | 'providerReference'
        | 'pixTxid'
        | 'pixPayload'
      >
    >,
  ): Promise<void>;
  findByNossoNumero(bankCode: string, nossoNumeros: string[]): Promise<Map<string, ChargeRecord>>;
  findByPixTxid(txid: string): Promise<ChargeRecord | null>;
  findByTedIdentifier(identifier: string): Promise<ChargeRecord | null>;
  /** Open TED charges of `amountCents` (for statement matching), with the client's document. */
  openTedCharges(amountCents: Cents): Promise<ChargeRecord[]>;
  /** Open charges (emitida, registrada) due before `date`: candidates for 'vencida'. */
  openChargesDueBefore(date: string): Promise<{ id: string; dueDate: string }[]>;
  /** Sets 'vencida' on those still emitida/registrada. */
  markOverdue(ids: string[]): Promise<number>;
  /** The client's credit balance (sum of the ledger). */
  creditBalance(clientId: string): Promise<Cents>;
}
