import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { LoginAttemptStore, PasswordHasher, SessionStore, UserRecord, UserRepository } from './ports';
import { hashSessionId, newToken, SESSION_IDLE_MS } from './sessions';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface LoginDeps {
  users: UserRepository;
  sessions: SessionStore;
  attempts: LoginAttemptStore;
  hasher: PasswordHasher;
  audit: AuditLog;
  clock: Clock;
  secret: string;
  /** A hash verified when the e-mail is unknown, so timing does not reveal which e-mails exist. */
  dummyHash: string;
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** The session the browser already had, if any: it is destroyed (session id rotation). */
  previousSessionId: string | null;
}

export interface LoginResult {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRecord;
}

export const INVALID_CREDENTIALS_MESSAGE = 'E-mail ou senha incorretos.';
export const TOO_MANY_ATTEMPTS_MESSAGE =
  'Muitas tentativas de acesso sem sucesso. Aguarde 15 minutos e tente novamente.';

export async function login(deps: LoginDeps, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    deps.attempts.countFailuresForEmail(email, since),
    deps.attempts.countFailuresForIp(input.ip, since),
  ]);
  if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
    throw new AppError('too_many_attempts', TOO_MANY_ATTEMPTS_MESSAGE);
  }

  const user = await deps.users.findByEmail(email);
  const passwordOk = await deps.hasher.verify(user?.passwordHash ?? deps.dummyHash, input.password);
  if (!user?.active || !passwordOk) {
    await deps.attempts.record({ email, ip: input.ip, success: false, at: now });
    await deps.audit.record({
      actorUserId: null,
      actorEmail: email,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      ip: input.ip,
    });
    throw new AppError('invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
  }

  if (input.previousSessionId) {
    await deps.sessions.delete(hashSessionId(input.previousSessionId, deps.secret));
  }
  const sessionId = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await deps.sessions.create({
    idHash: hashSessionId(sessionId, deps.secret),
    userId: user.id,
    csrfToken,
    ip: input.ip,
    userAgent: input.userAgent,
    now,
    expiresAt,
  });
  await deps.attempts.record({ email, ip: input.ip, success: true, at: now });
  await deps.audit.record({
    actorUserId: user.id,
    actorEmail: user.email,
    action: 'auth.login',
    entityType: 'user',
    entityId: user.id,
    ip: input.ip,
  });
  return { sessionId, csrfToken, expiresAt, user };
}
