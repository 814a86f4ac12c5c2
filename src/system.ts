import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { CachedSessionStore, CachedUserRepository } from './adapters/cache/cached-auth';
import { type Database, openDatabase } from './adapters/db/database';
import { seedDemoHistory } from './adapters/db/demo-history';
import { type DemoSeedResult, seedDemo } from './adapters/db/demo-seed';
import { DbApiKeyRepository } from './adapters/db/repositories/api-key-repository';
import { DbAuditLog } from './adapters/db/repositories/audit-log';
import {
  DbLoginAttemptStore,
  DbSessionStore,
  DbUserRepository,
} from './adapters/db/repositories/auth-repositories';
import { DbBankFileRepository } from './adapters/db/repositories/bank-file-repository';
import { DbBillingAdminRepository } from './adapters/db/repositories/billing-admin-repository';
import { DbBillingRepository } from './adapters/db/repositories/billing-repository';
import { DbCardRepository } from './adapters/db/repositories/card-repository';
import { DbCatalogRepository } from './adapters/db/repositories/catalog-repository';
import { DbChargeRepository } from './adapters/db/repositories/charge-repository';
import { DbClientImportStore } from './adapters/db/repositories/client-import-repository';
import { DbClientRepository } from './adapters/db/repositories/client-repository';
import { DbContractRepository } from './adapters/db/repositories/contract-repository';
import { DbDashboardRepository } from './adapters/db/repositories/dashboard-repository';
import { DbDocumentRepository } from './adapters/db/repositories/document-repository';
import { DbEmailOutbox } from './adapters/db/repositories/email-outbox-repository';
import { DbEmailTemplateRepository } from './adapters/db/repositories/email-template-repository';
import { DbJobRunStore } from './adapters/db/repositories/job-run-store';
import { DbLicenceRepository } from './adapters/db/repositories/licence-repository';
import { DbLicenceStatusRepository } from './adapters/db/repositories/licence-status-repository';
import { DbProposalRepository } from './adapters/db/repositories/proposal-repository';
import { DbRepasseRepository } from './adapters/db/repositories/repasse-repository';
import { DbResellerRepository } from './adapters/db/repositories/reseller-repository';
import { DbSignatureRepository } from './adapters/db/repositories/signature-repository';
import { DbStatementRepository } from './adapters/db/repositories/statement-repository';
import { DbVerificationLookup } from './adapters/db/repositories/verification-repository';
import { attachmentRenderer } from './adapters/email/attachment-renderer';
import { renderEmail } from './adapters/email/email-layout';
import { SmtpTransport } from './adapters/email/smtp-transport';
import { API_KEY_CACHE_TTL_MS, CachedApiKeyStore } from './adapters/licence/cached-api-keys';
import {
  type LicenceKeyRing,
  loadLicenceKeys,
  MEMORY_LICENCE_KEYS_WARNING,
} from './adapters/licence/licence-keys';
import { SandboxCardGateway } from './adapters/payments/sandbox-card-gateway';
import { SandboxPixPsp } from './adapters/payments/sandbox-pix-psp';
import { renderBoletoPdf } from './adapters/pdf/boleto-pdf';
import { pdfLibContractRenderer } from './adapters/pdf/contract-pdf';
import { P12DocumentSealer } from './adapters/pdf/pdf-sealer';
import { pdfLibProposalRenderer } from './adapters/pdf/proposal-pdf';
import { PgBossQueue } from './adapters/queue/pg-boss-queue';
import { argon2Hasher } from './adapters/security/argon2-hasher';
import { loadSigningCertificate, MEMORY_CERTIFICATE_WARNING } from './adapters/signing/certificate';
import type { LoginDeps } from './app/auth/login';
import { activationListener } from './app/billing/activation';
import { applyAlteration } from './app/billing/alterations';
import { BILLING_RUN_CRON, BILLING_RUN_JOB, type DailyRunDeps, runBilling } from './app/billing/daily-run';
import { registerSettlement } from './app/billing/settlement';
import { EMAIL_SEND_JOB, sendEmail } from './app/email/send-email';
import { HOUSEKEEPING_JOB, runHousekeeping } from './app/housekeeping/run-housekeeping';
import { LicenceStatusService } from './app/licence/licence-status';
import type { CardGateway } from './app/payments/card-gateway';
import { seedDemoCharges } from './app/payments/demo-charges';
import { BANK_RETURN_IMPORT_JOB, processBankReturn } from './app/payments/import-bank-return';
import { CHARGES_OVERDUE_JOB, markOverdueCharges } from './app/payments/mark-overdue';
import type { PixPsp } from './app/payments/pix-psp';
import { closeDueStatements, REPASSE_CLOSE_CRON, REPASSE_CLOSE_JOB } from './app/repasse/statements';
import { type Clock, systemClock } from './app/shared/ports';
import { type ContractSignedListener, noopContractSignedListener } from './app/signatures/contract-signed';
import type { DocumentSealer } from './app/signatures/ports';
import type { Config } from './config';
import { businessDateAt } from './domain/calendar/dates';

/** Everything the use cases need, wired to the real adapters. */
export interface System {
  config: Config;
  database: Database;
  clock: Clock;
  deps: ReturnType<typeof buildDeps>;
  queue: PgBossQueue | null;
  demo: DemoSeedResult;
  close(): Promise<void>;
}

function buildDeps(database: Database, config: Config, clock: Clock, dummyHash: string) {
  const db = database.db;
  // Session and user lookups happen on every request: kept in memory for 2 s (see cached-auth.ts).
  const users = new CachedUserRepository(new DbUserRepository(db));
  const sessions = new CachedSessionStore(new DbSessionStore(db));
  const attempts = new DbLoginAttemptStore(db);
  const audit = new DbAuditLog(db);
  const clients = new DbClientRepository(db);
  const runs = new DbJobRunStore(db);
  const resellers = new DbResellerRepository(db);
  const catalog = new DbCatalogRepository(db);
  const proposals = new DbProposalRepository(db);
  const contracts = new DbContractRepository(db);
  const documents = new DbDocumentRepository(db);
  const charges = new DbChargeRepository(db);
  const signingCertificate = loadSigningCertificate(config);
  // The Hiper software's licence: its pending contract, and the signed status every installation polls.
  const licence = new DbLicenceRepository(db);
  const licenceKeys: LicenceKeyRing = loadLicenceKeys(config);
  // E-mail: always kept in the outbox; delivered by the 'email.send' job when SMTP_URL is set.
  const emailTransport = config.smtpUrl
    ? new SmtpTransport({ url: config.smtpUrl, from: config.mailFrom })
    : null;
  const outbox = new DbEmailOutbox(db, { transportConfigured: emailTransport !== null });
  const login: LoginDeps = {
    users,
    sessions,
    attempts,
    hasher: argon2Hasher,
    audit,
    clock,
    secret: config.sessionSecret,
    dummyHash,
  };
  return {
    users,
    sessions,
    attempts,
    audit,
    clients,
    resellers,
    imports: new DbClientImportStore(db, resellers),
    catalog,
    proposals,
    proposalPdf: pdfLibProposalRenderer,
    contracts,
    documents,
    contractPdf: pdfLibContractRenderer,
    // The signed contract: completion page + PDF signature with the platform's P12 (see certificate.ts).
    signingCertificate,
    sealer: new P12DocumentSealer(signingCertificate) as DocumentSealer,
    // Public /verificar: summary lookups by SHA-256 or a sealed file's contract marker.
    verification: new DbVerificationLookup(db),
    // The signature ceremony: requests, codes and evidence; what happens once a contract is signed.
    signatures: new DbSignatureRepository(db),
    // The Hiper software: installation API keys (Bearer, stored hashed) and the licence contract API.
    // Bearer keys kept in memory for 5 s (see cached-api-keys.ts): the licence status reads no database when hot.
    apiKeys: new CachedApiKeyStore(new DbApiKeyRepository(db), API_KEY_CACHE_TTL_MS, () =>
      clock.now().getTime(),
    ),
    licence,
    // Ed25519 keys of the licence token (LICENCE_KEYS_PATH / DATA_DIR/licence / memory) and the cached status.
    licenceKeys,
    licenceStatus: new LicenceStatusService({
      store: new DbLicenceStatusRepository(db),
      licence,
      clock,
      signer: () => licenceKeys.signer(),
      issuer: config.publicUrl,
      validitySeconds: config.licenceTokenValiditySeconds,
    }),
    contractSigned: noopContractSignedListener as ContractSignedListener,
    // Payment rails (SPEC §5): charges and the payments that settle them (idempotent by source id).
    charges,
    // National bank holidays plus the configured corrections (due dates, TED matching windows).
    bankCalendar: config.bankCalendar,
    // The boleto híbrido PDF (FEBRABAN layout, I2/5 barcode, Pix QR).
    boletoPdf: renderBoletoPdf,
    // E-mail attachments (the boleto PDF) are rendered when the e-mail is sent, from the charge.
    renderAttachment: attachmentRenderer({ charges, settings: config.payments, clock }),
    // Bank statements (OFX): credits deduplicated by (account, FITID), matched to TED charges or queued.
    statements: new DbStatementRepository(db),
    // CNAB 240 remessas and retornos (bank_files): generated, downloaded, imported with progress.
    bankFiles: new DbBankFileRepository(db),
    // Credit card: registration links and cards (token, brand, last 4 — never the number); the gateway.
    cards: new DbCardRepository(db),
    cardGateway: new SandboxCardGateway(clock) as CardGateway,
    // Pix PSP: the embedded sandbox (static-key BR Code, "simular pagamento"); a real PSP slots in here.
    pixPsp: new SandboxPixPsp(config.payments.pix) as PixPsp,
    // Billing staff screens and operations: runs, a client's installments, liberar até, cancellation, alterations.
    billingAdmin: new DbBillingAdminRepository(db),
    // Dashboards (issue 7): aggregates in SQL, scoped by tenancy; the client page's repasse panel.
    dashboards: new DbDashboardRepository(db),
    // Staff-edited billing e-mail texts (Modelos de e-mail); read from memory for 30 s, edits seen at once.
    emailTemplates: new DbEmailTemplateRepository(db, { now: () => clock.now().getTime() }),
    // The billing engine (issue 6): installments, idempotent billing steps, runs, settlement → access.
    billing: new DbBillingRepository(db, {
      transportConfigured: emailTransport !== null,
      dispatcher: outbox,
      lateFeesTo: config.repasse.lateFeesTo,
    }),
    billingLeadDays: config.billingLeadDays,
    // Repasse (SPEC §7): the ledger's statements (close, ajuste, payout, nota fiscal) and refunds' clawbacks.
    repasse: new DbRepasseRepository(db),
    outbox,
    emailTransport,
    runs,
    hasher: argon2Hasher,
    login,
  };
}

/** What the billing engine needs, from the current deps (tests may swap an adapter after boot). */
export function billingDeps(system: { deps: System['deps']; config: Config; clock: Clock }): DailyRunDeps {
  return {
    ...system.deps,
    clock: system.clock,
    renderEmail,
    publicUrl: system.config.publicUrl,
    linkSecret: system.config.sessionSecret,
    payments: system.config.payments,
    // A signed alteração: upgrade with proration, downgrade (src/app/billing/alterations.ts).
    applyAlteration: (d, contract) =>
      applyAlteration({ ...d, billingAdmin: system.deps.billingAdmin }, contract),
  };
}

export interface OpenSystemOptions {
  logger?: Logger;
  clock?: Clock;
  /** Use an already open database (tests). */
  database?: Database;
  /** With the demo seed: 18 months of billing history for the demo clients (src/main.ts; tests: off). */
  demoHistory?: boolean;
}

export async function openSystem(config: Config, options: OpenSystemOptions = {}): Promise<System> {
  const clock = options.clock ?? systemClock;
  let database = options.database;
  if (!database) {
    if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  }
  await database.migrate();
  const dummyHash = await argon2Hasher.hash('not-a-real-password');
  const deps = buildDeps(database, config, clock, dummyHash);
  // Billing: a signed ativação/migração gets its activation charge at once (a failure is retried by the
  // daily run); a payment that settles an installment gives access inside the payment's transaction.
  const billing = () => billingDeps({ deps, config, clock });
  deps.contractSigned = {
    onContractSigned: (contractId) =>
      activationListener({
        ...billing(),
        onError: (err) =>
          options.logger?.error(
            { err, contractId },
            'ativação da cobrança falhou; a execução diária tenta de novo',
          ),
      }).onContractSigned(contractId),
  };
  registerSettlement({
    charges: deps.charges,
    billing: deps.billing,
    clock,
    bankCalendar: config.bankCalendar,
  });
  if (config.env === 'production') {
    // No real PSP / card gateway adapter is configured yet: say so loudly (see docs on how to plug one in).
    options.logger?.warn(
      'Pix e cartão estão no modo sandbox (sem PSP nem gateway reais): cobranças Pix e de cartão não movimentam dinheiro.',
    );
  }
  if (deps.signingCertificate.source === 'memoria' && config.env !== 'test') {
    options.logger?.warn(MEMORY_CERTIFICATE_WARNING);
  }
  if (deps.licenceKeys.source === 'memoria' && config.env !== 'test') {
    options.logger?.warn(MEMORY_LICENCE_KEYS_WARNING);
  }

  const demo = config.seedDemo
    ? await seedDemo(database.db, argon2Hasher, clock)
    : { seeded: false, users: [] };
  if (demo.seeded) {
    await seedDemoCharges({
      ...deps,
      clock,
      renderEmail,
      publicUrl: config.publicUrl,
      linkSecret: config.sessionSecret,
      payments: config.payments,
    });
    if (options.demoHistory) {
      try {
        const history = await seedDemoHistory({ database, deps, config, clock });
        options.logger?.info(
          { clients: history.clients, runs: history.runs, payments: history.payments, ms: history.ms },
          'histórico de demonstração criado',
        );
        if (history.mismatches.length > 0) {
          options.logger?.warn({ mismatches: history.mismatches }, 'histórico de demonstração divergente');
        }
      } catch (err) {
        // The demo still works without its history: say so and go on.
        options.logger?.error({ err }, 'histórico de demonstração não pôde ser criado');
      }
    }
  }

  let queue: PgBossQueue | null = null;
  if (config.queueEnabled) {
    // PROCESS_ROLE=web only sends jobs; the worker processes (or this one, with 'all') work them.
    queue = new PgBossQueue(
      database,
      config.databaseUrl,
      (err) => options.logger?.error({ err }, 'erro na fila de tarefas'),
      { work: config.processRole !== 'web' },
    );
    await queue.start([
      {
        name: HOUSEKEEPING_JOB,
        cron: '15 3 * * *',
        handler: async () => {
          const report = await runHousekeeping({ ...deps, clock });
          options.logger?.info({ job: HOUSEKEEPING_JOB, ...report }, 'limpeza diária concluída');
          return report;
        },
      },
      {
        name: CHARGES_OVERDUE_JOB,
        cron: '5 0 * * *',
        handler: async () => {
          const report = await markOverdueCharges({ ...deps, clock });
          options.logger?.info({ job: CHARGES_OVERDUE_JOB, ...report }, 'cobranças vencidas marcadas');
          return report;
        },
      },
      {
        // The daily billing run (06:00 São Paulo); also sent with { date, run_id, trigger, started_by }.
        name: BILLING_RUN_JOB,
        cron: BILLING_RUN_CRON,
        // A big portfolio's run may last long: not "lost" before 6 h.
        expireInSeconds: 6 * 60 * 60,
        handler: async (data) => {
          const summary = await runBilling(billing(), {
            date: typeof data.date === 'string' ? data.date : businessDateAt(clock.now()),
            trigger: data.trigger === 'manual' || data.trigger === 'cli' ? data.trigger : 'cron',
            startedBy: typeof data.started_by === 'string' ? data.started_by : null,
            ...(typeof data.run_id === 'string' ? { runId: data.run_id } : {}),
          });
          options.logger?.info(
            { job: BILLING_RUN_JOB, ...summary, errors: summary.errors.length },
            'cobrança diária concluída',
          );
          return summary.counts;
        },
      },
      {
        // Extratos de repasse: from day REPASSE_CLOSE_DAY on, the previous month closes for every Hiperador.
        name: REPASSE_CLOSE_JOB,
        cron: REPASSE_CLOSE_CRON,
        handler: async () => {
          const report = await closeDueStatements({ ...deps, clock, closeDay: config.repasse.closeDay });
          options.logger?.info(
            { job: REPASSE_CLOSE_JOB, month: report.month, closed: report.closed.length },
            'fechamento de extratos de repasse concluído',
          );
          return { month: report.month, closed: report.closed.length };
        },
      },
      {
        name: EMAIL_SEND_JOB,
        handler: (data) => sendEmail({ ...deps, clock }, data),
      },
      {
        // A big CNAB retorno, applied chunk by chunk (resumes where it stopped; every write is idempotent).
        name: BANK_RETURN_IMPORT_JOB,
        // A 100,000-title retorno resumes chunk by chunk; give one attempt up to 2 h.
        expireInSeconds: 2 * 60 * 60,
        handler: (data) => processBankReturn({ ...deps, clock, queue }, String(data.fileId)),
      },
    ]);
  }
  deps.outbox.attachQueue(queue);

  const db = database;
  return {
    config,
    database: db,
    clock,
    deps,
    queue,
    demo,
    async close() {
      await queue?.stop();
      deps.emailTransport?.close();
      await db.close();
    },
  };
}
