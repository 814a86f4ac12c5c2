import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Database, openDatabase } from '../adapters/db/database';
import { DEMO_PASSWORD, seedDemo } from '../adapters/db/demo-seed';
import { DbAuditLog } from '../adapters/db/repositories/audit-log';
import { DbUserRepository } from '../adapters/db/repositories/auth-repositories';
import { DbResellerRepository } from '../adapters/db/repositories/reseller-repository';
import { argon2Hasher } from '../adapters/security/argon2-hasher';
import { AppError } from '../app/shared/errors';
import { systemClock } from '../app/shared/ports';
import { createUser } from '../app/users/create-user';
import { type Config, ConfigError, loadConfig } from '../config';
import { ROLES, type Role } from '../domain/access/roles';
import { USAGE } from './usage';

export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 success, 1 failure, 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad usage (unknown command or option, missing argument): exit code 2. */
class UsageError extends Error {}

/** A failure that is not a use-case error (configuration, environment): exit code 1. */
class CliFailure extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Command {
  options: Options;
  run(values: Values, io: CliIO): Promise<unknown>;
}

const HELP_OPTION: Options = { help: { type: 'boolean', short: 'h' } };

const COMMANDS: Record<string, Command> = {
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
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`comando desconhecido "${name}". Use "help" para ver os comandos.`);
    const values = parseOptions(name, command.options, rest);
    if (values.help === true) {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    const result = await command.run(values, io);
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  } catch (err) {
    const [message, code] = describeError(err);
    io.stderr.write(`erro: ${oneLine(message)}\n`);
    return code;
  }
}

function parseOptions(command: string, options: Options, args: string[]): Values {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Values;
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
}

function stringValue(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliFailure(err.message);
    throw err;
  }
}

/** Opens the database (no queue, no implicit demo data), applies the migrations, runs `fn`, closes it. */
async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  let database: Database;
  try {
    if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (err) {
    throw new CliFailure(
      `não foi possível abrir o banco de dados (${databaseLabel(config)}): ${errorText(err)}`,
    );
  }
  try {
    try {
      await database.migrate();
    } catch (err) {
      throw new CliFailure(
        `não foi possível aplicar as migrações (${databaseLabel(config)}): ${errorText(err)}`,
      );
    }
    return await fn(database);
  } finally {
    await database.close();
  }
}

function databaseLabel(config: Config): string {
  return config.databaseUrl ? 'PostgreSQL em DATABASE_URL' : `banco embutido em ${config.dataDir}`;
}

/** The root cause's message: drizzle wraps driver errors as "Failed query: <sql>" with the real one as cause. */
function errorText(err: unknown): string {
  if (err instanceof Error && err.cause !== undefined) return errorText(err.cause);
  if (err instanceof AggregateError && err.errors.length > 0) return errorText(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
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
