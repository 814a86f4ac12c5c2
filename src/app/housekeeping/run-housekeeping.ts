import type { LoginAttemptStore, SessionStore } from '../auth/ports';
import type { Clock } from '../shared/ports';

export const HOUSEKEEPING_JOB = 'housekeeping';
/** Login attempts are kept this long (well past the 15-minute throttling window) for investigations. */
export const LOGIN_ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface HousekeepingReport {
  expiredSessions: number;
  oldLoginAttempts: number;
  ranAt: string;
}

export interface JobRunStore {
  recordRun(name: string, at: Date, details: Record<string, unknown>): Promise<void>;
}

/** Daily: removes expired sessions and old login attempts, and records that it ran. */
export async function runHousekeeping(deps: {
  sessions: SessionStore;
  attempts: LoginAttemptStore;
  runs: JobRunStore;
  clock: Clock;
}): Promise<HousekeepingReport> {
  const now = deps.clock.now();
  const expiredSessions = await deps.sessions.deleteExpired(now);
  const oldLoginAttempts = await deps.attempts.deleteOlderThan(
    new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS),
  );
  const report = { expiredSessions, oldLoginAttempts, ranAt: now.toISOString() };
  await deps.runs.recordRun(HOUSEKEEPING_JOB, now, report);
  return report;
}
