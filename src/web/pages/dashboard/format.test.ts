import { describe, expect, it } from 'vitest';
import { competenceBR, percentFromBp, shortMonth } from './format';

describe('dashboard formatting', () => {
  it('writes months and percentages the Brazilian way', () => {
    expect(shortMonth('2026-06')).toBe('jun/26');
    expect(competenceBR('2026-07')).toBe('07/2026');
    expect(percentFromBp(7000)).toBe('70,00%');
    expect(percentFromBp(1234)).toBe('12,34%');
    expect(percentFromBp(5)).toBe('0,05%');
    expect(percentFromBp(10000)).toBe('100,00%');
  });
});
