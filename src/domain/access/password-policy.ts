/** The password rules, shared by the portal's form and the server's check. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

/** Problems with a new password, in Portuguese; empty when it is acceptable. */
export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`A senha deve ter ao menos ${MIN_PASSWORD_LENGTH} caracteres.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push(`A senha deve ter no máximo ${MAX_PASSWORD_LENGTH} caracteres.`);
  }
  if (email && password.toLowerCase() === email.toLowerCase())
    problems.push('A senha não pode ser igual ao e-mail.');
  return problems;
}
