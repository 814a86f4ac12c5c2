import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { DbAuditLog } from '../../adapters/db/repositories/audit-log';
import { DbBankFileRepository } from '../../adapters/db/repositories/bank-file-repository';
import { DbChargeRepository } from '../../adapters/db/repositories/charge-repository';
import { generateRemessa } from '../../app/payments/generate-remessa';
import { importBankReturn } from '../../app/payments/import-bank-return';
import { systemClock } from '../../app/shared/ports';
import {
  CliFailure,
  type CliIO,
  type Command,
  errorText,
  HELP_OPTION,
  readConfig,
  stringValue,
  UsageError,
  withDatabase,
} from '../cli-support';

async function readBankFile(io: CliIO, path: string): Promise<Uint8Array> {
  try {
    return await (io.readFile ?? readFile)(path);
  } catch (err) {
    throw new CliFailure(`não foi possível ler o arquivo "${path}": ${errorText(err)}`);
  }
}

/** Commands: cnab remessa, cnab retorno. */
export const CNAB_COMMANDS: Record<string, Command> = {
  'cnab remessa': {
    options: { ...HELP_OPTION, out: { type: 'string' }, bank: { type: 'string' } },
    async run(values, io) {
      const bank = stringValue(values.bank);
      if (bank !== undefined && bank !== '001' && bank !== '756') {
        throw new UsageError('a opção "--bank" aceita 001 (Banco do Brasil) ou 756 (Sicoob).');
      }
      const config = readConfig(io.env);
      return withDatabase(config, async (database) => {
        const bankFiles = new DbBankFileRepository(database.db);
        const result = await generateRemessa(
          { bankFiles, audit: new DbAuditLog(database.db), clock: systemClock, payments: config.payments },
          null,
          { bankCode: bank },
        );
        const content = await bankFiles.content(result.file.id);
        const path = resolve(stringValue(values.out) ?? result.file.filename);
        try {
          await writeFile(path, content!);
        } catch (err) {
          throw new CliFailure(
            `remessa ${result.file.filename} gerada (id ${result.file.id}), mas não foi possível gravar "${path}": ${errorText(err)}; baixe-a pelo portal`,
          );
        }
        return {
          file_id: result.file.id,
          filename: result.file.filename,
          path,
          bank_code: result.file.bankCode,
          sequence: result.file.sequence,
          entries: result.entries,
          cancellations: result.cancellations,
          total_cents: result.totalCents,
          sha256: result.file.sha256,
        };
      });
    },
  },
  'cnab retorno': {
    options: HELP_OPTION,
    positionals: { min: 1, max: 1 },
    async run(_values, io, positionals) {
      const path = positionals[0]!;
      const content = await readBankFile(io, path);
      const config = readConfig(io.env);
      return withDatabase(config, async (database) => {
        const { file, duplicate } = await importBankReturn(
          {
            bankFiles: new DbBankFileRepository(database.db),
            charges: new DbChargeRepository(database.db),
            audit: new DbAuditLog(database.db),
            clock: systemClock,
          },
          null,
          { filename: basename(path), content },
          { wait: true },
        );
        return {
          file_id: file.id,
          filename: file.filename,
          bank_code: file.bankCode,
          status: file.status,
          duplicate,
          total_items: file.totalItems,
          processed_items: file.processedItems,
          summary: file.summary,
        };
      });
    },
  },
};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const CNAB_USAGE = `  cnab remessa         Gera a remessa CNAB 240 do banco dos boletos: entrada dos boletos
                       emitidos ainda não enviados e pedido de baixa dos cancelados depois de
                       enviados. Grava o arquivo e mostra o resumo (entradas, baixas, total).
                       Nada pendente → erro.
      --out ARQUIVO    Onde gravar (padrão: o nome do banco, ex. CB010601.REM, na pasta atual).
      --bank B         001 (Banco do Brasil) ou 756 (Sicoob); padrão: o configurado.
  cnab retorno ARQUIVO Importa um retorno CNAB 240: liquidações viram pagamentos, entradas
                       confirmadas/rejeitadas e baixas mudam a situação das cobranças. O
                       arquivo é validado por inteiro antes (erro → linha e campo, nada
                       aplicado); o mesmo arquivo ou a mesma ocorrência de novo não muda nada.
`;
