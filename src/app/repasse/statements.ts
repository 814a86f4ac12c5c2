import { createHash, randomUUID } from 'node:crypto';
import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { businessDateAt, endOfMonth, formatDateBR } from '../../domain/calendar/dates';
import { type Cents, formatBRL } from '../../domain/money/money';
import { type RepasseLine, statementMonthFor, sumLines } from '../../domain/repasse/repasse';
import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import { requireDayNotAfter } from '../shared/validation';
import type {
  ClosedStatementRecord,
  InvoiceMeta,
  RepasseEntryRecord,
  RepasseRepository,
  RepasseReseller,
} from './ports';

/**
 * Extratos de repasse (SPEC §7). The ledger (`repasse_entries`) is the truth; an open statement of month M
 * is the reseller's unassigned lines whose `statementMonthFor(line.month, lastClosedMonth)` is M (a late
 * event after a close goes to the next month); closing freezes the totals in `repasse_statements` and
 * stamps the lines. Tenancy: a Hiperador sees its own reseller only, a gerente de contas the resellers
 * assigned to it, admin and financeiro all (checked in the SQL by `visibleReseller`).
 */
export interface RepasseDeps {
  repasse: RepasseRepository;
  audit: AuditLog;
  clock: Clock;
}

export type StatementStatus = 'aberto' | 'fechado' | 'pago';
export const STATEMENT_STATUS_LABELS: Record<StatementStatus, string> = {
  aberto: 'Aberto',
  fechado: 'Fechado',
  pago: 'Pago',
};

export interface StatementTotals extends RepasseLine {
  lineCount: number;
  adjustmentsCents: Cents;
}

export interface StatementSummary extends StatementTotals {
  month: string;
  status: StatementStatus;
  closedAt: Date | null;
  paidOn: string | null;
  paymentReference: string | null;
  hasInvoice: boolean;
}

export interface StatementDetail {
  reseller: RepasseReseller;
  month: string;
  status: StatementStatus;
  /** Payments and their clawbacks (every kind but 'ajuste'): all of them, or the page asked for. */
  lines: RepasseEntryRecord[];
  /** Which lines `lines` holds: `total` payment lines in all (ajustes are always all there). */
  linesPage: { page: number; pageSize: number; total: number };
  adjustments: RepasseEntryRecord[];
  totals: StatementTotals;
  closedAt: Date | null;
  closedByName: string | null;
  paidOn: string | null;
  paymentReference: string | null;
  invoice: InvoiceMeta | null;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The pg-boss job of the scheduled close (06:30 America/Sao_Paulo, after the daily billing run). */
export const REPASSE_CLOSE_JOB = 'repasse.close';
export const REPASSE_CLOSE_CRON = '30 6 * * *';
/** Largest nota fiscal accepted (PDF or XML). */
export const MAX_INVOICE_BYTES = 5 * 1024 * 1024;
/** Largest ajuste in absolute value: R$ 1.000.000,00. */
export const MAX_ADJUSTMENT_CENTS = 100_000_000;

/** '2026-07' → '07/2026'. */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

export function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const index = y * 12 + (m - 1) - 1;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function requireMonth(month: string): void {
  if (!MONTH_RE.test(month)) {
    throw new AppError('validation_failed', `Mês inválido: "${month}" (use AAAA-MM).`, 'month');
  }
}

function requireBackOffice(actor: Actor | null): void {
  if (actor && !BACK_OFFICE.includes(actor.role)) {
    throw new AppError('forbidden', 'Somente administrador e financeiro alteram extratos de repasse.');
  }
}

const auditActor = (actor: Actor | null) => ({
  actorUserId: actor?.userId ?? null,
  actorEmail: actor?.email ?? null,
});

/** The reseller, if the actor may see it (404 otherwise: another reseller's data looks missing). */
export async function visibleReseller(
  deps: Pick<RepasseDeps, 'repasse'>,
  actor: Actor,
  resellerId: string,
): Promise<RepasseReseller> {
  const reseller = await deps.repasse.visibleReseller(actor, resellerId);
  if (!reseller) throw new AppError('not_found', 'Hiperador não encontrado.');
  return reseller;
}

function totalsOf(entries: readonly RepasseEntryRecord[]): StatementTotals {
  return {
    ...sumLines(entries),
    lineCount: entries.length,
    adjustmentsCents: entries.filter((e) => e.kind === 'ajuste').reduce((a, e) => a + e.repasseCents, 0),
  };
}

function frozenTotals(s: ClosedStatementRecord): StatementTotals {
  return {
    lineCount: s.lineCount,
    receivedCents: s.receivedCents,
    costCents: s.costCents,
    centralFeeCents: s.centralFeeCents,
    fineInterestCents: s.fineInterestCents,
    adjustmentsCents: s.adjustmentsCents,
    repasseCents: s.repasseCents,
  };
}

/** The reseller's statements, newest first: closed ones (frozen) and open ones (the ledger's open lines). */
export async function listStatements(
  deps: Pick<RepasseDeps, 'repasse'>,
  actor: Actor,
  resellerId: string,
): Promise<{ reseller: RepasseReseller; statements: StatementSummary[] }> {
  const reseller = await visibleReseller(deps, actor, resellerId);
  const [closed, open] = await Promise.all([
    deps.repasse.statements(reseller.id),
    deps.repasse.openMonths(reseller.id),
  ]);
  const lastClosed = closed.reduce<string | null>((a, s) => (a === null || s.month > a ? s.month : a), null);
  const byMonth = new Map<string, StatementSummary>();
  for (const s of closed) {
    byMonth.set(s.month, {
      ...frozenTotals(s),
      month: s.month,
      status: s.status,
      closedAt: s.closedAt,
      paidOn: s.paidOn,
      paymentReference: s.paymentReference,
      hasInvoice: s.invoice !== null,
    });
  }
  for (const o of open) {
    const month = statementMonthFor(o.month, lastClosed);
    const current = byMonth.get(month);
    if (current && current.status !== 'aberto') continue; // cannot happen: late lines go after the last close
    const base = current ?? {
      month,
      status: 'aberto' as const,
      closedAt: null,
      paidOn: null,
      paymentReference: null,
      hasInvoice: false,
      lineCount: 0,
      receivedCents: 0,
      costCents: 0,
      centralFeeCents: 0,
      fineInterestCents: 0,
      adjustmentsCents: 0,
      repasseCents: 0,
    };
    byMonth.set(month, {
      ...base,
      lineCount: base.lineCount + o.lineCount,
      receivedCents: base.receivedCents + o.receivedCents,
      costCents: base.costCents + o.costCents,
      centralFeeCents: base.centralFeeCents + o.centralFeeCents,
      fineInterestCents: base.fineInterestCents + o.fineInterestCents,
      adjustmentsCents: base.adjustmentsCents + o.adjustmentsCents,
      repasseCents: base.repasseCents + o.repasseCents,
    });
  }
  const statements = [...byMonth.values()].sort((a, b) => (a.month < b.month ? 1 : -1));
  return { reseller, statements };
}

/** One statement: its lines (clawbacks included), ajustes, totals, status, payout and nota fiscal. */
/** Lines per page of a statement on screen (exports take them all). */
export const STATEMENT_PAGE_SIZE = 100;
export const MAX_STATEMENT_PAGE_SIZE = 500;

/**
 * One statement. On screen its payment lines come a page at a time (a big Hiperador has thousands a month;
 * the totals are summed in the database); `{ all: true }` gives every line (CSV, PDF).
 */
export async function getStatement(
  deps: Pick<RepasseDeps, 'repasse'>,
  actor: Actor,
  resellerId: string,
  month: string,
  options: { page?: number; pageSize?: number; all?: boolean } = {},
): Promise<StatementDetail> {
  requireMonth(month);
  const reseller = await visibleReseller(deps, actor, resellerId);
  const pageSize = Math.min(
    Math.max(1, Math.trunc(options.pageSize ?? STATEMENT_PAGE_SIZE)),
    MAX_STATEMENT_PAGE_SIZE,
  );
  const page = Math.max(1, Math.trunc(options.page ?? 1));
  const slice = (kind: 'lines' | 'adjustments') =>
    options.all
      ? { kind, limit: 1_000_000, offset: 0 }
      : kind === 'lines'
        ? { kind, limit: pageSize, offset: (page - 1) * pageSize }
        : { kind, limit: 1_000_000, offset: 0 };
  const pageInfo = (total: number) =>
    options.all ? { page: 1, pageSize: Math.max(total, 1), total } : { page, pageSize, total };

  const closed = await deps.repasse.statement(reseller.id, month);
  if (closed) {
    const [lines, adjustments] = await Promise.all([
      deps.repasse.statementEntries(closed.id, slice('lines')),
      deps.repasse.statementEntries(closed.id, slice('adjustments')),
    ]);
    return {
      reseller,
      month,
      status: closed.status,
      lines,
      linesPage: pageInfo(closed.lineCount - adjustments.length),
      adjustments,
      totals: frozenTotals(closed),
      closedAt: closed.closedAt,
      closedByName: closed.closedByName,
      paidOn: closed.paidOn,
      paymentReference: closed.paymentReference,
      invoice: closed.invoice,
    };
  }
  const lastClosed = await deps.repasse.lastClosedMonth(reseller.id);
  // A month before the last close that has no statement of its own: its lines went to a later one.
  const empty = lastClosed !== null && month <= lastClosed;
  const late = lastClosed !== null && statementMonthFor(lastClosed, lastClosed) === month ? lastClosed : null;
  const [lines, adjustments, sums] = empty
    ? [[], [], null]
    : await Promise.all([
        deps.repasse.openEntries(reseller.id, month, late, slice('lines')),
        deps.repasse.openEntries(reseller.id, month, late, slice('adjustments')),
        deps.repasse.openTotals(reseller.id, month, late),
      ]);
  return {
    reseller,
    month,
    status: 'aberto',
    lines,
    linesPage: pageInfo(sums?.lines ?? 0),
    adjustments,
    totals: {
      lineCount: (sums?.lines ?? 0) + (sums?.adjustments ?? 0),
      receivedCents: sums?.receivedCents ?? 0,
      costCents: sums?.costCents ?? 0,
      centralFeeCents: sums?.centralFeeCents ?? 0,
      fineInterestCents: sums?.fineInterestCents ?? 0,
      adjustmentsCents: sums?.adjustmentsCents ?? 0,
      repasseCents: sums?.repasseCents ?? 0,
    },
    closedAt: null,
    closedByName: null,
    paidOn: null,
    paymentReference: null,
    invoice: null,
  };
}

/**
 * Closes the statement of `month` (Financeiro, or the scheduled job with a null actor): the month must be
 * over in São Paulo and every earlier statement with open lines closed; freezes its totals and stamps its
 * lines in one transaction. Closing a closed month is a 409.
 */
export async function closeStatement(
  deps: RepasseDeps,
  actor: Actor | null,
  resellerId: string,
  month: string,
): Promise<ClosedStatementRecord> {
  requireBackOffice(actor);
  requireMonth(month);
  const reseller = actor ? await visibleReseller(deps, actor, resellerId) : { id: resellerId };
  const today = businessDateAt(deps.clock.now());
  if (month >= today.slice(0, 7)) {
    throw new AppError(
      'business_rule',
      `O mês ${monthLabel(month)} ainda não terminou: o extrato só pode ser fechado a partir de ${formatDateBR(`${statementMonthFor(month, month)}-01`)}.`,
    );
  }
  try {
    return await deps.repasse.closeStatement(
      reseller.id,
      month,
      { userId: actor?.userId ?? null, email: actor?.email ?? null },
      ({ lastClosedMonth, open }) => {
        if (lastClosedMonth !== null && month <= lastClosedMonth) {
          throw new AppError(
            'conflict',
            month === lastClosedMonth
              ? `O extrato de ${monthLabel(month)} já está fechado.`
              : `O extrato de ${monthLabel(month)} já está fechado (os lançamentos do mês entraram até o extrato de ${monthLabel(lastClosedMonth)}).`,
          );
        }
        const byStatement = open.map((e) => ({ e, month: statementMonthFor(e.month, lastClosedMonth) }));
        const earlier = byStatement.filter((x) => x.month < month).map((x) => x.month);
        if (earlier.length > 0) {
          const first = earlier.sort()[0]!;
          throw new AppError(
            'business_rule',
            `Feche antes o extrato de ${monthLabel(first)}: os extratos são fechados em ordem.`,
          );
        }
        const entries = byStatement.filter((x) => x.month === month).map((x) => x.e);
        if (entries.length === 0) {
          throw new AppError('business_rule', `Não há lançamentos no extrato de ${monthLabel(month)}.`);
        }
        return { ...totalsOf(entries), entryIds: entries.map((e) => e.id) };
      },
    );
  } catch (err) {
    // The unique (reseller, month) index: a concurrent close won the race.
    if (err instanceof AppError) throw err;
    if (String((err as { code?: string }).code ?? '') === '23505' || /unique|duplicate/i.test(String(err))) {
      throw new AppError('conflict', `O extrato de ${monthLabel(month)} já está fechado.`);
    }
    throw err;
  }
}

export interface CloseDueSummary {
  /** The month closed for every reseller, or null before the configured day. */
  month: string | null;
  closed: { resellerId: string; month: string; repasseCents: Cents }[];
}

/**
 * The scheduled close (job 'repasse.close', daily): from day `closeDay` of a month on, closes the previous
 * month (and any older open statement, in order) for every reseller with open lines. Idempotent.
 */
export async function closeDueStatements(deps: RepasseDeps & { closeDay: number }): Promise<CloseDueSummary> {
  const today = businessDateAt(deps.clock.now());
  if (Number(today.slice(8, 10)) < deps.closeDay) return { month: null, closed: [] };
  const due = previousMonth(today.slice(0, 7));
  const closed: CloseDueSummary['closed'] = [];
  for (const resellerId of await deps.repasse.resellersWithOpenLinesUpTo(due)) {
    const lastClosed = await deps.repasse.lastClosedMonth(resellerId);
    const months = [
      ...new Set(
        (await deps.repasse.openMonths(resellerId)).map((o) => statementMonthFor(o.month, lastClosed)),
      ),
    ]
      .filter((m) => m <= due)
      .sort();
    for (const month of months) {
      try {
        const s = await closeStatement(deps, null, resellerId, month);
        closed.push({ resellerId, month, repasseCents: s.repasseCents });
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict') continue; // closed meanwhile
        throw err;
      }
    }
  }
  return { month: due, closed };
}

export interface AdjustmentInput {
  /** Signed: positive pays the Hiperador more, negative discounts. */
  amountCents: number;
  description: string;
  /** A UUID made once per form: sending it again changes nothing. */
  idempotencyKey?: string | null;
}

/** Financeiro's ajuste: a signed 'ajuste' line in the open statement of `month`. */
export async function addAdjustment(
  deps: RepasseDeps,
  actor: Actor,
  resellerId: string,
  month: string,
  input: AdjustmentInput,
  ip?: string | null,
): Promise<StatementDetail> {
  requireBackOffice(actor);
  requireMonth(month);
  const reseller = await visibleReseller(deps, actor, resellerId);
  if (
    !Number.isSafeInteger(input.amountCents) ||
    input.amountCents === 0 ||
    Math.abs(input.amountCents) > MAX_ADJUSTMENT_CENTS
  ) {
    throw new AppError(
      'validation_failed',
      `Informe o valor do ajuste, diferente de zero e até ${formatBRL(MAX_ADJUSTMENT_CENTS)} (negativo para descontar).`,
      'amount_cents',
    );
  }
  const description = input.description.replace(/\s+/g, ' ').trim();
  if (description.length < 5 || description.length > 200) {
    throw new AppError(
      'validation_failed',
      'Descreva o ajuste (de 5 a 200 caracteres), ex. "Bonificação de campanha".',
      'description',
    );
  }
  const key = input.idempotencyKey ?? null;
  if (key !== null && !UUID_RE.test(key)) {
    throw new AppError(
      'validation_failed',
      'Chave de idempotência inválida (use um UUID).',
      'idempotency_key',
    );
  }
  const today = businessDateAt(deps.clock.now());
  if (month > today.slice(0, 7)) {
    throw new AppError('business_rule', `O mês ${monthLabel(month)} ainda não começou.`);
  }
  const lastClosed = await deps.repasse.lastClosedMonth(reseller.id);
  if (lastClosed !== null && month <= lastClosed) {
    throw new AppError(
      'conflict',
      `O extrato de ${monthLabel(month)} já está fechado: lance o ajuste no extrato aberto.`,
    );
  }
  const occurredOn = month === today.slice(0, 7) ? today : endOfMonth(`${month}-01`);
  const entryKey = `ajuste:${(key ?? randomUUID()).toLowerCase()}`;
  const inserted = await deps.repasse.insertAdjustment({
    entryKey,
    resellerId: reseller.id,
    amountCents: input.amountCents,
    description,
    occurredOn,
    createdBy: actor.userId,
  });
  if (inserted) {
    await deps.audit.record({
      ...auditActor(actor),
      action: 'repasse.adjustment_added',
      entityType: 'reseller',
      entityId: reseller.id,
      ip: ip ?? null,
      details: { month, amount_cents: input.amountCents, description, entry_key: entryKey },
    });
  }
  return getStatement(deps, actor, reseller.id, month);
}

/** Financeiro records the payout of a closed statement: fechado → pago, with the date and bank reference. */
export async function recordPayout(
  deps: RepasseDeps,
  actor: Actor,
  resellerId: string,
  month: string,
  input: { paidOn: string; reference: string },
  ip?: string | null,
): Promise<StatementDetail> {
  requireBackOffice(actor);
  requireMonth(month);
  const reseller = await visibleReseller(deps, actor, resellerId);
  const today = businessDateAt(deps.clock.now());
  requireDayNotAfter(input.paidOn, today, 'do pagamento', 'paid_on');
  const reference = input.reference.replace(/\s+/g, ' ').trim();
  if (reference.length < 3 || reference.length > 120) {
    throw new AppError(
      'validation_failed',
      'Informe a referência bancária do pagamento (de 3 a 120 caracteres), ex. o número da TED.',
      'reference',
    );
  }
  const statement = await deps.repasse.statement(reseller.id, month);
  if (!statement) {
    throw new AppError(
      'business_rule',
      `O extrato de ${monthLabel(month)} está aberto: feche-o antes de registrar o pagamento.`,
    );
  }
  if (
    statement.status === 'pago' ||
    !(await deps.repasse.recordPayout(statement.id, {
      paidOn: input.paidOn,
      reference,
      paidBy: actor.userId,
      at: deps.clock.now(),
    }))
  ) {
    const again = await deps.repasse.statement(reseller.id, month);
    throw new AppError(
      'conflict',
      `O pagamento do extrato de ${monthLabel(month)} já foi registrado${again?.paidOn ? ` em ${formatDateBR(again.paidOn)}` : ''}.`,
    );
  }
  await deps.audit.record({
    ...auditActor(actor),
    action: 'repasse.statement_paid',
    entityType: 'repasse_statement',
    entityId: statement.id,
    ip: ip ?? null,
    details: {
      reseller_id: reseller.id,
      month,
      paid_on: input.paidOn,
      reference,
      repasse_cents: statement.repasseCents,
    },
  });
  return getStatement(deps, actor, reseller.id, month);
}

/** What a file is, from its first bytes: a PDF ("%PDF-") or an XML document (NF-e / NFS-e). */
export function invoiceKind(content: Uint8Array): 'pdf' | 'xml' | null {
  const head = Buffer.from(content.subarray(0, 64)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  const text = head.replace(/^\u00ef\u00bb\u00bf/, '').replace(/^\s+/, '');
  if (text.startsWith('<?xml') || /^<[A-Za-z_]/.test(text)) return 'xml';
  return null;
}

/**
 * The Hiperador's nota fiscal de serviço for a closed (or paid) statement: a PDF or an XML up to 5 MB,
 * recognised by its first bytes. The Hiperador (own reseller) or staff may send it; sending again replaces it.
 */
export async function uploadInvoice(
  deps: RepasseDeps,
  actor: Actor,
  resellerId: string,
  month: string,
  file: { filename: string; content: Uint8Array },
  ip?: string | null,
): Promise<StatementDetail> {
  requireMonth(month);
  const reseller = await visibleReseller(deps, actor, resellerId);
  if (file.content.byteLength === 0) {
    throw new AppError('validation_failed', 'O arquivo da nota fiscal está vazio.', 'arquivo');
  }
  if (file.content.byteLength > MAX_INVOICE_BYTES) {
    throw new AppError('payload_too_large', 'A nota fiscal pode ter no máximo 5 MB.', 'arquivo');
  }
  const kind = invoiceKind(file.content);
  if (!kind) {
    throw new AppError(
      'validation_failed',
      'Envie a nota fiscal em PDF ou XML (o arquivo enviado não é nenhum dos dois).',
      'arquivo',
    );
  }
  const statement = await deps.repasse.statement(reseller.id, month);
  if (!statement) {
    throw new AppError(
      'business_rule',
      `O extrato de ${monthLabel(month)} ainda está aberto: a nota fiscal é enviada depois do fechamento.`,
    );
  }
  const base =
    file.filename
      .replace(/^.*[\\/]/, '')
      .replace(/\.(pdf|xml)$/i, '')
      .replace(/[^A-Za-z0-9._ -]/g, '_')
      .trim()
      .slice(0, 100) || `nota-fiscal-${month}`;
  const filename = `${base}.${kind}`;
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  await deps.repasse.saveInvoice(statement.id, {
    filename,
    contentType: kind === 'pdf' ? 'application/pdf' : 'application/xml',
    content: file.content,
    sha256,
    uploadedBy: actor.userId,
    at: deps.clock.now(),
  });
  await deps.audit.record({
    ...auditActor(actor),
    action: 'repasse.invoice_uploaded',
    entityType: 'repasse_statement',
    entityId: statement.id,
    ip: ip ?? null,
    details: { reseller_id: reseller.id, month, filename, sha256, size_bytes: file.content.byteLength },
  });
  return getStatement(deps, actor, reseller.id, month);
}

export async function downloadInvoice(
  deps: Pick<RepasseDeps, 'repasse'>,
  actor: Actor,
  resellerId: string,
  month: string,
): Promise<{ filename: string; contentType: string; content: Uint8Array }> {
  requireMonth(month);
  const reseller = await visibleReseller(deps, actor, resellerId);
  const statement = await deps.repasse.statement(reseller.id, month);
  const file = statement ? await deps.repasse.invoiceContent(statement.id) : null;
  if (!file)
    throw new AppError('not_found', `Nenhuma nota fiscal enviada para o extrato de ${monthLabel(month)}.`);
  return file;
}
