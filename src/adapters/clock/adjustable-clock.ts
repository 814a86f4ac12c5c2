import type { Clock } from '../../app/shared/ports';

/**
 * A clock the browser tests move (TEST_CLOCK=1; refused in production, see src/config.ts): it keeps
 * ticking from the instant it was set to, so sessions, rate limits and timestamps behave as in real time.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly real: () => number = Date.now) {}

  now(): Date {
    return new Date(this.real() + this.offsetMs);
  }

  /** From now on the clock reads `instant` (and keeps ticking from there). */
  setTo(instant: Date): void {
    if (Number.isNaN(instant.getTime())) throw new RangeError('Data e hora inválidas.');
    this.offsetMs = instant.getTime() - this.real();
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }

  /** True while the clock is moved away from real time. */
  get adjusted(): boolean {
    return this.offsetMs !== 0;
  }
}
