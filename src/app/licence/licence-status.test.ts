import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test-support/test-system';
import { AppError } from '../shared/errors';
import {
  DEFAULT_LICENCE_TOKEN_VALIDITY_S,
  etagMatches,
  LICENCE_STATE_TTL_MS,
  LicenceStatusService,
  type LicenceTokenClaims,
} from './licence-status';
import type { LicenceStore, PendingContract } from './ports';

const CLIENT = '0b6f4a52-3c0e-4d8e-9a8b-6f0a7c1d2e3f';
const installation = { apiKeyId: 'k1', clientId: CLIENT, resellerId: 'r1' };

/** A signer that records what it signed: the "token" is the claims as JSON, prefixed by the kid. */
function fakeSigner(kid = 'A') {
  const signed: LicenceTokenClaims[] = [];
  return {
    signed,
    signer: {
      kid,
      async sign(claims: LicenceTokenClaims) {
        signed.push(claims);
        await new Promise((r) => setTimeout(r, 5));
        return `${kid}.${JSON.stringify(claims)}`;
      },
    },
  };
}

function setup(options: { validitySeconds?: number; mustSign?: boolean } = {}) {
  const clock = manualClock(new Date('2026-06-01T15:30:00Z'));
  const client = { status: 'ativo' as const, paidThrough: '2026-06-30' as string | null };
  const reads = { access: 0, contract: 0 };
  const licence: LicenceStore = {
    async pendingContract() {
      reads.contract += 1;
      return options.mustSign ? ({ id: 'c1' } as PendingContract) : null;
    },
    async postponements() {
      return 5;
    },
    async postpone() {
      throw new Error('não usado');
    },
  };
  let current = fakeSigner();
  const service = new LicenceStatusService({
    store: {
      async clientAccess(id) {
        reads.access += 1;
        await new Promise((r) => setTimeout(r, 5));
        return id === CLIENT ? { ...client } : null;
      },
    },
    licence,
    clock,
    signer: () => current.signer,
    issuer: 'https://central.exemplo.com.br',
    ...(options.validitySeconds ? { validitySeconds: options.validitySeconds } : {}),
  });
  return {
    clock,
    client,
    reads,
    service,
    signed: () => current.signed,
    rotate(kid: string) {
      current = fakeSigner(kid);
    },
  };
}

describe('licence status (use case)', () => {
  it('signs the client: sub, iss, iat (start of its 7.2 h slot), exp = iat + 72 h, status, liberado_ate, must_sign', async () => {
    const s = setup();
    const status = await s.service.status(installation);
    expect(status).toMatchObject({
      status: 'ativo',
      liberadoAte: '2026-06-30',
      mustSignContract: false,
      kid: 'A',
    });
    // 15:30 UTC falls in the slot 12:00–19:12 (slots of 25,920 s = 7.2 h, counted from the epoch).
    const iat = Date.parse('2026-06-01T12:00:00Z') / 1000;
    expect(s.signed()).toEqual([
      {
        sub: CLIENT,
        iss: 'https://central.exemplo.com.br',
        iat,
        exp: iat + 72 * 3600,
        status: 'ativo',
        liberado_ate: '2026-06-30',
        must_sign_contract: false,
      },
    ]);
    expect(DEFAULT_LICENCE_TOKEN_VALIDITY_S).toBe(72 * 3600);
    expect(status.expiresAt.toISOString()).toBe('2026-06-04T12:00:00.000Z');
    expect(status.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('must_sign_contract comes from the licence module (pending version, no postponement left)', async () => {
    const s = setup({ mustSign: true });
    expect((await s.service.status(installation)).mustSignContract).toBe(true);
  });

  it('a hot request reads nothing and signs nothing; many at once on a cold cache: one read, one signature', async () => {
    const s = setup();
    const all = await Promise.all(Array.from({ length: 50 }, () => s.service.status(installation)));
    expect(new Set(all.map((r) => r.token)).size).toBe(1);
    expect(s.reads).toEqual({ access: 1, contract: 1 });
    expect(s.signed()).toHaveLength(1);
    for (let i = 0; i < 100; i++) await s.service.status(installation);
    expect(s.reads).toEqual({ access: 1, contract: 1 });
    expect(s.signed()).toHaveLength(1);
  });

  it('the state is re-read after the TTL; the same state keeps the same token until its slot ends', async () => {
    const s = setup();
    const first = await s.service.status(installation);
    s.clock.advance(LICENCE_STATE_TTL_MS + 1);
    const second = await s.service.status(installation);
    expect(s.reads.access).toBe(2);
    expect(second.token).toBe(first.token);
    s.clock.advance(Date.parse('2026-06-01T19:11:59.999Z') - s.clock.now().getTime());
    expect((await s.service.status(installation)).token).toBe(first.token);
    s.clock.advance(1); // 19:12 UTC: the next slot
    const renewed = await s.service.status(installation);
    expect(renewed.token).not.toBe(first.token);
    expect(new Date(s.signed()[1]!.iat * 1000).toISOString()).toBe('2026-06-01T19:12:00.000Z');
    expect(renewed.expiresAt.toISOString()).toBe('2026-06-04T19:12:00.000Z');
    expect(renewed.etag).not.toBe(first.etag);
  });

  it('a token handed out always has at least 90% of its validity left', async () => {
    const s = setup();
    for (let i = 0; i < 40; i++) {
      s.clock.advance(47 * 60 * 1000 + 13_000);
      s.service.forgetClient(CLIENT);
      const status = await s.service.status(installation);
      const left = status.expiresAt.getTime() - s.clock.now().getTime();
      expect(left).toBeGreaterThan(0.9 * 72 * 3600 * 1000);
      expect(left).toBeLessThanOrEqual(72 * 3600 * 1000);
    }
  });

  it('another server (or this one after a restart) gives the very same token for the same state', async () => {
    const s = setup();
    const first = await s.service.status(installation);
    s.clock.advance(2 * 60 * 60 * 1000);
    const other = new LicenceStatusService({
      store: { clientAccess: async () => ({ status: 'ativo', paidThrough: '2026-06-30' }) },
      licence: { pendingContract: async () => null } as unknown as LicenceStore,
      clock: s.clock,
      signer: () => fakeSigner().signer,
      issuer: 'https://central.exemplo.com.br',
    });
    const again = await other.status(installation);
    expect(again.token).toBe(first.token);
    expect(again.etag).toBe(first.etag);
  });

  it('a changed state or a new signing key gives a new token at once (after the state TTL or forgetClient)', async () => {
    const s = setup();
    const first = await s.service.status(installation);
    s.client.status = 'bloqueado' as never;
    expect((await s.service.status(installation)).status).toBe('ativo'); // still cached
    s.service.forgetClient(CLIENT);
    const blocked = await s.service.status(installation);
    expect(blocked).toMatchObject({ status: 'bloqueado', liberadoAte: '2026-06-30' });
    expect(blocked.token).not.toBe(first.token);
    s.rotate('B');
    const rotated = await s.service.status(installation);
    expect(rotated.kid).toBe('B');
    expect(rotated.token.startsWith('B.')).toBe(true);
  });

  it('an unknown client (the key outlived it) is refused as an invalid key', async () => {
    const s = setup();
    await expect(s.service.status({ ...installation, clientId: 'outro' })).rejects.toEqual(
      new AppError('unauthenticated', 'Chave de API ausente ou inválida.'),
    );
  });

  it('If-None-Match: exact, weak, in a list, or *', () => {
    const etag = '"abc"';
    expect(etagMatches(undefined, etag)).toBe(false);
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"x", "abc"', etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('"abd"', etag)).toBe(false);
    expect(etagMatches('abc', etag)).toBe(false);
  });
});
