import { and, asc, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { CardLinkRecord, CardStore, NewCard, StoredCard } from '../../../app/payments/card-registration';
import type { Db } from '../database';
import { cardRegistrationLinks, charges, clients, paymentCards, resellers } from '../schema';

const cardColumns = {
  id: paymentCards.id,
  clientId: paymentCards.clientId,
  gateway: paymentCards.gateway,
  token: paymentCards.token,
  brand: paymentCards.brand,
  last4: paymentCards.last4,
  expMonth: paymentCards.expMonth,
  expYear: paymentCards.expYear,
  holderName: paymentCards.holderName,
  createdAt: paymentCards.createdAt,
};

/**
 * Card registration links (only the token's SHA-256) and registered cards (gateway token, brand, last 4,
 * expiry, holder — never the number or CVV). Tenancy is the caller's: it reaches a client through
 * ClientRepository.findVisible or through a link token.
 */
export class DbCardRepository implements CardStore {
  constructor(private readonly db: Db) {}

  async createLink(input: {
    clientId: string;
    tokenHash: string;
    expiresAt: Date;
    createdBy: string | null;
    at: Date;
  }): Promise<{ id: string }> {
    return this.db.transaction(async (tx) => {
      await tx
        .update(cardRegistrationLinks)
        .set({ invalidatedAt: input.at })
        .where(
          and(
            eq(cardRegistrationLinks.clientId, input.clientId),
            isNull(cardRegistrationLinks.usedAt),
            isNull(cardRegistrationLinks.invalidatedAt),
          ),
        );
      const [row] = await tx
        .insert(cardRegistrationLinks)
        .values({
          clientId: input.clientId,
          tokenHash: input.tokenHash,
          expiresAt: input.expiresAt,
          createdBy: input.createdBy,
          createdAt: input.at,
        })
        .returning({ id: cardRegistrationLinks.id });
      return { id: row!.id };
    });
  }

  async findLink(tokenHash: string): Promise<CardLinkRecord | null> {
    const [row] = await this.db
      .select({
        id: cardRegistrationLinks.id,
        clientId: cardRegistrationLinks.clientId,
        clientLegalName: clients.legalName,
        clientStatus: clients.status,
        resellerId: clients.resellerId,
        resellerName: resellers.name,
        expiresAt: cardRegistrationLinks.expiresAt,
        usedAt: cardRegistrationLinks.usedAt,
        invalidatedAt: cardRegistrationLinks.invalidatedAt,
      })
      .from(cardRegistrationLinks)
      .innerJoin(clients, eq(clients.id, cardRegistrationLinks.clientId))
      .innerJoin(resellers, eq(resellers.id, clients.resellerId))
      .where(eq(cardRegistrationLinks.tokenHash, tokenHash))
      .limit(1);
    return row ?? null;
  }

  async activeCard(clientId: string): Promise<StoredCard | null> {
    const [row] = await this.db
      .select(cardColumns)
      .from(paymentCards)
      .where(and(eq(paymentCards.clientId, clientId), isNull(paymentCards.replacedAt)))
      .orderBy(desc(paymentCards.createdAt))
      .limit(1);
    return row ?? null;
  }

  async registerCard(linkId: string, card: NewCard, at: Date): Promise<StoredCard | null> {
    return this.db.transaction(async (tx) => {
      // Only a link still usable now: the condition makes two concurrent submits use it once.
      const used = await tx
        .update(cardRegistrationLinks)
        .set({ usedAt: at })
        .where(
          and(
            eq(cardRegistrationLinks.id, linkId),
            isNull(cardRegistrationLinks.usedAt),
            isNull(cardRegistrationLinks.invalidatedAt),
            gt(cardRegistrationLinks.expiresAt, at),
          ),
        )
        .returning({ id: cardRegistrationLinks.id });
      if (used.length === 0) return null;
      await tx
        .update(paymentCards)
        .set({ replacedAt: at })
        .where(and(eq(paymentCards.clientId, card.clientId), isNull(paymentCards.replacedAt)));
      const [row] = await tx
        .insert(paymentCards)
        .values({ ...card, createdAt: at })
        .returning(cardColumns);
      return row!;
    });
  }

  async openCardChargeIds(clientId: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: charges.id })
      .from(charges)
      .where(
        and(
          eq(charges.clientId, clientId),
          eq(charges.method, 'cartao'),
          inArray(charges.status, ['emitida', 'falhou']),
        ),
      )
      .orderBy(asc(charges.dueDate), asc(charges.createdAt));
    return rows.map((r) => r.id);
  }
}
