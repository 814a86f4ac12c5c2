import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Page } from '../../../app/clients/ports';
import type {
  NewProposal,
  ProposalListQuery,
  ProposalPricingChange,
  ProposalRecord,
  ProposalRepository,
  ProposalStatus,
  ProposalSummary,
} from '../../../app/proposals/ports';
import type { PricedQuoteJson, QuoteInput } from '../../../app/quotes/quote-json';
import type { Actor } from '../../../domain/access/roles';
import type { Periodicity } from '../../../domain/pricing/catalog';
import type { Db } from '../database';
import { clients, proposalNumberSeq, proposals, resellers, users } from '../schema';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The denormalised columns, for lists and reports without opening the JSON. */
function pricingColumns(configuration: QuoteInput, pricing: PricedQuoteJson) {
  return {
    productCode: pricing.product,
    periodicity: pricing.periodicity,
    paymentMethod: pricing.payment.method,
    cardInstallments: pricing.payment.card_installments,
    monthlyNegotiatedCents: pricing.monthly_negotiated_cents,
    periodTotalCents: pricing.period_total_cents,
    setupFeeCents: pricing.setup_fee_cents,
    repasseMonthlyCents: pricing.repasse.monthly_cents,
    configuration: configuration as unknown as Record<string, unknown>,
    pricing: pricing as unknown as Record<string, unknown>,
  };
}

export class DbProposalRepository implements ProposalRepository {
  constructor(private readonly db: Db) {}

  async nextSequence(): Promise<number> {
    const result = (await this.db.execute(
      sql`select nextval(${sql.raw(`'${proposalNumberSeq.seqName}'`)}) as n`,
    )) as {
      rows: { n: string | number }[];
    };
    return Number(result.rows[0]!.n);
  }

  async insert(p: NewProposal): Promise<string> {
    const [row] = await this.db
      .insert(proposals)
      .values({
        number: p.number,
        clientId: p.clientId,
        resellerId: p.resellerId,
        priceBookId: p.priceBookId,
        status: 'rascunho',
        validUntil: p.validUntil,
        createdBy: p.createdBy,
        ...pricingColumns(p.configuration, p.pricing),
      })
      .returning({ id: proposals.id });
    return row!.id;
  }

  async findVisible(actor: Actor, id: string): Promise<ProposalRecord | null> {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.db
      .select({
        id: proposals.id,
        number: proposals.number,
        status: proposals.status,
        clientId: clients.id,
        clientLegalName: clients.legalName,
        clientTradeName: clients.tradeName,
        clientDocument: clients.document,
        clientEmail: clients.email,
        resellerId: resellers.id,
        resellerName: resellers.name,
        priceBookId: proposals.priceBookId,
        configuration: proposals.configuration,
        pricing: proposals.pricing,
        validUntil: proposals.validUntil,
        createdByName: users.name,
        createdAt: proposals.createdAt,
        updatedAt: proposals.updatedAt,
      })
      .from(proposals)
      .innerJoin(clients, eq(clients.id, proposals.clientId))
      .innerJoin(resellers, eq(resellers.id, proposals.resellerId))
      .leftJoin(users, eq(users.id, proposals.createdBy))
      .where(and(eq(proposals.id, id), visibleResellerCondition(actor, proposals.resellerId)))
      .limit(1);
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      number: r.number,
      status: r.status,
      client: {
        id: r.clientId,
        legalName: r.clientLegalName,
        tradeName: r.clientTradeName,
        document: r.clientDocument,
        email: r.clientEmail,
      },
      reseller: { id: r.resellerId, name: r.resellerName },
      priceBookId: r.priceBookId,
      configuration: r.configuration as unknown as QuoteInput,
      pricing: r.pricing as unknown as PricedQuoteJson,
      validUntil: r.validUntil,
      createdByName: r.createdByName,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  async list(actor: Actor, query: ProposalListQuery): Promise<Page<ProposalSummary>> {
    const conditions: (SQL | undefined)[] = [visibleResellerCondition(actor, proposals.resellerId)];
    if (query.clientId !== undefined) {
      if (!UUID_RE.test(query.clientId))
        return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      conditions.push(eq(proposals.clientId, query.clientId));
    }
    if (query.status) conditions.push(eq(proposals.status, query.status));
    const where = and(...conditions);
    const [rows, totals] = await Promise.all([
      this.db
        .select({
          id: proposals.id,
          number: proposals.number,
          status: proposals.status,
          clientId: clients.id,
          clientLegalName: clients.legalName,
          clientTradeName: clients.tradeName,
          clientDocument: clients.document,
          productCode: proposals.productCode,
          periodicity: proposals.periodicity,
          monthlyNegotiatedCents: proposals.monthlyNegotiatedCents,
          periodTotalCents: proposals.periodTotalCents,
          validUntil: proposals.validUntil,
          createdAt: proposals.createdAt,
        })
        .from(proposals)
        .innerJoin(clients, eq(clients.id, proposals.clientId))
        .where(where)
        .orderBy(desc(proposals.createdAt), desc(proposals.number))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.db.select({ total: count() }).from(proposals).where(where),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        number: r.number,
        status: r.status,
        client: {
          id: r.clientId,
          legalName: r.clientLegalName,
          tradeName: r.clientTradeName,
          document: r.clientDocument,
        },
        productCode: r.productCode,
        periodicity: r.periodicity as Periodicity,
        monthlyNegotiatedCents: r.monthlyNegotiatedCents,
        periodTotalCents: r.periodTotalCents,
        validUntil: r.validUntil,
        createdAt: r.createdAt,
      })),
      total: Number(totals[0]?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async savePricing(id: string, change: ProposalPricingChange): Promise<boolean> {
    const rows = await this.db
      .update(proposals)
      .set({
        priceBookId: change.priceBookId,
        status: change.status,
        validUntil: change.validUntil,
        updatedAt: sql`now()`,
        ...pricingColumns(change.configuration, change.pricing),
      })
      .where(and(eq(proposals.id, id), sql`${proposals.status} <> 'cancelada'`))
      .returning({ id: proposals.id });
    return rows.length > 0;
  }

  async changeStatus(id: string, from: readonly ProposalStatus[], to: ProposalStatus): Promise<boolean> {
    const rows = await this.db
      .update(proposals)
      .set({ status: to, updatedAt: sql`now()` })
      .where(and(eq(proposals.id, id), inArray(proposals.status, [...from])))
      .returning({ id: proposals.id });
    return rows.length > 0;
  }
}
