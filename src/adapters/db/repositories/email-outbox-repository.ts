import { and, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Page } from '../../../app/clients/ports';
import type {
  EmailOutbox,
  EmailStatus,
  OutboxListQuery,
  OutboxMessage,
  OutboxStore,
  OutboxSummary,
  OutgoingEmail,
} from '../../../app/email/ports';
import {
  EMAIL_ATTEMPTS_PER_ROUND,
  EMAIL_RETRY_DELAY_SECONDS,
  EMAIL_SEND_JOB,
  EMAIL_SEND_RETRIES,
  NO_SMTP_NOTE,
  sendEmailJobData,
} from '../../../app/email/send-email';
import type { JobQueue } from '../../../app/shared/job-queue';
import type { Actor } from '../../../domain/access/roles';
import type { Db } from '../database';
import { emailOutbox } from '../schema';
import { escapeLike } from '../sql-helpers';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const summaryColumns = {
  id: emailOutbox.id,
  to: emailOutbox.toAddress,
  subject: emailOutbox.subject,
  status: emailOutbox.status,
  attempts: emailOutbox.attempts,
  lastError: emailOutbox.lastError,
  entityType: emailOutbox.entityType,
  entityId: emailOutbox.entityId,
  resellerId: emailOutbox.resellerId,
  createdAt: emailOutbox.createdAt,
  sentAt: emailOutbox.sentAt,
};

const messageColumns = {
  ...summaryColumns,
  html: emailOutbox.html,
  text: emailOutbox.text,
  providerMessageId: emailOutbox.providerMessageId,
  attachments: emailOutbox.attachments,
};

export interface DbEmailOutboxOptions {
  /** Whether an SMTP transport exists; without it e-mails stay 'pendente' with a note. */
  transportConfigured: boolean;
}

/**
 * The e-mail outbox: every e-mail is a row first ('pendente'), then the 'email.send' job
 * delivers it. Without a queue (QUEUE_ENABLED=false) the row just stays pending.
 */
export class DbEmailOutbox implements EmailOutbox, OutboxStore {
  private queue: JobQueue | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: DbEmailOutboxOptions,
  ) {}

  /** The queue starts after the dependencies are built (src/system.ts). */
  attachQueue(queue: JobQueue | null): void {
    this.queue = queue;
  }

  async enqueue(message: OutgoingEmail): Promise<{ id: string }> {
    const [row] = await this.db
      .insert(emailOutbox)
      .values({
        toAddress: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        entityType: message.entityType ?? null,
        entityId: message.entityId ?? null,
        resellerId: message.resellerId ?? null,
        attachments: message.attachments ?? [],
        lastError: this.options.transportConfigured ? null : NO_SMTP_NOTE,
      })
      .returning({ id: emailOutbox.id });
    const id = row!.id;
    if (this.options.transportConfigured) await this.dispatch(id, EMAIL_ATTEMPTS_PER_ROUND);
    return { id };
  }

  async dispatch(
    id: string,
    attemptLimit: number,
    later?: { afterSeconds: number; outageStreak: number },
  ): Promise<boolean> {
    if (!this.queue) return false;
    await this.queue.send(EMAIL_SEND_JOB, sendEmailJobData(id, attemptLimit, later?.outageStreak), {
      retryLimit: EMAIL_SEND_RETRIES,
      retryDelaySeconds: EMAIL_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      ...(later ? { startAfterSeconds: later.afterSeconds } : {}),
    });
    return true;
  }

  /** dispatch for many committed rows: one insert into the queue (the daily run's batches). */
  async dispatchMany(ids: string[], attemptLimit: number): Promise<void> {
    if (!this.queue) return;
    const options = {
      retryLimit: EMAIL_SEND_RETRIES,
      retryDelaySeconds: EMAIL_RETRY_DELAY_SECONDS,
      retryBackoff: true,
    };
    const data = ids.map((id) => sendEmailJobData(id, attemptLimit));
    if (this.queue.sendMany) return this.queue.sendMany(EMAIL_SEND_JOB, data, options);
    for (const d of data) await this.queue.send(EMAIL_SEND_JOB, d, options);
  }

  async list(actor: Actor, query: OutboxListQuery): Promise<Page<OutboxSummary>> {
    const conditions: (SQL | undefined)[] = [visibleResellerCondition(actor, emailOutbox.resellerId)];
    if (query.status) conditions.push(eq(emailOutbox.status, query.status));
    if (query.search) {
      const term = `%${escapeLike(query.search)}%`;
      conditions.push(or(ilike(emailOutbox.toAddress, term), ilike(emailOutbox.subject, term)));
    }
    const where = and(...conditions);
    const [rows, totals] = await Promise.all([
      this.db
        .select(summaryColumns)
        .from(emailOutbox)
        .where(where)
        .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.db.select({ total: count() }).from(emailOutbox).where(where),
    ]);
    return { items: rows, total: Number(totals[0]?.total ?? 0), page: query.page, pageSize: query.pageSize };
  }

  async findVisible(actor: Actor, id: string): Promise<OutboxMessage | null> {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.db
      .select(messageColumns)
      .from(emailOutbox)
      .where(and(eq(emailOutbox.id, id), visibleResellerCondition(actor, emailOutbox.resellerId)))
      .limit(1);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<OutboxMessage | null> {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.db
      .select(messageColumns)
      .from(emailOutbox)
      .where(eq(emailOutbox.id, id))
      .limit(1);
    return rows[0] ?? null;
  }

  async markSent(id: string, providerMessageId: string, sentAt: Date): Promise<boolean> {
    const rows = await this.db
      .update(emailOutbox)
      .set({
        status: 'enviado',
        providerMessageId,
        sentAt,
        attempts: sql`${emailOutbox.attempts} + 1`,
        lastError: null,
      })
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pendente')))
      .returning({ id: emailOutbox.id });
    return rows.length > 0;
  }

  async recordFailure(
    id: string,
    error: string,
    attemptLimit: number,
  ): Promise<{ attempts: number; status: EmailStatus } | null> {
    const rows = await this.db
      .update(emailOutbox)
      .set({
        attempts: sql`${emailOutbox.attempts} + 1`,
        lastError: error,
        status: sql`case when ${emailOutbox.attempts} + 1 >= ${attemptLimit} then 'falhou'::email_status else 'pendente'::email_status end`,
      })
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pendente')))
      .returning({ attempts: emailOutbox.attempts, status: emailOutbox.status });
    return rows[0] ?? null;
  }

  async notePending(id: string, note: string): Promise<void> {
    await this.db
      .update(emailOutbox)
      .set({ lastError: note })
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pendente')));
  }

  async resetForRetry(id: string): Promise<boolean> {
    const rows = await this.db
      .update(emailOutbox)
      .set({ status: 'pendente', lastError: null })
      .where(and(eq(emailOutbox.id, id), inArray(emailOutbox.status, ['pendente', 'falhou'])))
      .returning({ id: emailOutbox.id });
    return rows.length > 0;
  }
}
