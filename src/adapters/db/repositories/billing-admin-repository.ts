import { and, count, desc, eq, gt, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type {
  AccessGrant,
  AccessGrantResult,
  AlterationContext,
  AlterationContract,
  AlterationInstallment,
  AlterationPlan,
  AuditContext,
  BillingAdminRepository,
  BillingCancellation,
  BillingCancellationResult,
  BillingRunError,
  BillingRunRecord,
  ClientInstallments,
} from '../../../app/billing/billing-queries';
import { cancellationEndReason, isCancellationEnd } from '../../../app/billing/cancellation';
import type { Page } from '../../../app/clients/ports';
import { AppError } from '../../../app/shared/errors';
import type { Actor } from '../../../domain/access/roles';
import type { ClientStatus } from '../../../domain/clients/client-status';
import type { Db } from '../database';
import {
  accessOverrides,
  auditLog,
  billingRuns,
  chargeEvents,
  charges,
  clients,
  contracts,
  installments,
  signatureRequests,
  users,
} from '../schema';
import { visibleResellerCondition } from '../tenancy';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Charges a cancellation may still cancel (nothing paid on them). */
const OPEN_CHARGE_STATUSES = ['emitida', 'registrada', 'vencida', 'falhou'] as const;
/** A client with none of these has no contract to bill: nothing to grant. */
const NO_ACCESS_STATUSES: readonly ClientStatus[] = ['prospect', 'aguardando_contrato', 'cancelado'];

const runColumns = {
  id: billingRuns.id,
  runDate: billingRuns.runDate,
  status: billingRuns.status,
  trigger: billingRuns.trigger,
  totalItems: billingRuns.totalItems,
  processedItems: billingRuns.processedItems,
  counts: billingRuns.counts,
  errors: billingRuns.errors,
  startedByName: users.name,
  startedAt: billingRuns.startedAt,
  finishedAt: billingRuns.finishedAt,
};

type RunRow = {
  [K in keyof typeof runColumns]:
    | (typeof runColumns)[K]['_']['data']
    | (K extends 'startedByName' ? null : never);
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The run's errors as the engine wrote them ({ contract_id, client_id, step, message }), tolerant of camelCase. */
function runErrors(raw: unknown, names: Map<string, string>): BillingRunError[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((e: Record<string, unknown>) => {
    const clientId = str(e.client_id) ?? str(e.clientId);
    return {
      contractId: str(e.contract_id) ?? str(e.contractId),
      clientId,
      clientName: (clientId && names.get(clientId)) ?? null,
      step: str(e.step),
      message: str(e.message) ?? String(e.error ?? 'Erro sem descrição'),
    };
  });
}

function numericCounts(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'number') out[k] = v;
  }
  return out;
}

const contractColumns = {
  id: contracts.id,
  number: contracts.number,
  version: contracts.version,
  kind: contracts.kind,
  status: contracts.status,
  clientId: contracts.clientId,
  resellerId: contracts.resellerId,
  periodicity: contracts.periodicity,
  paymentMethod: contracts.paymentMethod,
  cardInstallments: contracts.cardInstallments,
  monthlyNegotiatedCents: contracts.monthlyNegotiatedCents,
  periodTotalCents: contracts.periodTotalCents,
  signedAt: contracts.signedAt,
  effectiveFrom: contracts.effectiveFrom,
  endedAt: contracts.endedAt,
  endReason: contracts.endReason,
};

function toContract(row: Record<keyof typeof contractColumns, unknown>): AlterationContract {
  return row as unknown as AlterationContract;
}

export class DbBillingAdminRepository implements BillingAdminRepository {
  constructor(private readonly db: Db) {}

  async listRuns(page: number, pageSize: number): Promise<Page<BillingRunRecord>> {
    const [rows, totals] = await Promise.all([
      this.db
        .select(runColumns)
        .from(billingRuns)
        .leftJoin(users, eq(users.id, billingRuns.startedBy))
        .orderBy(desc(billingRuns.startedAt), desc(billingRuns.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      this.db.select({ total: count() }).from(billingRuns),
    ]);
    const names = await this.clientNames(rows.flatMap((r) => clientIdsOf(r.errors)));
    return {
      items: rows.map((r) => this.toRun(r as RunRow, names)),
      total: Number(totals[0]?.total ?? 0),
      page,
      pageSize,
    };
  }

  async getRun(id: string): Promise<BillingRunRecord | null> {
    if (!UUID_RE.test(id)) return null;
    const [row] = await this.db
      .select(runColumns)
      .from(billingRuns)
      .leftJoin(users, eq(users.id, billingRuns.startedBy))
      .where(eq(billingRuns.id, id));
    if (!row) return null;
    return this.toRun(row as RunRow, await this.clientNames(clientIdsOf(row.errors)));
  }

  private toRun(r: RunRow, names: Map<string, string>): BillingRunRecord {
    return {
      id: r.id,
      runDate: r.runDate,
      status: r.status,
      trigger: r.trigger,
      totalItems: r.totalItems,
      processedItems: r.processedItems,
      counts: numericCounts(r.counts),
      errors: runErrors(r.errors, names),
      startedByName: r.startedByName,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    };
  }

  private async clientNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    if (unique.length === 0) return new Map();
    const rows = await this.db
      .select({ id: clients.id, name: clients.legalName })
      .from(clients)
      .where(inArray(clients.id, unique));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async clientInstallments(actor: Actor, clientId: string): Promise<ClientInstallments | null> {
    if (!UUID_RE.test(clientId)) return null;
    const [client] = await this.db
      .select({
        id: clients.id,
        legalName: clients.legalName,
        status: clients.status,
        paidThrough: clients.paidThrough,
      })
      .from(clients)
      .where(and(eq(clients.id, clientId), visibleResellerCondition(actor, clients.resellerId)));
    if (!client) return null;
    const [rows, overrides, [contract]] = await Promise.all([
      this.db
        .select({
          id: installments.id,
          contractId: installments.contractId,
          contractNumber: contracts.number,
          contractVersion: contracts.version,
          key: installments.key,
          number: installments.number,
          competence: installments.competence,
          dueDate: installments.dueDate,
          amountCents: installments.amountCents,
          setupFeeCents: installments.setupFeeCents,
          accessUntil: installments.accessUntil,
          status: installments.status,
          paidOn: installments.paidOn,
          chargeId: charges.id,
          chargeNumber: charges.number,
          chargeStatus: charges.status,
          chargeMethod: charges.method,
        })
        .from(installments)
        .innerJoin(contracts, eq(contracts.id, installments.contractId))
        .leftJoin(charges, eq(charges.id, installments.chargeId))
        .where(eq(installments.clientId, clientId))
        .orderBy(desc(installments.dueDate), desc(installments.createdAt)),
      this.db
        .select({
          id: accessOverrides.id,
          until: accessOverrides.until,
          reason: accessOverrides.reason,
          createdByName: users.name,
          createdAt: accessOverrides.createdAt,
        })
        .from(accessOverrides)
        .leftJoin(users, eq(users.id, accessOverrides.createdBy))
        .where(eq(accessOverrides.clientId, clientId))
        .orderBy(desc(accessOverrides.createdAt)),
      this.db
        .select({
          id: contracts.id,
          number: contracts.number,
          version: contracts.version,
          effectiveFrom: contracts.effectiveFrom,
          endedAt: contracts.endedAt,
          endReason: contracts.endReason,
        })
        .from(contracts)
        .where(and(eq(contracts.clientId, clientId), eq(contracts.status, 'assinado')))
        .orderBy(desc(contracts.version))
        .limit(1),
    ]);
    return {
      client,
      installments: rows.map((r) => ({
        id: r.id,
        contractId: r.contractId,
        contractNumber: r.contractNumber,
        contractVersion: r.contractVersion,
        key: r.key,
        prorated: r.key.startsWith('proporcional:'),
        number: r.number,
        competence: r.competence,
        dueDate: r.dueDate,
        amountCents: r.amountCents,
        setupFeeCents: r.setupFeeCents,
        accessUntil: r.accessUntil,
        status: r.status,
        paidOn: r.paidOn,
        charge:
          r.chargeId && r.chargeNumber && r.chargeStatus && r.chargeMethod
            ? { id: r.chargeId, number: r.chargeNumber, status: r.chargeStatus, method: r.chargeMethod }
            : null,
      })),
      overrides,
      contract: contract ?? null,
      cancellation:
        contract?.endedAt && isCancellationEnd(contract.endReason)
          ? { at: contract.endedAt, reason: cancellationReasonOf(contract.endReason!) }
          : null,
    };
  }

  async grantAccess(grant: AccessGrant): Promise<AccessGrantResult | null> {
    return this.db.transaction(async (tx) => {
      const [client] = await tx
        .select({ id: clients.id, status: clients.status, paidThrough: clients.paidThrough })
        .from(clients)
        .where(and(eq(clients.id, grant.clientId), visibleResellerCondition(grant.actor, clients.resellerId)))
        .for('update', { of: clients });
      if (!client) return null;
      if (NO_ACCESS_STATUSES.includes(client.status)) {
        throw new AppError(
          'business_rule',
          client.status === 'cancelado'
            ? 'Cliente cancelado: para voltar a usar o Hiper, emita uma nova ativação.'
            : 'Este cliente ainda não tem contrato assinado: não há acesso a liberar.',
        );
      }
      const [override] = await tx
        .insert(accessOverrides)
        .values({
          clientId: client.id,
          until: grant.until,
          reason: grant.reason,
          createdBy: grant.audit.actorUserId,
        })
        .returning({
          id: accessOverrides.id,
          until: accessOverrides.until,
          reason: accessOverrides.reason,
          createdAt: accessOverrides.createdAt,
        });
      const paidThrough =
        client.paidThrough && client.paidThrough > grant.until ? client.paidThrough : grant.until;
      let status = client.status;
      if (client.status === 'bloqueado') {
        // Covered again: access is back at once; still 'inadimplente' while an installment is overdue.
        const [overdue] = await tx
          .select({ id: installments.id })
          .from(installments)
          .where(
            and(
              eq(installments.clientId, client.id),
              eq(installments.status, 'emitida'),
              lt(installments.dueDate, grant.today),
            ),
          )
          .limit(1);
        status = overdue ? 'inadimplente' : 'ativo';
      }
      await tx
        .update(clients)
        .set({ paidThrough, status, updatedAt: sql`now()` })
        .where(eq(clients.id, client.id));
      await tx.insert(auditLog).values({
        ...grant.audit,
        action: 'client.access_granted',
        entityType: 'client',
        entityId: client.id,
        details: {
          until: grant.until,
          reason: grant.reason,
          previous_paid_through: client.paidThrough,
          paid_through: paidThrough,
          previous_status: client.status,
          status,
          override_id: override!.id,
        },
      });
      const [creator] = grant.audit.actorUserId
        ? await tx.select({ name: users.name }).from(users).where(eq(users.id, grant.audit.actorUserId))
        : [];
      return {
        override: { ...override!, createdByName: creator?.name ?? null },
        previousPaidThrough: client.paidThrough,
        paidThrough,
        previousStatus: client.status,
        status,
      };
    });
  }

  async cancelBilling(c: BillingCancellation): Promise<BillingCancellationResult | null> {
    return this.db.transaction(async (tx) => {
      const [client] = await tx
        .select({ id: clients.id, status: clients.status, paidThrough: clients.paidThrough })
        .from(clients)
        .where(and(eq(clients.id, c.clientId), visibleResellerCondition(c.actor, clients.resellerId)))
        .for('update', { of: clients });
      if (!client) return null;
      if (client.status === 'cancelado') {
        throw new AppError('conflict', 'A cobrança deste cliente já foi cancelada.');
      }
      // Every signed version still billing (or due to bill, after a downgrade) ends now.
      const ended = await tx
        .update(contracts)
        .set({ endedAt: c.at, endReason: cancellationEndReason(c.reason) })
        .where(
          and(
            eq(contracts.clientId, client.id),
            eq(contracts.status, 'assinado'),
            or(isNull(contracts.endedAt), gt(contracts.endedAt, c.at)),
          ),
        )
        .returning({ id: contracts.id, number: contracts.number, version: contracts.version });
      if (ended.length === 0) {
        throw new AppError(
          'business_rule',
          'Este cliente não tem contrato em cobrança: não há cobrança a cancelar.',
        );
      }
      // A version waiting for signature would restart the billing once signed: cancelled too.
      const pending = await tx
        .update(contracts)
        .set({
          status: 'cancelado',
          cancelledAt: c.at,
          cancelReason: `Cobrança do cliente cancelada: ${c.reason}`,
        })
        .where(and(eq(contracts.clientId, client.id), eq(contracts.status, 'aguardando_assinatura')))
        .returning({ id: contracts.id, number: contracts.number });
      if (pending.length > 0) {
        await tx
          .update(signatureRequests)
          .set({ invalidatedAt: sql`now()` })
          .where(
            and(
              inArray(
                signatureRequests.contractId,
                pending.map((p) => p.id),
              ),
              isNull(signatureRequests.invalidatedAt),
            ),
          );
      }

      // Future competências: open installments whose payment would liberate beyond the current liberado até.
      const covered: SQL = client.paidThrough ? gt(installments.accessUntil, client.paidThrough) : sql`true`;
      const open = await tx
        .select({
          id: installments.id,
          chargeId: charges.id,
          chargeNumber: charges.number,
          chargeStatus: charges.status,
          paidCents: charges.paidCents,
          registered: sql<boolean>`${charges.registrationFileId} is not null`,
        })
        .from(installments)
        .leftJoin(charges, eq(charges.id, installments.chargeId))
        .where(and(eq(installments.clientId, client.id), eq(installments.status, 'emitida'), covered))
        .for('update', { of: installments });
      const cancellable = open.filter(
        (i) =>
          i.chargeId === null ||
          ((OPEN_CHARGE_STATUSES as readonly string[]).includes(i.chargeStatus ?? '') && i.paidCents === 0),
      );
      if (cancellable.length > 0) {
        await tx
          .update(installments)
          .set({ status: 'cancelada' })
          .where(
            inArray(
              installments.id,
              cancellable.map((i) => i.id),
            ),
          );
      }
      const chargesToCancel = cancellable.filter((i) => i.chargeId !== null);
      if (chargesToCancel.length > 0) {
        const why = `Cobrança do cliente cancelada: ${c.reason}`;
        await tx
          .update(charges)
          .set({ status: 'cancelada', cancelledAt: c.at, cancelReason: why, updatedAt: sql`now()` })
          .where(
            and(
              inArray(
                charges.id,
                chargesToCancel.map((i) => i.chargeId!),
              ),
              inArray(charges.status, [...OPEN_CHARGE_STATUSES]),
            ),
          );
        await tx.insert(chargeEvents).values(
          chargesToCancel.map((i) => ({
            chargeId: i.chargeId!,
            type: 'cancelada',
            eventKey: null,
            description: `Cancelada com a cobrança do cliente por ${c.actor.email}: ${c.reason}`,
            details: { reason: c.reason, registered: i.registered, billing_cancelled: true },
          })),
        );
        await tx.insert(auditLog).values(
          chargesToCancel.map((i) => ({
            ...c.audit,
            action: 'charge.cancelled',
            entityType: 'client',
            entityId: client.id,
            details: { charge_id: i.chargeId, number: i.chargeNumber, reason: why },
          })),
        );
      }

      // Keeps access until liberado até (the daily run cancels it the day after); not covered today → now.
      const coveredToday = client.paidThrough !== null && client.paidThrough >= c.today;
      const status: ClientStatus = coveredToday ? client.status : 'cancelado';
      if (status !== client.status) {
        await tx.update(clients).set({ status, updatedAt: sql`now()` }).where(eq(clients.id, client.id));
      }
      const result: BillingCancellationResult = {
        contracts: ended,
        cancelledPendingContracts: pending.map((p) => p.number),
        cancelledInstallments: cancellable.length,
        cancelledCharges: chargesToCancel.map((i) => ({ id: i.chargeId!, number: i.chargeNumber! })),
        paidThrough: client.paidThrough,
        status,
      };
      await tx.insert(auditLog).values({
        ...c.audit,
        action: 'client.billing_cancelled',
        entityType: 'client',
        entityId: client.id,
        details: {
          reason: c.reason,
          contracts: ended.map((e) => e.number),
          cancelled_pending_contracts: result.cancelledPendingContracts,
          cancelled_installments: result.cancelledInstallments,
          cancelled_charges: result.cancelledCharges.map((x) => x.number),
          paid_through: client.paidThrough,
          previous_status: client.status,
          status,
        },
      });
      return result;
    });
  }

  async alterationContext(contractId: string, now: Date): Promise<AlterationContext | null> {
    if (!UUID_RE.test(contractId)) return null;
    const [row] = await this.db.select(contractColumns).from(contracts).where(eq(contracts.id, contractId));
    if (!row) return null;
    const contract = toContract(row);
    const [client] = await this.db
      .select({
        id: clients.id,
        legalName: clients.legalName,
        email: clients.email,
        status: clients.status,
        paidThrough: clients.paidThrough,
      })
      .from(clients)
      .where(eq(clients.id, contract.clientId));
    // Earlier signed versions that still bill (or will, after a downgrade), newest first.
    const earlier = await this.db
      .select(contractColumns)
      .from(contracts)
      .where(
        and(
          eq(contracts.clientId, contract.clientId),
          eq(contracts.status, 'assinado'),
          ne(contracts.id, contract.id),
          lt(contracts.version, contract.version),
          or(isNull(contracts.endedAt), gt(contracts.endedAt, now)),
        ),
      )
      .orderBy(desc(contracts.version));
    return { contract, earlier: earlier.map(toContract), client: client! };
  }

  async applyAlteration(plan: AlterationPlan, audit: AuditContext): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(contracts)
        .set({ effectiveFrom: plan.effectiveFrom })
        .where(and(eq(contracts.id, plan.contractId), isNull(contracts.effectiveFrom)))
        .returning({ id: contracts.id, clientId: contracts.clientId, resellerId: contracts.resellerId });
      if (!claimed) return false;
      for (const end of plan.ends) {
        await tx
          .update(contracts)
          .set({ endedAt: end.at, endReason: plan.previousEndReason })
          .where(
            and(
              eq(contracts.id, end.contractId),
              or(isNull(contracts.endedAt), gt(contracts.endedAt, end.at)),
            ),
          );
      }
      if (plan.applyTermsNow) {
        await tx.execute(sql`
          update ${clients} cl set monthly_fee_cents = c.monthly_negotiated_cents,
            repasse_cents = c.repasse_monthly_cents, product_code = c.product_code, updated_at = now()
          from ${contracts} c where c.id = ${plan.contractId} and cl.id = c.client_id`);
      }
      if (plan.installment) {
        await tx
          .insert(installments)
          .values({
            contractId: plan.contractId,
            clientId: claimed.clientId,
            resellerId: claimed.resellerId,
            ...plan.installment,
          })
          .onConflictDoNothing({ target: [installments.contractId, installments.key] });
      }
      await tx.insert(auditLog).values({
        ...audit,
        action: plan.auditAction,
        entityType: 'contract',
        entityId: plan.contractId,
        details: plan.auditDetails,
      });
      return true;
    });
  }

  async alterationInstallment(contractId: string, key: string): Promise<AlterationInstallment | null> {
    const [row] = await this.db
      .select({
        id: installments.id,
        contractId: installments.contractId,
        clientId: installments.clientId,
        amountCents: installments.amountCents,
        dueDate: installments.dueDate,
        chargeId: installments.chargeId,
      })
      .from(installments)
      .where(and(eq(installments.contractId, contractId), eq(installments.key, key)));
    return row ?? null;
  }

  async linkInstallmentCharge(installmentId: string, chargeId: string): Promise<boolean> {
    const rows = await this.db
      .update(installments)
      .set({ chargeId })
      .where(and(eq(installments.id, installmentId), isNull(installments.chargeId)))
      .returning({ id: installments.id });
    return rows.length > 0;
  }
}

function clientIdsOf(errors: unknown): string[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: Record<string, unknown>) => {
    const id = str(e?.client_id) ?? str(e?.clientId);
    return id ? [id] : [];
  });
}

function cancellationReasonOf(endReason: string): string {
  return endReason.replace(/^Cancelamento: /, '');
}
