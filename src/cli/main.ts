import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, seedDemo } from '../adapters/db/demo-seed';
import { DbAuditLog } from '../adapters/db/repositories/audit-log';
import { DbUserRepository } from '../adapters/db/repositories/auth-repositories';
import { DbResellerRepository } from '../adapters/db/repositories/reseller-repository';
import { argon2Hasher } from '../adapters/security/argon2-hasher';
import { AppError } from '../app/shared/errors';
import { systemClock } from '../app/shared/ports';
import { createUser } from '../app/users/create-user';
import { ROLES, type Role } from '../domain/access/roles';
import {
  CliFailure,
  type CliIO,
  type Command,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  errorText,
  HELP_OPTION,
  ResultWithExitCode,
  readConfig,
  stringValue,
  UsageError,
  type Values,
  withDatabase,
} from './cli-support';
import { BILLING_COMMANDS } from './commands/billing-commands';
import { BILLING_RUN_COMMANDS } from './commands/billing-run-commands';
import { BOLETO_COMMANDS } from './commands/boleto-commands';
import { CNAB_COMMANDS } from './commands/cnab-commands';
import { OFX_COMMANDS } from './commands/ofx-commands';
import { PIX_COMMANDS } from './commands/pix-commands';
import { USAGE } from './usage';

const ADMIN_COMMANDS: Record<string, Command> = {
  migrate: {
    options: HELP_OPTION,
    async run(_values, io) {
      const config = readConfig(io.env);
      return withDatabase(config, async (database) => ({ migrated: true, database: database.kind }));
    },
  },

  'seed-demo': {
    options: HELP_OPTION,
    async run(_values, io) {
      const config = readConfig(io.env);
      if (config.env === 'production') {
        throw new CliFailure(
          'seed-demo é recusado em produção (NODE_ENV=production): os usuários de demonstração têm senha conhecida.',
        );
      }
      return withDatabase(config, async (database) => {
        const result = await seedDemo(database.db, argon2Hasher, systemClock);
        if (!result.seeded) {
          return {
            seeded: false,
            reason: 'O banco de dados já tem usuários; nada foi alterado.',
            users: [],
          };
        }
        return { seeded: true, users: result.users, demoPassword: DEMO_PASSWORD };
      });
    },
  },

  'create-user': {
    options: {
      ...HELP_OPTION,
      email: { type: 'string' },
      role: { type: 'string' },
      reseller: { type: 'string', multiple: true },
      name: { type: 'string' },
      password: { type: 'string' },
    },
    async run(values, io) {
      const email = stringValue(values.email);
      const role = stringValue(values.role);
      if (!email) throw new UsageError('informe o e-mail com --email.');
      if (!role) throw new UsageError(`informe o perfil com --role (${ROLES.join(', ')}).`);
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new UsageError(`perfil inválido "${role}": use ${ROLES.join(', ')}.`);
      }
      const resellers = Array.isArray(values.reseller) ? values.reseller.map(String) : [];
      const config = readConfig(io.env);
      return withDatabase(config, async (database) => {
        const resellerRepository = new DbResellerRepository(database.db);
        return createUser(
          {
            users: new DbUserRepository(database.db),
            resellers: resellerRepository,
            assignments: resellerRepository,
            hasher: argon2Hasher,
            audit: new DbAuditLog(database.db),
          },
          {
            email,
            role: role as Role,
            name: stringValue(values.name),
            password: stringValue(values.password),
            resellers,
          },
          { userId: null, email: 'cli' },
        );
      });
    },
  },
};

/** Every command: the admin ones here, the others from src/cli/commands/ (one module per capability). */
const COMMANDS: Record<string, Command> = {
  ...ADMIN_COMMANDS,
  ...BOLETO_COMMANDS,
  ...PIX_COMMANDS,
  ...CNAB_COMMANDS,
  ...OFX_COMMANDS,
  ...BILLING_COMMANDS,
  ...BILLING_RUN_COMMANDS,
};

/**
 * Runs one command line (the arguments after the script name) and returns the exit code.
 * Data goes to `io.stdout` as one JSON document; an error goes to `io.stderr` as one line.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  try {
    // Two-word commands ("boleto decode") first, then one-word ones ("migrate").
    const twoWords = rest[0] !== undefined ? `${name} ${rest[0]}` : '';
    const commandName = Object.hasOwn(COMMANDS, twoWords) ? twoWords : name;
    const args = commandName === twoWords ? rest.slice(1) : rest;
    const command = Object.hasOwn(COMMANDS, commandName) ? COMMANDS[commandName] : undefined;
    if (!command) throw new UsageError(`comando desconhecido "${name}". Use "help" para ver os comandos.`);
    const { values, positionals } = parseOptions(commandName, command, args);
    if (values.help === true) {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    const result = await command.run(values, io, positionals);
    if (result instanceof ResultWithExitCode) {
      io.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
      return result.exitCode;
    }
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  } catch (err) {
    const [message, code] = describeError(err);
    io.stderr.write(`erro: ${oneLine(message)}\n`);
    return code;
  }
}

function parseOptions(
  command: string,
  spec: Command,
  args: string[],
): { values: Values; positionals: string[] } {
  const limits = spec.positionals ?? { min: 0, max: 0 };
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: spec.options,
      strict: true,
      allowPositionals: limits.max > 0,
    }) as { values: Values; positionals: string[] };
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const message = err instanceof Error ? err.message : String(err);
    const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
    const option = /--?[\w-]+/.exec(quoted)?.[0] ?? quoted;
    const hint = 'Use "help" para ver os comandos e opções.';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`opção desconhecida "${option}" para o comando "${command}". ${hint}`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`argumento inesperado "${quoted}" para o comando "${command}". ${hint}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(
        message.includes('does not take')
          ? `a opção "${option}" não recebe valor. ${hint}`
          : `a opção "${option}" precisa de um valor (para valores começando com "-", use ${option}=valor).`,
      );
    }
    throw new UsageError(`argumentos inválidos para o comando "${command}". ${hint}`);
  }
  if (parsed.values.help !== true) {
    if (parsed.positionals.length < limits.min) {
      throw new UsageError(`faltam argumentos para o comando "${command}". Use "help" para ver os comandos.`);
    }
    if (parsed.positionals.length > limits.max) {
      const extra = parsed.positionals[limits.max];
      throw new UsageError(
        `argumento inesperado "${extra}" para o comando "${command}". Use "help" para ver os comandos e opções.`,
      );
    }
  }
  return parsed;
}

function describeError(err: unknown): [string, number] {
  if (err instanceof UsageError) return [err.message, EXIT_USAGE];
  if (err instanceof CliFailure) return [lowerFirst(err.message), EXIT_FAILURE];
  if (err instanceof AppError) return [lowerFirst(err.message), EXIT_FAILURE];
  return [`falha inesperada: ${errorText(err)}`, EXIT_FAILURE];
}

/** "Já existe…" → "já existe…" after the "erro: " prefix; an acronym ("CNPJ …", "SESSION_SECRET …") is kept. */
function lowerFirst(message: string): string {
  if (/^\p{Lu}[\p{Lu}\d_]/u.test(message)) return message;
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}

export { type CliIO, EXIT_FAILURE, EXIT_OK, EXIT_USAGE };
