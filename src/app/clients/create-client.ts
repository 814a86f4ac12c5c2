import type { Actor } from '../../domain/access/roles';
import { isBrazilianState } from '../../domain/addresses/brazilian-states';
import { documentKind, normalizeDocument } from '../../domain/documents/cpf-cnpj';
import { AppError } from '../shared/errors';
import type { AuditLog } from '../shared/ports';
import { isValidEmail } from '../users/create-user';
import type { ClientDetail } from './ports';

export interface NewClient {
  resellerId: string;
  document: string;
  legalName: string;
  tradeName: string | null;
  email: string;
  phone: string | null;
  city: string;
  state: string;
  cep: string | null;
}

/** What creating a client needs from storage; every lookup is filtered by what the actor may see. */
export interface ClientCreationStore {
  /** A reseller the actor may see (admin/financeiro: any; gerente: its own; hiperador: its own). */
  visibleReseller(
    actor: Actor,
    resellerId: string,
  ): Promise<{ id: string; name: string; active: boolean } | null>;
  /** The new client's id, or null when that reseller already has a client with this document. */
  create(client: NewClient): Promise<string | null>;
  findVisible(actor: Actor, id: string): Promise<ClientDetail | null>;
}

export interface CreateClientInput {
  document: string;
  legal_name: string;
  trade_name?: string | null | undefined;
  email: string;
  phone?: string | null | undefined;
  city: string;
  state: string;
  cep?: string | null | undefined;
  /** Staff only: the Hiperador the client belongs to. */
  reseller_id?: string | null | undefined;
}

export const INVALID_DOCUMENT_MESSAGE = 'CPF ou CNPJ inválido: confira os dígitos.';

const invalid = (field: string, message: string) => new AppError('validation_failed', message, field);

function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function validate(input: CreateClientInput): Omit<NewClient, 'resellerId'> {
  const document = normalizeDocument(input.document.trim());
  if (!documentKind(document)) throw invalid('document', INVALID_DOCUMENT_MESSAGE);

  const legalName = input.legal_name.trim().replace(/\s+/g, ' ');
  if (legalName.length < 2 || legalName.length > 200)
    throw invalid('legal_name', 'A razão social deve ter de 2 a 200 caracteres.');
  const tradeName = optionalText(input.trade_name);
  if (tradeName && tradeName.length > 200)
    throw invalid('trade_name', 'O nome fantasia deve ter no máximo 200 caracteres.');

  const email = input.email.trim().toLowerCase();
  if (!isValidEmail(email)) throw invalid('email', `E-mail inválido: "${input.email.trim()}".`);

  const phoneText = optionalText(input.phone);
  const phone = phoneText ? phoneText.replace(/\D/g, '') : null;
  if (phone !== null && (phone.length < 10 || phone.length > 11))
    throw invalid('phone', 'Telefone inválido: informe o DDD e o número (10 ou 11 dígitos).');

  const city = input.city.trim().replace(/\s+/g, ' ');
  if (city.length < 2 || city.length > 100) throw invalid('city', 'Informe a cidade (até 100 caracteres).');
  const state = input.state.trim().toUpperCase();
  if (!isBrazilianState(state)) throw invalid('state', `UF inválida: "${input.state.trim()}".`);

  const cepText = optionalText(input.cep);
  const cep = cepText ? cepText.replace(/\D/g, '') : null;
  if (cep !== null && cep.length !== 8) throw invalid('cep', 'CEP inválido: informe os 8 dígitos.');

  return { document, legalName, tradeName, email, phone, city, state, cep };
}

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

/** Registers a client, waiting for its contract (aguardando_contrato). */
export async function createClient(
  deps: { clients: ClientCreationStore; audit: AuditLog },
  actor: Actor,
  input: CreateClientInput,
  ip?: string | null,
): Promise<ClientDetail> {
  const fields = validate(input);
  const reseller = await resellerFor(deps.clients, actor, optionalText(input.reseller_id));
  const id = await deps.clients.create({ ...fields, resellerId: reseller.id });
  if (!id) {
    throw new AppError('conflict', `Este CPF/CNPJ já é cliente de ${reseller.name}.`, 'document');
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
