import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, contracts, installments, users } from '../../adapters/db/schema';
import type { Actor } from '../../domain/access/roles';
import { engine, registerSandboxCard, signedContract } from '../../test-support/billing-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';
import { chargeCard } from '../payments/charge-card';
import { confirmTedManually } from '../payments/confirm-ted';
import { simulatePixPayment } from '../payments/pix-webhook';
import { runBilling } from './daily-run';

/*
 * Issue 6, acceptance 2: one client per forma de pagamento walks 14 months, day by day, with the daily run
 * at 06:00 in São Paulo (09:00Z) and the day's events at 11:00 (14:00Z); at the end of every day the
 * client's status and liberado até must match a timeline computed here BY HAND from SPEC §4 (nothing of
 * the engine is used to compute the expectations):
 *   - installment 1 (competência 2026-06) is the activation charge; competência C ≥ 2026-07 is due on the
 *     15th of C; paying C liberates until the last day of C + 1 (mensal); liberado até never shrinks;
 *   - unpaid after its last day without charges (the due date moved to the next bank business day) →
 *     inadimplente; the day after the liberado até → bloqueado; a payment covering today → ativo at once;
 *   - a cancelled client keeps access until its liberado até and is cancelado the day after.
 *
 * The story (every client, mensal, R$ 89,90, activated Monday 01/06/2026):
 *   06-01 signed (card forma: card registered before, charged at once) · 06-02 activation paid (TED/boleto)
 *   C07 on time · C08 late (due Sat 15/08 → payable until Mon 17/08 → inadimplente 18/08, paid 20/08)
 *   C09 on time · 22/09 upgrade to R$ 123,45 (prorated charge, paid on time) · C10, C11 at R$ 123,45
 *   23/11 downgrade to R$ 99,90 (from C12) · C12 on time at R$ 99,90 · C01/2027 missed: inadimplente
 *   16/01, bloqueado 01/02, paid 03/02 → ativo · C02…C06 on time · 21/06/2027 cancellation → no C07,
 *   cancelado 01/08/2027.
 */

const FIRST_DAY = '2026-06-01';
const LAST_DAY = '2027-08-02';
const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------
// The calendar, by hand (no src/domain function).

function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return new Date(d.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
/** Last day of the month after competência C ('2026-07' → '2026-08-31'). */
function endOfNextMonth(competence: string): string {
  const [y, m] = competence.split('-').map(Number) as [number, number];
  // Day 0 of month m + 2 (1-based m + 1 → JS month index m + 1) is the last day of month m + 1.
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}
/**
 * Bank holidays 2026–2027 (Lei 662/1949 and Lei 14.759/2023 national holidays; Carnaval, Sexta-feira Santa
 * and Corpus Christi from Easter 05/04/2026 and 28/03/2027 — days without bank service per FEBRABAN).
 */
const HOLIDAYS = new Set([
  '2026-06-04', // Corpus Christi
  '2026-09-07',
  '2026-10-12',
  '2026-11-02',
  '2026-11-15',
  '2026-11-20',
  '2026-12-25',
  '2027-01-01',
  '2027-02-08', // Carnaval
  '2027-02-09',
  '2027-03-26', // Sexta-feira Santa
  '2027-04-21',
  '2027-05-01',
  '2027-05-27', // Corpus Christi
]);
const isBusinessDay = (iso: string) => {
  const dow = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !HOLIDAYS.has(iso);
};
function lastFreeDay(due: string): string {
  let d = due;
  while (!isBusinessDay(d)) d = addDaysIso(d, 1);
  return d;
}

// ---------------------------------------------------------------------------------------------------
// The story.

type Forma = 'boleto' | 'cartao' | 'ted_boleto' | 'ted_cartao' | 'ted';
const FORMAS: Forma[] = ['boleto', 'cartao', 'ted_boleto', 'ted_cartao', 'ted'];
const recurringByCard = (f: Forma) => f === 'cartao' || f === 'ted_cartao';

/** Competências 2026-07 … 2027-06 (2027-07 is never issued: cancelled on 21/06/2027). */
const MONTHLY = [
  '2026-07',
  '2026-08',
  '2026-09',
  '2026-10',
  '2026-11',
  '2026-12',
  '2027-01',
  '2027-02',
  '2027-03',
  '2027-04',
  '2027-05',
  '2027-06',
];
/** The day a boleto/TED client pays competência C (on time: a business day before the 15th). */
const PAY_ON: Record<string, string> = {
  '2026-07': '2026-07-10',
  '2026-08': '2026-08-20', // late: due Saturday 15/08, payable without fine until Monday 17/08
  '2026-09': '2026-09-10',
  '2026-10': '2026-10-09',
  '2026-11': '2026-11-10',
  '2026-12': '2026-12-10',
  '2027-01': '2027-02-03', // missed: blocked on 01/02, paid on 03/02
  '2027-02': '2027-02-10',
  '2027-03': '2027-03-10',
  '2027-04': '2027-04-09',
  '2027-05': '2027-05-10',
  '2027-06': '2027-06-10',
};
/** The day a card client's charge of C goes through: on the due date (D0), but for the two bad months. */
const CARD_PAID_ON: Record<string, string> = {
  ...Object.fromEntries(MONTHLY.map((c) => [c, `${c}-15`])),
  '2026-08': '2026-08-20', // D0 15/08 and D+2 17/08 declined; good card on 19/08; D+5 20/08 approved
  '2027-01': '2027-02-03', // D0, D+2, D+5, D+10 declined; good card and "cobrar novamente" on 03/02
};
const UPGRADE_ON = '2026-09-22';
const UPGRADE_CENTS = 12345;
const DOWNGRADE_ON = '2026-11-23';
const DOWNGRADE_CENTS = 9990;
const BASE_CENTS = 8990;
const CANCEL_ON = '2027-06-21';
/** 22/09 + 3 days = Friday 25/09, a business day. */
const PRORATION_DUE = '2026-09-25';
const PRORATION_PAID_ON: Record<Forma, string> = {
  boleto: '2026-09-24', // by Pix (the boleto híbrido's QR code)
  cartao: PRORATION_DUE, // the card, on its due date
  ted_boleto: '2026-09-24',
  ted_cartao: PRORATION_DUE,
  ted: '2026-09-24',
};
/**
 * The prorated charge (issue 6: "by days, one documented rounding rule"): R$ 33,55 more a month
 * (123,45 − 89,90); paid through 31/10 at the upgrade, signed 22/09 → the 9 days 22–30/09 of September's
 * 30, half-up: 3355 × 9 / 30 = 1006,5 → 1007; plus October, a whole paid month: 3355. Total R$ 43,62.
 */
const PRORATION_CENTS = 3355 + 1007;

/** The price of competência C (upgrade at once from C10 — C09 was issued before it; downgrade from C12). */
const priceOf = (c: string) => (c < '2026-10' ? BASE_CENTS : c < '2026-12' ? UPGRADE_CENTS : DOWNGRADE_CENTS);

interface Due {
  what: string;
  due: string;
  issuedOn: string;
  paidOn: string;
  /** liberado até it grants (null: the prorated difference grants nothing). */
  grants: string | null;
}

function storyOf(forma: Forma): { activation: Due; dues: Due[] } {
  const activation: Due = {
    what: '2026-06',
    due: FIRST_DAY,
    issuedOn: FIRST_DAY,
    paidOn: forma === 'cartao' ? FIRST_DAY : '2026-06-02',
    grants: endOfNextMonth('2026-06'),
  };
  const dues: Due[] = MONTHLY.map((c) => ({
    what: c,
    due: `${c}-15`,
    issuedOn: addDaysIso(`${c}-15`, -10),
    paidOn: recurringByCard(forma) ? CARD_PAID_ON[c]! : PAY_ON[c]!,
    grants: endOfNextMonth(c),
  }));
  dues.push({
    what: 'proporcional',
    due: PRORATION_DUE,
    issuedOn: UPGRADE_ON,
    paidOn: PRORATION_PAID_ON[forma],
    grants: null,
  });
  return { activation, dues };
}

/** Status and liberado até at the end of `day`, from the story alone (SPEC §4's rules by hand). */
function expectedOn(forma: Forma, day: string): string {
  const { activation, dues } = storyOf(forma);
  const all = [activation, ...dues];
  const grants = all.filter((d) => d.paidOn <= day && d.grants).map((d) => d.grants!);
  const paidThrough = grants.sort().at(-1) ?? null;
  let status: string;
  if (!paidThrough) status = 'aguardando_pagamento';
  else if (paidThrough < day && day > CANCEL_ON) status = 'cancelado';
  else if (paidThrough < day) status = 'bloqueado';
  else if (all.some((d) => d.issuedOn <= day && d.paidOn > day && lastFreeDay(d.due) < day))
    status = 'inadimplente';
  else status = 'ativo';
  return `${day} ${status} ${paidThrough ?? '-'}`;
}

// ---------------------------------------------------------------------------------------------------

const clock = manualClock(new Date(`${FIRST_DAY}T09:00:00Z`));
const setTime = (iso: string, hourUtc: number) =>
  clock.advance(
    new Date(`${iso}T${String(hourUtc).padStart(2, '0')}:00:00Z`).getTime() - clock.now().getTime(),
  );

let t: TestApp;
let financeiro: Actor;
const clientOf = new Map<Forma, string>();
const GOOD_CARD = '4111 1111 1111 1111';
const DECLINED_CARD = '4000 0000 0000 0002';

/** The payment rails as the system wires them, on the test's clock. */
const rails = () => ({ ...t.system.deps, clock: t.system.clock });

async function installmentOf(clientId: string, key: string) {
  const [row] = await t.system.database.db
    .select()
    .from(installments)
    .where(and(eq(installments.clientId, clientId), eq(installments.key, key)));
  if (!row) throw new Error(`parcela ${key} do cliente ${clientId} não emitida`);
  return row;
}

async function chargeOf(clientId: string, key: string) {
  const inst = await installmentOf(clientId, key);
  const charge = await t.system.deps.charges.systemGet(inst.chargeId!);
  if (!charge) throw new Error(`parcela ${key}: sem cobrança`);
  return charge;
}

/** A bank retorno (CNAB 240, ocorrência 06 liquidação) for the charge, with the fine/interest it reports. */
async function payByRetorno(clientId: string, key: string, paidOn: string, fineInterestCents = 0) {
  const charge = await chargeOf(clientId, key);
  const [outcome] = await t.system.deps.charges.applyPayments([
    {
      chargeId: charge.id,
      source: 'retorno',
      sourceId: `001:${charge.number}:06:${paidOn}`,
      amountCents: charge.amountCents + fineInterestCents,
      fineInterestCents,
      paidOn,
      creditedOn: paidOn,
      evidence: { ocorrencia: '06' },
    },
  ]);
  expect(outcome!.status).toBe('applied');
}

async function payByTed(clientId: string, key: string, paidOn: string) {
  const charge = await chargeOf(clientId, key);
  await confirmTedManually(rails(), financeiro, charge.id, {
    amountCents: charge.amountCents,
    paidOn,
    reason: 'Comprovante de TED enviado pelo cliente',
    idempotencyKey: randomUUID(),
  });
}

async function payByPix(clientId: string, key: string) {
  const charge = await chargeOf(clientId, key);
  await simulatePixPayment(
    { ...rails(), webhookSecret: t.system.config.payments.pix.webhookSecret },
    financeiro,
    charge.id,
  );
}

/** How a client pays an installment by the form of its charge (cards pay themselves in the run). */
async function pay(forma: Forma, key: string, paidOn: string, late = false) {
  const clientId = clientOf.get(forma)!;
  const charge = await chargeOf(clientId, key);
  if (charge.method === 'ted') return payByTed(clientId, key, paidOn);
  if (charge.method === 'boleto') {
    // Late (20/08 for a boleto due 15/08): multa 2% = R$ 1,80 and juros 1% a.m. for 5 days = R$ 0,15
    // (8990 × 2% = 179,8 → 180; 8990 × 1% × 5/30 = 14,98 → 15), reported by the bank in the retorno.
    return payByRetorno(clientId, key, paidOn, late ? 180 + 15 : 0);
  }
  throw new Error(`${forma}: ${key} é cobrada no cartão`);
}

/** The day's events (at 11:00 in São Paulo), after the 06:00 run. */
async function eventsOf(day: string): Promise<void> {
  if (day === FIRST_DAY) {
    const alfa = await loginAs(t.app, DEMO.alfa);
    for (const forma of FORMAS) {
      const { clientId } = await signedContract(t, alfa, {
        payment_method: forma,
        negotiated_monthly_cents: BASE_CENTS,
      });
      clientOf.set(forma, clientId);
      // Card recurring: the card is registered before the signature (cartao: the activation is charged at once).
      if (recurringByCard(forma)) await registerSandboxCard(t, clientId, GOOD_CARD);
    }
    for (const forma of FORMAS) {
      const [c] = await contractsOf(clientOf.get(forma)!);
      await t.system.deps.contractSigned.onContractSigned(c!);
    }
    return;
  }
  if (day === '2026-06-02') {
    for (const forma of FORMAS) if (forma !== 'cartao') await pay(forma, 'parcela:2026-06', day);
    return;
  }
  if (day === UPGRADE_ON || day === DOWNGRADE_ON) {
    const alfa = await loginAs(t.app, DEMO.alfa);
    for (const forma of FORMAS) {
      const { contractId } = await signedContract(t, alfa, {
        clientId: clientOf.get(forma)!,
        kind: 'alteracao',
        payment_method: forma,
        negotiated_monthly_cents: day === UPGRADE_ON ? UPGRADE_CENTS : DOWNGRADE_CENTS,
      });
      await t.system.deps.contractSigned.onContractSigned(contractId);
    }
    return;
  }
  if (day === CANCEL_ON) {
    const fin = await loginAs(t.app, DEMO.financeiro);
    for (const forma of FORMAS) {
      const res = await call(fin, 'POST', `/api/v1/clients/${clientOf.get(forma)}/cancel-billing`, {
        reason: 'Cliente encerrou as atividades da loja',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        cancelled_installments: 0,
        status: 'ativo',
        paid_through: '2027-07-31',
      });
    }
    return;
  }
  // Card clients: a card that declines before the two bad months, a good one when they fix it.
  for (const forma of FORMAS.filter(recurringByCard)) {
    const clientId = clientOf.get(forma)!;
    if (day === '2026-08-01' || day === '2026-12-20') await registerSandboxCard(t, clientId, DECLINED_CARD);
    if (day === '2026-08-19') await registerSandboxCard(t, clientId, GOOD_CARD);
    if (day === '2027-02-03') {
      await registerSandboxCard(t, clientId, GOOD_CARD);
      // Financeiro "cobrar novamente" on the open card charge of C01 (the retries D0…D+10 are over).
      const charge = await chargeOf(clientId, 'parcela:2027-01');
      expect(charge.status).not.toBe('paga');
      const outcome = await chargeCard(rails(), charge.id, {});
      expect(outcome.status).toBe('paga');
    }
  }
  for (const forma of FORMAS.filter((f) => !recurringByCard(f))) {
    for (const c of MONTHLY) {
      if (PAY_ON[c] === day) await pay(forma, `parcela:${c}`, day, c === '2026-08');
    }
    if (PRORATION_PAID_ON[forma] === day) {
      const key = (await prorationKeyOf(clientOf.get(forma)!))!;
      if (forma === 'boleto') await payByPix(clientOf.get(forma)!, key);
      else await pay(forma, key, day);
    }
  }
}

const call = (s: LoggedIn, method: 'POST' | 'GET', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });

async function contractsOf(clientId: string): Promise<string[]> {
  const rows = await t.system.database.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.clientId, clientId))
    .orderBy(contracts.version);
  return rows.map((r) => r.id);
}

async function prorationKeyOf(clientId: string): Promise<string | null> {
  const rows = await t.system.database.db
    .select({ key: installments.key })
    .from(installments)
    .where(eq(installments.clientId, clientId));
  return rows.find((r) => r.key.startsWith('proporcional:'))?.key ?? null;
}

// ---------------------------------------------------------------------------------------------------

describe('14 months of billing, day by day, one client per forma de pagamento', () => {
  const actual = new Map<Forma, string[]>();
  const runErrors: string[] = [];
  let elapsed = 0;
  let timing = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const [user] = await t.system.database.db.select().from(users).where(eq(users.email, DEMO.financeiro));
    financeiro = { userId: user!.id, email: user!.email, role: 'financeiro', resellerId: null };
    for (const f of FORMAS) actual.set(f, []);

    const started = Date.now();
    let runMs = 0;
    let eventMs = 0;
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDaysIso(day, 1)) {
      setTime(day, 9); // 06:00 in São Paulo: the cron
      const r0 = Date.now();
      const run = await runBilling(engine(t), { date: day, trigger: 'cron' });
      runMs += Date.now() - r0;
      if (run.status !== 'concluida' || run.errors.length > 0) {
        runErrors.push(`${day}: ${run.status} ${JSON.stringify(run.errors)}`);
      }
      setTime(day, 14); // 11:00: payments, signatures, cancellation
      const e0 = Date.now();
      await eventsOf(day);
      eventMs += Date.now() - e0;
      const ids = [...clientOf.values()];
      if (ids.length === 0) continue;
      const rows = await t.system.database.db
        .select({ id: clients.id, status: clients.status, paidThrough: clients.paidThrough })
        .from(clients)
        .where(inArray(clients.id, ids));
      for (const forma of FORMAS) {
        const row = rows.find((r) => r.id === clientOf.get(forma))!;
        actual.get(forma)!.push(`${day} ${row.status} ${row.paidThrough ?? '-'}`);
      }
    }
    elapsed = Date.now() - started;
    timing = `${runMs} ms in the daily runs, ${eventMs} ms in the day's events`;
  }, 600_000);
  afterAll(() => t?.close());

  it('every daily run completes without errors', () => {
    expect(runErrors).toEqual([]);
    console.info(
      `time travel: ${actual.get('boleto')!.length} days × 5 clients in ${elapsed} ms (${timing})`,
    );
  });

  it.each(FORMAS)('%s: status and liberado até match the expected timeline on every day', (forma) => {
    const expected: string[] = [];
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDaysIso(day, 1))
      expected.push(expectedOn(forma, day));
    // Sanity of the hand-made timeline: the milestones the story is about.
    const on = (d: string) => expected.find((e) => e.startsWith(d))!.slice(11);
    expect(on('2026-06-01')).toBe(forma === 'cartao' ? 'ativo 2026-07-31' : 'aguardando_pagamento -');
    expect(on('2026-08-17')).toBe('ativo 2026-08-31');
    expect(on('2026-08-18')).toBe('inadimplente 2026-08-31');
    expect(on('2026-08-20')).toBe('ativo 2026-09-30');
    expect(on('2027-01-16')).toBe('inadimplente 2027-01-31');
    expect(on('2027-02-01')).toBe('bloqueado 2027-01-31');
    expect(on('2027-02-03')).toBe('ativo 2027-02-28');
    expect(on('2027-07-31')).toBe('ativo 2027-07-31');
    expect(on('2027-08-01')).toBe('cancelado 2027-07-31');
    expect(actual.get(forma)).toEqual(expected);
  });

  it.each(FORMAS)('%s: the installments, their amounts and forms', async (forma) => {
    const clientId = clientOf.get(forma)!;
    const rows = await t.system.database.db
      .select()
      .from(installments)
      .where(eq(installments.clientId, clientId))
      .orderBy(installments.dueDate);
    const summary = await Promise.all(
      rows.map(async (i) => {
        const charge = await t.system.deps.charges.systemGet(i.chargeId!);
        return [
          i.key.startsWith('proporcional:') ? 'proporcional' : i.key,
          i.dueDate,
          i.amountCents,
          i.status,
          charge!.method,
          charge!.status,
        ];
      }),
    );
    const activationForm = forma === 'boleto' ? 'boleto' : forma === 'cartao' ? 'cartao' : 'ted';
    const recurringForm = forma === 'ted' ? 'ted' : forma.endsWith('boleto') ? 'boleto' : 'cartao';
    const expected = [
      ['parcela:2026-06', FIRST_DAY, BASE_CENTS, 'paga', activationForm, 'paga'],
      ...MONTHLY.flatMap((c) => [
        [`parcela:${c}`, `${c}-15`, priceOf(c), 'paga', recurringForm, 'paga'],
        ...(c === '2026-09'
          ? [['proporcional', PRORATION_DUE, PRORATION_CENTS, 'paga', recurringForm, 'paga']]
          : []),
      ]),
    ];
    expect(summary).toEqual(expected);
    // The mensalidade shown for the client follows the version billing now: the downgraded R$ 99,90.
    const [client] = await t.system.database.db.select().from(clients).where(eq(clients.id, clientId));
    expect(client!.monthlyFeeCents).toBe(DOWNGRADE_CENTS);
  });
});
