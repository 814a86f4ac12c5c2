import type { ClientStatus } from '../../domain/clients/client-status';

export { CLIENT_STATUS_LABELS } from '../../domain/clients/client-status';

export const CLIENT_STATUS_COLORS: Record<ClientStatus, string> = {
  prospect: 'blue',
  aguardando_contrato: 'gray',
  aguardando_pagamento: 'yellow',
  ativo: 'teal',
  inadimplente: 'orange',
  bloqueado: 'red',
  cancelado: 'dark',
};

export { productLabel } from '../../domain/pricing/products';

/** '01310100' → '01310-100'. */
export function formatCep(cep: string): string {
  const digits = cep.replace(/\D/g, '');
  return digits.length === 8 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : cep;
}

/** '11987654321' → '(11) 98765-4321'; anything else as stored. */
export function formatPhone(phone: string): string {
  const d = phone.replace(/\D/g, '');
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return phone;
}
