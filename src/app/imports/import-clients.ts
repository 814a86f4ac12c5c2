import { createHash, randomUUID } from 'node:crypto';
import { type Actor, BACK_OFFICE } from '../../domain/access/roles';
import { businessDateAt } from '../../domain/calendar/dates';
import type { ClientStatus } from '../../domain/clients/client-status';
import {
  formatImportIssue,
  type ImportedClientRow,
  type ImportIssue,
  PLAN_LABELS,
  parseClientImport,
} from '../../domain/imports/client-import';
import { AppError } from '../shared/errors';
import type { AuditEntry, Clock } from '../shared/ports';
import type { ResellerRef } from '../users/ports';

/** A client that already holds one of the file's documents (any reseller). */
export interface ExistingImportClient {
  id: string;
  document: string;
  resellerId: string;
  resellerName: string;
  email: string;
  phone: string | null;
  productCode: string | null;
  monthlyFeeCents: number | null;
  paidThrough: string | null;
  responsibleName: string | null;
  responsibleCpf: string | null;
  responsibleEmail: string | null;
}

/** The fields an import may set on an existing client (never its reseller, document or names). */
export interface ImportUpdateFields {
  email: string;
  phone: string | null;
  productCode: string;
  monthlyFeeCents: number;
  paidThrough: string;
  responsibleName: string | null;
  responsibleCpf: string | null;
  responsibleEmail: string | null;
}

export interface ImportNewClient extends ImportUpdateFields {
  id: string;
  resellerId: string;
  document: string;
  legalName: string;
  tradeName: string | null;
  city: string;
  state: string;
  cep: string | null;
  status: ClientStatus;
}

export interface ImportWrite {
  creates: ImportNewClient[];
  updates: { id: string; resellerId: string; fields: ImportUpdateFields }[];
  audit: AuditEntry[];
}

export interface ClientImportStore {
  /** Resellers whose CNPJ or exact name (case-insensitive) is this reference. */
  findByReference(reference: string): Promise<ResellerRef[]>;
  /** The clients (of any reseller) holding these normalised documents. */
  clientsByDocuments(documents: string[]): Promise<ExistingImportClient[]>;
  /** Creates, updates and audits in ONE transaction; a concurrent duplicate document fails it all. */
  applyImport(write: ImportWrite): Promise<void>;
}

export interface ImportDeps {
  imports: ClientImportStore;
  clock: Clock;
}

export type ImportAction = 'criar' | 'atualizar' | 'sem_alteracao';

export interface ImportPreviewRow {
  line: number;
  action: ImportAction;
  clientId: string | null;
  document: string;
  legalName: string;
  tradeName: string | null;
  resellerId: string;
  resellerName: string;
  productCode: string;
  productName: string;
  monthlyFeeCents: number;
  paidThrough: string;
  /** For 'criar': the status the client gets; otherwise its current one is kept. */
  status: ClientStatus | null;
  /** For 'atualizar': which fields change. */
  changes: string[];
}

export interface ImportPreview {
  sha256: string;
  rows: ImportPreviewRow[];
  errors: ImportIssue[];
}

export interface ImportResult extends ImportPreview {
  created: number;
  updated: number;
  unchanged: number;
}

/** API names of the fields an update may change, for the preview. */
const FIELD_NAMES: Record<keyof ImportUpdateFields, string> = {
  email: 'email',
  phone: 'telefone',
  productCode: 'plano',
  monthlyFeeCents: 'mensalidade',
  paidThrough: 'liberado_ate',
  responsibleName: 'responsavel_nome',
  responsibleCpf: 'responsavel_cpf',
  responsibleEmail: 'responsavel_email',
};

function assertBackOffice(actor: Actor) {
  if (!BACK_OFFICE.includes(actor.role)) {
    throw new AppError('forbidden', 'Só administrador e financeiro importam clientes.');
  }
}

/** An empty optional cell keeps what the client has: an import never erases data. */
function updateFor(row: ImportedClientRow, current: ExistingImportClient): ImportUpdateFields {
  return {
    email: row.email,
    phone: row.phone ?? current.phone,
    productCode: row.productCode,
    monthlyFeeCents: row.monthlyFeeCents,
    paidThrough: row.paidThrough,
    responsibleName: row.responsibleName ?? current.responsibleName,
    responsibleCpf: row.responsibleCpf ?? current.responsibleCpf,
    responsibleEmail: row.responsibleEmail ?? current.responsibleEmail,
  };
}

interface Plan extends ImportPreview {
  write: ImportWrite;
}

async function plan(deps: ImportDeps, actor: Actor, csv: Buffer | string, ip: string | null): Promise<Plan> {
  assertBackOffice(actor);
  const bytes = typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  const parsed = parseClientImport(text);
  const errors = [...parsed.errors];
  if (text.includes('\uFFFD')) {
    errors.unshift({
      line: 1,
      column: null,
      message: 'O arquivo não está em UTF-8: salve-o como "CSV UTF-8" e envie de novo.',
    });
  }

  // Resellers, each reference looked up once.
  const resellers = new Map<string, ResellerRef[]>();
  for (const ref of new Set(parsed.rows.map((r) => r.resellerReference))) {
    resellers.set(ref, await deps.imports.findByReference(ref));
  }
  const existing = new Map(
    (await deps.imports.clientsByDocuments(parsed.rows.map((r) => r.document))).map((c) => [c.document, c]),
  );

  const today = businessDateAt(deps.clock.now());
  const rows: ImportPreviewRow[] = [];
  const write: ImportWrite = { creates: [], updates: [], audit: [] };
  const audit = (clientId: string, row: ImportedClientRow, action: ImportAction, changes: string[]) =>
    write.audit.push({
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: 'client.imported',
      entityType: 'client',
      entityId: clientId,
      ip,
      details: { sha256, line: row.line, action, document: row.document, changes },
    });

  for (const row of parsed.rows) {
    const issue = (column: string, message: string) => errors.push({ line: row.line, column, message });
    const matches = resellers.get(row.resellerReference) ?? [];
    if (matches.length === 0) {
      issue(
        'hiperador',
        `Hiperador não encontrado: "${row.resellerReference}" (use o CNPJ ou o nome exato).`,
      );
      continue;
    }
    if (matches.length > 1) {
      issue(
        'hiperador',
        `Mais de um Hiperador se chama "${row.resellerReference}" (${matches.map((m) => m.name).join(', ')}): use o CNPJ.`,
      );
      continue;
    }
    const reseller = matches[0]!;
    const current = existing.get(row.document);
    const base = {
      line: row.line,
      document: row.document,
      legalName: row.legalName,
      tradeName: row.tradeName,
      resellerId: reseller.id,
      resellerName: reseller.name,
      productCode: row.productCode,
      productName: PLAN_LABELS[row.productCode],
      monthlyFeeCents: row.monthlyFeeCents,
      paidThrough: row.paidThrough,
    };

    if (!current) {
      if (!reseller.active) {
        issue('hiperador', `O Hiperador "${reseller.name}" está inativo.`);
        continue;
      }
      if (!row.city) issue('cidade', 'Informe a cidade: é obrigatória para cadastrar um cliente novo.');
      if (!row.state) issue('uf', 'Informe a UF: é obrigatória para cadastrar um cliente novo.');
      if (!row.city || !row.state) continue;
      const status: ClientStatus = row.paidThrough >= today ? 'ativo' : 'bloqueado';
      const id = randomUUID();
      write.creates.push({
        id,
        resellerId: reseller.id,
        document: row.document,
        legalName: row.legalName,
        tradeName: row.tradeName,
        city: row.city,
        state: row.state,
        cep: row.cep,
        status,
        ...updateFor(row, {
          phone: null,
          responsibleName: null,
          responsibleCpf: null,
          responsibleEmail: null,
        } as ExistingImportClient),
      });
      audit(id, row, 'criar', []);
      rows.push({ ...base, action: 'criar', clientId: null, status, changes: [] });
      continue;
    }

    if (current.resellerId !== reseller.id) {
      issue(
        'hiperador',
        `O cliente ${row.document} já é atendido por ${current.resellerName}; a troca de Hiperador é feita por contrato de migração (o arquivo indica ${reseller.name}).`,
      );
      continue;
    }
    const fields = updateFor(row, current);
    const changed = (Object.keys(fields) as (keyof ImportUpdateFields)[]).filter(
      (k) => fields[k] !== current[k],
    );
    if (changed.length === 0) {
      rows.push({ ...base, action: 'sem_alteracao', clientId: current.id, status: null, changes: [] });
      continue;
    }
    const changes = changed.map((k) => FIELD_NAMES[k]);
    write.updates.push({ id: current.id, resellerId: current.resellerId, fields });
    audit(current.id, row, 'atualizar', changes);
    rows.push({ ...base, action: 'atualizar', clientId: current.id, status: null, changes });
  }
  errors.sort((a, b) => a.line - b.line);
  return { sha256, rows, errors, write };
}

/** Dry run: what importing this file would do, and every problem in it. Writes nothing. */
export async function previewClientImport(
  deps: ImportDeps,
  actor: Actor,
  csv: Buffer | string,
): Promise<ImportPreview> {
  const { write: _write, ...preview } = await plan(deps, actor, csv, null);
  return preview;
}

/**
 * Imports the file only when it is entirely valid: creates the missing clients and updates the ones whose
 * values differ, in one transaction, with a 'client.imported' audit entry each. Re-importing the same
 * file changes nothing.
 */
export async function applyClientImport(
  deps: ImportDeps,
  actor: Actor,
  csv: Buffer | string,
  ip?: string | null,
): Promise<ImportResult> {
  const { write, ...preview } = await plan(deps, actor, csv, ip ?? null);
  if (preview.errors.length > 0) {
    const n = preview.errors.length;
    const shown = preview.errors.slice(0, 3).map(formatImportIssue).join(' ');
    throw new AppError(
      'business_rule',
      `O arquivo tem ${n} ${n === 1 ? 'erro' : 'erros'}; nada foi importado. ${shown}${n > 3 ? ' …' : ''}`,
      undefined,
      { errors: preview.errors },
    );
  }
  if (write.creates.length > 0 || write.updates.length > 0) await deps.imports.applyImport(write);
  return {
    ...preview,
    created: write.creates.length,
    updated: write.updates.length,
    unchanged: preview.rows.filter((r) => r.action === 'sem_alteracao').length,
  };
}
