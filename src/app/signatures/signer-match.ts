/** Pure helpers of the ceremony: comparing the signer's name and CPF, masking what the page shows. */

/** Trimmed, spaces collapsed, no accents, lower case: "  JOANA  Ribeiro " ≡ "joana ribeiro". */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

export const onlyDigits = (s: string): string => s.replace(/\D/g, '');

/** Whether the typed name and CPF are the frozen signer's. */
export function signerMatches(
  typed: { name: string; cpf: string },
  signer: { name: string | null; cpf: string | null },
): boolean {
  if (!signer.name || !signer.cpf) return false;
  const cpf = onlyDigits(typed.cpf);
  return (
    cpf.length === 11 &&
    cpf === onlyDigits(signer.cpf) &&
    normalizeName(typed.name) === normalizeName(signer.name)
  );
}

/** "52998224725" → "***.982.247-**". */
export function maskCpf(cpf: string | null): string {
  const d = onlyDigits(cpf ?? '');
  if (d.length !== 11) return '***.***.***-**';
  return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
}

/** "joana@empresa.example" → "jo***@empresa.example". */
export function maskEmail(email: string | null): string {
  if (!email) return '';
  const at = email.indexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, local.length - 1) || 1)}***${email.slice(at)}`;
}
