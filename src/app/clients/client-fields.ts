import { isBrazilianState } from '../../domain/addresses/brazilian-states';
import { documentKind, isValidCpf, normalizeDocument } from '../../domain/documents/cpf-cnpj';
import { AppError } from '../shared/errors';
import { isValidEmail } from '../users/create-user';
import type { ClientDetail } from './ports';

/** The registry fields of a client as the API receives them (create and edit). */
export interface ClientFieldsInput {
  document: string;
  legal_name: string;
  trade_name?: string | null | undefined;
  email: string;
  phone?: string | null | undefined;
  contact_name?: string | null | undefined;
  street?: string | null | undefined;
  number?: string | null | undefined;
  district?: string | null | undefined;
  city: string;
  state: string;
  cep?: string | null | undefined;
  state_registration?: string | null | undefined;
  billing_emails?: string[] | null | undefined;
  responsible_name?: string | null | undefined;
  responsible_cpf?: string | null | undefined;
  responsible_email?: string | null | undefined;
}

/** The same fields, validated and normalised for storage. */
export interface ClientFields {
  document: string;
  legalName: string;
  tradeName: string | null;
  email: string;
  phone: string | null;
  contactName: string | null;
  street: string | null;
  number: string | null;
  district: string | null;
  city: string;
  state: string;
  cep: string | null;
  stateRegistration: string | null;
  billingEmails: string[];
  responsibleName: string | null;
  responsibleCpf: string | null;
  responsibleEmail: string | null;
}

export const INVALID_DOCUMENT_MESSAGE = 'CPF ou CNPJ inválido: confira os dígitos.';
export const MAX_BILLING_EMAILS = 5;

const invalid = (field: string, message: string) => new AppError('validation_failed', message, field);

export function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim().replace(/\s+/g, ' ') ?? '';
  return trimmed === '' ? null : trimmed;
}

function boundedText(value: string | null | undefined, field: string, label: string, max: number) {
  const text = optionalText(value);
  if (text && text.length > max) throw invalid(field, `${label} deve ter no máximo ${max} caracteres.`);
  return text;
}

function email(value: string, field: string, label = 'E-mail'): string {
  const normalised = value.trim().toLowerCase();
  if (!isValidEmail(normalised)) throw invalid(field, `${label} inválido: "${value.trim()}".`);
  return normalised;
}

/** Validates every field, naming the first one that is wrong. */
export function validateClientFields(input: ClientFieldsInput): ClientFields {
  const document = normalizeDocument(input.document.trim());
  if (!documentKind(document)) throw invalid('document', INVALID_DOCUMENT_MESSAGE);

  const legalName = input.legal_name.trim().replace(/\s+/g, ' ');
  if (legalName.length < 2 || legalName.length > 200)
    throw invalid('legal_name', 'A razão social deve ter de 2 a 200 caracteres.');
  const tradeName = boundedText(input.trade_name, 'trade_name', 'O nome fantasia', 200);

  const mainEmail = email(input.email, 'email');

  const phoneText = optionalText(input.phone);
  const phone = phoneText ? phoneText.replace(/\D/g, '') : null;
  if (phone !== null && (phone.length < 10 || phone.length > 11))
    throw invalid('phone', 'Telefone inválido: informe o DDD e o número (10 ou 11 dígitos).');
  const contactName = boundedText(input.contact_name, 'contact_name', 'O nome do contato', 120);

  const street = boundedText(input.street, 'street', 'O logradouro', 200);
  const number = boundedText(input.number, 'number', 'O número', 20);
  const district = boundedText(input.district, 'district', 'O bairro', 100);
  const city = input.city.trim().replace(/\s+/g, ' ');
  if (city.length < 2 || city.length > 100) throw invalid('city', 'Informe a cidade (até 100 caracteres).');
  const state = input.state.trim().toUpperCase();
  if (!isBrazilianState(state)) throw invalid('state', `UF inválida: "${input.state.trim()}".`);
  const cepText = optionalText(input.cep);
  const cep = cepText ? cepText.replace(/\D/g, '') : null;
  if (cep !== null && cep.length !== 8) throw invalid('cep', 'CEP inválido: informe os 8 dígitos.');

  const ieText = optionalText(input.state_registration);
  const stateRegistration = ieText ? ieText.toUpperCase().replace(/[\s./-]/g, '') : null;
  if (stateRegistration !== null && !/^(ISENTO|\d{2,14})$/.test(stateRegistration))
    throw invalid('state_registration', 'Inscrição estadual inválida: informe até 14 dígitos ou "ISENTO".');

  const billingEmails: string[] = [];
  for (const [i, raw] of (input.billing_emails ?? []).entries()) {
    if (!raw.trim()) continue;
    const e = email(raw, `billing_emails.${i}`, 'E-mail de cobrança');
    if (e !== mainEmail && !billingEmails.includes(e)) billingEmails.push(e);
  }
  if (billingEmails.length > MAX_BILLING_EMAILS)
    throw invalid('billing_emails', `Informe no máximo ${MAX_BILLING_EMAILS} e-mails de cobrança.`);

  const responsibleName = optionalText(input.responsible_name);
  if (responsibleName !== null && (responsibleName.length < 3 || responsibleName.length > 200))
    throw invalid('responsible_name', 'O nome do responsável deve ter de 3 a 200 caracteres.');
  const cpfText = optionalText(input.responsible_cpf);
  const responsibleCpf = cpfText ? normalizeDocument(cpfText) : null;
  if (responsibleCpf !== null && !isValidCpf(responsibleCpf))
    throw invalid('responsible_cpf', 'CPF do responsável inválido: confira os dígitos.');
  const responsibleEmailText = optionalText(input.responsible_email);
  const responsibleEmail = responsibleEmailText
    ? email(responsibleEmailText, 'responsible_email', 'E-mail do responsável')
    : null;

  return {
    document,
    legalName,
    tradeName,
    email: mainEmail,
    phone,
    contactName,
    street,
    number,
    district,
    city,
    state,
    cep,
    stateRegistration,
    billingEmails,
    responsibleName,
    responsibleCpf,
    responsibleEmail,
  };
}

/** A stored client as API input, so an edit can send only what changes. */
export function fieldsInputOf(c: ClientDetail): ClientFieldsInput {
  return {
    document: c.document,
    legal_name: c.legalName,
    trade_name: c.tradeName,
    email: c.email,
    phone: c.phone,
    contact_name: c.contactName,
    street: c.street,
    number: c.number,
    district: c.district,
    city: c.city,
    state: c.state,
    cep: c.cep,
    state_registration: c.stateRegistration,
    billing_emails: c.billingEmails,
    responsible_name: c.responsibleName,
    responsible_cpf: c.responsibleCpf,
    responsible_email: c.responsibleEmail,
  };
}

/** Who already has this CPF/CNPJ as a client, anywhere in the system. */
export interface DocumentHolder {
  clientId: string;
  resellerId: string;
  resellerName: string;
}

/**
 * 409 for a CPF/CNPJ that is already a client: staff (and the reseller that holds it) learn who holds
 * it; another reseller only that it is taken.
 */
export function duplicateDocumentError(
  holder: DocumentHolder,
  document: string,
  viewer: { staff: boolean; resellerId: string | null },
): AppError {
  const kind = documentKind(document) === 'cpf' ? 'CPF' : 'CNPJ';
  const named = viewer.staff || viewer.resellerId?.toLowerCase() === holder.resellerId.toLowerCase();
  return new AppError(
    'conflict',
    named ? `Este ${kind} já é cliente de ${holder.resellerName}.` : 'Este CNPJ/CPF já está cadastrado.',
    'document',
  );
}
