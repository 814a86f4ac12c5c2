import type { Actor } from '../../domain/access/roles';
import { notFound } from '../shared/errors';
import type { ClientDetail, ClientRepository } from './ports';

/** Another reseller's client answers exactly like a missing one. */
export async function getClient(
  deps: { clients: ClientRepository },
  actor: Actor,
  id: string,
): Promise<ClientDetail> {
  const client = await deps.clients.findVisible(actor, id);
  if (!client) throw notFound('Cliente');
  return client;
}
