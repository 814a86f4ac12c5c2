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

/**
 * While the SMTP server cannot be reached (refused, timed out, DNS, 421) the e-mail is not at fault: the try
 * is not counted towards giving up; the e-mail stays 'pendente' and a new job is queued for later, 30 s then
 * doubling up to every 5 minutes, for as long as the outage lasts. Each e-mail has one job at a time, and
 * sending stays idempotent, so when the server is back each goes out once.
 */
export const SMTP_DOWN_FIRST_DELAY_SECONDS = 30;
export const SMTP_DOWN_MAX_DELAY_SECONDS = 300;

const UNREACHABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The server could not be reached or is not taking mail now (not this message's fault). */
export function smtpUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown; responseCode?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.responseCode === 421) return true;
  return UNREACHABLE_CODES.has(String(e.code)) || UNREACHABLE_CODES.has(String(e.errno));
}

export function smtpDownDelaySeconds(outageStreak: number): number {
  return Math.min(
    SMTP_DOWN_FIRST_DELAY_SECONDS * 2 ** Math.min(outageStreak, 10),
    SMTP_DOWN_MAX_DELAY_SECONDS,
  );
}

function smtpDownNote(err: unknown, afterSeconds: number): string {
  const wait = afterSeconds < 60 ? `${afterSeconds} s` : `${Math.round(afterSeconds / 60)} min`;
  return `Servidor de e-mail indisponível: ${errorText(err)}. Nova tentativa automática em ${wait}.`.slice(
    0,
    MAX_ERROR_LENGTH,
  );
}

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

/** 'deferred': the SMTP server is down; the e-mail waits and a later job will try again. */
export type SendOutcome = 'sent' | 'skipped' | 'no_transport' | 'failed' | 'deferred';

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
export function sendEmailJobData(
  id: string,
  attemptLimit: number,
  outageStreak?: number,
): Record<string, unknown> {
  return { id, attempt_limit: attemptLimit, ...(outageStreak ? { outage_streak: outageStreak } : {}) };
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
    if (smtpUnavailable(err)) {
      const streak = typeof data.outage_streak === 'number' ? data.outage_streak : 0;
      const afterSeconds = smtpDownDelaySeconds(streak);
      await deps.outbox.notePending(message.id, smtpDownNote(err, afterSeconds));
      const later = { afterSeconds, outageStreak: streak + 1 };
      if (await deps.outbox.dispatch(message.id, attemptLimit, later)) return 'deferred';
      // No queue to try later: counted like any other failure ("Reenviar" in the Caixa de saída).
    }
    const failure = await deps.outbox.recordFailure(message.id, errorText(err), attemptLimit);
    if (!failure || failure.status === 'falhou') return 'failed';
    throw new EmailRetryLater(errorText(err), failure.attempts);
  }
  await deps.outbox.markSent(message.id, providerMessageId, deps.clock.now());
  return 'sent';
}
