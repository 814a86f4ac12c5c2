import type { ApiKeyRecord, ApiKeyStore, Installation } from '../../app/licence/ports';

/**
 * Every request of the Hiper software resolves its Bearer key (SHA-256 → installation). This decorator keeps
 * the answer in memory for a few seconds, so the licence status — called by every installation — reads no
 * database on a hot request. A revocation made by this process drops the cached key at once; one made by
 * another server takes effect within the TTL. "last used" stays throttled (at most one write a minute per key,
 * see authenticateApiKey): touching updates the cached copy, so the next requests do not write again.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 100_000;

type Found = Installation & { lastUsedAt: Date | null };

interface Entry {
  value: Found;
  until: number;
}

const monotonic = () => performance.now();

export class CachedApiKeyStore implements ApiKeyStore {
  private readonly byHash = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Found | null>>();
  /** When this process last wrote last_used_at of each key (ms since the epoch). */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly inner: ApiKeyStore,
    private readonly ttlMs = API_KEY_CACHE_TTL_MS,
    private readonly now: () => number = monotonic,
  ) {}

  visibleClient(...args: Parameters<ApiKeyStore['visibleClient']>) {
    return this.inner.visibleClient(...args);
  }

  create(input: Parameters<ApiKeyStore['create']>[0]): Promise<ApiKeyRecord> {
    return this.inner.create(input);
  }

  list(clientId: string): Promise<ApiKeyRecord[]> {
    return this.inner.list(clientId);
  }

  find(clientId: string, keyId: string): Promise<ApiKeyRecord | null> {
    return this.inner.find(clientId, keyId);
  }

  async revoke(clientId: string, keyId: string, at: Date): Promise<boolean> {
    this.forgetKey(keyId);
    const revoked = await this.inner.revoke(clientId, keyId, at);
    // Again after the write: a lookup that ran meanwhile may have cached the key as still active.
    this.forgetKey(keyId);
    return revoked;
  }

  async findActiveByHash(keyHash: string): Promise<Found | null> {
    const entry = this.byHash.get(keyHash);
    if (entry) {
      if (entry.until > this.now()) return { ...entry.value };
      this.byHash.delete(keyHash);
    }
    // One database read per key at a time, however many requests arrive together.
    let pending = this.loading.get(keyHash);
    if (!pending) {
      pending = this.inner.findActiveByHash(keyHash).finally(() => this.loading.delete(keyHash));
      this.loading.set(keyHash, pending);
    }
    const found = await pending;
    // Only active keys are cached: an unknown key is asked again (it may have just been created elsewhere).
    if (found) {
      if (this.byHash.size >= MAX_ENTRIES) this.byHash.clear();
      this.byHash.set(keyHash, { value: { ...found }, until: this.now() + this.ttlMs });
      return { ...found };
    }
    return null;
  }

  async touch(apiKeyId: string, at: Date, olderThan: Date): Promise<void> {
    // Requests that read the key before it was touched all ask to touch it: only the first one writes.
    const last = this.touched.get(apiKeyId);
    if (last !== undefined && last >= olderThan.getTime()) return;
    if (this.touched.size >= MAX_ENTRIES) this.touched.clear();
    this.touched.set(apiKeyId, at.getTime());
    for (const entry of this.byHash.values()) {
      if (entry.value.apiKeyId === apiKeyId) entry.value.lastUsedAt = at;
    }
    await this.inner.touch(apiKeyId, at, olderThan);
  }

  private forgetKey(keyId: string): void {
    for (const [hash, entry] of this.byHash) if (entry.value.apiKeyId === keyId) this.byHash.delete(hash);
  }
}
