import { resolve } from 'node:path';
import { z } from 'zod';
import { type BankCalendarOptions, bankCalendarFromConfig } from './domain/calendar/bank-calendar';
import { DEMO_PAYMENT_SETTINGS, type PaymentSettings } from './domain/payments/payment-settings';
import type { LateFeesTo } from './domain/repasse/repasse';

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
  PROCESS_ROLE: z.enum(['all', 'web', 'worker'], { error: 'deve ser all, web ou worker' }).default('all'),
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
  // The Hiper software's licence tokens (src/adapters/licence/licence-keys.ts, src/app/licence/licence-status.ts).
  LICENCE_KEYS_PATH: z.string().optional(),
  LICENCE_TOKEN_VALIDITY_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  // Payment rails (see src/domain/payments/payment-settings.ts); demo values when unset.
  BENEFICIARY_NAME: z.string().optional(),
  BENEFICIARY_DOCUMENT: z.string().optional(),
  BENEFICIARY_ADDRESS: z.string().optional(),
  BOLETO_BANK: z.enum(['001', '756']).optional(),
  BOLETO_AGENCY: z
    .string()
    .regex(/^\d{4}$/, 'agência com 4 dígitos')
    .optional(),
  BOLETO_ACCOUNT: z
    .string()
    .regex(/^[\dX]{2,13}$/i, 'conta com dígito, só números')
    .optional(),
  BOLETO_CONVENIO: z
    .string()
    .regex(/^\d{1,7}$/, 'convênio com até 7 dígitos')
    .optional(),
  BOLETO_CARTEIRA: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
  BOLETO_VARIATION: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
  PIX_KEY: z.string().optional(),
  PIX_MERCHANT_NAME: z.string().max(25).optional(),
  PIX_MERCHANT_CITY: z.string().max(15).optional(),
  PIX_WEBHOOK_SECRET: z.string().optional(),
  TED_BANK: z.string().optional(),
  TED_BANK_NAME: z.string().optional(),
  TED_AGENCY: z.string().optional(),
  TED_ACCOUNT: z.string().optional(),
  BANK_EXTRA_HOLIDAYS: z.string().optional(),
  BANK_NOT_HOLIDAYS: z.string().optional(),
  FINE_BASIS_POINTS: z.coerce.number().int().min(0).max(200).optional(),
  INTEREST_MONTHLY_BASIS_POINTS: z.coerce.number().int().min(0).max(1000).optional(),
  // Billing: installments are issued (charge + e-mail) this many days before their due date.
  BILLING_LEAD_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  // Repasse (SPEC §7): who keeps the multa e juros clients pay, and the day the month's statements close.
  REPASSE_LATE_FEES_TO: z.enum(['hiper', 'hiperador']).default('hiper'),
  REPASSE_CLOSE_DAY: z.coerce.number().int().min(1).max(28).default(5),
  // TEST ONLY: a clock the browser tests move (POST /api/v1/test/clock); refused in production.
  TEST_CLOCK: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

const PRODUCTION_PAYMENT_VARIABLES = [
  'BENEFICIARY_NAME',
  'BENEFICIARY_DOCUMENT',
  'BOLETO_BANK',
  'BOLETO_AGENCY',
  'BOLETO_ACCOUNT',
  'BOLETO_CONVENIO',
  'PIX_KEY',
  'PIX_WEBHOOK_SECRET',
  'TED_BANK',
  'TED_AGENCY',
  'TED_ACCOUNT',
] as const;

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
  /**
   * PROCESS_ROLE: 'all' (default) serves HTTP and works the jobs; 'web' serves HTTP and only sends jobs;
   * 'worker' works the jobs and schedules the crons, without HTTP. web/worker need DATABASE_URL.
   */
  processRole: ProcessRole;
  /** smtp://user:pass@host:587; without it e-mails stay in the Caixa de saída. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The portal's public address, for links in e-mails (e.g. https://central.hiper.com.br). */
  publicUrl: string;
  /** The platform's signing certificate (.p12) for the signed contracts; without it one is generated (dev). */
  signingP12Path: string | undefined;
  signingP12Password: string | undefined;
  /** JSON file of the Ed25519 keys (JWKs, newest first) that sign the licence tokens; required in production. */
  licenceKeysPath: string | undefined;
  /** How long a licence token is valid (the Hiper software works offline until then): 72 h by default. */
  licenceTokenValiditySeconds: number;
  /** Beneficiary, bank account and convênio, Pix key, TED account, fine and interest defaults. */
  payments: PaymentSettings;
  /** Corrections to the national bank holiday table (BANK_EXTRA_HOLIDAYS / BANK_NOT_HOLIDAYS). */
  bankCalendar: BankCalendarOptions;
  /** Days before the due date the daily run issues an installment (BILLING_LEAD_DAYS, default 10). */
  billingLeadDays: number;
  /** Repasse: who keeps multa e juros (REPASSE_LATE_FEES_TO) and the day the previous month closes. */
  repasse: { lateFeesTo: LateFeesTo; closeDay: number };
  /** TEST ONLY (TEST_CLOCK): an adjustable clock and its route; never in production. */
  testClock: boolean;
}

export type ProcessRole = 'all' | 'web' | 'worker';

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
  if (production && e.TEST_CLOCK) {
    throw new ConfigError('TEST_CLOCK é só para testes: não é permitido em produção (NODE_ENV=production).');
  }
  if (production && !e.SIGNING_P12_PATH) {
    throw new ConfigError(
      'SIGNING_P12_PATH é obrigatório em produção (NODE_ENV=production): o certificado (.p12) que assina os contratos.',
    );
  }
  if (production && !e.LICENCE_KEYS_PATH) {
    throw new ConfigError(
      'LICENCE_KEYS_PATH é obrigatório em produção (NODE_ENV=production): o arquivo de chaves Ed25519 que assina as licenças do Hiper.',
    );
  }
  if (e.PROCESS_ROLE !== 'all' && !e.DATABASE_URL) {
    throw new ConfigError(
      `PROCESS_ROLE=${e.PROCESS_ROLE} exige DATABASE_URL: com o banco de dados embutido (PGlite) um só processo serve o portal e executa as tarefas (PROCESS_ROLE=all).`,
    );
  }
  if (e.PROCESS_ROLE === 'worker' && !e.QUEUE_ENABLED) {
    throw new ConfigError(
      'PROCESS_ROLE=worker executa a fila de tarefas: não combina com QUEUE_ENABLED=false.',
    );
  }
  if (production) {
    // The demo bank account must never receive real clients' money.
    const missing = PRODUCTION_PAYMENT_VARIABLES.filter((name) => !e[name]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Em produção (NODE_ENV=production) configure os dados de recebimento: ${missing.join(', ')}.`,
      );
    }
    if ((e.PIX_WEBHOOK_SECRET ?? '').length < 32) {
      throw new ConfigError('PIX_WEBHOOK_SECRET deve ter ao menos 32 caracteres.');
    }
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
    processRole: e.PROCESS_ROLE,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM || DEFAULT_MAIL_FROM,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    signingP12Path: e.SIGNING_P12_PATH ? resolve(e.SIGNING_P12_PATH) : undefined,
    signingP12Password: e.SIGNING_P12_PASSWORD || undefined,
    licenceKeysPath: e.LICENCE_KEYS_PATH ? resolve(e.LICENCE_KEYS_PATH) : undefined,
    licenceTokenValiditySeconds: e.LICENCE_TOKEN_VALIDITY_HOURS * 3600,
    payments: paymentSettings(e),
    bankCalendar: bankCalendar(e),
    billingLeadDays: e.BILLING_LEAD_DAYS,
    repasse: { lateFeesTo: e.REPASSE_LATE_FEES_TO, closeDay: e.REPASSE_CLOSE_DAY },
    testClock: e.TEST_CLOCK,
  };
}

function paymentSettings(e: z.infer<typeof EnvSchema>): PaymentSettings {
  const d = DEMO_PAYMENT_SETTINGS;
  return {
    beneficiary: {
      name: e.BENEFICIARY_NAME || d.beneficiary.name,
      document: (e.BENEFICIARY_DOCUMENT || d.beneficiary.document).replace(/[^\dA-Z]/gi, '').toUpperCase(),
      address: e.BENEFICIARY_ADDRESS || d.beneficiary.address,
    },
    boleto: {
      bankCode: e.BOLETO_BANK ?? d.boleto.bankCode,
      agency: e.BOLETO_AGENCY ?? d.boleto.agency,
      account: (e.BOLETO_ACCOUNT ?? d.boleto.account).toUpperCase(),
      convenio: e.BOLETO_CONVENIO ?? d.boleto.convenio,
      carteira: e.BOLETO_CARTEIRA ?? d.boleto.carteira,
      variation: e.BOLETO_VARIATION ?? d.boleto.variation,
    },
    pix: {
      key: e.PIX_KEY || d.pix.key,
      merchantName: e.PIX_MERCHANT_NAME || d.pix.merchantName,
      merchantCity: e.PIX_MERCHANT_CITY || d.pix.merchantCity,
      webhookSecret: e.PIX_WEBHOOK_SECRET || d.pix.webhookSecret,
    },
    ted: {
      bankCode: e.TED_BANK || d.ted.bankCode,
      bankName: e.TED_BANK_NAME || d.ted.bankName,
      agency: e.TED_AGENCY || d.ted.agency,
      account: e.TED_ACCOUNT || d.ted.account,
    },
    fineBasisPoints: e.FINE_BASIS_POINTS ?? d.fineBasisPoints,
    interestMonthlyBasisPoints: e.INTEREST_MONTHLY_BASIS_POINTS ?? d.interestMonthlyBasisPoints,
  };
}

function bankCalendar(e: z.infer<typeof EnvSchema>): BankCalendarOptions {
  try {
    return bankCalendarFromConfig(e.BANK_EXTRA_HOLIDAYS ?? '', e.BANK_NOT_HOLIDAYS ?? '');
  } catch (err) {
    throw new ConfigError(`Configuração inválida: ${(err as Error).message}`);
  }
}
