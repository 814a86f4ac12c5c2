import { isIsoDate } from '../../domain/billing/schedule';
import { formatDateBR } from '../../domain/calendar/dates';
import { AppError } from './errors';

/**
 * A day something already happened (a payment received, an estorno, a payout): a real calendar date, not
 * after `today` (São Paulo). `what` completes the pt-BR messages: 'do pagamento', 'de recebimento'…
 */
export function requireDayNotAfter(value: string, today: string, what: string, field: string): void {
  if (!isIsoDate(value)) {
    throw new AppError('validation_failed', `Data ${what} inválida (use AAAA-MM-DD).`, field);
  }
  if (value > today) {
    throw new AppError(
      'validation_failed',
      `A data ${what} não pode ser futura (hoje é ${formatDateBR(today)}).`,
      field,
    );
  }
}
