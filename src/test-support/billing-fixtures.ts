import { and, eq, inArray } from 'drizzle-orm';
import {
  billingSteps,
  charges,
  clients,
  contracts,
  emailOutbox,
  installments,
  paymentCards,
} from '../adapters/db/schema';
import type { SandboxCardGateway } from '../adapters/payments/sandbox-card-gateway';
import type { DailyRunDeps } from '../app/billing/daily-run';
import { cnpjCheckDigits, formatDocument } from '../domain/documents/cpf-cnpj';
import { billingDeps } from '../system';
import type { LoggedIn, TestApp } from './test-system';

let seq = 0;

export interface SignedContractOptions {
  payment_method?: 'boleto' | 'cartao' | 'ted_boleto' | 'ted_cartao' | 'ted';
  periodicity?: 'mensal' | 'semestral' | 'anual';
  card_installments?: number | null;
  setup_fee?: boolean;
  negotiated_monthly_cents?: number;
  kind?: 'ativacao' | 'migracao' | 'alteracao';
  /** An existing client (migração, alteração); a new one otherwise. */
  clientId?: string;
}

const call = (t: TestApp, s: LoggedIn, method: 'POST' | 'GET', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });

/** A new client of the session's reseller, with a responsável (so a contract can be issued). */
export async function newClient(t: TestApp, s: LoggedIn): Promise<string> {
  seq += 1;
  const base = `7BC${String(seq).padStart(3, '0')}${String(process.pid % 1000).padStart(3, '0')}001`.slice(
    0,
    12,
  );
  const res = await call(t, s, 'POST', '/api/v1/clients', {
    document: formatDocument(base + cnpjCheckDigits(base)),
    legal_name: `Mercado Cobrança ${seq} Ltda`,
    email: `financeiro${seq}@cobranca.example`,
    city: 'Joinville',
    state: 'SC',
    responsible_name: 'Joana Ribeiro Alves',
    responsible_cpf: '529.982.247-25',
    responsible_email: `joana${seq}@cobranca.example`,
  });
  if (res.statusCode !== 201) throw new Error(`cliente: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/**
 * Issues a contract through the API and marks it signed now (as the signing transaction does: contract
 * 'assinado' + signed_at; an ativação's client 'aguardando_pagamento'). The listener is NOT called.
 */
export async function signedContract(
  t: TestApp,
  s: LoggedIn,
  options: SignedContractOptions = {},
): Promise<{ clientId: string; contractId: string }> {
  const clientId = options.clientId ?? (await newClient(t, s));
  const method = options.payment_method ?? 'boleto';
  const proposal = await call(t, s, 'POST', '/api/v1/proposals', {
    client_id: clientId,
    product: 'hiper-mini',
    addons: {},
    apps: [],
    periodicity: options.periodicity ?? 'mensal',
    setup_fee: options.setup_fee ?? false,
    negotiated_monthly_cents: options.negotiated_monthly_cents ?? 8990,
    payment_method: method,
    ...(method.includes('cartao') ? { card_installments: options.card_installments ?? 1 } : {}),
  });
  if (proposal.statusCode !== 201) throw new Error(`proposta: ${proposal.statusCode} ${proposal.body}`);
  const proposalId = proposal.json().id as string;
  const ready = await call(t, s, 'POST', `/api/v1/proposals/${proposalId}/ready`);
  if (ready.statusCode !== 200) throw new Error(`pronta: ${ready.statusCode} ${ready.body}`);
  const issued = await call(t, s, 'POST', `/api/v1/proposals/${proposalId}/contract`, {
    kind: options.kind ?? 'ativacao',
  });
  if (issued.statusCode !== 201) throw new Error(`contrato: ${issued.statusCode} ${issued.body}`);
  const contractId = issued.json().id as string;
  await markSigned(t, contractId);
  return { clientId, contractId };
}

/** The signing transaction's effect on the rows (contract assinado now; an ativação's client waits payment). */
export async function markSigned(t: TestApp, contractId: string): Promise<void> {
  const db = t.system.database.db;
  const [c] = await db
    .update(contracts)
    .set({ status: 'assinado', signedAt: t.system.clock.now() })
    .where(eq(contracts.id, contractId))
    .returning({ clientId: contracts.clientId, kind: contracts.kind });
  if (c!.kind === 'ativacao') {
    await db.update(clients).set({ status: 'aguardando_pagamento' }).where(eq(clients.id, c!.clientId));
  }
}

/** The engine's deps as the system wires them. */
export const engine = (t: TestApp): DailyRunDeps => billingDeps(t.system);

export async function installmentsOf(t: TestApp, clientId: string) {
  return t.system.database.db
    .select()
    .from(installments)
    .where(eq(installments.clientId, clientId))
    .orderBy(installments.number);
}

export async function chargesOf(t: TestApp, clientId: string) {
  return t.system.database.db
    .select()
    .from(charges)
    .where(eq(charges.clientId, clientId))
    .orderBy(charges.createdAt);
}

export async function clientRow(t: TestApp, clientId: string) {
  const [row] = await t.system.database.db.select().from(clients).where(eq(clients.id, clientId));
  return row!;
}

/** The e-mails about the client's charges (entity 'charge') and the client itself (card links). */
export async function mailsOf(t: TestApp, clientId: string) {
  const db = t.system.database.db;
  const ids = (await chargesOf(t, clientId)).map((c) => c.id);
  return db
    .select()
    .from(emailOutbox)
    .where(
      ids.length > 0 ? inArray(emailOutbox.entityId, [...ids, clientId]) : eq(emailOutbox.entityId, clientId),
    )
    .orderBy(emailOutbox.createdAt);
}

export async function stepsOf(t: TestApp, contractId: string) {
  return t.system.database.db
    .select()
    .from(billingSteps)
    .where(eq(billingSteps.contractId, contractId))
    .orderBy(billingSteps.at);
}

/** Registers a sandbox card for the client directly (what the card page does through the gateway). */
export async function registerSandboxCard(t: TestApp, clientId: string, number = '4111 1111 1111 1111') {
  const gateway = t.system.deps.cardGateway as SandboxCardGateway;
  const token = gateway.tokenize({ number, exp_month: 12, exp_year: 2031, cvv: '123' });
  const db = t.system.database.db;
  const client = await clientRow(t, clientId);
  await db
    .update(paymentCards)
    .set({ replacedAt: t.system.clock.now() })
    .where(and(eq(paymentCards.clientId, clientId)));
  await db.insert(paymentCards).values({
    clientId,
    resellerId: client.resellerId,
    gateway: gateway.name,
    token: token.token,
    brand: token.brand,
    last4: token.last4,
    expMonth: token.expMonth,
    expYear: token.expYear,
    holderName: 'JOANA R ALVES',
  });
}
