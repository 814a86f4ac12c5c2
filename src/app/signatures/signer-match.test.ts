import { describe, expect, it } from 'vitest';
import { maskCpf, maskEmail, normalizeName, signerMatches } from './signer-match';

describe('signer match', () => {
  const signer = { name: 'Joana Ribeiro Alves', cpf: '52998224725' };

  it('compares names without case, accents or extra spaces, and CPFs by their digits', () => {
    expect(normalizeName('  JOÂNA   Ribeiro  álves ')).toBe('joana ribeiro alves');
    expect(signerMatches({ name: 'joana ribeiro alves', cpf: '529.982.247-25' }, signer)).toBe(true);
    expect(signerMatches({ name: 'Joana Alves', cpf: '529.982.247-25' }, signer)).toBe(false);
    expect(signerMatches({ name: signer.name, cpf: '529.982.247-2' }, signer)).toBe(false);
    expect(signerMatches({ name: signer.name, cpf: signer.cpf }, { name: null, cpf: null })).toBe(false);
  });

  it('masks what the public page shows', () => {
    expect(maskCpf('52998224725')).toBe('***.982.247-**');
    expect(maskCpf(null)).toBe('***.***.***-**');
    expect(maskEmail('joana@empresa.example')).toBe('jo***@empresa.example');
    expect(maskEmail('j@x.example')).toBe('j***@x.example');
  });
});
