import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type {
  ClientImportStore,
  ExistingImportClient,
  ImportWrite,
} from '../../../app/imports/import-clients';
import { AppError } from '../../../app/shared/errors';
import type { ResellerRef } from '../../../app/users/ports';
import type { Db } from '../database';
import { auditLog, clients, resellers } from '../schema';
import { isUniqueViolation } from './client-repository';
import type { DbResellerRepository } from './reseller-repository';

const CHUNK = 1000;

/** Storage for the client import: staff-only, so lookups are system-wide (no tenancy filter). */
export class DbClientImportStore implements ClientImportStore {
  constructor(
    private readonly db: Db,
    private readonly resellerRepository: DbResellerRepository,
  ) {}

  findByReference(reference: string): Promise<ResellerRef[]> {
    return this.resellerRepository.findByReference(reference);
  }

  async clientsByDocuments(documents: string[]): Promise<ExistingImportClient[]> {
    const found: ExistingImportClient[] = [];
    const unique = [...new Set(documents)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.db
        .select({
          id: clients.id,
          document: clients.document,
          resellerId: clients.resellerId,
          resellerName: resellers.name,
          email: clients.email,
          phone: clients.phone,
          productCode: clients.productCode,
          monthlyFeeCents: clients.monthlyFeeCents,
          paidThrough: clients.paidThrough,
          responsibleName: clients.responsibleName,
          responsibleCpf: clients.responsibleCpf,
          responsibleEmail: clients.responsibleEmail,
        })
        .from(clients)
        .innerJoin(resellers, eq(resellers.id, clients.resellerId))
        .where(inArray(clients.document, unique.slice(i, i + CHUNK)))
        .orderBy(asc(clients.createdAt));
      found.push(...rows);
    }
    // The oldest holder of a document wins (a document is one client in the whole system).
    const byDocument = new Map<string, ExistingImportClient>();
    for (const c of found) if (!byDocument.has(c.document)) byDocument.set(c.document, c);
    return [...byDocument.values()];
  }

  async applyImport(write: ImportWrite): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        for (let i = 0; i < write.creates.length; i += CHUNK) {
          await tx.insert(clients).values(write.creates.slice(i, i + CHUNK));
        }
        for (const u of write.updates) {
          const updated = await tx
            .update(clients)
            .set({ ...u.fields, updatedAt: sql`now()` })
            .where(and(eq(clients.id, u.id), eq(clients.resellerId, u.resellerId)))
            .returning({ id: clients.id });
          if (updated.length !== 1) {
            throw new AppError(
              'conflict',
              'Um cliente do arquivo mudou durante a importação: pré-visualize de novo e importe outra vez.',
            );
          }
        }
        for (let i = 0; i < write.audit.length; i += CHUNK) {
          await tx.insert(auditLog).values(
            write.audit.slice(i, i + CHUNK).map((e) => ({
              actorUserId: e.actorUserId,
              actorEmail: e.actorEmail,
              action: e.action,
              entityType: e.entityType,
              entityId: e.entityId ?? null,
              ip: e.ip ?? null,
              details: e.details ?? {},
            })),
          );
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(
          'conflict',
          'Outro cadastro com um dos CPF/CNPJ do arquivo foi feito durante a importação: nada foi importado; pré-visualize de novo.',
        );
      }
      throw err;
    }
  }
}
