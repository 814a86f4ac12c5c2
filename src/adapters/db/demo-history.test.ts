import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBilling } from '../../app/billing/daily-run';
import { engine } from '../../test-support/billing-fixtures';
import { createTestApp, manualClock, type TestApp } from '../../test-support/test-system';
import { seedDemoHistory } from './demo-history';
import { rowsOf } from './sql-helpers';

/*
 * The demo's 18 months of history (issue 7, "Demo data"), played on the demo seed as `npm start` does, with
 * "today" = Friday 27/11/2026 (11:00 in São Paulo).
 */
const TODAY = '2026-11-27';

let t: TestApp;
let ms = 0;
const q = async <T>(text: string) => rowsOf<T>(await t.system.database.db.execute(sql.raw(text))) as T[];

beforeAll(async () => {
  t = await createTestApp({ clock: manualClock(new Date(`${TODAY}T14:00:00Z`)) });
  const report = await seedDemoHistory(t.system);
  ms = report.ms;
  expect(report.mismatches).toEqual([]);
}, 120_000);
afterAll(() => t?.close());

describe('the demo history', () => {
  it('gives both resellers repasse ledger lines in at least 12 distinct months', async () => {
    console.info(`demo history: ${ms} ms`);
    const rows = await q<{ name: string; months: string }>(`
      select r.name, count(distinct e.month)::text as months from repasse_entries e
      join resellers r on r.id = e.reseller_id group by r.name order by r.name`);
    expect(rows.map((r) => r.name)).toEqual(['Alfa Automação', 'Beta Sistemas']);
    for (const r of rows) expect(Number(r.months)).toBeGreaterThanOrEqual(12);
  });

  it('ends every demo client in the status the demo shows, liberado até as its paid installments say', async () => {
    const rows = await q<{ trade_name: string; status: string; paid_through: string | null }>(`
      select trade_name, status::text, paid_through::text from clients order by trade_name`);
    const byName = Object.fromEntries(
      rows.map((r) => [r.trade_name, `${r.status} ${r.paid_through ?? '-'}`]),
    );
    // Paid through the end of December: November (due 15/11) paid; inadimplente: November unpaid (due
    // Sunday 15/11, payable until Monday 16/11 — and 20/11 is a holiday, not relevant), October paid.
    expect(byName).toMatchObject({
      'Mercadinho Bom Preço': 'ativo 2026-12-31',
      'Pão Dourado': 'ativo 2026-12-31',
      'Farmácia Vida': 'inadimplente 2026-11-30',
      'Estrada Real Auto Peças': 'bloqueado 2026-10-31',
      'Gelato Sul': 'cancelado 2026-08-31',
      'Boa Safra': 'ativo 2026-12-31',
      'Página Nova': 'ativo 2026-12-31',
      'Visão Clara': 'inadimplente 2026-11-30',
      // Never billed: untouched.
      'Passo Firme Calçados': 'aguardando_pagamento -',
      'Amigo Fiel Pet': 'aguardando_contrato -',
    });
  });

  it('has late payments with multa and juros (2% + 1% a.m. pro rata)', async () => {
    // Mercadinho Bom Preço, competência 02/2026 (9 months ago): due Sunday 15/02/2026 — Carnaval 16–17/02,
    // so payable without charges until Wednesday 18/02; paid 3 + (9 mod 5) = 7 days later → 25/02/2026,
    // 10 days after the printed due date: multa 8990 × 2% = 179,80 → 180; juros 8990 × 1% × 10/30 = 29,97 → 30.
    const rows = await q<{ paid_on: string; amount: string; fine: string }>(`
      select p.paid_on::text, p.amount_cents::text as amount, p.fine_interest_cents::text as fine
      from payments p join charges c on c.id = p.charge_id join installments i on i.charge_id = c.id
      join clients cl on cl.id = i.client_id
      where cl.trade_name = 'Mercadinho Bom Preço' and i.key = 'parcela:2026-02'`);
    expect(rows).toEqual([{ paid_on: '2026-02-25', amount: String(8990 + 210), fine: '210' }]);
    const late = await q<{ n: string }>(
      `select count(*)::text as n from payments where fine_interest_cents > 0`,
    );
    expect(Number(late[0]!.n)).toBeGreaterThanOrEqual(5);
  });

  it('has a client blocked and later paid, with its history', async () => {
    // Boa Safra, competência 05/2026: unpaid, inadimplente after 15/05, bloqueado on 01/06, paid 02/06.
    const audit = await q<{ to: string }>(`
      select a.details->>'to' as to from audit_log a join clients c on c.id::text = a.entity_id
      where c.trade_name = 'Boa Safra' and a.details->>'to' in ('bloqueado', 'inadimplente')
      order by a.at`);
    expect(audit.length).toBeGreaterThan(0);
    const rows = await q<{ paid_on: string }>(`
      select i.paid_on::text from installments i join clients c on c.id = i.client_id
      where c.trade_name = 'Boa Safra' and i.key = 'parcela:2026-05'`);
    expect(rows).toEqual([{ paid_on: '2026-06-02' }]);
    // The bloqueado client today has history: paid installments and repasse before the block.
    const blocked = await q<{ paid: string; open: string }>(`
      select count(*) filter (where i.status = 'paga')::text as paid,
             count(*) filter (where i.status = 'emitida')::text as open
      from installments i join clients c on c.id = i.client_id where c.trade_name = 'Estrada Real Auto Peças'`);
    expect(Number(blocked[0]!.paid)).toBe(11); // activation 11/2025 … 09/2026
    expect(Number(blocked[0]!.open)).toBe(2); // 10/2026 and 11/2026
  });

  it('has an upgrade: contract v2 and its prorated installment, paid, with its repasse', async () => {
    const rows = await q<{ version: number; monthly: string; ended: boolean }>(`
      select k.version, k.monthly_negotiated_cents::text as monthly, k.ended_at is not null as ended
      from contracts k join clients c on c.id = k.client_id where c.trade_name = 'Pão Dourado' order by k.version`);
    expect(rows).toEqual([
      { version: 1, monthly: '17990', ended: true },
      { version: 2, monthly: '21980', ended: false },
    ]);
    const prorated = await q<{ status: string; kind: string }>(`
      select i.status::text, e.kind::text from installments i join clients c on c.id = i.client_id
      join repasse_entries e on e.installment_id = i.id
      where c.trade_name = 'Pão Dourado' and i.key like 'proporcional:%'`);
    expect(prorated).toEqual([{ status: 'paga', kind: 'proporcional' }]);
  });

  it('has a cancelled client that billed nothing after its cancellation', async () => {
    const rows = await q<{ last: string }>(`
      select max(i.competence) as last from installments i join clients c on c.id = i.client_id
      where c.trade_name = 'Gelato Sul'`);
    expect(rows).toEqual([{ last: '2026-07' }]);
  });

  it('closes the repasse statements as the months went by: pago, then fechado (October), then aberto', async () => {
    const rows = await q<{
      name: string;
      month: string;
      status: string;
      paid_on: string | null;
      ref: string | null;
    }>(`
      select r.name, s.month, s.status::text, s.paid_on::text, s.payment_reference as ref
      from repasse_statements s join resellers r on r.id = s.reseller_id order by r.name, s.month`);
    for (const name of ['Alfa Automação', 'Beta Sistemas']) {
      const mine = rows.filter((r) => r.name === name);
      // Closed on the 5th of the next month (REPASSE_CLOSE_DAY), paid five days later on a business day.
      expect(mine.at(-1)).toMatchObject({ month: '2026-10', status: 'fechado', paid_on: null });
      expect(mine.at(-2)).toMatchObject({ month: '2026-09', status: 'pago', paid_on: '2026-10-13' });
      expect(mine.slice(0, -1).every((s) => s.status === 'pago' && s.ref?.startsWith('TED '))).toBe(true);
      expect(mine.length).toBeGreaterThanOrEqual(12);
    }
    // November stays open: its lines belong to no statement yet.
    const open = await q<{ months: string }>(`
      select string_agg(distinct month, ',') as months from repasse_entries where statement_id is null`);
    expect(open[0]!.months).toBe('2026-11');
  });

  it('sends no e-mail of the past', async () => {
    const rows = await q<{ n: string }>(`select count(*)::text as n from email_outbox`);
    expect(rows[0]!.n).toBe('0');
  });

  it('leaves nothing for the daily run of today to do twice', async () => {
    const count = async () => (await q<{ n: string }>(`select count(*)::text as n from installments`))[0]!.n;
    const before = await count();
    const first = await runBilling(engine(t), { date: TODAY, trigger: 'manual' });
    expect(first.errors).toEqual([]);
    expect(first.counts.issued).toBe(0);
    const second = await runBilling(engine(t), { date: TODAY, trigger: 'manual' });
    expect(second.errors).toEqual([]);
    expect(Object.values(second.counts).every((n) => n === 0)).toBe(true);
    expect(await count()).toBe(before);
    // A later day issues the next competência once (12/2026 is issued on 05/12 for the 15th).
    const dec = await runBilling(engine(t), { date: '2026-12-05', trigger: 'manual' });
    expect(dec.errors).toEqual([]);
    const again = await runBilling(engine(t), { date: '2026-12-05', trigger: 'manual' });
    expect(again.counts.issued).toBe(0);
    const numbers = await q<{ client: string; n: string; dup: string }>(`
      select client_id as client, count(*)::text as n, (count(*) - count(distinct number))::text as dup
      from installments where key like 'parcela:%' group by client_id`);
    for (const r of numbers) expect(r.dup).toBe('0');
    // The seven clients still billed: four ativos, two inadimplentes and the bloqueado (billing goes on).
    expect(dec.counts.issued).toBe(7);
  });
});
