import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../domain/access/roles';
import type { Clock } from '../shared/ports';
import type { SessionStore, UserRepository } from './ports';

/** Idle timeout: a session unused for this long is gone. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** Sessions are refreshed in the database at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only a keyed hash of the cookie value is stored: a database leak does not leak sessions. */
export function hashSessionId(sessionId: string, secret: string): string {
  return createHash('sha256').update(secret).update('\0').update(sessionId).digest('hex');
}

export function sameToken(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export interface AuthenticatedSession {
  actor: Actor;
  csrfToken: string;
  name: string;
  resellerName: string | null;
}

export interface SessionDeps {
  sessions: SessionStore;
  users: UserRepository;
  clock: Clock;
  secret: string;
}

/** Resolves a session cookie to the caller, sliding its expiry; null when unknown, expired or the user is inactive. */
export async function authenticateSession(
  deps: SessionDeps,
  sessionId: string,
): Promise<AuthenticatedSession | null> {
  const idHash = hashSessionId(sessionId, deps.secret);
  const session = await deps.sessions.find(idHash);
  const now = deps.clock.now();
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await deps.sessions.delete(idHash);
    return null;
  }
  const user = await deps.users.findById(session.userId);
  if (!user?.active) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await deps.sessions.touch(idHash, now, new Date(now.getTime() + SESSION_IDLE_MS));
  }
  return {
    actor: { userId: user.id, email: user.email, role: user.role, resellerId: user.resellerId },
    csrfToken: session.csrfToken,
    name: user.name,
    resellerName: user.resellerName,
  };
}
