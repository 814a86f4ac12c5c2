import { eq } from 'drizzle-orm';
import type { JobRunStore } from '../../../app/housekeeping/run-housekeeping';
import type { Db } from '../database';
import { jobRuns } from '../schema';

export class DbJobRunStore implements JobRunStore {
  constructor(private readonly db: Db) {}

  async recordRun(name: string, at: Date, details: Record<string, unknown>): Promise<void> {
    await this.db
      .insert(jobRuns)
      .values({ name, lastRunAt: at, details })
      .onConflictDoUpdate({ target: jobRuns.name, set: { lastRunAt: at, details } });
  }

  async lastRun(name: string): Promise<{ lastRunAt: Date; details: Record<string, unknown> } | null> {
    const rows = await this.db.select().from(jobRuns).where(eq(jobRuns.name, name)).limit(1);
    return rows[0] ?? null;
  }
}
