import { sql } from 'drizzle-orm';
import type { Db } from '../../adapters/db/database';
import { rowsOf } from '../../adapters/db/sql-helpers';

/**
 * Test data for the dashboards (repository and route tests): two resellers of our own ("Painel A" and
 * "Painel B"), a gerente de contas assigned to A only, and a small, hand-countable set of clients, charges,
 * installments, statements and ledger lines, read on TODAY (2026-06-20). The expected figures are worked
 * out by hand in the tests.
 */
export const TODAY = '2026-06-20';

export interface DashboardFixture {
  resellerA: string;
  resellerB: string;
  users: { hiperadorA: string; hiperadorB: string; gerente: string };
  clients: Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'b1', string>;
}

let seq = 0;

async function one<T>(db: Db, query: ReturnType<typeof sql>): Promise<T> {
  return rowsOf<T>(await db.execute(query))[0] as T;
}

export async function seedDashboardFixture(
  db: Db,
  options: { passwordHash?: string; emailPrefix?: string } = {},
): Promise<DashboardFixture> {
  seq += 1;
  const tag = `${process.pid}${seq}`;
  const prefix = options.emailPrefix ?? `painel${tag}`;
  const hash = options.passwordHash ?? 'x';
  const reseller = async (name: string, doc: string) =>
    (
      await one<{ id: string }>(
        db,
        sql`insert into resellers (name, legal_name, document, email, city, state)
            values (${name}, ${`${name} Ltda`}, ${doc}, ${`${name.replace(/\W/g, '').toLowerCase()}@test.local`}, 'Joinville', 'SC')
            returning id`,
      )
    ).id;
  const resellerA = await reseller(`Painel A ${tag}`, `A${tag}`.padEnd(14, '0'));
  const resellerB = await reseller(`Painel B ${tag}`, `B${tag}`.padEnd(14, '0'));

  const user = async (
    email: string,
    name: string,
    role: string,
    resellerId: string | null,
    phone: string | null,
  ) =>
    (
      await one<{ id: string }>(
        db,
        sql`insert into users (email, name, password_hash, role, reseller_id, phone)
            values (${email}, ${name}, ${hash}, ${role}::user_role, ${resellerId}, ${phone}) returning id`,
      )
    ).id;
  const hiperadorA = await user(`${prefix}.a@test.local`, 'Hiperador A', 'hiperador', resellerA, null);
  const hiperadorB = await user(`${prefix}.b@test.local`, 'Hiperador B', 'hiperador', resellerB, null);
  const gerente = await user(
    `${prefix}.g@test.local`,
    'Gabriela Teste',
    'gerente_contas',
    null,
    '11987654321',
  );
  await db.execute(
    sql`insert into account_manager_resellers (user_id, reseller_id) values (${gerente}, ${resellerA})`,
  );

  const priceBook = (
    await one<{ id: string }>(
      db,
      sql`insert into price_books (name, valid_from, central_fee_bp, semiannual_discount_bp, annual_discount_bp)
          values ('Painel', '2025-01-01', 650, 1000, 2000) returning id`,
    )
  ).id;
  await db.execute(sql`
    insert into products (code, name, description, setup_fee_reseller_bp)
    values ('painel-mini', 'Painel Mini', 'teste', 8000) on conflict (code) do nothing`);

  const client = async (
    resellerId: string,
    name: string,
    status: string,
    fee: number,
    paidThrough: string | null,
  ) =>
    (
      await one<{ id: string }>(
        db,
        sql`insert into clients (reseller_id, legal_name, document, email, city, state, status, monthly_fee_cents, paid_through)
            values (${resellerId}, ${name}, ${`${name.replace(/\W/g, '')}${tag}`}, 'c@test.local', 'Joinville', 'SC',
                    ${status}::client_status, ${fee}, ${paidThrough}) returning id`,
      )
    ).id;
  const c1 = await client(resellerA, 'Alfa Um', 'ativo', 10000, '2026-06-25');
  const c2 = await client(resellerA, 'Alfa Dois', 'inadimplente', 20000, '2026-06-30');
  const c3 = await client(resellerA, 'Alfa Três', 'bloqueado', 5000, '2026-06-10');
  const c4 = await client(resellerA, 'Alfa Quatro', 'aguardando_pagamento', 7000, null);
  const c5 = await client(resellerA, 'Alfa Cinco', 'cancelado', 9000, null);
  const c6 = await client(resellerA, 'Alfa Seis', 'ativo', 15000, '2026-07-31');
  const b1 = await client(resellerB, 'Beta Um', 'ativo', 99900, '2026-06-22');

  let contractSeq = 0;
  const contract = async (
    clientId: string,
    resellerId: string,
    monthly: number,
    cost: number,
    method: string,
    /** The ativação's signature (its schedule's start): now unless given. */
    signedAt: string | null = null,
  ) => {
    contractSeq += 1;
    return (
      await one<{ id: string }>(
        db,
        sql`insert into contracts (number, client_id, reseller_id, price_book_id, version, kind, status, product_code,
              periodicity, payment_method, monthly_negotiated_cents, period_total_cents, setup_fee_cents,
              repasse_monthly_cents, configuration, pricing, signed_at)
            values (${`P${tag}-${contractSeq}`}, ${clientId}, ${resellerId}, ${priceBook}, 1, 'ativacao', 'assinado',
              'painel-mini', 'mensal', ${method}, ${monthly}, ${monthly}, 0, 0, '{}'::jsonb,
              ${JSON.stringify({ repasse: { cost_cents: cost } })}::jsonb, coalesce(${signedAt}::timestamptz, now()))
            returning id`,
      )
    ).id;
  };
  const k1 = await contract(c1, resellerA, 10000, 3000, 'cartao');
  const k2 = await contract(c2, resellerA, 20000, 6000, 'boleto');
  // Signed on 22/06/2026: its activation (#1) is competência 06/2026, #2 is due on 15/07/2026.
  const k4 = await contract(c4, resellerA, 7000, 2800, 'boleto', '2026-06-22T15:00:00Z');
  const k6 = await contract(c6, resellerA, 15000, 4000, 'boleto');
  const kb = await contract(b1, resellerB, 99900, 30000, 'boleto');

  let chargeSeq = 0;
  const charge = async (
    clientId: string,
    resellerId: string,
    due: string,
    amount: number,
    paid: number,
    status: string,
    method = 'boleto',
  ) => {
    chargeSeq += 1;
    return (
      await one<{ id: string }>(
        db,
        sql`insert into charges (number, client_id, reseller_id, description, method, status, amount_cents, paid_cents,
              due_date, provider)
            values (${`CH${tag}-${chargeSeq}`}, ${clientId}, ${resellerId}, 'teste', ${method}::charge_method,
              ${status}::charge_status, ${amount}, ${paid}, ${due}, 'test')
            returning id`,
      )
    ).id;
  };
  await charge(c1, resellerA, '2026-05-15', 10000, 10000, 'paga');
  await charge(c2, resellerA, '2026-05-15', 20000, 0, 'vencida');
  await charge(c2, resellerA, '2026-04-15', 20000, 5000, 'vencida');
  await charge(c3, resellerA, '2025-05-15', 5000, 0, 'vencida');
  await charge(c1, resellerA, '2026-06-15', 10000, 0, 'cancelada');
  const ch6 = await charge(c6, resellerA, '2026-07-15', 15000, 0, 'emitida');
  await charge(c6, resellerA, '2026-06-20', 15000, 0, 'emitida');
  await charge(c1, resellerA, '2026-03-15', 10000, 10000, 'estornada');
  const ch9 = await charge(c1, resellerA, '2026-07-15', 10000, 10000, 'paga', 'cartao');
  await charge(b1, resellerB, '2026-06-01', 99900, 0, 'vencida');

  const installment = async (
    contractId: string,
    clientId: string,
    resellerId: string,
    number: number,
    competence: string,
    due: string,
    amount: number,
    setup: number,
    status: string,
    chargeId: string | null,
    paidOn: string | null = null,
  ) =>
    (
      await one<{ id: string }>(
        db,
        sql`insert into installments (contract_id, client_id, reseller_id, key, number, competence, due_date, amount_cents,
              setup_fee_cents, access_until, status, charge_id, paid_on)
            values (${contractId}, ${clientId}, ${resellerId}, ${`parcela:${competence}`}, ${number}, ${competence}, ${due},
              ${amount}, ${setup}, '2026-08-31', ${status}::installment_status, ${chargeId}, ${paidOn})
            returning id`,
      )
    ).id;
  await installment(k6, c6, resellerA, 3, '2026-07', '2026-07-15', 15000, 0, 'emitida', ch6);
  await installment(k1, c1, resellerA, 4, '2026-07', '2026-07-15', 10000, 0, 'paga', ch9, '2026-06-18');
  await installment(k2, c2, resellerA, 3, '2026-07', '2026-07-15', 20000, 0, 'cancelada', null);
  await installment(k4, c4, resellerA, 1, '2026-06', '2026-06-25', 7000, 30000, 'emitida', null);
  await installment(kb, b1, resellerB, 5, '2026-07', '2026-07-15', 99900, 0, 'emitida', null);

  const statement = async (month: string, status: string, repasse: number) =>
    (
      await one<{ id: string }>(
        db,
        sql`insert into repasse_statements (reseller_id, month, status, line_count, received_cents, cost_cents,
              central_fee_cents, fine_interest_cents, adjustments_cents, repasse_cents)
            values (${resellerA}, ${month}, ${status}::repasse_statement_status, 1, 0, 0, 0, 0, 0, ${repasse})
            returning id`,
      )
    ).id;
  await statement('2025-05', 'pago', 1000);
  await statement('2026-03', 'pago', 30000);
  await statement('2026-04', 'pago', 32000);
  const s3 = await statement('2026-05', 'fechado', 35000);

  let entrySeq = 0;
  const entry = async (
    resellerId: string,
    clientId: string | null,
    kind: string,
    description: string,
    occurredOn: string,
    received: number,
    cost: number,
    fee: number,
    repasse: number,
    statementId: string | null,
  ) => {
    entrySeq += 1;
    await db.execute(sql`
      insert into repasse_entries (entry_key, reseller_id, client_id, kind, description, competence, occurred_on, month,
        received_cents, cost_cents, central_fee_cents, repasse_cents, statement_id)
      values (${`painel:${tag}:${entrySeq}`}, ${resellerId}, ${clientId}, ${kind}::repasse_entry_kind, ${description},
        ${occurredOn.slice(0, 7)}, ${occurredOn}, ${occurredOn.slice(0, 7)}, ${received}, ${cost}, ${fee}, ${repasse},
        ${statementId})`);
  };
  await entry(resellerA, c1, 'parcela', 'Mensalidade 06/2026', '2026-06-10', 12000, 3000, 1000, 8000, null);
  await entry(resellerA, c2, 'estorno', 'Estorno', '2026-06-12', -2000, -300, -200, -1500, null);
  await entry(resellerA, c6, 'parcela', 'Pagamento atrasado', '2026-05-30', 2500, 300, 200, 2000, null);
  await entry(resellerA, c1, 'parcela', 'Mensalidade 05/2026', '2026-05-12', 40000, 3000, 2000, 35000, s3);
  await entry(resellerB, b1, 'parcela', 'Mensalidade 06/2026', '2026-06-05', 60000, 6000, 4000, 50000, null);

  await db.execute(sql`
    insert into billing_runs (run_date, status, trigger, total_items, processed_items, counts, errors, started_at, finished_at)
    values ('2026-06-19', 'concluida', 'cron', 3, 3, '{"issued": 3}'::jsonb, '[]'::jsonb,
            '2026-06-19T09:00:00Z', '2026-06-19T09:01:00Z'),
           ('2026-06-20', 'falhou', 'manual', 4, 2, '{"issued": 1}'::jsonb,
            '[{"step": "emissao", "message": "falhou"}]'::jsonb, '2026-06-20T09:00:00Z', '2026-06-20T09:02:00Z')`);
  await db.execute(sql`
    insert into statement_entries (account, fitid, posted_on, amount_cents, status)
    values (${`acc${tag}`}, 'f1', '2026-06-18', 12345, 'pendente'),
           (${`acc${tag}`}, 'f2', '2026-06-19', 54321, 'pendente'),
           (${`acc${tag}`}, 'f3', '2026-06-19', 1000, 'conciliado')`);

  return {
    resellerA,
    resellerB,
    users: { hiperadorA, hiperadorB, gerente },
    clients: { c1, c2, c3, c4, c5, c6, b1 },
  };
}
