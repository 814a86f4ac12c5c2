import type { ProposalStatus } from '../../api/proposals';

export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  rascunho: 'Rascunho',
  pronta_para_contrato: 'Pronta para contrato',
  cancelada: 'Cancelada',
};

export const PROPOSAL_STATUS_COLORS: Record<ProposalStatus, string> = {
  rascunho: 'gray',
  pronta_para_contrato: 'teal',
  cancelada: 'red',
};

/** 2000 bp → "20%"; 1250 → "12,5%". */
export function formatPercentBp(bp: number): string {
  return `${(bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`;
}

/** "1 caixa" / "2 caixas". */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

/** Progressive CPF / CNPJ mask; the CNPJ may carry letters in its first 12 characters. */
export function maskDocument(input: string): string {
  const raw = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 14);
  if (/^\d{0,11}$/.test(raw)) {
    const p = [raw.slice(0, 3), raw.slice(3, 6), raw.slice(6, 9), raw.slice(9, 11)];
    let out = p[0] ?? '';
    if (p[1]) out += `.${p[1]}`;
    if (p[2]) out += `.${p[2]}`;
    if (p[3]) out += `-${p[3]}`;
    return out;
  }
  const p = [raw.slice(0, 2), raw.slice(2, 5), raw.slice(5, 8), raw.slice(8, 12), raw.slice(12, 14)];
  let out = p[0] ?? '';
  if (p[1]) out += `.${p[1]}`;
  if (p[2]) out += `.${p[2]}`;
  if (p[3]) out += `/${p[3]}`;
  if (p[4]) out += `-${p[4]}`;
  return out;
}

/** 00000-000 */
export function maskCep(input: string): string {
  const d = input.replace(/\D/g, '').slice(0, 8);
  return d.length > 5 ? `${d.slice(0, 5)}-${d.slice(5)}` : d;
}

/** (00) 00000-0000 or (00) 0000-0000 */
export function maskPhone(input: string): string {
  const d = input.replace(/\D/g, '').slice(0, 11);
  if (d.length === 0) return '';
  if (d.length <= 2) return `(${d}`;
  const rest = d.slice(2);
  const split = d.length === 11 ? 5 : 4;
  return rest.length > split
    ? `(${d.slice(0, 2)}) ${rest.slice(0, split)}-${rest.slice(split)}`
    : `(${d.slice(0, 2)}) ${rest}`;
}

export const UFS = [
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
] as const;
