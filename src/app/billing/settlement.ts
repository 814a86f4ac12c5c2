import type { BankCalendarOptions } from '../../domain/calendar/bank-calendar';
import { businessDateAt } from '../../domain/calendar/dates';
import { lastDayWithoutCharges } from '../../domain/payments/late-charges';
import type { Clock } from '../shared/ports';

/** A charge a payment batch settled. */
export interface SettledChargeRef {
  chargeId: string;
  paidOn: string;
}

/** What "today" and "overdue" mean while a payment is applied. */
export interface SettlementPolicy {
  /** The São Paulo date of the payment's application (liberado até must reach it to unblock). */
  today: string;
  /** Whether an unpaid charge due on `dueDate` is overdue today (business-day rule). */
  isOverdue(dueDate: string): boolean;
}

/** The payment rails' hook: runs inside the payment transaction (src/adapters/db/repositories/charge-repository.ts). */
export interface SettlementSource<Tx> {
  onSettled(hook: (tx: Tx, settled: SettledChargeRef[]) => Promise<void>): void;
}

/** Billing's side of a settlement, in the same transaction (src/adapters/db/repositories/billing-repository.ts). */
export interface SettlementStore<Tx> {
  settleInstallments(tx: Tx, settled: SettledChargeRef[], policy: SettlementPolicy): Promise<number>;
}

/** The policy at the clock's current São Paulo date. */
export function settlementPolicy(clock: Clock, calendar: BankCalendarOptions = {}): SettlementPolicy {
  const today = businessDateAt(clock.now());
  return { today, isOverdue: (dueDate) => lastDayWithoutCharges(dueDate, calendar) < today };
}

/**
 * "Unblocks the moment a payment covers it" (SPEC §4): whenever a payment settles a charge — bank retorno,
 * Pix webhook, OFX, card, Financeiro by hand — the charge's installment becomes paga and the client gets
 * liberado até = max(current, the installment's access) and, when that covers today and nothing else is
 * overdue, 'ativo'. It runs inside the payment's transaction: the payment and its effect commit together.
 */
export function registerSettlement<Tx>(deps: {
  charges: SettlementSource<Tx>;
  billing: SettlementStore<Tx>;
  clock: Clock;
  bankCalendar?: BankCalendarOptions;
}): void {
  deps.charges.onSettled(async (tx, settled) => {
    await deps.billing.settleInstallments(tx, settled, settlementPolicy(deps.clock, deps.bankCalendar));
  });
}
