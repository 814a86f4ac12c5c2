import type { Cents } from '../../domain/money/money';
import type { CardBrand } from '../../domain/payments/card-number';

/**
 * The card gateway (Asaas, Pagar.me, Iugu… or the embedded sandbox). The card number and CVV go from the
 * browser to the gateway only; we get back a token and keep the token, brand, last 4 digits and expiry.
 */
export interface CardGateway {
  /** Stored with the card and as the charge's provider, e.g. 'card-sandbox'. */
  readonly name: string;
  /** The embedded sandbox: the card page shows the test numbers and tokenizes through our own server. */
  readonly sandbox: boolean;
  /** Documented test numbers (sandbox only). */
  readonly testNumbers: readonly SandboxTestCard[];
  /**
   * What the gateway knows about a token (real gateways: GET /cards/:id). The registration trusts this,
   * not what the browser says; null for a token the gateway does not know.
   */
  describe(token: string): Promise<TokenizedCardDetails | null>;
  /** Charges a token. Idempotent by `idempotencyKey`: the same key gives the same result, charged once. */
  charge(request: CardChargeRequest): Promise<CardChargeResult>;
}

export interface TokenizedCardDetails {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface CardChargeRequest {
  token: string;
  amountCents: Cents;
  /** Parcelas (parcelado loja): 1 = à vista. */
  installments: number;
  idempotencyKey: string;
  /** Shown on the statement / in the gateway's panel. */
  description: string;
}

export type CardChargeResult =
  | { status: 'approved'; transactionId: string }
  | {
      status: 'declined';
      /** The gateway's code (the sandbox uses the ABECS response codes: 05, 51, 54, 14). */
      reasonCode: string;
      /** pt-BR, for Financeiro and the client. */
      reason: string;
    };

export type SandboxOutcome = 'approved' | 'declined' | 'insufficient_funds';

export interface SandboxTestCard {
  /** As printed, e.g. "4111 1111 1111 1111". */
  number: string;
  brand: CardBrand;
  outcome: SandboxOutcome;
  /** pt-BR: what happens when charged. */
  description: string;
}
