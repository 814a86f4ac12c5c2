import { describe, expect, it } from 'vitest';
import type { ApiKeyStore } from '../../app/licence/ports';
import { CachedApiKeyStore } from './cached-api-keys';

function fakeStore() {
  const rows = new Map([
    [
      'hash-1',
      { apiKeyId: 'k1', clientId: 'c1', resellerId: 'r1', lastUsedAt: null as Date | null, revoked: false },
    ],
  ]);
  const calls = { find: 0, touch: 0 };
  const store = {
    async findActiveByHash(hash: string) {
      calls.find += 1;
      await new Promise((r) => setTimeout(r, 2));
      const row = rows.get(hash);
      if (!row || row.revoked) return null;
      const { revoked: _, ...found } = row;
      return found;
    },
    async touch(id: string, at: Date) {
      calls.touch += 1;
      for (const row of rows.values()) if (row.apiKeyId === id) row.lastUsedAt = at;
    },
    async revoke(_clientId: string, keyId: string) {
      for (const row of rows.values()) if (row.apiKeyId === keyId) row.revoked = true;
      return true;
    },
  } as unknown as ApiKeyStore;
  return { store, calls, rows };
}

describe('API key cache', () => {
  it('reads a key once for its TTL, however many requests arrive together; then again', async () => {
    const f = fakeStore();
    let now = 0;
    const cached = new CachedApiKeyStore(f.store, 5_000, () => now);
    const found = await Promise.all(Array.from({ length: 30 }, () => cached.findActiveByHash('hash-1')));
    expect(found.every((x) => x?.clientId === 'c1')).toBe(true);
    expect(f.calls.find).toBe(1);
    now = 4_999;
    await cached.findActiveByHash('hash-1');
    expect(f.calls.find).toBe(1);
    now = 5_000;
    await cached.findActiveByHash('hash-1');
    expect(f.calls.find).toBe(2);
  });

  it('an unknown key is not cached (it may have just been created elsewhere)', async () => {
    const f = fakeStore();
    const cached = new CachedApiKeyStore(f.store, 5_000, () => 0);
    expect(await cached.findActiveByHash('nope')).toBeNull();
    expect(await cached.findActiveByHash('nope')).toBeNull();
    expect(f.calls.find).toBe(2);
  });

  it('revoking through it drops the cached key at once', async () => {
    const f = fakeStore();
    const cached = new CachedApiKeyStore(f.store, 5_000, () => 0);
    expect(await cached.findActiveByHash('hash-1')).not.toBeNull();
    await cached.revoke('c1', 'k1', new Date());
    expect(await cached.findActiveByHash('hash-1')).toBeNull();
  });

  it('touch writes once per minute window even when many requests ask for it; the cached copy is updated', async () => {
    const f = fakeStore();
    const cached = new CachedApiKeyStore(f.store, 5_000, () => 0);
    await cached.findActiveByHash('hash-1');
    const at = new Date('2026-06-01T12:00:00Z');
    const olderThan = new Date(at.getTime() - 60_000);
    await Promise.all(Array.from({ length: 10 }, () => cached.touch('k1', at, olderThan)));
    expect(f.calls.touch).toBe(1);
    expect((await cached.findActiveByHash('hash-1'))?.lastUsedAt).toEqual(at);
    const later = new Date(at.getTime() + 61_000);
    await cached.touch('k1', later, new Date(later.getTime() - 60_000));
    expect(f.calls.touch).toBe(2);
  });
});
