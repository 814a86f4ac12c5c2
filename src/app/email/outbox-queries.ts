import type { Actor } from '../../domain/access/roles';
import type { Page } from '../clients/ports';
import { notFound } from '../shared/errors';
import type { OutboxListQuery, OutboxMessage, OutboxStore, OutboxSummary } from './ports';

export const MAX_OUTBOX_PAGE_SIZE = 100;

/** The Caixa de saída: e-mails the caller may see, newest first. */
export async function listOutbox(
  deps: { outbox: OutboxStore },
  actor: Actor,
  query: OutboxListQuery,
): Promise<Page<OutboxSummary>> {
  const pageSize = Math.min(Math.max(1, query.pageSize), MAX_OUTBOX_PAGE_SIZE);
  const page = Math.max(1, query.page);
  const search = query.search?.trim() || undefined;
  return deps.outbox.list(actor, { ...query, search, page, pageSize });
}

/** One e-mail with its HTML and text; another reseller's answers 404 like a missing one. */
export async function getOutboxEmail(
  deps: { outbox: OutboxStore },
  actor: Actor,
  id: string,
): Promise<OutboxMessage> {
  const message = await deps.outbox.findVisible(actor, id);
  if (!message) throw notFound('E-mail');
  return message;
}
