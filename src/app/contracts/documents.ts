import type { Actor } from '../../domain/access/roles';
import type { ClientRepository } from '../clients/ports';
import { notFound } from '../shared/errors';
import type { DocumentRepository, DocumentSummary } from './ports';

/** The client's Documentos tab (the client must be visible, else 404). */
export async function listClientDocuments(
  deps: { clients: ClientRepository; documents: DocumentRepository },
  actor: Actor,
  clientId: string,
): Promise<DocumentSummary[]> {
  const client = await deps.clients.findVisible(actor, clientId);
  if (!client) throw notFound('Cliente');
  return deps.documents.listForClient(client.id);
}

/** A document's bytes; another reseller's answers 404 like a missing one. */
export async function downloadDocument(deps: { documents: DocumentRepository }, actor: Actor, id: string) {
  const doc = await deps.documents.findVisible(actor, id);
  if (!doc) throw notFound('Documento');
  return doc;
}
