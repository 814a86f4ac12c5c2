import { describe, expect, it } from 'vitest';
import type { SessionRecord, SessionStore } from '../../app/auth/ports';
import { createTestApp, DEMO, loginAs } from '../../test-support/test-system';
import { CachedSessionStore } from './cached-auth';

function fakeStore() {
  const rows = new Map<string, SessionRecord & { idHash: string }>();
  let reads = 0;
  const store: SessionStore = {
    async create(i) {
      rows.set(i.idHash, { ...i, lastSeenAt: i.now });
    },
    async find(idHash) {
      reads++;
      const row = rows.get(idHash);
      return row ? { ...row } : null;
    },
    async touch(idHash, now, expiresAt) {
      const row = rows.get(idHash);
      if (row) rows.set(idHash, { ...row, lastSeenAt: now, expiresAt });
    },
    async delete(idHash) {
      rows.delete(idHash);
    },
    async deleteAllForUser(userId, except) {
      for (const [k, v] of rows) if (v.userId === userId && k !== except) rows.delete(k);
    },
    async deleteExpired() {
      return 0;
    },
  };
  return { store, rows, reads: () => reads };
}

describe('session cache', () => {
  const session = (idHash: string, userId = 'u1') => ({
    idHash,
    userId,
    csrfToken: 'csrf',
    ip: null,
    userAgent: null,
    now: new Date(0),
    expiresAt: new Date(10_000_000),
  });

  it('reads a live session once per TTL, and never keeps one past logout or a password change', async () => {
    let now = 0;
    const fake = fakeStore();
    const cached = new CachedSessionStore(fake.store, 2_000, () => now);
    await cached.create(session('a'));
    await cached.create(session('b'));
    await cached.find('a');
    await cached.find('a');
    expect(fake.reads()).toBe(1);
    now += 2_001;
    await cached.find('a');
    expect(fake.reads()).toBe(2);

    await cached.delete('a'); // logout
    expect(await cached.find('a')).toBeNull();

    await cached.find('b');
    await cached.deleteAllForUser('u1'); // password changed elsewhere
    expect(await cached.find('b')).toBeNull();
  });

  it('through the API: a logged-out cookie is refused at once', async () => {
    const t = await createTestApp();
    try {
      const s = await loginAs(t.app, DEMO.alfa);
      const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
      expect((await me()).statusCode).toBe(200);
      const out = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(out.statusCode).toBeLessThan(300);
      expect((await me()).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
