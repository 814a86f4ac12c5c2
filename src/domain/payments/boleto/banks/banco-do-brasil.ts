import { BoletoError } from '../boleto-error';
import { weightedSumFromRight } from '../check-digits';

/**
 * Banco do Brasil (001), convênio of 7 digits ("convênio de 7 posições", nosso número of 17 positions), as in
 * BB's "Especificações Técnicas para Confecção de Boleto de Cobrança do Banco do Brasil":
 *
 * - nosso número = convênio (7) + sequential number (10) = 17 digits, WITHOUT check digit;
 * - free field (25) = "000000" + nosso número (17) + carteira (2) — e.g. carteira 17 or 18.
 *
 * Agência and conta are printed with their BB check digits (mod 11, weights 9..2 from the right, 10 → X).
 */
export const BANCO_DO_BRASIL = '001';
export const BB_MAX_SEQUENCE = 9_999_999_999;

/** BB check digit of an agência or conta: Σ digit × (9,8,…,2 from the right), r = Σ mod 11, 10 → 'X'. */
export function bancoDoBrasilDv(digits: string): string {
  if (!/^\d+$/.test(digits))
    throw new BoletoError(`Número inválido para dígito BB: "${digits}".`, 'configuracao');
  const r = weightedSumFromRight(digits, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  return r === 10 ? 'X' : String(r);
}

export interface BancoDoBrasilBoletoConfig {
  convenio: string;
  carteira: string;
}

export function bancoDoBrasilNossoNumero(convenio: string, sequence: number): string {
  if (!/^\d{7}$/.test(convenio)) {
    throw new BoletoError(
      `Convênio do Banco do Brasil inválido: "${convenio}" (são aceitos convênios de 7 dígitos).`,
      'configuracao',
    );
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > BB_MAX_SEQUENCE) {
    throw new BoletoError(
      `Número sequencial do nosso número fora do intervalo (1 a ${BB_MAX_SEQUENCE}): ${sequence}.`,
      'sequencia',
    );
  }
  return convenio + String(sequence).padStart(10, '0');
}

export function bancoDoBrasilFreeField(nossoNumero17: string, carteira: string): string {
  if (!/^\d{17}$/.test(nossoNumero17)) {
    throw new BoletoError(
      `Nosso número do Banco do Brasil deve ter 17 dígitos: "${nossoNumero17}".`,
      'campoLivre',
    );
  }
  if (!/^\d{2}$/.test(carteira)) {
    throw new BoletoError(
      `Carteira do Banco do Brasil inválida: "${carteira}" (2 dígitos, ex.: 17).`,
      'configuracao',
    );
  }
  return `000000${nossoNumero17}${carteira}`;
}

/** "Agência/Código do beneficiário" as BB prints it: "4042-8 / 00061900-0". `account` includes its DV. */
export function bancoDoBrasilBeneficiaryCode(agency: string, account: string): string {
  if (!/^\d{4}$/.test(agency)) {
    throw new BoletoError(
      `Agência do Banco do Brasil inválida: "${agency}" (4 dígitos, sem DV).`,
      'configuracao',
    );
  }
  const normalized = account.replace(/[\s.-]/g, '').toUpperCase();
  if (!/^\d{1,8}[\dX]$/.test(normalized)) {
    throw new BoletoError(
      `Conta do Banco do Brasil inválida: "${account}" (até 8 dígitos mais o DV, que pode ser X).`,
      'configuracao',
    );
  }
  const body = normalized.slice(0, -1).padStart(8, '0');
  return `${agency}-${bancoDoBrasilDv(agency)} / ${body}-${normalized.slice(-1)}`;
}
