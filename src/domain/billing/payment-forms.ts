import { type Cents, splitEvenly } from '../money/money';
import { PAYMENT_METHODS, type PaymentMethod } from '../pricing/catalog';

/** How one charge of a contract is paid (a subset of the charge methods). */
export type ChargeForm = 'boleto' | 'cartao' | 'ted';

export interface PaymentForms {
  /** Pays the activation (or migração) charge: implantação + installment 1. */
  activation: ChargeForm;
  /** Pays installments 2, 3… */
  recurring: ChargeForm;
}

/**
 * SPEC §5: a forma is a pair — the form before the slash pays the activation charge, the one after it the
 * recurring installments; a forma without a slash pays both.
 */
const FORMS: Record<PaymentMethod, PaymentForms> = {
  boleto: { activation: 'boleto', recurring: 'boleto' },
  cartao: { activation: 'cartao', recurring: 'cartao' },
  ted_boleto: { activation: 'ted', recurring: 'boleto' },
  ted_cartao: { activation: 'ted', recurring: 'cartao' },
  ted: { activation: 'ted', recurring: 'ted' },
};

export function paymentForms(method: PaymentMethod): PaymentForms {
  if (!Object.hasOwn(FORMS, method)) {
    throw new Error(`Forma de pagamento inválida: "${String(method)}" (use ${PAYMENT_METHODS.join(', ')}).`);
  }
  return FORMS[method];
}

/** The form that pays installment `number` (1 = the activation charge). */
export function chargeFormFor(method: PaymentMethod, number: number): ChargeForm {
  const forms = paymentForms(method);
  return number === 1 ? forms.activation : forms.recurring;
}

export interface InstallmentChargeInput {
  /** The contract's total for one period (monthly × P months, after discounts and negotiation). */
  periodTotalCents: Cents;
  /** Implantação, charged once with installment 1. */
  setupFeeCents: Cents;
  /** Installment number (1 = activation). */
  number: number;
  /** The contract's card parcelas (null when the forma has no card). */
  cardInstallments: number | null;
  /**
   * The contract's forma: when given, parcelas apply only if this installment is paid by card (e.g. the
   * TED activation of a "TED / Cartão de Crédito" contract is one TED).
   */
  method?: PaymentMethod;
}

export interface InstallmentCharge {
  /** What the charge collects: the period total, plus the implantação on installment 1. */
  amountCents: Cents;
  /** The implantação included in `amountCents` (0 after installment 1). */
  setupFeeCents: Cents;
  /** Parcelas passed to the card gateway (1 unless the charge is by card). */
  cardInstallments: number;
  /** The form that pays it, when the forma was given. */
  form: ChargeForm | null;
}

function requireCents(value: Cents, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${what} inválido: ${value}.`);
}

function requireParcelas(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 12) {
    throw new Error(`Número de parcelas inválido: ${n} (de 1 a 12).`);
  }
}

/** The amount and card parcelas of installment `number` of a contract. */
export function installmentCharge(input: InstallmentChargeInput): InstallmentCharge {
  const { periodTotalCents, setupFeeCents, number, cardInstallments, method } = input;
  requireCents(periodTotalCents, 'Valor do período');
  requireCents(setupFeeCents, 'Valor da implantação');
  if (!Number.isSafeInteger(number) || number < 1) throw new Error(`Número da parcela inválido: ${number}.`);
  const form = method === undefined ? null : chargeFormFor(method, number);
  const byCard = form === null ? cardInstallments !== null : form === 'cartao';
  const parcelas = byCard ? (cardInstallments ?? 1) : 1;
  requireParcelas(parcelas);
  const setup = number === 1 ? setupFeeCents : 0;
  return { amountCents: periodTotalCents + setup, setupFeeCents: setup, cardInstallments: parcelas, form };
}

/** The card parcelas of a charge: `n` amounts that sum back exactly (the first ones take the extra centavos). */
export function cardParcelas(totalCents: Cents, n: number): Cents[] {
  requireCents(totalCents, 'Valor');
  requireParcelas(n);
  return splitEvenly(totalCents, n);
}
