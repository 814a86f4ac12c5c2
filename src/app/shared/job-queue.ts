/** The port for work that runs in the background, on any machine (PostgreSQL-backed). */
export interface JobQueue {
  send(name: string, data?: Record<string, unknown>, options?: JobSendOptions): Promise<string | null>;
  /** Many jobs of one kind in one insert (e.g. the e-mails of a billing batch); same options for all. */
  sendMany?(name: string, data: Record<string, unknown>[], options?: JobSendOptions): Promise<void>;
}

export interface JobSendOptions {
  singletonKey?: string;
  /** Retries after a failed run (the handler threw), e.g. 5. */
  retryLimit?: number;
  /** Seconds before the first retry. */
  retryDelaySeconds?: number;
  /** Doubles the delay at each retry. */
  retryBackoff?: boolean;
  /** Seconds before the job may run (a later attempt, e.g. while the SMTP server is down). */
  startAfterSeconds?: number;
}
