import type { Actor } from '../../domain/access/roles';
import type { ClientStatus } from '../../domain/clients/client-status';

export type { ClientStatus };

export interface ClientSummary {
  id: string;
  legalName: string;
  tradeName: string | null;
  document: string;
  city: string;
  state: string;
  status: ClientStatus;
  productCode: string | null;
  resellerId: string;
  resellerName: string;
  monthlyFeeCents: number | null;
  repasseCents: number | null;
  paidThrough: string | null;
}

export interface ClientDetail extends ClientSummary {
  email: string;
  phone: string | null;
  contactName: string | null;
  street: string | null;
  number: string | null;
  district: string | null;
  cep: string | null;
  /** Inscrição estadual. */
  stateRegistration: string | null;
  /** Further e-mails that receive the billing. */
  billingEmails: string[];
  /** The responsável who signs the contracts. */
  responsibleName: string | null;
  responsibleCpf: string | null;
  responsibleEmail: string | null;
  activatedOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClientListQuery {
  search?: string | undefined;
  status?: ClientStatus | undefined;
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Every method filters by what the actor may see: tenancy lives in the queries. */
export interface ClientRepository {
  list(actor: Actor, query: ClientListQuery): Promise<Page<ClientSummary>>;
  findVisible(actor: Actor, id: string): Promise<ClientDetail | null>;
}

/** One line of a client's Eventos tab (an audit_log entry about the client, its proposals or contracts). */
export interface ClientEvent {
  id: string;
  at: Date;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
}
