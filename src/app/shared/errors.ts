import type { ViolationCode } from '../../domain/pricing/price-quote';

/**
 * Errors a use case reports to its caller. The message is Portuguese, for a person;
 * the code is stable, for programs. src/http/error-statuses.ts maps each code to an HTTP status.
 */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'csrf_invalid',
  'not_found',
  'conflict',
  'gone',
  'locked',
  'business_rule',
  'too_many_attempts',
  'must_sign',
  'payload_too_large',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number] | ViolationCode;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Extra fields for the error body (snake_case), e.g. { minimum_monthly_cents }. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Registro') => new AppError('not_found', `${what} não encontrado.`);
