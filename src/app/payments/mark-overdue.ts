import type { BankCalendarOptions } from '../../domain/calendar/bank-calendar';
import { businessDateAt, formatDateBR } from '../../domain/calendar/dates';
import { lastDayWithoutCharges } from '../../domain/payments/late-charges';
import type { Clock } from '../shared/ports';
import type { ChargeRepository } from './ports';

export const CHARGES_OVERDUE_JOB = 'charges.mark-overdue';

/**
 * Daily (00:05 São Paulo): open charges whose last day without charges has passed become 'vencida'. A due
 * date on a weekend or bank holiday is payable on the next business day without fine, so it is not overdue
 * until that day has passed. Idempotent: one 'vencida' event per charge; a re-run changes nothing.
 */
export async function markOverdueCharges(deps: {
  charges: ChargeRepository;
  clock: Clock;
  bankCalendar?: BankCalendarOptions;
}): Promise<{ date: string; overdue: number }> {
  const today = businessDateAt(deps.clock.now());
  const candidates = await deps.charges.openChargesDueBefore(today);
  const overdue = candidates.filter((c) => lastDayWithoutCharges(c.dueDate, deps.bankCalendar) < today);
  if (overdue.length === 0) return { date: today, overdue: 0 };
  await deps.charges.markOverdue(overdue.map((c) => c.id));
  for (const c of overdue) {
    await deps.charges.addEvent({
      chargeId: c.id,
      type: 'vencida',
      eventKey: `vencida:${c.id}`,
      description: `Vencida sem pagamento (vencimento ${formatDateBR(c.dueDate)}; pagável sem acréscimos até ${formatDateBR(lastDayWithoutCharges(c.dueDate, deps.bankCalendar))})`,
    });
  }
  return { date: today, overdue: overdue.length };
}
