/**
 * Money is integer centavos (BRL). One rounding rule: half-up to the centavo.
 * Percentages are basis points (1 bp = 0,01%).
 */
export type Cents = number;

function assertCents(value: Cents): void {
  if (!Number.isSafeInteger(value)) throw new Error(`Valor em centavos inválido: ${value}`);
}

/** value × bp / 10 000, rounded half-up (away from zero on .5). */
export function applyBasisPoints(value: Cents, bp: number): Cents {
  assertCents(value);
  if (!Number.isInteger(bp)) throw new Error(`Percentual inválido: ${bp}`);
  const product = BigInt(value) * BigInt(bp);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + 5000n) / 10000n;
  return Number(negative ? -rounded : rounded);
}

/** Splits a total into `parts` amounts that sum back exactly; the first ones take the extra centavos. */
export function splitEvenly(total: Cents, parts: number): Cents[] {
  assertCents(total);
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`Número de partes inválido: ${parts}`);
  const base = Math.trunc(total / parts);
  const remainder = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < Math.abs(remainder) ? Math.sign(remainder) : 0));
}

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** 123456 → "R$ 1.234,56" (with a normal space, whatever the ICU version prints). */
export function formatBRL(value: Cents): string {
  assertCents(value);
  return brl.format(value / 100).replace(/\u00a0/g, ' ');
}

/** "1.234,56", "R$ 1234,5", "12" → centavos; null when it is not a money amount. */
export function parseBRL(input: string): Cents | null {
  const cleaned = input.replace(/R\$|\s/g, '');
  const match = /^(-?)(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const [, sign, intPart = '0', frac = ''] = match;
  const cents = Number(intPart.replace(/\./g, '')) * 100 + Number(frac.padEnd(2, '0'));
  // Beyond 2^53 centavos the number is no longer exact: not a money amount (and no "-0").
  if (!Number.isSafeInteger(cents)) return null;
  return sign && cents !== 0 ? -cents : cents;
}

/**
 * Splits `total` over `weights` proportionally, by largest remainder: the parts sum back to `total`
 * exactly, each part is floor or ceil of its exact share, and ties go to the earlier weight.
 * Weights are non-negative integers; when they are all zero the split is even.
 */
export function allocateProportionally(total: Cents, weights: readonly number[]): Cents[] {
  assertCents(total);
  if (weights.length === 0) {
    if (total !== 0) throw new Error('Não há partes para distribuir o valor.');
    return [];
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new Error('Pesos inválidos.');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return splitEvenly(total, weights.length);
  const negative = total < 0;
  const t = BigInt(Math.abs(total));
  const s = BigInt(sum);
  const shares = weights.map((w) => (t * BigInt(w)) / s);
  const remainders = weights.map((w, i) => ({ i, r: (t * BigInt(w)) % s }));
  let left = Number(t - shares.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    shares[i]! += 1n;
    left--;
  }
  return shares.map((v) => (negative ? -Number(v) : Number(v)));
}

/** value minus `bp` basis points of it (a discount), rounded half-up. */
export function discounted(value: Cents, bp: number): Cents {
  return value - applyBasisPoints(value, bp);
}

/** A rate in basis points as printed on charges: 200 → "2,00%", 1 → "0,01%". */
export function formatBasisPoints(bp: number): string {
  if (!Number.isInteger(bp) || bp < 0) throw new Error(`Percentual inválido: ${bp}`);
  return `${Math.trunc(bp / 100)},${String(bp % 100).padStart(2, '0')}%`;
}
