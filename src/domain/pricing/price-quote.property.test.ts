import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateProportionally } from '../money/money';
import { addonsFor, appsFor, PAYMENT_METHODS, PERIODICITIES, usesCard } from './catalog';
import { demoPriceBook } from './demo-price-book';
import { priceQuote, type QuoteConfiguration } from './price-quote';
import { PRODUCT_CODES } from './products';

const book = demoPriceBook();
const RUNS = { numRuns: 1000 };

/** Any valid calculator configuration on the demo price book, with a negotiation between 0 and 150% of the Original. */
const configuration = fc
  .constantFrom(...PRODUCT_CODES)
  .chain((product) =>
    fc.record({
      product: fc.constant(product),
      addons: fc.record(
        Object.fromEntries(addonsFor(book, product).map((a) => [a.code, fc.integer({ min: 0, max: 30 })])),
      ),
      apps: fc.subarray(appsFor(book, product).map((a) => a.code)),
      periodicity: fc.constantFrom(...PERIODICITIES),
      setupFee: fc.boolean(),
      paymentMethod: fc.constantFrom(...PAYMENT_METHODS),
      negotiatedPermille: fc.option(fc.integer({ min: 1, max: 1500 }), { nil: undefined }),
      installmentsPick: fc.integer({ min: 1, max: 12 }),
    }),
  )
  .map(({ negotiatedPermille, installmentsPick, ...c }): QuoteConfiguration => {
    const base: QuoteConfiguration = { ...c, addons: c.addons as Record<string, number> };
    const original = priceQuote(book, base).monthlyOriginalCents;
    const max = book.maxCardInstallments[c.periodicity];
    return {
      ...base,
      negotiatedMonthlyCents:
        negotiatedPermille === undefined
          ? undefined
          : Math.max(1, Math.round((original * negotiatedPermille) / 1000)),
      cardInstallments: usesCard(c.paymentMethod) ? ((installmentsPick - 1) % max) + 1 : undefined,
    };
  });

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('pricing properties (1.000 runs each)', () => {
  it('every sum reconciles: lines, negotiated split, period total, card parcelas, repasse', () => {
    fc.assert(
      fc.property(configuration, (config) => {
        const q = priceQuote(book, config);
        expect(sum(q.lines.map((l) => l.originalCents))).toBe(q.monthlyOriginalCents);
        expect(sum(q.lines.map((l) => l.minimumCents))).toBe(q.monthlyMinimumCents);
        expect(sum(q.lines.map((l) => l.negotiatedCents))).toBe(q.monthlyNegotiatedCents);
        expect(q.periodTotalCents).toBe(q.monthlyNegotiatedCents * q.months);
        expect(q.firstChargeCents).toBe(q.setupFeeCents + q.periodTotalCents);
        if (q.payment.cardInstallments !== null) {
          expect(q.payment.installmentAmounts).toHaveLength(q.payment.cardInstallments);
          expect(sum(q.payment.installmentAmounts)).toBe(q.periodTotalCents);
        }
        expect(q.repasse.monthlyCents + q.repasse.costCents + q.repasse.centralFeeCents).toBe(
          q.monthlyNegotiatedCents,
        );
        for (const v of [
          q.monthlyOriginalCents,
          q.periodTotalCents,
          ...q.lines.map((l) => l.negotiatedCents),
        ]) {
          expect(Number.isSafeInteger(v)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('a valid negotiation never puts a line below its floor, and the repasse is never negative', () => {
    fc.assert(
      fc.property(configuration, (config) => {
        const q = priceQuote(book, config);
        if (q.violations.length > 0) {
          expect(q.violations.map((v) => v.code)).toEqual(['below_minimum']);
          expect(q.monthlyNegotiatedCents).toBeLessThan(q.monthlyMinimumCents);
          return;
        }
        for (const l of q.lines) expect(l.negotiatedCents).toBeGreaterThanOrEqual(l.minimumCents);
        expect(q.repasse.monthlyCents).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('a longer periodicity is never dearer per month', () => {
    fc.assert(
      fc.property(configuration, (config) => {
        const [mensal, semestral, anual] = priceQuote(book, config).options;
        expect(semestral!.monthlyOriginalCents).toBeLessThanOrEqual(mensal!.monthlyOriginalCents);
        expect(anual!.monthlyOriginalCents).toBeLessThanOrEqual(semestral!.monthlyOriginalCents);
        expect(semestral!.monthlyMinimumCents).toBeLessThanOrEqual(mensal!.monthlyMinimumCents);
        expect(anual!.monthlyMinimumCents).toBeLessThanOrEqual(semestral!.monthlyMinimumCents);
      }),
      RUNS,
    );
  });

  it('the result does not depend on the order the add-ons and apps were given in', () => {
    fc.assert(
      fc.property(
        configuration.chain((config) =>
          fc.tuple(
            fc.constant(config),
            fc.shuffledSubarray(config.apps as string[], { minLength: config.apps.length }),
            fc.shuffledSubarray(Object.entries(config.addons), {
              minLength: Object.keys(config.addons).length,
            }),
          ),
        ),
        ([config, apps, addons]) => {
          const reordered = { ...config, apps, addons: Object.fromEntries(addons) };
          expect(priceQuote(book, reordered)).toEqual(priceQuote(book, config));
        },
      ),
      RUNS,
    );
  });

  it('allocateProportionally sums back and gives each weight floor or ceil of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocateProportionally(total, weights);
          expect(sum(parts)).toBe(total);
          const w = sum(weights);
          if (w === 0) return;
          parts.forEach((p, i) => {
            const exact = (total * weights[i]!) / w;
            expect(p).toBeGreaterThanOrEqual(Math.floor(exact) - 1e-9);
            expect(p).toBeLessThanOrEqual(Math.ceil(exact) + 1e-9);
          });
        },
      ),
      RUNS,
    );
  });
});
