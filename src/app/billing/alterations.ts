import { Temporal } from 'temporal-polyfill';
import { paymentForms } from '../../domain/billing/payment-forms';
import { effectiveCompetence, prorateUpgrade } from '../../domain/billing/proration';
import { competenceOf } from '../../domain/billing/schedule';
import { nextBusinessDay } from '../../domain/calendar/bank-calendar';
import { addDays, BUSINESS_TIME_ZONE, businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { formatBRL } from '../../domain/money/money';
import { chargeEmails, issueCharge } from '../payments/create-charge';
import { notFound } from '../shared/errors';
import { BILLING_ISSUER, type BillingDeps, billingClient } from './activation';
import type { AlterationContract, AlterationPlan, BillingAdminRepository } from './billing-queries';
import { type BillingContract, stepCompetence } from './ports';

/** Days after the signature until the prorated charge is due (moved to a business day). */
export const PRORATION_DUE_DAYS = 3;

export type AlterationDeps = BillingDeps & { billingAdmin: BillingAdminRepository };

export interface AlterationOutcome {
  /** 'ja_aplicada': handled before (a second call changes nothing). */
  status: 'upgrade' | 'downgrade' | 'sem_contrato_anterior' | 'ja_aplicada' | 'ignorada';
  effectiveFrom: string | null;
  prorated: { installmentId: string; chargeId: string | null; amountCents: number; rule: string } | null;
}

/** 'proporcional:<contract id>': the one prorated installment of an alteração. */
export const prorationKey = (contractId: string) => `proporcional:${contractId}`;

/** The instant a competência starts in São Paulo ('2026-08' → 2026-08-01T03:00:00Z). */
export function competenceStart(competence: string): Date {
  const instant = Temporal.PlainDate.from(`${competence}-01`)
    .toZonedDateTime({ timeZone: BUSINESS_TIME_ZONE })
    .toInstant();
  return new Date(instant.epochMilliseconds);
}

/**
 * A signed alteração (called by the signature listener for kind 'alteracao', see activation.ts; safe to call
 * again, and concurrently). The direction of the monthly negotiated value against the version billing now
 * decides — apps added or removed, plan or price changes alike:
 * - upgrade (higher): effective at signature. The previous version ends now ('Substituído pela versão N'),
 *   the new one bills from the current competência, and the difference for the days left in the paid
 *   period (`prorateUpgrade`: (new − old) × P × days / period days, half-up once) is charged once — an
 *   installment 'proporcional:<contract id>' due nextBusinessDay(today + 3), charged by the new contract's
 *   recurring form and e-mailed. Its payment does not extend access (access_until = current liberado até).
 *   Nothing is charged when no day is left.
 * - downgrade (lower or equal): effective from the next competência; the previous version bills until then.
 * A version that was waiting for the next competência (an earlier downgrade) is superseded at once. Audited
 * as 'contract.upgrade_applied' / 'contract.downgrade_applied'.
 */
export async function applyAlteration(
  deps: AlterationDeps,
  contract: BillingContract | { id: string } | string,
): Promise<AlterationOutcome> {
  const contractId = typeof contract === 'string' ? contract : contract.id;
  const now = deps.clock.now();
  const ctx = await deps.billingAdmin.alterationContext(contractId, now);
  if (!ctx) throw notFound('Contrato');
  const altered = ctx.contract;
  if (altered.kind !== 'alteracao' || altered.status !== 'assinado') {
    return { status: 'ignorada', effectiveFrom: null, prorated: null };
  }
  const key = prorationKey(altered.id);
  if (altered.effectiveFrom !== null) {
    // Applied before: only make sure its prorated installment got its charge and e-mail (a crash between).
    const prorated = await ensureProratedCharge(deps, altered, null);
    return { status: 'ja_aplicada', effectiveFrom: altered.effectiveFrom, prorated };
  }

  const signedOn = businessDateAt(altered.signedAt ?? now);
  const today = businessDateAt(now);
  const current = competenceOf(signedOn);
  // The version billing the current competência: effective by now (null = billing since before effective_from existed).
  const previous = ctx.earlier.find((c) => c.effectiveFrom === null || c.effectiveFrom <= current) ?? null;
  const waiting = ctx.earlier.filter((c) => c !== previous);
  const reason = `Substituído pela versão ${altered.version}`;

  if (!previous) {
    const plan: AlterationPlan = {
      contractId: altered.id,
      effectiveFrom: current,
      ends: waiting.map((c) => ({ contractId: c.id, at: now })),
      previousEndReason: reason,
      applyTermsNow: true,
      installment: null,
      auditAction: 'contract.alteration_applied',
      auditDetails: { effective_from: current, previous: null, signed_on: signedOn },
    };
    const applied = await deps.billingAdmin.applyAlteration(plan, SYSTEM_AUDIT);
    return {
      status: applied ? 'sem_contrato_anterior' : 'ja_aplicada',
      effectiveFrom: current,
      prorated: null,
    };
  }

  const direction =
    altered.monthlyNegotiatedCents > previous.monthlyNegotiatedCents ? 'upgrade' : 'downgrade';
  const effectiveFrom = effectiveCompetence({ kind: direction, signedOn });
  const proration =
    direction === 'upgrade'
      ? prorateUpgrade({
          oldMonthlyCents: previous.monthlyNegotiatedCents,
          newMonthlyCents: altered.monthlyNegotiatedCents,
          // The paid period is the previous version's.
          periodicity: previous.periodicity,
          signedOn,
          paidThrough: ctx.client.paidThrough,
        })
      : null;
  const dueDate = nextBusinessDay(addDays(today, PRORATION_DUE_DAYS), deps.bankCalendar);
  const installment =
    proration && proration.amountCents > 0 && ctx.client.paidThrough
      ? {
          key,
          number: 0,
          competence: current,
          dueDate,
          amountCents: proration.amountCents,
          // Paying the difference does not extend access.
          accessUntil: ctx.client.paidThrough,
        }
      : null;
  const plan: AlterationPlan = {
    contractId: altered.id,
    effectiveFrom,
    ends: [
      { contractId: previous.id, at: direction === 'upgrade' ? now : competenceStart(effectiveFrom) },
      ...waiting.map((c) => ({ contractId: c.id, at: now })),
    ],
    previousEndReason: reason,
    applyTermsNow: direction === 'upgrade',
    installment,
    auditAction: direction === 'upgrade' ? 'contract.upgrade_applied' : 'contract.downgrade_applied',
    auditDetails: {
      number: altered.number,
      version: altered.version,
      direction,
      signed_on: signedOn,
      effective_from: effectiveFrom,
      previous: { id: previous.id, number: previous.number, version: previous.version },
      superseded: waiting.map((c) => c.number),
      old_monthly_cents: previous.monthlyNegotiatedCents,
      new_monthly_cents: altered.monthlyNegotiatedCents,
      paid_through: ctx.client.paidThrough,
      ...(proration
        ? {
            proration: {
              amount_cents: proration.amountCents,
              days: proration.days,
              period_days: proration.periodDays,
              rule: proration.rule,
              due_date: installment?.dueDate ?? null,
            },
          }
        : {}),
    },
  };
  const applied = await deps.billingAdmin.applyAlteration(plan, SYSTEM_AUDIT);
  const prorated = await ensureProratedCharge(deps, altered, proration?.rule ?? null);
  return { status: applied ? direction : 'ja_aplicada', effectiveFrom, prorated };
}

const SYSTEM_AUDIT = { actorUserId: null, actorEmail: null, ip: null };

/**
 * The prorated installment's charge and e-mail, each exactly once: the charge inside the installment's
 * transaction (BillingRepository.issueInstallment: row lock, created only when it has none), the e-mail as
 * the step 'email:emissao' keyed by the installment's key (stepCompetence).
 */
async function ensureProratedCharge(
  deps: AlterationDeps,
  contract: AlterationContract,
  rule: string | null,
): Promise<AlterationOutcome['prorated']> {
  const found = await deps.billingAdmin.alterationInstallment(contract.id, prorationKey(contract.id));
  if (!found) return null;
  const full = await deps.billing.installment(found.id);
  if (!full) return null;
  if (full.status === 'cancelada') {
    return {
      installmentId: full.id,
      chargeId: full.chargeId,
      amountCents: full.amountCents,
      rule: rule ?? '',
    };
  }
  const client = await billingClient(deps, contract.clientId);
  const form = paymentForms(contract.paymentMethod).recurring;
  const description = `Contrato ${contract.number} — upgrade (versão ${contract.version}): diferença proporcional até ${formatDateBR(full.accessUntil)}${rule ? ` (${rule})` : ''}`;
  // The charge is due no earlier than today (a retry on a later day keeps a payable due date).
  const today = businessDateAt(deps.clock.now());
  const dueDate =
    full.dueDate >= today
      ? full.dueDate
      : nextBusinessDay(addDays(today, PRORATION_DUE_DAYS), deps.bankCalendar);
  const issued = await deps.billing.issueInstallment(
    {
      contractId: full.contractId,
      clientId: full.clientId,
      resellerId: full.resellerId,
      key: full.key,
      number: full.number,
      competence: full.competence,
      dueDate: full.dueDate,
      amountCents: full.amountCents,
      setupFeeCents: 0,
      accessUntil: full.accessUntil,
    },
    {},
    (installmentId, scope) =>
      issueCharge({ ...deps, charges: scope.charges, audit: scope.audit }, BILLING_ISSUER, client, {
        clientId: client.id,
        method: form,
        amountCents: full.amountCents,
        dueDate,
        description: description.length > 240 ? `${description.slice(0, 237)}...` : description,
        cardInstallments: form === 'cartao' ? 1 : null,
        contractId: contract.id,
        installmentId,
        notify: false,
      }),
  );
  const chargeId = issued?.installment.chargeId ?? full.chargeId;
  if (chargeId && (issued?.installment.status ?? full.status) === 'emitida') {
    const charge = await deps.charges.systemGet(chargeId);
    if (charge) {
      // Written before the step's transaction: the template may be read from the database.
      const emails = await chargeEmails(deps, charge, [client.email, ...client.billingEmails]);
      await deps.billing.runStep(
        {
          contractId: contract.id,
          competence: stepCompetence(full),
          step: 'email:emissao',
          details: { charge_id: charge.id, amount: formatBRL(charge.amountCents) },
        },
        async (scope) => {
          for (const email of emails) await scope.outbox.enqueue(email);
        },
      );
    }
  }
  return { installmentId: full.id, chargeId, amountCents: full.amountCents, rule: rule ?? '' };
}
