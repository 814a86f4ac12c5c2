import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/access/roles';
import { formatBRL } from '../../domain/money/money';
import type { ChargeStatus } from '../../domain/payments/charges';
import { CnabError } from '../../domain/payments/cnab240/cnab-error';
import { movementLabel, rejectionText, SETTLEMENT_MOVEMENTS } from '../../domain/payments/cnab240/codes';
import { parseRetorno, type RetornoFile, type RetornoTitle } from '../../domain/payments/cnab240/retorno';
import { AppError, notFound } from '../shared/errors';
import type { JobQueue } from '../shared/job-queue';
import type { AuditLog, Clock } from '../shared/ports';
import type { BankFileRecord, BankFileRepository } from './bank-file-ports';
import type { ChargeEventInput, ChargeRecord, ChargeRepository, NewPayment } from './ports';

export const BANK_RETURN_IMPORT_JOB = 'bank-return.import';
/** Titles applied per step: one `applyPayments` batch, then the progress is saved. */
export const BANK_RETURN_CHUNK = 2_000;
/** Unknown nossos números listed in the summary (all are counted). */
const MAX_UNMATCHED_LISTED = 200;

export interface BankReturnDeps {
  bankFiles: BankFileRepository;
  charges: ChargeRepository;
  audit: AuditLog;
  clock: Clock;
  /** When set, big imports run as a 'bank-return.import' job; else in this process, not awaited. */
  queue?: JobQueue | null;
  /** Where a background import reports an error it could not return. */
  onBackgroundError?: (err: unknown, fileId: string) => void;
  /** Titles per step (default BANK_RETURN_CHUNK). */
  chunkSize?: number;
}

export interface UnmatchedTitle {
  line: number;
  nosso_numero: string;
  movement: string;
}

/** Counts by outcome, kept in bank_files.summary (snake_case: it is shown as is by the API). */
export interface BankReturnSummary {
  /** Payments applied (06 liquidação, 17 liquidação após baixa). */
  applied: number;
  /** What they paid, in all. */
  paid_cents: number;
  /** Occurrences applied before (this file or another): nothing changed. */
  duplicates: number;
  /** 02 entrada confirmada. */
  registered: number;
  /** 03 entrada rejeitada. */
  rejected: number;
  /** 09 baixa. */
  cancelled: number;
  /** 28 débito de tarifas. */
  fees: number;
  /** Tarifas/custas the bank reported, in all (column 199–213 of each applied occurrence). */
  fees_cents: number;
  /** Other movements, recorded as charge events. */
  other: number;
  /** Nossos números with no charge. */
  unmatched: number;
  unmatched_items: UnmatchedTitle[];
}

export function emptySummary(): BankReturnSummary {
  return {
    applied: 0,
    paid_cents: 0,
    duplicates: 0,
    registered: 0,
    rejected: 0,
    cancelled: 0,
    fees: 0,
    fees_cents: 0,
    other: 0,
    unmatched: 0,
    unmatched_items: [],
  };
}

export interface ImportBankReturnInput {
  filename: string;
  content: Uint8Array;
}

export interface ImportBankReturnOptions {
  /**
   * true: apply everything before returning; false: return at once (status 'processando') and apply in the
   * background; 'auto' (default): wait for files of one chunk, background for bigger ones.
   */
  wait?: boolean | 'auto';
}

export interface ImportBankReturnResult {
  file: BankFileRecord;
  /** The same bytes were imported before: nothing new was applied (an unfinished import is resumed). */
  duplicate: boolean;
}

/** CNAB files are ASCII; Latin-1 keeps any other byte as one character (a bad byte is then a bad field). */
function decode(content: Uint8Array): string {
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
}

function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The occurrence's idempotency key: the same occurrence in any file is applied once. */
export function occurrenceKey(bankCode: string, title: RetornoTitle, fileDate: string): string {
  return `${bankCode}:${title.nossoNumero}:${title.movement}:${title.occurrenceDate ?? fileDate}`;
}

/** Control characters (a NUL) are dropped from a file name: PostgreSQL refuses a NUL in text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/**
 * Imports a CNAB 240 retorno. The same bytes again → the earlier import (`duplicate: true`), nothing changes
 * (an import left 'processando' by a crash is resumed). Otherwise the WHOLE file is validated first — a bad
 * line refuses it (AppError 'validation_failed' naming line and field) and nothing is written; then the
 * bank file is recorded ('processando', totalItems) and the titles are applied in chunks, with progress.
 */
export async function importBankReturn(
  deps: BankReturnDeps,
  actor: Actor | null,
  input: ImportBankReturnInput,
  options: ImportBankReturnOptions = {},
  ip?: string | null,
): Promise<ImportBankReturnResult> {
  const wait = options.wait ?? 'auto';
  const filename = input.filename.replace(CONTROL_CHARS, '').trim().slice(0, 200) || 'retorno.ret';
  const hash = sha256(input.content);
  const existing = await deps.bankFiles.findBySha('retorno', hash);
  if (existing) return { file: await resumeIfUnfinished(deps, existing, wait), duplicate: true };

  let parsed: RetornoFile;
  try {
    parsed = parseRetorno(decode(input.content));
  } catch (err) {
    if (err instanceof CnabError) {
      const reason = err.message.endsWith('.') ? err.message : `${err.message}.`;
      throw new AppError('validation_failed', `Arquivo recusado: ${reason}`, 'arquivo', {
        line: err.line,
        cnab_field: err.field ? { name: err.field.label, start: err.field.start, end: err.field.end } : null,
      });
    }
    throw err;
  }

  const file = await deps.bankFiles.insertRetorno({
    bankCode: parsed.bankCode,
    filename,
    sha256: hash,
    content: input.content,
    totalItems: parsed.titles.length,
    summary: { ...emptySummary() },
    createdBy: actor?.userId ?? null,
  });
  if (!file) {
    // The same bytes were imported at the same moment by someone else.
    const twin = await deps.bankFiles.findBySha('retorno', hash);
    if (!twin) throw new AppError('conflict', 'O arquivo foi importado ao mesmo tempo por outra pessoa.');
    return { file: twin, duplicate: true };
  }
  await deps.audit.record({
    actorUserId: actor?.userId ?? null,
    actorEmail: actor?.email ?? 'linha de comando',
    action: 'bank_file.retorno_imported',
    entityType: 'bank_file',
    entityId: file.id,
    ip: ip ?? null,
    details: {
      bank_code: parsed.bankCode,
      filename,
      sha256: hash,
      titles: parsed.titles.length,
      bank_sequence: parsed.sequence,
    },
  });
  return { file: await run(deps, file, wait, parsed), duplicate: false };
}

async function resumeIfUnfinished(
  deps: BankReturnDeps,
  file: BankFileRecord,
  wait: boolean | 'auto',
): Promise<BankFileRecord> {
  if (file.status !== 'processando') return file;
  return run(deps, file, wait);
}

/** Applies now (wait) or starts the work in the background and returns the file as it stands. */
async function run(
  deps: BankReturnDeps,
  file: BankFileRecord,
  wait: boolean | 'auto',
  parsed?: RetornoFile,
): Promise<BankFileRecord> {
  const chunk = deps.chunkSize ?? BANK_RETURN_CHUNK;
  const now = wait === true || (wait === 'auto' && file.totalItems - file.processedItems <= chunk);
  if (now) {
    await processBankReturn(deps, file.id, parsed);
  } else if (deps.queue) {
    await deps.queue.send(
      BANK_RETURN_IMPORT_JOB,
      { fileId: file.id },
      { singletonKey: file.id, retryLimit: 3 },
    );
  } else {
    void processBankReturn(deps, file.id, parsed).catch((err) => deps.onBackgroundError?.(err, file.id));
  }
  return (await deps.bankFiles.get(file.id)) ?? file;
}

/** Imports running in this process: a second start of the same file waits for the first. */
const running = new Map<string, Promise<void>>();

/**
 * Applies a recorded retorno from where it stopped (processedItems), chunk by chunk, saving the progress and
 * the summary after each; ends 'importado'. Every write is idempotent, so a chunk cut by a crash is simply
 * applied again (its replays count as duplicates). The handler of the 'bank-return.import' job.
 */
export async function processBankReturn(
  deps: BankReturnDeps,
  fileId: string,
  parsed?: RetornoFile,
): Promise<void> {
  const current = running.get(fileId);
  if (current) return current;
  const work = applyFile(deps, fileId, parsed).finally(() => running.delete(fileId));
  running.set(fileId, work);
  return work;
}

async function applyFile(deps: BankReturnDeps, fileId: string, given?: RetornoFile): Promise<void> {
  const file = await deps.bankFiles.get(fileId);
  if (file?.kind !== 'retorno' || file.status !== 'processando') return;
  try {
    let parsed = given;
    if (!parsed) {
      const content = await deps.bankFiles.content(fileId);
      if (!content) return;
      parsed = parseRetorno(decode(content));
    }
    const summary: BankReturnSummary = { ...emptySummary(), ...(file.summary as Partial<BankReturnSummary>) };
    const size = deps.chunkSize ?? BANK_RETURN_CHUNK;
    for (let start = file.processedItems; start < parsed.titles.length; start += size) {
      const chunk = parsed.titles.slice(start, start + size);
      await applyChunk(deps, file, parsed, chunk, summary);
      await deps.bankFiles.progress(fileId, start + chunk.length, { ...summary });
    }
    await deps.bankFiles.finish(fileId, { ...summary });
  } catch (err) {
    await deps.bankFiles.noteError(fileId, `Importação interrompida: ${rootMessage(err)}`);
    throw err;
  }
}

/**
 * What went wrong, for Financeiro: the innermost cause's message (a database error wrapped by the query
 * builder would otherwise show the whole SQL and its parameters).
 */
function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

interface EventPlan {
  charge: ChargeRecord;
  title: RetornoTitle;
  key: string;
}

async function applyChunk(
  deps: BankReturnDeps,
  file: BankFileRecord,
  parsed: RetornoFile,
  chunk: RetornoTitle[],
  summary: BankReturnSummary,
): Promise<void> {
  const bank = parsed.bankCode;
  const found = await deps.charges.findByNossoNumero(
    bank,
    chunk.map((t) => t.nossoNumero),
  );
  const payments: NewPayment[] = [];
  const paymentTitles: RetornoTitle[] = [];
  const events: EventPlan[] = [];
  for (const title of chunk) {
    const charge = found.get(title.nossoNumero);
    if (!charge) {
      summary.unmatched++;
      if (summary.unmatched_items.length < MAX_UNMATCHED_LISTED) {
        summary.unmatched_items.push({
          line: title.lineT,
          nosso_numero: title.nossoNumero,
          movement: title.movement,
        });
      }
      continue;
    }
    const key = occurrenceKey(bank, title, parsed.generatedOn);
    if (SETTLEMENT_MOVEMENTS.includes(title.movement)) {
      payments.push({
        chargeId: charge.id,
        source: 'retorno',
        sourceId: key,
        amountCents: title.paidCents,
        fineInterestCents: title.fineInterestCents,
        discountCents: title.discountCents + title.abatementCents,
        paidOn: title.occurrenceDate!,
        creditedOn: title.creditDate,
        evidence: {
          bank_file_id: file.id,
          filename: file.filename,
          movement: title.movement,
          lines: [title.lineT, title.lineU],
          segment_t: title.rawT,
          segment_u: title.rawU,
          net_cents: title.netCents,
          fee_cents: title.feeCents,
        },
        recordedBy: file.createdBy,
      });
      paymentTitles.push(title);
    } else {
      events.push({ charge, title, key });
    }
  }

  // State changes first, in file order (a charge's later liquidação in the same chunk then settles it).
  const statuses = new Map<string, ChargeStatus>();
  for (const plan of events) await applyEvent(deps, file, plan, statuses, summary);

  if (payments.length > 0) {
    const outcomes = await deps.charges.applyPayments(payments);
    outcomes.forEach((o, i) => {
      const title = paymentTitles[i]!;
      if (o.status === 'duplicate') {
        summary.duplicates++;
        return;
      }
      summary.applied++;
      summary.paid_cents += title.paidCents;
      summary.fees_cents += title.feeCents;
    });
  }
}

async function applyEvent(
  deps: BankReturnDeps,
  file: BankFileRecord,
  { charge, title, key }: EventPlan,
  statuses: Map<string, ChargeStatus>,
  summary: BankReturnSummary,
): Promise<void> {
  const status = statuses.get(charge.id) ?? charge.status;
  const details = {
    bank_file_id: file.id,
    filename: file.filename,
    line: title.lineT,
    movement: title.movement,
    reasons: title.reasons,
    fee_cents: title.feeCents,
    occurrence_date: title.occurrenceDate,
  };
  const now = deps.clock.now();
  let event: ChargeEventInput;
  let patch: Parameters<ChargeRepository['update']>[1] = {};
  let count: keyof Pick<BankReturnSummary, 'registered' | 'rejected' | 'cancelled' | 'fees' | 'other'>;
  switch (title.movement) {
    case '02':
      event = {
        chargeId: charge.id,
        type: 'registrada',
        eventKey: key,
        description: 'Entrada confirmada pelo banco.',
        details,
      };
      if (status === 'emitida' || status === 'falhou') patch = { status: 'registrada', failureReason: null };
      if (!charge.registeredAt) patch.registeredAt = now;
      count = 'registered';
      break;
    case '03': {
      const reason = rejectionText(title.reasons);
      event = {
        chargeId: charge.id,
        type: 'rejeitada',
        eventKey: key,
        description: `Entrada rejeitada pelo banco: ${reason}`,
        details,
      };
      if (status !== 'paga' && status !== 'cancelada') patch = { status: 'falhou', failureReason: reason };
      count = 'rejected';
      break;
    }
    case '09':
      event = {
        chargeId: charge.id,
        type: 'baixa',
        eventKey: key,
        description:
          status === 'cancelada'
            ? 'Baixa confirmada pelo banco.'
            : 'Título baixado pelo banco (retorno, ocorrência 09).',
        details,
      };
      if (status !== 'paga' && status !== 'cancelada') {
        patch = {
          status: 'cancelada',
          cancelledAt: charge.cancelledAt ?? now,
          cancelReason: charge.cancelReason ?? 'Baixa pelo banco (retorno CNAB, ocorrência 09).',
          // Marks the baixa as done: the next remessa must not ask for it.
          cancellationFileId: charge.cancellationFileId ?? file.id,
        };
      }
      count = 'cancelled';
      break;
    case '28':
      event = {
        chargeId: charge.id,
        type: 'tarifa',
        eventKey: key,
        description: `Tarifa bancária de ${formatBRL(title.feeCents)} (débito de tarifas/custas).`,
        details,
      };
      count = 'fees';
      break;
    default:
      event = {
        chargeId: charge.id,
        type: 'retorno',
        eventKey: key,
        description: `${movementLabel(title.movement)} (retorno, ocorrência ${title.movement}).`,
        details,
      };
      count = 'other';
  }
  // The event is the occurrence's guard: recorded before (any file) → nothing changes.
  if (!(await deps.charges.addEvent(event))) {
    summary.duplicates++;
    return;
  }
  if (Object.keys(patch).length > 0) {
    await deps.charges.update(charge.id, patch);
    if (patch.status) statuses.set(charge.id, patch.status);
  }
  summary[count]++;
  summary.fees_cents += title.feeCents;
}

/** The file of a retorno or remessa, for the routes. */
export async function getBankFile(
  deps: Pick<BankReturnDeps, 'bankFiles'>,
  id: string,
): Promise<BankFileRecord> {
  const file = await deps.bankFiles.get(id);
  if (!file) throw notFound('Arquivo bancário');
  return file;
}
