/** Who is calling: the user, their role and, for a Hiperador's user, their reseller. */
export const ROLES = ['admin', 'financeiro', 'gerente_contas', 'hiperador'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** Set only for role `hiperador`: the reseller whose clients this user may see. */
  resellerId: string | null;
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrador',
  financeiro: 'Financeiro',
  gerente_contas: 'Gerente de contas',
  hiperador: 'Hiperador',
};

/** Hiper staff: sees the staff menus (Catálogo, Hiperadores). */
export function isStaff(role: Role): boolean {
  return role !== 'hiperador';
}

/** Groups used by routes to declare who may call them. */
export const ANY_ROLE: readonly Role[] = ROLES;
export const STAFF: readonly Role[] = ['admin', 'financeiro', 'gerente_contas'];
export const BACK_OFFICE: readonly Role[] = ['admin', 'financeiro'];
