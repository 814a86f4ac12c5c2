import type { Role } from '../../domain/access/roles';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  resellerId: string | null;
  resellerName: string | null;
  active: boolean;
  passwordHash: string;
}

export interface UserRepository {
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  updatePasswordHash(userId: string, passwordHash: string, at: Date): Promise<void>;
  create(input: {
    email: string;
    name: string;
    role: Role;
    resellerId: string | null;
    passwordHash: string;
  }): Promise<UserRecord>;
}

export interface SessionRecord {
  userId: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface SessionStore {
  create(input: {
    idHash: string;
    userId: string;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  }): Promise<void>;
  find(idHash: string): Promise<SessionRecord | null>;
  touch(idHash: string, now: Date, expiresAt: Date): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteAllForUser(userId: string, exceptIdHash?: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export interface LoginAttemptStore {
  record(input: { email: string; ip: string; success: boolean; at: Date }): Promise<void>;
  countFailuresForEmail(email: string, since: Date): Promise<number>;
  countFailuresForIp(ip: string, since: Date): Promise<number>;
  deleteOlderThan(before: Date): Promise<number>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
