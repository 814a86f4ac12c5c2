import { and, count, desc, eq } from 'drizzle-orm';
import type { LicenceStore, PendingContract } from '../../../app/licence/ports';
import type { PricedQuoteJson } from '../../../app/quotes/quote-json';
import type { Origin } from '../../../app/signatures/signature-store';
import type { Db } from '../database';
import { clients, contracts, resellers, signatureEvents } from '../schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What the Hiper software's licence API reads: the client's pending version and its postponements. */
export class DbLicenceRepository implements LicenceStore {
  constructor(private readonly db: Db) {}

  async pendingContract(clientId: string): Promise<PendingContract | null> {
    const [r] = await this.db
      .select({
        id: contracts.id,
        number: contracts.number,
        version: contracts.version,
        kind: contracts.kind,
        status: contracts.status,
        resellerId: contracts.resellerId,
        resellerName: resellers.name,
        clientId: contracts.clientId,
        clientLegalName: clients.legalName,
        clientDocument: clients.document,
        clientStatus: clients.status,
        signerName: contracts.signerName,
        signerCpf: contracts.signerCpf,
        signerEmail: contracts.signerEmail,
        pricing: contracts.pricing,
        signedAt: contracts.signedAt,
      })
      .from(contracts)
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .innerJoin(resellers, eq(resellers.id, contracts.resellerId))
      .where(and(eq(contracts.clientId, clientId), eq(contracts.status, 'aguardando_assinatura')))
      .orderBy(desc(contracts.version))
      .limit(1);
    if (!r) return null;
    return { ...r, pricing: r.pricing as unknown as PricedQuoteJson };
  }

  postponements(contractId: string, db: Db | Tx = this.db): Promise<number> {
    return db
      .select({ n: count() })
      .from(signatureEvents)
      .where(and(eq(signatureEvents.contractId, contractId), eq(signatureEvents.type, 'postponed')))
      .then((rows) => Number(rows[0]?.n ?? 0));
  }

  async postpone(
    contractId: string,
    max: number,
    at: Date,
    origin: Origin,
    details: Record<string, unknown>,
  ): Promise<{ recorded: boolean; used: number }> {
    return this.db.transaction(async (tx) => {
      // Locks the contract: two clicks at once cannot both take the last postponement.
      await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId)).for('update');
      const used = await this.postponements(contractId, tx);
      if (used >= max) return { recorded: false, used };
      await tx.insert(signatureEvents).values({
        contractId,
        requestId: null,
        type: 'postponed',
        at,
        ip: origin.ip,
        userAgent: origin.userAgent,
        details: { ...details, postponement: used + 1 },
      });
      return { recorded: true, used: used + 1 };
    });
  }
}
