import { BoletoError } from '../boleto-error';
import { weightedSumFromRight } from '../check-digits';

/**
 * Sicoob (756), per Sicoob's published boleto layout (campo livre, positions 20–44 of the barcode):
 *
 * | pos   | size | content                                         |
 * |-------|------|-------------------------------------------------|
 * | 20    | 1    | carteira (1 = simples com registro)             |
 * | 21–24 | 4    | cooperativa (agência, no DV)                    |
 * | 25–26 | 2    | modalidade (01 = simples com registro)          |
 * | 27–33 | 7    | código do beneficiário (cliente)                |
 * | 34–41 | 8    | nosso número: 7 digits + DV                     |
 * | 42–44 | 3    | número da parcela (001)                         |
 *
 * Nosso número DV: over cooperativa (4) + código do cliente (10, zero-padded) + nosso número (7), the
 * constant 3197 repeated from the left (equivalently 3,7,9,1 from the right); r = Σ mod 11;
 * DV = 11 − r, and 0 when r is 0 or 1.
 */
export const SICOOB = '756';
export const SICOOB_MAX_SEQUENCE = 9_999_999;

function assertCooperativa(cooperativa: string): void {
  if (!/^\d{4}$/.test(cooperativa)) {
    throw new BoletoError(
      `Cooperativa Sicoob inválida: "${cooperativa}" (4 dígitos, sem DV).`,
      'configuracao',
    );
  }
}

function normalizeClient(clientCode: string): string {
  if (!/^\d{1,7}$/.test(clientCode)) {
    throw new BoletoError(
      `Código do beneficiário Sicoob inválido: "${clientCode}" (até 7 dígitos).`,
      'configuracao',
    );
  }
  return clientCode.padStart(7, '0');
}

function sequenceDigits(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > SICOOB_MAX_SEQUENCE) {
    throw new BoletoError(
      `Número sequencial do nosso número fora do intervalo (1 a ${SICOOB_MAX_SEQUENCE}): ${sequence}.`,
      'sequencia',
    );
  }
  return String(sequence).padStart(7, '0');
}

export function sicoobNossoNumeroDv(cooperativa: string, clientCode: string, sequence: number): number {
  assertCooperativa(cooperativa);
  const digits = cooperativa + normalizeClient(clientCode).padStart(10, '0') + sequenceDigits(sequence);
  const r = weightedSumFromRight(digits, [3, 7, 9, 1]) % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** Nosso número as in the barcode and the CNAB files: 7 digits + DV (8 digits, no hyphen). */
export function sicoobNossoNumero(cooperativa: string, clientCode: string, sequence: number): string {
  return sequenceDigits(sequence) + String(sicoobNossoNumeroDv(cooperativa, clientCode, sequence));
}

export interface SicoobFreeFieldInput {
  carteira: string;
  cooperativa: string;
  modalidade: string;
  clientCode: string;
  /** 8 digits (7 + DV). */
  nossoNumero: string;
  parcela?: number;
}

export function sicoobFreeField(input: SicoobFreeFieldInput): string {
  const { carteira, cooperativa, modalidade, clientCode, nossoNumero, parcela = 1 } = input;
  if (!/^\d$/.test(carteira)) {
    throw new BoletoError(`Carteira Sicoob inválida: "${carteira}" (1 dígito, ex.: 1).`, 'configuracao');
  }
  assertCooperativa(cooperativa);
  if (!/^\d{2}$/.test(modalidade)) {
    throw new BoletoError(
      `Modalidade Sicoob inválida: "${modalidade}" (2 dígitos, ex.: 01).`,
      'configuracao',
    );
  }
  if (!/^\d{8}$/.test(nossoNumero)) {
    throw new BoletoError(`Nosso número Sicoob deve ter 8 dígitos (7 + DV): "${nossoNumero}".`, 'campoLivre');
  }
  if (!Number.isInteger(parcela) || parcela < 1 || parcela > 999) {
    throw new BoletoError(`Número da parcela inválido: ${parcela} (1 a 999).`, 'campoLivre');
  }
  return `${carteira}${cooperativa}${modalidade}${normalizeClient(clientCode)}${nossoNumero}${String(parcela).padStart(3, '0')}`;
}

/** "Agência/Código do beneficiário" as Sicoob boletos print it: "3007 / 0318957". */
export function sicoobBeneficiaryCode(cooperativa: string, clientCode: string): string {
  assertCooperativa(cooperativa);
  return `${cooperativa} / ${normalizeClient(clientCode)}`;
}
