import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PricedQuoteJson } from '../../../app/quotes/quote-json';
import type {
  Origin,
  SignatureEvent,
  SignatureEventType,
  SignatureStore,
  SigningRequest,
  StoredPdf,
} from '../../../app/signatures/signature-store';
import { transitionOnSigned } from '../../../domain/clients/client-lifecycle';
import type { Db } from '../database';
import {
  auditLog,
  clients,
  contracts,
  documents,
  resellers,
  signatureEvents,
  signatureRequests,
} from '../schema';
import { sha256Hex } from './contract-repository';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const requestColumns = {
  id: signatureRequests.id,
  expiresAt: signatureRequests.expiresAt,
  invalidatedAt: signatureRequests.invalidatedAt,
  documentSha256: signatureRequests.documentSha256,
  codeHash: signatureRequests.codeHash,
  codeExpiresAt: signatureRequests.codeExpiresAt,
  codeAttempts: signatureRequests.codeAttempts,
  viewedAt: signatureRequests.viewedAt,
  signedAt: signatureRequests.signedAt,
  refusedAt: signatureRequests.refusedAt,
  contractId: contracts.id,
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
  contractSignedAt: contracts.signedAt,
};

export class DbSignatureRepository implements SignatureStore {
  constructor(private readonly db: Db) {}

  async createRequest(input: {
    contractId: string;
    tokenHash: string;
    expiresAt: Date;
    documentSha256: string;
    at: Date;
  }): Promise<{ id: string }> {
    return this.db.transaction(async (tx) => {
      await tx
        .update(signatureRequests)
        .set({ invalidatedAt: input.at })
        .where(
          and(eq(signatureRequests.contractId, input.contractId), isNull(signatureRequests.invalidatedAt)),
        );
      const [row] = await tx
        .insert(signatureRequests)
        .values({
          contractId: input.contractId,
          tokenHash: input.tokenHash,
          expiresAt: input.expiresAt,
          documentSha256: input.documentSha256,
          createdAt: input.at,
        })
        .returning({ id: signatureRequests.id });
      return { id: row!.id };
    });
  }

  private async find(db: Db | Tx, tokenHash: string, lock = false): Promise<SigningRequest | null> {
    const query = db
      .select(requestColumns)
      .from(signatureRequests)
      .innerJoin(contracts, eq(contracts.id, signatureRequests.contractId))
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .innerJoin(resellers, eq(resellers.id, contracts.resellerId))
      .where(eq(signatureRequests.tokenHash, tokenHash))
      .limit(1);
    const rows = lock ? await query.for('update', { of: [signatureRequests, contracts] }) : await query;
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      expiresAt: r.expiresAt,
      invalidatedAt: r.invalidatedAt,
      documentSha256: r.documentSha256,
      codeHash: r.codeHash,
      codeExpiresAt: r.codeExpiresAt,
      codeAttempts: r.codeAttempts,
      viewedAt: r.viewedAt,
      signedAt: r.signedAt,
      refusedAt: r.refusedAt,
      contract: {
        id: r.contractId,
        number: r.number,
        version: r.version,
        kind: r.kind,
        status: r.status,
        resellerId: r.resellerId,
        resellerName: r.resellerName,
        clientId: r.clientId,
        clientLegalName: r.clientLegalName,
        clientDocument: r.clientDocument,
        clientStatus: r.clientStatus,
        signerName: r.signerName,
        signerCpf: r.signerCpf,
        signerEmail: r.signerEmail,
        pricing: r.pricing as unknown as PricedQuoteJson,
        signedAt: r.contractSignedAt,
      },
    };
  }

  findByTokenHash(tokenHash: string): Promise<SigningRequest | null> {
    return this.find(this.db, tokenHash);
  }

  async signerOf(contractId: string) {
    const [row] = await this.db
      .select({ name: contracts.signerName, cpf: contracts.signerCpf, email: contracts.signerEmail })
      .from(contracts)
      .where(eq(contracts.id, contractId))
      .limit(1);
    return row ?? null;
  }

  async latestRequestFor(contractId: string): Promise<{ id: string } | null> {
    const [row] = await this.db
      .select({ id: signatureRequests.id })
      .from(signatureRequests)
      .where(eq(signatureRequests.contractId, contractId))
      .orderBy(desc(signatureRequests.createdAt))
      .limit(1);
    return row ?? null;
  }

  async recordEvent(
    contractId: string,
    requestId: string | null,
    type: SignatureEventType,
    at: Date,
    origin: Origin,
    details: Record<string, unknown> = {},
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db
      .insert(signatureEvents)
      .values({ contractId, requestId, type, at, ip: origin.ip, userAgent: origin.userAgent, details });
  }

  async markViewed(request: SigningRequest, at: Date, origin: Origin): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(signatureRequests)
        .set({ viewedAt: at })
        .where(and(eq(signatureRequests.id, request.id), isNull(signatureRequests.viewedAt)))
        .returning({ id: signatureRequests.id });
      if (rows.length === 0) return false;
      await this.recordEvent(request.contract.id, request.id, 'viewed', at, origin, {}, tx);
      return true;
    });
  }

  async storeCode(requestId: string, codeHash: string, codeExpiresAt: Date): Promise<void> {
    await this.db
      .update(signatureRequests)
      .set({ codeHash, codeExpiresAt, codeAttempts: 0 })
      .where(eq(signatureRequests.id, requestId));
  }

  async recordFailedCode(request: SigningRequest, at: Date, origin: Origin): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(signatureRequests)
        .set({ codeAttempts: sql`${signatureRequests.codeAttempts} + 1` })
        .where(eq(signatureRequests.id, request.id))
        .returning({ attempts: signatureRequests.codeAttempts });
      await this.recordEvent(
        request.contract.id,
        request.id,
        'code_failed',
        at,
        origin,
        {
          attempts: row!.attempts,
        },
        tx,
      );
      return row!.attempts;
    });
  }

  async events(contractId: string, db: Db | Tx = this.db): Promise<SignatureEvent[]> {
    const rows = await db
      .select({
        type: signatureEvents.type,
        at: signatureEvents.at,
        ip: signatureEvents.ip,
        userAgent: signatureEvents.userAgent,
        details: signatureEvents.details,
      })
      .from(signatureEvents)
      .where(eq(signatureEvents.contractId, contractId))
      .orderBy(asc(signatureEvents.at), asc(signatureEvents.id));
    return rows;
  }

  async pdf(contractId: string, kind: 'contrato' | 'contrato_assinado'): Promise<StoredPdf | null> {
    const [row] = await this.db
      .select({
        id: documents.id,
        filename: documents.filename,
        content: documents.content,
        sha256: documents.sha256,
      })
      .from(documents)
      .where(and(eq(documents.contractId, contractId), eq(documents.kind, kind)))
      .orderBy(desc(documents.createdAt))
      .limit(1);
    return row ?? null;
  }

  async completeSignature(
    request: SigningRequest,
    at: Date,
    origin: Origin,
    seal: (events: SignatureEvent[]) => Promise<Uint8Array>,
  ): Promise<{ documentId: string; sha256: string } | null> {
    return this.db.transaction(async (tx) => {
      // Locks the request and the contract: two clicks sign once.
      const [current] = await tx
        .select({
          status: contracts.status,
          signedAt: signatureRequests.signedAt,
          invalidatedAt: signatureRequests.invalidatedAt,
        })
        .from(signatureRequests)
        .innerJoin(contracts, eq(contracts.id, signatureRequests.contractId))
        .where(eq(signatureRequests.id, request.id))
        .for('update')
        .limit(1);
      if (current?.status !== 'aguardando_assinatura' || current.signedAt || current.invalidatedAt)
        return null;
      const c = request.contract;
      await this.recordEvent(c.id, request.id, 'code_accepted', at, origin, {}, tx);
      await this.recordEvent(
        c.id,
        request.id,
        'signed',
        at,
        origin,
        { document_sha256: request.documentSha256 },
        tx,
      );
      return this.storeSigned(tx, c, request.documentSha256, at, origin, seal, {}, async () => {
        await tx
          .update(signatureRequests)
          .set({ codeAcceptedAt: at, signedAt: at })
          .where(eq(signatureRequests.id, request.id));
      });
    });
  }

  async completeSoftwareSignature(
    contract: SigningRequest['contract'],
    documentSha256: string,
    at: Date,
    origin: Origin,
    details: Record<string, unknown>,
    seal: (events: SignatureEvent[]) => Promise<Uint8Array>,
  ): Promise<{ documentId: string; sha256: string } | null> {
    return this.db.transaction(async (tx) => {
      // Locks the contract: a web signature and the software's accept sign once.
      const [current] = await tx
        .select({ status: contracts.status })
        .from(contracts)
        .where(eq(contracts.id, contract.id))
        .for('update')
        .limit(1);
      if (current?.status !== 'aguardando_assinatura') return null;
      await this.recordEvent(
        contract.id,
        null,
        'signed',
        at,
        origin,
        { document_sha256: documentSha256, ...details },
        tx,
      );
      return this.storeSigned(tx, contract, documentSha256, at, origin, seal, details);
    });
  }

  /** The common end of a signature: sealed PDF stored, contract assinado, an ativação's client, audit. */
  private async storeSigned(
    tx: Tx,
    c: SigningRequest['contract'],
    documentSha256: string,
    at: Date,
    origin: Origin,
    seal: (events: SignatureEvent[]) => Promise<Uint8Array>,
    auditDetails: Record<string, unknown>,
    beforeClient?: () => Promise<void>,
  ): Promise<{ documentId: string; sha256: string }> {
    const sealed = await seal(await this.events(c.id, tx));
    const sha256 = sha256Hex(sealed);
    const [doc] = await tx
      .insert(documents)
      .values({
        clientId: c.clientId,
        resellerId: c.resellerId,
        kind: 'contrato_assinado',
        contractId: c.id,
        filename: `contrato-${c.number}-v${c.version}-assinado.pdf`,
        contentType: 'application/pdf',
        content: sealed,
        sizeBytes: sealed.byteLength,
        sha256,
        createdAt: at,
      })
      .returning({ id: documents.id });
    await tx.update(contracts).set({ status: 'assinado', signedAt: at }).where(eq(contracts.id, c.id));
    await beforeClient?.();
    const transition = transitionOnSigned(c.kind);
    if (transition) {
      await tx
        .update(clients)
        .set({ status: transition.to, updatedAt: sql`now()` })
        .where(and(eq(clients.id, c.clientId), inArray(clients.status, [...transition.from])));
    }
    await tx.insert(auditLog).values({
      actorUserId: null,
      actorEmail: c.signerEmail,
      ip: origin.ip,
      action: 'contract.signed',
      entityType: 'contract',
      entityId: c.id,
      details: {
        number: c.number,
        version: c.version,
        kind: c.kind,
        clientId: c.clientId,
        signer: { name: c.signerName, cpf: c.signerCpf, email: c.signerEmail },
        originalSha256: documentSha256,
        signedDocumentId: doc!.id,
        signedSha256: sha256,
        userAgent: origin.userAgent,
        ...auditDetails,
      },
    });
    return { documentId: doc!.id, sha256 };
  }

  async refuse(request: SigningRequest, reason: string, at: Date, origin: Origin): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const c = request.contract;
      const rows = await tx
        .update(contracts)
        .set({ status: 'recusado', cancelledAt: at, cancelReason: `Recusado pelo responsável: ${reason}` })
        .where(and(eq(contracts.id, c.id), eq(contracts.status, 'aguardando_assinatura')))
        .returning({ id: contracts.id });
      if (rows.length === 0) return false;
      await tx
        .update(signatureRequests)
        .set({ refusedAt: at, refusalReason: reason })
        .where(eq(signatureRequests.id, request.id));
      await this.recordEvent(c.id, request.id, 'refused', at, origin, { reason }, tx);
      await tx.insert(auditLog).values({
        actorUserId: null,
        actorEmail: c.signerEmail,
        ip: origin.ip,
        action: 'contract.refused',
        entityType: 'contract',
        entityId: c.id,
        details: {
          number: c.number,
          version: c.version,
          clientId: c.clientId,
          reason,
          userAgent: origin.userAgent,
        },
      });
      return true;
    });
  }
}
