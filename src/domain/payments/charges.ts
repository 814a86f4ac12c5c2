import type { Cents } from '../money/money';

/** How a charge is paid (SPEC §5). */
export const CHARGE_METHODS = ['boleto', 'pix', 'cartao', 'ted'] as const;
export type ChargeMethod = (typeof CHARGE_METHODS)[number];

export const CHARGE_METHOD_LABELS: Record<ChargeMethod, string> = {
  boleto: 'Boleto bancário',
  pix: 'Pix',
  cartao: 'Cartão de crédito',
  ted: 'TED',
};

/**
 * emitida: created, waiting payment (or, for a boleto, waiting the bank's registration);
 * registrada: the bank confirmed the boleto (retorno 02); paga: fully settled; vencida: past due, open;
 * cancelada: cancelled (baixa); falhou: rejected by the bank or declined by the card gateway.
 */
export const CHARGE_STATUSES = [
  'emitida',
  'registrada',
  'paga',
  'vencida',
  'cancelada',
  'falhou',
  'estornada',
] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

export const CHARGE_STATUS_LABELS: Record<ChargeStatus, string> = {
  emitida: 'Emitida',
  registrada: 'Registrada',
  paga: 'Paga',
  vencida: 'Vencida',
  cancelada: 'Cancelada',
  falhou: 'Falhou',
  estornada: 'Estornada',
};

/** Statuses that still accept a payment (a payment after a cancellation is still recorded; see settle). */
export const OPEN_CHARGE_STATUSES: readonly ChargeStatus[] = ['emitida', 'registrada', 'vencida', 'falhou'];

export const PAYMENT_SOURCES = ['retorno', 'webhook', 'ofx', 'manual', 'card'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

export const PAYMENT_SOURCE_LABELS: Record<PaymentSource, string> = {
  retorno: 'Retorno bancário (CNAB)',
  webhook: 'Notificação do PSP (Pix)',
  ofx: 'Extrato bancário (OFX)',
  manual: 'Baixa manual',
  card: 'Cartão de crédito',
};

export interface ChargeBalance {
  amountCents: Cents;
  /** What earlier payments already applied to the face value. */
  paidCents: Cents;
}

export interface IncomingPayment {
  /** Everything the payer paid. */
  amountCents: Cents;
  /** The part the bank/PSP reports as multa + juros (0 when unknown). */
  fineInterestCents?: Cents;
  /** Discount/abatimento the bank granted (reduces what is due). */
  discountCents?: Cents;
}

export interface Settlement {
  /** Applied to the face value. */
  principalCents: Cents;
  fineInterestCents: Cents;
  discountCents: Cents;
  /** Paid beyond what was due: becomes client credit. */
  overpaidCents: Cents;
  /** paid_cents after this payment. */
  paidCentsAfter: Cents;
  /** What is still due after it (0 when settled). */
  balanceCents: Cents;
  settled: boolean;
}

/**
 * How a payment settles a charge — never silently: the part beyond the declared fine/interest settles the
 * face value (net of discount); what exceeds the balance is an over-payment (client credit); what falls
 * short leaves the charge open with its balance.
 */
export function settle(charge: ChargeBalance, payment: IncomingPayment): Settlement {
  const fineInterest = payment.fineInterestCents ?? 0;
  const discount = payment.discountCents ?? 0;
  for (const v of [payment.amountCents, fineInterest, discount, charge.amountCents, charge.paidCents]) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`Valor em centavos inválido: ${v}`);
  }
  if (fineInterest > payment.amountCents) throw new Error('Multa e juros maiores que o valor pago.');
  const due = Math.max(0, charge.amountCents - charge.paidCents - discount);
  const towardsFace = payment.amountCents - fineInterest;
  const principal = Math.min(towardsFace, due);
  const overpaid = towardsFace - principal;
  const paidAfter = charge.paidCents + principal + discount;
  const balance = Math.max(0, charge.amountCents - paidAfter);
  return {
    principalCents: principal,
    fineInterestCents: fineInterest,
    discountCents: discount,
    overpaidCents: overpaid,
    paidCentsAfter: Math.min(paidAfter, charge.amountCents),
    balanceCents: balance,
    settled: balance === 0,
  };
}
