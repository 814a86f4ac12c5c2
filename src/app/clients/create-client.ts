import { type Actor, isStaff } from '../../domain/access/roles';
import { AppError } from '../shared/errors';
import type { AuditLog } from '../shared/ports';
import {
  type ClientFields,
  type ClientFieldsInput,
  type DocumentHolder,
  duplicateDocumentError,
  optionalText,
  validateClientFields,
} from './client-fields';
import type { ClientDetail } from './ports';

export { INVALID_DOCUMENT_MESSAGE } from './client-fields';

export interface NewClient extends ClientFields {
  resellerId: string;
}

/** What creating a client needs from storage; every lookup is filtered by what the actor may see. */
export interface ClientCreationStore {
  /** A reseller the actor may see (admin/financeiro: any; gerente: its own; hiperador: its own). */
  visibleReseller(
    actor: Actor,
    resellerId: string,
  ): Promise<{ id: string; name: string; active: boolean } | null>;
  /**
   * Who holds this CPF/CNPJ as a client, across ALL resellers (not tenancy-filtered: the use case decides
   * what the caller may learn). `exceptClientId` skips the client being edited.
   */
  documentHolder(document: string, exceptClientId?: string): Promise<DocumentHolder | null>;
  /** The new client's id (status prospect), or null when the document is already a client (unique system-wide). */
  create(client: NewClient): Promise<string | null>;
  findVisible(actor: Actor, id: string): Promise<ClientDetail | null>;
}

export interface CreateClientInput extends ClientFieldsInput {
  /** Staff only: the Hiperador the client belongs to. */
  reseller_id?: string | null | undefined;
}

const invalid = (field: string, message: string) => new AppError('validation_failed', message, field);

/** The reseller a new client goes to: a Hiperador's own; for staff, one they may see. */
async function resellerFor(store: ClientCreationStore, actor: Actor, requested: string | null) {
  if (actor.role === 'hiperador') {
    if (!actor.resellerId)
      throw new AppError('forbidden', 'Seu usuário não está vinculado a um Hiperador.', 'reseller_id');
    if (requested && requested.toLowerCase() !== actor.resellerId.toLowerCase()) {
      throw new AppError(
        'forbidden',
        'Um Hiperador só cadastra clientes para a própria revenda: não informe reseller_id.',
        'reseller_id',
      );
    }
    requested = actor.resellerId;
  }
  if (!requested) throw invalid('reseller_id', 'Informe o Hiperador (reseller_id) do cliente.');
  const reseller = await store.visibleReseller(actor, requested);
  if (!reseller) throw new AppError('not_found', 'Hiperador não encontrado.', 'reseller_id');
  if (!reseller.active)
    throw new AppError('business_rule', `O Hiperador "${reseller.name}" está inativo.`, 'reseller_id');
  return reseller;
}

/**
 * Registers a client as a prospect (no contract issued yet). A CPF/CNPJ is a client of one reseller
 * only, in the whole system: a duplicate is 409 (see duplicateDocumentError for what the caller learns).
 */
export async function createClient(
  deps: { clients: ClientCreationStore; audit: AuditLog },
  actor: Actor,
  input: CreateClientInput,
  ip?: string | null,
): Promise<ClientDetail> {
  const fields = validateClientFields(input);
  const reseller = await resellerFor(deps.clients, actor, optionalText(input.reseller_id));
  const viewer = { staff: isStaff(actor.role), resellerId: actor.resellerId };
  const holder = await deps.clients.documentHolder(fields.document);
  if (holder) throw duplicateDocumentError(holder, fields.document, viewer);
  const id = await deps.clients.create({ ...fields, resellerId: reseller.id });
  if (!id) {
    // Lost a race: the unique index on the document refused it; name whoever got there first.
    const winner = await deps.clients.documentHolder(fields.document);
    throw duplicateDocumentError(
      winner ?? { clientId: '', resellerId: reseller.id, resellerName: reseller.name },
      fields.document,
      viewer,
    );
  }
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'client.created',
    entityType: 'client',
    entityId: id,
    ip: ip ?? null,
    details: { resellerId: reseller.id, document: fields.document, legalName: fields.legalName },
  });
  const created = await deps.clients.findVisible(actor, id);
  if (!created) throw new AppError('internal_error', 'O cliente foi gravado mas não pôde ser lido.');
  return created;
}
