import { resolve } from 'node:path';
import { z } from 'zod';

// Validation messages (API and configuration) in Brazilian Portuguese.
z.config(z.locales.ptBR());

export const DEFAULT_MAIL_FROM = 'Central de Cobranças <nao-responda@central.local>';

const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  QUEUE_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  SMTP_URL: z
    .string()
    .refine((v) => v === '' || /^smtps?:\/\//i.test(v), 'deve começar com smtp:// ou smtps://')
    .optional(),
  MAIL_FROM: z.string().optional(),
  PUBLIC_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'deve ser um endereço http:// ou https://')
    .default('http://localhost:3000'),
  SIGNING_P12_PATH: z.string().optional(),
  SIGNING_P12_PASSWORD: z.string().optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  logLevel: string;
  trustProxy: boolean;
  seedDemo: boolean;
  queueEnabled: boolean;
  /** smtp://user:pass@host:587; without it e-mails stay in the Caixa de saída. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The portal's public address, for links in e-mails (e.g. https://central.hiper.com.br). */
  publicUrl: string;
  /** The platform's signing certificate (.p12) for the signed contracts; without it one is generated (dev). */
  signingP12Path: string | undefined;
  signingP12Password: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Configuração inválida: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && (!e.SESSION_SECRET || e.SESSION_SECRET.length < 32)) {
    throw new ConfigError(
      'SESSION_SECRET é obrigatório em produção (NODE_ENV=production) e deve ter ao menos 32 caracteres.',
    );
  }
  if (production && !e.SIGNING_P12_PATH) {
    throw new ConfigError(
      'SIGNING_P12_PATH é obrigatório em produção (NODE_ENV=production): o certificado (.p12) que assina os contratos.',
    );
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: resolve(e.DATA_DIR),
    sessionSecret: e.SESSION_SECRET || DEV_SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    // Demo users are never created in production.
    seedDemo: e.SEED_DEMO && !production,
    queueEnabled: e.QUEUE_ENABLED,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM || DEFAULT_MAIL_FROM,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    signingP12Path: e.SIGNING_P12_PATH ? resolve(e.SIGNING_P12_PATH) : undefined,
    signingP12Password: e.SIGNING_P12_PASSWORD || undefined,
  };
}
