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
  return sign ? -cents : cents;
}
