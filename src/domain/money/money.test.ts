import { describe, expect, it } from 'vitest';
import { applyBasisPoints, formatBRL, parseBRL, splitEvenly } from './money';

describe('money', () => {
  it('formats centavos as pt-BR reais', () => {
    expect(formatBRL(123456)).toBe('R$ 1.234,56');
    expect(formatBRL(8990)).toBe('R$ 89,90');
    expect(formatBRL(0)).toBe('R$ 0,00');
  });
  it('parses what a person types', () => {
    expect(parseBRL('R$ 1.234,56')).toBe(123456);
    expect(parseBRL('89,9')).toBe(8990);
    expect(parseBRL('12')).toBe(1200);
    expect(parseBRL('12,345')).toBeNull();
    expect(parseBRL('abc')).toBeNull();
  });
  it('applies percentages half-up to the centavo', () => {
    expect(applyBasisPoints(8990, 650)).toBe(584); // 584,35 → 584
    expect(applyBasisPoints(10, 5000)).toBe(5);
    expect(applyBasisPoints(1, 5000)).toBe(1); // 0,5 → 1
    expect(applyBasisPoints(17990, 1000)).toBe(1799);
  });
  it('splits a total into parts that sum back to the whole', () => {
    expect(splitEvenly(10000, 3)).toEqual([3334, 3333, 3333]);
    const parts = splitEvenly(107880, 12);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(107880);
  });
});
