import { randomBytes } from 'node:crypto';
import { passwordProblems } from '../../domain/access/password-policy';
import { ROLE_LABELS, type Role } from '../../domain/access/roles';
import type { PasswordHasher, UserRepository } from '../auth/ports';
import { AppError } from '../shared/errors';
import type { AuditLog } from '../shared/ports';
import type { AccountManagerAssignments, ResellerLookup, ResellerRef } from './ports';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 200;

/** A strong random password: 12 random bytes → 16 base64url characters. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

export function isValidEmail(email: string): boolean {
  return email.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(email);
}

export interface CreateUserDeps {
  users: UserRepository;
  resellers: ResellerLookup;
  assignments: AccountManagerAssignments;
  hasher: PasswordHasher;
  audit: AuditLog;
  /** Defaults to {@link generatePassword}. */
  generatePassword?: () => string;
}

export interface CreateUserInput {
  email: string;
  role: Role;
  /** Defaults to the part of the e-mail before the @. */
  name?: string | undefined;
  /** Without it a password is generated and returned once. */
  password?: string | undefined;
  /** References (id, CNPJ or exact name): exactly one for hiperador, any number for gerente_contas, none otherwise. */
  resellers?: readonly string[] | undefined;
}

/** Who asked for the user: a signed-in administrator or a command line ('cli'). */
export interface CreateUserActor {
  userId: string | null;
  email: string;
}

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The reseller a hiperador user belongs to. */
  reseller: { id: string; name: string } | null;
  /** Only for a gerente de contas: the resellers they look after. */
  resellers?: { id: string; name: string }[];
  /** Present only when the password was generated: show it once, it is not stored in clear. */
  password?: string;
}

export async function createUser(
  deps: CreateUserDeps,
  input: CreateUserInput,
  actor: CreateUserActor,
): Promise<CreatedUser> {
  const email = input.email.trim().toLowerCase();
  if (!isValidEmail(email))
    throw new AppError('validation_failed', `E-mail inválido: "${input.email}".`, 'email');

  const name = (input.name ?? '').trim() || email.slice(0, email.indexOf('@'));
  if (name.length > MAX_NAME_LENGTH) {
    throw new AppError(
      'validation_failed',
      `O nome deve ter no máximo ${MAX_NAME_LENGTH} caracteres.`,
      'name',
    );
  }

  const references = [...new Set((input.resellers ?? []).map((r) => r.trim()).filter((r) => r !== ''))];
  const label = ROLE_LABELS[input.role];
  if (input.role === 'hiperador' && references.length !== 1) {
    throw new AppError(
      'validation_failed',
      references.length === 0
        ? 'Um usuário hiperador precisa de um Hiperador (revenda): informe --reseller.'
        : 'Um usuário hiperador pertence a um único Hiperador (revenda): informe --reseller uma só vez.',
      'reseller',
    );
  }
  if ((input.role === 'admin' || input.role === 'financeiro') && references.length > 0) {
    throw new AppError(
      'validation_failed',
      `O perfil ${label} vê todos os Hiperadores e não pode ser vinculado a um (não use --reseller).`,
      'reseller',
    );
  }

  let password = input.password;
  const generated = password === undefined;
  if (password === undefined) password = (deps.generatePassword ?? generatePassword)();
  else {
    const problems = passwordProblems(password, email);
    if (problems.length > 0) throw new AppError('validation_failed', problems[0]!, 'password');
  }

  if (await deps.users.findByEmail(email)) {
    throw new AppError('conflict', `Já existe um usuário com o e-mail ${email}.`, 'email');
  }

  const resellers: ResellerRef[] = [];
  for (const reference of references) {
    const reseller = await resolveReseller(deps.resellers, reference);
    if (!resellers.some((r) => r.id === reseller.id)) resellers.push(reseller);
  }

  const user = await deps.users.create({
    email,
    name,
    role: input.role,
    resellerId: input.role === 'hiperador' ? resellers[0]!.id : null,
    passwordHash: await deps.hasher.hash(password),
  });
  if (input.role === 'gerente_contas' && resellers.length > 0) {
    await deps.assignments.assign(
      user.id,
      resellers.map((r) => r.id),
    );
  }
  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'user.created',
    entityType: 'user',
    entityId: user.id,
    details: {
      email: user.email,
      role: user.role,
      resellerIds: resellers.map((r) => r.id),
      passwordGenerated: generated,
    },
  });

  const refs = resellers.map((r) => ({ id: r.id, name: r.name }));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    reseller: input.role === 'hiperador' ? refs[0]! : null,
    ...(input.role === 'gerente_contas' ? { resellers: refs } : {}),
    ...(generated ? { password } : {}),
  };
}

async function resolveReseller(lookup: ResellerLookup, reference: string): Promise<ResellerRef> {
  const matches = await lookup.findByReference(reference);
  if (matches.length === 0) {
    throw new AppError(
      'not_found',
      `Nenhum Hiperador (revenda) corresponde a "${reference}": informe o id, o CNPJ ou o nome exato.`,
      'reseller',
    );
  }
  if (matches.length > 1) {
    throw new AppError(
      'conflict',
      `"${reference}" corresponde a mais de um Hiperador (${matches.map((m) => m.name).join(', ')}): informe o id ou o CNPJ.`,
      'reseller',
    );
  }
  const reseller = matches[0]!;
  if (!reseller.active) {
    throw new AppError('business_rule', `O Hiperador "${reseller.name}" está inativo.`, 'reseller');
  }
  return reseller;
}
