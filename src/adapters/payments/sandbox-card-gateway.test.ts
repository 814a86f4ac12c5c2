import { isValidCreditCard } from '@brazilian-utils/brazilian-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app/shared/errors';
import {
  cardExpired,
  cardNumberProblem,
  detectCardBrand,
  formatCardNumberInput,
  formatExpiryInput,
  luhnValid,
  parseExpiry,
} from '../../domain/payments/card-number';
import { manualClock } from '../../test-support/test-system';
import { SANDBOX_TEST_CARDS, SandboxCardGateway } from './sandbox-card-gateway';

// 2026-06-01 09:00 in São Paulo.
const clock = () => manualClock(new Date('2026-06-01T12:00:00Z'));
const card = (number: string, extra: Partial<{ exp_month: number; exp_year: number; cvv: string }> = {}) => ({
  number,
  exp_month: 12,
  exp_year: 2030,
  cvv: '123',
  ...extra,
});

function refusal(fn: () => unknown): { message: string; field: string | undefined } {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { message: err.message, field: err.field };
    throw err;
  }
  throw new Error('esperava uma recusa');
}

describe('card numbers (pure)', () => {
  // Published test PANs: the networks' / acquirers' sandbox lists (Visa 4111…, Mastercard 5555…4444,
  // Amex 378282246310005 — the numbers @brazilian-utils documents too; Elo 6362 9700 0045 7013 from
  // Cielo's sandbox; Hipercard 6062 8256 2425 4001 from the Cielo/Rede test tables).
  it.each([
    ['4111 1111 1111 1111', 'visa'],
    ['5555 5555 5555 4444', 'mastercard'],
    ['2223 0000 4840 0011', 'mastercard'],
    ['3782 822463 10005', 'amex'],
    ['6362 9700 0045 7013', 'elo'],
    ['4514 1600 0000 0000', 'elo'],
    ['6062 8256 2425 4001', 'hipercard'],
  ])('%s is %s', (number, brand) => {
    expect(detectCardBrand(number)).toBe(brand);
  });

  it('detects the brand while typing and masks as 0000 0000 0000 0000 (Amex 0000 000000 00000)', () => {
    expect(detectCardBrand('4')).toBe('visa');
    expect(detectCardBrand('55')).toBe('mastercard');
    expect(detectCardBrand('9')).toBeNull();
    expect(formatCardNumberInput('4111111111111111999')).toBe('4111 1111 1111 1111 999');
    expect(formatCardNumberInput('5555x5555 55555')).toBe('5555 5555 5555 5');
    expect(formatCardNumberInput('378282246310005')).toBe('3782 822463 10005');
    expect(formatExpiryInput('1230')).toBe('12/30');
    expect(parseExpiry('12/30')).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry('13/30')).toBeNull();
  });

  it('Luhn agrees with @brazilian-utils isValidCreditCard on any 13–19 digit number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{12,18}$/), (digits) => {
        if (/^(\d)\1+$/.test(digits)) return; // the library rejects repeated digits on purpose
        expect(luhnValid(digits)).toBe(isValidCreditCard(digits));
      }),
    );
  });

  it('a card is valid through the last day of its month (São Paulo date)', () => {
    expect(cardExpired(5, 2026, '2026-06-01')).toBe(true);
    expect(cardExpired(6, 2026, '2026-06-30')).toBe(false);
    expect(cardExpired(12, 2025, '2026-01-01')).toBe(true);
    expect(cardNumberProblem('4111 1111 1111 1112')).toBe('luhn');
    expect(cardNumberProblem('4111 1111')).toBe('incomplete');
    expect(cardNumberProblem('9111 1111 1111 1116')).toBe('brand');
  });
});

describe('SandboxCardGateway', () => {
  it('every documented test number is a valid Visa (Luhn cross-checked by @brazilian-utils)', () => {
    for (const t of SANDBOX_TEST_CARDS) {
      expect(isValidCreditCard(t.number)).toBe(true);
      expect(detectCardBrand(t.number)).toBe('visa');
    }
  });

  it('tokenizes into an opaque token with brand, last 4 and expiry — never the number or CVV', async () => {
    const g = new SandboxCardGateway(clock());
    const t = g.tokenize(card('4111 1111 1111 1111', { cvv: '987' }));
    expect(t).toMatchObject({ brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 });
    expect(t.token).toMatch(/^tok_sandbox_/);
    const decoded = Buffer.from(t.token.slice(12).split('.')[0]!, 'base64url').toString('utf8');
    for (const s of [t.token, decoded]) {
      expect(s).not.toContain('4111111111111111');
      expect(s).not.toContain('987');
    }
    // Two tokenizations of the same card are different tokens; both describe the card.
    const again = g.tokenize(card('4111111111111111'));
    expect(again.token).not.toBe(t.token);
    expect(await g.describe(t.token)).toEqual({ brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 });
    expect(await g.describe('tok_sandbox_forjado')).toBeNull();
  });

  it('refuses bad numbers, past expiry (São Paulo month) and bad CVVs with pt-BR messages', () => {
    const g = new SandboxCardGateway(clock());
    expect(refusal(() => g.tokenize(card('4111 1111 1111 1112')))).toEqual({
      message: 'Número de cartão inválido. Confira os dígitos.',
      field: 'number',
    });
    expect(refusal(() => g.tokenize(card('4111 1111 1111 1111', { exp_month: 5, exp_year: 2026 })))).toEqual({
      message: 'Cartão vencido. Confira a validade (MM/AA).',
      field: 'exp_year',
    });
    // June 2026 is still valid on 2026-06-01.
    expect(g.tokenize(card('4111 1111 1111 1111', { exp_month: 6, exp_year: 26 })).expYear).toBe(2026);
    expect(refusal(() => g.tokenize(card('4111 1111 1111 1111', { cvv: '12' }))).field).toBe('cvv');
    expect(refusal(() => g.tokenize(card('3782 822463 10005', { cvv: '123' }))).message).toBe(
      'Código de segurança (CVV) inválido: 4 dígitos na frente do cartão.',
    );
    expect(g.tokenize(card('3782 822463 10005', { cvv: '1234' })).brand).toBe('amex');
    expect(refusal(() => g.tokenize(card('4111 1111 1111 1111', { exp_month: 13 }))).field).toBe('exp_month');
  });

  it('approves 4111…, declines 4000…0002 and 4000…9995 with the reasons, once per idempotency key', async () => {
    const g = new SandboxCardGateway(clock());
    const charge = (number: string, key: string) =>
      g.charge({
        token: g.tokenize(card(number)).token,
        amountCents: 19_990,
        installments: 3,
        idempotencyKey: key,
        description: 'teste',
      });
    const approved = await charge('4111 1111 1111 1111', 'c1:1');
    expect(approved).toMatchObject({ status: 'approved' });
    expect(await charge('4000 0000 0000 0002', 'c2:1')).toEqual({
      status: 'declined',
      reasonCode: '05',
      reason: 'Cartão recusado pelo emissor',
    });
    expect(await charge('4000 0000 0000 9995', 'c3:1')).toEqual({
      status: 'declined',
      reasonCode: '51',
      reason: 'Saldo insuficiente',
    });
    expect(g.transactions).toHaveLength(3);
    // Same key: same answer, no new charge (even with another token).
    expect(await charge('4111 1111 1111 1111', 'c1:1')).toEqual(approved);
    expect(await charge('4111 1111 1111 1111', 'c3:1')).toMatchObject({ status: 'declined' });
    expect(g.transactions).toHaveLength(3);
    expect(g.transactions[0]).toMatchObject({ amountCents: 19_990, installments: 3 });
  });

  it('a token survives a restart: a new gateway instance charges it with the same transaction id', async () => {
    const first = new SandboxCardGateway(clock());
    const token = first.tokenize(card('4111 1111 1111 1111')).token;
    const req = { token, amountCents: 100, installments: 1, idempotencyKey: 'k:1', description: 'x' };
    const a = await first.charge(req);
    const b = await new SandboxCardGateway(clock()).charge(req);
    expect(b).toEqual(a);
  });

  it('declines a card that expired since it was registered, and an unknown token', async () => {
    const c = clock();
    const g = new SandboxCardGateway(c);
    const token = g.tokenize(card('4111 1111 1111 1111', { exp_month: 6, exp_year: 2026 })).token;
    c.advance(31 * 24 * 60 * 60 * 1000); // July 2026
    const req = { amountCents: 100, installments: 1, description: 'x' };
    expect(await g.charge({ ...req, token, idempotencyKey: 'e:1' })).toEqual({
      status: 'declined',
      reasonCode: '54',
      reason: 'Cartão vencido',
    });
    expect(await g.charge({ ...req, token: 'tok_qualquer', idempotencyKey: 'e:2' })).toMatchObject({
      status: 'declined',
      reasonCode: '14',
    });
  });
});
