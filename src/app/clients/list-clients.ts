import type { Actor } from '../../domain/access/roles';
import type { ClientListQuery, ClientRepository, ClientSummary, Page } from './ports';

export const MAX_PAGE_SIZE = 100;

export async function listClients(
  deps: { clients: ClientRepository },
  actor: Actor,
  query: ClientListQuery,
): Promise<Page<ClientSummary>> {
  const pageSize = Math.min(Math.max(1, query.pageSize), MAX_PAGE_SIZE);
  const page = Math.max(1, query.page);
  const search = query.search?.trim() || undefined;
  return deps.clients.list(actor, { ...query, search, page, pageSize });
}
