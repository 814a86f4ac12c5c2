import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle } from './charges';

describe('settle', () => {
  it('settles a charge paid exactly', () => {
    expect(settle({ amountCents: 40000, paidCents: 0 }, { amountCents: 40000 })).toMatchObject({
      principalCents: 40000,
      overpaidCents: 0,
      balanceCents: 0,
      settled: true,
    });
  });

  it('keeps fine and interest apart from the face value', () => {
    expect(
      settle({ amountCents: 10000, paidCents: 0 }, { amountCents: 10250, fineInterestCents: 250 }),
    ).toMatchObject({
      principalCents: 10000,
      fineInterestCents: 250,
      overpaidCents: 0,
      settled: true,
    });
  });

  it('leaves an under-payment open with its balance', () => {
    expect(settle({ amountCents: 10000, paidCents: 0 }, { amountCents: 9000 })).toMatchObject({
      principalCents: 9000,
      paidCentsAfter: 9000,
      balanceCents: 1000,
      settled: false,
    });
  });

  it('turns an over-payment into credit', () => {
    expect(settle({ amountCents: 10000, paidCents: 4000 }, { amountCents: 7000 })).toMatchObject({
      principalCents: 6000,
      overpaidCents: 1000,
      balanceCents: 0,
      settled: true,
    });
  });

  it('counts the bank discount towards the face value', () => {
    expect(
      settle({ amountCents: 10000, paidCents: 0 }, { amountCents: 9500, discountCents: 500 }),
    ).toMatchObject({
      principalCents: 9500,
      balanceCents: 0,
      settled: true,
    });
  });

  it('a payment to an already paid charge is all credit', () => {
    expect(settle({ amountCents: 10000, paidCents: 10000 }, { amountCents: 10000 })).toMatchObject({
      principalCents: 0,
      overpaidCents: 10000,
    });
  });

  it('always reconciles: principal + fine/interest + overpaid = paid amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (amount, paidBefore, paid, fine) => {
          const paidCents = Math.min(paidBefore, amount);
          const s = settle(
            { amountCents: amount, paidCents },
            { amountCents: paid + fine, fineInterestCents: fine },
          );
          expect(s.principalCents + s.fineInterestCents + s.overpaidCents).toBe(paid + fine);
          expect(s.principalCents).toBeGreaterThanOrEqual(0);
          expect(s.paidCentsAfter + s.balanceCents).toBe(amount);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
