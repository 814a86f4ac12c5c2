import { describe, expect, it } from 'vitest';
import { addMonths, businessDateAt, endOfMonth, formatDateBR } from './dates';

describe('business dates', () => {
  it('uses the São Paulo date, not the UTC date', () => {
    // 02:30 UTC on 1 June is still 31 May in São Paulo (UTC−3).
    expect(businessDateAt(new Date('2026-06-01T02:30:00Z'))).toBe('2026-05-31');
    expect(businessDateAt(new Date('2026-06-01T03:00:00Z'))).toBe('2026-06-01');
  });
  it('does month arithmetic on calendar dates', () => {
    expect(endOfMonth('2026-02-10')).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(formatDateBR('2026-07-31')).toBe('31/07/2026');
  });
});
