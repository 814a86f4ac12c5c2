import type { Actor } from '../../domain/access/roles';
import { formatDateBR } from '../../domain/calendar/dates';
import { formatBRL } from '../../domain/money/money';
import { BoletoError } from '../../domain/payments/boleto/boleto-error';
import { type BuiltBoleto, buildBoleto } from '../../domain/payments/boleto/build-boleto';
import type { ChargeMethod } from '../../domain/payments/charges';
import type { PaymentSettings } from '../../domain/payments/payment-settings';
import { chargeEmails } from '../billing/billing-emails';
import type { ClientDetail, ClientRepository } from '../clients/ports';
import type { EmailContent } from '../contracts/issue-contract';
import type { EmailOutbox } from '../email/ports';
import type { EmailTemplateSource } from '../email/templates';
import { today } from '../proposals/proposal-support';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { PixPsp } from './pix-psp';
import type { ChargeDraft, ChargeRecord, ChargeRepository } from './ports';

/** Boleto and Pix stay payable this many days after the due date (with fine and interest). */
export const VALIDITY_AFTER_DUE_DAYS = 30;
/** The largest single charge: R$ 1.000.000,00. */
export const MAX_CHARGE_CENTS = 100_000_000;

export interface ChargeDeps {
  charges: ChargeRepository;
  clients: ClientRepository;
  audit: AuditLog;
  outbox: EmailOutbox;
  renderEmail: (content: EmailContent) => { html: string; text: string };
  clock: Clock;
  publicUrl: string;
  /** Signs the client's payment-page links (no token table needed). */
  linkSecret: string;
  payments: PaymentSettings;
  pixPsp: PixPsp;
  /** The staff-edited e-mail texts (email_templates); without it, the defaults. */
  emailTemplates?: EmailTemplateSource;
}

export interface NewChargeInput {
  clientId: string;
  method: ChargeMethod;
  amountCents: number;
  dueDate: string;
  description: string;
  /** Card only: parcelas (parcelado loja), 1–12. */
  cardInstallments?: number | null;
  contractId?: string | null;
  installmentId?: string | null;
  /** E-mail the client at once (default true). */
  notify?: boolean;
}

/**
 * Issues a charge for a client. Boleto: nosso número from the sequence, barcode and linha digitável by the
 * bank profile, and a Pix QR for the same amount (boleto híbrido); Pix: a charge with due date at the PSP;
 * TED: a payment identifier; card: waits for the registered card (charged by the card flow). The client is
 * e-mailed a link to the payment page. Audited.
 */
export async function createCharge(
  deps: ChargeDeps,
  actor: Actor,
  input: NewChargeInput,
  ip?: string | null,
): Promise<ChargeRecord> {
  const client = await deps.clients.findVisible(actor, input.clientId);
  if (!client) throw notFound('Cliente');
  return issueCharge(deps, { userId: actor.userId, email: actor.email }, client, input, ip);
}

/** Who issues a charge: a user, or the billing engine (no user). */
export interface ChargeIssuer {
  userId: string | null;
  email: string | null;
}

/**
 * createCharge for a client already found (the billing engine, which acts for no user and may run inside its
 * own transaction: `deps.charges` and `deps.audit` are then bound to it). Same checks, same charge.
 */
export async function issueCharge(
  deps: Omit<ChargeDeps, 'clients'>,
  by: ChargeIssuer,
  client: ClientDetail,
  input: NewChargeInput,
  ip?: string | null,
): Promise<ChargeRecord> {
  const draft = await prepareCharge(deps, by, client, input, () => deps.charges.nextNossoNumeroSequence());
  const charge = await deps.charges.create(draft);
  await deps.audit.record({
    actorUserId: by.userId,
    actorEmail: by.email,
    action: 'charge.created',
    entityType: 'client',
    entityId: client.id,
    ip: ip ?? null,
    details: {
      charge_id: charge.id,
      number: charge.number,
      method: charge.method,
      amount_cents: charge.amountCents,
      due_date: charge.dueDate,
    },
  });
  if (input.notify !== false) await notifyCharge(deps, charge, [client.email, ...client.billingEmails]);
  return charge;
}

/** The client fields a charge needs (a ClientDetail, or the billing run's bulk read). */
export type ChargeClient = Pick<ClientDetail, 'id' | 'resellerId' | 'legalName' | 'document'>;

/**
 * The checks and the provider side of a charge, without writing it: amount, due date, description and card
 * parcelas validated; boleto (nosso número from `nextNossoNumero`, barcode, linha digitável) with its Pix QR,
 * Pix at the PSP, TED, card. issueCharge writes one; the daily run writes thousands at once.
 */
export async function prepareCharge(
  deps: Pick<ChargeDeps, 'clock' | 'payments' | 'pixPsp'>,
  by: ChargeIssuer,
  client: ChargeClient,
  input: NewChargeInput,
  nextNossoNumero: () => Promise<number> | number,
): Promise<ChargeDraft> {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
    throw new AppError('validation_failed', 'Informe um valor maior que zero.', 'amount_cents');
  }
  if (input.amountCents > MAX_CHARGE_CENTS) {
    throw new AppError(
      'validation_failed',
      `O valor máximo de uma cobrança é ${formatBRL(MAX_CHARGE_CENTS)}.`,
      'amount_cents',
    );
  }
  const issuedOn = today(deps.clock);
  if (input.dueDate < issuedOn) {
    throw new AppError(
      'validation_failed',
      `O vencimento não pode ser anterior a hoje (${formatDateBR(issuedOn)}).`,
      'due_date',
    );
  }
  const description = input.description.trim();
  if (description.length < 3) {
    throw new AppError('validation_failed', 'Descreva a cobrança (ao menos 3 caracteres).', 'description');
  }
  const installments = input.method === 'cartao' ? (input.cardInstallments ?? 1) : null;
  if (installments !== null && (!Number.isInteger(installments) || installments < 1 || installments > 12)) {
    throw new AppError('validation_failed', 'O número de parcelas vai de 1 a 12.', 'card_installments');
  }

  const settings = deps.payments;
  const base: ChargeDraft = {
    clientId: client.id,
    resellerId: client.resellerId,
    contractId: input.contractId ?? null,
    installmentId: input.installmentId ?? null,
    description,
    method: input.method,
    amountCents: input.amountCents,
    dueDate: input.dueDate,
    fineBasisPoints: settings.fineBasisPoints,
    interestMonthlyBasisPoints: settings.interestMonthlyBasisPoints,
    provider: 'ted',
    cardInstallments: installments,
    createdBy: by.userId,
    createdAt: deps.clock.now(),
  };
  const pix = () =>
    deps.pixPsp.createDueCharge({
      amountCents: input.amountCents,
      dueDate: input.dueDate,
      description,
      payer: { name: client.legalName, document: client.document },
      fineBasisPoints: settings.fineBasisPoints,
      interestMonthlyBasisPoints: settings.interestMonthlyBasisPoints,
      validityAfterDueDays: VALIDITY_AFTER_DUE_DAYS,
    });

  let draft: ChargeDraft;
  switch (input.method) {
    case 'boleto': {
      const sequence = await nextNossoNumero();
      let boleto: BuiltBoleto;
      try {
        boleto = buildBoleto(settings.boleto, sequence, input.amountCents, input.dueDate);
      } catch (err) {
        // A boleto the bank would reject is never issued: say why (configuration, amount, due date).
        if (err instanceof BoletoError) {
          throw new AppError('business_rule', `Não foi possível gerar o boleto: ${err.message}`);
        }
        throw err;
      }
      const qr = await pix();
      draft = {
        ...base,
        provider: boleto.bankCode === '001' ? 'bb' : 'sicoob',
        providerReference: boleto.nossoNumero,
        bankCode: boleto.bankCode,
        nossoNumero: boleto.nossoNumero,
        barcode: boleto.barcode,
        digitableLine: boleto.digitableLine,
        pixTxid: qr.txid,
        pixPayload: qr.payload,
      };
      break;
    }
    case 'pix': {
      const qr = await pix();
      draft = {
        ...base,
        provider: qr.provider,
        providerReference: qr.txid,
        pixTxid: qr.txid,
        pixPayload: qr.payload,
      };
      break;
    }
    case 'ted':
      // The identifier (CC + the charge number) is set by the repository from the number it assigns.
      draft = { ...base, provider: 'ted' };
      break;
    case 'cartao':
      draft = { ...base, provider: 'card-gateway' };
      break;
  }
  return draft;
}

/** The client's e-mail: what, how much, until when, and the link to the payment page. */
export async function notifyCharge(
  deps: Pick<
    ChargeDeps,
    'outbox' | 'renderEmail' | 'publicUrl' | 'linkSecret' | 'payments' | 'emailTemplates'
  >,
  charge: ChargeRecord,
  recipients: string[],
): Promise<void> {
  for (const email of await chargeEmails(deps, charge, recipients)) await deps.outbox.enqueue(email);
}

/** The charge e-mail, one per recipient (each address once): what notifyCharge enqueues (templates, Pix QR). */
export { chargeEmails } from '../billing/billing-emails';
