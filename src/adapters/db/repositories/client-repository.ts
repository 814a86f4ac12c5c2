import { and, asc, count, desc, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { ClientEventStore } from '../../../app/clients/client-events';
import type { ClientFields, DocumentHolder } from '../../../app/clients/client-fields';
import type { ClientCreationStore, NewClient } from '../../../app/clients/create-client';
import type {
  ClientDetail,
  ClientEvent,
  ClientListQuery,
  ClientRepository,
  ClientSummary,
  Page,
} from '../../../app/clients/ports';
import type { ClientUpdateStore } from '../../../app/clients/update-client';
import type { Actor } from '../../../domain/access/roles';
import { normalizeDocument } from '../../../domain/documents/cpf-cnpj';
import type { Db } from '../database';
import { auditLog, clients, contracts, proposals, resellers } from '../schema';
import { escapeLike } from '../sql-helpers';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const summaryColumns = {
  id: clients.id,
  legalName: clients.legalName,
  tradeName: clients.tradeName,
  document: clients.document,
  city: clients.city,
  state: clients.state,
  status: clients.status,
  productCode: clients.productCode,
  resellerId: clients.resellerId,
  resellerName: resellers.name,
  monthlyFeeCents: clients.monthlyFeeCents,
  repasseCents: clients.repasseCents,
  paidThrough: clients.paidThrough,
};

/** PostgreSQL unique_violation (23505), as pg raises it or wrapped by drizzle in `cause`. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export class DbClientRepository
  implements ClientRepository, ClientCreationStore, ClientUpdateStore, ClientEventStore
{
  constructor(private readonly db: Db) {}

  async list(actor: Actor, query: ClientListQuery): Promise<Page<ClientSummary>> {
    const conditions: (SQL | undefined)[] = [visibleResellerCondition(actor, clients.resellerId)];
    if (query.status) conditions.push(eq(clients.status, query.status));
    if (query.search) {
      const term = `%${escapeLike(query.search)}%`;
      const doc = normalizeDocument(query.search);
      conditions.push(
        or(
          ilike(clients.legalName, term),
          ilike(clients.tradeName, term),
          doc.length >= 3 ? ilike(clients.document, `%${escapeLike(doc)}%`) : undefined,
        ),
      );
    }
    const where = and(...conditions);
    const [rows, totals] = await Promise.all([
      this.db
        .select(summaryColumns)
        .from(clients)
        .innerJoin(resellers, eq(resellers.id, clients.resellerId))
        .where(where)
        .orderBy(asc(clients.legalName), asc(clients.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.db.select({ total: count() }).from(clients).where(where),
    ]);
    return { items: rows, total: Number(totals[0]?.total ?? 0), page: query.page, pageSize: query.pageSize };
  }

  async visibleReseller(actor: Actor, resellerId: string) {
    if (!UUID_RE.test(resellerId)) return null;
    const rows = await this.db
      .select({ id: resellers.id, name: resellers.name, active: resellers.active })
      .from(resellers)
      .where(and(eq(resellers.id, resellerId), visibleResellerCondition(actor, resellers.id)))
      .limit(1);
    return rows[0] ?? null;
  }

  async create(client: NewClient): Promise<string | null> {
    try {
      const [row] = await this.db
        .insert(clients)
        .values({ ...client, status: 'prospect' })
        .returning({ id: clients.id });
      return row!.id;
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async findVisible(actor: Actor, id: string): Promise<ClientDetail | null> {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.db
      .select({
        ...summaryColumns,
        email: clients.email,
        phone: clients.phone,
        contactName: clients.contactName,
        street: clients.street,
        number: clients.number,
        district: clients.district,
        cep: clients.cep,
        stateRegistration: clients.stateRegistration,
        billingEmails: clients.billingEmails,
        responsibleName: clients.responsibleName,
        responsibleCpf: clients.responsibleCpf,
        responsibleEmail: clients.responsibleEmail,
        activatedOn: clients.activatedOn,
        createdAt: clients.createdAt,
        updatedAt: clients.updatedAt,
      })
      .from(clients)
      .innerJoin(resellers, eq(resellers.id, clients.resellerId))
      .where(and(eq(clients.id, id), visibleResellerCondition(actor, clients.resellerId)))
      .limit(1);
    return rows[0] ?? null;
  }

  async documentHolder(document: string, exceptClientId?: string): Promise<DocumentHolder | null> {
    const rows = await this.db
      .select({ clientId: clients.id, resellerId: resellers.id, resellerName: resellers.name })
      .from(clients)
      .innerJoin(resellers, eq(resellers.id, clients.resellerId))
      .where(
        and(
          eq(clients.document, normalizeDocument(document)),
          exceptClientId && UUID_RE.test(exceptClientId) ? ne(clients.id, exceptClientId) : undefined,
        ),
      )
      .orderBy(asc(clients.createdAt))
      .limit(1);
    return rows[0] ?? null;
  }

  async hasContracts(clientId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.clientId, clientId), ne(contracts.status, 'cancelado')))
      .limit(1);
    return rows.length > 0;
  }

  async update(clientId: string, fields: ClientFields): Promise<boolean> {
    try {
      await this.db
        .update(clients)
        .set({ ...fields, updatedAt: sql`now()` })
        .where(eq(clients.id, clientId));
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async events(clientId: string, limit: number): Promise<ClientEvent[]> {
    const proposalIds = sql`(select ${proposals.id}::text from ${proposals} where ${proposals.clientId} = ${clientId})`;
    const contractIds = sql`(select ${contracts.id}::text from ${contracts} where ${contracts.clientId} = ${clientId})`;
    return this.db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorEmail: auditLog.actorEmail,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        details: auditLog.details,
      })
      .from(auditLog)
      .where(
        or(
          and(eq(auditLog.entityType, 'client'), eq(auditLog.entityId, clientId)),
          and(eq(auditLog.entityType, 'proposal'), inArray(auditLog.entityId, proposalIds)),
          and(eq(auditLog.entityType, 'contract'), inArray(auditLog.entityId, contractIds)),
        ),
      )
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit);
  }
}
