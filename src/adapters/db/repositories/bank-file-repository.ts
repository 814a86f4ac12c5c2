import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Page } from '../../../app/clients/ports';
import type {
  BankFileKind,
  BankFileListQuery,
  BankFileRecord,
  BankFileRepository,
  BuiltRemessa,
  NewRetornoFile,
  PendingRemessaTitle,
} from '../../../app/payments/bank-file-ports';
import type { ChargeStatus } from '../../../domain/payments/charges';
import type { Db } from '../database';
import { bankFiles, charges, clients, users } from '../schema';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columns = {
  id: bankFiles.id,
  kind: bankFiles.kind,
  status: bankFiles.status,
  bankCode: bankFiles.bankCode,
  sequence: bankFiles.sequence,
  filename: bankFiles.filename,
  sha256: bankFiles.sha256,
  sizeBytes: bankFiles.sizeBytes,
  totalItems: bankFiles.totalItems,
  processedItems: bankFiles.processedItems,
  summary: bankFiles.summary,
  error: bankFiles.error,
  createdBy: bankFiles.createdBy,
  createdByName: users.name,
  createdAt: bankFiles.createdAt,
  finishedAt: bankFiles.finishedAt,
};

const pendingColumns = {
  chargeId: charges.id,
  number: charges.number,
  nossoNumero: charges.nossoNumero,
  amountCents: charges.amountCents,
  dueDate: charges.dueDate,
  createdAt: charges.createdAt,
  status: charges.status,
  fineBasisPoints: charges.fineBasisPoints,
  interestMonthlyBasisPoints: charges.interestMonthlyBasisPoints,
  document: clients.document,
  legalName: clients.legalName,
  street: clients.street,
  streetNumber: clients.number,
  district: clients.district,
  cep: clients.cep,
  city: clients.city,
  state: clients.state,
};

interface PendingRow {
  chargeId: string;
  number: string;
  nossoNumero: string | null;
  amountCents: number;
  dueDate: string;
  createdAt: Date;
  status: string;
  fineBasisPoints: number;
  interestMonthlyBasisPoints: number;
  document: string;
  legalName: string;
  street: string | null;
  streetNumber: string | null;
  district: string | null;
  cep: string | null;
  city: string;
  state: string;
}

function toPending(instruction: PendingRemessaTitle['instruction'], r: PendingRow): PendingRemessaTitle {
  return {
    instruction,
    chargeId: r.chargeId,
    number: r.number,
    nossoNumero: r.nossoNumero!,
    amountCents: r.amountCents,
    dueDate: r.dueDate,
    createdAt: r.createdAt,
    status: r.status as ChargeStatus,
    fineBasisPoints: r.fineBasisPoints,
    interestMonthlyBasisPoints: r.interestMonthlyBasisPoints,
    client: {
      document: r.document,
      legalName: r.legalName,
      street: r.street,
      number: r.streetNumber,
      district: r.district,
      cep: r.cep,
      city: r.city,
      state: r.state,
    },
  };
}

function toRecord(
  row: Omit<BankFileRecord, 'kind' | 'status'> & { kind: string; status: string },
): BankFileRecord {
  return { ...row, kind: row.kind as BankFileRecord['kind'], status: row.status as BankFileRecord['status'] };
}

/** Rows per `update … where id in (…)`. */
const CHUNK = 5000;

export class DbBankFileRepository implements BankFileRepository {
  constructor(private readonly db: Db) {}

  private select(db: Pick<Db, 'select'> = this.db) {
    return db.select(columns).from(bankFiles).leftJoin(users, eq(users.id, bankFiles.createdBy));
  }

  async createRemessa(
    bankCode: string,
    createdBy: string | null,
    build: (sequence: number, titles: PendingRemessaTitle[]) => BuiltRemessa,
  ): Promise<BankFileRecord | null> {
    const id = await this.db.transaction(async (tx) => {
      // One remessa per bank at a time: the NSA and the marking of the charges must not interleave.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cnab-remessa:${bankCode}`}))`);
      const base = and(
        eq(charges.method, 'boleto'),
        eq(charges.bankCode, bankCode),
        isNotNull(charges.nossoNumero),
      );
      const entries = await tx
        .select(pendingColumns)
        .from(charges)
        .innerJoin(clients, eq(clients.id, charges.clientId))
        .where(
          and(
            base,
            eq(charges.status, 'emitida'),
            isNull(charges.registrationFileId),
            isNull(charges.cancelledAt),
          ),
        )
        .orderBy(asc(charges.createdAt), asc(charges.number))
        .for('update', { of: charges });
      const cancellations = await tx
        .select(pendingColumns)
        .from(charges)
        .innerJoin(clients, eq(clients.id, charges.clientId))
        .where(
          and(
            base,
            isNotNull(charges.cancelledAt),
            isNotNull(charges.registrationFileId),
            isNull(charges.cancellationFileId),
            // Rejected by the bank (03) or already paid: there is nothing to cancel there.
            ne(charges.status, 'falhou'),
            ne(charges.status, 'paga'),
          ),
        )
        .orderBy(asc(charges.cancelledAt), asc(charges.number))
        .for('update', { of: charges });
      if (entries.length === 0 && cancellations.length === 0) return null;
      const [last] = await tx
        .select({ n: sql<number | null>`max(${bankFiles.sequence})` })
        .from(bankFiles)
        .where(and(eq(bankFiles.kind, 'remessa'), eq(bankFiles.bankCode, bankCode)));
      const sequence = Number(last?.n ?? 0) + 1;
      const titles = [
        ...entries.map((r) => toPending('entrada', r)),
        ...cancellations.map((r) => toPending('baixa', r)),
      ];
      const built = build(sequence, titles);
      const [row] = await tx
        .insert(bankFiles)
        .values({
          kind: 'remessa',
          status: 'gerado',
          bankCode,
          sequence,
          filename: built.filename,
          sha256: built.sha256,
          content: built.content,
          sizeBytes: built.content.byteLength,
          totalItems: titles.length,
          processedItems: titles.length,
          summary: built.summary,
          createdBy,
          finishedAt: sql`now()`,
        })
        .returning({ id: bankFiles.id });
      const fileId = row!.id;
      for (let i = 0; i < entries.length; i += CHUNK) {
        const ids = entries.slice(i, i + CHUNK).map((e) => e.chargeId);
        await tx
          .update(charges)
          .set({ registrationFileId: fileId, updatedAt: sql`now()` })
          .where(inArray(charges.id, ids));
      }
      for (let i = 0; i < cancellations.length; i += CHUNK) {
        const ids = cancellations.slice(i, i + CHUNK).map((e) => e.chargeId);
        await tx
          .update(charges)
          .set({ cancellationFileId: fileId, updatedAt: sql`now()` })
          .where(inArray(charges.id, ids));
      }
      return fileId;
    });
    return id ? this.get(id) : null;
  }

  async insertRetorno(file: NewRetornoFile): Promise<BankFileRecord | null> {
    const rows = await this.db
      .insert(bankFiles)
      .values({
        kind: 'retorno',
        status: 'processando',
        bankCode: file.bankCode,
        filename: file.filename,
        sha256: file.sha256,
        content: file.content,
        sizeBytes: file.content.byteLength,
        totalItems: file.totalItems,
        processedItems: 0,
        summary: file.summary,
        createdBy: file.createdBy,
      })
      .onConflictDoNothing({ target: [bankFiles.kind, bankFiles.sha256] })
      .returning({ id: bankFiles.id });
    return rows[0] ? this.get(rows[0].id) : null;
  }

  async findBySha(kind: BankFileKind, sha256: string): Promise<BankFileRecord | null> {
    const [row] = await this.select()
      .where(and(eq(bankFiles.kind, kind), eq(bankFiles.sha256, sha256)))
      .limit(1);
    return row ? toRecord(row) : null;
  }

  async get(id: string): Promise<BankFileRecord | null> {
    if (!UUID_RE.test(id)) return null;
    const [row] = await this.select().where(eq(bankFiles.id, id)).limit(1);
    return row ? toRecord(row) : null;
  }

  async content(id: string): Promise<Uint8Array | null> {
    if (!UUID_RE.test(id)) return null;
    const [row] = await this.db
      .select({ content: bankFiles.content })
      .from(bankFiles)
      .where(eq(bankFiles.id, id));
    return row ? row.content : null;
  }

  async list(query: BankFileListQuery): Promise<Page<BankFileRecord>> {
    const where = inArray(bankFiles.kind, query.kinds);
    const [{ total }] = (await this.db.select({ total: count() }).from(bankFiles).where(where)) as [
      { total: number },
    ];
    const rows = await this.select()
      .where(where)
      .orderBy(desc(bankFiles.createdAt), desc(bankFiles.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { items: rows.map(toRecord), total: Number(total), page: query.page, pageSize: query.pageSize };
  }

  async progress(id: string, processedItems: number, summary: Record<string, unknown>): Promise<void> {
    await this.db
      .update(bankFiles)
      .set({ processedItems, summary })
      .where(and(eq(bankFiles.id, id), eq(bankFiles.status, 'processando')));
  }

  async finish(id: string, summary: Record<string, unknown>): Promise<void> {
    await this.db
      .update(bankFiles)
      .set({
        status: 'importado',
        processedItems: sql`${bankFiles.totalItems}`,
        summary,
        error: null,
        finishedAt: sql`now()`,
      })
      .where(eq(bankFiles.id, id));
  }

  async noteError(id: string, error: string): Promise<void> {
    await this.db.update(bankFiles).set({ error }).where(eq(bankFiles.id, id));
  }
}
