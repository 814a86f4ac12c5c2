import { randomBytes } from 'node:crypto';
import type {
  PixDueCharge,
  PixDueChargeRequest,
  PixPaymentSimulator,
  PixPsp,
  SimulatedPixDelivery,
} from '../../app/payments/pix-psp';
import { signPixWebhook } from '../../app/payments/pix-webhook';
import { AppError } from '../../app/shared/errors';
import type { Cents } from '../../domain/money/money';
import type { PaymentSettings } from '../../domain/payments/payment-settings';
import { encodeBrCode, PixError } from '../../domain/payments/pix/br-code';
import {
  apiPixAmount,
  buildCobvBody,
  type CobvBody,
  generateStaticTxid,
  randomAlphanumeric,
} from '../../domain/payments/pix/cobv';

/** ISPB of the sandbox "PSP" in the endToEndIds it makes up (no real institution has it). */
export const SANDBOX_ISPB = '99999999';

/**
 * The embedded Pix PSP (no network). `createDueCharge` validates the request as a real PSP would (the cobv
 * body is built and kept in memory) and answers with a **static-key BR Code** carrying the amount and a
 * 25-character txid — key, name and city from `config.payments.pix` — so that a real bank app can read it
 * (and would pay the configured key). The txid is 25 characters, not cobv's 26–35, because it has to fit
 * field 62-05 of a static BR Code; a dynamic code from a real PSP carries the longer txid in its location.
 * `notification` builds the signed webhook that "simular pagamento" sends through the real handler.
 *
 * How a real PSP adapter (Efí/Gerencianet, Itaú, Banco do Brasil, Sicoob, Inter…) slots in — implement
 * `PixPsp` in src/adapters/payments/<psp>-pix-psp.ts and choose it in src/system.ts from configuration:
 * 1. Credentials: the PSP's client_id/client_secret and the client certificate (.p12/.pem) the PSP issued;
 *    every call goes over mutual TLS (node:https Agent with `pfx`/`cert`+`key`).
 * 2. OAuth2 client credentials: `POST {base}/oauth/token` (Basic client_id:secret,
 *    `grant_type=client_credentials`, scopes `cobv.write cobv.read webhook.write`); cache the token until
 *    `expires_in`.
 * 3. Charge: generate a txid with `generateCobvTxid` (26–35 chars; the PUT is idempotent by txid, so a retry
 *    after a timeout is safe), `PUT {base}/v2/cobv/{txid}` with `buildCobvBody(...)`; the answer carries
 *    `loc.location` (the URL without scheme) and usually `pixCopiaECola`. Return { provider, txid, payload:
 *    pixCopiaECola ?? encodeBrCode({ url: location, ... }), location }.
 * 4. Webhook registration (once, at deploy): `PUT {base}/v2/webhook/{chave}` with
 *    `{ "webhookUrl": "https://<host>/api/v1/webhooks/pix" }`; the PSP calls it over mTLS (terminated at our
 *    load balancer, see src/app/payments/pix-webhook.ts) — and, when it supports it, with the HMAC header.
 * 5. `sandbox = false`: the staff "simular pagamento" button is then refused (422).
 */
export class SandboxPixPsp implements PixPsp, PixPaymentSimulator {
  readonly name = 'pix-sandbox';
  readonly sandbox = true;
  readonly simulator: PixPaymentSimulator = this;
  /** What a real PSP would have received, by txid (inspection in tests and logs). */
  readonly cobvs = new Map<string, CobvBody>();

  constructor(
    private readonly settings: PaymentSettings['pix'],
    private readonly random: (size: number) => Uint8Array = randomBytes,
  ) {}

  async createDueCharge(request: PixDueChargeRequest): Promise<PixDueCharge> {
    try {
      const body = buildCobvBody({
        key: this.settings.key,
        dueDate: request.dueDate,
        validityAfterDueDays: request.validityAfterDueDays,
        amountCents: request.amountCents,
        fineBasisPoints: request.fineBasisPoints,
        interestMonthlyBasisPoints: request.interestMonthlyBasisPoints,
        debtor: request.payer,
        payerMessage: request.description,
      });
      const txid = generateStaticTxid(this.random);
      const payload = encodeBrCode({
        key: this.settings.key,
        amountCents: request.amountCents,
        merchantName: this.settings.merchantName,
        merchantCity: this.settings.merchantCity,
        txid,
      });
      this.cobvs.set(txid, body);
      return { provider: this.name, txid, payload, location: null };
    } catch (err) {
      if (err instanceof PixError) throw new AppError('business_rule', `Pix: ${err.message}`);
      throw err;
    }
  }

  /**
   * The webhook the PSP would send for a payment of `amountCents` to `txid` at `at`, signed with the
   * configured secret. The endToEndId follows BACEN's layout: "E" + ISPB (8) + yyyyMMddHHmm (UTC) + 11.
   */
  notification(
    txid: string,
    amountCents: Cents,
    at: Date,
    payer = 'Pagamento simulado (sandbox)',
  ): SimulatedPixDelivery {
    const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 12);
    const endToEndId = `E${SANDBOX_ISPB}${stamp}${randomAlphanumeric(this.random, 11)}`;
    const rawBody = JSON.stringify({
      pix: [
        {
          endToEndId,
          txid,
          valor: apiPixAmount(amountCents),
          horario: at.toISOString(),
          infoPagador: payer,
        },
      ],
    });
    return { rawBody, signature: signPixWebhook(rawBody, this.settings.webhookSecret), endToEndId };
  }
}
