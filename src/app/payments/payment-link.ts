import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The client's payment page link: `<charge id>.<HMAC>` — no table, cannot be forged or pointed at another
 * charge; it shows only what the e-mail already said (amount, due date, how to pay).
 */
export function paymentToken(secret: string, chargeId: string): string {
  return `${chargeId}.${mac(secret, chargeId)}`;
}

export function paymentPageUrl(publicUrl: string, secret: string, chargeId: string): string {
  return `${publicUrl}/pagar/${paymentToken(secret, chargeId)}`;
}

/** The charge id a token names, or null when it was not made with `secret`. */
export function chargeIdFromToken(secret: string, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, id));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return id;
}

function mac(secret: string, chargeId: string): string {
  return createHmac('sha256', secret).update(`payment-page:${chargeId}`).digest('base64url').slice(0, 32);
}
