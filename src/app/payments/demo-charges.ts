import type { Actor } from '../../domain/access/roles';
import { addDays, businessDateAt } from '../../domain/calendar/dates';
import type { ChargeMethod } from '../../domain/payments/charges';
import type { UserRepository } from '../auth/ports';
import { type ChargeDeps, createCharge } from './create-charge';

/**
 * A few one-off charges for the demo clients, so the Financeiro screens have something to show: an open
 * boleto híbrido, a boleto paid by hand, an open Pix and a TED waiting for the statement. Created through
 * the same use case a Financeiro user calls; no e-mails are sent.
 */
export async function seedDemoCharges(deps: ChargeDeps & { users: UserRepository }): Promise<number> {
  const user = await deps.users.findByEmail('financeiro@demo.local');
  if (!user) return 0;
  const actor: Actor = { userId: user.id, email: user.email, role: 'financeiro', resellerId: null };
  const clients = await deps.clients.list(actor, { page: 1, pageSize: 6 });
  const today = businessDateAt(deps.clock.now());
  const plan: {
    method: ChargeMethod;
    amountCents: number;
    days: number;
    description: string;
    paid?: boolean;
  }[] = [
    { method: 'boleto', amountCents: 89_90 * 10, days: 5, description: 'Implantação Hiper Mini' },
    { method: 'boleto', amountCents: 219_80, days: 3, description: 'Mensalidade Hiper Gestão', paid: true },
    { method: 'pix', amountCents: 149_90, days: 7, description: 'Aplicativo Hiper Vendas — adesão' },
    { method: 'ted', amountCents: 1_318_80, days: 10, description: 'Plano anual Hiper Gestão' },
  ];
  let created = 0;
  for (const [i, item] of plan.entries()) {
    const client = clients.items[i % Math.max(1, clients.items.length)];
    if (!client) break;
    const charge = await createCharge(deps, actor, {
      clientId: client.id,
      method: item.method,
      amountCents: item.amountCents,
      dueDate: addDays(today, item.days),
      description: item.description,
      notify: false,
    });
    if (item.paid) {
      await deps.charges.applyPayments([
        {
          chargeId: charge.id,
          source: 'manual',
          sourceId: `demo:${charge.id}`,
          amountCents: charge.amountCents,
          paidOn: today,
          reason: 'Pagamento de demonstração',
          evidence: { demo: true },
          recordedBy: user.id,
        },
      ]);
    }
    created++;
  }
  return created;
}
