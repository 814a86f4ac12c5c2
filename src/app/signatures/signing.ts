import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../domain/access/roles';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { CONTRACT_KIND_LABELS, type ContractKind } from '../../domain/contracts/contract-rules';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { getContract } from '../contracts/contract-queries';
import type { EmailContent } from '../contracts/issue-contract';
import type { ContractRecord, ContractRepository } from '../contracts/ports';
import type { EmailOutbox } from '../email/ports';
import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { ContractSignedListener } from './contract-signed';
import type { CompletionEvent, DocumentSealer } from './ports';
import type { Origin, SignatureEvent, SignatureStore, SigningRequest, StoredPdf } from './signature-store';
import { signerMatches } from './signer-match';

export const SIGNING_LINK_DAYS = 7;
export const CODE_VALID_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;
export const CODE_RESEND_SECONDS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export const SIGNING_MESSAGES = {
  invalid: 'Link de assinatura inválido.',
  expired: 'Este link expirou. Peça ao seu Hiperador um novo envio.',
  replaced: 'Este link foi substituído por um envio mais recente. Use o link do último e-mail.',
  cancelled: 'Esta versão do contrato foi cancelada ou substituída.',
  signed: 'Este contrato já foi assinado.',
  refused: 'Este contrato foi recusado pelo responsável.',
  signerMismatch: 'Nome ou CPF não conferem com o responsável indicado no contrato.',
  locked: `Código bloqueado após ${MAX_CODE_ATTEMPTS} tentativas. Peça um novo código.`,
  codeExpired: 'O código expirou. Peça um novo código.',
  noCode: 'Peça o código por e-mail antes de assinar.',
  mustAccept: 'Marque “Li e concordo com os termos do contrato” para assinar.',
  notSigned: 'O contrato ainda não foi assinado.',
} as const;

export const EVENT_LABELS: Record<SignatureEvent['type'], string> = {
  link_sent: 'Link de assinatura enviado por e-mail',
  viewed: 'Contrato aberto pelo responsável',
  code_sent: 'Código de confirmação enviado por e-mail',
  code_failed: 'Código incorreto digitado',
  code_accepted: 'Código confirmado',
  signed: 'Contrato assinado',
  refused: 'Contrato recusado',
  postponed: 'Assinatura adiada',
};

export interface SigningDeps {
  signatures: SignatureStore;
  sealer: DocumentSealer;
  contractSigned: ContractSignedListener;
  outbox: EmailOutbox;
  audit: AuditLog;
  renderEmail: (content: EmailContent) => { html: string; text: string };
  clock: Clock;
  publicUrl: string;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const hashCode = (requestId: string, code: string): string =>
  createHash('sha256').update(`${requestId}:${code}`, 'utf8').digest('hex');
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** What the link e-mail needs to know about the version. */
export interface LinkTarget {
  contractId: string;
  number: string;
  version: number;
  kind: ContractKind;
  documentSha256: string;
  clientLegalName: string;
  resellerId: string;
  resellerName: string;
  signerName: string;
  signerEmail: string;
  /** Extra lines, e.g. "Esta versão substitui a versão 1…". */
  notes?: string[];
}

/**
 * Opens a signing request (invalidating the previous ones of the version), e-mails the personal link to the
 * frozen signer and records 'link_sent' with the outbox id. Returns the token (only ever in the e-mail).
 */
export async function sendSigningLink(
  deps: Pick<SigningDeps, 'signatures' | 'outbox' | 'renderEmail' | 'clock' | 'publicUrl'>,
  target: LinkTarget,
  origin: Origin,
): Promise<{ token: string; requestId: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SIGNING_LINK_DAYS * DAY_MS);
  const { id: requestId } = await deps.signatures.createRequest({
    contractId: target.contractId,
    tokenHash: hashToken(token),
    expiresAt,
    documentSha256: target.documentSha256,
    at: now,
  });
  const link = `${deps.publicUrl.replace(/\/+$/, '')}/assinar/${token}`;
  const subject = `Contrato para assinatura — ${target.clientLegalName}`;
  const { html, text } = deps.renderEmail({
    title: subject,
    paragraphs: [
      `Olá, ${target.signerName}.`,
      `${target.resellerName} enviou o contrato nº ${target.number} (versão ${target.version}, ${CONTRACT_KIND_LABELS[target.kind].toLowerCase()}) de ${target.clientLegalName} com a Hiper Software S/A para a sua assinatura.`,
      'Leia o contrato e assine digitalmente pelo link abaixo. O contrato só vale depois de assinado.',
      ...(target.notes ?? []),
      `O link é pessoal e vale até ${formatDateBR(businessDateAt(expiresAt))}.`,
    ],
    button: { label: 'Ler e assinar o contrato', url: link },
    footer: `Você recebeu este e-mail porque é o responsável pela assinatura dos contratos de ${target.clientLegalName}. Dúvidas? Fale com ${target.resellerName}.`,
  });
  const mail = await deps.outbox.enqueue({
    to: target.signerEmail,
    subject,
    html,
    text,
    entityType: 'contract',
    entityId: target.contractId,
    resellerId: target.resellerId,
  });
  await deps.signatures.recordEvent(target.contractId, requestId, 'link_sent', now, origin, {
    outbox_id: mail.id,
    to: target.signerEmail,
    expires_at: expiresAt.toISOString(),
  });
  return { token, requestId, expiresAt };
}

/** Resend from the portal (tenancy-scoped; pending versions only): the previous link stops working. */
export async function resendSigningLink(
  deps: Pick<SigningDeps, 'signatures' | 'outbox' | 'renderEmail' | 'clock' | 'publicUrl' | 'audit'> & {
    contracts: ContractRepository;
  },
  actor: Actor,
  contractId: string,
  ip: string | null,
): Promise<ContractRecord> {
  const contract = await getContract(deps, actor, contractId);
  if (contract.status !== 'aguardando_assinatura') {
    throw new AppError(
      'business_rule',
      `O contrato ${contract.number} (versão ${contract.version}) não está aguardando assinatura: não há link para reenviar.`,
    );
  }
  const signer = await deps.signatures.signerOf(contract.id);
  const pdf = await deps.signatures.pdf(contract.id, 'contrato');
  if (!signer?.name || !signer.email || !pdf) {
    throw new AppError('business_rule', 'Este contrato não tem responsável pela assinatura registrado.');
  }
  const sent = await sendSigningLink(
    deps,
    {
      contractId: contract.id,
      number: contract.number,
      version: contract.version,
      kind: contract.kind,
      documentSha256: pdf.sha256,
      clientLegalName: contract.clientLegalName,
      resellerId: contract.resellerId,
      resellerName: contract.resellerName,
      signerName: signer.name,
      signerEmail: signer.email,
      notes: ['Este é um novo envio: os links enviados antes não valem mais.'],
    },
    { ip, userAgent: null },
  );
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'contract.link_resent',
    entityType: 'contract',
    entityId: contract.id,
    ip,
    details: {
      number: contract.number,
      version: contract.version,
      to: signer.email,
      requestId: sent.requestId,
    },
  });
  return contract;
}

type Purpose = 'view' | 'act';

/** The request behind a token, refused with the ceremony's messages when it cannot be used. */
async function openRequest(deps: Pick<SigningDeps, 'signatures' | 'clock'>, token: string, purpose: Purpose) {
  const request = TOKEN_RE.test(token) ? await deps.signatures.findByTokenHash(hashToken(token)) : null;
  if (!request) throw new AppError('not_found', SIGNING_MESSAGES.invalid);
  const status = request.contract.status;
  if (status === 'cancelado') throw new AppError('conflict', SIGNING_MESSAGES.cancelled);
  // The link that signed (or refused) still shows the outcome.
  if (purpose === 'view' && (request.signedAt || request.refusedAt)) return request;
  if (status === 'assinado') throw new AppError('conflict', SIGNING_MESSAGES.signed);
  if (status === 'recusado') throw new AppError('conflict', SIGNING_MESSAGES.refused);
  if (request.invalidatedAt) throw new AppError('gone', SIGNING_MESSAGES.replaced);
  if (deps.clock.now().getTime() > request.expiresAt.getTime())
    throw new AppError('gone', SIGNING_MESSAGES.expired);
  return request;
}

export interface CodeState {
  sent: boolean;
  expiresAt: Date | null;
  attemptsLeft: number;
  locked: boolean;
  /** When a new code may be asked for. */
  resendAvailableAt: Date | null;
}

function codeState(request: SigningRequest): CodeState {
  const sentAt = request.codeExpiresAt
    ? new Date(request.codeExpiresAt.getTime() - CODE_VALID_MINUTES * MINUTE_MS)
    : null;
  return {
    sent: request.codeHash !== null,
    expiresAt: request.codeExpiresAt,
    attemptsLeft: Math.max(0, MAX_CODE_ATTEMPTS - request.codeAttempts),
    locked: request.codeHash !== null && request.codeAttempts >= MAX_CODE_ATTEMPTS,
    resendAvailableAt: sentAt ? new Date(sentAt.getTime() + CODE_RESEND_SECONDS * 1000) : null,
  };
}

export interface SigningView {
  request: SigningRequest;
  code: CodeState;
  signedDocument: { sha256: string } | null;
}

/** What the signing page shows; the first opening records 'viewed' (IP and user agent). */
export async function viewSigning(
  deps: Pick<SigningDeps, 'signatures' | 'clock'>,
  token: string,
  origin: Origin,
): Promise<SigningView> {
  const request = await openRequest(deps, token, 'view');
  if (!request.viewedAt && request.contract.status === 'aguardando_assinatura') {
    await deps.signatures.markViewed(request, deps.clock.now(), origin);
  }
  const signed = request.signedAt
    ? await deps.signatures.pdf(request.contract.id, 'contrato_assinado')
    : null;
  return { request, code: codeState(request), signedDocument: signed ? { sha256: signed.sha256 } : null };
}

/** The exact PDF shown to the signer. */
export async function signingPdf(
  deps: Pick<SigningDeps, 'signatures' | 'clock'>,
  token: string,
): Promise<StoredPdf> {
  const request = await openRequest(deps, token, 'view');
  const pdf = await deps.signatures.pdf(request.contract.id, 'contrato');
  if (!pdf) throw new AppError('not_found', SIGNING_MESSAGES.invalid);
  return pdf;
}

/** The signed PDF, once this link signed it. */
export async function signedPdf(
  deps: Pick<SigningDeps, 'signatures' | 'clock'>,
  token: string,
): Promise<StoredPdf> {
  const request = await openRequest(deps, token, 'view');
  const pdf = request.signedAt ? await deps.signatures.pdf(request.contract.id, 'contrato_assinado') : null;
  if (!pdf) throw new AppError('not_found', SIGNING_MESSAGES.notSigned);
  return pdf;
}

/** Checks name and CPF against the frozen signer and e-mails a 6-digit code (10 min; one per 60 s). */
export async function requestSigningCode(
  deps: Pick<SigningDeps, 'signatures' | 'outbox' | 'renderEmail' | 'clock'>,
  token: string,
  input: { name: string; cpf: string },
  origin: Origin,
): Promise<CodeState> {
  const request = await openRequest(deps, token, 'act');
  const c = request.contract;
  if (!signerMatches(input, { name: c.signerName, cpf: c.signerCpf }))
    throw new AppError('business_rule', SIGNING_MESSAGES.signerMismatch, 'cpf');
  const now = deps.clock.now();
  const available = codeState(request).resendAvailableAt;
  if (available && now.getTime() < available.getTime()) {
    const seconds = Math.ceil((available.getTime() - now.getTime()) / 1000);
    throw new AppError(
      'too_many_attempts',
      `Um código acabou de ser enviado. Aguarde ${seconds} segundos para pedir outro.`,
      undefined,
      { retry_after_seconds: seconds },
    );
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + CODE_VALID_MINUTES * MINUTE_MS);
  await deps.signatures.storeCode(request.id, hashCode(request.id, code), expiresAt);
  const subject = `Código para assinar o contrato nº ${c.number}`;
  const { html, text } = deps.renderEmail({
    title: subject,
    paragraphs: [
      `Olá, ${c.signerName}.`,
      `Seu código para assinar o contrato: ${code} — válido por ${CODE_VALID_MINUTES} minutos.`,
      `Contrato nº ${c.number} (versão ${c.version}) de ${c.clientLegalName}.`,
      'Se você não pediu este código, ignore este e-mail: ninguém consegue assinar sem ele.',
    ],
    footer: `Você recebeu este e-mail porque é o responsável pela assinatura dos contratos de ${c.clientLegalName}. Dúvidas? Fale com ${c.resellerName}.`,
  });
  const mail = await deps.outbox.enqueue({
    to: c.signerEmail!,
    subject,
    html,
    text,
    entityType: 'contract',
    entityId: c.id,
    resellerId: c.resellerId,
  });
  await deps.signatures.recordEvent(c.id, request.id, 'code_sent', now, origin, {
    outbox_id: mail.id,
    to: c.signerEmail,
    expires_at: expiresAt.toISOString(),
  });
  return codeState({ ...request, codeHash: 'sent', codeExpiresAt: expiresAt, codeAttempts: 0 });
}

/** Seals the issued PDF with the completion certificate of the recorded events (web and software paths). */
export function sealWithEvidence(
  deps: Pick<SigningDeps, 'sealer' | 'publicUrl'>,
  c: SigningRequest['contract'],
  originalPdf: Uint8Array,
  documentSha256: string,
  signedAt: Date,
): (events: SignatureEvent[]) => Promise<Uint8Array> {
  return (events) =>
    deps.sealer.seal(originalPdf, {
      contractId: c.id,
      contractNumber: c.number,
      contractVersion: c.version,
      clientLegalName: c.clientLegalName,
      clientDocument: formatDocument(c.clientDocument),
      signerName: c.signerName ?? '',
      signerCpf: formatDocument(c.signerCpf ?? ''),
      signerEmail: c.signerEmail ?? '',
      originalSha256: documentSha256,
      signedAt,
      events: events.map(
        (e): CompletionEvent => ({
          type: e.type,
          label: EVENT_LABELS[e.type],
          at: e.at,
          ip: e.ip,
          userAgent: e.userAgent,
        }),
      ),
      verifyUrl: `${deps.publicUrl.replace(/\/+$/, '')}/verificar`,
    });
}

/** After the signing transaction committed: the listener (billing); a failure there does not undo it. */
export async function notifyContractSigned(
  deps: Pick<SigningDeps, 'contractSigned' | 'audit'>,
  contractId: string,
): Promise<void> {
  try {
    await deps.contractSigned.onContractSigned(contractId);
  } catch (err) {
    // The signature stands; billing picks it up again from the audit trail.
    await deps.audit.record({
      actorUserId: null,
      actorEmail: null,
      action: 'contract.signed_listener_failed',
      entityType: 'contract',
      entityId: contractId,
      details: { error: err instanceof Error ? err.message : String(err) },
    });
  }
}

/** Confirms the code and signs: the sealed PDF, the contract and the client change in one transaction. */
export async function signContract(
  deps: SigningDeps,
  token: string,
  input: { code: string; accept: boolean },
  origin: Origin,
): Promise<{ contractId: string; documentId: string; sha256: string; signedAt: Date }> {
  const request = await openRequest(deps, token, 'act');
  if (!input.accept) throw new AppError('business_rule', SIGNING_MESSAGES.mustAccept, 'accept');
  if (!request.codeHash || !request.codeExpiresAt)
    throw new AppError('business_rule', SIGNING_MESSAGES.noCode, 'code');
  if (request.codeAttempts >= MAX_CODE_ATTEMPTS)
    throw new AppError('locked', SIGNING_MESSAGES.locked, 'code');
  const now = deps.clock.now();
  if (now.getTime() > request.codeExpiresAt.getTime())
    throw new AppError('business_rule', SIGNING_MESSAGES.codeExpired, 'code');
  const typed = input.code.replace(/\s/g, '');
  const expected = Buffer.from(request.codeHash, 'hex');
  const actual = Buffer.from(hashCode(request.id, typed), 'hex');
  if (!/^\d{6}$/.test(typed) || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    const attempts = await deps.signatures.recordFailedCode(request, now, origin);
    const left = MAX_CODE_ATTEMPTS - attempts;
    if (left <= 0) throw new AppError('locked', SIGNING_MESSAGES.locked, 'code');
    throw new AppError(
      'business_rule',
      `Código incorreto. ${left === 1 ? 'Resta 1 tentativa.' : `Restam ${left} tentativas.`}`,
      'code',
      { attempts_left: left },
    );
  }

  const original = await deps.signatures.pdf(request.contract.id, 'contrato');
  if (!original || original.sha256 !== request.documentSha256)
    throw new AppError('conflict', SIGNING_MESSAGES.cancelled);
  const c = request.contract;
  const done = await deps.signatures.completeSignature(
    request,
    now,
    origin,
    sealWithEvidence(deps, c, original.content, request.documentSha256, now),
  );
  if (!done) throw new AppError('conflict', SIGNING_MESSAGES.signed);
  await notifyContractSigned(deps, c.id);
  return { contractId: c.id, documentId: done.documentId, sha256: done.sha256, signedAt: now };
}

/** The signer refuses, with a reason (3–500 characters). */
export async function refuseContract(
  deps: Pick<SigningDeps, 'signatures' | 'clock'>,
  token: string,
  reason: string,
  origin: Origin,
): Promise<void> {
  const text = reason.trim().replace(/\s+/g, ' ');
  if (text.length < 3 || text.length > 500)
    throw new AppError('validation_failed', 'Informe o motivo da recusa (3 a 500 caracteres).', 'reason');
  const request = await openRequest(deps, token, 'act');
  const done = await deps.signatures.refuse(request, text, deps.clock.now(), origin);
  if (!done) throw new AppError('conflict', SIGNING_MESSAGES.cancelled);
}
