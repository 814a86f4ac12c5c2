import type { ErrorCode } from '../app/shared/errors';

/** The one table from error codes to HTTP statuses. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_invalid: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  business_rule: 422,
  too_many_attempts: 429,
  internal_error: 500,
};
