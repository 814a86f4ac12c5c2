import type { Actor } from '../../domain/access/roles';
import type { AuditLog } from '../shared/ports';
import type { SessionStore } from './ports';
import { hashSessionId } from './sessions';

export async function logout(
  deps: { sessions: SessionStore; audit: AuditLog; secret: string },
  input: { actor: Actor; sessionId: string; ip: string | null },
): Promise<void> {
  await deps.sessions.delete(hashSessionId(input.sessionId, deps.secret));
  await deps.audit.record({
    actorUserId: input.actor.userId,
    actorEmail: input.actor.email,
    action: 'auth.logout',
    entityType: 'user',
    entityId: input.actor.userId,
    ip: input.ip,
  });
}
