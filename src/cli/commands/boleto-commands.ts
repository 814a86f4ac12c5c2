import { bankCalendarFromConfig, isBusinessDay, nextBusinessDay } from '../../domain/calendar/bank-calendar';
import { businessDateAt } from '../../domain/calendar/dates';
import {
  type DocumentKind,
  formatDocument,
  isValidCnpj,
  isValidCpf,
  normalizeDocument,
} from '../../domain/documents/cpf-cnpj';
import { decodeBoleto } from '../../domain/payments/boleto/barcode';
import { BoletoError } from '../../domain/payments/boleto/boleto-error';
import {
  CliFailure,
  type CliIO,
  type Command,
  HELP_OPTION,
  ResultWithExitCode,
  stringValue,
} from '../cli-support';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(date: string): boolean {
  if (!ISO_DATE.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function requireDate(value: string, what: string): string {
  if (!isRealDate(value)) throw new CliFailure(`${what} inválida: "${value}" (use AAAA-MM-DD).`);
  return value;
}

/** Configured corrections to the bank holiday table (BANK_EXTRA_HOLIDAYS / BANK_NOT_HOLIDAYS). */
function calendarFromEnv(io: CliIO) {
  try {
    return bankCalendarFromConfig(io.env.BANK_EXTRA_HOLIDAYS ?? '', io.env.BANK_NOT_HOLIDAYS ?? '');
  } catch (err) {
    throw new CliFailure(err instanceof Error ? err.message : String(err));
  }
}

/** Commands: boleto decode, doc validate, calendar next-business-day. */
export const BOLETO_COMMANDS: Record<string, Command> = {
  'boleto decode': {
    options: { ...HELP_OPTION, ref: { type: 'string' } },
    // A linha digitável pasted without quotes arrives as its 5 printed groups: join them.
    positionals: { min: 1, max: 8 },
    async run(values, _io, positionals) {
      const ref = stringValue(values.ref);
      const reference =
        ref === undefined ? businessDateAt(new Date()) : requireDate(ref, 'Data de referência (--ref)');
      try {
        const decoded = decodeBoleto(positionals.join(' '), reference);
        return {
          bank: decoded.bankCode,
          amount_cents: decoded.amountCents,
          due_date: decoded.dueDate,
          barcode: decoded.barcode,
          digitable_line: decoded.digitableLine,
        };
      } catch (err) {
        if (err instanceof BoletoError) throw new CliFailure(err.message);
        throw err;
      }
    },
  },

  'doc validate': {
    options: HELP_OPTION,
    positionals: { min: 1, max: 1 },
    async run(_values, _io, [input = '']) {
      const doc = normalizeDocument(input);
      const kind: DocumentKind = /^\d{1,11}$/.test(doc) ? 'cpf' : 'cnpj';
      const valid = kind === 'cpf' ? isValidCpf(doc) : isValidCnpj(doc);
      const result = { valid, kind, formatted: formatDocument(input) };
      return valid ? result : new ResultWithExitCode(result, 1);
    },
  },

  'calendar next-business-day': {
    options: HELP_OPTION,
    positionals: { min: 1, max: 1 },
    async run(_values, io, [input = '']) {
      const date = requireDate(input.trim(), 'Data');
      const calendar = calendarFromEnv(io);
      return {
        date,
        business_day: isBusinessDay(date, calendar),
        next_business_day: nextBusinessDay(date, calendar),
      };
    },
  },
};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const BOLETO_USAGE = `  boleto decode L      Decodifica um boleto de cobrança: linha digitável (47 dígitos) ou
                       código de barras (44), com ou sem pontos e espaços. Confere todos os
                       dígitos verificadores e mostra banco, valor em centavos, vencimento,
                       código de barras e linha digitável. Boletos de arrecadação (48
                       dígitos, começam com 8) são recusados.
      --ref DATA       Data de referência (AAAA-MM-DD) para interpretar o fator de
                       vencimento, que se repete a cada 9000 dias: vale a data mais próxima
                       dela (padrão: hoje, em São Paulo).
  doc validate D       Valida um CPF ou CNPJ (inclusive CNPJ alfanumérico) e mostra-o
                       formatado. Código de saída 1 quando inválido.
  calendar next-business-day AAAA-MM-DD
                       Diz se a data é dia útil bancário e qual o próximo dia útil (feriados
                       nacionais; correções em BANK_EXTRA_HOLIDAYS e BANK_NOT_HOLIDAYS,
                       datas separadas por vírgula).
`;
