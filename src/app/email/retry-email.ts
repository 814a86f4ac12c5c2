import type { Actor } from '../../domain/access/roles';
import { AppError } from '../shared/errors';
import type { AuditLog } from '../shared/ports';
import { getOutboxEmail } from './outbox-queries';
import type { OutboxMessage } from './ports';
import { EMAIL_ATTEMPTS_PER_ROUND, type SendEmailDeps, sendEmail, sendEmailJobData } from './send-email';

export interface RetryEmailDeps extends SendEmailDeps {
  audit: AuditLog;
}

/**
 * "Reenviar": puts a failed (or still pending) e-mail back in the queue for a new round of
 * attempts. Without a queue it is sent right away, once. Already sent → 422.
 */
export async function retryEmail(
  deps: RetryEmailDeps,
  actor: Actor,
  id: string,
  ip?: string | null,
): Promise<OutboxMessage> {
  const message = await getOutboxEmail(deps, actor, id);
  if (message.status === 'enviado')
    throw new AppError('business_rule', 'Este e-mail já foi enviado; não há o que reenviar.');
  if (!deps.emailTransport)
    throw new AppError(
      'business_rule',
      'O envio de e-mails não está configurado (SMTP_URL). Leia o e-mail aqui, na Caixa de saída.',
    );
  if (!(await deps.outbox.resetForRetry(message.id)))
    throw new AppError('conflict', 'Este e-mail acabou de ser enviado.');

  const attemptLimit = message.attempts + EMAIL_ATTEMPTS_PER_ROUND;
  const queued = await deps.outbox.dispatch(message.id, attemptLimit);
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'email.retry_requested',
    entityType: 'email',
    entityId: message.id,
    ip: ip ?? null,
    details: { statusBefore: message.status, attemptsBefore: message.attempts, queued },
  });
  if (!queued) {
    // No background queue (QUEUE_ENABLED=false): one attempt now.
    await sendEmail(deps, sendEmailJobData(message.id, message.attempts + 1));
  }
  return getOutboxEmail(deps, actor, message.id);
}
