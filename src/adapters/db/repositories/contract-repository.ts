import { createHash } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Page } from '../../../app/clients/ports';
import type {
  ContractDraft,
  ContractIssue,
  ContractListQuery,
  ContractRecord,
  ContractRepository,
  ContractSummary,
  IssuedContract,
} from '../../../app/contracts/ports';
import type { PricedQuoteJson, QuoteInput } from '../../../app/quotes/quote-json';
import type { Actor } from '../../../domain/access/roles';
import { ON_CONTRACT_ISSUED, ON_PENDING_CANCELLED } from '../../../domain/clients/client-lifecycle';
import { contractNumber } from '../../../domain/contracts/contract-rules';
import type { Periodicity } from '../../../domain/pricing/catalog';
import type { Db } from '../database';
import {
  auditLog,
  clients,
  contractNumberSeq,
  contracts,
  documents,
  proposals,
  resellers,
  signatureRequests,
  users,
} from '../schema';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const issuer = alias(users, 'issuer');

/** The issued PDF of each contract (kind 'contrato'): one per version. */
const issuedDocument = alias(documents, 'issued_document');

const summaryColumns = {
  id: contracts.id,
  number: contracts.number,
  version: contracts.version,
  kind: contracts.kind,
  status: contracts.status,
  clientId: contracts.clientId,
  clientLegalName: clients.legalName,
  clientTradeName: clients.tradeName,
  clientDocument: clients.document,
  resellerId: contracts.resellerId,
  resellerName: resellers.name,
  proposalId: contracts.proposalId,
  proposalNumber: proposals.number,
  priceBookId: contracts.priceBookId,
  productCode: contracts.productCode,
  periodicity: contracts.periodicity,
  monthlyNegotiatedCents: contracts.monthlyNegotiatedCents,
  periodTotalCents: contracts.periodTotalCents,
  setupFeeCents: contracts.setupFeeCents,
  keepPaidThrough: contracts.keepPaidThrough,
  issuedByName: issuer.name,
  issuedAt: contracts.issuedAt,
  signedAt: contracts.signedAt,
  cancelledAt: contracts.cancelledAt,
  cancelReason: contracts.cancelReason,
  documentId: issuedDocument.id,
};

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every open signing link of a contract version stops working (cancelled or superseded). */
async function invalidateRequests(tx: Pick<Db, 'update'>, contractId: string): Promise<void> {
  await tx
    .update(signatureRequests)
    .set({ invalidatedAt: sql`now()` })
    .where(and(eq(signatureRequests.contractId, contractId), isNull(signatureRequests.invalidatedAt)));
}

export class DbContractRepository implements ContractRepository {
  constructor(private readonly db: Db) {}

  async issue(
    issue: ContractIssue,
    render: (draft: ContractDraft) => Promise<Uint8Array>,
  ): Promise<IssuedContract> {
    return this.db.transaction(async (tx) => {
      // Serialises issues for one client: version numbers and the one-pending rule stay consistent.
      const [client] = await tx
        .select()
        .from(clients)
        .where(eq(clients.id, issue.clientId))
        .for('update')
        .limit(1);
      if (!client) throw new Error(`cliente ${issue.clientId} não encontrado`);
      const [reseller] = await tx
        .select()
        .from(resellers)
        .where(eq(resellers.id, client.resellerId))
        .limit(1);
      const [issuedBy] = await tx
        .select({ name: users.name })
        .from(users)
        .where(eq(users.id, issue.issuedBy))
        .limit(1);
      const [{ next }] = (await tx
        .select({ next: sql<number>`coalesce(max(${contracts.version}), 0)::int + 1` })
        .from(contracts)
        .where(eq(contracts.clientId, client.id))) as [{ next: number }];
      const version = Number(next);
      const seq = (await tx.execute(
        sql`select nextval(${sql.raw(`'${contractNumberSeq.seqName}'`)}) as n`,
      )) as unknown as { rows: { n: string | number }[] };
      const number = contractNumber(issue.issuedOn.slice(0, 4), Number(seq.rows[0]!.n));

      const [replaced] = await tx
        .update(contracts)
        .set({
          status: 'cancelado',
          cancelledAt: sql`now()`,
          cancelReason: `Substituído pela versão ${version}`,
        })
        .where(and(eq(contracts.clientId, client.id), eq(contracts.status, 'aguardando_assinatura')))
        .returning({ id: contracts.id, number: contracts.number, version: contracts.version });

      // The replaced version's signing links stop working.
      if (replaced) await invalidateRequests(tx, replaced.id);

      const p = issue.pricing;
      const [row] = await tx
        .insert(contracts)
        .values({
          number,
          clientId: client.id,
          resellerId: client.resellerId,
          proposalId: issue.proposalId,
          priceBookId: issue.priceBookId,
          version,
          kind: issue.kind,
          status: 'aguardando_assinatura',
          productCode: p.product,
          periodicity: p.periodicity,
          paymentMethod: p.payment.method,
          cardInstallments: p.payment.card_installments,
          monthlyNegotiatedCents: p.monthly_negotiated_cents,
          periodTotalCents: p.period_total_cents,
          setupFeeCents: p.setup_fee_cents,
          repasseMonthlyCents: p.repasse.monthly_cents,
          configuration: issue.configuration as unknown as Record<string, unknown>,
          pricing: p as unknown as Record<string, unknown>,
          keepPaidThrough: issue.keepPaidThrough,
          // The responsável who must sign this version, frozen (the ceremony checks name and CPF against it).
          signerName: client.responsibleName,
          signerCpf: client.responsibleCpf,
          signerEmail: client.responsibleEmail,
          issuedBy: issue.issuedBy,
        })
        .returning({ id: contracts.id });
      const contractId = row!.id;

      const pdf = await render({
        number,
        version,
        kind: issue.kind,
        issuedOn: issue.issuedOn,
        pricing: p,
        keepPaidThrough: issue.keepPaidThrough,
        issuedByName: issuedBy?.name ?? null,
        parties: {
          client: {
            id: client.id,
            legalName: client.legalName,
            tradeName: client.tradeName,
            document: client.document,
            stateRegistration: client.stateRegistration,
            email: client.email,
            street: client.street,
            number: client.number,
            district: client.district,
            city: client.city,
            state: client.state,
            cep: client.cep,
            responsibleName: client.responsibleName ?? '',
            responsibleCpf: client.responsibleCpf ?? '',
            responsibleEmail: client.responsibleEmail ?? '',
          },
          reseller: {
            id: reseller!.id,
            name: reseller!.name,
            legalName: reseller!.legalName,
            document: reseller!.document,
            city: reseller!.city,
            state: reseller!.state,
          },
        },
      });
      const sha256 = sha256Hex(pdf);
      const [doc] = await tx
        .insert(documents)
        .values({
          clientId: client.id,
          resellerId: client.resellerId,
          kind: 'contrato',
          contractId,
          filename: `contrato-${number}-v${version}.pdf`,
          contentType: 'application/pdf',
          content: pdf,
          sizeBytes: pdf.byteLength,
          sha256,
        })
        .returning({ id: documents.id });

      await tx
        .update(clients)
        .set({ status: ON_CONTRACT_ISSUED.to, updatedAt: sql`now()` })
        .where(and(eq(clients.id, client.id), inArray(clients.status, [...ON_CONTRACT_ISSUED.from])));

      const actor = { actorUserId: issue.issuedBy, actorEmail: issue.actorEmail, ip: issue.ip };
      if (replaced) {
        await tx.insert(auditLog).values({
          ...actor,
          action: 'contract.cancelled',
          entityType: 'contract',
          entityId: replaced.id,
          details: {
            number: replaced.number,
            version: replaced.version,
            reason: `Substituído pela versão ${version}`,
            replacedBy: contractId,
          },
        });
      }
      await tx.insert(auditLog).values({
        ...actor,
        action: 'contract.issued',
        entityType: 'contract',
        entityId: contractId,
        details: {
          number,
          version,
          kind: issue.kind,
          clientId: client.id,
          proposalId: issue.proposalId,
          documentId: doc!.id,
          sha256,
          monthlyNegotiatedCents: p.monthly_negotiated_cents,
          keepPaidThrough: issue.keepPaidThrough,
          // Who must sign this version (the ceremony checks name and CPF against it, not the client's current data).
          signer: {
            name: client.responsibleName,
            cpf: client.responsibleCpf,
            email: client.responsibleEmail,
          },
          ...(replaced ? { replaced: replaced.id } : {}),
        },
      });
      return { id: contractId, number, version, documentId: doc!.id, sha256, replaced: replaced ?? null };
    });
  }

  async findVisible(actor: Actor, id: string): Promise<ContractRecord | null> {
    if (!UUID_RE.test(id)) return null;
    const rows = await this.db
      .select({ ...summaryColumns, configuration: contracts.configuration, pricing: contracts.pricing })
      .from(contracts)
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .innerJoin(resellers, eq(resellers.id, contracts.resellerId))
      .leftJoin(proposals, eq(proposals.id, contracts.proposalId))
      .leftJoin(issuer, eq(issuer.id, contracts.issuedBy))
      .leftJoin(
        issuedDocument,
        and(eq(issuedDocument.contractId, contracts.id), eq(issuedDocument.kind, 'contrato')),
      )
      .where(and(eq(contracts.id, id), visibleResellerCondition(actor, contracts.resellerId)))
      .limit(1);
    const r = rows[0];
    if (!r) return null;
    return {
      ...r,
      periodicity: r.periodicity as Periodicity,
      configuration: r.configuration as unknown as QuoteInput,
      pricing: r.pricing as unknown as PricedQuoteJson,
    };
  }

  async list(actor: Actor, query: ContractListQuery): Promise<Page<ContractSummary>> {
    const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const conditions: (SQL | undefined)[] = [visibleResellerCondition(actor, contracts.resellerId)];
    if (query.clientId !== undefined) {
      if (!UUID_RE.test(query.clientId)) return empty;
      conditions.push(eq(contracts.clientId, query.clientId));
    }
    if (query.status) conditions.push(eq(contracts.status, query.status));
    const where = and(...conditions);
    const [rows, totals] = await Promise.all([
      this.db
        .select(summaryColumns)
        .from(contracts)
        .innerJoin(clients, eq(clients.id, contracts.clientId))
        .innerJoin(resellers, eq(resellers.id, contracts.resellerId))
        .leftJoin(proposals, eq(proposals.id, contracts.proposalId))
        .leftJoin(issuer, eq(issuer.id, contracts.issuedBy))
        .leftJoin(
          issuedDocument,
          and(eq(issuedDocument.contractId, contracts.id), eq(issuedDocument.kind, 'contrato')),
        )
        .where(where)
        .orderBy(desc(contracts.issuedAt), desc(contracts.version))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.db.select({ total: count() }).from(contracts).where(where),
    ]);
    return {
      items: rows.map((r) => ({ ...r, periodicity: r.periodicity as Periodicity })),
      total: Number(totals[0]?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async hasSignedContract(clientId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.clientId, clientId), eq(contracts.status, 'assinado')))
      .limit(1);
    return rows.length > 0;
  }

  async cancelPending(
    id: string,
    reason: string,
    audit: { actorUserId: string; actorEmail: string; ip: string | null },
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(contracts)
        .set({ status: 'cancelado', cancelledAt: sql`now()`, cancelReason: reason })
        .where(and(eq(contracts.id, id), eq(contracts.status, 'aguardando_assinatura')))
        .returning({ number: contracts.number, version: contracts.version, clientId: contracts.clientId });
      if (!row) return false;
      await invalidateRequests(tx, id);
      // Only when no signed contract and no other pending version remain.
      await tx
        .update(clients)
        .set({ status: ON_PENDING_CANCELLED.to, updatedAt: sql`now()` })
        .where(
          and(
            eq(clients.id, row.clientId),
            inArray(clients.status, [...ON_PENDING_CANCELLED.from]),
            sql`not exists (select 1 from ${contracts} where ${contracts.clientId} = ${row.clientId} and ${contracts.status} in ('assinado', 'aguardando_assinatura'))`,
          ),
        );
      await tx.insert(auditLog).values({
        ...audit,
        action: 'contract.cancelled',
        entityType: 'contract',
        entityId: id,
        details: { number: row.number, version: row.version, reason },
      });
      return true;
    });
  }
}
