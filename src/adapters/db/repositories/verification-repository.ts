import { and, desc, eq, inArray } from 'drizzle-orm';
import type { VerificationLookup, VerifiedDocumentSummary } from '../../../app/verification/verify-document';
import type { Db } from '../database';
import { clients, contracts, documents } from '../schema';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The public verification's reads: no tenancy (anyone holding the file may check it), so they return only
 * the summary fields and are keyed by the document's SHA-256 or the contract id of a sealed file's marker.
 */
export class DbVerificationLookup implements VerificationLookup {
  constructor(private readonly db: Db) {}

  async findContractDocumentBySha256(sha256: string): Promise<VerifiedDocumentSummary | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const rows = await this.db
      .select({
        kind: documents.kind,
        contractNumber: contracts.number,
        version: contracts.version,
        clientLegalName: clients.legalName,
        signerName: contracts.signerName,
        signedAt: contracts.signedAt,
        sha256: documents.sha256,
      })
      .from(documents)
      .innerJoin(contracts, eq(contracts.id, documents.contractId))
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .where(and(eq(documents.sha256, sha256), inArray(documents.kind, ['contrato', 'contrato_assinado'])))
      .orderBy(desc(documents.kind))
      .limit(1);
    const row = rows[0];
    if (!row) return null;
    const signed = row.kind === 'contrato_assinado';
    return {
      kind: signed ? 'contrato_assinado' : 'contrato',
      contractNumber: row.contractNumber,
      version: row.version,
      clientLegalName: row.clientLegalName,
      signerName: signed ? row.signerName : null,
      signedAt: signed ? row.signedAt : null,
      sha256: row.sha256,
    };
  }

  async findSignedContract(contractId: string): Promise<VerifiedDocumentSummary | null> {
    if (!UUID_RE.test(contractId)) return null;
    const rows = await this.db
      .select({
        contractNumber: contracts.number,
        version: contracts.version,
        clientLegalName: clients.legalName,
        signerName: contracts.signerName,
        signedAt: contracts.signedAt,
        sha256: documents.sha256,
      })
      .from(contracts)
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .leftJoin(
        documents,
        and(eq(documents.contractId, contracts.id), eq(documents.kind, 'contrato_assinado')),
      )
      .where(eq(contracts.id, contractId))
      .orderBy(desc(documents.createdAt))
      .limit(1);
    const row = rows[0];
    if (!row) return null;
    return { kind: 'contrato_assinado', ...row };
  }
}
