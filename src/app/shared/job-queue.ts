/** The port for work that runs in the background, on any machine (PostgreSQL-backed). */
export interface JobQueue {
  send(
    name: string,
    data?: Record<string, unknown>,
    options?: { singletonKey?: string },
  ): Promise<string | null>;
}
