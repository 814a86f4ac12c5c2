/**
 * Where a client stands in the Central de Cobranças (SPEC §4 and §8): a prospect (registered, no
 * contract issued yet), waiting for the signed contract, waiting for the first payment, paid (ativo), overdue but still
 * inside its paid-through date (inadimplente), past it (bloqueado), or cancelled.
 */
export const CLIENT_STATUSES = [
  'prospect',
  'aguardando_contrato',
  'aguardando_pagamento',
  'ativo',
  'inadimplente',
  'bloqueado',
  'cancelado',
] as const;

export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const CLIENT_STATUS_LABELS: Record<ClientStatus, string> = {
  prospect: 'Prospect',
  aguardando_contrato: 'Aguardando contrato',
  aguardando_pagamento: 'Aguardando pagamento',
  ativo: 'Ativo',
  inadimplente: 'Inadimplente',
  bloqueado: 'Bloqueado',
  cancelado: 'Cancelado',
};

/** Statuses whose mensalidade is being billed (they count in the monthly totals). */
export const BILLED_STATUSES: readonly ClientStatus[] = ['ativo', 'inadimplente'];
