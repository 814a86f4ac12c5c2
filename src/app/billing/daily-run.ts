import { randomUUID } from 'node:crypto';
import { paymentForms } from '../../domain/billing/payment-forms';
import {
  addCompetence,
  competenceOf,
  installmentForCompetence,
  isIsoDate,
} from '../../domain/billing/schedule';
import { addDays, businessDateAt } from '../../domain/calendar/dates';
import { contractNumber } from '../../domain/contracts/contract-rules';
import { lastDayWithoutCharges } from '../../domain/payments/late-charges';
import { tedIdentifierFor } from '../../domain/payments/ted/ted-matching';
import type { ClientDetail } from '../clients/ports';
import { sendCardLink } from '../payments/card-registration';
import { prepareCharge } from '../payments/create-charge';
import { markOverdueCharges } from '../payments/mark-overdue';
import { AppError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import {
  activateContract,
  BILLING_ISSUER,
  type BillingDeps,
  billingClient,
  CARD_ATTEMPT_OFFSETS,
  chargeCardAttempt,
  installmentIssue,
  issueInstallmentCharge,
  sendIssueEmail,
} from './activation';
import {
  type CardLinkMessage,
  cardDeclinedMessage,
  cardMissingMessage,
  chargeEmailComposer,
  type ReminderKind,
  reminderEmails,
} from './billing-emails';
import type {
  BillableClient,
  BillingContract,
  BillingRunCounts,
  BillingRunError,
  OpenInstallment,
  PreparedIssue,
} from './ports';
import { stepCompetence } from './ports';

/** The pg-boss job of the daily run (06:00 America/Sao_Paulo). */
export const BILLING_RUN_JOB = 'billing.daily';
export const BILLING_RUN_CRON = '0 6 * * *';
/** Installments are issued (charge + e-mail) this many days before their due date (BILLING_LEAD_DAYS). */
export const DEFAULT_LEAD_DAYS = 10;
/** 'lembrete:antes' goes this many days before the due date. */
export const REMINDER_DAYS_BEFORE = 3;
/** 'lembrete:atraso' goes this many days after the last day without charges. */
export const REMINDER_DAYS_AFTER = 3;
/** A run still 'executando' after this long was killed: the next run marks it 'falhou'. */
export const STALE_RUN_MS = 6 * 60 * 60 * 1000;
const BATCH_SIZE = 1_000;
/** Batches of the issue step written at once (each in its own transaction and connection). */
const WRITES_IN_FLIGHT = 2;
const MAX_ERRORS = 200;

export type BillingTrigger = 'cron' | 'manual' | 'cli';

export interface RunBillingInput {
  /** The São Paulo date the run bills for ('YYYY-MM-DD'). */
  date: string;
  trigger: BillingTrigger;
  startedBy?: string | null;
  /** An existing run row (createBillingRun) to fill, e.g. when a route answers 202 first. */
  runId?: string;
  batchSize?: number;
}

export interface BillingRunSummary {
  runId: string;
  date: string;
  status: 'concluida' | 'falhou';
  counts: BillingRunCounts;
  errors: BillingRunError[];
}

export interface DailyRunDeps extends BillingDeps {
  /** BILLING_LEAD_DAYS (default 10). */
  billingLeadDays?: number;
}

export const BILLING_RUN_MESSAGES = {
  invalidDate: 'Data inválida: use AAAA-MM-DD.',
} as const;

/** Every count a run keeps (the Execuções de cobrança screen shows them). */
export const BILLING_COUNT_KEYS = [
  'activated',
  'issued',
  'emailed',
  'charged',
  'failed',
  'card_links',
  'reminded',
  'overdue',
  'blocked',
  'unblocked',
  'cancelled',
  'charges_overdue',
] as const;

/**
 * The clock of a run for `date`: the real instant when it is that day in São Paulo, else noon of `date`
 * (a manual re-run for another day sees that day everywhere: due dates, "today", card payment dates).
 */
export function runClock(date: string, clock: Clock): Clock {
  return {
    now: () => {
      const now = clock.now();
      return businessDateAt(now) === date ? now : new Date(`${date}T15:00:00.000Z`);
    },
  };
}

/** The run row, 'executando', before the work starts (a route can answer with its id at once). */
export async function createBillingRun(
  deps: Pick<BillingDeps, 'billing' | 'clock'>,
  input: Pick<RunBillingInput, 'date' | 'trigger' | 'startedBy'>,
): Promise<string> {
  if (!isIsoDate(input.date))
    throw new AppError('validation_failed', BILLING_RUN_MESSAGES.invalidDate, 'date');
  return deps.billing.createRun({
    runDate: input.date,
    trigger: input.trigger,
    startedBy: input.startedBy ?? null,
    at: deps.clock.now(),
  });
}

/**
 * The billing version of a client for competência C: its highest signed version in effect by C. A version
 * superseded later still bills the competências before its successor's; the client's latest version ended
 * (cancellation) bills nothing more.
 */
export function billingVersionFor(
  contracts: readonly BillingContract[],
  competence: string,
  now: Date,
): BillingContract | null {
  let found: BillingContract | null = null;
  for (const c of contracts) {
    if (c.effectiveFrom && c.effectiveFrom <= competence && (!found || c.version > found.version)) found = c;
  }
  if (!found) return null;
  const latest = contracts.reduce((a, b) => (b.version > a.version ? b : a));
  if (found.id === latest.id && found.endedAt && found.endedAt.getTime() <= now.getTime()) return null;
  return found;
}

/**
 * Where a version's schedule starts: an ativação/migração on its signature date A (#1 due on A, then the
 * 15ths); an alteração on the 15th of its first competência (its competências are due on the 15th).
 */
export function scheduleStart(contract: BillingContract): string | null {
  if (contract.kind === 'alteracao') return contract.effectiveFrom ? `${contract.effectiveFrom}-15` : null;
  return contract.signedAt ? businessDateAt(contract.signedAt) : null;
}

/**
 * What the run issues for a client on `date`: the competências after the last one issued whose installment
 * (in the schedule of the version billing it) is due by `until` (date + lead days). A client with nothing
 * issued yet waits for its activation (installment 1 is the activation charge).
 */
export function plannedInstallments(client: BillableClient, until: string, now: Date) {
  const planned: {
    contract: BillingContract;
    installment: NonNullable<ReturnType<typeof installmentForCompetence>>;
  }[] = [];
  if (!client.lastCompetence || client.contracts.length === 0) return planned;
  const last = competenceOf(until);
  for (let c = addCompetence(client.lastCompetence, 1); c <= last; c = addCompetence(c, 1)) {
    const contract = billingVersionFor(client.contracts, c, now);
    if (!contract) continue;
    const start = scheduleStart(contract);
    const installment = start ? installmentForCompetence(start, contract.periodicity, c) : null;
    if (installment && installment.dueDate <= until) planned.push({ contract, installment });
  }
  return planned;
}

/** The latest card attempt due on `date` for a charge due on `dueDate` (0: none yet). */
export function cardAttemptDue(dueDate: string, date: string): number {
  let attempt = 0;
  CARD_ATTEMPT_OFFSETS.forEach((offset, i) => {
    if (addDays(dueDate, offset) <= date) attempt = i + 1;
  });
  return attempt;
}

/** The reminder due on `date` for an unpaid charge (null: none today). */
export function reminderDue(
  charge: { dueDate: string; issuedOn: string },
  lastFree: string,
  date: string,
): ReminderKind | null {
  const before = addDays(charge.dueDate, -REMINDER_DAYS_BEFORE);
  // "Before" only for charges issued ahead (an activation boleto due in 3 days just got its e-mail).
  if (date >= before && date < charge.dueDate && charge.issuedOn < before) return 'antes';
  if (date >= charge.dueDate && date <= lastFree) return 'vencimento';
  if (date >= addDays(lastFree, REMINDER_DAYS_AFTER)) return 'atraso';
  return null;
}

class RunState {
  readonly counts: BillingRunCounts = Object.fromEntries(BILLING_COUNT_KEYS.map((k) => [k, 0]));
  readonly errors: BillingRunError[] = [];
  processed = 0;

  add(key: (typeof BILLING_COUNT_KEYS)[number], n = 1) {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  fail(err: unknown, where: { clientId?: string | null; contractId?: string | null; step: string }) {
    this.add('failed');
    if (this.errors.length >= MAX_ERRORS) return;
    this.errors.push({
      client_id: where.clientId ?? null,
      contract_id: where.contractId ?? null,
      step: where.step,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

/**
 * The daily billing run (SPEC §4), for the São Paulo date `date`. Every effect is idempotent by
 * (contract, competência, step) in the database, so the run may be executed twice, on two workers at once,
 * or killed half-way and re-run: one installment, one charge and one e-mail of each kind.
 * 0. activations that did not happen at signature (signed ativação/migração without installment);
 * 1. installments due within the lead days (BILLING_LEAD_DAYS, 10) by the RECURRING form, with the charge;
 * 2. for each unpaid installment: the charge e-mail if it did not go yet; card attempts D0, D+2, D+5, D+10
 *    and, on a decline (or no card on the due date), the card link e-mail once per competência; reminders
 *    before, on and after the due date; inadimplente after the last day without charges;
 * 3. cancelled contracts past the liberado até → cancelado; liberado até passed → bloqueado;
 * 4. charges past their last day without charges → 'vencida'.
 * Progress, counts and errors are saved on the billing_runs row after every batch.
 */
export async function runBilling(deps: DailyRunDeps, input: RunBillingInput): Promise<BillingRunSummary> {
  if (!isIsoDate(input.date))
    throw new AppError('validation_failed', BILLING_RUN_MESSAGES.invalidDate, 'date');
  const date = input.date;
  const d: DailyRunDeps = { ...deps, clock: runClock(date, deps.clock) };
  const runId = input.runId ?? (await createBillingRun(deps, input));
  await deps.billing.failStaleRuns(new Date(deps.clock.now().getTime() - STALE_RUN_MS));
  const state = new RunState();
  const batch = input.batchSize ?? BATCH_SIZE;
  const leadDays = deps.billingLeadDays ?? DEFAULT_LEAD_DAYS;
  const until = addDays(date, leadDays);
  const save = (extra: Parameters<DailyRunDeps['billing']['updateRun']>[1] = {}) =>
    deps.billing.updateRun(runId, {
      processedItems: state.processed,
      counts: { ...state.counts },
      errors: [...state.errors],
      ...extra,
    });

  try {
    // 0. Activations the signature's listener could not do.
    for (const contractId of await deps.billing.contractsAwaitingActivation()) {
      try {
        const result = await activateContract(d, contractId, { runId });
        if (result.status === 'ativada') state.add('activated');
      } catch (err) {
        state.fail(err, { contractId, step: 'ativacao' });
      }
    }

    const billable = await deps.billing.countBillableClients();
    await deps.billing.updateRun(runId, { totalItems: billable });

    // 1. Installments due within the lead days: batches are read and prepared while earlier ones are
    // written (the database works while this process builds boletos and e-mails), WRITES_IN_FLIGHT at once
    // on their own connections (their clients are disjoint).
    const writes: Promise<void>[] = [];
    let saved: Promise<void> = Promise.resolve();
    try {
      for (let after: string | null = null; ; ) {
        const clients = await deps.billing.billableClients(after, batch);
        if (clients.length === 0) break;
        const prepared = await prepareIssueBatch(d, clients, until, runId, state);
        if (writes.length >= WRITES_IN_FLIGHT) await writes.shift();
        const write = writeIssueBatch(d, clients, prepared, until, runId, state).then(() => {
          state.processed += clients.length;
          saved = saved.then(() => save());
          return saved;
        });
        // Awaited later (above, or below); marked handled meanwhile (no unhandled rejection).
        write.catch(() => undefined);
        writes.push(write);
        after = clients.at(-1)!.clientId;
      }
    } finally {
      await Promise.allSettled(writes);
    }
    await Promise.all(writes);

    // 2. Follow-ups of what is unpaid.
    // Nothing happens before the 'antes' reminder to a charge whose e-mail went out.
    const window = { until, followUpBy: addDays(date, REMINDER_DAYS_BEFORE) };
    const open = await deps.billing.countOpenInstallments(window);
    await deps.billing.updateRun(runId, { totalItems: billable + open });
    for (let after: string | null = null; ; ) {
      const items = await deps.billing.openInstallments(window, after, batch);
      if (items.length === 0) break;
      const clientCache = new Map<string, ClientDetail>();
      for (const item of items) {
        await followUp(d, item, date, runId, state, clientCache);
        state.processed++;
      }
      after = items.at(-1)!.installmentId;
      await save();
    }

    // 3. End of cancelled contracts, then blocks (the day after the liberado até).
    state.add('cancelled', await deps.billing.endCancelled(date, runId));
    state.add('blocked', await deps.billing.blockLapsed(date, runId));

    // 4. Charges past their last day without charges.
    state.add('charges_overdue', (await markOverdueCharges(d)).overdue);

    await save({ status: 'concluida', finishedAt: deps.clock.now() });
    return { runId, date, status: 'concluida', counts: state.counts, errors: state.errors };
  } catch (err) {
    state.fail(err, { step: 'execucao' });
    await save({ status: 'falhou', finishedAt: deps.clock.now() });
    return { runId, date, status: 'falhou', counts: state.counts, errors: state.errors };
  }
}

/** Runs `fn` over `items`, at most `limit` at a time (the PSP's calls of a batch). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A batch ready to write: its installments with charges and e-mails, and the clients that failed. */
interface PreparedBatch {
  ready: PreparedIssue[];
  failed: Set<string>;
}

/** Calls to the Pix PSP at once while a batch is prepared (a real PSP answers over the network). */
const PSP_CONCURRENCY = 16;

/**
 * Step 1 for a batch of clients, set-based (prepareIssueBatch, then writeIssueBatch): every installment due
 * within the lead days is planned (pure schedule arithmetic), its charge prepared before the transaction
 * (charge number and nosso número reserved at once, boleto and Pix built, e-mails composed with the template
 * read once), then the batch is written in one transaction (BillingRepository.issueInstallments):
 * installments, charges, the 'email:emissao' steps, the outbox rows and the audit entries, each only for the
 * installments that did not exist. A client whose charge cannot be prepared is reported and skipped; a batch
 * the database refuses is retried client by client (issueForClient), so one bad row never holds the others
 * back and its error names the client.
 */
async function prepareIssueBatch(
  deps: DailyRunDeps,
  clients: readonly BillableClient[],
  until: string,
  runId: string,
  state: RunState,
): Promise<PreparedBatch> {
  const now = deps.clock.now();
  const today = businessDateAt(now);
  const plans = clients.flatMap((client) =>
    plannedInstallments(client, until, now).map(({ contract, installment }, i) => {
      const form = paymentForms(contract.paymentMethod).recurring;
      return {
        client,
        form,
        issue: installmentIssue({
          contract,
          installment,
          number: client.lastNumber + i + 1,
          form,
          // Catching up a due date already past: the charge is due today.
          chargeDueDate: [installment.dueDate, today].sort()[1]!,
        }),
      };
    }),
  );
  if (plans.length === 0) return { ready: [], failed: new Set() };

  const sequences = await deps.billing.reserveChargeSequences(
    plans.length,
    plans.filter((p) => p.form === 'boleto').length,
  );
  const nossoNumeros = sequences.nossoNumeros.values();
  const compose = await chargeEmailComposer(deps);
  const failed = new Set<string>();
  const prepared = await mapLimit(plans, PSP_CONCURRENCY, async (plan): Promise<PreparedIssue | null> => {
    const { client, issue } = plan;
    const number = sequences.chargeNumbers.shift()!;
    if (failed.has(client.clientId)) return null;
    try {
      const installmentId = randomUUID();
      const chargeId = randomUUID();
      const input = issue.charge(installmentId, client.clientId);
      const payer = { id: client.clientId, resellerId: client.resellerId, ...client.payer };
      const draft = await prepareCharge(deps, BILLING_ISSUER, payer, input, () => {
        const next = nossoNumeros.next();
        if (next.done) throw new Error('nosso número não reservado');
        return next.value;
      });
      const chargeNumber = contractNumber(draft.dueDate.slice(0, 4), number);
      const tedIdentifier = draft.method === 'ted' ? tedIdentifierFor(chargeNumber) : null;
      const charge = { ...draft, id: chargeId, number: chargeNumber, tedIdentifier };
      return {
        installment: issue.draft,
        charge,
        emails: compose(
          {
            ...charge,
            paidCents: 0,
            clientLegalName: client.payer.legalName,
            resellerName: client.payer.resellerName,
            barcode: charge.barcode ?? null,
            pixPayload: charge.pixPayload ?? null,
          },
          [client.payer.email, ...client.payer.billingEmails],
        ),
        audit: {
          actorUserId: BILLING_ISSUER.userId,
          actorEmail: BILLING_ISSUER.email,
          action: 'charge.created',
          entityType: 'client',
          entityId: client.clientId,
          details: {
            charge_id: chargeId,
            number: chargeNumber,
            method: charge.method,
            amount_cents: charge.amountCents,
            due_date: charge.dueDate,
            run_id: runId,
          },
        },
      };
    } catch (err) {
      failed.add(client.clientId);
      state.fail(err, { clientId: client.clientId, contractId: issue.draft.contractId, step: 'emissao' });
      return null;
    }
  });
  // A client with a failed installment issues none of this batch (its numbers must not skip one).
  const ready = prepared.filter((p): p is PreparedIssue => p !== null && !failed.has(p.installment.clientId));
  return { ready, failed };
}

/** The write of a prepared batch (see prepareIssueBatch); refused as a whole, it goes client by client. */
async function writeIssueBatch(
  deps: DailyRunDeps,
  clients: readonly BillableClient[],
  batch: PreparedBatch,
  until: string,
  runId: string,
  state: RunState,
): Promise<void> {
  if (batch.ready.length === 0) return;
  try {
    const created = await deps.billing.issueInstallments(batch.ready, runId);
    state.add('issued', created.size);
    state.add('emailed', created.size);
  } catch {
    // Each error attributed to its client.
    for (const client of clients) {
      if (!batch.failed.has(client.clientId)) await issueForClient(deps, client, until, state);
    }
  }
}

async function issueForClient(
  deps: DailyRunDeps,
  client: BillableClient,
  until: string,
  state: RunState,
): Promise<void> {
  const planned = plannedInstallments(client, until, deps.clock.now());
  if (planned.length === 0) return;
  const today = businessDateAt(deps.clock.now());
  let detail: ClientDetail;
  try {
    detail = await billingClient(deps, client.clientId);
  } catch (err) {
    state.fail(err, { clientId: client.clientId, step: 'emissao' });
    return;
  }
  let number = client.lastNumber;
  for (const { contract, installment } of planned) {
    try {
      const form = paymentForms(contract.paymentMethod).recurring;
      const issued = await issueInstallmentCharge(deps, {
        contract,
        client: detail,
        installment,
        number: number + 1,
        form,
        // Catching up a due date already past: the charge is due today.
        chargeDueDate: [installment.dueDate, today].sort()[1]!,
      });
      if (!issued) continue;
      number = Math.max(number, issued.installment.number);
      if (issued.created) state.add('issued');
    } catch (err) {
      state.fail(err, { clientId: client.clientId, contractId: contract.id, step: 'emissao' });
      return;
    }
  }
}

async function followUp(
  deps: DailyRunDeps,
  item: OpenInstallment,
  date: string,
  runId: string,
  state: RunState,
  clientCache: Map<string, ClientDetail>,
): Promise<void> {
  const where = { clientId: item.clientId, contractId: item.contractId };
  const competence = stepCompetence(item);
  const client = async () => {
    let c = clientCache.get(item.clientId);
    if (!c) {
      c = await billingClient(deps, item.clientId);
      clientCache.set(item.clientId, c);
    }
    return c;
  };
  const lastFree = lastDayWithoutCharges(item.chargeDueDate, deps.bankCalendar);

  // The charge e-mail (a schedule parcela's; an upgrade's prorated charge is e-mailed by its own flow).
  if (!item.issueEmailSent && item.key.startsWith('parcela:')) {
    try {
      if (await sendIssueEmail(deps, item, await client(), runId)) state.add('emailed');
    } catch (err) {
      state.fail(err, { ...where, step: 'email:emissao' });
    }
  }

  if (item.chargeMethod === 'cartao') {
    await cardFollowUp(deps, item, date, runId, state, client);
  } else {
    const kind = reminderDue({ dueDate: item.chargeDueDate, issuedOn: item.chargeIssuedOn }, lastFree, date);
    if (kind) {
      try {
        const charge = await deps.charges.systemGet(item.chargeId);
        const c = await client();
        if (charge && charge.status !== 'paga' && charge.status !== 'cancelada') {
          // Written before the step's transaction: the template may be read from the database.
          const emails = await reminderEmails(deps, charge, kind, [c.email, ...c.billingEmails], lastFree);
          const step = await deps.billing.runStep(
            {
              contractId: item.contractId,
              competence,
              step: `lembrete:${kind}`,
              runId,
              details: { charge_id: charge.id },
            },
            async (scope) => {
              for (const email of emails) await scope.outbox.enqueue(email);
            },
          );
          if (step.claimed) state.add('reminded');
        }
      } catch (err) {
        state.fail(err, { ...where, step: `lembrete:${kind}` });
      }
    }
  }

  // Unpaid after the last day without charges: an active client becomes inadimplente.
  if (item.clientStatus === 'ativo' && lastFree < date) {
    try {
      const changed = await deps.billing.markInadimplente(
        {
          contractId: item.contractId,
          competence,
          step: 'inadimplente',
          runId,
          details: {
            charge_id: item.chargeId,
            due_date: item.chargeDueDate,
            last_day_without_charges: lastFree,
          },
        },
        item.clientId,
      );
      if (changed) state.add('overdue');
    } catch (err) {
      state.fail(err, { ...where, step: 'inadimplente' });
    }
  }
}

async function cardFollowUp(
  deps: DailyRunDeps,
  item: OpenInstallment,
  date: string,
  runId: string,
  state: RunState,
  client: () => Promise<ClientDetail>,
): Promise<void> {
  const where = { clientId: item.clientId, contractId: item.contractId };
  const competence = stepCompetence(item);
  const attempt = cardAttemptDue(item.chargeDueDate, date);
  if (attempt === 0) return;
  const sendLink = async (notice: CardLinkMessage) => {
    const c = await client();
    const step = await deps.billing.runStep(
      {
        contractId: item.contractId,
        competence,
        step: 'cartao:link',
        runId,
        details: { charge_id: item.chargeId },
      },
      (scope) =>
        sendCardLink(
          { ...deps, cards: scope.cards, outbox: scope.outbox, audit: scope.audit },
          BILLING_ISSUER,
          c,
          null,
          notice,
        ),
    );
    if (step.claimed) state.add('card_links');
  };

  try {
    const charge = await deps.charges.systemGet(item.chargeId);
    if (!charge || charge.status === 'paga' || charge.status === 'cancelada') return;
    if (!item.hasActiveCard) {
      await sendLink(await cardMissingMessage(deps, charge));
      return;
    }
    const outcome = await chargeCardAttempt(
      deps,
      { contractId: item.contractId, competence, chargeId: item.chargeId },
      attempt,
      runId,
    );
    if (outcome?.status === 'paga') {
      state.add('charged');
      if (item.clientStatus === 'bloqueado' || item.clientStatus === 'inadimplente') {
        const after = await billingClient(deps, item.clientId);
        if (after.status === 'ativo') state.add('unblocked');
      }
      return;
    }
    if (outcome) state.add('failed');
    // Declined now, or earlier (at activation, or by another worker): the card link, once per competência.
    if (outcome || charge.status === 'falhou') {
      const next = CARD_ATTEMPT_OFFSETS[attempt];
      await sendLink(
        await cardDeclinedMessage(deps, charge, {
          attempt,
          attempts: CARD_ATTEMPT_OFFSETS.length,
          reason: outcome ? outcome.reason : charge.failureReason,
          nextAttemptOn: next === undefined ? null : addDays(item.chargeDueDate, next),
        }),
      );
    }
  } catch (err) {
    state.fail(err, { ...where, step: `cartao:${attempt}` });
  }
}
