import { formatDateBR } from '../../domain/calendar/dates';
import { formatBRL } from '../../domain/money/money';
import { CHARGE_METHOD_LABELS, type ChargeMethod } from '../../domain/payments/charges';
import type { PaymentSettings } from '../../domain/payments/payment-settings';
import type { EmailContent } from '../contracts/issue-contract';
import { type EmailAttachmentRef, type OutgoingEmail, pixQrContentId } from '../email/ports';
import {
  type EmailTemplateKey,
  type EmailTemplateSource,
  type EmailTemplateText,
  fillTemplate,
  type PlaceholderValues,
  SAMPLE_VALUES,
  templateText,
} from '../email/templates';
import { paymentPageUrl } from '../payments/payment-link';
import type { ChargeRecord } from '../payments/ports';

/** The reminders of an unpaid installment (SPEC §4): before, on and after the due date. */
export type ReminderKind = 'antes' | 'vencimento' | 'atraso';

export const REMINDER_TEMPLATES: Record<ReminderKind, EmailTemplateKey> = {
  antes: 'lembrete_antes',
  vencimento: 'lembrete_vencimento',
  atraso: 'lembrete_atraso',
};

/** What a billing e-mail says; with `pix`, the layout shows the QR (an inline image) and the copia e cola. */
export interface BillingEmailContent extends EmailContent {
  pix?: { payload: string; imageCid: string };
}

export interface BillingEmailDeps {
  renderEmail: (content: BillingEmailContent) => { html: string; text: string };
  publicUrl: string;
  linkSecret: string;
  payments: Pick<PaymentSettings, 'beneficiary' | 'ted' | 'fineBasisPoints' | 'interestMonthlyBasisPoints'>;
  /** The staff-edited texts (email_templates); without it, the defaults. */
  emailTemplates?: EmailTemplateSource;
}

/** The deps of the reminders (same as every billing e-mail). */
export type ReminderDeps = BillingEmailDeps;

const percent = (basisPoints: number) => `${(basisPoints / 100).toLocaleString('pt-BR')}%`;

/** The placeholder values of a charge: `valor` is what is left to pay. */
export function chargeValues(
  charge: Pick<
    ChargeRecord,
    'number' | 'description' | 'amountCents' | 'paidCents' | 'dueDate' | 'clientLegalName' | 'resellerName'
  >,
  link: string,
): PlaceholderValues {
  return {
    cliente: charge.clientLegalName,
    numero: charge.number,
    descricao: charge.description,
    valor: formatBRL(charge.amountCents - charge.paidCents),
    vencimento: formatDateBR(charge.dueDate),
    link,
    hiperador: charge.resellerName,
  };
}

/** How to pay, by the charge's method (after the template's text). */
function howToPay(deps: BillingEmailDeps, charge: Pick<ChargeRecord, 'method' | 'tedIdentifier'>): string {
  const how: Record<ChargeMethod, string> = {
    boleto:
      'Pague pelo boleto anexo (linha digitável ou código de barras) ou com Pix, pelo QR Code abaixo ou pelo Pix copia e cola.',
    pix: 'Pague com Pix: leia o QR Code abaixo no aplicativo do seu banco ou use o Pix copia e cola.',
    ted: `Faça uma TED para ${deps.payments.ted.bankName}, agência ${deps.payments.ted.agency}, conta ${deps.payments.ted.account}, favorecido ${deps.payments.beneficiary.name}, informando o identificador ${charge.tedIdentifier ?? ''} no histórico.`,
    cartao: 'A cobrança será feita no cartão de crédito cadastrado.',
  };
  return how[charge.method];
}

export type ChargeForEmail = Pick<
  ChargeRecord,
  | 'id'
  | 'number'
  | 'description'
  | 'method'
  | 'amountCents'
  | 'paidCents'
  | 'dueDate'
  | 'clientLegalName'
  | 'resellerName'
  | 'resellerId'
  | 'barcode'
  | 'pixPayload'
  | 'tedIdentifier'
>;

/** One composed e-mail: the template's subject and text, then what only the system knows. */
function compose(
  deps: BillingEmailDeps,
  charge: ChargeForEmail,
  template: EmailTemplateText,
  extras: string[],
): { subject: string; html: string; text: string; attachments: EmailAttachmentRef[] } {
  const url = paymentPageUrl(deps.publicUrl, deps.linkSecret, charge.id);
  const filled = fillTemplate(template, chargeValues(charge, url));
  const content = deps.renderEmail({
    title: filled.subject,
    paragraphs: [...filled.paragraphs, ...extras],
    ...(charge.pixPayload
      ? { pix: { payload: charge.pixPayload, imageCid: pixQrContentId(charge.id) } }
      : {}),
    button: { label: 'Ver cobrança e pagar', url },
    footer: `Cobrança emitida por ${deps.payments.beneficiary.name} pela Central de Cobranças Hiper.`,
  });
  const attachments: EmailAttachmentRef[] = [];
  // The boleto PDF goes attached; the Pix QR inline (both rendered when the e-mail is sent).
  if (charge.barcode) attachments.push({ kind: 'boleto', chargeId: charge.id });
  if (charge.pixPayload) attachments.push({ kind: 'pix-qr', chargeId: charge.id });
  return { subject: filled.subject, html: content.html, text: content.text, attachments };
}

function perRecipient(
  charge: ChargeForEmail,
  mail: ReturnType<typeof compose>,
  recipients: string[],
): OutgoingEmail[] {
  const unique = [...new Set(recipients.map((r) => r.trim().toLowerCase()).filter(Boolean))];
  return unique.map((to) => ({
    to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    entityType: 'charge',
    entityId: charge.id,
    resellerId: charge.resellerId,
    ...(mail.attachments.length > 0 ? { attachments: mail.attachments } : {}),
  }));
}

/** The system paragraphs of the charge e-mail: the method and how to pay. */
function chargeExtras(deps: BillingEmailDeps, charge: ChargeForEmail): string[] {
  return [`Forma de pagamento: ${CHARGE_METHOD_LABELS[charge.method]}. ${howToPay(deps, charge)}`];
}

/** The system paragraphs of a reminder (the last day without charges, fine and interest). */
function reminderExtras(
  deps: BillingEmailDeps,
  charge: ChargeForEmail,
  kind: ReminderKind,
  lastDayWithoutCharges: string,
): string[] {
  switch (kind) {
    case 'antes':
      return [howToPay(deps, charge)];
    case 'vencimento':
      return [
        ...(lastDayWithoutCharges !== charge.dueDate
          ? [
              `Como o vencimento não é dia útil, ela pode ser paga sem acréscimos até ${formatDateBR(lastDayWithoutCharges)} (próximo dia útil).`,
            ]
          : []),
        howToPay(deps, charge),
      ];
    case 'atraso':
      return [
        `Pagamentos após o vencimento têm multa de ${percent(deps.payments.fineBasisPoints)} e juros de ${percent(deps.payments.interestMonthlyBasisPoints)} ao mês.`,
        howToPay(deps, charge),
      ];
  }
}

/**
 * The charge e-mail (new installment or charge), one per recipient (each address once): the template
 * 'cobranca_emitida', how to pay, the Pix QR inline and the copia e cola, the boleto PDF attached.
 * Resolve it BEFORE opening a billing step's transaction (the template may be read from the database).
 */
export async function chargeEmails(
  deps: BillingEmailDeps,
  charge: ChargeForEmail,
  recipients: string[],
): Promise<OutgoingEmail[]> {
  return (await chargeEmailComposer(deps))(charge, recipients);
}

/** chargeEmails for many charges: the template is read once (the daily run composes thousands). */
export async function chargeEmailComposer(
  deps: BillingEmailDeps,
): Promise<(charge: ChargeForEmail, recipients: string[]) => OutgoingEmail[]> {
  const template = await templateText(deps.emailTemplates, 'cobranca_emitida');
  return (charge, recipients) =>
    perRecipient(charge, compose(deps, charge, template, chargeExtras(deps, charge)), recipients);
}

/** One reminder e-mail per recipient (each address once), with the payment link, the Pix and the boleto. */
export async function reminderEmails(
  deps: BillingEmailDeps,
  charge: ChargeForEmail,
  kind: ReminderKind,
  recipients: string[],
  /** The last day it can be paid without fine (business-day rule). */
  lastDayWithoutCharges: string,
): Promise<OutgoingEmail[]> {
  const template = await templateText(deps.emailTemplates, REMINDER_TEMPLATES[kind]);
  return perRecipient(
    charge,
    compose(deps, charge, template, reminderExtras(deps, charge, kind, lastDayWithoutCharges)),
    recipients,
  );
}

/** The text of a card-link e-mail, once its link is known (see sendCardLink). */
export type CardLinkMessage = (url: string) => { subject: string; paragraphs: string[] };

export interface CardDeclinedInfo {
  attempt: number;
  attempts: number;
  reason: string | null;
  nextAttemptOn: string | null;
}

function declinedExtra(info: CardDeclinedInfo): string {
  const next = info.nextAttemptOn
    ? ` Faremos uma nova tentativa em ${formatDateBR(info.nextAttemptOn)}.`
    : ' Esta foi a última tentativa automática.';
  return `Esta foi a tentativa ${info.attempt} de ${info.attempts}${info.reason ? `: ${info.reason}` : ''}.${next}`;
}

function cardMessage(
  template: EmailTemplateText,
  charge: Parameters<typeof chargeValues>[0],
  extras: string[],
): CardLinkMessage {
  return (url) => {
    const filled = fillTemplate(template, chargeValues(charge, url));
    return { subject: filled.subject, paragraphs: [...filled.paragraphs, ...extras] };
  };
}

/** The card link e-mail after a declined attempt (template 'cartao_recusado'). */
export async function cardDeclinedMessage(
  deps: Pick<BillingEmailDeps, 'emailTemplates'>,
  charge: Parameters<typeof chargeValues>[0],
  info: CardDeclinedInfo,
): Promise<CardLinkMessage> {
  const template = await templateText(deps.emailTemplates, 'cartao_recusado');
  return cardMessage(template, charge, [declinedExtra(info)]);
}

/** The card link e-mail when the due date came and no card is registered (template 'cartao_sem_cadastro'). */
export async function cardMissingMessage(
  deps: Pick<BillingEmailDeps, 'emailTemplates'>,
  charge: Parameters<typeof chargeValues>[0],
): Promise<CardLinkMessage> {
  const template = await templateText(deps.emailTemplates, 'cartao_sem_cadastro');
  return cardMessage(template, charge, []);
}

/** The first paragraph of the card link e-mail after a declined attempt (no template). */
export function cardDeclinedNotice(input: {
  chargeNumber: string;
  amountCents: number;
  attempt: number;
  attempts: number;
  reason: string | null;
  nextAttemptOn: string | null;
}): string {
  return `Não conseguimos cobrar ${formatBRL(input.amountCents)} (cobrança ${input.chargeNumber}) no cartão de crédito cadastrado. ${declinedExtra(input)} Para pagar com outro cartão, cadastre-o pelo link abaixo: a cobrança é feita nele na hora.`;
}

/** The first paragraph of the card link e-mail when the due date came and no card is registered (no template). */
export function cardMissingNotice(chargeNumber: string, amountCents: number, dueDate: string): string {
  return `A cobrança ${chargeNumber}, de ${formatBRL(amountCents)}, com vencimento em ${formatDateBR(dueDate)}, é paga no cartão de crédito, mas ainda não há cartão cadastrado.`;
}

// ---- Preview (the editing screen): the whole e-mail with sample data. ----

/** A sample charge for the preview: boleto híbrido (boleto + Pix) unless the template is about cards. */
function sampleCharge(key: EmailTemplateKey): ChargeForEmail {
  const card = key === 'cartao_recusado' || key === 'cartao_sem_cadastro';
  return {
    id: '00000000-0000-4000-8000-000000000000',
    number: SAMPLE_VALUES.numero,
    description: SAMPLE_VALUES.descricao,
    method: card ? 'cartao' : 'boleto',
    amountCents: 123456,
    paidCents: 0,
    dueDate: '2026-07-15',
    clientLegalName: SAMPLE_VALUES.cliente,
    resellerName: SAMPLE_VALUES.hiperador,
    resellerId: '00000000-0000-4000-8000-000000000001',
    barcode: card ? null : '00191000000000000000000000000000000000000000',
    pixPayload: card
      ? null
      : '00020101021226830014br.gov.bcb.pix2561pix.exemplo.com.br/qr/v2/cobv/exemplo5204000053039865802BR5925CENTRAL DE COBRANCAS6009SAO PAULO62070503***6304ABCD',
    tedIdentifier: null,
  };
}

export interface TemplatePreview {
  subject: string;
  html: string;
  text: string;
  /** The sample Pix: the HTML shows its QR as `cid:pixImageCid` (the preview screen swaps in the image). */
  pix: { payload: string; imageCid: string } | null;
}

/**
 * The e-mail a template makes, with sample data (the text is not validated here: call validateTemplate).
 * Card e-mails show the paragraphs the card link e-mail adds (link validity) only in the real e-mail.
 */
export function previewTemplate(
  deps: Omit<BillingEmailDeps, 'emailTemplates'>,
  key: EmailTemplateKey,
  template: EmailTemplateText,
): TemplatePreview {
  const charge = sampleCharge(key);
  switch (key) {
    case 'cobranca_emitida':
      return strip(charge, compose(deps, charge, template, chargeExtras(deps, charge)));
    case 'lembrete_antes':
    case 'lembrete_vencimento':
    case 'lembrete_atraso': {
      const kind = (Object.keys(REMINDER_TEMPLATES) as ReminderKind[]).find(
        (k) => REMINDER_TEMPLATES[k] === key,
      )!;
      return strip(
        charge,
        compose(deps, charge, template, reminderExtras(deps, charge, kind, charge.dueDate)),
      );
    }
    case 'cartao_recusado':
    case 'cartao_sem_cadastro': {
      const url = `${deps.publicUrl.replace(/\/+$/, '')}/cartao/exemplo`;
      const extras =
        key === 'cartao_recusado'
          ? [
              declinedExtra({
                attempt: 1,
                attempts: 4,
                reason: 'Cartão recusado pelo emissor',
                nextAttemptOn: '2026-07-17',
              }),
            ]
          : [];
      const message = cardMessage(template, charge, extras)(url);
      const content = deps.renderEmail({
        title: message.subject,
        paragraphs: message.paragraphs,
        button: { label: 'Cadastrar o cartão', url },
        footer: `Você recebeu este e-mail porque é o contato de cobrança de ${SAMPLE_VALUES.cliente}. Dúvidas? Fale com ${SAMPLE_VALUES.hiperador}.`,
      });
      return { subject: message.subject, html: content.html, text: content.text, pix: null };
    }
  }
}

const strip = (charge: ChargeForEmail, mail: ReturnType<typeof compose>): TemplatePreview => ({
  subject: mail.subject,
  html: mail.html,
  text: mail.text,
  pix: charge.pixPayload ? { payload: charge.pixPayload, imageCid: pixQrContentId(charge.id) } : null,
});
