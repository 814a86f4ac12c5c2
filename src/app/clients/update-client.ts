import { type Actor, isStaff } from '../../domain/access/roles';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog } from '../shared/ports';
import {
  type ClientFields,
  type ClientFieldsInput,
  type DocumentHolder,
  duplicateDocumentError,
  fieldsInputOf,
  validateClientFields,
} from './client-fields';
import type { ClientDetail } from './ports';

export interface ClientUpdateStore {
  findVisible(actor: Actor, id: string): Promise<ClientDetail | null>;
  documentHolder(document: string, exceptClientId?: string): Promise<DocumentHolder | null>;
  /** Whether the client has any contract version that is not cancelled. */
  hasContracts(clientId: string): Promise<boolean>;
  /** Saves the fields; false when the document clashes with another client of the same reseller. */
  update(clientId: string, fields: ClientFields): Promise<boolean>;
}

/** Fields of the edit; the ones left out stay as they are. */
export type UpdateClientInput = Partial<ClientFieldsInput>;

/**
 * Edits a client's registry data (Dados). Another reseller's client is 404 before anything else;
 * the CPF/CNPJ cannot change once a contract was issued for it.
 */
export async function updateClient(
  deps: { clients: ClientUpdateStore; audit: AuditLog },
  actor: Actor,
  id: string,
  input: UpdateClientInput,
  ip?: string | null,
): Promise<ClientDetail> {
  const current = await deps.clients.findVisible(actor, id);
  if (!current) throw notFound('Cliente');
  const merged: ClientFieldsInput = { ...fieldsInputOf(current) };
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  const fields = validateClientFields(merged);
  const before: ClientFields = {
    document: current.document,
    legalName: current.legalName,
    tradeName: current.tradeName,
    email: current.email,
    phone: current.phone,
    contactName: current.contactName,
    street: current.street,
    number: current.number,
    district: current.district,
    city: current.city,
    state: current.state,
    cep: current.cep,
    stateRegistration: current.stateRegistration,
    billingEmails: current.billingEmails,
    responsibleName: current.responsibleName,
    responsibleCpf: current.responsibleCpf,
    responsibleEmail: current.responsibleEmail,
  };

  const viewer = { staff: isStaff(actor.role), resellerId: actor.resellerId };
  if (fields.document !== current.document) {
    if (await deps.clients.hasContracts(current.id)) {
      throw new AppError(
        'business_rule',
        'O CPF/CNPJ não pode ser alterado depois que um contrato foi emitido para o cliente.',
        'document',
      );
    }
    const holder = await deps.clients.documentHolder(fields.document, current.id);
    if (holder) throw duplicateDocumentError(holder, fields.document, viewer);
  }

  const changed = (Object.keys(fields) as (keyof ClientFields)[]).filter(
    (k) => JSON.stringify(fields[k]) !== JSON.stringify(before[k]),
  );
  if (changed.length === 0) return current;
  const saved = await deps.clients.update(current.id, fields);
  if (!saved) {
    throw duplicateDocumentError(
      { clientId: '', resellerId: current.resellerId, resellerName: current.resellerName },
      fields.document,
      viewer,
    );
  }
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'client.updated',
    entityType: 'client',
    entityId: current.id,
    ip: ip ?? null,
    details: {
      changed,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, fields[k]])),
    },
  });
  const updated = await deps.clients.findVisible(actor, current.id);
  if (!updated) throw new AppError('internal_error', 'O cliente foi gravado mas não pôde ser lido.');
  return updated;
}
