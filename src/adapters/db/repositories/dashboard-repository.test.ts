import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DashboardFixture,
  seedDashboardFixture,
  TODAY,
} from '../../../app/dashboards/dashboard-fixture';
import { delinquencyBp } from '../../../app/dashboards/dashboards';
import type { Actor } from '../../../domain/access/roles';
import { createTestDatabase } from '../../../test-support/test-database';
import type { Database } from '../database';
import { DbDashboardRepository, nextFifteenth } from './dashboard-repository';

let database: Database;
let repo: DbDashboardRepository;
let f: DashboardFixture;

const admin: Actor = {
  userId: '00000000-0000-0000-0000-000000000001',
  email: 'a@x',
  role: 'admin',
  resellerId: null,
};

beforeAll(async () => {
  database = await createTestDatabase();
  repo = new DbDashboardRepository(database.db);
  f = await seedDashboardFixture(database.db);
});
afterAll(async () => {
  await database.close();
});

const hiperadorA = (): Actor => ({
  userId: f.users.hiperadorA,
  email: 'a',
  role: 'hiperador',
  resellerId: f.resellerA,
});
const hiperadorB = (): Actor => ({
  userId: f.users.hiperadorB,
  email: 'b',
  role: 'hiperador',
  resellerId: f.resellerB,
});
const gerente = (): Actor => ({
  userId: f.users.gerente,
  email: 'g',
  role: 'gerente_contas',
  resellerId: null,
});

describe('nextFifteenth', () => {
  it('is this month’s 15th up to the 15th, then next month’s', () => {
    expect(nextFifteenth('2026-06-01')).toBe('2026-06-15');
    expect(nextFifteenth('2026-06-15')).toBe('2026-06-15');
    expect(nextFifteenth('2026-06-16')).toBe('2026-07-15');
    expect(nextFifteenth('2026-12-20')).toBe('2027-01-15');
  });
});

describe('DbDashboardRepository — the Hiperador’s dashboard', () => {
  it('counts MRR (ativo + inadimplente) and clients by status', async () => {
    const d = await repo.resellerDashboard(f.resellerA, TODAY);
    // Alfa Um 100,00 (ativo) + Alfa Dois 200,00 (inadimplente) + Alfa Seis 150,00 (ativo) = R$ 450,00
    expect(d.mrrCents).toBe(45000);
    expect(d.clientsByStatus).toMatchObject({
      ativo: 2,
      inadimplente: 1,
      bloqueado: 1,
      aguardando_pagamento: 1,
      cancelado: 1,
    });
  });

  it('measures inadimplência over the charges due in the last 12 months', async () => {
    const d = await repo.resellerDashboard(f.resellerA, TODAY);
    // due 2025-06-20..2026-06-19, not cancelled/refunded: 100,00 (paid) + 200,00 (open) + 200,00 (50,00 paid)
    // open: 200,00 + 150,00 = 350,00 of 500,00 = 70%. The 2025-05 charge is outside; today's is not overdue.
    expect(d.delinquency).toEqual({ overdueOpenCents: 35000, dueCents: 50000, from: '2025-06-20' });
    expect(delinquencyBp(d.delinquency)).toBe(7000);
  });

  it('shows 12 months of repasse: paid statements, closed ones and the open lines', async () => {
    const d = await repo.resellerDashboard(f.resellerA, TODAY);
    expect(d.repasseByMonth.map((m) => m.month)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    const byMonth = Object.fromEntries(
      d.repasseByMonth.map((m) => [m.month, [m.paidCents, m.toReceiveCents]]),
    );
    expect(byMonth['2026-03']).toEqual([30000, 0]);
    expect(byMonth['2026-04']).toEqual([32000, 0]);
    expect(byMonth['2026-05']).toEqual([0, 35000]);
    // open: 80,00 − 15,00 (estorno) + 20,00 (a May payment after May closed → June's statement) = 85,00
    expect(byMonth['2026-06']).toEqual([0, 8500]);
    expect(byMonth['2025-07']).toEqual([0, 0]);
  });

  it('lists the installments of the next 15th and clients whose access ends within 10 days', async () => {
    const d = await repo.resellerDashboard(f.resellerA, TODAY);
    expect(d.upcoming.dueDate).toBe('2026-07-15');
    // Two issued, and Alfa Quatro's installment 2 (activation competência 06/2026, mensal → 07/2026 due
    // 15/07, R$ 70,00) that the run has not issued yet: projected.
    expect(d.upcoming.count).toBe(3);
    expect(d.upcoming.totalCents).toBe(25000 + 7000);
    expect(
      d.upcoming.items.map((i) => [
        i.clientName,
        i.competence,
        i.amountCents,
        i.chargeMethod,
        i.chargeStatus,
      ]),
    ).toEqual([
      ['Alfa Quatro', '2026-07', 7000, null, null],
      ['Alfa Seis', '2026-07', 15000, 'boleto', 'emitida'],
      ['Alfa Um', '2026-07', 10000, 'cartao', 'paga'],
    ]);
    expect(d.expiring.until).toBe('2026-06-30');
    expect(d.expiring.items.map((c) => [c.clientName, c.paidThrough])).toEqual([
      ['Alfa Um', '2026-06-25'],
      ['Alfa Dois', '2026-06-30'],
    ]);
  });

  it('names the gerente de contas (none for B)', async () => {
    expect((await repo.resellerDashboard(f.resellerA, TODAY)).accountManager).toEqual({
      name: 'Gabriela Teste',
      email: expect.stringMatching(/\.g@test\.local$/),
      phone: '11987654321',
    });
    expect((await repo.resellerDashboard(f.resellerB, TODAY)).accountManager).toBeNull();
  });

  it('keeps each reseller to its own numbers', async () => {
    const b = await repo.resellerDashboard(f.resellerB, TODAY);
    expect(b.mrrCents).toBe(99900);
    expect(b.upcoming.items.map((i) => i.clientName)).toEqual(['Beta Um']);
    expect(b.expiring.items.map((i) => i.clientName)).toEqual(['Beta Um']);
    expect(b.repasseByMonth.find((m) => m.month === '2026-06')).toEqual({
      month: '2026-06',
      paidCents: 0,
      toReceiveCents: 50000,
    });
    expect(await repo.visibleReseller(hiperadorB(), f.resellerA)).toBeNull();
    expect(await repo.visibleReseller(hiperadorA(), f.resellerA)).toMatchObject({ id: f.resellerA });
    expect(await repo.visibleReseller(gerente(), f.resellerB)).toBeNull();
    expect(await repo.visibleReseller(gerente(), f.resellerA)).not.toBeNull();
    expect(await repo.visibleReseller(admin, f.resellerB)).not.toBeNull();
    expect(await repo.visibleReseller(admin, 'not-a-uuid')).toBeNull();
  });
});

describe('DbDashboardRepository — portfolio, aging, runs, bank credits', () => {
  it('ranks the gerente’s resellers only', async () => {
    const p = await repo.portfolio(gerente(), TODAY);
    expect(p.month).toBe('2026-06');
    expect(p.ranking).toHaveLength(1);
    expect(p.ranking[0]).toMatchObject({
      reseller: { id: f.resellerA },
      mrrCents: 45000,
      activeClients: 2,
      billedClients: 3,
      // June lines: 80,00 − 15,00 (the late May payment counts in May, when it was received)
      monthRepasseCents: 6500,
    });
    expect(p.totals.mrrCents).toBe(45000);
  });

  it('totals every reseller for the back office, ranked by MRR', async () => {
    const p = await repo.portfolio(admin, TODAY);
    const mine = p.ranking.filter((r) => [f.resellerA, f.resellerB].includes(r.reseller.id));
    expect(mine.map((r) => [r.mrrCents, r.monthRepasseCents, delinquencyBp(r.delinquency)])).toEqual([
      [99900, 50000, 10000],
      [45000, 6500, 7000],
    ]);
    // fresh database: only the fixture's resellers
    expect(p.totals.mrrCents).toBe(144900);
    expect(p.totals.clientsByStatus.ativo).toBe(3);
    expect(p.totals.monthRepasseCents).toBe(56500);
    expect(p.totals.delinquency).toMatchObject({ overdueOpenCents: 134900, dueCents: 149900 });
  });

  it('ages the open charges: a vencer, 1–30, 31–60, 60+ days overdue', async () => {
    expect(await repo.aging(TODAY)).toEqual([
      // due today (2026-06-20) and 2026-07-15
      { bucket: 'a_vencer', count: 2, openCents: 30000 },
      // 2026-06-01: 19 days
      { bucket: '1_30', count: 1, openCents: 99900 },
      // 2026-05-15: 36 days
      { bucket: '31_60', count: 1, openCents: 20000 },
      // 2026-04-15 (150,00 still open) and 2025-05-15 (50,00)
      { bucket: '60_mais', count: 2, openCents: 20000 },
    ]);
  });

  it('lists the last billing runs and the unmatched bank credits', async () => {
    const runs = await repo.recentBillingRuns(5);
    expect(runs.map((r) => [r.runDate, r.status, r.errorCount, r.counts])).toEqual([
      ['2026-06-20', 'falhou', 1, { issued: 1 }],
      ['2026-06-19', 'concluida', 0, { issued: 3 }],
    ]);
    expect(runs[1]?.startedAt.toISOString()).toBe('2026-06-19T09:00:00.000Z');
    expect(await repo.unmatchedCredits()).toEqual({ count: 2, totalCents: 66666 });
  });
});

describe('DbDashboardRepository — the client’s repasse', () => {
  it('reads the signed contract’s basis and the next open installment', async () => {
    const r = await repo.clientRepasseBasis(hiperadorA(), f.clients.c4);
    expect(r?.contract).toMatchObject({ monthlyCents: 7000, monthlyCostCents: 2800, centralFeeBp: 650 });
    expect(r?.nextInstallment).toMatchObject({
      competence: '2026-06',
      dueDate: '2026-06-25',
      amountCents: 7000,
      setupFeeCents: 30000,
      monthlyRevenueCents: 7000,
      monthlyCostCents: 2800,
      setupFeeResellerBp: 8000,
    });
  });

  it('lists the client’s ledger lines, most recent first, with their statement', async () => {
    const lines = await repo.clientLedger(f.clients.c1, 50);
    expect(lines.map((l) => [l.occurredOn, l.receivedCents, l.repasseCents, l.statementStatus])).toEqual([
      ['2026-06-10', 12000, 8000, null],
      ['2026-05-12', 40000, 35000, 'fechado'],
    ]);
  });

  it('hides another reseller’s client', async () => {
    expect(await repo.clientRepasseBasis(hiperadorB(), f.clients.c1)).toBeNull();
    expect(await repo.clientRepasseBasis(gerente(), f.clients.b1)).toBeNull();
    expect(await repo.clientRepasseBasis(gerente(), f.clients.c1)).not.toBeNull();
  });
});
