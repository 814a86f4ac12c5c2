import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Page } from '../../../app/clients/ports';
import type {
  EntryResolution,
  NewStatementEntry,
  NewStatementFile,
  OpenChargeOption,
  StatementEntryRecord,
  StatementFileRecord,
  StatementListQuery,
  StatementRepository,
} from '../../../app/payments/statement-ports';
import { normalizeDocument } from '../../../domain/documents/cpf-cnpj';
import type { Cents } from '../../../domain/money/money';
import { type ChargeStatus, OPEN_CHARGE_STATUSES } from '../../../domain/payments/charges';
import type { Db } from '../database';
import { bankFiles, charges, clients, statementEntries, users } from '../schema';
import { escapeLike } from '../sql-helpers';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows per multi-row insert (9 parameters each): well under PostgreSQL's 65,535. */
const CHUNK = 1000;

const entryColumns = {
  id: statementEntries.id,
  fileId: statementEntries.fileId,
  filename: bankFiles.filename,
  account: statementEntries.account,
  fitid: statementEntries.fitid,
  postedOn: statementEntries.postedOn,
  amountCents: statementEntries.amountCents,
  memo: statementEntries.memo,
  payerDocument: statementEntries.payerDocument,
  status: statementEntries.status,
  chargeId: statementEntries.chargeId,
  chargeNumber: charges.number,
  clientName: clients.legalName,
  paymentId: statementEntries.paymentId,
  resolvedByName: users.name,
  resolvedAt: statementEntries.resolvedAt,
  dismissReason: statementEntries.dismissReason,
  raw: statementEntries.raw,
  createdAt: statementEntries.createdAt,
};

const fileColumns = {
  id: bankFiles.id,
  status: bankFiles.status,
  filename: bankFiles.filename,
  sha256: bankFiles.sha256,
  summary: bankFiles.summary,
  createdAt: bankFiles.createdAt,
  finishedAt: bankFiles.finishedAt,
};

type EntryRow = Omit<StatementEntryRecord, 'unmatchedMessage'>;

function toEntry(row: EntryRow): StatementEntryRecord {
  const match = row.raw.match as { message?: unknown } | undefined;
  return {
    ...row,
    unmatchedMessage: row.status === 'pendente' && typeof match?.message === 'string' ? match.message : null,
  };
}

export class DbStatementRepository implements StatementRepository {
  constructor(private readonly db: Db) {}

  private selectEntries(db: Pick<Db, 'select'> = this.db) {
    return db
      .select(entryColumns)
      .from(statementEntries)
      .leftJoin(bankFiles, eq(bankFiles.id, statementEntries.fileId))
      .leftJoin(charges, eq(charges.id, statementEntries.chargeId))
      .leftJoin(clients, eq(clients.id, charges.clientId))
      .leftJoin(users, eq(users.id, statementEntries.resolvedBy));
  }

  async findFile(sha256: string): Promise<StatementFileRecord | null> {
    const [row] = await this.db
      .select(fileColumns)
      .from(bankFiles)
      .where(and(eq(bankFiles.kind, 'extrato'), eq(bankFiles.sha256, sha256)))
      .limit(1);
    return row ?? null;
  }

  async recordImport(
    file: NewStatementFile,
    entries: NewStatementEntry[],
  ): Promise<{ file: StatementFileRecord; inserted: StatementEntryRecord[] } | null> {
    return this.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(bankFiles)
        .values({
          kind: 'extrato',
          status: 'processando',
          bankCode: file.bankCode,
          filename: file.filename,
          sha256: file.sha256,
          content: file.content,
          sizeBytes: file.content.length,
          totalItems: file.totalItems,
          processedItems: 0,
          summary: file.summary,
          createdBy: file.createdBy,
        })
        .onConflictDoNothing({ target: [bankFiles.kind, bankFiles.sha256] })
        .returning(fileColumns);
      if (!created) return null;

      const insertedIds: string[] = [];
      for (let i = 0; i < entries.length; i += CHUNK) {
        const rows = await tx
          .insert(statementEntries)
          .values(
            entries.slice(i, i + CHUNK).map((e) => ({
              fileId: created.id,
              account: e.account,
              fitid: e.fitid,
              postedOn: e.postedOn,
              amountCents: e.amountCents,
              memo: e.memo,
              payerDocument: e.payerDocument,
              status: 'pendente' as const,
              raw: e.raw,
            })),
          )
          // A FITID this account already sent (another file, or twice in this one) is a duplicate.
          .onConflictDoNothing({ target: [statementEntries.account, statementEntries.fitid] })
          .returning({ id: statementEntries.id });
        insertedIds.push(...rows.map((r) => r.id));
      }
      const inserted = await this.entriesById(insertedIds, tx);
      return { file: created, inserted };
    });
  }

  private async entriesById(
    ids: string[],
    db: Pick<Db, 'select'> = this.db,
  ): Promise<StatementEntryRecord[]> {
    const found: StatementEntryRecord[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.selectEntries(db)
        .where(inArray(statementEntries.id, ids.slice(i, i + CHUNK)))
        .orderBy(asc(statementEntries.postedOn), asc(statementEntries.fitid));
      found.push(...rows.map(toEntry));
    }
    return found.sort((a, b) => a.postedOn.localeCompare(b.postedOn) || a.fitid.localeCompare(b.fitid));
  }

  async pendingEntriesOfFile(fileId: string): Promise<StatementEntryRecord[]> {
    if (!UUID_RE.test(fileId)) return [];
    const rows = await this.selectEntries()
      .where(and(eq(statementEntries.fileId, fileId), eq(statementEntries.status, 'pendente')))
      .orderBy(asc(statementEntries.postedOn), asc(statementEntries.fitid));
    return rows.map(toEntry);
  }

  async finishImport(
    fileId: string,
    summary: Record<string, unknown>,
    resolutions: EntryResolution[],
    resolvedBy: string | null,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const r of resolutions) {
        const note = sql`${statementEntries.raw} || ${JSON.stringify({ match: r.match })}::jsonb`;
        if (r.status === 'conciliado') {
          await tx
            .update(statementEntries)
            .set({
              status: 'conciliado',
              chargeId: r.chargeId,
              paymentId: r.paymentId,
              resolvedBy,
              resolvedAt: sql`now()`,
              raw: note,
            })
            .where(and(eq(statementEntries.id, r.entryId), eq(statementEntries.status, 'pendente')));
        } else {
          await tx
            .update(statementEntries)
            .set({ raw: note })
            .where(and(eq(statementEntries.id, r.entryId), eq(statementEntries.status, 'pendente')));
        }
      }
      await tx
        .update(bankFiles)
        .set({
          status: 'importado',
          summary,
          processedItems: sql`${bankFiles.totalItems}`,
          finishedAt: sql`now()`,
        })
        .where(eq(bankFiles.id, fileId));
    });
  }

  async get(id: string): Promise<StatementEntryRecord | null> {
    if (!UUID_RE.test(id)) return null;
    const [row] = await this.selectEntries().where(eq(statementEntries.id, id)).limit(1);
    return row ? toEntry(row) : null;
  }

  async list(query: StatementListQuery): Promise<Page<StatementEntryRecord>> {
    const conditions: (SQL | undefined)[] = [];
    if (query.status) conditions.push(eq(statementEntries.status, query.status));
    if (query.from) conditions.push(gte(statementEntries.postedOn, query.from));
    if (query.to) conditions.push(lte(statementEntries.postedOn, query.to));
    const search = query.search?.trim();
    if (search) {
      const term = `%${escapeLike(search)}%`;
      const doc = normalizeDocument(search);
      conditions.push(
        or(
          ilike(statementEntries.memo, term),
          ilike(statementEntries.fitid, term),
          ilike(charges.number, term),
          ilike(clients.legalName, term),
          ilike(statementEntries.dismissReason, term),
          doc.length >= 3 ? ilike(statementEntries.payerDocument, `%${escapeLike(doc)}%`) : undefined,
        ),
      );
    }
    const where = and(...conditions);
    const [rows, totals] = await Promise.all([
      this.selectEntries()
        .where(where)
        .orderBy(desc(statementEntries.postedOn), desc(statementEntries.createdAt), desc(statementEntries.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      this.db
        .select({ total: count() })
        .from(statementEntries)
        .leftJoin(charges, eq(charges.id, statementEntries.chargeId))
        .leftJoin(clients, eq(clients.id, charges.clientId))
        .where(where),
    ]);
    return {
      items: rows.map(toEntry),
      total: Number(totals[0]?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async markMatched(
    id: string,
    match: { chargeId: string; paymentId: string; resolvedBy: string | null; note: Record<string, unknown> },
  ): Promise<boolean> {
    const rows = await this.db
      .update(statementEntries)
      .set({
        status: 'conciliado',
        chargeId: match.chargeId,
        paymentId: match.paymentId,
        resolvedBy: match.resolvedBy,
        resolvedAt: sql`now()`,
        raw: sql`${statementEntries.raw} || ${JSON.stringify({ match: match.note })}::jsonb`,
      })
      .where(and(eq(statementEntries.id, id), eq(statementEntries.status, 'pendente')))
      .returning({ id: statementEntries.id });
    return rows.length > 0;
  }

  async markDismissed(
    id: string,
    dismissal: { reason: string; resolvedBy: string | null },
  ): Promise<boolean> {
    const rows = await this.db
      .update(statementEntries)
      .set({
        status: 'descartado',
        dismissReason: dismissal.reason,
        resolvedBy: dismissal.resolvedBy,
        resolvedAt: sql`now()`,
      })
      .where(and(eq(statementEntries.id, id), eq(statementEntries.status, 'pendente')))
      .returning({ id: statementEntries.id });
    return rows.length > 0;
  }

  async searchOpenCharges(query: {
    search?: string;
    balanceCents?: Cents;
    limit: number;
  }): Promise<OpenChargeOption[]> {
    const conditions: (SQL | undefined)[] = [
      inArray(charges.status, OPEN_CHARGE_STATUSES as ChargeStatus[]),
      isNull(charges.cancelledAt),
    ];
    if (query.balanceCents !== undefined) {
      conditions.push(sql`${charges.amountCents} - ${charges.paidCents} = ${query.balanceCents}`);
    }
    const search = query.search?.trim();
    if (search) {
      const term = `%${escapeLike(search)}%`;
      const doc = normalizeDocument(search);
      const compact = search.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
      conditions.push(
        or(
          ilike(clients.legalName, term),
          ilike(clients.tradeName, term),
          ilike(charges.number, term),
          compact.length >= 3 ? ilike(charges.tedIdentifier, `%${escapeLike(compact)}%`) : undefined,
          doc.length >= 3 ? ilike(clients.document, `%${escapeLike(doc)}%`) : undefined,
        ),
      );
    }
    const rows = await this.db
      .select({
        id: charges.id,
        number: charges.number,
        clientId: charges.clientId,
        clientLegalName: clients.legalName,
        clientDocument: clients.document,
        method: charges.method,
        status: charges.status,
        amountCents: charges.amountCents,
        paidCents: charges.paidCents,
        dueDate: charges.dueDate,
        tedIdentifier: charges.tedIdentifier,
      })
      .from(charges)
      .innerJoin(clients, eq(clients.id, charges.clientId))
      .where(and(...conditions))
      .orderBy(asc(charges.dueDate), asc(charges.number))
      .limit(query.limit);
    return rows;
  }
}
