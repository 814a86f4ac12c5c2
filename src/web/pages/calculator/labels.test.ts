import { describe, expect, it } from 'vitest';
import { formatPercentBp, maskCep, maskDocument, maskPhone, plural } from './labels';

describe('calculator input masks', () => {
  it('masks a CPF and a numeric CNPJ progressively', () => {
    expect(maskDocument('123')).toBe('123');
    expect(maskDocument('1234567')).toBe('123.456.7');
    expect(maskDocument('12345678909')).toBe('123.456.789-09');
    expect(maskDocument('112223330001812')).toBe('11.222.333/0001-81');
  });

  it('keeps the letters of an alphanumeric CNPJ, upper-cased', () => {
    expect(maskDocument('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(maskDocument('12.ABC')).toBe('12.ABC');
  });

  it('masks CEP and phone', () => {
    expect(maskCep('13010100')).toBe('13010-100');
    expect(maskCep('1301')).toBe('1301');
    expect(maskPhone('11987654321')).toBe('(11) 98765-4321');
    expect(maskPhone('1133334444')).toBe('(11) 3333-4444');
  });

  it('formats percentages and plurals in pt-BR', () => {
    expect(formatPercentBp(2000)).toBe('20%');
    expect(formatPercentBp(1250)).toBe('12,5%');
    expect(plural(1, 'filial', 'filiais')).toBe('1 filial');
    expect(plural(3, 'filial', 'filiais')).toBe('3 filiais');
  });
});
