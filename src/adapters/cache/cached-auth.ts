import type { SessionRecord, SessionStore, UserRecord, UserRepository } from '../../app/auth/ports';

/**
 * Every API request resolves its session cookie: a session row and its user. These decorators keep both
 * in memory for a couple of seconds so a busy portal does not read them from the database on every call.
 * Anything this process does to a session (logout, password change, expiry clean-up) or a user's
 * password drops the cached copy at once; a change made by another server shows up within the TTL.
 */
export const AUTH_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

class TtlMap<T> {
  private readonly map = new Map<string, Entry<T>>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}
  get(key: string): T | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return entry.value;
  }
  set(key: string, value: T): void {
    if (this.map.size >= MAX_ENTRIES) this.map.clear();
    this.map.set(key, { value, until: this.now() + this.ttlMs });
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  deleteWhere(test: (value: T) => boolean): void {
    for (const [key, entry] of this.map) if (test(entry.value)) this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
}

const monotonic = () => performance.now();

export class CachedSessionStore implements SessionStore {
  private readonly cache: TtlMap<SessionRecord>;
  constructor(
    private readonly inner: SessionStore,
    ttlMs = AUTH_CACHE_TTL_MS,
    now: () => number = monotonic,
  ) {
    this.cache = new TtlMap(ttlMs, now);
  }

  create(input: Parameters<SessionStore['create']>[0]) {
    return this.inner.create(input);
  }

  async find(idHash: string): Promise<SessionRecord | null> {
    const cached = this.cache.get(idHash);
    if (cached) return { ...cached };
    const found = await this.inner.find(idHash);
    // Only live sessions are cached: "not found" is asked again (it may be a login in another server).
    if (found) this.cache.set(idHash, { ...found });
    return found;
  }

  async touch(idHash: string, now: Date, expiresAt: Date): Promise<void> {
    await this.inner.touch(idHash, now, expiresAt);
    this.cache.delete(idHash);
  }

  async delete(idHash: string): Promise<void> {
    this.cache.delete(idHash);
    await this.inner.delete(idHash);
    this.cache.delete(idHash);
  }

  async deleteAllForUser(userId: string, exceptIdHash?: string): Promise<void> {
    this.cache.clear();
    await this.inner.deleteAllForUser(userId, exceptIdHash);
    this.cache.clear();
  }

  async deleteExpired(now: Date): Promise<number> {
    const n = await this.inner.deleteExpired(now);
    this.cache.clear();
    return n;
  }
}

/** Caches findById only (the per-request lookup); login still reads by e-mail from the database. */
export class CachedUserRepository implements UserRepository {
  private readonly cache: TtlMap<UserRecord>;
  constructor(
    private readonly inner: UserRepository,
    ttlMs = AUTH_CACHE_TTL_MS,
    now: () => number = monotonic,
  ) {
    this.cache = new TtlMap(ttlMs, now);
  }

  findByEmail(email: string) {
    return this.inner.findByEmail(email);
  }

  async findById(id: string): Promise<UserRecord | null> {
    const cached = this.cache.get(id);
    if (cached) return { ...cached };
    const found = await this.inner.findById(id);
    if (found) this.cache.set(id, { ...found });
    return found;
  }

  async updatePasswordHash(userId: string, passwordHash: string, at: Date): Promise<void> {
    this.cache.delete(userId);
    await this.inner.updatePasswordHash(userId, passwordHash, at);
    this.cache.delete(userId);
  }

  create(input: Parameters<UserRepository['create']>[0]) {
    return this.inner.create(input);
  }

  /** After a change to a user made outside this repository (deactivation, role change). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
