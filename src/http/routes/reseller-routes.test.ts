import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, loginAs, type TestApp } from '../../test-support/test-system';

describe('resellers API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const list = async (email: string) => {
    const s = await loginAs(t.app, email);
    return t.app.inject({ method: 'GET', url: '/api/v1/resellers', headers: { cookie: s.cookie } });
  };

  it('lists every reseller with its clients and monthly totals for staff', async () => {
    const res = await list(DEMO.admin);
    expect(res.statusCode).toBe(200);
    const alfa = res.json().items.find((r: { name: string }) => r.name === 'Alfa Automação');
    // Alfa bills Mercadinho (R$ 89,90), Pão Dourado (R$ 219,80) and Farmácia Vida (R$ 179,90, inadimplente)
    expect(alfa).toMatchObject({
      clients_total: 6,
      clients_active: 2,
      monthly_fee_total_cents: 8990 + 21980 + 17990,
    });
    expect(res.json().items.map((r: { name: string }) => r.name)).toEqual([
      'Alfa Automação',
      'Beta Sistemas',
    ]);
  });

  it('shows a gerente the resellers assigned to them', async () => {
    expect((await list(DEMO.gerente)).json().items).toHaveLength(2);
  });

  it('is not for a Hiperador (403)', async () => {
    const res = await list(DEMO.alfa);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      code: 'forbidden',
      message: 'Seu perfil não tem permissão para esta ação.',
    });
  });
});
