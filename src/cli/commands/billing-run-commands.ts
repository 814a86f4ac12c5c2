import { PgBossQueue } from '../../adapters/queue/pg-boss-queue';
import { runBilling } from '../../app/billing/daily-run';
import { systemClock } from '../../app/shared/ports';
import { isIsoDate } from '../../domain/billing/schedule';
import { businessDateAt } from '../../domain/calendar/dates';
import { billingDeps, openSystem } from '../../system';
import {
  CliFailure,
  type Command,
  EXIT_FAILURE,
  errorText,
  HELP_OPTION,
  ResultWithExitCode,
  readConfig,
  stringValue,
  withDatabase,
} from '../cli-support';

/** Commands: billing run. */
export const BILLING_RUN_COMMANDS: Record<string, Command> = {
  'billing run': {
    options: { ...HELP_OPTION, date: { type: 'string' } },
    async run(values, io) {
      const date = stringValue(values.date)?.trim() ?? businessDateAt(systemClock.now());
      if (!isIsoDate(date)) {
        throw new CliFailure(`Data (--date) inválida: "${date}" (use AAAA-MM-DD, uma data que existe).`);
      }
      const config = { ...readConfig(io.env), queueEnabled: false, seedDemo: false };
      return withDatabase(config, async (database) => {
        const system = await openSystem(config, { database });
        // With SMTP configured, the e-mails go to the send job's queue (the server's workers deliver them);
        // this process only enqueues (no workers).
        let queue: PgBossQueue | null = null;
        if (config.smtpUrl) {
          queue = new PgBossQueue(database, config.databaseUrl, () => {});
          try {
            await queue.start([]);
          } catch (err) {
            throw new CliFailure(`não foi possível abrir a fila de e-mails: ${errorText(err)}`);
          }
          system.deps.outbox.attachQueue(queue);
        }
        try {
          const summary = await runBilling(billingDeps(system), { date, trigger: 'cli' });
          const result = {
            run_id: summary.runId,
            date: summary.date,
            status: summary.status,
            counts: summary.counts,
            errors: summary.errors,
          };
          return summary.status === 'falhou' || summary.errors.length > 0
            ? new ResultWithExitCode(result, EXIT_FAILURE)
            : result;
        } finally {
          await queue?.stop();
          system.deps.emailTransport?.close();
        }
      });
    },
  },
};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const BILLING_RUN_USAGE = `  billing run [--date AAAA-MM-DD]
                       Executa a cobrança diária para a data (padrão: hoje em São Paulo), como
                       a tarefa das 06:00: ativações pendentes, parcelas que vencem nos
                       próximos BILLING_LEAD_DAYS dias (10) com a cobrança e o e-mail,
                       cartões (D0, D+2, D+5, D+10), lembretes, inadimplentes, bloqueios e
                       cancelamentos. Pode ser repetida: nada é emitido ou enviado duas vezes.
                       Mostra a execução (id, situação, contagens, erros); código 1 se a
                       execução falhou ou teve erros.
`;
