import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PixError } from './br-code';
import {
  apiPixAmount,
  apiPixPercent,
  buildCobvBody,
  generateCobvTxid,
  generateStaticTxid,
  isCobvTxid,
  lastPayableDay,
  randomAlphanumeric,
} from './cobv';

describe('lastPayableDay (due date → business day, + validity, → business day)', () => {
  it('counts the validity from the due date when it is a business day', () => {
    // Thu 15/01/2026 + 30 calendar days = Sat 14/02 → Carnival Mon 16 and Tue 17 → Wed 18/02/2026.
    expect(lastPayableDay('2026-01-15', 30)).toBe('2026-02-18');
    expect(lastPayableDay('2026-03-10', 0)).toBe('2026-03-10');
  });

  it('moves a due date on a weekend or holiday first, then counts', () => {
    // Fri 20/11/2026 is national (Consciência Negra) → Mon 23/11; validity 0 → 23/11.
    expect(lastPayableDay('2026-11-20', 0)).toBe('2026-11-23');
    // Sat 30/05/2026 → Mon 01/06; + 3 = Thu 04/06 Corpus Christi → Fri 05/06/2026.
    expect(lastPayableDay('2026-05-30', 3)).toBe('2026-06-05');
    // Fri 06/03/2026 + 28 = Fri 03/04 (Sexta-feira da Paixão) → Mon 06/04/2026.
    expect(lastPayableDay('2026-03-06', 28)).toBe('2026-04-06');
  });

  it('uses 30 days by default and accepts a corrected holiday table', () => {
    expect(lastPayableDay('2026-01-15')).toBe('2026-02-18');
    expect(lastPayableDay('2026-03-10', 0, { extraHolidays: ['2026-03-10'] })).toBe('2026-03-11');
  });

  it('refuses a negative or fractional validity', () => {
    expect(() => lastPayableDay('2026-01-15', -1)).toThrow(PixError);
    expect(() => lastPayableDay('2026-01-15', 1.5)).toThrow('número inteiro de dias');
  });
});

describe('buildCobvBody', () => {
  const base = {
    key: '11222333000181',
    dueDate: '2026-03-15',
    amountCents: 12345,
    fineBasisPoints: 200,
    interestMonthlyBasisPoints: 100,
    debtor: { document: '529.982.247-25', name: 'Maria da Silva' },
  };

  it("builds the body BACEN's API Pix expects for PUT /cobv/{txid}", () => {
    expect(buildCobvBody({ ...base, payerMessage: 'Mensalidade março/2026' })).toEqual({
      calendario: { dataDeVencimento: '2026-03-15', validadeAposVencimento: 30 },
      devedor: { cpf: '52998224725', nome: 'Maria da Silva' },
      valor: {
        original: '123.45',
        multa: { modalidade: 2, valorPerc: '2.00' },
        juros: { modalidade: 3, valorPerc: '1.00' },
      },
      chave: '11222333000181',
      solicitacaoPagador: 'Mensalidade março/2026',
    });
  });

  it('uses cnpj for a company (also alphanumeric) and omits zero fine/interest', () => {
    const body = buildCobvBody({
      ...base,
      fineBasisPoints: 0,
      interestMonthlyBasisPoints: 0,
      validityAfterDueDays: 10,
      debtor: { document: '12.ABC.345/01DE-35', name: 'Empresa Exemplo Ltda' },
    });
    expect(body.devedor).toEqual({ cnpj: '12ABC34501DE35', nome: 'Empresa Exemplo Ltda' });
    expect(body.valor).toEqual({ original: '123.45' });
    expect(body.calendario.validadeAposVencimento).toBe(10);
    expect(body.solicitacaoPagador).toBeUndefined();
  });

  it('adds fixed discounts until dates (sorted) and an abatimento', () => {
    const body = buildCobvBody({
      ...base,
      rebateCents: 500,
      discounts: [
        { until: '2026-03-10', amountCents: 1000 },
        { until: '2026-03-05', amountCents: 2000 },
      ],
    });
    expect(body.valor.abatimento).toEqual({ modalidade: 1, valorPerc: '5.00' });
    expect(body.valor.desconto).toEqual({
      modalidade: 1,
      descontoDataFixa: [
        { data: '2026-03-05', valorPerc: '20.00' },
        { data: '2026-03-10', valorPerc: '10.00' },
      ],
    });
  });

  it('refuses what the PSP would refuse, in Portuguese', () => {
    expect(() => buildCobvBody({ ...base, amountCents: 0 })).toThrow('maior que zero');
    expect(() => buildCobvBody({ ...base, debtor: { document: '111.111.111-11', name: 'X' } })).toThrow(
      'CPF/CNPJ do devedor inválido',
    );
    expect(() => buildCobvBody({ ...base, debtor: { document: '52998224725', name: ' ' } })).toThrow('nome');
    expect(() => buildCobvBody({ ...base, dueDate: '15/03/2026' })).toThrow('AAAA-MM-DD');
    expect(() => buildCobvBody({ ...base, discounts: [{ until: '2026-03-16', amountCents: 1 }] })).toThrow(
      'anterior ao vencimento',
    );
    expect(() => buildCobvBody({ ...base, rebateCents: 12345 })).toThrow('abatimento');
    expect(() => buildCobvBody({ ...base, key: '' })).toThrow('chave Pix');
  });

  it('writes amounts and percentages with integers only', () => {
    expect(apiPixAmount(0)).toBe('0.00');
    expect(apiPixAmount(5)).toBe('0.05');
    expect(apiPixAmount(123456789_23)).toBe('123456789.23');
    expect(() => apiPixAmount(1.5)).toThrow(PixError);
    expect(apiPixPercent(33)).toBe('0.33');
    expect(apiPixPercent(1250)).toBe('12.50');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_99 }), (cents) => {
        const text = apiPixAmount(cents);
        expect(text).toMatch(/^\d{1,10}\.\d{2}$/);
        expect(Number(text.replace('.', ''))).toBe(cents);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('txid generators', () => {
  const bytes = (seed: number[]) => {
    let i = 0;
    return (size: number) => Uint8Array.from({ length: size }, () => seed[i++ % seed.length]!);
  };

  it('cobv txids match [a-zA-Z0-9]{26,35}', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 26, max: 35 }),
        (seed, length) => {
          fc.pre(seed.some((b) => b < 248));
          const txid = generateCobvTxid(bytes([...seed]), length);
          expect(txid).toHaveLength(length);
          expect(isCobvTxid(txid)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
    expect(() => generateCobvTxid(bytes([1]), 25)).toThrow('26 a 35');
    expect(isCobvTxid('a'.repeat(25))).toBe(false);
    expect(isCobvTxid(`${'a'.repeat(30)}-`)).toBe(false);
  });

  it('static txids fit field 62-05 (25 characters) and skip biased bytes', () => {
    expect(generateStaticTxid(bytes([0, 25, 26, 51, 52, 61, 62, 255]))).toBe(
      `AZaz09A${'AZaz09A'.repeat(3).slice(0, 18)}`,
    );
    expect(randomAlphanumeric(bytes([248, 249, 250, 0]), 3)).toBe('AAA');
  });
});
