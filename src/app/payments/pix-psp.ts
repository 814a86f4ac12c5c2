import type { Cents } from '../../domain/money/money';

/** A Pix charge with due date (BACEN `cobv`) to be created at the PSP. */
export interface PixDueChargeRequest {
  amountCents: Cents;
  /** 'YYYY-MM-DD'. */
  dueDate: string;
  /** What the charge is for; shown to the payer (`solicitacaoPagador`, cut to 140 characters). */
  description: string;
  payer: { name: string; document: string };
  /** Multa in basis points (200 = 2%) and juros per month over calendar days (100 = 1% a.m.). */
  fineBasisPoints: number;
  interestMonthlyBasisPoints: number;
  /** Days after the due date the charge still accepts payment (`calendario.validadeAposVencimento`). */
  validityAfterDueDays: number;
}

export interface PixDueCharge {
  /** Stored as the charge's provider, e.g. 'pix-sandbox', 'pix-efi'. */
  provider: string;
  /** The txid the PSP's webhook will report; what `findByPixTxid` looks up. */
  txid: string;
  /** The BR Code ("Pix copia e cola") to show and to draw as QR. */
  payload: string;
  /** The PSP's location (dynamic QR, without scheme); null for a static-key BR Code. */
  location: string | null;
}

/**
 * The Pix PSP (the payee's bank or payment institution). Payments are reported by the PSP's webhook
 * (`POST /api/v1/webhooks/pix`, see src/app/payments/pix-webhook.ts), never polled.
 *
 * Implementations: `SandboxPixPsp` (src/adapters/payments/sandbox-pix-psp.ts, embedded mode, no network).
 * A real PSP adapter (Efí, Itaú, Banco do Brasil, Sicoob…) implements the same interface — see the JSDoc
 * of SandboxPixPsp for the steps (OAuth2 client credentials over mTLS, `PUT /v2/cobv/{txid}`, webhook
 * registration with `PUT /v2/webhook/{chave}`).
 */
export interface PixPsp {
  readonly name: string;
  /** True for the embedded sandbox: staff may "simular pagamento" (a signed webhook built locally). */
  readonly sandbox: boolean;
  createDueCharge(request: PixDueChargeRequest): Promise<PixDueCharge>;
  /** The sandbox's payment simulator; null for a real PSP (money only arrives by its webhook). */
  readonly simulator: PixPaymentSimulator | null;
}

/** A delivery of the PSP's webhook, exactly as it would arrive. */
export interface SimulatedPixDelivery {
  /** The exact bytes to POST to /api/v1/webhooks/pix. */
  rawBody: string;
  /** The X-Pix-Signature header value for them. */
  signature: string;
  endToEndId: string;
}

export interface PixPaymentSimulator {
  /** The signed webhook the PSP would send for a Pix of `amountCents` to `txid` at `at`. */
  notification(txid: string, amountCents: Cents, at: Date): SimulatedPixDelivery;
}
