import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { type BillingEmailDeps, previewTemplate, type TemplatePreview } from '../billing/billing-emails';
import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import {
  EMAIL_TEMPLATE_KEYS,
  EMAIL_TEMPLATES,
  type EmailTemplateKey,
  type EmailTemplateStore,
  type EmailTemplateText,
  isEmailTemplateKey,
  validateTemplate,
} from './templates';

export interface EmailTemplateAdminDeps {
  emailTemplates: EmailTemplateStore;
  audit: AuditLog;
  clock: Clock;
}

/** One billing e-mail template as the editing screen shows it: the text in use and the default. */
export interface EmailTemplateView {
  key: EmailTemplateKey;
  name: string;
  description: string;
  subject: string;
  body: string;
  /** true when staff edited it (a row exists); false = the default text. */
  customized: boolean;
  defaults: EmailTemplateText;
  updatedByEmail: string | null;
  updatedAt: Date | null;
}

function assertBackOffice(actor: Actor): void {
  if (!BACK_OFFICE.includes(actor.role)) {
    throw new AppError('forbidden', 'Só administrador e financeiro editam os modelos de e-mail.');
  }
}

function keyOf(key: string): EmailTemplateKey {
  if (!isEmailTemplateKey(key)) throw new AppError('not_found', 'Modelo de e-mail não encontrado.');
  return key;
}

/** Every billing e-mail template, in a fixed order, edited or default. Admin and financeiro. */
export async function listEmailTemplates(
  deps: Pick<EmailTemplateAdminDeps, 'emailTemplates'>,
  actor: Actor,
): Promise<EmailTemplateView[]> {
  assertBackOffice(actor);
  const stored = new Map((await deps.emailTemplates.list()).map((t) => [t.key, t]));
  return EMAIL_TEMPLATE_KEYS.map((key) => {
    const info = EMAIL_TEMPLATES[key];
    const row = stored.get(key);
    return {
      key,
      name: info.name,
      description: info.description,
      subject: row?.subject ?? info.defaults.subject,
      body: row?.body ?? info.defaults.body,
      customized: row !== undefined,
      defaults: info.defaults,
      updatedByEmail: row?.updatedByEmail ?? null,
      updatedAt: row?.updatedAt ?? null,
    };
  });
}

async function viewOf(
  deps: Pick<EmailTemplateAdminDeps, 'emailTemplates'>,
  actor: Actor,
  key: EmailTemplateKey,
) {
  const view = (await listEmailTemplates(deps, actor)).find((t) => t.key === key);
  if (!view) throw new AppError('not_found', 'Modelo de e-mail não encontrado.');
  return view;
}

/**
 * Saves a template (subject and body; unknown placeholders refused with their names). The next e-mail of
 * that kind uses it. Audited with the previous and the new text.
 */
export async function saveEmailTemplate(
  deps: EmailTemplateAdminDeps,
  actor: Actor,
  rawKey: string,
  input: EmailTemplateText,
  ip: string | null = null,
): Promise<EmailTemplateView> {
  assertBackOffice(actor);
  const key = keyOf(rawKey);
  const text = validateTemplate(input);
  const before = await viewOf(deps, actor, key);
  await deps.emailTemplates.save(key, text, actor.userId, deps.clock.now());
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'email_template.updated',
    entityType: 'email_template',
    entityId: key,
    ip,
    details: {
      before: { subject: before.subject, body: before.body, customized: before.customized },
      after: text,
    },
  });
  return viewOf(deps, actor, key);
}

/** Back to the default text (the edited one is deleted). Audited; restoring a default template is a no-op. */
export async function restoreEmailTemplate(
  deps: EmailTemplateAdminDeps,
  actor: Actor,
  rawKey: string,
  ip: string | null = null,
): Promise<EmailTemplateView> {
  assertBackOffice(actor);
  const key = keyOf(rawKey);
  const before = await viewOf(deps, actor, key);
  if (await deps.emailTemplates.remove(key)) {
    await deps.audit.record({
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: 'email_template.restored',
      entityType: 'email_template',
      entityId: key,
      ip,
      details: { before: { subject: before.subject, body: before.body } },
    });
  }
  return viewOf(deps, actor, key);
}

/** The e-mail a text would make, with sample data (validated like a save, nothing stored). */
export function previewEmailTemplate(
  deps: Omit<BillingEmailDeps, 'emailTemplates'>,
  actor: Actor,
  rawKey: string,
  input: EmailTemplateText,
): TemplatePreview {
  assertBackOffice(actor);
  return previewTemplate(deps, keyOf(rawKey), validateTemplate(input));
}
