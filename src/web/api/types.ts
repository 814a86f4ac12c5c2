import type { Role } from '../../domain/access/roles';
import type { ClientStatus } from '../../domain/clients/client-status';

export interface ResellerRef {
  id: string;
  name: string;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  reseller: ResellerRef | null;
}

export interface MeResponse {
  user: SessionUser;
  csrf_token: string;
}

export { CLIENT_STATUSES, type ClientStatus } from '../../domain/clients/client-status';

export interface ClientSummary {
  id: string;
  legal_name: string;
  trade_name: string | null;
  document: string;
  city: string;
  state: string;
  status: ClientStatus;
  product_code: string | null;
  reseller: ResellerRef;
  monthly_fee_cents: number | null;
  repasse_cents: number | null;
  paid_through: string | null;
}

export interface ClientDetail extends ClientSummary {
  email: string;
  phone: string | null;
  contact_name: string | null;
  address: {
    street: string | null;
    number: string | null;
    district: string | null;
    city: string;
    state: string;
    cep: string | null;
  };
  state_registration: string | null;
  billing_emails: string[];
  responsible: { name: string | null; cpf: string | null; email: string | null };
  activated_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface ResellerSummary {
  id: string;
  name: string;
  legal_name: string;
  document: string;
  city: string;
  state: string;
  active: boolean;
  clients_total: number;
  clients_active: number;
  /** Sum of the monthly fees of the clients being billed, in cents. */
  monthly_fee_total_cents: number;
  /** Sum of the monthly repasses of those clients, in cents. */
  repasse_total_cents: number;
}

export interface ResellerList {
  items: ResellerSummary[];
}
