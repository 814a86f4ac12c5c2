import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentRefunds, resellers, users } from '../../adapters/db/schema';
import { argon2Hasher } from '../../adapters/security/argon2-hasher';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { chargesOf, engine, installmentsOf, signedContract } from '../../test-support/billing-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../../test-support/test-system';
import { runBilling } from '../billing/daily-run';
import { closeDueStatements } from './statements';

/**
 * Issue 7, acceptance 1: a known set of paid, unpaid, refunded and upgraded installments produces the exact
 * statement lines and totals, and closing freezes it.
 *
 * A reseller of its own ("Gama", so the demo data never mixes in), five clients on the demo price book:
 * Hiper Mini negotiated at R$ 89,90/month, custo Hiper R$ 28,00/month, taxa da central 6,5%, implantação
 * R$ 300,00 (100% to the Hiperador). Multa e juros go to the Hiperador here (REPASSE_LATE_FEES_TO=hiperador).
 *
 * One regular month paid in full (R$ 89,90):
 *   custo = 2800 × 8990 / 8990 = 2800;  taxa = 6,5% × 8990 = 584,35 → 584;  repasse = 8990 − 2800 − 584 = 5606
 * Implantação R$ 300,00: custo 0, taxa 0, repasse 30000.
 * Upgrade of D to R$ 119,90 signed 16/07, D paid through 31/08: the difference (11990 − 8990 = 3000) for
 *   the 47 days left (16/07..31/08) of a 31-day month: 3000 × 47 / 31 = 4548,39 → 4548. Its basis is the
 *   difference (receita 3000, custo 2800 − 2800 = 0): custo 0; taxa = 6,5% × 4548 = 295,62 → 296;
 *   repasse = 4548 − 0 − 296 = 4252.
 * B's July installment paid 10 days late with multa 2% (180) + juros 1%/mês × 10/30 (29,97 → 30) = 210:
 *   repasse = 5606 + 210 = 5816.
 */
const clock = manualClock(new Date('2026-06-10T12:00:00Z'));
const setDay = (iso: string) => clock.advance(new Date(`${iso}T12:00:00Z`).getTime() - clock.now().getTime());
let t: TestApp;
/** Sessions expire as the clock moves by days: log in again when the test's day changes. */
const sessions = new Map<string, { day: number; session: LoggedIn }>();
async function sessionOf(email: string): Promise<LoggedIn> {
  const day = clock.now().getTime();
  const known = sessions.get(email);
  if (known && known.day === day) return known.session;
  const session = await loginAs(t.app, email);
  sessions.set(email, { day, session });
  return session;
}
const gama = 'gama@teste.local';
const fin = DEMO.financeiro;
let resellerId: string;
const clients: Record<'A' | 'B' | 'C' | 'D' | 'E', string> = { A: '', B: '', C: '', D: '', E: '' };

async function api(email: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  const s = await sessionOf(email);
  return t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });
}

async function pay(chargeId: string, paidOn: string, fineInterestCents = 0) {
  const charge = (await t.system.deps.charges.systemGet(chargeId))!;
  const [outcome] = await t.system.deps.charges.applyPayments([
    {
      chargeId,
      source: 'manual',
      sourceId: `teste:${chargeId}`,
      amountCents: charge.amountCents + fineInterestCents,
      fineInterestCents,
      paidOn,
      reason: 'Pagamento no teste',
      evidence: {},
    },
  ]);
  expect(outcome!.settled).toBe(true);
}

const chargeOf = async (client: string, n: number) =>
  (await installmentsOf(t, client)).find((i) => i.number === n)!.chargeId!;

/** A line as the statement shows it: [cliente, tipo, competência, data, recebido, custo, taxa, multa/juros, repasse]. */
type Row = [string | null, string, string | null, string, number, number, number, number, number];
const rowsOf = (lines: Record<string, unknown>[]): Row[] =>
  lines.map((l) => [
    (l.client as { legal_name: string } | null)?.legal_name ?? null,
    l.kind as string,
    l.competence as string | null,
    l.occurred_on as string,
    l.received_cents as number,
    l.cost_cents as number,
    l.central_fee_cents as number,
    l.fine_interest_cents as number,
    l.repasse_cents as number,
  ]);

const statementUrl = (month: string) => `/api/v1/repasse/resellers/${resellerId}/statements/${month}`;
const statement = async (month: string) => {
  const res = await api(gama, 'GET', statementUrl(month));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp({ clock, config: { repasse: { lateFeesTo: 'hiperador', closeDay: 5 } } });
  const db = t.system.database.db;
  const base = '918273640001';
  const [row] = await db
    .insert(resellers)
    .values({
      name: 'Gama Software',
      legalName: 'Gama Software e Automação Ltda',
      document: base + cnpjCheckDigits(base),
      email: 'contato@gama.example',
      city: 'Joinville',
      state: 'SC',
    })
    .returning({ id: resellers.id });
  resellerId = row!.id;
  await db.insert(users).values({
    email: 'gama@teste.local',
    name: 'Gabriel (Gama)',
    role: 'hiperador',
    resellerId,
    passwordHash: await argon2Hasher.hash('demo1234'),
  });
});
afterAll(() => t.close());

describe('extrato de repasse: exact lines and totals, frozen on close (issue 7, acceptance 1)', () => {
  it('June: four activations paid (one with implantação), one unpaid → 5 lines, repasse R$ 524,24', async () => {
    setDay('2026-06-10');
    for (const name of ['A', 'B', 'C', 'D', 'E'] as const) {
      const { clientId, contractId } = await signedContract(t, await sessionOf(gama), {
        setup_fee: name === 'A',
      });
      clients[name] = clientId;
      await t.system.deps.contractSigned.onContractSigned(contractId);
    }
    const [activationA] = await chargesOf(t, clients.A);
    expect(activationA!.amountCents).toBe(38990); // R$ 89,90 + implantação R$ 300,00
    await pay(activationA!.id, '2026-06-10');
    setDay('2026-06-11');
    await pay(await chargeOf(clients.B, 1), '2026-06-11');
    setDay('2026-06-12');
    await pay(await chargeOf(clients.C, 1), '2026-06-12');
    await pay(await chargeOf(clients.D, 1), '2026-06-12');
    // E does not pay in June: nothing accrues.

    const june = await statement('2026-06');
    expect(june.status).toBe('aberto');
    const names = await clientNames();
    expect(rowsOf(june.lines)).toEqual([
      [names.A, 'parcela', '2026-06', '2026-06-10', 8990, 2800, 584, 0, 5606],
      [names.A, 'implantacao', '2026-06', '2026-06-10', 30000, 0, 0, 0, 30000],
      [names.B, 'parcela', '2026-06', '2026-06-11', 8990, 2800, 584, 0, 5606],
      [names.C, 'parcela', '2026-06', '2026-06-12', 8990, 2800, 584, 0, 5606],
      [names.D, 'parcela', '2026-06', '2026-06-12', 8990, 2800, 584, 0, 5606],
    ]);
    // recebido 4 × 8990 + 30000 = 65960; custo 4 × 2800 = 11200; taxa 4 × 584 = 2336;
    // repasse 4 × 5606 + 30000 = 52424.
    expect(june.totals).toEqual({
      line_count: 5,
      received_cents: 65960,
      cost_cents: 11200,
      central_fee_cents: 2336,
      fine_interest_cents: 0,
      adjustments_cents: 0,
      repasse_cents: 52424,
    });
    expect(june.adjustments).toEqual([]);
  });

  it('June cannot close before the month is over; Financeiro closes it on 01/07; closing again is refused', async () => {
    const early = await api(fin, 'POST', `${statementUrl('2026-06')}/close`);
    expect(early.statusCode).toBe(422);
    expect(early.json().message).toContain('06/2026 ainda não terminou');

    setDay('2026-07-01');
    const closed = await api(fin, 'POST', `${statementUrl('2026-06')}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'fechado',
      totals: { line_count: 5, repasse_cents: 52424 },
    });

    const again = await api(fin, 'POST', `${statementUrl('2026-06')}/close`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('O extrato de 06/2026 já está fechado.');
  });

  it('July: a late June payment, a refund of June, paid, upgraded, late with multa/juros and unpaid installments, an ajuste', async () => {
    // E's activation paid on 30/06, known only on 02/07 (June already closed) → July's statement.
    setDay('2026-07-02');
    await pay(await chargeOf(clients.E, 1), '2026-06-30');
    // 05/07: the daily run issues competência 07 (due 15/07) for everyone.
    setDay('2026-07-05');
    const run = await runBilling(engine(t), { date: '2026-07-05', trigger: 'cli' });
    expect(run.errors, JSON.stringify(run.errors)).toEqual([]);

    // 10/07: C's June payment is refunded (estorno by Financeiro) → clawback in July.
    setDay('2026-07-10');
    const cJune = await chargeOf(clients.C, 1);
    const key = '6f1f4f9e-8d7a-4b1e-9a53-0c1d2e3f4a5b';
    const refund = await api(fin, 'POST', `/api/v1/charges/${cJune}/refund`, {
      kind: 'estorno',
      reason: 'Cliente desistiu dentro do prazo de arrependimento',
      idempotency_key: key,
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json().charge.status).toBe('estornada');
    expect(refund.json().refund).toMatchObject({
      status: 'applied',
      amount_cents: 8990,
      refunded_on: '2026-07-10',
      reversed_lines: 1,
      clawback_cents: -5606,
    });
    expect((await installmentsOf(t, clients.C)).find((i) => i.number === 1)!.status).toBe('estornada');
    // The same form sent again changes nothing; another refund of the same charge is refused.
    const replay = await api(fin, 'POST', `/api/v1/charges/${cJune}/refund`, {
      kind: 'estorno',
      reason: 'Cliente desistiu dentro do prazo de arrependimento',
      idempotency_key: key,
    });
    expect(replay.json().refund).toMatchObject({ status: 'duplicate', reversed_lines: 1 });
    const twice = await api(fin, 'POST', `/api/v1/charges/${cJune}/refund`, {
      kind: 'chargeback',
      reason: 'Disputa no cartão',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('Só uma cobrança paga pode ser estornada.');
    expect(
      await t.system.database.db.select().from(paymentRefunds).where(eq(paymentRefunds.chargeId, cJune)),
    ).toHaveLength(1);
    // The Hiperador may not refund.
    const hiperador = await api(gama, 'POST', `/api/v1/charges/${cJune}/refund`, {
      kind: 'estorno',
      reason: 'Tentativa do Hiperador',
    });
    expect(hiperador.statusCode).toBe(403);

    setDay('2026-07-14');
    await pay(await chargeOf(clients.D, 2), '2026-07-14');
    setDay('2026-07-15');
    await pay(await chargeOf(clients.A, 2), '2026-07-15');
    // C's July installment is never paid: nothing accrues.

    // 16/07: D upgrades to R$ 119,90; the proporcional (R$ 45,48) is paid on 20/07.
    setDay('2026-07-16');
    const upgrade = await signedContract(t, await sessionOf(gama), {
      kind: 'alteracao',
      clientId: clients.D,
      negotiated_monthly_cents: 11990,
    });
    await t.system.deps.contractSigned.onContractSigned(upgrade.contractId);
    const proportional = (await installmentsOf(t, clients.D)).find((i) => i.key.startsWith('proporcional:'))!;
    expect(proportional.amountCents).toBe(4548);
    setDay('2026-07-20');
    await pay(proportional.chargeId!, '2026-07-20');

    // 25/07: B pays July 10 days late, with R$ 2,10 of multa e juros.
    setDay('2026-07-25');
    await pay(await chargeOf(clients.B, 2), '2026-07-25', 210);

    // 28/07: Financeiro's ajuste of −R$ 25,00.
    setDay('2026-07-28');
    const adj = await api(fin, 'POST', `${statementUrl('2026-07')}/adjustments`, {
      amount_cents: -2500,
      description: 'Material de divulgação',
    });
    expect(adj.statusCode, adj.body).toBe(200);
    const refusedAdj = await api(fin, 'POST', `${statementUrl('2026-06')}/adjustments`, {
      amount_cents: 1000,
      description: 'Ajuste em extrato fechado',
    });
    expect(refusedAdj.statusCode).toBe(409);

    const july = await statement('2026-07');
    const names = await clientNames();
    expect(july.status).toBe('aberto');
    expect(rowsOf(july.lines)).toEqual([
      [names.E, 'parcela', '2026-06', '2026-06-30', 8990, 2800, 584, 0, 5606],
      [names.C, 'estorno', '2026-06', '2026-07-10', -8990, -2800, -584, 0, -5606],
      [names.D, 'parcela', '2026-07', '2026-07-14', 8990, 2800, 584, 0, 5606],
      [names.A, 'parcela', '2026-07', '2026-07-15', 8990, 2800, 584, 0, 5606],
      [names.D, 'proporcional', '2026-07', '2026-07-20', 4548, 0, 296, 0, 4252],
      [names.B, 'parcela', '2026-07', '2026-07-25', 8990, 2800, 584, 210, 5816],
    ]);
    expect(july.lines[1].description).toContain('Estorno');
    expect(rowsOf(july.adjustments)).toEqual([[null, 'ajuste', null, '2026-07-28', 0, 0, 0, 0, -2500]]);
    // recebido 8990 − 8990 + 8990 + 8990 + 4548 + 8990 = 31518; custo 2800 × 4 − 2800 + 0 = 8400;
    // taxa 584 × 4 − 584 + 296 = 2048; multa/juros 210; ajustes −2500;
    // repasse 5606 − 5606 + 5606 + 5606 + 4252 + 5816 − 2500 = 18780 (= 31518 − 8400 − 2048 + 210 − 2500).
    expect(july.totals).toEqual({
      line_count: 7,
      received_cents: 31518,
      cost_cents: 8400,
      central_fee_cents: 2048,
      fine_interest_cents: 210,
      adjustments_cents: -2500,
      repasse_cents: 18780,
    });
  });

  it('the scheduled close: nothing before day 5; on 05/08 July closes (once); June is untouched', async () => {
    const before = await statement('2026-06');
    setDay('2026-08-04');
    const deps = { ...t.system.deps, clock, closeDay: 5 };
    expect(await closeDueStatements(deps)).toEqual({ month: null, closed: [] });
    setDay('2026-08-05');
    const report = await closeDueStatements(deps);
    expect(report.month).toBe('2026-07');
    expect(report.closed.filter((c) => c.resellerId === resellerId)).toEqual([
      { resellerId, month: '2026-07', repasseCents: 18780 },
    ]);
    expect((await closeDueStatements(deps)).closed.filter((c) => c.resellerId === resellerId)).toEqual([]);
    const july = await statement('2026-07');
    expect(july).toMatchObject({ status: 'fechado', closed_by_name: null });
    expect(july.totals.repasse_cents).toBe(18780);
    expect(await statement('2026-06')).toEqual(before);

    const list = await api(gama, 'GET', `/api/v1/repasse/resellers/${resellerId}/statements`);
    expect(
      list
        .json()
        .statements.map((s: Record<string, unknown>) => [s.month, s.status, s.line_count, s.repasse_cents]),
    ).toEqual([
      ['2026-07', 'fechado', 7, 18780],
      ['2026-06', 'fechado', 5, 52424],
    ]);
  });

  it('a late event after the close (B refunded on 06/08, dated 31/07) lands in August; July and June stay frozen', async () => {
    const june = await statement('2026-06');
    const july = await statement('2026-07');
    setDay('2026-08-06');
    const res = await api(fin, 'POST', `/api/v1/charges/${await chargeOf(clients.B, 2)}/refund`, {
      kind: 'chargeback',
      reason: 'Chargeback contestado pelo banco emissor',
      refunded_on: '2026-07-31',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await statement('2026-06')).toEqual(june);
    expect(await statement('2026-07')).toEqual(july);
    const august = await statement('2026-08');
    const names = await clientNames();
    // The clawback of B's late July line, multa/juros included: −5816.
    expect(rowsOf(august.lines)).toEqual([
      [names.B, 'estorno', '2026-07', '2026-07-31', -8990, -2800, -584, -210, -5816],
    ]);
    expect(august.totals).toMatchObject({ line_count: 1, received_cents: -8990, repasse_cents: -5816 });
    const list = await api(gama, 'GET', `/api/v1/repasse/resellers/${resellerId}/statements`);
    expect(list.json().statements[0]).toMatchObject({
      month: '2026-08',
      status: 'aberto',
      repasse_cents: -5816,
    });
    // Closing July again is refused and changes nothing.
    const again = await api(fin, 'POST', `${statementUrl('2026-07')}/close`);
    expect(again.statusCode).toBe(409);
    expect(await statement('2026-07')).toEqual(july);
  });
});

async function clientNames(): Promise<Record<keyof typeof clients, string>> {
  const out = {} as Record<keyof typeof clients, string>;
  for (const [k, id] of Object.entries(clients) as [keyof typeof clients, string][]) {
    const res = await api(gama, 'GET', `/api/v1/clients/${id}`);
    out[k] = res.json().legal_name as string;
  }
  return out;
}
