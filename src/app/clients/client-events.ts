import type { Actor } from '../../domain/access/roles';
import { notFound } from '../shared/errors';
import type { ClientDetail, ClientEvent } from './ports';

export const MAX_CLIENT_EVENTS = 200;

export interface ClientEventStore {
  findVisible(actor: Actor, id: string): Promise<ClientDetail | null>;
  /** Audit entries of the client and of its proposals and contracts, newest first. */
  events(clientId: string, limit: number): Promise<ClientEvent[]>;
}

/** The client's Eventos tab: its audit trail (tenancy: the client must be visible, else 404). */
export async function clientEvents(
  deps: { clients: ClientEventStore },
  actor: Actor,
  id: string,
): Promise<ClientEvent[]> {
  const client = await deps.clients.findVisible(actor, id);
  if (!client) throw notFound('Cliente');
  return deps.clients.events(client.id, MAX_CLIENT_EVENTS);
}
