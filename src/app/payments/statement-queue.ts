import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { CHARGE_STATUS_LABELS } from '../../domain/payments/charges';
import type { Page } from '../clients/ports';
import { AppError, notFound } from '../shared/errors';
import {
  auditActor,
  requireBackOffice,
  type StatementActor,
  type StatementDeps,
  statementSourceId,
} from './import-statement';
import type { PaymentOutcome } from './ports';
import type { OpenChargeOption, StatementEntryRecord, StatementListQuery } from './statement-ports';

export const MAX_STATEMENT_PAGE_SIZE = 100;
export const MIN_REASON_LENGTH = 5;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The queue (pendente) and the history (conciliado, descartado), newest posting first. */
export async function listStatementEntries(
  deps: Pick<StatementDeps, 'statements'>,
  actor: StatementActor,
  query: StatementListQuery,
): Promise<Page<StatementEntryRecord>> {
  requireBackOffice(actor);
  for (const [field, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== undefined && !ISO_DATE.test(value)) {
      throw new AppError('validation_failed', 'Data inválida (use AAAA-MM-DD).', field);
    }
  }
  return deps.statements.list({ ...query, pageSize: Math.min(query.pageSize, MAX_STATEMENT_PAGE_SIZE) });
}

export async function getStatementEntry(
  deps: Pick<StatementDeps, 'statements'>,
  actor: StatementActor,
  entryId: string,
): Promise<StatementEntryRecord> {
  requireBackOffice(actor);
  const entry = await deps.statements.get(entryId);
  if (!entry) throw notFound('Lançamento do extrato');
  return entry;
}

/**
 * Open charges to pick for a hand match: by client name, CPF/CNPJ, charge number or TED identifier; with
 * no search, the open charges whose balance is the credit's amount.
 */
export async function chargeOptionsForEntry(
  deps: Pick<StatementDeps, 'statements'>,
  actor: StatementActor,
  input: { entryId?: string; search?: string },
): Promise<OpenChargeOption[]> {
  requireBackOffice(actor);
  const search = input.search?.trim();
  if (search) return deps.statements.searchOpenCharges({ search, limit: 20 });
  if (!input.entryId) return [];
  const entry = await getStatementEntry(deps, actor, input.entryId);
  return deps.statements.searchOpenCharges({ balanceCents: entry.amountCents, limit: 20 });
}

function resolvedConflict(entry: StatementEntryRecord): AppError {
  if (entry.status === 'conciliado') {
    return new AppError(
      'conflict',
      `Este crédito já foi conciliado${entry.chargeNumber ? ` com a cobrança ${entry.chargeNumber}` : ''}; nada foi alterado.`,
    );
  }
  return new AppError(
    'conflict',
    `Este crédito foi descartado${entry.resolvedAt ? ` em ${formatDateBR(businessDateAt(entry.resolvedAt))}` : ''} (motivo: "${entry.dismissReason ?? ''}"); nada foi alterado.`,
  );
}

export interface MatchEntryResult {
  entry: StatementEntryRecord;
  payment: PaymentOutcome;
}

/**
 * Conciliates a queued credit with a charge by hand. The amount may differ from the balance: the payment
 * rule records the difference (under-payment leaves a balance, over-payment becomes client credit).
 * The payment is idempotent by account:FITID, like an automatic match.
 */
export async function matchStatementEntry(
  deps: StatementDeps,
  actor: StatementActor,
  entryId: string,
  chargeId: string,
  ip?: string | null,
): Promise<MatchEntryResult> {
  requireBackOffice(actor);
  const entry = await deps.statements.get(entryId);
  if (!entry) throw notFound('Lançamento do extrato');
  if (entry.status !== 'pendente') throw resolvedConflict(entry);
  const charge = actor ? await deps.charges.get(actor, chargeId) : await deps.charges.systemGet(chargeId);
  if (!charge) throw new AppError('not_found', 'Cobrança não encontrada.', 'charge_id');
  if (charge.status === 'paga' || charge.status === 'cancelada') {
    throw new AppError(
      'business_rule',
      `A cobrança ${charge.number} está ${CHARGE_STATUS_LABELS[charge.status].toLowerCase()}; escolha uma cobrança em aberto.`,
      'charge_id',
    );
  }

  const balanceBefore = Math.max(0, charge.amountCents - charge.paidCents);
  const [outcome] = await deps.charges.applyPayments([
    {
      chargeId: charge.id,
      source: 'ofx',
      sourceId: statementSourceId(entry.account, entry.fitid),
      amountCents: entry.amountCents,
      paidOn: entry.postedOn,
      creditedOn: entry.postedOn,
      reason: 'Conciliação manual de crédito do extrato',
      evidence: {
        file_id: entry.fileId,
        filename: entry.filename,
        account: entry.account,
        entry_id: entry.id,
        matched_by: 'manual',
        transaction: entry.raw.transaction ?? null,
      },
      recordedBy: actor?.userId ?? null,
    },
  ]);
  const payment = outcome!;
  const note = {
    by: 'manual',
    automatic: false,
    balance_before_cents: balanceBefore,
    settled: payment.settled,
    balance_cents: payment.balanceCents,
    overpaid_cents: payment.overpaidCents,
  };
  const marked = await deps.statements.markMatched(entry.id, {
    chargeId: payment.chargeId,
    paymentId: payment.paymentId,
    resolvedBy: actor?.userId ?? null,
    note,
  });
  const after = (await deps.statements.get(entry.id))!;
  if (payment.chargeId !== charge.id) {
    // Applied before to another charge (an interrupted earlier attempt): the entry follows that payment.
    throw new AppError(
      'conflict',
      `Este crédito já foi aplicado à cobrança ${after.chargeNumber ?? ''}; nada foi alterado.`,
    );
  }
  if (!marked && (after.status !== 'conciliado' || after.paymentId !== payment.paymentId)) {
    throw resolvedConflict(after);
  }
  if (payment.status === 'applied') {
    await deps.audit.record({
      ...auditActor(actor),
      action: 'statement.entry_matched',
      entityType: 'statement_entry',
      entityId: entry.id,
      ip: ip ?? null,
      details: {
        charge_id: charge.id,
        charge_number: charge.number,
        payment_id: payment.paymentId,
        amount_cents: entry.amountCents,
        ...note,
        fitid: entry.fitid,
        account: entry.account,
      },
    });
  }
  return { entry: after, payment };
}

/** Takes a credit out of the queue (not a payment of ours: a refund, a transfer between accounts…). */
export async function dismissStatementEntry(
  deps: Pick<StatementDeps, 'statements' | 'audit'>,
  actor: StatementActor,
  entryId: string,
  reasonInput: string,
  ip?: string | null,
): Promise<StatementEntryRecord> {
  requireBackOffice(actor);
  const reason = reasonInput.replace(/\s+/g, ' ').trim();
  if (reason.length < MIN_REASON_LENGTH) {
    throw new AppError(
      'validation_failed',
      `Informe o motivo do descarte (ao menos ${MIN_REASON_LENGTH} caracteres).`,
      'reason',
    );
  }
  const entry = await deps.statements.get(entryId);
  if (!entry) throw notFound('Lançamento do extrato');
  // The same dismissal again (a double click, a retried request) changes nothing.
  if (entry.status === 'descartado' && entry.dismissReason === reason) return entry;
  if (entry.status !== 'pendente') throw resolvedConflict(entry);
  const marked = await deps.statements.markDismissed(entry.id, {
    reason: reason.slice(0, 500),
    resolvedBy: actor?.userId ?? null,
  });
  const after = (await deps.statements.get(entry.id))!;
  if (!marked) {
    if (after.status === 'descartado' && after.dismissReason === reason) return after;
    throw resolvedConflict(after);
  }
  await deps.audit.record({
    ...auditActor(actor),
    action: 'statement.entry_dismissed',
    entityType: 'statement_entry',
    entityId: entry.id,
    ip: ip ?? null,
    details: {
      reason,
      amount_cents: entry.amountCents,
      posted_on: entry.postedOn,
      fitid: entry.fitid,
      account: entry.account,
      memo: entry.memo,
    },
  });
  return after;
}
