/**
 * Contract versions (SPEC §8): kinds, statuses and which kind a client may get. Pure rules, no I/O.
 */
export const CONTRACT_KINDS = ['ativacao', 'migracao', 'alteracao'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export const CONTRACT_KIND_LABELS: Record<ContractKind, string> = {
  ativacao: 'Ativação',
  migracao: 'Migração',
  alteracao: 'Alteração contratual',
};

export const CONTRACT_STATUSES = ['aguardando_assinatura', 'assinado', 'recusado', 'cancelado'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  aguardando_assinatura: 'Aguardando assinatura',
  assinado: 'Assinado',
  recusado: 'Recusado',
  cancelado: 'Cancelado',
};

/** What decides the kinds a new contract version may have. */
export interface ContractKindContext {
  /** The client already has a signed (in force) contract. */
  hasSignedContract: boolean;
  /** The client's current liberado até (an existing Hiper client being migrated has one). */
  paidThrough: string | null;
  /** Hiper staff may migrate any client (e.g. a change of Hiperador). */
  staff: boolean;
}

/**
 * The kinds allowed for a client, the default first:
 * - alteração: only with a signed contract (upgrade, downgrade, apps, new price);
 * - migração: staff, or a client that already has a liberado até (keeps it);
 * - ativação: a client with no signed contract.
 */
export function allowedContractKinds(ctx: ContractKindContext): ContractKind[] {
  const kinds: ContractKind[] = [];
  if (ctx.hasSignedContract) kinds.push('alteracao');
  if (!ctx.hasSignedContract && ctx.paidThrough) kinds.push('migracao');
  if (!ctx.hasSignedContract) kinds.push('ativacao');
  if (ctx.staff && !kinds.includes('migracao')) kinds.push('migracao');
  return kinds;
}

/** Why a kind is refused, in Portuguese, or null when it is allowed. */
export function contractKindRefusal(kind: ContractKind, ctx: ContractKindContext): string | null {
  if (allowedContractKinds(ctx).includes(kind)) return null;
  switch (kind) {
    case 'alteracao':
      return 'Alteração contratual exige um contrato assinado em vigor.';
    case 'migracao':
      return 'Migração só para clientes que já têm data de liberação (liberado até) ou pela equipe Hiper.';
    case 'ativacao':
      return 'Este cliente já tem contrato assinado: emita uma alteração contratual.';
  }
}

/** "2026-000001": the São Paulo year and the sequence, six digits at least. */
export function contractNumber(year: string, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The contracted party of every contract. Fictitious legal data (the CNPJ is valid but made up, not Hiper's
 * real one): replace with the real registry before production.
 */
export const CONTRACTED_PARTY = {
  legalName: 'Hiper Software S/A',
  document: '00999000000147',
  address: 'Rua das Indústrias, 1000 — Centro — Brusque/SC — CEP 88350-000',
  email: 'contratos@hiper.example',
} as const;
