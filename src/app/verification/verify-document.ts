import { createHash } from 'node:crypto';
import { formatDateTimeBR } from '../../domain/calendar/date-time';

/**
 * Public verification (/verificar): is this PDF one the Central de Cobranças signed? Anyone may ask, so
 * the answer is a short summary only — never the document, the client's data beyond its legal name, or
 * anything about other documents.
 */

/** Written in the Keywords of every sealed contract (src/adapters/pdf/pdf-sealer.ts). */
export const CONTRACT_MARKER_PREFIX = 'central-de-cobrancas:contract:';

export function contractMarker(contractId: string): string {
  return `${CONTRACT_MARKER_PREFIX}${contractId}`;
}

/** Up to 15 MB: a contract with a few pages is well under 1 MB. */
export const MAX_VERIFY_BYTES = 15 * 1024 * 1024;

export type VerificationResultKind = 'valido' | 'alterado' | 'desconhecido';

export interface VerifiedDocumentSummary {
  kind: 'contrato' | 'contrato_assinado';
  contractNumber: string;
  version: number;
  clientLegalName: string;
  signerName: string | null;
  signedAt: Date | null;
  sha256: string | null;
}

export interface VerificationResult {
  result: VerificationResultKind;
  message: string;
  document?: VerifiedDocumentSummary;
}

export interface VerificationLookup {
  /** A stored contract document ('contrato' or 'contrato_assinado') with these exact bytes; the signed one first. */
  findContractDocumentBySha256(sha256: string): Promise<VerifiedDocumentSummary | null>;
  /** The contract named by a marker, with the SHA-256 of its signed document when there is one. */
  findSignedContract(contractId: string): Promise<VerifiedDocumentSummary | null>;
}

export interface VerificationDeps {
  verification: VerificationLookup;
  /** DER of the platform's signing certificate: present verbatim in every PKCS#7 signature we make. */
  signingCertificateDer: Uint8Array;
}

export const MESSAGES = {
  unknown: 'Não encontramos este documento entre os assinados pela Central de Cobranças.',
  altered:
    'Este documento foi emitido e assinado pela Central de Cobranças, mas foi alterado depois da assinatura.',
} as const;

function validMessage(doc: VerifiedDocumentSummary): string {
  if (doc.kind === 'contrato_assinado') {
    const when = doc.signedAt ? ` em ${formatDateTimeBR(doc.signedAt)} (horário de Brasília)` : '';
    return `Documento autêntico: contrato nº ${doc.contractNumber} (versão ${doc.version}) de ${doc.clientLegalName}, assinado por ${doc.signerName ?? 'o responsável'}${when}.`;
  }
  return `Documento autêntico, mas sem assinatura: é a versão emitida do contrato nº ${doc.contractNumber} (versão ${doc.version}) de ${doc.clientLegalName}, como foi enviada para assinatura. A via assinada tem uma página final com o certificado de conclusão.`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const MARKER_RE =
  /central-de-cobrancas:contract:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const CONTENTS_RE = /\/Contents\s*<([0-9A-Fa-f\s]{64,})>/g;

/** The contract id of our marker in the raw bytes (the Info dictionary is neither compressed nor hex-encoded). */
export function findContractMarker(raw: string): string | null {
  return MARKER_RE.exec(raw)?.[1]?.toLowerCase() ?? null;
}

/** True when an embedded PKCS#7 signature (a /Contents hex string) carries our certificate. */
export function signedWithCertificate(raw: string, certificateDer: Uint8Array): boolean {
  const cert = Buffer.from(certificateDer);
  for (const match of raw.matchAll(CONTENTS_RE)) {
    const hex = match[1]!.replace(/\s+/g, '');
    const bytes = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    if (bytes.indexOf(cert) >= 0) return true;
  }
  return false;
}

export async function verifyDocumentHash(
  deps: VerificationDeps,
  sha256: string,
): Promise<VerificationResult> {
  const doc = await deps.verification.findContractDocumentBySha256(sha256.toLowerCase());
  if (doc) return { result: 'valido', message: validMessage(doc), document: doc };
  return { result: 'desconhecido', message: MESSAGES.unknown };
}

export async function verifyDocumentBytes(
  deps: VerificationDeps,
  bytes: Uint8Array,
): Promise<VerificationResult> {
  const byHash = await verifyDocumentHash(deps, sha256Hex(bytes));
  if (byHash.result === 'valido') return byHash;

  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const contractId = findContractMarker(raw);
  const contract = contractId ? await deps.verification.findSignedContract(contractId) : null;
  if (contract || signedWithCertificate(raw, deps.signingCertificateDer)) {
    const altered = contract
      ? `${MESSAGES.altered.slice(0, -1)} (contrato nº ${contract.contractNumber}, versão ${contract.version}).`
      : MESSAGES.altered;
    return { result: 'alterado', message: altered, ...(contract ? { document: contract } : {}) };
  }
  return { result: 'desconhecido', message: MESSAGES.unknown };
}
