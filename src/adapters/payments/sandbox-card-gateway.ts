import { createHash, randomBytes } from 'node:crypto';
import type {
  CardChargeRequest,
  CardChargeResult,
  CardGateway,
  SandboxOutcome,
  SandboxTestCard,
  TokenizedCardDetails,
} from '../../app/payments/card-gateway';
import { AppError } from '../../app/shared/errors';
import type { Clock } from '../../app/shared/ports';
import { businessDateAt } from '../../domain/calendar/dates';
import {
  CARD_BRANDS,
  CARD_NUMBER_MESSAGES,
  type CardBrand,
  cardDigits,
  cardExpired,
  cardNumberProblem,
  cvvLength,
  detectCardBrand,
} from '../../domain/payments/card-number';

/**
 * Test numbers of the embedded sandbox gateway (also shown on the card page in sandbox mode):
 *
 * | número              | bandeira | resultado da cobrança                              |
 * |---------------------|----------|----------------------------------------------------|
 * | 4111 1111 1111 1111 | Visa     | aprovada                                           |
 * | 4000 0000 0000 0002 | Visa     | recusada — "Cartão recusado pelo emissor" (05)     |
 * | 4000 0000 0000 9995 | Visa     | recusada — "Saldo insuficiente" (51)               |
 *
 * Any other number that passes Luhn, of an accepted brand (Visa, Mastercard, Elo, American Express,
 * Hipercard), is approved. Any future expiry (MM/AA) and any CVV of the brand's length (3; Amex 4).
 * Decline codes follow the ABECS response-code standard (05 não autorizada, 51 saldo/limite insuficiente,
 * 54 cartão vencido, 14 cartão inválido).
 */
export const SANDBOX_TEST_CARDS: readonly SandboxTestCard[] = [
  { number: '4111 1111 1111 1111', brand: 'visa', outcome: 'approved', description: 'Aprovado' },
  {
    number: '4000 0000 0000 0002',
    brand: 'visa',
    outcome: 'declined',
    description: 'Recusado: Cartão recusado pelo emissor',
  },
  {
    number: '4000 0000 0000 9995',
    brand: 'visa',
    outcome: 'insufficient_funds',
    description: 'Recusado: Saldo insuficiente',
  },
];

export const SANDBOX_DECLINES = {
  declined: { reasonCode: '05', reason: 'Cartão recusado pelo emissor' },
  insufficient_funds: { reasonCode: '51', reason: 'Saldo insuficiente' },
  expired: { reasonCode: '54', reason: 'Cartão vencido' },
  unknown: { reasonCode: '14', reason: 'Cartão inválido ou não reconhecido pelo gateway' },
} as const;

const OUTCOME_CODES: Record<SandboxOutcome, string> = {
  approved: 'a',
  declined: 'd',
  insufficient_funds: 'f',
};

const TOKEN_PREFIX = 'tok_sandbox_';
const TOKEN_RE = /^tok_sandbox_([A-Za-z0-9_-]{8,80})\.([A-Za-z0-9_-]{16})$/;

export interface SandboxCardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvv: string;
  holder_name?: string | undefined;
}

export interface SandboxToken extends TokenizedCardDetails {
  token: string;
}

export interface SandboxTransaction {
  transactionId: string | null;
  idempotencyKey: string;
  amountCents: number;
  installments: number;
  result: CardChargeResult;
}

const invalid = (message: string, field: string) => new AppError('validation_failed', message, field);

/**
 * The embedded card gateway: it plays the third-party service (tokenization endpoint mounted outside our
 * API, see card-routes.ts). The number and CVV are checked and dropped at once: the token carries only the
 * outcome, brand, last 4 digits and expiry, so tokens still work after a restart. Charges are idempotent
 * by key (kept in memory; the transaction id is derived from the key, so a replay after a restart gets the
 * same id and the payment is not applied twice).
 */
export class SandboxCardGateway implements CardGateway {
  readonly name = 'card-sandbox';
  readonly sandbox = true;
  readonly testNumbers = SANDBOX_TEST_CARDS;
  private readonly byKey = new Map<string, SandboxTransaction>();
  /** Every charge actually performed (a replayed key is not a new one). */
  readonly transactions: SandboxTransaction[] = [];

  constructor(private readonly clock: Clock) {}

  /** The gateway's tokenization (in production this is the gateway's own JS/API, never our server). */
  tokenize(input: SandboxCardInput): SandboxToken {
    const digits = cardDigits(input.number);
    if (/[^\d\s.-]/.test(input.number)) throw invalid(CARD_NUMBER_MESSAGES.luhn, 'number');
    const problem = cardNumberProblem(digits);
    if (problem) throw invalid(CARD_NUMBER_MESSAGES[problem], 'number');
    const brand = detectCardBrand(digits)!;
    const month = input.exp_month;
    const year = input.exp_year < 100 ? 2000 + input.exp_year : input.exp_year;
    if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || year > 2100) {
      throw invalid('Validade inválida. Use MM/AA.', 'exp_month');
    }
    if (cardExpired(month, year, businessDateAt(this.clock.now()))) {
      throw invalid('Cartão vencido. Confira a validade (MM/AA).', 'exp_year');
    }
    const cvv = input.cvv.trim();
    if (!/^\d{3,4}$/.test(cvv) || cvv.length !== cvvLength(brand)) {
      throw invalid(
        `Código de segurança (CVV) inválido: ${cvvLength(brand)} dígitos ${brand === 'amex' ? 'na frente' : 'no verso'} do cartão.`,
        'cvv',
      );
    }
    const printed = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
    const outcome = SANDBOX_TEST_CARDS.find((c) => c.number === printed)?.outcome ?? 'approved';
    const last4 = digits.slice(-4);
    const payload = Buffer.from(
      [OUTCOME_CODES[outcome], brand, last4, month, year].join('|'),
      'utf8',
    ).toString('base64url');
    const token = `${TOKEN_PREFIX}${payload}.${randomBytes(12).toString('base64url')}`;
    return { token, brand, last4, expMonth: month, expYear: year };
  }

  async describe(token: string): Promise<TokenizedCardDetails | null> {
    return decodeToken(token)?.details ?? null;
  }

  async charge(request: CardChargeRequest): Promise<CardChargeResult> {
    if (!Number.isSafeInteger(request.amountCents) || request.amountCents <= 0) {
      throw new Error(`Valor inválido para cobrança no cartão: ${request.amountCents}`);
    }
    if (!Number.isInteger(request.installments) || request.installments < 1 || request.installments > 12) {
      throw new Error(`Número de parcelas inválido: ${request.installments}`);
    }
    const previous = this.byKey.get(request.idempotencyKey);
    if (previous) return previous.result;

    const decoded = decodeToken(request.token);
    let result: CardChargeResult;
    if (!decoded) result = { status: 'declined', ...SANDBOX_DECLINES.unknown };
    else if (cardExpired(decoded.details.expMonth, decoded.details.expYear, businessDateAt(this.clock.now())))
      result = { status: 'declined', ...SANDBOX_DECLINES.expired };
    else if (decoded.outcome === 'approved')
      result = { status: 'approved', transactionId: transactionIdFor(request.idempotencyKey) };
    else result = { status: 'declined', ...SANDBOX_DECLINES[decoded.outcome] };

    const transaction: SandboxTransaction = {
      transactionId: result.status === 'approved' ? result.transactionId : null,
      idempotencyKey: request.idempotencyKey,
      amountCents: request.amountCents,
      installments: request.installments,
      result,
    };
    this.byKey.set(request.idempotencyKey, transaction);
    this.transactions.push(transaction);
    return result;
  }
}

/** Deterministic per key: the same key after a restart names the same transaction. */
const transactionIdFor = (key: string) =>
  `txn_sandbox_${createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 24)}`;

function decodeToken(token: string): { outcome: SandboxOutcome; details: TokenizedCardDetails } | null {
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  const parts = Buffer.from(m[1]!, 'base64url').toString('utf8').split('|');
  if (parts.length !== 5) return null;
  const [code, brand, last4, month, year] = parts as [string, string, string, string, string];
  const outcome = (Object.keys(OUTCOME_CODES) as SandboxOutcome[]).find((o) => OUTCOME_CODES[o] === code);
  if (!outcome || !CARD_BRANDS.includes(brand as CardBrand) || !/^\d{4}$/.test(last4)) return null;
  const expMonth = Number(month);
  const expYear = Number(year);
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12 || !Number.isInteger(expYear)) return null;
  return { outcome, details: { brand: brand as CardBrand, last4, expMonth, expYear } };
}
