import { addBusinessDays, type BankCalendarOptions } from '../../calendar/bank-calendar';
import { formatDateBR } from '../../calendar/dates';
import { isValidCnpj, isValidCpf, normalizeDocument } from '../../documents/cpf-cnpj';
import type { Cents } from '../../money/money';

/**
 * Matching a bank-statement credit (a TED received) to the open TED charge it pays. A TED carries no
 * structured reference, so a credit matches a charge only when all of these hold:
 *  - the amount is exactly the charge's open balance;
 *  - the memo/name cites the charge's TED identifier (punctuation and case ignored) or the payer's
 *    CPF/CNPJ (digits or formatted);
 *  - the posting date is between the charge's issue date and its due date + 5 business days.
 * Exactly one such charge → matched; none or several → the credit waits in the manual queue, with why.
 */

export const TED_MATCH_WINDOW_BUSINESS_DAYS = 5;

/** The identifier a client writes in the TED: 'CC' + the charge number's digits (2026-000042 → CC2026000042). */
export function tedIdentifierFor(chargeNumber: string): string {
  return `CC${chargeNumber.replace(/\D/g, '')}`;
}

export interface TedCredit {
  postedOn: string;
  amountCents: Cents;
  memo: string | null;
  name: string | null;
}

export interface TedCandidate {
  id: string;
  number: string;
  tedIdentifier: string | null;
  /** The client's CPF/CNPJ (normalised or formatted). */
  clientDocument: string;
  amountCents: Cents;
  paidCents: Cents;
  /** The business date the charge was issued. */
  issuedOn: string;
  dueDate: string;
}

export type UnmatchedReason = 'sem_valor' | 'sem_referencia' | 'fora_do_prazo' | 'ambigua';

export const UNMATCHED_REASON_LABELS: Record<UnmatchedReason, string> = {
  sem_valor: 'nenhuma cobrança com este valor',
  sem_referencia: 'nenhuma cobrança deste valor citada no histórico (identificador ou CPF/CNPJ)',
  fora_do_prazo: 'fora do prazo da cobrança',
  ambigua: 'mais de uma cobrança possível',
};

export type TedMatch =
  | { kind: 'matched'; chargeId: string; by: 'identificador' | 'documento' }
  | { kind: 'unmatched'; reason: UnmatchedReason; message: string; chargeIds: string[] };

/** Upper case, no accents: bank memos come in any mix. */
function searchable(credit: Pick<TedCredit, 'memo' | 'name'>): string {
  return `${credit.name ?? ''} | ${credit.memo ?? ''}`.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `chars` in order with any of `separators` between them, not glued to further digits. */
function looseRegExp(chars: string, separators: string): RegExp {
  const body = [...chars].map(escapeRegExp).join(`[${separators}]*`);
  return new RegExp(`(?<![0-9])${body}(?![0-9])`);
}

/** Whether the memo/name cites this TED identifier: 'CC2026000042', 'cc-2026-000042', 'CC 2026 000042'. */
export function mentionsIdentifier(credit: Pick<TedCredit, 'memo' | 'name'>, identifier: string): boolean {
  const id = identifier.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (id === '') return false;
  return looseRegExp(id, '^A-Z0-9').test(searchable(credit));
}

/** Whether the memo/name cites this CPF/CNPJ, as digits or formatted ('12.345.678/0001-95'). */
export function mentionsDocument(credit: Pick<TedCredit, 'memo' | 'name'>, document: string): boolean {
  const doc = normalizeDocument(document);
  if (doc.length !== 11 && doc.length !== 14) return false;
  return looseRegExp(doc, '\\s./-').test(searchable(credit));
}

const DOCUMENT_IN_TEXT =
  /(?<![0-9A-Z])([0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}\/[0-9A-Z]{4}-\d{2}|\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}|\d{3}\.?\d{3}\.?\d{3}-?\d{2})(?![0-9])/g;

/** The first valid CPF/CNPJ (check digits verified) cited in the memo/name, normalised; null if none. */
export function findPayerDocument(credit: Pick<TedCredit, 'memo' | 'name'>): string | null {
  for (const match of searchable(credit).matchAll(DOCUMENT_IN_TEXT)) {
    const doc = normalizeDocument(match[1]!);
    if (doc.length === 11 && isValidCpf(doc)) return doc;
    if (doc.length === 14 && isValidCnpj(doc)) return doc;
  }
  return null;
}

/** The last posting date that still pays a charge: its due date + 5 business days. */
export function tedWindowEnd(dueDate: string, calendar: BankCalendarOptions = {}): string {
  return addBusinessDays(dueDate, TED_MATCH_WINDOW_BUSINESS_DAYS, calendar);
}

function openBalance(c: TedCandidate): Cents {
  return Math.max(0, c.amountCents - c.paidCents);
}

/**
 * Matches one credit against the open TED charges (those of its amount, as the repository finds them).
 * A charge cited by its identifier wins over charges only matched by the payer's document (a client with
 * two charges of the same amount names the one it pays).
 */
export function matchTedCredit(
  credit: TedCredit,
  candidates: readonly TedCandidate[],
  calendar: BankCalendarOptions = {},
): TedMatch {
  if (credit.amountCents <= 0) {
    return {
      kind: 'unmatched',
      reason: 'sem_valor',
      message: 'O lançamento não é um crédito.',
      chargeIds: [],
    };
  }
  const sameAmount = candidates.filter((c) => openBalance(c) === credit.amountCents);
  if (sameAmount.length === 0) {
    return {
      kind: 'unmatched',
      reason: 'sem_valor',
      message: 'Nenhuma cobrança por TED em aberto com este valor.',
      chargeIds: [],
    };
  }

  const byIdentifier = sameAmount.filter(
    (c) => c.tedIdentifier && mentionsIdentifier(credit, c.tedIdentifier),
  );
  const byDocument = sameAmount.filter((c) => mentionsDocument(credit, c.clientDocument));
  if (byIdentifier.length === 0 && byDocument.length === 0) {
    return {
      kind: 'unmatched',
      reason: 'sem_referencia',
      message: `${plural(sameAmount.length, 'cobrança', 'cobranças')} com este valor, mas o histórico não cita o identificador nem o CPF/CNPJ do cliente.`,
      chargeIds: sameAmount.map((c) => c.id),
    };
  }

  const inWindow = (c: TedCandidate) =>
    credit.postedOn >= c.issuedOn && credit.postedOn <= tedWindowEnd(c.dueDate, calendar);
  const identified = byIdentifier.filter(inWindow);
  const documented = byDocument.filter(inWindow);
  const chosen = identified.length > 0 ? identified : documented;
  const by = identified.length > 0 ? 'identificador' : 'documento';

  if (chosen.length === 1) return { kind: 'matched', chargeId: chosen[0]!.id, by };
  if (chosen.length > 1) {
    return {
      kind: 'unmatched',
      reason: 'ambigua',
      message: `Mais de uma cobrança possível: ${chosen.map((c) => c.number).join(', ')}.`,
      chargeIds: chosen.map((c) => c.id),
    };
  }
  const cited = [...byIdentifier, ...byDocument.filter((c) => !byIdentifier.includes(c))];
  const first = cited[0]!;
  return {
    kind: 'unmatched',
    reason: 'fora_do_prazo',
    message:
      `Crédito de ${formatDateBR(credit.postedOn)} fora do prazo da cobrança ${first.number} ` +
      `(emitida em ${formatDateBR(first.issuedOn)}, aceita até ${formatDateBR(tedWindowEnd(first.dueDate, calendar))}).`,
    chargeIds: cited.map((c) => c.id),
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
