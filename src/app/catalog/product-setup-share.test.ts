import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../domain/access/roles';
import type { AuditEntry } from '../shared/ports';
import {
  listProductSetupShares,
  type ProductSetupShare,
  type ProductShareRepository,
  setProductSetupShare,
  shareLabel,
} from './product-setup-share';

function fakeRepo(): ProductShareRepository & { rows: ProductSetupShare[] } {
  const rows: ProductSetupShare[] = [
    { code: 'hiper-mini', name: 'Hiper Mini', setupFeeResellerBp: 10000 },
    { code: 'hiper-gestao', name: 'Hiper Gestão', setupFeeResellerBp: 10000 },
  ];
  return {
    rows,
    listProductShares: async () => rows.map((r) => ({ ...r })),
    setSetupFeeResellerBp: async (code, bp) => {
      const row = rows.find((r) => r.code === code);
      if (!row) return null;
      const before = row.setupFeeResellerBp;
      row.setupFeeResellerBp = bp;
      return { before, after: bp };
    },
  };
}

const actor = (role: Role): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001',
  email: `${role}@demo.local`,
  role,
  resellerId: role === 'hiperador' ? '00000000-0000-4000-8000-000000000002' : null,
});

function setup() {
  const productShares = fakeRepo();
  const entries: AuditEntry[] = [];
  return {
    productShares,
    entries,
    deps: { productShares, audit: { record: async (e: AuditEntry) => void entries.push(e) } },
  };
}

describe('the Hiperador share of the implantação', () => {
  it('labels basis points as a pt-BR percentage', () => {
    expect(shareLabel(10000)).toBe('100%');
    expect(shareLabel(7000)).toBe('70%');
    expect(shareLabel(7050)).toBe('70,5%');
    expect(shareLabel(3333)).toBe('33,33%');
    expect(shareLabel(0)).toBe('0%');
  });

  it('the administrador changes it, with an audit entry before/after', async () => {
    const { deps, entries, productShares } = setup();
    const result = await setProductSetupShare(
      deps,
      { productCode: 'hiper-mini', resellerBp: 7000 },
      actor('admin'),
      '10.0.0.1',
    );
    expect(result).toEqual({
      code: 'hiper-mini',
      name: 'Hiper Mini',
      setupFeeResellerBp: 7000,
      previousBp: 10000,
    });
    expect(productShares.rows[0]!.setupFeeResellerBp).toBe(7000);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'product.setup_fee_share_changed',
        entityType: 'product',
        entityId: 'hiper-mini',
        actorEmail: 'admin@demo.local',
        ip: '10.0.0.1',
        details: expect.objectContaining({
          before: { setup_fee_reseller_bp: 10000, label: '100%' },
          after: { setup_fee_reseller_bp: 7000, label: '70%' },
        }),
      }),
    ]);
  });

  it('refuses other roles, values out of range, fractions of a basis point and unknown products', async () => {
    const { deps, entries } = setup();
    for (const role of ['financeiro', 'gerente_contas', 'hiperador'] as const) {
      await expect(
        setProductSetupShare(deps, { productCode: 'hiper-mini', resellerBp: 5000 }, actor(role)),
      ).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(
      setProductSetupShare(deps, { productCode: 'hiper-mini', resellerBp: 10001 }, actor('admin')),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'reseller_bp',
      message: 'A participação do Hiperador na implantação deve estar entre 0% e 100%.',
    });
    await expect(
      setProductSetupShare(deps, { productCode: 'hiper-mini', resellerBp: 12.5 }, actor('admin')),
    ).rejects.toMatchObject({ code: 'validation_failed', field: 'reseller_bp' });
    await expect(
      setProductSetupShare(deps, { productCode: 'hiper-nada', resellerBp: 5000 }, actor('admin')),
    ).rejects.toMatchObject({ code: 'not_found', message: 'Produto não encontrado.' });
    expect(entries).toEqual([]);
  });

  it('staff list the products; a Hiperador does not', async () => {
    const { deps } = setup();
    expect(await listProductSetupShares(deps, actor('financeiro'))).toHaveLength(2);
    await expect(listProductSetupShares(deps, actor('hiperador'))).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
