import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { ApiKeyRecord, ApiKeyStore, Installation } from '../../../app/licence/ports';
import type { Actor } from '../../../domain/access/roles';
import type { Db } from '../database';
import { apiKeys, clients, users } from '../schema';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const recordColumns = {
  id: apiKeys.id,
  clientId: apiKeys.clientId,
  resellerId: apiKeys.resellerId,
  name: apiKeys.name,
  keyPrefix: apiKeys.keyPrefix,
  createdAt: apiKeys.createdAt,
  createdByEmail: users.email,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** API keys of the Hiper software installations (stored as SHA-256; the secret is never kept). */
export class DbApiKeyRepository implements ApiKeyStore {
  constructor(private readonly db: Db) {}

  async visibleClient(actor: Actor, clientId: string) {
    if (!UUID_RE.test(clientId)) return null;
    const [row] = await this.db
      .select({ id: clients.id, resellerId: clients.resellerId })
      .from(clients)
      .where(and(eq(clients.id, clientId), visibleResellerCondition(actor, clients.resellerId)))
      .limit(1);
    return row ?? null;
  }

  async create(input: {
    clientId: string;
    resellerId: string;
    name: string;
    keyPrefix: string;
    keyHash: string;
    createdBy: string | null;
    at: Date;
  }): Promise<ApiKeyRecord> {
    const [row] = await this.db
      .insert(apiKeys)
      .values({
        clientId: input.clientId,
        resellerId: input.resellerId,
        name: input.name,
        keyPrefix: input.keyPrefix,
        keyHash: input.keyHash,
        createdBy: input.createdBy,
        createdAt: input.at,
      })
      .returning({ id: apiKeys.id });
    return (await this.find(input.clientId, row!.id))!;
  }

  list(clientId: string): Promise<ApiKeyRecord[]> {
    return this.db
      .select(recordColumns)
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdBy))
      .where(eq(apiKeys.clientId, clientId))
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  }

  async find(clientId: string, keyId: string): Promise<ApiKeyRecord | null> {
    if (!UUID_RE.test(keyId)) return null;
    const [row] = await this.db
      .select(recordColumns)
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdBy))
      .where(and(eq(apiKeys.clientId, clientId), eq(apiKeys.id, keyId)))
      .limit(1);
    return row ?? null;
  }

  async revoke(clientId: string, keyId: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(and(eq(apiKeys.clientId, clientId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    return rows.length > 0;
  }

  async findActiveByHash(keyHash: string): Promise<(Installation & { lastUsedAt: Date | null }) | null> {
    const [row] = await this.db
      .select({
        apiKeyId: apiKeys.id,
        clientId: apiKeys.clientId,
        resellerId: apiKeys.resellerId,
        lastUsedAt: apiKeys.lastUsedAt,
      })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
      .limit(1);
    return row ?? null;
  }

  async touch(apiKeyId: string, at: Date, olderThan: Date): Promise<void> {
    await this.db
      .update(apiKeys)
      .set({ lastUsedAt: at })
      .where(
        and(eq(apiKeys.id, apiKeyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, olderThan))),
      );
  }
}
