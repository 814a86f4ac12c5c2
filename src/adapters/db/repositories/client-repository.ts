import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { ClientCreationStore, NewClient } from '../../../app/clients/create-client';
import type {
  ClientDetail,
  ClientListQuery,
  ClientRepository,
  ClientSummary,
  Page,
} from '../../../app/clients/ports';
import type { Actor } from '../../../domain/access/roles';
import { normalizeDocument } from '../../../domain/documents/cpf-cnpj';
import type { Db } from '../database';
import { clients, resellers } from '../schema';
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class DbClientRepository implements ClientRepository, ClientCreationStore {
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
        .values({ ...client, status: 'aguardando_contrato' })
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
        activatedOn: clients.activatedOn,
        createdAt: clients.createdAt,
      })
      .from(clients)
      .innerJoin(resellers, eq(resellers.id, clients.resellerId))
      .where(and(eq(clients.id, id), visibleResellerCondition(actor, clients.resellerId)))
      .limit(1);
    return rows[0] ?? null;
  }
}
