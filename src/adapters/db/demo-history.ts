import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { activateContract } from '../../app/billing/activation';
import { applyAlteration } from '../../app/billing/alterations';
import { cancelBilling } from '../../app/billing/cancellation';
import { type DailyRunDeps, runBilling } from '../../app/billing/daily-run';
import { registerSettlement } from '../../app/billing/settlement';
import { createProposal } from '../../app/proposals/create-proposal';
import { markProposalReady } from '../../app/proposals/mark-proposal-ready';
import type { QuoteInput } from '../../app/quotes/quote-json';
import { closeDueStatements, recordPayout } from '../../app/repasse/statements';
import type { Clock } from '../../app/shared/ports';
import type { Config } from '../../config';
import type { Actor } from '../../domain/access/roles';
import { addCompetence, competenceOf } from '../../domain/billing/schedule';
import { addBusinessDays, nextBusinessDay, previousBusinessDay } from '../../domain/calendar/bank-calendar';
import { addDays, BUSINESS_TIME_ZONE, businessDateAt } from '../../domain/calendar/dates';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { lastDayWithoutCharges, lateCharges } from '../../domain/payments/late-charges';
import type { System } from '../../system';
import type { Db } from './database';
import { DbBillingRepository } from './repositories/billing-repository';
import { DbChargeRepository } from './repositories/charge-repository';
import { clients, contracts, emailOutbox, installments, priceBooks, resellers, users } from './schema';
import { rowsOf } from './sql-helpers';

/*
 * 18 months of billing history for the demo resellers (issue 7, "Demo data"): the billed demo clients get a
 * signed contract priced from the demo price book, and the months since their activation are played through
 * the real engine with a clock that moves through the past — the daily run issues the installments and
 * marks inadimplentes and blocks, payments go through the real settlement (DbChargeRepository.applyPayments
 * → installments paga, liberado até, repasse ledger), an upgrade through applyAlteration (contract v2 and its
 * 'proporcional:<id>' installment), a cancellation through cancelBilling. Every client ends in the status the
 * demo shows for it. E-mails written by the history are removed before anything could send them (their
 * billing steps stay claimed, so no run sends them later).
 */

/** What the history pays with: the bank retorno (boleto), the Pix webhook, or a TED confirmed by Financeiro. */
type Rail = 'boleto' | 'pix' | 'ted';
type FinalStatus = 'ativo' | 'inadimplente' | 'bloqueado' | 'cancelado';

interface Story {
  reseller: 'alfa' | 'beta';
  /** The demo client's trade name (demo-seed.ts), or a client the history adds (`add`). */
  tradeName: string;
  add?: NewClient;
  /** Activation: months before the current competência, and the day of that month. */
  startMonthsAgo: number;
  startDay: number;
  quote: QuoteInput;
  rail: Rail;
  /** On time: paid this many days before the due date (moved back to a business day). */
  daysEarly: number;
  /** Competências (months before the current one) paid late, with multa and juros. */
  late?: number[];
  /** A competência (months before the current one) left unpaid until the client was blocked, then paid. */
  blockedThenPaid?: number;
  /** Upgrade signed on this day (months ago, day) to this configuration. */
  upgrade?: { monthsAgo: number; day: number; quote: QuoteInput };
  /** Billing cancelled by Financeiro on this day (months ago, day). */
  cancel?: { monthsAgo: number; day: number; reason: string };
  final: FinalStatus;
}

interface NewClient {
  legalName: string;
  base: string;
  city: string;
  state: string;
  cep: string;
  street: string;
  district: string;
  contactName: string;
  phone: string;
}

const quote = (
  product: 'hiper-mini' | 'hiper-gestao',
  negotiated: number,
  extra: Partial<QuoteInput> = {},
): QuoteInput => ({
  product,
  addons: {},
  apps: [],
  periodicity: 'mensal',
  setup_fee: false,
  negotiated_monthly_cents: negotiated,
  payment_method: 'boleto',
  ...extra,
});

/** The stories (the monthly values are the ones demo-seed.ts shows for each client). */
export const DEMO_STORIES: Story[] = [
  {
    reseller: 'alfa',
    tradeName: 'Mercadinho Bom Preço',
    startMonthsAgo: 17,
    startDay: 8,
    quote: quote('hiper-mini', 8990, { setup_fee: true }),
    rail: 'boleto',
    daysEarly: 2,
    late: [9, 4],
    final: 'ativo',
  },
  {
    reseller: 'alfa',
    tradeName: 'Pão Dourado',
    startMonthsAgo: 14,
    startDay: 12,
    quote: quote('hiper-gestao', 17990, { setup_fee: true, payment_method: 'ted_boleto' }),
    rail: 'boleto',
    daysEarly: 4,
    late: [7],
    upgrade: {
      monthsAgo: 5,
      day: 20,
      quote: quote('hiper-gestao', 21980, { addons: { caixa: 1 }, payment_method: 'ted_boleto' }),
    },
    final: 'ativo',
  },
  {
    reseller: 'alfa',
    tradeName: 'Farmácia Vida',
    startMonthsAgo: 9,
    startDay: 3,
    quote: quote('hiper-gestao', 17990),
    rail: 'pix',
    daysEarly: 1,
    late: [5],
    final: 'inadimplente',
  },
  {
    reseller: 'alfa',
    tradeName: 'Estrada Real Auto Peças',
    startMonthsAgo: 12,
    startDay: 17,
    quote: quote('hiper-gestao', 26980, { addons: { filial: 1 } }),
    rail: 'boleto',
    daysEarly: 0,
    late: [6, 3],
    final: 'bloqueado',
  },
  {
    reseller: 'alfa',
    tradeName: 'Gelato Sul',
    add: {
      legalName: 'Sorveteria Gelato Sul Ltda',
      base: '623451780001',
      city: 'Joinville',
      state: 'SC',
      cep: '89201100',
      street: 'Rua do Príncipe',
      district: 'Centro',
      contactName: 'Sérgio Vieira',
      phone: '47991234567',
    },
    startMonthsAgo: 16,
    startDay: 21,
    quote: quote('hiper-mini', 8990, { payment_method: 'ted' }),
    rail: 'ted',
    daysEarly: 3,
    cancel: { monthsAgo: 4, day: 20, reason: 'Cliente vendeu o ponto e encerrou as atividades da loja' },
    final: 'cancelado',
  },
  {
    reseller: 'beta',
    tradeName: 'Boa Safra',
    startMonthsAgo: 18,
    startDay: 6,
    quote: quote('hiper-gestao', 23980, { apps: ['hiper_tef'], setup_fee: true }),
    rail: 'boleto',
    daysEarly: 3,
    late: [11],
    blockedThenPaid: 6,
    final: 'ativo',
  },
  {
    reseller: 'beta',
    tradeName: 'Página Nova',
    startMonthsAgo: 7,
    startDay: 14,
    quote: quote('hiper-mini', 8990),
    rail: 'pix',
    daysEarly: 5,
    final: 'ativo',
  },
  {
    reseller: 'beta',
    tradeName: 'Visão Clara',
    startMonthsAgo: 11,
    startDay: 9,
    quote: quote('hiper-mini', 9980, { apps: ['qr_pix'] }),
    rail: 'boleto',
    daysEarly: 1,
    late: [8],
    final: 'inadimplente',
  },
];

export interface DemoHistoryReport {
  clients: number;
  runs: number;
  payments: number;
  /** Clients whose final status is not the one their story ends in (empty when all is well). */
  mismatches: string[];
  ms: number;
}

/** A clock the history moves through the past; never ahead of the real one. */
class HistoryClock implements Clock {
  private at: Date;
  constructor(private readonly real: Clock) {
    this.at = real.now();
  }
  now(): Date {
    return this.at;
  }
  /** `date` at `hour` (fractions are minutes) São Paulo time, capped at the real now. */
  set(date: string, hour: number): void {
    const hh = String(Math.floor(hour)).padStart(2, '0');
    const mm = String(Math.round((hour % 1) * 60)).padStart(2, '0');
    const instant = Temporal.PlainDateTime.from(`${date}T${hh}:${mm}:00`)
      .toZonedDateTime(BUSINESS_TIME_ZONE)
      .toInstant().epochMilliseconds;
    this.at = new Date(Math.min(instant, this.real.now().getTime()));
  }
}

/** A valid CPF from 9 digits. */
function cpf(base9: string): string {
  const digit = (digits: string) => {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (digits.length + 1 - i);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = digit(base9);
  return `${base9}${d1}${digit(`${base9}${d1}`)}`;
}

/**
 * Something that happens on `date`; `order` is also the São Paulo hour: the daily run at 6, the repasse
 * close at 6:30, the day's signatures and payments at 11 (cancellations 11:30), repasse payouts at 15.
 */
type Event = { date: string; order: number; run: () => Promise<void> };

/**
 * Plays the history. Call right after seedDemo (and before the queue starts): it only touches the demo
 * clients named in DEMO_STORIES, and returns what it did.
 */
export async function seedDemoHistory(system: {
  database: { db: Db };
  deps: System['deps'];
  config: Config;
  clock: Clock;
}): Promise<DemoHistoryReport> {
  const started = Date.now();
  const db = system.database.db;
  const { config } = system;
  const calendar = config.bankCalendar;
  const today = businessDateAt(system.clock.now());
  const current = competenceOf(today);
  const clock = new HistoryClock(system.clock);

  // Own payment and billing repositories: the settlement hook runs on the history's clock.
  const charges = new DbChargeRepository(db);
  const billing = new DbBillingRepository(db, {
    transportConfigured: false,
    dispatcher: { dispatch: async () => false },
    lateFeesTo: config.repasse.lateFeesTo,
  });
  registerSettlement({ charges, billing, clock, bankCalendar: calendar });
  const engine: DailyRunDeps & System['deps'] = {
    ...system.deps,
    charges,
    billing,
    clock,
    renderEmail: () => ({ html: '', text: '' }),
    publicUrl: config.publicUrl,
    linkSecret: config.sessionSecret,
    payments: config.payments,
    billingLeadDays: config.billingLeadDays,
    bankCalendar: calendar,
    applyAlteration: (d, contract) =>
      applyAlteration({ ...d, billingAdmin: system.deps.billingAdmin }, contract),
  };

  const outboxBefore = (await db.select({ id: emailOutbox.id }).from(emailOutbox)).map((r) => r.id);
  const firstMonth = addCompetence(current, -Math.max(...DEMO_STORIES.map((s) => s.startMonthsAgo)));
  // The demo price book must be in force when the oldest contract was priced.
  await db
    .update(priceBooks)
    .set({ validFrom: `${Number(firstMonth.slice(0, 4)) - 1}-01-01` })
    .where(sql`${priceBooks.validFrom} > ${`${firstMonth}-01`}`);

  const actors = await actorsOf(db);
  const resellerIds = Object.fromEntries(
    (await db.select({ id: resellers.id, name: resellers.name }).from(resellers)).map((r) => [
      r.name.startsWith('Alfa') ? 'alfa' : 'beta',
      r.id,
    ]),
  ) as Record<'alfa' | 'beta', string>;

  const events: Event[] = [];
  const at = (date: string, order: number, run: () => Promise<void>) => {
    if (date <= today) events.push({ date, order, run });
  };
  let payments = 0;
  let runs = 0;
  const clientIds = new Map<Story, string>();

  for (const [i, story] of DEMO_STORIES.entries()) {
    const clientId = await prepareClient(db, story, resellerIds[story.reseller], i);
    if (!clientId) continue;
    clientIds.set(story, clientId);
    const actor = actors[story.reseller];
    const startComp = addCompetence(current, -story.startMonthsAgo);
    const activation = `${startComp}-${String(story.startDay).padStart(2, '0')}`;

    at(activation, 11, async () => {
      const contractId = await signedContract(engine, db, actor, clientId, story.quote, 'ativacao');
      await activateContract(engine, contractId);
    });
    // The activation charge (implantação + 1st installment), paid a business day or two later.
    at(addBusinessDays(activation, 1 + (i % 2), calendar), 11, async () => {
      payments += await pay(
        engine,
        db,
        clientId,
        `parcela:${startComp}`,
        story.rail,
        clock,
        actors.financeiro,
      );
    });

    if (story.upgrade) {
      const { monthsAgo, day, quote: q } = story.upgrade;
      const signedOn = `${addCompetence(current, -monthsAgo)}-${String(day).padStart(2, '0')}`;
      at(signedOn, 11, async () => {
        const contractId = await signedContract(engine, db, actor, clientId, q, 'alteracao');
        await applyAlteration({ ...engine, billingAdmin: system.deps.billingAdmin }, contractId);
      });
      at(addBusinessDays(signedOn, 2, calendar), 11, async () => {
        const [row] = await db
          .select({ key: installments.key })
          .from(installments)
          .where(and(eq(installments.clientId, clientId), sql`${installments.key} like 'proporcional:%'`));
        if (row) payments += await pay(engine, db, clientId, row.key, story.rail, clock, actors.financeiro);
      });
    }

    const cancelOn = story.cancel
      ? `${addCompetence(current, -story.cancel.monthsAgo)}-${String(story.cancel.day).padStart(2, '0')}`
      : null;
    if (story.cancel && cancelOn) {
      const reason = story.cancel.reason;
      at(cancelOn, 11.5, async () => {
        await cancelBilling(
          { billingAdmin: system.deps.billingAdmin, clock },
          actors.financeiro,
          clientId,
          reason,
        );
      });
    }

    // The competências after the activation: when (and whether) each is paid.
    const unpaid = new Set<string>();
    if (story.final === 'inadimplente') {
      // Overdue now: this month's installment when its last day without charges has passed, else an older
      // one left aside while the later ones were paid.
      const thisMonth = lastDayWithoutCharges(`${current}-15`, calendar) < today;
      unpaid.add(thisMonth ? current : addCompetence(current, -2));
    }
    if (story.final === 'bloqueado') {
      unpaid.add(addCompetence(current, -1));
      unpaid.add(current);
    }
    for (let k = story.startMonthsAgo - 1; k >= 0; k--) {
      const comp = addCompetence(current, -k);
      if (unpaid.has(comp)) continue;
      if (story.final === 'bloqueado' && comp > addCompetence(current, -1)) continue;
      const due = `${comp}-15`;
      let paidOn: string;
      if (story.blockedThenPaid === k) {
        // Blocked on the 1st of the next month, paid a business day later.
        paidOn = addBusinessDays(`${addCompetence(comp, 1)}-01`, 1, calendar);
      } else if (story.late?.includes(k)) {
        paidOn = nextBusinessDay(addDays(lastDayWithoutCharges(due, calendar), 3 + (k % 5)), calendar);
      } else {
        paidOn = previousBusinessDay(addDays(due, -story.daysEarly), calendar);
      }
      if (cancelOn && paidOn > cancelOn) continue;
      at(paidOn, 11, async () => {
        payments += await pay(engine, db, clientId, `parcela:${comp}`, story.rail, clock, actors.financeiro);
      });
    }
  }

  // The daily run (06:00) where it changes something: the issue day of the 15th, the day after its last day
  // without charges (inadimplentes), the 1st (blocks, cancellations) — and today, as the cron did.
  const issueDay = Math.max(1, 15 - (config.billingLeadDays ?? 10));
  for (let c = firstMonth; c <= current; c = addCompetence(c, 1)) {
    const days = new Set([
      `${c}-01`,
      `${c}-${String(issueDay).padStart(2, '0')}`,
      addDays(lastDayWithoutCharges(`${c}-15`, calendar), 1),
    ]);
    for (const d of days) {
      if (d < today) {
        at(d, 0, async () => {
          await runBilling(engine, { date: d, trigger: 'cron' });
          runs++;
        });
      }
    }
  }
  at(today, 6, async () => {
    await runBilling(engine, { date: today, trigger: 'cron' });
    runs++;
  });

  // Extratos de repasse: closed from day REPASSE_CLOSE_DAY of the next month (as the 'repasse.close' job
  // does) and paid by Financeiro five days later — all but the last one closed, which stays 'fechado'.
  const closeDay = config.repasse.closeDay;
  const day = (d: number) => String(d).padStart(2, '0');
  const lastClosed = addCompetence(current, Number(today.slice(8, 10)) >= closeDay ? -1 : -2);
  const repasseDeps = { repasse: system.deps.repasse, audit: system.deps.audit, clock };
  for (let c = addCompetence(firstMonth, 1); c <= current; c = addCompetence(c, 1)) {
    const month = addCompetence(c, -1);
    at(`${c}-${day(closeDay)}`, 6.5, async () => {
      await closeDueStatements({ ...repasseDeps, closeDay });
    });
    if (month >= lastClosed) continue;
    const paidOn = nextBusinessDay(addDays(`${c}-${day(closeDay)}`, 5), calendar);
    at(paidOn, 15, async () => {
      for (const resellerId of Object.values(resellerIds)) {
        if (!(await system.deps.repasse.statement(resellerId, month))) continue;
        await recordPayout(repasseDeps, actors.financeiro, resellerId, month, {
          paidOn,
          reference: `TED ${paidOn.replaceAll('-', '').slice(2)}${resellerId.slice(0, 4).toUpperCase()}`,
        });
      }
    });
  }

  events.sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1));
  const windows: { r0: string; r1: string; sim: string }[] = [];
  let r0 = await dbNow(db);
  for (const event of events) {
    // The run at 06:00, the day's events at 11:00 (today: not later than now).
    clock.set(event.date, event.order);
    await event.run();
    const r1 = await dbNow(db);
    windows.push({ r0, r1, sim: clock.now().toISOString() });
    r0 = r1;
  }
  await backdate(db, windows);

  // E-mails of the past are not sent (the billing steps that wrote them stay claimed).
  await db
    .delete(emailOutbox)
    .where(outboxBefore.length > 0 ? notInArray(emailOutbox.id, outboxBefore) : sql`true`);

  const mismatches: string[] = [];
  const ids = [...clientIds.values()];
  const rows =
    ids.length > 0
      ? await db
          .select({ id: clients.id, status: clients.status, tradeName: clients.tradeName })
          .from(clients)
          .where(inArray(clients.id, ids))
      : [];
  for (const [story, id] of clientIds) {
    const row = rows.find((r) => r.id === id);
    if (row?.status !== story.final) mismatches.push(`${story.tradeName}: ${row?.status} ≠ ${story.final}`);
  }
  return { clients: ids.length, runs, payments, mismatches, ms: Date.now() - started };
}

const dbNow = async (db: Db) =>
  rowsOf<{ t: string }>(await db.execute(sql`select clock_timestamp()::text as t`))[0]!.t;

/**
 * The rows the history wrote carry the database's real now() (created_at, at, updated_at…): each is moved
 * to the simulated instant of the event that wrote it (plus the real time elapsed inside the event, so the
 * order stays), so charges are "issued" and payments "recorded" on the days of the story. The audit log is
 * append-only (a trigger refuses updates): it keeps the real instants the demo was written at.
 */
async function backdate(db: Db, windows: { r0: string; r1: string; sim: string }[]): Promise<void> {
  if (windows.length === 0) return;
  const columns = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and data_type = 'timestamp with time zone'
        and column_name in ('created_at', 'updated_at', 'at', 'issued_at', 'started_at', 'closed_at')
        and table_name <> 'audit_log'`),
  );
  const w = JSON.stringify(windows);
  for (const { table_name, column_name } of columns) {
    const t = sql.identifier(table_name);
    const c = sql.identifier(column_name);
    await db.execute(sql`
      update ${t} set ${c} = w.sim + (${t}.${c} - w.r0)
      from jsonb_to_recordset(${w}::jsonb) as w(r0 timestamptz, r1 timestamptz, sim timestamptz)
      where ${t}.${c} between w.r0 and w.r1`);
  }
}

async function actorsOf(db: Db): Promise<Record<'alfa' | 'beta' | 'financeiro', Actor>> {
  const rows = await db
    .select({ id: users.id, email: users.email, role: users.role, resellerId: users.resellerId })
    .from(users)
    .where(inArray(users.email, ['hiperador@demo.local', 'hiperador2@demo.local', 'financeiro@demo.local']));
  const actor = (email: string): Actor => {
    const u = rows.find((r) => r.email === email);
    if (!u) throw new Error(`usuário de demonstração ${email} não encontrado`);
    return { userId: u.id, email: u.email, role: u.role, resellerId: u.resellerId };
  };
  return {
    alfa: actor('hiperador@demo.local'),
    beta: actor('hiperador2@demo.local'),
    financeiro: actor('financeiro@demo.local'),
  };
}

/** The story's client, back to the state before its first contract, with a responsável to sign. */
async function prepareClient(
  db: Db,
  story: Story,
  resellerId: string,
  index: number,
): Promise<string | null> {
  const responsible = {
    responsibleCpf: cpf(String(318_402_150 + index * 1_117).slice(0, 9)),
    status: 'aguardando_contrato' as const,
    paidThrough: null,
    activatedOn: null,
  };
  if (story.add) {
    const c = story.add;
    const [row] = await db
      .insert(clients)
      .values({
        resellerId,
        legalName: c.legalName,
        tradeName: story.tradeName,
        document: c.base + cnpjCheckDigits(c.base),
        email: `financeiro@${story.tradeName.toLowerCase().replace(/[^a-z]/g, '')}.demo.local`,
        phone: c.phone,
        contactName: c.contactName,
        street: c.street,
        number: String(100 + c.legalName.length * 7),
        district: c.district,
        city: c.city,
        state: c.state,
        cep: c.cep,
        productCode: story.quote.product,
        responsibleName: c.contactName,
        responsibleEmail: `${c.contactName.split(' ')[0]!.toLowerCase()}@${story.tradeName.toLowerCase().replace(/[^a-z]/g, '')}.demo.local`,
        ...responsible,
      })
      .returning({ id: clients.id });
    return row!.id;
  }
  const [found] = await db
    .select({ id: clients.id, contactName: clients.contactName, email: clients.email })
    .from(clients)
    .where(and(eq(clients.resellerId, resellerId), eq(clients.tradeName, story.tradeName)));
  if (!found) return null;
  const name = found.contactName ?? 'Responsável';
  await db
    .update(clients)
    .set({
      ...responsible,
      responsibleName: name,
      responsibleEmail: `${name
        .split(' ')[0]!
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}@${found.email.split('@')[1]}`,
    })
    .where(eq(clients.id, found.id));
  return found.id;
}

/**
 * A contract as the portal makes it — the calculator's proposal on the price book in force, marked ready,
 * issued (PDF) — then signed by the responsável at the same moment (what the signature ceremony writes).
 */
async function signedContract(
  deps: DailyRunDeps & System['deps'],
  db: Db,
  actor: Actor,
  clientId: string,
  input: QuoteInput,
  kind: 'ativacao' | 'alteracao',
): Promise<string> {
  const view = await createProposal(deps, actor, { clientId, quote: input });
  await markProposalReady(deps, actor, view.proposal.id);
  const proposal = view.proposal;
  const now = deps.clock.now();
  const issued = await deps.contracts.issue(
    {
      clientId,
      resellerId: proposal.reseller.id,
      proposalId: proposal.id,
      priceBookId: proposal.priceBookId,
      kind,
      configuration: proposal.configuration,
      pricing: proposal.pricing,
      keepPaidThrough: null,
      issuedBy: actor.userId,
      actorEmail: actor.email,
      ip: null,
      issuedOn: businessDateAt(now),
    },
    (draft) => deps.contractPdf.render(draft),
  );
  await db
    .update(contracts)
    .set({ status: 'assinado', issuedAt: now, signedAt: new Date(now.getTime() + 45 * 60_000) })
    .where(eq(contracts.id, issued.id));
  if (kind === 'ativacao') {
    await db.update(clients).set({ status: 'aguardando_pagamento' }).where(eq(clients.id, clientId));
  }
  return issued.id;
}

/** Pays the client's installment `key` by the story's rail, with multa and juros when late. */
async function pay(
  deps: DailyRunDeps,
  db: Db,
  clientId: string,
  key: string,
  rail: Rail,
  clock: Clock,
  financeiro: Actor,
): Promise<number> {
  const [inst] = await db
    .select({ chargeId: installments.chargeId, status: installments.status })
    .from(installments)
    .where(and(eq(installments.clientId, clientId), eq(installments.key, key)));
  if (!inst?.chargeId || inst.status !== 'emitida') return 0;
  const charge = await deps.charges.systemGet(inst.chargeId);
  if (!charge || charge.status === 'paga' || charge.status === 'cancelada') return 0;
  const paidOn = businessDateAt(clock.now());
  const late = lateCharges({
    amountCents: charge.amountCents,
    dueDate: charge.dueDate,
    paidOn,
    fineBasisPoints: charge.fineBasisPoints,
    interestMonthlyBasisPoints: charge.interestMonthlyBasisPoints,
    calendar: deps.bankCalendar ?? {},
  });
  const fineInterestCents = late.fineCents + late.interestCents;
  const byTed = rail === 'ted' || charge.method === 'ted';
  const [outcome] = await deps.charges.applyPayments([
    byTed
      ? {
          chargeId: charge.id,
          source: 'manual',
          sourceId: `demo-ted:${charge.id}`,
          amountCents: late.totalCents,
          fineInterestCents,
          paidOn,
          creditedOn: paidOn,
          reason: 'TED identificada no extrato (comprovante enviado pelo cliente)',
          evidence: { demo: true },
          recordedBy: financeiro.userId,
        }
      : rail === 'pix'
        ? {
            chargeId: charge.id,
            source: 'webhook',
            sourceId: `E00000000${paidOn.replaceAll('-', '')}${charge.number.replace(/\D/g, '')}`,
            amountCents: late.totalCents,
            fineInterestCents,
            paidOn,
            creditedOn: paidOn,
            evidence: { demo: true, psp: 'sandbox' },
          }
        : {
            chargeId: charge.id,
            source: 'retorno',
            sourceId: `001:${charge.number}:06:${paidOn}`,
            amountCents: late.totalCents,
            fineInterestCents,
            paidOn,
            creditedOn: nextBusinessDay(addDays(paidOn, 1), deps.bankCalendar ?? {}),
            evidence: { demo: true, ocorrencia: '06' },
          },
  ]);
  return outcome?.status === 'applied' ? 1 : 0;
}
