import type { Actor } from '../../domain/access/roles';

export interface ResellerOverview {
  id: string;
  name: string;
  legalName: string;
  document: string;
  city: string;
  state: string;
  active: boolean;
  clientsTotal: number;
  clientsActive: number;
  /** Sum of the mensalidades of the clients being billed (ativo, inadimplente), in centavos. */
  monthlyFeeTotalCents: number;
  repasseTotalCents: number;
}

/** Filters by what the actor may see (staff: all; gerente: assigned resellers). */
export interface ResellerDirectory {
  listVisible(actor: Actor): Promise<ResellerOverview[]>;
}

export function listResellers(
  deps: { resellers: ResellerDirectory },
  actor: Actor,
): Promise<ResellerOverview[]> {
  return deps.resellers.listVisible(actor);
}
