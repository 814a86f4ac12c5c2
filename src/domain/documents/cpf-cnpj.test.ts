import { describe, expect, it } from 'vitest';
import {
  cnpjCheckDigits,
  documentKind,
  formatDocument,
  isValidCnpj,
  isValidCpf,
  maskCnpj,
  maskCpf,
  maskDocument,
} from './cpf-cnpj';

describe('CPF', () => {
  it('accepts valid CPFs with or without the mask', () => {
    expect(isValidCpf('529.982.247-25')).toBe(true);
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('111.444.777-35')).toBe(true);
  });
  it('rejects a wrong check digit, wrong length and all-equal digits', () => {
    expect(isValidCpf('529.982.247-24')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
    expect(isValidCpf('111.111.111-11')).toBe(false);
  });
});

describe('CNPJ', () => {
  it('accepts numeric CNPJs', () => {
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11444777000161')).toBe(true);
  });
  it('accepts the alphanumeric CNPJ example published by the Receita Federal (12.ABC.345/01DE-35)', () => {
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('12abc34501de35')).toBe(true);
  });
  it('rejects wrong check digits, letters in the check digits and all-equal digits', () => {
    expect(isValidCnpj('11.222.333/0001-82')).toBe(false);
    expect(isValidCnpj('12.ABC.345/01DE-36')).toBe(false);
    expect(isValidCnpj('12ABC34501DE3A')).toBe(false);
    expect(isValidCnpj('00000000000000')).toBe(false);
  });
  it('formats and classifies documents', () => {
    expect(formatDocument('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(formatDocument('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatDocument('52998224725')).toBe('529.982.247-25');
    expect(documentKind('52998224725')).toBe('cpf');
    expect(documentKind('12.ABC.345/01DE-35')).toBe('cnpj');
    expect(documentKind('123')).toBeNull();
  });
});

describe('input masks for the UI', () => {
  it('masks a CPF progressively', () => {
    expect(maskCpf('')).toBe('');
    expect(maskCpf('529')).toBe('529');
    expect(maskCpf('5299')).toBe('529.9');
    expect(maskCpf('5299822')).toBe('529.982.2');
    expect(maskCpf('52998224725')).toBe('529.982.247-25');
    expect(maskCpf('529.982.247-25999')).toBe('529.982.247-25');
  });

  it('masks a CNPJ progressively, alphanumeric included', () => {
    expect(maskCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(maskCnpj('12abc3')).toBe('12.ABC.3');
    expect(maskCnpj('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
    // The two check digits are numeric: letters there are dropped.
    expect(maskCnpj('12ABC34501DEX35')).toBe('12.ABC.345/01DE-35');
  });

  it('chooses CPF or CNPJ as the user types', () => {
    expect(maskDocument('5299822472')).toBe('529.982.247-2');
    expect(maskDocument('52998224725')).toBe('529.982.247-25');
    expect(maskDocument('112223330001')).toBe('11.222.333/0001');
    expect(maskDocument('12a')).toBe('12.A');
    expect(maskDocument('12.ABC.345/01DE-35')).toBe('12.ABC.345/01DE-35');
    expect(maskDocument('123.456.789-09')).toBe('123.456.789-09');
  });
});
