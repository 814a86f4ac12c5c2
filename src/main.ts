import { existsSync } from 'node:fs';
import pino from 'pino';
import { AdjustableClock } from './adapters/clock/adjustable-clock';
import { DEMO_PASSWORD } from './adapters/db/demo-seed';
import { ConfigError, loadConfig } from './config';
import { buildServer, loggerOptions } from './http/server';
import { openSystem } from './system';

if (existsSync('.env')) process.loadEnvFile('.env');

function listeningPort(address: ReturnType<import('node:net').Server['address']>, fallback: number): number {
  return typeof address === 'object' && address ? address.port : fallback;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const pretty = config.env !== 'production' && process.stdout.isTTY === true;
  const options = loggerOptions(config.logLevel, pretty);
  const logger = pino(options);

  logger.info(
    config.databaseUrl
      ? 'banco de dados: PostgreSQL (DATABASE_URL)'
      : `banco de dados embutido (PGlite) em ${config.dataDir}`,
  );
  logger.info(
    config.smtpUrl
      ? 'e-mail: envio por SMTP (SMTP_URL)'
      : 'e-mail: sem SMTP_URL; os e-mails ficam pendentes na Caixa de saída do portal',
  );
  // The demo (SEED_DEMO) gets its 18 months of billing history here, where people use it.
  // TEST_CLOCK (tests only, refused in production): a clock the browser journey moves.
  const testClock = config.testClock ? new AdjustableClock() : undefined;
  if (testClock) logger.warn('TEST_CLOCK: relógio ajustável pelos testes (POST /api/v1/test/clock)');
  const system = await openSystem(config, {
    logger,
    demoHistory: true,
    ...(testClock ? { clock: testClock } : {}),
  });
  // PROCESS_ROLE=worker: the job worker alone (no HTTP listener) until SIGTERM.
  const server =
    config.processRole === 'worker'
      ? null
      : await buildServer(system, { logger: options, ...(testClock ? { testClock } : {}) });
  if (server) await server.app.listen({ host: config.host, port: config.port });

  // Before the line that says the process is up: a SIGTERM right after it must find the handlers.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} recebido: encerrando (${server ? 'HTTP, ' : ''}fila, banco de dados)…`);
    const force = setTimeout(() => {
      logger.error('encerramento demorou demais; saindo à força');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      if (server) {
        server.markNotReady();
        await server.app.close();
      }
      await system.close();
      logger.info('encerrado');
      logger.flush?.();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'erro ao encerrar');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (system.demo.seeded) {
    const lines = system.demo.users.map(
      (u) => `  ${u.email.padEnd(24)} ${u.role.padEnd(15)} ${u.reseller ?? ''}`,
    );
    process.stdout.write(
      `\nDados de demonstração criados. Usuários (senha: ${DEMO_PASSWORD}):\n${lines.join('\n')}\n\n`,
    );
  }
  if (server) {
    const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
    logger.info(
      `Portal do Hiperador pronto em http://${shownHost}:${listeningPort(server.app.server.address(), config.port)} (${Date.now() - startedAt} ms)${config.processRole === 'web' ? ' — PROCESS_ROLE=web: as tarefas enviadas são executadas pelos processos PROCESS_ROLE=worker' : ''}`,
    );
  } else {
    logger.info(
      `PROCESS_ROLE=worker: executando a fila de tarefas e os agendamentos, sem servidor HTTP (${Date.now() - startedAt} ms)`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(
    `Falha ao iniciar: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
