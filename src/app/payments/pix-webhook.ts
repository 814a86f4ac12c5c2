import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../domain/access/roles';
import { businessDateAt } from '../../domain/calendar/dates';
import { type Cents, formatBRL } from '../../domain/money/money';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { PixPsp } from './pix-psp';
import type { ChargeRepository, NewPayment } from './ports';

/**
 * The PSP's payment notification (BACEN API Pix, "Webhook": `POST {url-cadastrada}/pix` with
 * `{ "pix": [ { endToEndId, txid, valor, horario, infoPagador?, componentesValor? } ] }`).
 *
 * Authentication. BACEN's standard is mutual TLS: the PSP connects with its client certificate. In
 * production, terminate mTLS at the load balancer / reverse proxy in front of the app (nginx
 * `ssl_verify_client on` + `ssl_client_certificate <the PSP's CA chain>`, or the cloud LB's mTLS trust
 * store), restrict the path `/api/v1/webhooks/pix` to those connections, and forward the request over
 * the private network. On top of that — and as the only check when the PSP cannot do mTLS — every
 * delivery must carry `X-Pix-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with the shared
 * secret PIX_WEBHOOK_SECRET (config.payments.pix.webhookSecret); a missing or wrong signature is
 * refused with 401 before the body is read. For a PSP that cannot compute the HMAC, the proxy that
 * terminates its mTLS signs the forwarded body with the secret (the app always requires the header).
 *
 * Idempotency: `endToEndId` identifies a Pix across the whole system (SPI), so it is the payment's
 * source id — a delivery repeated any number of times, even concurrently, applies the payment once.
 */
export const PIX_SIGNATURE_HEADER = 'x-pix-signature';

/** `sha256=<hex>` of the raw body. */
export function signPixWebhook(rawBody: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Timing-safe comparison of the header against the body's HMAC. */
export function validPixSignature(
  rawBody: string | Uint8Array,
  header: string | string[] | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || !secret) return false;
  const expected = Buffer.from(signPixWebhook(rawBody, secret), 'utf8');
  const given = Buffer.from(header.trim().toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One received Pix, as the PSP reports it. */
export interface PixNotification {
  endToEndId: string;
  txid?: string | null;
  /** "123.45". */
  valor: string;
  /** RFC 3339 instant of the payment. */
  horario: string;
  infoPagador?: string;
  componentesValor?: Record<string, { valor?: string } | undefined>;
  [extra: string]: unknown;
}

export interface PixWebhookResult {
  received: number;
  applied: number;
  duplicates: number;
  /** Pix that settle no charge of ours (no txid, or a txid we did not issue): kept here and logged. */
  ignored: { endToEndId: string; txid: string | null; reason: string }[];
  /** The charges that were settled or reduced, for the log and the tests. */
  charges: { chargeId: string; endToEndId: string; status: 'applied' | 'duplicate'; balanceCents: Cents }[];
}

const MONEY = /^\d{1,10}\.\d{2}$/;
/** RFC 3339 with an offset or Z ("2026-03-10T14:30:00.000-03:00"). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
/** BACEN: endToEndId is 32 characters ("E" + ISPB + yyyyMMddHHmm + 11); we accept any 1–64 [A-Za-z0-9]. */
const END_TO_END = /^[A-Za-z0-9]{1,64}$/;

function cents(text: string): Cents {
  const [units, fraction] = text.split('.');
  return Number(units) * 100 + Number(fraction);
}

const invalid = (message: string, index: number, field: string) =>
  new AppError(
    'validation_failed',
    `Notificação Pix inválida (item ${index + 1}): ${message}`,
    `pix[${index}].${field}`,
  );

/** Validates the whole body before anything is applied: a bad item refuses the delivery. */
export function parsePixWebhookBody(body: unknown): PixNotification[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { pix?: unknown }).pix)) {
    throw new AppError('validation_failed', 'Notificação Pix inválida: esperado { "pix": [ … ] }.', 'pix');
  }
  const items = (body as { pix: unknown[] }).pix;
  if (items.length > 1000) {
    throw new AppError('validation_failed', 'Notificação Pix com mais de 1.000 itens.', 'pix');
  }
  return items.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null) throw invalid('cada item deve ser um objeto.', i, '');
    const item = raw as Record<string, unknown>;
    if (typeof item.endToEndId !== 'string' || !END_TO_END.test(item.endToEndId)) {
      throw invalid('endToEndId ausente ou inválido.', i, 'endToEndId');
    }
    if (item.txid !== undefined && item.txid !== null && typeof item.txid !== 'string') {
      throw invalid('txid deve ser texto.', i, 'txid');
    }
    if (typeof item.valor !== 'string' || !MONEY.test(item.valor) || cents(item.valor) <= 0) {
      throw invalid('valor deve ser positivo no formato "123.45".', i, 'valor');
    }
    if (
      typeof item.horario !== 'string' ||
      !RFC3339.test(item.horario) ||
      Number.isNaN(Date.parse(item.horario))
    ) {
      throw invalid('horario deve ser data e hora RFC 3339 (ex.: 2026-03-10T14:30:00-03:00).', i, 'horario');
    }
    const parts = item.componentesValor;
    if (parts !== undefined && (typeof parts !== 'object' || parts === null)) {
      throw invalid('componentesValor deve ser um objeto.', i, 'componentesValor');
    }
    for (const [name, part] of Object.entries((parts ?? {}) as Record<string, unknown>)) {
      const valor = (part as { valor?: unknown } | null)?.valor;
      if (valor !== undefined && (typeof valor !== 'string' || !MONEY.test(valor))) {
        throw invalid(
          `componentesValor.${name}.valor deve estar no formato "123.45".`,
          i,
          'componentesValor',
        );
      }
    }
    return item as PixNotification;
  });
}

function component(item: PixNotification, name: string): Cents {
  const valor = item.componentesValor?.[name]?.valor;
  return typeof valor === 'string' ? cents(valor) : 0;
}

export interface PixWebhookDeps {
  charges: Pick<ChargeRepository, 'findByPixTxid' | 'applyPayments'>;
}

/**
 * Applies a delivery (already authenticated): each Pix with a txid of ours becomes a payment of source
 * 'webhook' identified by its endToEndId, paid on the São Paulo date of `horario`; multa/juros and
 * desconto/abatimento come from `componentesValor` when the PSP sends them (cobv). Everything is applied
 * in one transaction by the repository, which also decides over/under-payment (never silently).
 */
export async function processPixWebhook(deps: PixWebhookDeps, body: unknown): Promise<PixWebhookResult> {
  const items = parsePixWebhookBody(body);
  const result: PixWebhookResult = {
    received: items.length,
    applied: 0,
    duplicates: 0,
    ignored: [],
    charges: [],
  };
  const payments: NewPayment[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const txid = item.txid?.trim() || null;
    if (seen.has(item.endToEndId)) {
      result.duplicates++;
      continue;
    }
    seen.add(item.endToEndId);
    if (!txid) {
      result.ignored.push({
        endToEndId: item.endToEndId,
        txid,
        reason: 'Pix sem txid (não é de uma cobrança).',
      });
      continue;
    }
    const charge = await deps.charges.findByPixTxid(txid);
    if (!charge) {
      result.ignored.push({ endToEndId: item.endToEndId, txid, reason: 'txid desconhecido.' });
      continue;
    }
    payments.push({
      chargeId: charge.id,
      source: 'webhook',
      sourceId: item.endToEndId,
      amountCents: cents(item.valor),
      fineInterestCents: component(item, 'juros') + component(item, 'multa'),
      discountCents: component(item, 'desconto') + component(item, 'abatimento'),
      paidOn: businessDateAt(new Date(item.horario)),
      creditedOn: businessDateAt(new Date(item.horario)),
      evidence: item,
    });
  }
  if (payments.length > 0) {
    const outcomes = await deps.charges.applyPayments(payments);
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'applied') result.applied++;
      else result.duplicates++;
      result.charges.push({
        chargeId: outcome.chargeId,
        endToEndId: payments[i]!.sourceId,
        status: outcome.status,
        balanceCents: outcome.balanceCents,
      });
    });
  }
  return result;
}

export interface ReceivePixWebhookDeps extends PixWebhookDeps {
  /** config.payments.pix.webhookSecret */
  webhookSecret: string;
}

/**
 * A delivery as it reaches `POST /api/v1/webhooks/pix`: the signature over the raw bytes first (401 when
 * missing or wrong, nothing read), then the JSON, then `processPixWebhook`.
 */
export async function receivePixWebhook(
  deps: ReceivePixWebhookDeps,
  rawBody: string | Uint8Array,
  signature: string | string[] | undefined,
): Promise<PixWebhookResult> {
  if (!validPixSignature(rawBody, signature, deps.webhookSecret)) {
    throw new AppError(
      'unauthenticated',
      'Assinatura do webhook Pix ausente ou inválida (cabeçalho X-Pix-Signature: sha256=<HMAC-SHA256 do corpo>).',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
  } catch {
    throw new AppError('validation_failed', 'Notificação Pix inválida: o corpo não é JSON.', 'pix');
  }
  return processPixWebhook(deps, body);
}

export interface SimulatePixDeps extends ReceivePixWebhookDeps {
  charges: ChargeRepository;
  pixPsp: PixPsp;
  audit: AuditLog;
  clock: Clock;
}

export interface SimulatedPixPayment {
  endToEndId: string;
  amountCents: Cents;
  result: PixWebhookResult;
}

/**
 * "Simular pagamento" (sandbox only): the PSP's signed webhook for the charge's txid — by default for the
 * open balance — built by the sandbox and processed by the same handler as a real delivery. Audited.
 */
export async function simulatePixPayment(
  deps: SimulatePixDeps,
  actor: Actor,
  chargeId: string,
  amountCents?: Cents | null,
  ip?: string | null,
): Promise<SimulatedPixPayment> {
  const charge = await deps.charges.get(actor, chargeId);
  if (!charge) throw notFound('Cobrança');
  const simulator = deps.pixPsp.simulator;
  if (!simulator) {
    throw new AppError(
      'business_rule',
      'Simular pagamento só está disponível com o PSP Pix de testes (sandbox); este ambiente usa um PSP real.',
    );
  }
  if (!charge.pixTxid) throw new AppError('business_rule', 'Esta cobrança não tem Pix (QR Code) para pagar.');
  if (charge.status === 'paga') throw new AppError('business_rule', 'Esta cobrança já está paga.');
  if (charge.status === 'cancelada') throw new AppError('business_rule', 'Esta cobrança está cancelada.');
  const amount = amountCents ?? charge.amountCents - charge.paidCents;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AppError('validation_failed', 'Informe um valor maior que zero.', 'amount_cents');
  }
  if (amount > 9_999_999_999_99) {
    throw new AppError('validation_failed', 'Valor grande demais para um Pix.', 'amount_cents');
  }
  const delivery = simulator.notification(charge.pixTxid, amount, deps.clock.now());
  const result = await receivePixWebhook(deps, delivery.rawBody, delivery.signature);
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'charge.pix_simulated',
    entityType: 'client',
    entityId: charge.clientId,
    ip: ip ?? null,
    details: {
      charge_id: charge.id,
      number: charge.number,
      end_to_end_id: delivery.endToEndId,
      amount_cents: amount,
      description: `Pagamento Pix simulado (sandbox) de ${formatBRL(amount)}`,
    },
  });
  return { endToEndId: delivery.endToEndId, amountCents: amount, result };
}
