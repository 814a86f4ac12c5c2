import type { Actor } from '../../domain/access/roles';
import { type ChargeForm, installmentCharge, paymentForms } from '../../domain/billing/payment-forms';
import { competenceOf, type Installment, installmentAt } from '../../domain/billing/schedule';
import { type BankCalendarOptions, nextBusinessDay } from '../../domain/calendar/bank-calendar';
import { addDays, businessDateAt } from '../../domain/calendar/dates';
import { PERIODICITY_LABELS } from '../../domain/pricing/catalog';
import type { ClientDetail, ClientRepository } from '../clients/ports';
import type { CardGateway } from '../payments/card-gateway';
import type { CardStore } from '../payments/card-registration';
import { type CardChargeOutcome, chargeCard } from '../payments/charge-card';
import {
  type ChargeDeps,
  type ChargeIssuer,
  chargeEmails,
  issueCharge,
  type NewChargeInput,
} from '../payments/create-charge';
import type { ChargeRepository } from '../payments/ports';
import { AppError } from '../shared/errors';
import type { ContractSignedListener } from '../signatures/contract-signed';
import {
  type BillingContract,
  type BillingRepository,
  type InstallmentDraft,
  type InstallmentRecord,
  installmentKey,
  stepCompetence,
} from './ports';

/** Days after the activation until the boleto / TED of the activation charge is due ("short due date"). */
export const ACTIVATION_DUE_DAYS = 3;
/** Card retries (SPEC §4 "card charges run on the due date with retries"): D0, D+2, D+5, D+10. */
export const CARD_ATTEMPT_OFFSETS = [0, 2, 5, 10] as const;

/** The billing engine issues charges and e-mails for no user. */
export const BILLING_ISSUER: ChargeIssuer = { userId: null, email: null };
/** Reads any client (billing acts for no reseller); never used to write. */
export const BILLING_READER: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'cobranca-automatica',
  role: 'admin',
  resellerId: null,
};

export interface BillingDeps extends Omit<ChargeDeps, 'clients' | 'charges' | 'audit'> {
  billing: BillingRepository;
  clients: ClientRepository;
  charges: ChargeRepository;
  cards: CardStore;
  cardGateway: CardGateway;
  bankCalendar?: BankCalendarOptions;
  /**
   * What a signed alteração does (src/app/billing/alterations.ts: upgrade with proration, downgrade).
   * Absent: the alteração changes nothing in billing until the next competência's version is read.
   */
  applyAlteration?: (deps: BillingDeps, contract: BillingContract) => Promise<unknown>;
  /** Errors the listener swallows (the signature stands): where to say so. */
  onError?: (err: unknown, contractId: string) => void;
}

export interface ActivationResult {
  status: 'ativada' | 'ja_ativada' | 'alteracao' | 'ignorada';
  installmentId: string | null;
  chargeId: string | null;
  /** The card charge made at once, when the forma is card and a card is registered. */
  card: CardChargeOutcome | null;
}

const PERIOD_NAMES = { mensal: 'mensalidade', semestral: 'semestralidade', anual: 'anuidade' } as const;
const competenceBR = (competence: string) => `${competence.slice(5, 7)}/${competence.slice(0, 4)}`;

/** "Contrato 2026-000007 — ativação: mensalidade 06/2026 + implantação". */
export function installmentDescription(
  contract: Pick<BillingContract, 'number' | 'kind' | 'periodicity'>,
  installment: { number: number; competence: string },
  setupFeeCents: number,
): string {
  const what = `${PERIOD_NAMES[contract.periodicity]} ${competenceBR(installment.competence)}`;
  if (installment.number === 1 && contract.kind !== 'alteracao') {
    const label = contract.kind === 'migracao' ? 'migração' : 'ativação';
    return `Contrato ${contract.number} — ${label}: ${what}${setupFeeCents > 0 ? ' + implantação' : ''}`;
  }
  return `Contrato ${contract.number} — parcela ${installment.number}: ${what} (${PERIODICITY_LABELS[contract.periodicity].toLowerCase()})`;
}

export async function billingClient(
  deps: Pick<BillingDeps, 'clients'>,
  clientId: string,
): Promise<ClientDetail> {
  const client = await deps.clients.findVisible(BILLING_READER, clientId);
  if (!client) throw new Error(`cliente ${clientId} não encontrado`);
  return client;
}

/** What an installment of a contract is, and the charge that collects it (by `form`, due `chargeDueDate`). */
export function installmentIssue(input: {
  contract: BillingContract;
  installment: Installment;
  number: number;
  form: ChargeForm;
  chargeDueDate: string;
}): { draft: InstallmentDraft; charge: (installmentId: string, clientId: string) => NewChargeInput } {
  const { contract, installment, form } = input;
  const amounts = installmentCharge({
    periodTotalCents: contract.periodTotalCents,
    setupFeeCents: contract.setupFeeCents,
    // The implantação goes with the activation charge only (never with an alteração's installments).
    number: contract.kind === 'alteracao' ? Math.max(2, input.number) : input.number,
    cardInstallments: contract.cardInstallments,
  });
  return {
    draft: {
      contractId: contract.id,
      clientId: contract.clientId,
      resellerId: contract.resellerId,
      key: installmentKey(installment.competence),
      number: input.number,
      competence: installment.competence,
      dueDate: installment.dueDate,
      amountCents: contract.periodTotalCents,
      setupFeeCents: amounts.setupFeeCents,
      accessUntil: installment.accessUntil,
    },
    charge: (installmentId, clientId) => ({
      clientId,
      method: form,
      amountCents: amounts.amountCents,
      dueDate: input.chargeDueDate,
      description: installmentDescription(
        contract,
        { ...installment, number: input.number },
        amounts.setupFeeCents,
      ),
      cardInstallments: form === 'cartao' ? amounts.cardInstallments : null,
      contractId: contract.id,
      installmentId,
      notify: false,
    }),
  };
}

/**
 * Installment + its charge, exactly once (see BillingRepository.issueInstallment): the charge is issued by
 * `form` with the payment rails, inside the installment's transaction, without e-mail (sendIssueEmail does
 * it as its own step). null when another version of the client already issued that competência.
 */
export async function issueInstallmentCharge(
  deps: BillingDeps,
  input: {
    contract: BillingContract;
    client: ClientDetail;
    installment: Installment;
    number: number;
    form: ChargeForm;
    chargeDueDate: string;
    effectiveFrom?: string | null;
  },
): Promise<{ installment: InstallmentRecord; created: boolean } | null> {
  const { client } = input;
  const issue = installmentIssue(input);
  return deps.billing.issueInstallment(
    issue.draft,
    { effectiveFrom: input.effectiveFrom ?? null },
    (id, scope) =>
      issueCharge(
        { ...deps, charges: scope.charges, audit: scope.audit },
        BILLING_ISSUER,
        client,
        issue.charge(id, client.id),
      ),
  );
}

/** The charge e-mail of an installment, once: step 'email:emissao' claimed with the outbox rows. */
export async function sendIssueEmail(
  deps: BillingDeps,
  installment: Pick<InstallmentRecord, 'contractId' | 'key' | 'competence' | 'chargeId'>,
  client: ClientDetail,
  runId: string | null = null,
): Promise<boolean> {
  if (!installment.chargeId) return false;
  const charge = await deps.charges.systemGet(installment.chargeId);
  if (!charge) return false;
  // Written before the step's transaction: the template may be read from the database.
  const emails = await chargeEmails(deps, charge, [client.email, ...client.billingEmails]);
  const step = await deps.billing.runStep(
    {
      contractId: installment.contractId,
      competence: stepCompetence(installment),
      step: 'email:emissao',
      runId,
      details: { charge_id: charge.id },
    },
    async (scope) => {
      for (const email of emails) await scope.outbox.enqueue(email);
    },
  );
  return step.claimed;
}

/** One card attempt (n = 1…4), claimed as step 'cartao:n' before the gateway is called. null: done before. */
export async function chargeCardAttempt(
  deps: BillingDeps,
  target: { contractId: string; competence: string; chargeId: string },
  attempt: number,
  runId: string | null = null,
): Promise<CardChargeOutcome | null> {
  const key = {
    contractId: target.contractId,
    competence: target.competence,
    step: `cartao:${attempt}`,
    runId,
    details: { charge_id: target.chargeId },
  };
  const claimed = await deps.billing.runStep(key, async () => true);
  if (!claimed.claimed) return null;
  const outcome = await chargeCard(deps, target.chargeId, { attempt });
  await deps.billing.noteStep(key, {
    status: outcome.status,
    reason: outcome.reason,
    transaction_id: outcome.transactionId,
  });
  return outcome;
}

/**
 * An ativação or migração signed on date A (São Paulo): effective_from = competência of A; installment 1
 * (due A, the period's amount, + implantação; liberado até per the schedule) and its charge by the forma's
 * ACTIVATION form — boleto híbrido or TED due nextBusinessDay(today + 3 days), or a card charge charged at
 * once when a card is registered (else the card registration charges it). Exactly once, however often and
 * concurrently it runs. A migração keeps the client's liberado até (access never shrinks on payment) and
 * its status. An alteração goes to `applyAlteration`.
 */
export async function activateContract(
  deps: BillingDeps,
  contractId: string,
  options: { runId?: string | null } = {},
): Promise<ActivationResult> {
  const none = { installmentId: null, chargeId: null, card: null };
  const contract = await deps.billing.contract(contractId);
  if (contract?.status !== 'assinado' || !contract.signedAt) return { status: 'ignorada', ...none };
  if (contract.kind === 'alteracao') {
    if (deps.applyAlteration) await deps.applyAlteration(deps, contract);
    return { status: 'alteracao', ...none };
  }
  if (contract.endedAt) return { status: 'ignorada', ...none };

  const signedOn = businessDateAt(contract.signedAt);
  const today = businessDateAt(deps.clock.now());
  const first = installmentAt(signedOn, contract.periodicity, 1);
  const form = paymentForms(contract.paymentMethod).activation;
  // A retry on a later day (the listener failed) still gives the client its short due date from today.
  const issuedOn = [today, signedOn].sort()[1]!;
  const chargeDueDate =
    form === 'cartao' ? issuedOn : nextBusinessDay(addDays(issuedOn, ACTIVATION_DUE_DAYS), deps.bankCalendar);
  const client = await billingClient(deps, contract.clientId);
  const issued = await issueInstallmentCharge(deps, {
    contract,
    client,
    installment: first,
    number: 1,
    form,
    chargeDueDate,
    effectiveFrom: competenceOf(signedOn),
  });
  if (!issued) return { status: 'ignorada', ...none };
  const { installment } = issued;
  await sendIssueEmail(deps, installment, client, options.runId ?? null);

  let card: CardChargeOutcome | null = null;
  if (form === 'cartao' && installment.chargeId && installment.status === 'emitida') {
    // "Charged when the client registers the card" (SPEC §5): if it is registered already, now.
    if (await deps.cards.activeCard(client.id)) {
      try {
        card = await chargeCardAttempt(
          deps,
          { contractId: contract.id, competence: installment.competence, chargeId: installment.chargeId },
          1,
          options.runId ?? null,
        );
      } catch (err) {
        // Paid meanwhile, or the card vanished: the daily run's retries take it from here.
        if (!(err instanceof AppError)) throw err;
      }
    }
  }
  return {
    status: issued.created ? 'ativada' : 'ja_ativada',
    installmentId: installment.id,
    chargeId: installment.chargeId,
    card,
  };
}

/**
 * The signature's listener (wired as system.deps.contractSigned): activation right after the signing
 * transaction. A failure does not undo the signature: it is reported and the daily run retries it (signed
 * contracts with no installment are picked up).
 */
export function activationListener(deps: BillingDeps): ContractSignedListener {
  return {
    async onContractSigned(contractId) {
      try {
        await activateContract(deps, contractId);
      } catch (err) {
        deps.onError?.(err, contractId);
        throw err;
      }
    },
  };
}
