import { describe, expect, it } from 'vitest';
import {
  installmentRepasse,
  monthlyRepasse,
  RepasseError,
  reversal,
  setupFeeRepasse,
  splitReceived,
  statementMonthFor,
  sumLines,
} from './repasse';

// A contract of R$ 149,90/mês whose items cost Hiper R$ 55,00/mês, taxa da central 6,5%.
const basis = { monthlyRevenueCents: 14990, monthlyCostCents: 5500, centralFeeBp: 650 };

describe('repasse of a paid installment (SPEC §7)', () => {
  it('a month received in full: 149,90 − 55,00 − 9,74 (6,5% of 149,90 = 9,7435) = 85,16', () => {
    expect(installmentRepasse({ receivedCents: 14990, basis })).toEqual({
      receivedCents: 14990,
      costCents: 5500,
      centralFeeCents: 974,
      fineInterestCents: 0,
      repasseCents: 8516,
    });
  });

  it('the calculator estimate is the same figure', () => {
    expect(monthlyRepasse(basis).repasseCents).toBe(8516);
  });

  it('an anual installment (12 × 149,90 = 1.798,80) costs exactly 12 × 55,00 and pays 6,5% of the whole', () => {
    // taxa: 179880 × 0,065 = 11692,2 → 11692; repasse: 179880 − 66000 − 11692 = 102188
    expect(installmentRepasse({ receivedCents: 179880, basis })).toMatchObject({
      costCents: 66000,
      centralFeeCents: 11692,
      repasseCents: 102188,
    });
  });

  it('a card parcela of 1/3 of a semestral (899,40 / 3 = 299,80) carries 1/3 of the cost', () => {
    // custo: 5500 × 29980 / 14990 = 11000; taxa: 29980 × 0,065 = 1948,7 → 1949
    expect(installmentRepasse({ receivedCents: 29980, basis })).toMatchObject({
      costCents: 11000,
      centralFeeCents: 1949,
      repasseCents: 29980 - 11000 - 1949,
    });
  });

  it('an upgrade proporcional is measured on the differences (R$ 15,48 of a R$ 30,00/mês difference, R$ 10,00 more cost)', () => {
    // custo: 1000 × 1548 / 3000 = 516; taxa: 1548 × 0,065 = 100,62 → 101
    const line = installmentRepasse({
      receivedCents: 1548,
      basis: { monthlyRevenueCents: 3000, monthlyCostCents: 1000, centralFeeBp: 650 },
    });
    expect(line).toMatchObject({ costCents: 516, centralFeeCents: 101, repasseCents: 1548 - 516 - 101 });
  });

  it('multa e juros stay with Hiper by default, go to the Hiperador when configured', () => {
    const base = { receivedCents: 14990, basis, fineInterestCents: 345 };
    expect(installmentRepasse(base)).toMatchObject({ fineInterestCents: 0, repasseCents: 8516 });
    expect(installmentRepasse({ ...base, lateFeesTo: 'hiperador' })).toMatchObject({
      fineInterestCents: 345,
      repasseCents: 8861,
    });
  });

  it('implantação: 100% to the Hiperador by default, or the product’s share', () => {
    expect(setupFeeRepasse({ receivedCents: 49900, resellerShareBp: 10000 })).toMatchObject({
      costCents: 0,
      centralFeeCents: 0,
      repasseCents: 49900,
    });
    // 70% of 499,00 = 349,30; Hiper keeps 149,70
    expect(setupFeeRepasse({ receivedCents: 49900, resellerShareBp: 7000 })).toMatchObject({
      centralFeeCents: 14970,
      repasseCents: 34930,
    });
  });

  it('a refund reverses a line exactly (the two sum to zero)', () => {
    const line = installmentRepasse({
      receivedCents: 14990,
      basis,
      fineInterestCents: 100,
      lateFeesTo: 'hiperador',
    });
    const back = reversal(line);
    expect(back.repasseCents).toBe(-8616);
    expect(sumLines([line, back])).toEqual({
      receivedCents: 0,
      costCents: 0,
      centralFeeCents: 0,
      fineInterestCents: 0,
      repasseCents: 0,
    });
  });

  it('refuses nonsense: negative amounts, fractions of a centavo, a taxa over 100%', () => {
    expect(() => installmentRepasse({ receivedCents: -1, basis })).toThrow(RepasseError);
    expect(() => installmentRepasse({ receivedCents: 10.5, basis })).toThrow('Valor recebido inválido');
    expect(() =>
      installmentRepasse({ receivedCents: 100, basis: { ...basis, centralFeeBp: 10001 } }),
    ).toThrow('Taxa da central inválida');
  });
});

describe('splitting what a charge received over implantação and installment', () => {
  it('received in full: the face values', () => {
    expect(splitReceived(64890, [49900, 14990])).toEqual([49900, 14990]);
  });
  it('a bank discount of R$ 10,00 is shared by face value and sums back', () => {
    // 63890 × 49900 / 64890 = 49131,0… → 49131; the rest 14759
    expect(splitReceived(63890, [49900, 14990])).toEqual([49131, 14759]);
  });
});

describe('which statement a line goes to', () => {
  it('its own month while that month is open', () => {
    expect(statementMonthFor('2026-10', '2026-09')).toBe('2026-10');
    expect(statementMonthFor('2026-10', null)).toBe('2026-10');
  });
  it('the month after the last closed one when it comes late (across a year end too)', () => {
    expect(statementMonthFor('2026-10', '2026-10')).toBe('2026-11');
    expect(statementMonthFor('2026-09', '2026-12')).toBe('2027-01');
  });
});
