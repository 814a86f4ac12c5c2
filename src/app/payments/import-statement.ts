import { createHash } from 'node:crypto';
import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import type { BankCalendarOptions } from '../../domain/calendar/bank-calendar';
import { businessDateAt } from '../../domain/calendar/dates';
import {
  isBalanceLine,
  OfxError,
  type OfxStatement,
  type OfxTransaction,
  ofxAccountKey,
  parseOfx,
} from '../../domain/payments/ofx/ofx-parser';
import {
  findPayerDocument,
  matchTedCredit,
  type TedCandidate,
  UNMATCHED_REASON_LABELS,
} from '../../domain/payments/ted/ted-matching';
import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { ChargeRecord, ChargeRepository, NewPayment } from './ports';
import type {
  EntryResolution,
  NewStatementEntry,
  StatementEntryRecord,
  StatementFileRecord,
  StatementRepository,
} from './statement-ports';

/** Largest statement accepted (the route's body limit too). */
export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;

export interface StatementDeps {
  statements: StatementRepository;
  charges: ChargeRepository;
  audit: AuditLog;
  clock: Clock;
  /** Corrections to the bank holiday table (none by default). */
  bankCalendar?: BankCalendarOptions;
}

/**
 * Who acts: a portal user (admin or financeiro), or null for the admin command line (trusted, run on the
 * server by whoever operates it; audited as such).
 */
export type StatementActor = Actor | null;

export interface StatementImportSummary {
  fileId: string;
  filename: string;
  sha256: string;
  account: string;
  start: string | null;
  end: string | null;
  /** The same file (SHA-256) was imported before: nothing changed; the counts are that import's. */
  alreadyImported: boolean;
  /** Credits in the file (balance lines excluded). */
  credits: number;
  /** New credits matched to a charge and applied as payments. */
  matched: number;
  /** Credits whose (account, FITID) was already known: not recorded again. */
  duplicates: number;
  /** New credits left in the queue for a hand match. */
  unmatched: number;
  /** Debits (and zero amounts): not TEDs received. */
  ignoredDebits: number;
  /** Balance lines some banks list as transactions ("SALDO ANTERIOR"). */
  ignoredBalances: number;
}

export function requireBackOffice(actor: StatementActor): void {
  if (actor && !BACK_OFFICE.includes(actor.role)) {
    throw new AppError('forbidden', 'Somente administrador e financeiro cuidam de extratos e TEDs.');
  }
}

export function auditActor(actor: StatementActor) {
  return { actorUserId: actor?.userId ?? null, actorEmail: actor?.email ?? 'linha de comando' };
}

function transactionEvidence(tx: OfxTransaction): Record<string, unknown> {
  return {
    type: tx.type,
    posted_on: tx.postedOn,
    amount_cents: tx.amountCents,
    fitid: tx.fitid,
    memo: tx.memo,
    name: tx.name,
    check_num: tx.checkNum,
  };
}

/** The memo as the queue shows it: MEMO, with NAME before it when the bank puts the payer there. */
function entryMemo(tx: OfxTransaction): string | null {
  if (tx.name && tx.memo && !tx.memo.includes(tx.name)) return `${tx.name} — ${tx.memo}`;
  return tx.memo ?? tx.name;
}

/** The payment source id of a statement credit: unique per bank account and FITID. */
export function statementSourceId(account: string, fitid: string): string {
  return `${account}:${fitid}`;
}

export function toCandidate(charge: ChargeRecord): TedCandidate {
  return {
    id: charge.id,
    number: charge.number,
    tedIdentifier: charge.tedIdentifier,
    clientDocument: charge.clientDocument,
    amountCents: charge.amountCents,
    paidCents: charge.paidCents,
    issuedOn: businessDateAt(charge.createdAt),
    dueDate: charge.dueDate,
  };
}

function parseStatement(content: Uint8Array): OfxStatement {
  if (content.length > MAX_STATEMENT_BYTES) {
    throw new AppError('payload_too_large', 'O extrato passa de 10 MB; exporte um período menor.');
  }
  try {
    return parseOfx(content);
  } catch (err) {
    if (err instanceof OfxError)
      throw new AppError('validation_failed', `Extrato recusado: ${err.message}`, 'arquivo');
    throw err;
  }
}

function summaryFromFile(file: StatementFileRecord, alreadyImported: boolean): StatementImportSummary {
  const s = file.summary;
  const n = (key: string) => (typeof s[key] === 'number' ? (s[key] as number) : 0);
  const str = (key: string) => (typeof s[key] === 'string' ? (s[key] as string) : null);
  return {
    fileId: file.id,
    filename: file.filename,
    sha256: file.sha256,
    account: str('account') ?? '',
    start: str('start'),
    end: str('end'),
    alreadyImported,
    credits: n('credits'),
    matched: n('matched'),
    duplicates: n('duplicates'),
    unmatched: n('unmatched'),
    ignoredDebits: n('ignored_debits'),
    ignoredBalances: n('ignored_balances'),
  };
}

/** Control characters (a NUL) are dropped from a file name: PostgreSQL refuses a NUL in text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/**
 * Imports a bank statement (OFX). The file is validated whole first: a refused file writes nothing. The
 * same file again (SHA-256) changes nothing. Each credit is recorded once per (account, FITID); each new
 * credit is matched to an open TED charge (see ted-matching.ts) and applied as a payment (source 'ofx',
 * idempotent by account:FITID), or left 'pendente' in the queue with the reason. Audited.
 */
export async function importStatement(
  deps: StatementDeps,
  actor: StatementActor,
  input: { filename: string; content: Uint8Array },
  ip?: string | null,
): Promise<StatementImportSummary> {
  requireBackOffice(actor);
  const filename = input.filename.replace(CONTROL_CHARS, '').trim().slice(0, 200) || 'extrato.ofx';
  const statement = parseStatement(input.content);
  if (statement.currency !== 'BRL') {
    throw new AppError(
      'validation_failed',
      `Extrato recusado: a conta está em ${statement.currency}; só extratos em reais (BRL) são aceitos.`,
      'arquivo',
    );
  }
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const account = ofxAccountKey(statement.account);

  const known = await deps.statements.findFile(sha256);
  if (known?.status === 'importado') return summaryFromFile(known, true);

  let file: StatementFileRecord;
  let fresh: StatementEntryRecord[];
  const base = { account, start: statement.start, end: statement.end };
  let counts: { credits: number; duplicates: number; ignored_debits: number; ignored_balances: number };
  if (known) {
    // An import interrupted after recording its credits: finish matching what is still pendente.
    file = known;
    fresh = await deps.statements.pendingEntriesOfFile(known.id);
    counts = {
      credits: Number(known.summary.credits ?? 0),
      duplicates: Number(known.summary.duplicates ?? 0),
      ignored_debits: Number(known.summary.ignored_debits ?? 0),
      ignored_balances: Number(known.summary.ignored_balances ?? 0),
    };
  } else {
    const credits: NewStatementEntry[] = [];
    let ignoredDebits = 0;
    let ignoredBalances = 0;
    for (const tx of statement.transactions) {
      if (tx.amountCents <= 0) ignoredDebits++;
      else if (isBalanceLine(tx)) ignoredBalances++;
      else {
        credits.push({
          account,
          fitid: tx.fitid,
          postedOn: tx.postedOn,
          amountCents: tx.amountCents,
          memo: entryMemo(tx),
          payerDocument: findPayerDocument(tx),
          raw: { transaction: transactionEvidence(tx) },
        });
      }
    }
    const recorded = await deps.statements.recordImport(
      {
        filename,
        sha256,
        content: input.content,
        bankCode: statement.account.bankId,
        totalItems: statement.transactions.length,
        summary: { ...base, credits: credits.length },
        createdBy: actor?.userId ?? null,
      },
      credits,
    );
    if (!recorded) {
      // The same file was imported concurrently: that import did (or is doing) the work.
      const other = await deps.statements.findFile(sha256);
      if (!other) throw new AppError('conflict', 'O extrato está sendo importado agora; tente de novo.');
      return summaryFromFile(other, true);
    }
    file = recorded.file;
    fresh = recorded.inserted;
    counts = {
      credits: credits.length,
      duplicates: credits.length - fresh.length,
      ignored_debits: ignoredDebits,
      ignored_balances: ignoredBalances,
    };
  }

  const { resolutions, matched } = await matchEntries(deps, actor, fresh, { fileId: file.id, filename });
  const summary = {
    ...base,
    ...counts,
    matched,
    unmatched: fresh.length - matched,
  };
  // Automatic matches have no resolver (the importer is on the file and in the audit).
  await deps.statements.finishImport(file.id, summary, resolutions, null);
  await deps.audit.record({
    ...auditActor(actor),
    action: 'statement.imported',
    entityType: 'bank_file',
    entityId: file.id,
    ip: ip ?? null,
    details: { filename, sha256, ...summary },
  });
  return summaryFromFile({ ...file, summary }, false);
}

/**
 * Matches new entries in posting order. A charge matched by an earlier credit of this import is no longer
 * offered to later ones (its balance is paid); the payments go in one batch (one transaction).
 */
async function matchEntries(
  deps: StatementDeps,
  actor: StatementActor,
  entries: StatementEntryRecord[],
  file: { fileId: string; filename: string },
): Promise<{ resolutions: EntryResolution[]; matched: number }> {
  const byAmount = new Map<number, ChargeRecord[]>();
  const taken = new Set<string>();
  const planned: { entry: StatementEntryRecord; chargeId: string; by: string }[] = [];
  const resolutions: EntryResolution[] = [];
  for (const entry of entries) {
    let open = byAmount.get(entry.amountCents);
    if (!open) {
      open = await deps.charges.openTedCharges(entry.amountCents);
      byAmount.set(entry.amountCents, open);
    }
    const tx = entry.raw.transaction as { memo?: string | null; name?: string | null } | undefined;
    const result = matchTedCredit(
      {
        postedOn: entry.postedOn,
        amountCents: entry.amountCents,
        memo: tx?.memo ?? entry.memo,
        name: tx?.name ?? null,
      },
      open.filter((c) => !taken.has(c.id)).map(toCandidate),
      deps.bankCalendar,
    );
    if (result.kind === 'matched') {
      taken.add(result.chargeId);
      planned.push({ entry, chargeId: result.chargeId, by: result.by });
    } else {
      resolutions.push({
        entryId: entry.id,
        status: 'pendente',
        match: {
          reason: result.reason,
          reason_label: UNMATCHED_REASON_LABELS[result.reason],
          message: result.message,
          charge_ids: result.chargeIds,
        },
      });
    }
  }

  const payments: NewPayment[] = planned.map(({ entry, chargeId, by }) => ({
    chargeId,
    source: 'ofx',
    sourceId: statementSourceId(entry.account, entry.fitid),
    amountCents: entry.amountCents,
    paidOn: entry.postedOn,
    creditedOn: entry.postedOn,
    evidence: {
      file_id: file.fileId,
      filename: file.filename,
      account: entry.account,
      entry_id: entry.id,
      matched_by: by,
      transaction: entry.raw.transaction ?? null,
    },
    recordedBy: actor?.userId ?? null,
  }));
  const outcomes = await deps.charges.applyPayments(payments);
  planned.forEach(({ entry, by }, i) => {
    const outcome = outcomes[i]!;
    resolutions.push({
      entryId: entry.id,
      status: 'conciliado',
      chargeId: outcome.chargeId,
      paymentId: outcome.paymentId,
      match: { by, automatic: true, settled: outcome.settled, balance_cents: outcome.balanceCents },
    });
  });
  return { resolutions, matched: planned.length };
}
