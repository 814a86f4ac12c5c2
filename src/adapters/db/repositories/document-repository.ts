import { and, desc, eq } from 'drizzle-orm';
import type { DocumentRepository, DocumentSummary } from '../../../app/contracts/ports';
import type { Actor } from '../../../domain/access/roles';
import type { Db } from '../database';
import { contracts, documents } from '../schema';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const summaryColumns = {
  id: documents.id,
  kind: documents.kind,
  filename: documents.filename,
  sizeBytes: documents.sizeBytes,
  sha256: documents.sha256,
  createdAt: documents.createdAt,
  contractId: documents.contractId,
  contractNumber: contracts.number,
  contractVersion: contracts.version,
};

export class DbDocumentRepository implements DocumentRepository {
  constructor(private readonly db: Db) {}

  async listForClient(clientId: string): Promise<DocumentSummary[]> {
    return this.db
      .select(summaryColumns)
      .from(documents)
      .leftJoin(contracts, eq(contracts.id, documents.contractId))
      .where(eq(documents.clientId, clientId))
      .orderBy(desc(documents.createdAt), desc(documents.id));
  }

  async findVisible(actor: Actor, id: string) {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.db
      .select({ ...summaryColumns, contentType: documents.contentType, content: documents.content })
      .from(documents)
      .leftJoin(contracts, eq(contracts.id, documents.contractId))
      .where(and(eq(documents.id, id), visibleResellerCondition(actor, documents.resellerId)))
      .limit(1);
    return rows[0] ?? null;
  }
}
