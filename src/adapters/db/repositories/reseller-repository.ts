import { eq, or, sql } from 'drizzle-orm';
import type { AccountManagerAssignments, ResellerLookup, ResellerRef } from '../../../app/users/ports';
import { normalizeDocument } from '../../../domain/documents/cpf-cnpj';
import type { Db } from '../database';
import { accountManagerResellers, resellers } from '../schema';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class DbResellerRepository implements ResellerLookup, AccountManagerAssignments {
  constructor(private readonly db: Db) {}

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
