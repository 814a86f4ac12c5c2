import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStatement } from '../../../app/repasse/statements';
import type { Actor } from '../../../domain/access/roles';
import { cnpjCheckDigits } from '../../../domain/documents/cpf-cnpj';
import { createTestApp, DEMO, manualClock, type TestApp } from '../../../test-support/test-system';
import { repasseStatements, resellers, users } from '../schema';
import { DbRepasseRepository } from './repasse-repository';

const clock = manualClock(new Date('2026-08-10T12:00:00Z'));
let t: TestApp;
let repo: DbRepasseRepository;
let resellerId: string;
const actor = async (email: string): Promise<Actor> => {
  const [u] = await t.system.database.db.select().from(users).where(eq(users.email, email));
  return { userId: u!.id, email: u!.email, role: u!.role, resellerId: u!.resellerId };
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  repo = new DbRepasseRepository(t.system.database.db);
  const base = '556677880001';
  const [row] = await t.system.database.db
    .insert(resellers)
    .values({
      name: 'Delta Sistemas',
      legalName: 'Delta Sistemas Ltda',
      document: base + cnpjCheckDigits(base),
      email: 'delta@teste.local',
      city: 'Curitiba',
      state: 'PR',
    })
    .returning({ id: resellers.id });
  resellerId = row!.id;
  for (const [key, cents, on] of [
    ['ajuste:a', 1000, '2026-06-15'],
    ['ajuste:b', -300, '2026-07-15'],
  ] as const) {
    await repo.insertAdjustment({
      entryKey: key,
      resellerId,
      amountCents: cents,
      description: `Ajuste ${key}`,
      occurredOn: on,
      createdBy: null,
    });
  }
});
afterAll(() => t.close());

describe('DbRepasseRepository', () => {
  it('tenancy: back office sees any reseller; the gerente only assigned ones; a Hiperador only its own', async () => {
    expect(await repo.visibleReseller(await actor(DEMO.financeiro), resellerId)).toMatchObject({
      name: 'Delta Sistemas',
    });
    expect(await repo.visibleReseller(await actor(DEMO.gerente), resellerId)).toBeNull();
    expect(await repo.visibleReseller(await actor(DEMO.alfa), resellerId)).toBeNull();
    expect(await repo.visibleReseller(await actor(DEMO.alfa), 'not-a-uuid')).toBeNull();
  });

  it('closes in order: July before June is refused; two concurrent closes of June make one statement', async () => {
    const fin = await actor(DEMO.financeiro);
    await expect(
      closeStatement({ ...t.system.deps, clock }, fin, resellerId, '2026-07'),
    ).rejects.toMatchObject({
      code: 'business_rule',
      message: 'Feche antes o extrato de 06/2026: os extratos são fechados em ordem.',
    });
    const results = await Promise.allSettled([
      closeStatement({ ...t.system.deps, clock }, fin, resellerId, '2026-06'),
      closeStatement({ ...t.system.deps, clock }, fin, resellerId, '2026-06'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({
      code: 'conflict',
      message: 'O extrato de 06/2026 já está fechado.',
    });
    const rows = await t.system.database.db
      .select()
      .from(repasseStatements)
      .where(eq(repasseStatements.resellerId, resellerId));
    expect(rows.map((r) => [r.month, r.lineCount, r.adjustmentsCents, r.repasseCents])).toEqual([
      ['2026-06', 1, 1000, 1000],
    ]);
    expect((await repo.openMonths(resellerId)).map((m) => [m.month, m.repasseCents])).toEqual([
      ['2026-07', -300],
    ]);
  });

  it('keeps the nota fiscal bytes exactly', async () => {
    const statement = (await repo.statement(resellerId, '2026-06'))!;
    const content = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10]);
    await repo.saveInvoice(statement.id, {
      filename: 'nf.pdf',
      contentType: 'application/pdf',
      content,
      sha256: 'x',
      uploadedBy: null,
      at: clock.now(),
    });
    const back = await repo.invoiceContent(statement.id);
    expect([...back!.content]).toEqual([...content]);
    expect((await repo.statement(resellerId, '2026-06'))!.invoice).toMatchObject({
      filename: 'nf.pdf',
      sizeBytes: 8,
    });
  });
});
