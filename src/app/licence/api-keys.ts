import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/access/roles';
import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { ApiKeyRecord, ApiKeyStore, Installation } from './ports';

export const API_KEY_PREFIX = 'hk_live_';
/** Visible part of a key kept for the list ("hk_live_AbCd"). */
export const KEY_PREFIX_LENGTH = 12;
const TOUCH_EVERY_MS = 60 * 1000;
const KEY_RE = /^hk_live_[A-Za-z0-9_-]{43}$/;

export const API_KEY_MESSAGES = {
  clientNotFound: 'Cliente não encontrado.',
  keyNotFound: 'Chave de API não encontrada.',
  nameRequired: 'Informe um nome para a instalação (1 a 100 caracteres).',
  unauthenticated: 'Chave de API ausente ou inválida.',
} as const;

export interface ApiKeyDeps {
  apiKeys: ApiKeyStore;
  audit: AuditLog;
  clock: Clock;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

async function visibleClient(deps: ApiKeyDeps, actor: Actor, clientId: string) {
  const client = await deps.apiKeys.visibleClient(actor, clientId);
  if (!client) throw new AppError('not_found', API_KEY_MESSAGES.clientNotFound);
  return client;
}

/** A new key for an installation of the client: the secret is returned here ONCE and stored only hashed. */
export async function createApiKey(
  deps: ApiKeyDeps,
  actor: Actor,
  clientId: string,
  input: { name?: string | undefined },
  ip: string | null,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const client = await visibleClient(deps, actor, clientId);
  const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
  if (name.length < 1 || name.length > 100)
    throw new AppError('validation_failed', API_KEY_MESSAGES.nameRequired, 'name');
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record = await deps.apiKeys.create({
    clientId: client.id,
    resellerId: client.resellerId,
    name,
    keyPrefix: key.slice(0, KEY_PREFIX_LENGTH),
    keyHash: hashApiKey(key),
    createdBy: actor.userId,
    at: deps.clock.now(),
  });
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'api_key.created',
    entityType: 'client',
    entityId: client.id,
    ip,
    details: { apiKeyId: record.id, name, keyPrefix: record.keyPrefix },
  });
  return { key, record };
}

export async function listApiKeys(deps: ApiKeyDeps, actor: Actor, clientId: string): Promise<ApiKeyRecord[]> {
  const client = await visibleClient(deps, actor, clientId);
  return deps.apiKeys.list(client.id);
}

/** Revokes a key (idempotent: revoking again changes nothing and writes no audit entry). */
export async function revokeApiKey(
  deps: ApiKeyDeps,
  actor: Actor,
  clientId: string,
  keyId: string,
  ip: string | null,
): Promise<ApiKeyRecord> {
  const client = await visibleClient(deps, actor, clientId);
  const found = await deps.apiKeys.find(client.id, keyId);
  if (!found) throw new AppError('not_found', API_KEY_MESSAGES.keyNotFound);
  const now = deps.clock.now();
  if (await deps.apiKeys.revoke(client.id, keyId, now)) {
    await deps.audit.record({
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: 'api_key.revoked',
      entityType: 'client',
      entityId: client.id,
      ip,
      details: { apiKeyId: keyId, name: found.name, keyPrefix: found.keyPrefix },
    });
  }
  return (await deps.apiKeys.find(client.id, keyId)) ?? found;
}

/** `Authorization: Bearer <key>` → the installation, or 401. Marks the key used (at most once a minute). */
export async function authenticateApiKey(
  deps: Pick<ApiKeyDeps, 'apiKeys' | 'clock'>,
  authorization: string | undefined,
): Promise<Installation> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const key = match?.[1];
  const found = key && KEY_RE.test(key) ? await deps.apiKeys.findActiveByHash(hashApiKey(key)) : null;
  if (!found) throw new AppError('unauthenticated', API_KEY_MESSAGES.unauthenticated);
  const now = deps.clock.now();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await deps.apiKeys.touch(found.apiKeyId, now, new Date(now.getTime() - TOUCH_EVERY_MS));
  }
  return { apiKeyId: found.apiKeyId, clientId: found.clientId, resellerId: found.resellerId };
}
