import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/access/roles';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { type CardBrand, cardExpired, cardLabel } from '../../domain/payments/card-number';
import type { ClientDetail, ClientRepository } from '../clients/ports';
import type { EmailContent } from '../contracts/issue-contract';
import type { EmailOutbox } from '../email/ports';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { CardGateway, SandboxTestCard } from './card-gateway';
import { type CardChargeDeps, type CardChargeOutcome, chargeCard } from './charge-card';

export const CARD_LINK_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export const CARD_LINK_MESSAGES = {
  invalid: 'Link de cadastro de cartão inválido.',
  expired: 'Este link expirou. Peça ao seu Hiperador um novo link de cadastro do cartão.',
  replaced: 'Este link foi substituído por um envio mais recente. Use o link do último e-mail.',
  used: 'Este link já foi usado para cadastrar o cartão. Para trocar o cartão, peça um novo link ao seu Hiperador.',
  noEmail: 'O cliente não tem e-mail de cobrança cadastrado: cadastre um e-mail antes de enviar o link.',
  clientCancelled: 'O cliente está cancelado: não é possível cadastrar cartão.',
  unknownToken: 'O cartão não foi reconhecido pelo gateway. Digite os dados do cartão novamente.',
  mismatch: 'Os dados do cartão não conferem com os do gateway. Digite os dados do cartão novamente.',
  expiredCard: 'Cartão vencido. Confira a validade (MM/AA).',
  holder: 'Digite o nome impresso no cartão.',
} as const;

/** A registered card: never the number or the CVV. */
export interface StoredCard {
  id: string;
  clientId: string;
  gateway: string;
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  holderName: string;
  createdAt: Date;
}

export interface NewCard {
  clientId: string;
  resellerId: string;
  gateway: string;
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  holderName: string;
}

export interface CardLinkRecord {
  id: string;
  clientId: string;
  clientLegalName: string;
  clientStatus: string;
  resellerId: string;
  resellerName: string;
  expiresAt: Date;
  usedAt: Date | null;
  invalidatedAt: Date | null;
}

/** Card links and cards (payment_cards, card_registration_links). Callers check the client's visibility. */
export interface CardStore {
  /** A new link for the client; the client's earlier unused links stop working. */
  createLink(input: {
    clientId: string;
    tokenHash: string;
    expiresAt: Date;
    createdBy: string | null;
    at: Date;
  }): Promise<{ id: string }>;
  findLink(tokenHash: string): Promise<CardLinkRecord | null>;
  activeCard(clientId: string): Promise<StoredCard | null>;
  /**
   * In one transaction: the link becomes used (only if still usable at `at`), the active card is replaced
   * and the new one stored. null when the link was no longer usable (used meanwhile, replaced, expired).
   */
  registerCard(linkId: string, card: NewCard, at: Date): Promise<StoredCard | null>;
  /** The client's card charges that wait for the card: method 'cartao', status emitida or falhou. */
  openCardChargeIds(clientId: string): Promise<string[]>;
}

export interface CardLinkDeps {
  cards: CardStore;
  clients: ClientRepository;
  outbox: EmailOutbox;
  audit: AuditLog;
  renderEmail: (content: EmailContent) => { html: string; text: string };
  clock: Clock;
  publicUrl: string;
}

export const hashCardToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** Where the link goes: the client's e-mail and its further billing e-mails (each once). */
export function billingAddresses(client: Pick<ClientDetail, 'email' | 'billingEmails'>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of [client.email, ...client.billingEmails]) {
    const email = raw?.trim();
    if (!email || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push(email);
  }
  return out;
}

export interface SentCardLink {
  clientId: string;
  sentTo: string[];
  expiresAt: Date;
  /** Only for the caller that must hand it over (tests); it is never stored. */
  token: string;
}

/**
 * E-mails the client (its billing addresses, through the outbox) a personal link to the card registration
 * page. The token (32 random bytes) is stored only as its SHA-256, valid for 7 days; older unused links
 * stop working. Hiperador of the client or staff (tenancy: another reseller's client is "not found").
 */
export async function sendCardRegistrationLink(
  deps: CardLinkDeps,
  actor: Actor,
  clientId: string,
  ip: string | null = null,
): Promise<SentCardLink> {
  const client = await deps.clients.findVisible(actor, clientId);
  if (!client) throw notFound('Cliente');
  return sendCardLink(deps, { userId: actor.userId, email: actor.email }, client, ip);
}

/**
 * sendCardRegistrationLink for a client already found — the billing engine after a declined card (no user;
 * `deps` may be bound to its transaction, so the link, the e-mail and its billing step commit together).
 */
export async function sendCardLink(
  deps: Omit<CardLinkDeps, 'clients'>,
  by: { userId: string | null; email: string | null },
  client: ClientDetail,
  ip: string | null = null,
  /**
   * Why the link goes now (e.g. the card was declined), shown first in the e-mail; or the billing e-mail's
   * own subject and first paragraphs (a staff-edited template), given the link.
   */
  notice: string | ((url: string) => { subject: string; paragraphs: string[] }) | null = null,
): Promise<SentCardLink> {
  if (client.status === 'cancelado') throw new AppError('business_rule', CARD_LINK_MESSAGES.clientCancelled);
  const to = billingAddresses(client);
  if (to.length === 0) throw new AppError('business_rule', CARD_LINK_MESSAGES.noEmail, 'email');

  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CARD_LINK_DAYS * DAY_MS);
  const link = await deps.cards.createLink({
    clientId: client.id,
    tokenHash: hashCardToken(token),
    expiresAt,
    createdBy: by.userId,
    at: now,
  });
  const url = `${deps.publicUrl.replace(/\/+$/, '')}/cartao/${token}`;
  const own = typeof notice === 'function' ? notice(url) : null;
  const subject = own ? own.subject : `Cadastre o cartão de crédito — ${client.legalName}`;
  const { html, text } = deps.renderEmail({
    title: subject,
    paragraphs: [
      ...(own
        ? own.paragraphs
        : [
            'Olá.',
            ...(typeof notice === 'string' ? [notice] : []),
            `A forma de pagamento de ${client.legalName} com a Hiper Software S/A é o cartão de crédito. Cadastre o cartão pelo link abaixo: as cobranças serão feitas nele, nas datas combinadas.`,
          ]),
      'O número do cartão vai direto para o processador de pagamentos: a Hiper guarda só a bandeira, os 4 últimos dígitos e a validade.',
      `O link é pessoal e vale até ${formatDateBR(businessDateAt(expiresAt))}. Se você recebeu outro link antes, use este: os anteriores não valem mais.`,
    ],
    button: { label: 'Cadastrar o cartão', url },
    footer: `Você recebeu este e-mail porque é o contato de cobrança de ${client.legalName}. Dúvidas? Fale com ${client.resellerName}.`,
  });
  const mails: string[] = [];
  for (const address of to) {
    const mail = await deps.outbox.enqueue({
      to: address,
      subject,
      html,
      text,
      entityType: 'client',
      entityId: client.id,
      resellerId: client.resellerId,
    });
    mails.push(mail.id);
  }
  await deps.audit.record({
    actorUserId: by.userId,
    actorEmail: by.email,
    action: 'card.link_sent',
    entityType: 'client',
    entityId: client.id,
    ip,
    details: { to, link_id: link.id, expires_at: expiresAt.toISOString(), outbox_ids: mails },
  });
  return { clientId: client.id, sentTo: to, expiresAt, token };
}

/** The active card of a visible client (null when none). */
export async function clientCard(
  deps: Pick<CardLinkDeps, 'cards' | 'clients'>,
  actor: Actor,
  clientId: string,
): Promise<StoredCard | null> {
  const client = await deps.clients.findVisible(actor, clientId);
  if (!client) throw notFound('Cliente');
  return deps.cards.activeCard(client.id);
}

export interface CardLinkView {
  link: CardLinkRecord;
  card: StoredCard | null;
  sandbox: boolean;
  testNumbers: readonly SandboxTestCard[];
}

async function usableLink(deps: Pick<CardLinkDeps, 'cards' | 'clock'>, token: string) {
  const link = TOKEN_RE.test(token) ? await deps.cards.findLink(hashCardToken(token)) : null;
  if (!link) throw new AppError('not_found', CARD_LINK_MESSAGES.invalid);
  return link;
}

function refuseUnusable(link: CardLinkRecord, now: Date): void {
  if (link.usedAt) throw new AppError('gone', CARD_LINK_MESSAGES.used);
  if (link.invalidatedAt) throw new AppError('gone', CARD_LINK_MESSAGES.replaced);
  if (now.getTime() > link.expiresAt.getTime()) throw new AppError('gone', CARD_LINK_MESSAGES.expired);
  if (link.clientStatus === 'cancelado') throw new AppError('gone', CARD_LINK_MESSAGES.clientCancelled);
}

/** What the public card page shows (410 once the link is used, replaced or expired; 404 unknown). */
export async function viewCardLink(
  deps: Pick<CardLinkDeps, 'cards' | 'clock'> & { cardGateway: CardGateway },
  token: string,
): Promise<CardLinkView> {
  const link = await usableLink(deps, token);
  refuseUnusable(link, deps.clock.now());
  return {
    link,
    card: await deps.cards.activeCard(link.clientId),
    sandbox: deps.cardGateway.sandbox,
    testNumbers: deps.cardGateway.sandbox ? deps.cardGateway.testNumbers : [],
  };
}

export interface CardRegistrationInput {
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder_name: string;
}

export interface CardRegistered {
  card: StoredCard;
  /** The charges that were waiting for the card, charged right away. */
  charges: CardChargeOutcome[];
  /** A replay of a registration that had already happened (nothing changed). */
  replayed: boolean;
}

/**
 * The client registers the card from the link: the gateway token (never the number) with what the gateway
 * says about it; the active card is replaced, the link is used up, and the card charges that were waiting
 * (the activation charge) are charged at once. Posting the same token again answers the same card.
 */
export async function registerCard(
  deps: Pick<CardLinkDeps, 'cards' | 'clock' | 'audit'> & CardChargeDeps,
  linkToken: string,
  input: CardRegistrationInput,
  ip: string | null = null,
): Promise<CardRegistered> {
  const link = await usableLink(deps, linkToken);
  const now = deps.clock.now();
  if (link.usedAt) {
    // A replay (double submit, network retry) of the registration that used this link.
    const active = await deps.cards.activeCard(link.clientId);
    if (active && active.token === input.token) return { card: active, charges: [], replayed: true };
  }
  refuseUnusable(link, now);

  const holderName = input.holder_name.trim().replace(/\s+/g, ' ').toUpperCase();
  if (holderName.length < 2 || holderName.length > 60 || /\d/.test(holderName)) {
    throw new AppError('validation_failed', CARD_LINK_MESSAGES.holder, 'holder_name');
  }
  const details = await deps.cardGateway.describe(input.token);
  if (!details) throw new AppError('validation_failed', CARD_LINK_MESSAGES.unknownToken, 'token');
  if (
    details.brand !== input.brand ||
    details.last4 !== input.last4 ||
    details.expMonth !== input.exp_month ||
    details.expYear !== input.exp_year
  ) {
    throw new AppError('validation_failed', CARD_LINK_MESSAGES.mismatch, 'token');
  }
  if (cardExpired(details.expMonth, details.expYear, businessDateAt(now))) {
    throw new AppError('validation_failed', CARD_LINK_MESSAGES.expiredCard, 'exp_year');
  }

  const card = await deps.cards.registerCard(
    link.id,
    {
      clientId: link.clientId,
      resellerId: link.resellerId,
      gateway: deps.cardGateway.name,
      token: input.token,
      brand: details.brand,
      last4: details.last4,
      expMonth: details.expMonth,
      expYear: details.expYear,
      holderName,
    },
    now,
  );
  if (!card) {
    // Used or replaced between the check and the write (two tabs): answer like the later check would.
    const again = await deps.cards.findLink(hashCardToken(linkToken));
    if (again?.usedAt) {
      const active = await deps.cards.activeCard(link.clientId);
      if (active && active.token === input.token) return { card: active, charges: [], replayed: true };
    }
    throw new AppError('gone', again?.invalidatedAt ? CARD_LINK_MESSAGES.replaced : CARD_LINK_MESSAGES.used);
  }
  await deps.audit.record({
    actorUserId: null,
    actorEmail: null,
    action: 'card.registered',
    entityType: 'client',
    entityId: link.clientId,
    ip,
    details: {
      card: cardLabel(card.brand, card.last4),
      brand: card.brand,
      last4: card.last4,
      expiry: `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`,
      holder_name: card.holderName,
      link_id: link.id,
    },
  });

  // "The activation charge is charged when the client registers the card" (SPEC §5).
  const charges: CardChargeOutcome[] = [];
  for (const chargeId of await deps.cards.openCardChargeIds(link.clientId)) {
    try {
      charges.push(await chargeCard(deps, chargeId, {}));
    } catch (err) {
      // The card is registered either way; Financeiro sees the charge still open and can charge it again.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return { card, charges, replayed: false };
}
