import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DbAuditLog } from '../../adapters/db/repositories/audit-log';
import { DbChargeRepository } from '../../adapters/db/repositories/charge-repository';
import { DbStatementRepository } from '../../adapters/db/repositories/statement-repository';
import { importStatement } from '../../app/payments/import-statement';
import { systemClock } from '../../app/shared/ports';
import { bankCalendarFromConfig } from '../../domain/calendar/bank-calendar';
import {
  CliFailure,
  type CliIO,
  type Command,
  errorText,
  HELP_OPTION,
  readConfig,
  withDatabase,
} from '../cli-support';

async function readStatementFile(io: CliIO, path: string): Promise<Uint8Array> {
  try {
    return await (io.readFile ?? readFile)(path);
  } catch (err) {
    throw new CliFailure(`não foi possível ler o arquivo "${path}": ${errorText(err)}`);
  }
}

function calendarFromEnv(io: CliIO) {
  try {
    return bankCalendarFromConfig(io.env.BANK_EXTRA_HOLIDAYS ?? '', io.env.BANK_NOT_HOLIDAYS ?? '');
  } catch (err) {
    throw new CliFailure(err instanceof Error ? err.message : String(err));
  }
}

/** Commands: ofx import. */
export const OFX_COMMANDS: Record<string, Command> = {
  'ofx import': {
    options: HELP_OPTION,
    positionals: { min: 1, max: 1 },
    async run(_values, io, positionals) {
      const path = positionals[0]!;
      const content = await readStatementFile(io, path);
      const bankCalendar = calendarFromEnv(io);
      const config = readConfig(io.env);
      return withDatabase(config, async (database) => {
        const summary = await importStatement(
          {
            statements: new DbStatementRepository(database.db),
            charges: new DbChargeRepository(database.db),
            audit: new DbAuditLog(database.db),
            clock: systemClock,
            bankCalendar,
          },
          null,
          { filename: basename(path), content },
        );
        return {
          file_id: summary.fileId,
          filename: summary.filename,
          sha256: summary.sha256,
          account: summary.account,
          start: summary.start,
          end: summary.end,
          already_imported: summary.alreadyImported,
          credits: summary.credits,
          matched: summary.matched,
          duplicates: summary.duplicates,
          unmatched: summary.unmatched,
          ignored_debits: summary.ignoredDebits,
          ignored_balances: summary.ignoredBalances,
        };
      });
    },
  },
};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const OFX_USAGE = `  ofx import ARQUIVO   Importa um extrato bancário OFX (1.0x SGML latin1/1252 ou 2.x XML):
                       grava os créditos novos (conta + FITID), concilia as TEDs com as
                       cobranças em aberto (valor exato + identificador CC… ou CPF/CNPJ no
                       histórico, até 5 dias úteis após o vencimento) e deixa o resto na
                       fila de conciliação. Mostra o resumo (créditos, conciliados,
                       duplicados, pendentes, débitos ignorados). O mesmo arquivo de novo
                       não muda nada; arquivo inválido → erro com o motivo, nada gravado.
`;
