import { sql } from 'drizzle-orm';
import {
  installmentRepasse,
  type LateFeesTo,
  type RepasseLine,
  setupFeeRepasse,
  splitReceived,
} from '../../../domain/repasse/repasse';
import type { Db } from '../database';
import { rowsOf } from '../sql-helpers';

/** One line of the repasse ledger as it is written. */
export interface LedgerLine extends RepasseLine {
  entry_key: string;
  reseller_id: string;
  client_id: string | null;
  contract_id: string | null;
  installment_id: string | null;
  charge_id: string | null;
  kind: 'parcela' | 'implantacao' | 'proporcional' | 'estorno' | 'ajuste';
  description: string;
  competence: string | null;
  occurred_on: string;
  reverses_id: string | null;
  created_by: string | null;
}

/** Inserts ledger lines; a key already there is skipped (every accrual is idempotent). Returns how many went in. */
export async function insertLedgerLines(tx: Db, lines: readonly LedgerLine[]): Promise<number> {
  if (lines.length === 0) return 0;
  const rows = lines.map((l) => ({ ...l, month: l.occurred_on.slice(0, 7) }));
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into repasse_entries (entry_key, reseller_id, client_id, contract_id, installment_id, charge_id,
        kind, description, competence, occurred_on, month, received_cents, cost_cents, central_fee_cents,
        fine_interest_cents, repasse_cents, reverses_id, created_by)
      select r.entry_key, r.reseller_id, r.client_id, r.contract_id, r.installment_id, r.charge_id,
        r.kind, r.description, r.competence, r.occurred_on, r.month, r."receivedCents", r."costCents",
        r."centralFeeCents", r."fineInterestCents", r."repasseCents", r.reverses_id, r.created_by
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(entry_key text, reseller_id uuid,
        client_id uuid, contract_id uuid, installment_id uuid, charge_id uuid, kind repasse_entry_kind,
        description text, competence text, occurred_on date, month text, "receivedCents" bigint,
        "costCents" bigint, "centralFeeCents" bigint, "fineInterestCents" bigint, "repasseCents" bigint,
        reverses_id uuid, created_by uuid)
      on conflict (entry_key) do nothing
      returning id`),
  );
  return inserted.length;
}

const competenceLabel = (c: string) => `${c.slice(5, 7)}/${c.slice(0, 4)}`;

/**
 * The repasse of installments just paid (SPEC §7), written in the payment's transaction: one 'parcela' (or
 * 'proporcional', an upgrade's difference) line and, on the activation charge, one 'implantacao' line.
 * Measured against the contract that billed the installment (its monthly value, custo Hiper and the taxa da
 * central of its price book); the charge's principal received is split over implantação and installment.
 */
export async function accrueInstallmentRepasse(
  tx: Db,
  installmentIds: readonly string[],
  lateFeesTo: LateFeesTo,
): Promise<number> {
  if (installmentIds.length === 0) return 0;
  const rows = rowsOf<{
    id: string;
    key: string;
    competence: string;
    amount: string;
    setup: string;
    paid_on: string;
    charge_id: string | null;
    contract_id: string;
    contract_number: string;
    client_id: string;
    reseller_id: string;
    monthly: string;
    cost: string;
    fee_bp: number;
    setup_bp: number | null;
    prev_monthly: string | null;
    prev_cost: string | null;
    charge_amount: string | null;
    charge_paid: string | null;
    fine_interest: string | null;
  }>(
    await tx.execute(sql`
      select i.id, i.key, i.competence, i.amount_cents::text as amount, i.setup_fee_cents::text as setup,
             i.paid_on::text as paid_on, i.charge_id, i.contract_id, c.number as contract_number,
             i.client_id, i.reseller_id,
             c.monthly_negotiated_cents::text as monthly,
             coalesce((c.pricing->'repasse'->>'cost_cents')::bigint, 0)::text as cost,
             pb.central_fee_bp as fee_bp, p.setup_fee_reseller_bp as setup_bp,
             prev.monthly_negotiated_cents::text as prev_monthly,
             coalesce((prev.pricing->'repasse'->>'cost_cents')::bigint, 0)::text as prev_cost,
             ch.amount_cents::text as charge_amount, ch.paid_cents::text as charge_paid,
             (select coalesce(sum(py.fine_interest_cents), 0) from payments py where py.charge_id = ch.id)::text
               as fine_interest
      from installments i
      join contracts c on c.id = i.contract_id
      join price_books pb on pb.id = c.price_book_id
      left join products p on p.code = c.product_code
      left join charges ch on ch.id = i.charge_id
      left join lateral (
        select pc.monthly_negotiated_cents, pc.pricing from contracts pc
        where pc.client_id = c.client_id and pc.version < c.version and pc.signed_at is not null
        order by pc.version desc limit 1
      ) prev on i.key like 'proporcional:%'
      where i.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(installmentIds)}::jsonb))
        and i.status = 'paga'`),
  );

  const lines: LedgerLine[] = [];
  for (const r of rows) {
    const amount = Number(r.amount);
    const setup = Number(r.setup);
    const chargeAmount = r.charge_amount === null ? amount + setup : Number(r.charge_amount);
    const received = r.charge_paid === null ? chargeAmount : Math.min(Number(r.charge_paid), chargeAmount);
    // A charge may carry more than this installment (implantação): split what came in by face value.
    const [setupReceived = 0, installmentReceived = 0] = splitReceived(received, [setup, amount]);
    const proportional = r.key.startsWith('proporcional:');
    const basis = proportional
      ? {
          monthlyRevenueCents: Math.max(0, Number(r.monthly) - Number(r.prev_monthly ?? 0)),
          monthlyCostCents: Math.max(0, Number(r.cost) - Number(r.prev_cost ?? 0)),
          centralFeeBp: r.fee_bp,
        }
      : { monthlyRevenueCents: Number(r.monthly), monthlyCostCents: Number(r.cost), centralFeeBp: r.fee_bp };
    const common = {
      reseller_id: r.reseller_id,
      client_id: r.client_id,
      contract_id: r.contract_id,
      installment_id: r.id,
      charge_id: r.charge_id,
      competence: r.competence,
      occurred_on: r.paid_on,
      reverses_id: null,
      created_by: null,
    };
    lines.push({
      ...common,
      ...installmentRepasse({
        receivedCents: installmentReceived,
        basis,
        fineInterestCents: Number(r.fine_interest ?? 0),
        lateFeesTo,
      }),
      entry_key: `${proportional ? 'proporcional' : 'parcela'}:${r.id}`,
      kind: proportional ? 'proporcional' : 'parcela',
      description: proportional
        ? `Upgrade — diferença proporcional (contrato ${r.contract_number})`
        : `Mensalidade ${competenceLabel(r.competence)} (contrato ${r.contract_number})`,
    });
    if (setup > 0) {
      lines.push({
        ...common,
        ...setupFeeRepasse({ receivedCents: setupReceived, resellerShareBp: r.setup_bp ?? 10000 }),
        entry_key: `implantacao:${r.id}`,
        kind: 'implantacao',
        description: `Implantação (contrato ${r.contract_number})`,
      });
    }
  }
  return insertLedgerLines(tx, lines);
}
