import type { Clock } from '../shared/ports';
import type { AttachmentRenderer, EmailTransport, OutboxStore, RenderedAttachment } from './ports';

/** The pg-boss job that delivers one outbox e-mail; data: { id, attempt_limit }. */
export const EMAIL_SEND_JOB = 'email.send';
/** Retries after the first attempt (pg-boss, with exponential backoff). */
export const EMAIL_SEND_RETRIES = 5;
/** Seconds before the first retry; doubles at each one. */
export const EMAIL_RETRY_DELAY_SECONDS = 30;
/** Attempts in one round: the first one plus the retries. */
export const EMAIL_ATTEMPTS_PER_ROUND = EMAIL_SEND_RETRIES + 1;

export const NO_SMTP_NOTE =
  'Envio desativado: SMTP_URL não configurado. O e-mail fica aqui, na Caixa de saída, para leitura.';

export interface SendEmailDeps {
  outbox: OutboxStore;
  /** null when SMTP_URL is not set (embedded/demo mode). */
  emailTransport: EmailTransport | null;
  clock: Clock;
  /** Renders the attachment references (the boleto PDF) at send time. */
  renderAttachment?: AttachmentRenderer;
}

export type SendOutcome = 'sent' | 'skipped' | 'no_transport' | 'failed';

/** The send failed but will be retried (pg-boss retries when the handler throws). */
export class EmailRetryLater extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'EmailRetryLater';
  }
}

const MAX_ERROR_LENGTH = 500;

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message || 'Erro desconhecido no envio.').slice(0, MAX_ERROR_LENGTH);
}

/** The data of an 'email.send' job, as stored by pg-boss. */
export function sendEmailJobData(id: string, attemptLimit: number): Record<string, unknown> {
  return { id, attempt_limit: attemptLimit };
}

/**
 * The job handler: delivers one pending e-mail. Idempotent: an e-mail already sent (or given up)
 * is skipped. A failure is counted; before the round's last attempt it throws EmailRetryLater
 * (pg-boss retries with backoff), at the last one the e-mail becomes 'falhou' and the job ends.
 */
export async function sendEmail(deps: SendEmailDeps, data: Record<string, unknown>): Promise<SendOutcome> {
  const id = typeof data.id === 'string' ? data.id : '';
  const message = id ? await deps.outbox.findById(id) : null;
  if (message?.status !== 'pendente') return 'skipped';
  if (!deps.emailTransport) {
    await deps.outbox.notePending(message.id, NO_SMTP_NOTE);
    return 'no_transport';
  }
  const attemptLimit =
    typeof data.attempt_limit === 'number' && data.attempt_limit > message.attempts
      ? data.attempt_limit
      : message.attempts + EMAIL_ATTEMPTS_PER_ROUND;

  let providerMessageId: string;
  try {
    const attachments: RenderedAttachment[] = [];
    for (const ref of message.attachments ?? []) {
      if (!deps.renderAttachment) throw new Error('Anexo sem gerador configurado.');
      attachments.push(await deps.renderAttachment(ref));
    }
    const result = await deps.emailTransport.send({
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    providerMessageId = result.messageId;
  } catch (err) {
    const failure = await deps.outbox.recordFailure(message.id, errorText(err), attemptLimit);
    if (!failure || failure.status === 'falhou') return 'failed';
    throw new EmailRetryLater(errorText(err), failure.attempts);
  }
  await deps.outbox.markSent(message.id, providerMessageId, deps.clock.now());
  return 'sent';
}
