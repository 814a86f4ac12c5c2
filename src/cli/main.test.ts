import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../adapters/db/database';
import { DbUserRepository } from '../adapters/db/repositories/auth-repositories';
import { accountManagerResellers, auditLog } from '../adapters/db/schema';
import { argon2Hasher } from '../adapters/security/argon2-hasher';
import { createTestDatabaseEnv, type TestDatabaseEnv } from '../test-support/test-database';
import { runCli } from './main';

// One database for the whole file (embedded, or PostgreSQL with TEST_DATABASE_URL):
// each runCli call opens it, works and closes it again.
let testDb: TestDatabaseEnv;

beforeAll(async () => {
  testDb = await createTestDatabaseEnv();
});

afterAll(() => testDb.cleanup());

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    // Not process.env: only the test database chosen for this run.
    env: { NODE_ENV: 'test', ...testDb.env, ...env },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** Opens the CLI's database directly (after the CLI has closed it) to check what it wrote. */
async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await testDb.open();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function expectOneErrorLine(stderr: string, stdout: string) {
  expect(stdout).toBe('');
  expect(stderr).toMatch(/^erro: \S.*\n$/);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('admin command line', () => {
  it('prints the usage for help, --help and no command', async () => {
    for (const argv of [['help'], ['--help'], []]) {
      const { code, stdout, stderr } = await cli(argv);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      for (const word of [
        'migrate',
        'seed-demo',
        'create-user',
        '--email',
        '--role',
        '--reseller',
        '--password',
      ])
        expect(stdout).toContain(word);
    }
  });

  it('migrate applies the migrations', async () => {
    const { code, json, stderr } = await cli(['migrate']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json()).toEqual({ migrated: true, database: testDb.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('seed-demo fills an empty database once', async () => {
    const first = await cli(['seed-demo']);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ seeded: true });
    expect(first.json().users).toContainEqual({
      email: 'hiperador@demo.local',
      role: 'hiperador',
      reseller: 'Alfa Automação',
    });

    const second = await cli(['seed-demo']);
    expect(second.code).toBe(0);
    expect(second.json()).toMatchObject({ seeded: false, users: [] });
    expect(second.json().reason).toMatch(/já tem usuários/);
  });

  it('create-user makes a hiperador with a generated password and audits it', async () => {
    const { code, json, stderr } = await cli([
      'create-user',
      '--email',
      'Novo.Hiperador@Alfa.example.com',
      '--role',
      'hiperador',
      '--reseller',
      'Alfa Automação',
      '--name',
      'Novo Hiperador',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = json();
    expect(out).toMatchObject({
      email: 'novo.hiperador@alfa.example.com',
      name: 'Novo Hiperador',
      role: 'hiperador',
      reseller: { name: 'Alfa Automação' },
    });
    expect(out.password).toMatch(/^[A-Za-z0-9_-]{16}$/);

    await withDb(async (database) => {
      const user = await new DbUserRepository(database.db).findByEmail('novo.hiperador@alfa.example.com');
      expect(user).toMatchObject({ id: out.id, resellerId: out.reseller.id, resellerName: 'Alfa Automação' });
      expect(await argon2Hasher.verify(user!.passwordHash, out.password)).toBe(true);
      const entries = await database.db.select().from(auditLog).where(eq(auditLog.entityId, out.id));
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'user.created', actorEmail: 'cli', actorUserId: null });
      expect(JSON.stringify(entries[0]!.details)).not.toContain(out.password);
    });
  });

  it('create-user assigns a gerente de contas to several resellers, by name or CNPJ', async () => {
    const { code, json, stderr } = await cli([
      'create-user',
      '--email',
      'gerente2@example.com',
      '--role',
      'gerente_contas',
      '--reseller',
      'beta sistemas',
      '--reseller',
      '19.384.756/0001-00', // Alfa Automação's CNPJ, masked
      '--password',
      'uma senha longa',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = json();
    expect(out).toMatchObject({ role: 'gerente_contas', reseller: null });
    expect(out).not.toHaveProperty('password');
    expect(out.resellers.map((r: { name: string }) => r.name).sort()).toEqual([
      'Alfa Automação',
      'Beta Sistemas',
    ]);
    await withDb(async (database) => {
      const rows = await database.db
        .select()
        .from(accountManagerResellers)
        .where(eq(accountManagerResellers.userId, out.id));
      expect(rows).toHaveLength(2);
      const user = await new DbUserRepository(database.db).findById(out.id);
      expect(await argon2Hasher.verify(user!.passwordHash, 'uma senha longa')).toBe(true);
    });
  });

  it('refuses a duplicate e-mail', async () => {
    const { code, stdout, stderr } = await cli([
      'create-user',
      '--email',
      'ADMIN@demo.local',
      '--role',
      'admin',
    ]);
    expect(code).toBe(1);
    expectOneErrorLine(stderr, stdout);
    expect(stderr).toContain('já existe um usuário com o e-mail admin@demo.local');
  });

  it('refuses a hiperador without --reseller, and --reseller for admin', async () => {
    const missing = await cli(['create-user', '--email', 'semrevenda@example.com', '--role', 'hiperador']);
    expect([1, 2]).toContain(missing.code);
    expectOneErrorLine(missing.stderr, missing.stdout);
    expect(missing.stderr).toContain('--reseller');

    const admin = await cli([
      'create-user',
      '--email',
      'x@example.com',
      '--role',
      'admin',
      '--reseller',
      'Beta',
    ]);
    expect(admin.code).toBe(1);
    expectOneErrorLine(admin.stderr, admin.stdout);

    const unknown = await cli([
      'create-user',
      '--email',
      'y@example.com',
      '--role',
      'hiperador',
      '--reseller',
      'Gama',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"Gama"');
  });

  it('refuses invalid input: e-mail, short password, role, options', async () => {
    const email = await cli(['create-user', '--email', 'não-é-email', '--role', 'admin']);
    expect(email.code).toBe(1);
    expectOneErrorLine(email.stderr, email.stdout);
    expect(email.stderr).toContain('e-mail inválido');

    const password = await cli([
      'create-user',
      '--email',
      'z@example.com',
      '--role',
      'admin',
      '--password',
      'curta',
    ]);
    expect(password.code).toBe(1);
    expect(password.stderr).toContain('ao menos 8 caracteres');

    for (const argv of [
      ['create-user', '--email', 'z@example.com', '--role', 'chefe'],
      ['create-user', '--role', 'admin'],
      ['create-user', '--email', 'z@example.com', '--role', 'admin', '--bogus'],
      ['migrate', 'extra'],
    ]) {
      const usage = await cli(argv);
      expect(usage.code).toBe(2);
      expectOneErrorLine(usage.stderr, usage.stdout);
    }
  });

  it('rejects an unknown command with exit code 2', async () => {
    const { code, stdout, stderr } = await cli(['frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('erro: comando desconhecido "frobnicate". Use "help" para ver os comandos.\n');
  });

  it('refuses seed-demo in production', async () => {
    const { code, stdout, stderr } = await cli(['seed-demo'], {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
    });
    expect(code).toBe(1);
    expectOneErrorLine(stderr, stdout);
    expect(stderr).toContain('produção');
  });
});
