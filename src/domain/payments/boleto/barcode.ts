import { BoletoError } from './boleto-error';
import { barcodeCheckDigit, mod10 } from './check-digits';
import { dueDateFactor, dueDateFromFactor } from './due-date-factor';

/**
 * Boleto de cobrança codec (FEBRABAN; Carta-Circular BCB 2.926/2000):
 *
 * Barcode, 44 digits: 1–3 bank, 4 currency (9 = real), 5 general DV (mod 11), 6–9 due-date factor,
 * 10–19 amount in centavos, 20–44 free field (bank-specific).
 *
 * Linha digitável, 47 digits: (1) barcode 1–4 + 20–24 + DV mod 10; (2) barcode 25–34 + DV; (3) barcode 35–44 + DV;
 * (4) the general DV; (5) factor + amount. Printed `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE`.
 */

export const CURRENCY_REAL = '9';
/** The amount field has 10 digits: at most R$ 99.999.999,99. */
export const MAX_AMOUNT_CENTS = 9_999_999_999;

export interface BarcodeParts {
  /** COMPE bank code, 3 digits ('001', '756'). */
  bankCode: string;
  /** Due date ('YYYY-MM-DD'), or null for a boleto without due date (factor 0000). */
  dueDate: string | null;
  amountCents: number;
  /** The bank's 25-digit free field (campo livre). */
  freeField: string;
}

export interface DecodedBoleto {
  bankCode: string;
  /** '9' = real (the only currency accepted). */
  currency: string;
  amountCents: number;
  /** Resolved against the reference date (nearest candidate); null when the factor is 0000. */
  dueDate: string | null;
  factor: number;
  barcode: string;
  digitableLine: string;
  freeField: string;
}

const ONLY_DIGITS = /^\d+$/;

/** Builds the 44-digit barcode (with its general check digit). */
export function barcodeFromParts(parts: BarcodeParts): string {
  const { bankCode, dueDate, amountCents, freeField } = parts;
  if (!/^\d{3}$/.test(bankCode))
    throw new BoletoError(`Código do banco inválido: "${bankCode}" (3 dígitos).`, 'banco');
  if (!/^\d{25}$/.test(freeField)) {
    throw new BoletoError(`O campo livre deve ter 25 dígitos; tem "${freeField}".`, 'campoLivre');
  }
  if (!Number.isSafeInteger(amountCents) || amountCents < 0 || amountCents > MAX_AMOUNT_CENTS) {
    throw new BoletoError(
      `Valor inválido para boleto: ${amountCents} centavos (de 0 a R$ 99.999.999,99, em centavos inteiros).`,
      'valor',
    );
  }
  const factor = String(dueDateFactor(dueDate)).padStart(4, '0');
  const amount = String(amountCents).padStart(10, '0');
  const withoutDv = `${bankCode}${CURRENCY_REAL}${factor}${amount}${freeField}`;
  const dv = barcodeCheckDigit(withoutDv);
  return `${withoutDv.slice(0, 4)}${dv}${withoutDv.slice(4)}`;
}

function assertBarcode(barcode: string): void {
  if (barcode.length !== 44 || !ONLY_DIGITS.test(barcode)) {
    throw new BoletoError(
      `O código de barras deve ter 44 dígitos; tem ${barcode.length} caracteres.`,
      'entrada',
    );
  }
  const dv = barcodeCheckDigit(barcode.slice(0, 4) + barcode.slice(5));
  if (String(dv) !== barcode[4]) {
    throw new BoletoError(
      `Dígito verificador geral do código de barras não confere (posição 5: informado ${barcode[4]}, calculado ${dv}).`,
      'dv',
    );
  }
}

/** The 47-digit linha digitável (digits only) of a valid 44-digit barcode. */
export function digitableLineFromBarcode(barcode: string): string {
  assertBarcode(barcode);
  const f1 = barcode.slice(0, 4) + barcode.slice(19, 24);
  const f2 = barcode.slice(24, 34);
  const f3 = barcode.slice(34, 44);
  return `${f1}${mod10(f1)}${f2}${mod10(f2)}${f3}${mod10(f3)}${barcode[4]}${barcode.slice(5, 19)}`;
}

const FIELD_NAMES = { campo1: 'campo 1', campo2: 'campo 2', campo3: 'campo 3' } as const;

/**
 * The 44-digit barcode of a 47-digit linha digitável (digits only), after checking the three field DVs
 * (mod 10) and the general DV (mod 11); the error names the field at fault.
 */
export function barcodeFromDigitableLine(line: string): string {
  if (line.length !== 47 || !ONLY_DIGITS.test(line)) {
    throw new BoletoError(`A linha digitável deve ter 47 dígitos; tem ${line.length} caracteres.`, 'entrada');
  }
  const fields = [
    { field: 'campo1', body: line.slice(0, 9), dv: line[9]! },
    { field: 'campo2', body: line.slice(10, 20), dv: line[20]! },
    { field: 'campo3', body: line.slice(21, 31), dv: line[31]! },
  ] as const;
  for (const { field, body, dv } of fields) {
    const expected = mod10(body);
    if (String(expected) !== dv) {
      throw new BoletoError(
        `Dígito verificador do ${FIELD_NAMES[field]} da linha digitável não confere (informado ${dv}, calculado ${expected}): confira os dígitos do ${FIELD_NAMES[field]}.`,
        field,
      );
    }
  }
  const barcode =
    line.slice(0, 4) +
    line[32] +
    line.slice(33, 47) +
    line.slice(4, 9) +
    line.slice(10, 20) +
    line.slice(21, 31);
  const dv = barcodeCheckDigit(barcode.slice(0, 4) + barcode.slice(5));
  if (String(dv) !== line[32]) {
    throw new BoletoError(
      `Dígito verificador geral (campo 4) da linha digitável não confere (informado ${line[32]}, calculado ${dv}): confira o valor, o vencimento (campo 5) e os demais campos.`,
      'dv',
    );
  }
  return barcode;
}

/** '00190000090123879877977700168188337710000013500' → '00190.00009 01238.798779 77700.168188 3 37710000013500'. */
export function formatDigitableLine(line: string): string {
  const d = line.replace(/[\s.]/g, '');
  if (d.length !== 47 || !ONLY_DIGITS.test(d)) {
    throw new BoletoError(`A linha digitável deve ter 47 dígitos; tem ${d.length} caracteres.`, 'entrada');
  }
  return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d[32]} ${d.slice(33)}`;
}

/**
 * Decodes a boleto de cobrança typed or scanned: 44 digits (barcode) or 47 (linha digitável), with any
 * punctuation or spaces. Every check digit is verified. The due date is resolved against `referenceDate`
 * (usually today): of the dates sharing the factor (every 9000 days), the nearest one.
 * Arrecadação/convênio boletos (start with 8, 48 digits) are refused with a clear message.
 */
export function decodeBoleto(input: string, referenceDate: string): DecodedBoleto {
  if (/[^\d\s.\-/_]/.test(input)) {
    throw new BoletoError(
      'O código do boleto só pode ter dígitos (pontos, espaços e hífens são ignorados).',
      'entrada',
    );
  }
  const digits = input.replace(/\D/g, '');
  if (digits.startsWith('8') && (digits.length === 48 || digits.length === 44)) {
    throw new BoletoError(
      'Este é um boleto de arrecadação/convênio (contas de consumo e tributos, começa com 8): use a linha de 48 dígitos no pagamento de contas; aqui só são aceitos boletos de cobrança bancária (44 ou 47 dígitos).',
      'entrada',
    );
  }
  let barcode: string;
  if (digits.length === 47) barcode = barcodeFromDigitableLine(digits);
  else if (digits.length === 44) {
    assertBarcode(digits);
    barcode = digits;
  } else {
    throw new BoletoError(
      `Código de boleto com ${digits.length} dígitos: informe a linha digitável (47 dígitos) ou o código de barras (44 dígitos).`,
      'entrada',
    );
  }
  const currency = barcode[3]!;
  if (currency !== CURRENCY_REAL) {
    throw new BoletoError(
      `Moeda ${currency} não suportada: só boletos em real (código de moeda 9).`,
      'moeda',
    );
  }
  const factor = Number(barcode.slice(5, 9));
  return {
    bankCode: barcode.slice(0, 3),
    currency,
    amountCents: Number(barcode.slice(9, 19)),
    dueDate: dueDateFromFactor(factor, referenceDate),
    factor,
    barcode,
    digitableLine: digitableLineFromBarcode(barcode),
    freeField: barcode.slice(19),
  };
}
