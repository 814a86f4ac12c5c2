/**
 * Check digits used by the boleto de cobrança (FEBRABAN / Carta-Circular BCB 2.926/2000) and the bank profiles.
 * Inputs are strings of decimal digits; the caller validates them.
 */

/** Linha digitável field DV: weights 2,1,2,1… from the right, digits of each product summed; (10 − sum mod 10) mod 10. */
export function mod10(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = (digits.charCodeAt(i) - 48) * weight;
    sum += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

/** Σ digit × weight, with `weights` applied cyclically from the RIGHTMOST digit. */
export function weightedSumFromRight(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = digits.length - 1, w = 0; i >= 0; i--, w++) {
    sum += (digits.charCodeAt(i) - 48) * weights[w % weights.length]!;
  }
  return sum;
}

const WEIGHTS_2_TO_9 = [2, 3, 4, 5, 6, 7, 8, 9];

/**
 * General check digit of the 44-digit barcode (position 5), over the other 43 digits: weights 2..9 from the right,
 * DV = 11 − (sum mod 11); a result of 0, 10 or 11 becomes 1.
 */
export function barcodeCheckDigit(digits43: string): number {
  const dv = 11 - (weightedSumFromRight(digits43, WEIGHTS_2_TO_9) % 11);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}
