/**
 * Credit card numbers as the card page and the sandbox gateway see them: Luhn check, brand by BIN, the
 * typing mask, expiry by the São Paulo date. Pure: the number itself never leaves the browser and the
 * gateway (our API and database only ever see the token, brand, last 4 digits and expiry).
 */

export const CARD_BRANDS = ['visa', 'mastercard', 'elo', 'amex', 'hipercard'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

export const CARD_BRAND_LABELS: Record<CardBrand, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  elo: 'Elo',
  amex: 'American Express',
  hipercard: 'Hipercard',
};

/** Accepted number lengths per brand. */
const LENGTHS: Record<CardBrand, readonly number[]> = {
  visa: [13, 16, 19],
  mastercard: [16],
  elo: [16],
  amex: [15],
  hipercard: [13, 16, 19],
};

/** CVV digits per brand (American Express prints 4 on the front; the others 3 on the back). */
export const cvvLength = (brand: CardBrand | null): number => (brand === 'amex' ? 4 : 3);

/** Only the digits of what was typed. */
export const cardDigits = (input: string): string => input.replace(/\D/g, '');

/** Luhn (mod 10) check digit validation, ISO/IEC 7812-1 annex B. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

type Range = readonly [number, number];

// Elo and Hipercard ranges overlap the Visa (4…) and Mastercard (5…) ones: they are tested first.
// Elo BIN ranges as the acquirers publish them (Cielo/Rede "Tabela de BINs Elo").
const ELO_RANGES: readonly Range[] = [
  [401178, 401179],
  [431274, 431274],
  [438935, 438935],
  [451416, 451416],
  [457393, 457393],
  [457631, 457632],
  [504175, 504175],
  [506699, 506778],
  [509000, 509999],
  [627780, 627780],
  [636297, 636297],
  [636368, 636368],
  [650031, 650033],
  [650035, 650051],
  [650405, 650439],
  [650485, 650538],
  [650541, 650598],
  [650700, 650718],
  [650720, 650727],
  [650901, 650978],
  [651652, 651679],
  [655000, 655019],
  [655021, 655058],
];
const HIPERCARD_PREFIXES = [
  '606282',
  '384100',
  '384140',
  '384160',
  '637095',
  '637568',
  '637599',
  '637609',
  '637612',
];

const inRanges = (bin: number, ranges: readonly Range[]) => ranges.some(([lo, hi]) => bin >= lo && bin <= hi);

/** The brand from the first digits (works while typing: null until the prefix is known). */
export function detectCardBrand(input: string): CardBrand | null {
  const d = cardDigits(input);
  if (d.length === 0) return null;
  if (d.length >= 6) {
    const bin = Number(d.slice(0, 6));
    if (inRanges(bin, ELO_RANGES)) return 'elo';
    if (HIPERCARD_PREFIXES.includes(d.slice(0, 6))) return 'hipercard';
  }
  if (/^3[47]/.test(d)) return 'amex';
  if (d.length >= 2) {
    const two = Number(d.slice(0, 2));
    if (two >= 51 && two <= 55) return 'mastercard';
  }
  if (d.length >= 4) {
    const four = Number(d.slice(0, 4));
    if (four >= 2221 && four <= 2720) return 'mastercard';
  }
  if (d.startsWith('4')) return 'visa';
  return null;
}

/** "0000 0000 0000 0000" while typing (American Express: "0000 000000 00000"). */
export function formatCardNumberInput(input: string): string {
  const brand = detectCardBrand(input);
  const max = brand ? Math.max(...LENGTHS[brand]) : 19;
  const d = cardDigits(input).slice(0, max);
  if (brand === 'amex') {
    return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(' ');
  }
  return d.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "MM/AA" while typing. */
export function formatExpiryInput(input: string): string {
  const d = cardDigits(input).slice(0, 4);
  return d.length > 2 ? `${d.slice(0, 2)}/${d.slice(2)}` : d;
}

/** "12/30" → { month: 12, year: 2030 }; null when not a month/year. */
export function parseExpiry(input: string): { month: number; year: number } | null {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(input);
  if (!m) return null;
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

/** A card is valid through the last day of its expiry month; `today` is the São Paulo date 'YYYY-MM-DD'. */
export function cardExpired(expMonth: number, expYear: number, today: string): boolean {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return expYear < y || (expYear === y && expMonth < m);
}

export type CardNumberProblem = 'incomplete' | 'luhn' | 'brand' | 'length';

/** Why a number cannot be a card of an accepted brand (null when it can). */
export function cardNumberProblem(input: string): CardNumberProblem | null {
  const d = cardDigits(input);
  if (d.length < 13) return 'incomplete';
  const brand = detectCardBrand(d);
  if (!brand) return 'brand';
  if (!LENGTHS[brand].includes(d.length)) return 'length';
  if (!luhnValid(d)) return 'luhn';
  return null;
}

export const CARD_NUMBER_MESSAGES: Record<CardNumberProblem, string> = {
  incomplete: 'Digite o número completo do cartão.',
  luhn: 'Número de cartão inválido. Confira os dígitos.',
  brand: 'Bandeira não aceita. Aceitamos Visa, Mastercard, Elo, American Express e Hipercard.',
  length: 'Número de cartão com quantidade de dígitos inválida para a bandeira.',
};

export const cardLabel = (brand: string, last4: string): string =>
  `${CARD_BRAND_LABELS[brand as CardBrand] ?? brand} final ${last4}`;
