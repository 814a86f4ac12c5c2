import { and, count, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type {
  LoginAttemptStore,
  SessionRecord,
  SessionStore,
  UserRecord,
  UserRepository,
} from '../../../app/auth/ports';
import type { Role } from '../../../domain/access/roles';
import type { Db } from '../database';
import { loginAttempts, resellers, sessions, users } from '../schema';

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  resellerId: users.resellerId,
  resellerName: resellers.name,
  active: users.active,
  passwordHash: users.passwordHash,
};

export class DbUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  private async findWhere(condition: ReturnType<typeof eq>): Promise<UserRecord | null> {
    const rows = await this.db
      .select(userColumns)
      .from(users)
      .leftJoin(resellers, eq(resellers.id, users.resellerId))
      .where(condition)
      .limit(1);
    return rows[0] ?? null;
  }

  findByEmail(email: string) {
    return this.findWhere(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  }

  findById(id: string) {
    return this.findWhere(eq(users.id, id));
  }

  async updatePasswordHash(userId: string, passwordHash: string, at: Date): Promise<void> {
    await this.db.update(users).set({ passwordHash, passwordChangedAt: at }).where(eq(users.id, userId));
  }

  async create(input: {
    email: string;
    name: string;
    role: Role;
    resellerId: string | null;
    passwordHash: string;
  }): Promise<UserRecord> {
    const [row] = await this.db
      .insert(users)
      .values({ ...input, email: input.email.trim().toLowerCase() })
      .returning({ id: users.id });
    return (await this.findById(row!.id))!;
  }
}

export class DbSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async create(input: {
    idHash: string;
    userId: string;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.insert(sessions).values({
      idHash: input.idHash,
      userId: input.userId,
      csrfToken: input.csrfToken,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: input.expiresAt,
    });
  }

  async find(idHash: string): Promise<SessionRecord | null> {
    const rows = await this.db
      .select({
        userId: sessions.userId,
        csrfToken: sessions.csrfToken,
        expiresAt: sessions.expiresAt,
        lastSeenAt: sessions.lastSeenAt,
      })
      .from(sessions)
      .where(eq(sessions.idHash, idHash))
      .limit(1);
    return rows[0] ?? null;
  }

  async touch(idHash: string, now: Date, expiresAt: Date): Promise<void> {
    await this.db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.idHash, idHash));
  }

  async delete(idHash: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.idHash, idHash));
  }

  async deleteAllForUser(userId: string, exceptIdHash?: string): Promise<void> {
    await this.db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), exceptIdHash ? ne(sessions.idHash, exceptIdHash) : undefined));
  }

  async deleteExpired(now: Date): Promise<number> {
    const rows = await this.db
      .delete(sessions)
      .where(lt(sessions.expiresAt, now))
      .returning({ id: sessions.idHash });
    return rows.length;
  }
}

export class DbLoginAttemptStore implements LoginAttemptStore {
  constructor(private readonly db: Db) {}

  async record(input: { email: string; ip: string; success: boolean; at: Date }): Promise<void> {
    await this.db.insert(loginAttempts).values(input);
  }

  private async countFailures(condition: ReturnType<typeof eq>, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(condition, eq(loginAttempts.success, false), gte(loginAttempts.at, since)));
    return Number(row?.n ?? 0);
  }

  countFailuresForEmail(email: string, since: Date) {
    return this.countFailures(eq(loginAttempts.email, email), since);
  }

  countFailuresForIp(ip: string, since: Date) {
    return this.countFailures(eq(loginAttempts.ip, ip), since);
  }

  async deleteOlderThan(before: Date): Promise<number> {
    const rows = await this.db
      .delete(loginAttempts)
      .where(lt(loginAttempts.at, before))
      .returning({ id: loginAttempts.id });
    return rows.length;
  }
}
