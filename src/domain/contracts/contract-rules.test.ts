import { describe, expect, it } from 'vitest';
import { isValidCnpj } from '../documents/cpf-cnpj';
import {
  allowedContractKinds,
  CONTRACTED_PARTY,
  contractKindRefusal,
  contractNumber,
} from './contract-rules';

describe('contract kinds', () => {
  it('ativação for a new client, migração first when it already has a liberado até, alteração when signed', () => {
    expect(allowedContractKinds({ hasSignedContract: false, paidThrough: null, staff: false })).toEqual([
      'ativacao',
    ]);
    expect(
      allowedContractKinds({ hasSignedContract: false, paidThrough: '2026-07-31', staff: false }),
    ).toEqual(['migracao', 'ativacao']);
    expect(
      allowedContractKinds({ hasSignedContract: true, paidThrough: '2026-07-31', staff: false }),
    ).toEqual(['alteracao']);
    expect(allowedContractKinds({ hasSignedContract: true, paidThrough: null, staff: true })).toEqual([
      'alteracao',
      'migracao',
    ]);
    expect(allowedContractKinds({ hasSignedContract: false, paidThrough: null, staff: true })).toEqual([
      'ativacao',
      'migracao',
    ]);
  });

  it('explains a refused kind in Portuguese', () => {
    const ctx = { hasSignedContract: false, paidThrough: null, staff: false };
    expect(contractKindRefusal('ativacao', ctx)).toBeNull();
    expect(contractKindRefusal('alteracao', ctx)).toMatch(/contrato assinado/);
    expect(contractKindRefusal('migracao', ctx)).toMatch(/liberado até/);
  });

  it('numbers contracts like proposals and uses a valid CNPJ for the contracted party', () => {
    expect(contractNumber('2026', 7)).toBe('2026-000007');
    expect(isValidCnpj(CONTRACTED_PARTY.document)).toBe(true);
  });
});
