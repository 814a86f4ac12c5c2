import PgBoss from 'pg-boss';
import type { JobQueue, JobSendOptions } from '../../app/shared/job-queue';
import { BUSINESS_TIME_ZONE } from '../../domain/calendar/dates';
import type { Database } from '../db/database';

export type JobHandler = (data: Record<string, unknown>) => Promise<unknown>;

export interface JobDefinition {
  name: string;
  handler: JobHandler;
  /** Cron in São Paulo time, for recurring jobs. */
  cron?: string;
  /**
   * How long one run may take before pg-boss deems it lost and retries it (default 15 minutes). A long job
   * — the daily billing run of a big portfolio — needs more, or a second run of the same work would start
   * while the first is still going.
   */
  expireInSeconds?: number;
}

export interface PgBossQueueOptions {
  /**
   * Whether this process works jobs, schedules the crons and runs pg-boss's maintenance (default true).
   * false (PROCESS_ROLE=web): jobs are only sent — the worker processes (PROCESS_ROLE=worker) work them.
   */
  work?: boolean;
}

/**
 * pg-boss on the system-of-record database: in-process on PGlite (through our connection),
 * a normal multi-worker queue on a PostgreSQL server (its own pool).
 */
export class PgBossQueue implements JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  private readonly work: boolean;

  constructor(
    database: Database,
    databaseUrl: string | undefined,
    private readonly onError: (err: Error) => void,
    options: PgBossQueueOptions = {},
  ) {
    this.work = options.work ?? true;
    // A send-only process leaves maintenance and the cron clock to the workers.
    const common = { schema: 'pgboss', supervise: this.work, schedule: this.work } as const;
    this.boss = databaseUrl
      ? new PgBoss({ ...common, connectionString: databaseUrl, max: 4 })
      : new PgBoss({
          ...common,
          db: { executeSql: (text: string, values: unknown[]) => database.executeSql(text, values) },
        });
    this.boss.on('error', (err) => this.onError(err));
  }

  /** Starts pg-boss and creates the jobs' queues; works them and schedules their crons unless send-only. */
  async start(jobs: JobDefinition[]): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const job of jobs) {
      // Send-only processes create the queues too: a web instance may start before any worker.
      await this.createQueue(job.name);
      // Applies to an existing queue too (created by an older version): the queue's default for its jobs.
      if (job.expireInSeconds) {
        await this.boss.updateQueue(job.name, { name: job.name, expireInSeconds: job.expireInSeconds });
      }
      if (!this.work) continue;
      await this.boss.work<Record<string, unknown>>(
        job.name,
        { pollingIntervalSeconds: 2 },
        async (batch) => {
          for (const item of batch) await job.handler(item.data ?? {});
        },
      );
      if (job.cron) await this.boss.schedule(job.name, job.cron, {}, { tz: BUSINESS_TIME_ZONE });
    }
  }

  /**
   * Creates the queue if missing. Two processes starting at once on a new database both create each
   * queue (a partition table per queue in pg-boss 10) and PostgreSQL may pick one as a deadlock victim
   * (40P01): creating is idempotent, so the victim tries again (src/http/two-processes.test.ts).
   */
  private async createQueue(name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.boss.createQueue(name);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 200)));
      }
    }
  }

  async send(name: string, data: Record<string, unknown> = {}, options: JobSendOptions = {}) {
    const sendOptions: PgBoss.SendOptions = {};
    if (options.singletonKey) sendOptions.singletonKey = options.singletonKey;
    if (options.retryLimit !== undefined) sendOptions.retryLimit = options.retryLimit;
    if (options.retryDelaySeconds !== undefined) sendOptions.retryDelay = options.retryDelaySeconds;
    if (options.retryBackoff !== undefined) sendOptions.retryBackoff = options.retryBackoff;
    if (options.startAfterSeconds) sendOptions.startAfter = options.startAfterSeconds;
    return this.boss.send(name, data, sendOptions);
  }

  async sendMany(name: string, data: Record<string, unknown>[], options: JobSendOptions = {}) {
    const CHUNK = 1_000;
    for (let i = 0; i < data.length; i += CHUNK) {
      await this.boss.insert(
        data.slice(i, i + CHUNK).map((d) => ({
          name,
          data: d,
          ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
          ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
          ...(options.retryDelaySeconds !== undefined ? { retryDelay: options.retryDelaySeconds } : {}),
          ...(options.retryBackoff !== undefined ? { retryBackoff: options.retryBackoff } : {}),
          ...(options.startAfterSeconds
            ? { startAfter: new Date(Date.now() + options.startAfterSeconds * 1000) }
            : {}),
        })),
      );
    }
  }

  /** Waits for active jobs to finish, then stops polling. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
