import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { ResellerDirectory, ResellerOverview } from '../../../app/resellers/list-resellers';
import type { AccountManagerAssignments, ResellerLookup, ResellerRef } from '../../../app/users/ports';
import type { Actor } from '../../../domain/access/roles';
import { BILLED_STATUSES } from '../../../domain/clients/client-status';
import { normalizeDocument } from '../../../domain/documents/cpf-cnpj';
import type { Db } from '../database';
import { accountManagerResellers, clients, resellers } from '../schema';
import { visibleResellerCondition } from '../tenancy';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BILLED = inArray(clients.status, [...BILLED_STATUSES]);

export class DbResellerRepository implements ResellerLookup, AccountManagerAssignments, ResellerDirectory {
  constructor(private readonly db: Db) {}

  async listVisible(actor: Actor): Promise<ResellerOverview[]> {
    const rows = await this.db
      .select({
        id: resellers.id,
        name: resellers.name,
        legalName: resellers.legalName,
        document: resellers.document,
        city: resellers.city,
        state: resellers.state,
        active: resellers.active,
        clientsTotal: sql<number>`count(${clients.id})::int`,
        clientsActive: sql<number>`(count(${clients.id}) filter (where ${clients.status} = 'ativo'))::int`,
        monthlyFeeTotalCents: sql<string>`coalesce(sum(${clients.monthlyFeeCents}) filter (where ${BILLED}), 0)`,
        repasseTotalCents: sql<string>`coalesce(sum(${clients.repasseCents}) filter (where ${BILLED}), 0)`,
      })
      .from(resellers)
      .leftJoin(clients, eq(clients.resellerId, resellers.id))
      .where(and(visibleResellerCondition(actor, resellers.id)))
      .groupBy(resellers.id)
      .orderBy(asc(resellers.name));
    // sum(bigint) is numeric: exact, returned as text; centavos fit a JS number.
    return rows.map((r) => ({
      ...r,
      monthlyFeeTotalCents: Number(r.monthlyFeeTotalCents),
      repasseTotalCents: Number(r.repasseTotalCents),
    }));
  }

  async findByReference(reference: string): Promise<ResellerRef[]> {
    const ref = reference.trim();
    if (ref === '') return [];
    const conditions = [
      eq(resellers.document, normalizeDocument(ref)),
      eq(sql`lower(${resellers.name})`, sql`lower(${ref})`),
    ];
    // Only a well-formed UUID may be compared with the id column (anything else is a cast error).
    if (UUID_PATTERN.test(ref)) conditions.push(eq(resellers.id, ref.toLowerCase()));
    const rows = await this.db
      .select({
        id: resellers.id,
        name: resellers.name,
        active: resellers.active,
        document: resellers.document,
      })
      .from(resellers)
      .where(or(...conditions))
      .orderBy(resellers.name);
    // An id or CNPJ match wins over a reseller that merely carries that text as its name.
    const byId = rows.filter((r) => r.id === ref.toLowerCase());
    const byDocument = rows.filter((r) => r.document === normalizeDocument(ref));
    const best = byId.length > 0 ? byId : byDocument.length > 0 ? byDocument : rows;
    return best.map(({ id, name, active }) => ({ id, name, active }));
  }

  async assign(userId: string, resellerIds: readonly string[]): Promise<void> {
    if (resellerIds.length === 0) return;
    await this.db
      .insert(accountManagerResellers)
      .values(resellerIds.map((resellerId) => ({ userId, resellerId })))
      .onConflictDoNothing();
  }
}
