import { mkdirSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { type Database, openDatabase } from '../adapters/db/database';
import { type Config, ConfigError, loadConfig } from '../config';

export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Reads a file named on the command line (tests may replace it). */
  readFile?: (path: string) => Promise<Uint8Array>;
}

/** Exit codes: 0 success, 1 failure, 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad usage (unknown command or option, missing argument): exit code 2. */
export class UsageError extends Error {}

/** A failure that is not a use-case error (configuration, environment, invalid input): exit code 1. */
export class CliFailure extends Error {}

/**
 * A command result printed as JSON on stdout like any other, but with another exit code (e.g. `doc validate`
 * prints `{ "valid": false, … }` and exits 1). Return it from `run` instead of the plain value.
 */
export class ResultWithExitCode {
  constructor(
    readonly value: unknown,
    readonly exitCode: number,
  ) {}
}

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * One command. Names may have two words ("boleto decode"). `positionals` says how many plain arguments
 * it takes (default none); they reach `run` in order.
 */
export interface Command {
  options: Options;
  positionals?: { min: number; max: number };
  run(values: Values, io: CliIO, positionals: string[]): Promise<unknown>;
}

export const HELP_OPTION: Options = { help: { type: 'boolean', short: 'h' } };

export function stringValue(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliFailure(err.message);
    throw err;
  }
}

/** Opens the database (no queue, no implicit demo data), applies the migrations, runs `fn`, closes it. */
export async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
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
export function errorText(err: unknown): string {
  if (err instanceof Error && err.cause !== undefined) return errorText(err.cause);
  if (err instanceof AggregateError && err.errors.length > 0) return errorText(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
