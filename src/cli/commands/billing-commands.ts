import {
  BillingCalendarError,
  installmentSchedule,
  isIsoDate,
  PERIODICITIES,
  type Periodicity,
} from '../../domain/billing/schedule';
import { CliFailure, type Command, HELP_OPTION, stringValue, UsageError, type Values } from '../cli-support';

const MAX_COUNT = 600;

function required(values: Values, name: string): string {
  const value = stringValue(values[name]);
  if (value === undefined) {
    throw new UsageError(
      `falta a opção "--${name}" para o comando "billing schedule". Use "help" para ver os comandos.`,
    );
  }
  return value.trim();
}

/** Commands: billing schedule. */
export const BILLING_COMMANDS: Record<string, Command> = {
  'billing schedule': {
    options: {
      ...HELP_OPTION,
      start: { type: 'string' },
      period: { type: 'string' },
      count: { type: 'string' },
    },
    async run(values) {
      const start = required(values, 'start');
      const period = required(values, 'period');
      const countText = required(values, 'count');
      if (!isIsoDate(start)) {
        throw new CliFailure(
          `Data de início (--start) inválida: "${start}" (use AAAA-MM-DD, uma data que existe).`,
        );
      }
      if (!(PERIODICITIES as readonly string[]).includes(period)) {
        throw new CliFailure(
          `Periodicidade (--period) inválida: "${period}" (use mensal, semestral ou anual).`,
        );
      }
      const count = /^\d+$/.test(countText) ? Number(countText) : Number.NaN;
      if (!Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) {
        throw new CliFailure(
          `Quantidade de parcelas (--count) inválida: "${countText}" (um número inteiro de 1 a ${MAX_COUNT}).`,
        );
      }
      try {
        return installmentSchedule({ start, periodicity: period as Periodicity, count }).map((i) => ({
          number: i.number,
          competence: i.competence,
          due_date: i.dueDate,
          access_until: i.accessUntil,
        }));
      } catch (err) {
        // E.g. a schedule that would run past the year 9999.
        if (err instanceof BillingCalendarError) throw new CliFailure(err.message);
        throw err;
      }
    },
  },
};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const BILLING_USAGE = `  billing schedule --start AAAA-MM-DD --period mensal|semestral|anual --count N
                       Calendário de cobrança (pré-pago) de um contrato ativado em --start:
                       a parcela 1 vence na ativação, as seguintes no dia 15 a cada 1, 6 ou
                       12 meses; mostra de cada uma o número, a competência, o vencimento e
                       até quando o pagamento libera o Hiper (último dia da competência +
                       período). N de 1 a ${MAX_COUNT}.
`;
