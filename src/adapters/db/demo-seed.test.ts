import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../app/shared/ports';
import { isValidCnpj } from '../../domain/documents/cpf-cnpj';
import { createTestDatabase } from '../../test-support/test-database';
import { argon2Hasher } from '../security/argon2-hasher';
import type { Database } from './database';
import { DEMO_PASSWORD, seedDemo } from './demo-seed';
import { catalogItems } from './schema';

describe('demo data', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('fills an empty database once: catalog, two resellers with valid clients, five users', async () => {
    const first = await seedDemo(database.db, argon2Hasher, systemClock);
    expect(first.seeded).toBe(true);
    expect(first.users.map((u) => u.email)).toEqual([
      'admin@demo.local',
      'financeiro@demo.local',
      'gerente@demo.local',
      'hiperador@demo.local',
      'hiperador2@demo.local',
    ]);
    const again = await seedDemo(database.db, argon2Hasher, systemClock);
    expect(again.seeded).toBe(false);

    const { rows: clients } = await database.executeSql(
      'select c.document, c.state, r.name from clients c join resellers r on r.id = c.reseller_id',
    );
    for (const reseller of ['Alfa Automação', 'Beta Sistemas']) {
      const own = clients.filter((c) => c.name === reseller);
      expect(own.length).toBeGreaterThanOrEqual(5);
      expect(new Set(own.map((c) => c.state)).size).toBeGreaterThanOrEqual(4);
    }
    for (const c of clients) expect(isValidCnpj(String(c.document)), String(c.document)).toBe(true);
    expect(clients.some((c) => /[A-Z]/.test(String(c.document)))).toBe(true);

    const { rows: hash } = await database.executeSql(
      "select password_hash from users where email = 'admin@demo.local'",
    );
    expect(String(hash[0]!.password_hash)).toMatch(/^\$argon2id\$/);
    expect(await argon2Hasher.verify(String(hash[0]!.password_hash), DEMO_PASSWORD)).toBe(true);
  });

  it('stores the SPEC §3 catalog with floors that keep the repasse from going negative', async () => {
    const rows = await database.db
      .select({
        name: catalogItems.name,
        product_code: catalogItems.productCode,
        original_cents: catalogItems.originalCents,
        minimum_cents: catalogItems.minimumCents,
        cost_cents: catalogItems.costCents,
      })
      .from(catalogItems)
      .orderBy(catalogItems.sortOrder);
    const plan = (code: string) =>
      rows.find((r) => r.product_code === code && String(r.name).startsWith('Hiper '));
    expect(plan('hiper-mini')).toMatchObject({ original_cents: 8990, minimum_cents: 5990, cost_cents: 2800 });
    expect(plan('hiper-gestao')).toMatchObject({
      original_cents: 17990,
      minimum_cents: 11990,
      cost_cents: 5700,
    });
    for (const r of rows) {
      const floor = Number(r.minimum_cents);
      // Mínimo ≥ custo + taxa da central (6,5% of the minimum)
      expect(floor, String(r.name)).toBeGreaterThanOrEqual(Number(r.cost_cents) + Math.round(floor * 0.065));
    }
  });
});
