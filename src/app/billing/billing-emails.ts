import { formatDateBR } from '../../domain/calendar/dates';
import { formatBRL } from '../../domain/money/money';
import type { EmailContent } from '../contracts/issue-contract';
import type { OutgoingEmail } from '../email/ports';
import { paymentPageUrl } from '../payments/payment-link';
import type { ChargeRecord } from '../payments/ports';

/** The reminders of an unpaid installment (SPEC §4): before, on and after the due date. */
export type ReminderKind = 'antes' | 'vencimento' | 'atraso';

export interface ReminderDeps {
  renderEmail: (content: EmailContent) => { html: string; text: string };
  publicUrl: string;
  linkSecret: string;
  payments: { beneficiary: { name: string }; fineBasisPoints: number; interestMonthlyBasisPoints: number };
}

const percent = (basisPoints: number) => `${(basisPoints / 100).toLocaleString('pt-BR')}%`;

/** One reminder e-mail per recipient (each address once), with the payment link and the boleto attached. */
export function reminderEmails(
  deps: ReminderDeps,
  charge: ChargeRecord,
  kind: ReminderKind,
  recipients: string[],
  /** The last day it can be paid without fine (business-day rule). */
  lastDayWithoutCharges: string,
): OutgoingEmail[] {
  const amount = formatBRL(charge.amountCents - charge.paidCents);
  const due = formatDateBR(charge.dueDate);
  const subjects: Record<ReminderKind, string> = {
    antes: `Lembrete: a cobrança ${charge.number} (${amount}) vence em ${due}`,
    vencimento: `A cobrança ${charge.number} (${amount}) vence hoje`,
    atraso: `Cobrança ${charge.number} em atraso — vencida em ${due}`,
  };
  const lines: Record<ReminderKind, string[]> = {
    antes: [
      `Lembramos que a cobrança ${charge.number} — ${charge.description} — de ${amount} vence em ${due}.`,
      'Se você já pagou, desconsidere este e-mail.',
    ],
    vencimento: [
      `A cobrança ${charge.number} — ${charge.description} — de ${amount} vence hoje${
        lastDayWithoutCharges !== charge.dueDate
          ? ` e pode ser paga sem acréscimos até ${formatDateBR(lastDayWithoutCharges)} (próximo dia útil)`
          : ''
      }.`,
      'Se você já pagou, desconsidere este e-mail.',
    ],
    atraso: [
      `Não identificamos o pagamento da cobrança ${charge.number} — ${charge.description} — de ${amount}, vencida em ${due}.`,
      `Pagamentos após o vencimento têm multa de ${percent(deps.payments.fineBasisPoints)} e juros de ${percent(deps.payments.interestMonthlyBasisPoints)} ao mês. O acesso ao Hiper fica bloqueado no dia seguinte ao "liberado até" e é liberado assim que o pagamento é identificado.`,
      'Se você já pagou, desconsidere este e-mail.',
    ],
  };
  const content = deps.renderEmail({
    title: subjects[kind],
    paragraphs: [`Olá, ${charge.clientLegalName}.`, ...lines[kind]],
    button: {
      label: 'Ver cobrança e pagar',
      url: paymentPageUrl(deps.publicUrl, deps.linkSecret, charge.id),
    },
    footer: `Cobrança emitida por ${deps.payments.beneficiary.name} pela Central de Cobranças Hiper.`,
  });
  const unique = [...new Set(recipients.map((r) => r.trim().toLowerCase()).filter(Boolean))];
  return unique.map((to) => ({
    to,
    subject: subjects[kind],
    html: content.html,
    text: content.text,
    entityType: 'charge',
    entityId: charge.id,
    resellerId: charge.resellerId,
    ...(charge.barcode ? { attachments: [{ kind: 'boleto' as const, chargeId: charge.id }] } : {}),
  }));
}

/** The first paragraph of the card link e-mail after a declined attempt. */
export function cardDeclinedNotice(input: {
  chargeNumber: string;
  amountCents: number;
  attempt: number;
  attempts: number;
  reason: string | null;
  nextAttemptOn: string | null;
}): string {
  const next = input.nextAttemptOn
    ? ` Faremos uma nova tentativa em ${formatDateBR(input.nextAttemptOn)}.`
    : ' Esta foi a última tentativa automática.';
  return `Não conseguimos cobrar ${formatBRL(input.amountCents)} (cobrança ${input.chargeNumber}) no cartão de crédito cadastrado — tentativa ${input.attempt} de ${input.attempts}${input.reason ? `: ${input.reason}` : ''}.${next} Para pagar com outro cartão, cadastre-o pelo link abaixo: a cobrança é feita nele na hora.`;
}

/** The first paragraph of the card link e-mail when the due date came and no card is registered. */
export function cardMissingNotice(chargeNumber: string, amountCents: number, dueDate: string): string {
  return `A cobrança ${chargeNumber}, de ${formatBRL(amountCents)}, com vencimento em ${formatDateBR(dueDate)}, é paga no cartão de crédito, mas ainda não há cartão cadastrado.`;
}
