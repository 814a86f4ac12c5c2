import { eq } from 'drizzle-orm';
import {
  EMAIL_TEMPLATES,
  type EmailTemplateKey,
  type EmailTemplateStore,
  type EmailTemplateText,
  isEmailTemplateKey,
  type StoredEmailTemplate,
} from '../../../app/email/templates';
import type { Db } from '../database';
import { emailTemplates, users } from '../schema';

/** How long the edited texts stay in memory: another process sees an edit within this time. */
export const EMAIL_TEMPLATE_CACHE_TTL_MS = 30_000;

/**
 * The staff-edited billing e-mail texts (email_templates; no row = the default in code). The e-mails read
 * them through `resolve`, from memory for EMAIL_TEMPLATE_CACHE_TTL_MS (the daily run writes thousands of
 * e-mails without a query each); an edit or a restore in this process is seen at once.
 */
export class DbEmailTemplateRepository implements EmailTemplateStore {
  private cache: { at: number; rows: Map<EmailTemplateKey, EmailTemplateText> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  async resolve(key: EmailTemplateKey): Promise<EmailTemplateText> {
    const ttl = this.options.ttlMs ?? EMAIL_TEMPLATE_CACHE_TTL_MS;
    if (!this.cache || this.now() - this.cache.at >= ttl) {
      const rows = await this.db
        .select({ key: emailTemplates.key, subject: emailTemplates.subject, body: emailTemplates.body })
        .from(emailTemplates);
      const map = new Map<EmailTemplateKey, EmailTemplateText>();
      for (const row of rows) {
        if (isEmailTemplateKey(row.key)) map.set(row.key, { subject: row.subject, body: row.body });
      }
      this.cache = { at: this.now(), rows: map };
    }
    return this.cache.rows.get(key) ?? EMAIL_TEMPLATES[key].defaults;
  }

  async list(): Promise<StoredEmailTemplate[]> {
    const rows = await this.db
      .select({
        key: emailTemplates.key,
        subject: emailTemplates.subject,
        body: emailTemplates.body,
        updatedBy: emailTemplates.updatedBy,
        updatedByEmail: users.email,
        updatedAt: emailTemplates.updatedAt,
      })
      .from(emailTemplates)
      .leftJoin(users, eq(users.id, emailTemplates.updatedBy));
    return rows.flatMap((row) => (isEmailTemplateKey(row.key) ? [{ ...row, key: row.key }] : []));
  }

  async save(
    key: EmailTemplateKey,
    text: EmailTemplateText,
    userId: string | null,
    at: Date,
  ): Promise<StoredEmailTemplate> {
    await this.db
      .insert(emailTemplates)
      .values({ key, subject: text.subject, body: text.body, updatedBy: userId, updatedAt: at })
      .onConflictDoUpdate({
        target: emailTemplates.key,
        set: { subject: text.subject, body: text.body, updatedBy: userId, updatedAt: at },
      });
    this.cache = null;
    const saved = (await this.list()).find((t) => t.key === key);
    if (!saved) throw new Error(`Modelo de e-mail ${key} não gravado.`);
    return saved;
  }

  async remove(key: EmailTemplateKey): Promise<boolean> {
    const deleted = await this.db
      .delete(emailTemplates)
      .where(eq(emailTemplates.key, key))
      .returning({ key: emailTemplates.key });
    this.cache = null;
    return deleted.length > 0;
  }
}
