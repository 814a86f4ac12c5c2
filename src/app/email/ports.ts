import type { Actor } from '../../domain/access/roles';
import type { Page } from '../clients/ports';

/**
 * A file attached at send time, rendered from the system of record (a boleto from its charge), so the outbox
 * keeps a reference, not the bytes.
 */
export type EmailAttachmentRef =
  /** The boleto PDF of a charge. */
  | { kind: 'boleto'; chargeId: string }
  /** The Pix QR code (PNG) of a charge, shown inline: the HTML refers to it as cid:pixQrContentId(chargeId). */
  | { kind: 'pix-qr'; chargeId: string };

export interface RenderedAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
  /** An inline image: the Content-ID the HTML refers to (`<img src="cid:…">`). */
  contentId?: string;
}

/** The Content-ID of a charge's inline Pix QR code (same at compose and at send time). */
export const pixQrContentId = (chargeId: string) => `pix-qr-${chargeId}@centraldecobrancas`;

/** Renders an attachment reference into the file to send. */
export type AttachmentRenderer = (ref: EmailAttachmentRef) => Promise<RenderedAttachment>;

/** An e-mail to be delivered: kept in the outbox first, then sent in the background. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** What the e-mail is about, e.g. ('contract', id). */
  entityType?: string;
  entityId?: string;
  /** The reseller the e-mail belongs to (tenancy of the Caixa de saída); null = staff only. */
  resellerId?: string | null;
  /** Files rendered and attached when the e-mail is sent (e.g. the boleto PDF). */
  attachments?: EmailAttachmentRef[];
}

/** The only way the application sends e-mail: stored in the outbox, delivered by the 'email.send' job. */
export interface EmailOutbox {
  enqueue(message: OutgoingEmail): Promise<{ id: string }>;
}

/** Delivers one message (SMTP in production). */
export interface EmailTransport {
  send(message: {
    to: string;
    subject: string;
    html: string;
    text: string;
    attachments?: RenderedAttachment[];
  }): Promise<{ messageId: string }>;
}

// ---- The outbox as the use cases see it (Caixa de saída, the send job). ----

export const EMAIL_STATUSES = ['pendente', 'enviado', 'falhou'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface OutboxSummary {
  id: string;
  to: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  entityType: string | null;
  entityId: string | null;
  resellerId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxMessage extends OutboxSummary {
  html: string;
  text: string;
  providerMessageId: string | null;
  attachments: EmailAttachmentRef[];
}

export interface OutboxListQuery {
  status?: EmailStatus | undefined;
  /** Part of the recipient or the subject. */
  search?: string | undefined;
  page: number;
  pageSize: number;
}

export interface OutboxStore {
  list(actor: Actor, query: OutboxListQuery): Promise<Page<OutboxSummary>>;
  /** One e-mail if the caller may see it (tenancy in SQL), else null. */
  findVisible(actor: Actor, id: string): Promise<OutboxMessage | null>;
  /** For the send job: no tenancy. */
  findById(id: string): Promise<OutboxMessage | null>;
  /** 'pendente' → 'enviado'; false if it was no longer pending. */
  markSent(id: string, providerMessageId: string, sentAt: Date): Promise<boolean>;
  /** Counts a failed attempt; at attemptLimit the e-mail becomes 'falhou'. */
  recordFailure(
    id: string,
    error: string,
    attemptLimit: number,
  ): Promise<{ attempts: number; status: EmailStatus } | null>;
  /** Leaves a note on a pending e-mail (e.g. no SMTP configured). */
  notePending(id: string, note: string): Promise<void>;
  /** 'falhou' or 'pendente' → 'pendente' with no error; false if it was already sent. */
  resetForRetry(id: string): Promise<boolean>;
  /**
   * Asks the queue to deliver it; false when there is no queue (QUEUE_ENABLED=false). `later`: not before
   * that many seconds (the SMTP server is down; outageStreak counts the waits so far).
   */
  dispatch(
    id: string,
    attemptLimit: number,
    later?: { afterSeconds: number; outageStreak: number },
  ): Promise<boolean>;
}
