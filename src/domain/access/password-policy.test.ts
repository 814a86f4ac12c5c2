import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts 8+ characters that are not the e-mail', () => {
    expect(passwordProblems('cobranca-2026', 'ana@alfa.com.br')).toEqual([]);
  });
  it('explains in Portuguese what is wrong', () => {
    expect(passwordProblems('curta')).toEqual(['A senha deve ter ao menos 8 caracteres.']);
    expect(passwordProblems('Ana@Alfa.com.br', 'ana@alfa.com.br')).toEqual([
      'A senha não pode ser igual ao e-mail.',
    ]);
    expect(passwordProblems('x'.repeat(201))).toEqual(['A senha deve ter no máximo 200 caracteres.']);
  });
});
