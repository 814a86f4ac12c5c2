import { passwordProblems } from '../../domain/access/password-policy';
import type { Actor } from '../../domain/access/roles';
import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { PasswordHasher, SessionStore, UserRepository } from './ports';
import { hashSessionId } from './sessions';

export async function changePassword(
  deps: {
    users: UserRepository;
    sessions: SessionStore;
    hasher: PasswordHasher;
    audit: AuditLog;
    clock: Clock;
    secret: string;
  },
  input: { actor: Actor; sessionId: string; currentPassword: string; newPassword: string; ip: string | null },
): Promise<void> {
  const user = await deps.users.findById(input.actor.userId);
  if (!user) throw new AppError('unauthenticated', 'Sua sessão expirou. Entre novamente.');
  if (!(await deps.hasher.verify(user.passwordHash, input.currentPassword))) {
    throw new AppError('business_rule', 'A senha atual não confere.', 'current_password');
  }
  const problems = passwordProblems(input.newPassword, user.email);
  if (problems.length > 0) throw new AppError('validation_failed', problems[0]!, 'new_password');
  if (input.newPassword === input.currentPassword) {
    throw new AppError('business_rule', 'A nova senha deve ser diferente da atual.', 'new_password');
  }
  await deps.users.updatePasswordHash(user.id, await deps.hasher.hash(input.newPassword), deps.clock.now());
  // Other browsers signed in as this user are signed out; this one stays.
  await deps.sessions.deleteAllForUser(user.id, hashSessionId(input.sessionId, deps.secret));
  await deps.audit.record({
    actorUserId: user.id,
    actorEmail: user.email,
    action: 'auth.password_changed',
    entityType: 'user',
    entityId: user.id,
    ip: input.ip,
  });
}
