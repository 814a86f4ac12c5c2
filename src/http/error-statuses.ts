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
  // signing links: expired or replaced by a resend (410); code locked after too many attempts (423)
  gone: 410,
  locked: 423,
  payload_too_large: 413,
  business_rule: 422,
  too_many_attempts: 429,
  // Hiper software: no postponements left, the contract must be signed (licence-routes.ts)
  must_sign: 422,
  internal_error: 500,
  // pricing rules (src/domain/pricing/price-quote.ts)
  unknown_product: 400,
  unknown_addon: 400,
  unknown_app: 400,
  invalid_quantity: 400,
  invalid_negotiated_value: 400,
  addon_not_allowed: 422,
  app_not_allowed: 422,
  below_minimum: 422,
  installments_not_allowed: 422,
  installments_exceed_limit: 422,
};
