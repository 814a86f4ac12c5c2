import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CLIENT_STATUSES } from '../../domain/clients/client-status';

/** Money is always integer centavos (bigint, read as JS number: safe up to R$ 90 trilhões). */
const cents = (name: string) => bigint(name, { mode: 'number' });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const businessDate = (name: string) => date(name, { mode: 'string' });
/** Binary content (PDFs): the database is the system of record for documents too. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const userRole = pgEnum('user_role', ['admin', 'financeiro', 'gerente_contas', 'hiperador']);
export const clientStatus = pgEnum('client_status', CLIENT_STATUSES);
export const catalogItemKind = pgEnum('catalog_item_kind', ['plan', 'addon', 'app']);

export const resellers = pgTable('resellers', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  legalName: text('legal_name').notNull(),
  document: text('document').notNull().unique(),
  email: text('email').notNull(),
  phone: text('phone'),
  city: text('city').notNull(),
  state: text('state').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    resellerId: uuid('reseller_id').references(() => resellers.id),
    active: boolean('active').notNull().default(true),
    passwordChangedAt: instant('password_changed_at'),
    /** Shown to the Hiperadores a gerente de contas looks after ("Fale com seu Gerente de Contas"). */
    phone: text('phone'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`)],
);

/** Which resellers a gerente de contas looks after. */
export const accountManagerResellers = pgTable(
  'account_manager_resellers',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.resellerId] })],
);

/** Server-side sessions; only the SHA-256 of the cookie value is stored. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: instant('created_at').notNull().defaultNow(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Every login attempt, for throttling (by e-mail and by IP) and for the audit trail. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    success: boolean('success').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_email_at_idx').on(t.email, t.at),
    index('login_attempts_ip_at_idx').on(t.ip, t.at),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: instant('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_at_idx').on(t.at)],
);

export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    legalName: text('legal_name').notNull(),
    tradeName: text('trade_name'),
    /** CPF (11 digits) or CNPJ (14 characters, alphanumeric allowed), normalised: no punctuation, upper case. */
    document: text('document').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    contactName: text('contact_name'),
    street: text('street'),
    number: text('number'),
    district: text('district'),
    city: text('city').notNull(),
    state: text('state').notNull(),
    cep: text('cep'),
    /** Inscrição estadual, when the client has one. */
    stateRegistration: text('state_registration'),
    /** Further e-mails that receive the billing (the main one is `email`). */
    billingEmails: jsonb('billing_emails').$type<string[]>().notNull().default([]),
    /** The responsável who signs the contracts: name, CPF (11 digits) and e-mail. */
    responsibleName: text('responsible_name'),
    responsibleCpf: text('responsible_cpf'),
    responsibleEmail: text('responsible_email'),
    status: clientStatus('status').notNull().default('aguardando_contrato'),
    productCode: text('product_code'),
    monthlyFeeCents: cents('monthly_fee_cents'),
    repasseCents: cents('repasse_cents'),
    paidThrough: businessDate('paid_through'),
    activatedOn: businessDate('activated_on'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // A CPF/CNPJ is a client of one Hiperador only, system-wide (the use case names the holder).
    uniqueIndex('clients_document_idx').on(t.document),
    index('clients_reseller_name_idx').on(t.resellerId, t.legalName),
  ],
);

/** A dated set of prices; a contract freezes the book it was issued with. */
export const priceBooks = pgTable('price_books', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  validFrom: businessDate('valid_from').notNull(),
  /** Taxa da central, in basis points of the amount received (650 = 6,5%). */
  centralFeeBp: integer('central_fee_bp').notNull(),
  semiannualDiscountBp: integer('semiannual_discount_bp').notNull(),
  annualDiscountBp: integer('annual_discount_bp').notNull(),
  /** Most card installments (parcelas) allowed for each periodicidade. */
  cardMaxInstallmentsMonthly: integer('card_max_installments_monthly').notNull().default(1),
  cardMaxInstallmentsSemiannual: integer('card_max_installments_semiannual').notNull().default(6),
  cardMaxInstallmentsAnnual: integer('card_max_installments_annual').notNull().default(12),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const products = pgTable('products', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  /** The Hiperador's share of the implantação fee, in basis points (SPEC §7; 10000 = all of it). */
  setupFeeResellerBp: integer('setup_fee_reseller_bp').notNull().default(10000),
});

export const catalogItems = pgTable(
  'catalog_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    priceBookId: uuid('price_book_id')
      .notNull()
      .references(() => priceBooks.id),
    kind: catalogItemKind('kind').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** The product this item belongs to (plan) or is restricted to (addon/app); null = any product. */
    productCode: text('product_code').references(() => products.code),
    originalCents: cents('original_cents').notNull(),
    minimumCents: cents('minimum_cents').notNull(),
    costCents: cents('cost_cents').notNull(),
    /** Implantação (setup) fee, for plans. */
    setupFeeCents: cents('setup_fee_cents'),
    includedUsers: integer('included_users'),
    includedRegisters: integer('included_registers'),
    includedStores: integer('included_stores'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('catalog_items_book_code_product_idx').on(t.priceBookId, t.code, t.productCode)],
);

/** Human proposal numbers (2026-000123): one sequence, never reused. */
export const proposalNumberSeq = pgSequence('proposal_number_seq', { startWith: 1, increment: 1 });

export const proposalStatus = pgEnum('proposal_status', ['rascunho', 'pronta_para_contrato', 'cancelada']);

/**
 * A proposta (draft quote) built in the calculator for a client. It keeps the price book it was priced
 * with; `configuration` is the calculator input and `pricing` the priced result at that time.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. 2026-000123. */
    number: text('number').notNull().unique(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    priceBookId: uuid('price_book_id')
      .notNull()
      .references(() => priceBooks.id),
    status: proposalStatus('status').notNull().default('rascunho'),
    productCode: text('product_code').notNull(),
    periodicity: text('periodicity').notNull(),
    paymentMethod: text('payment_method').notNull(),
    cardInstallments: integer('card_installments'),
    monthlyNegotiatedCents: cents('monthly_negotiated_cents').notNull(),
    periodTotalCents: cents('period_total_cents').notNull(),
    setupFeeCents: cents('setup_fee_cents').notNull(),
    repasseMonthlyCents: cents('repasse_monthly_cents').notNull(),
    configuration: jsonb('configuration').$type<Record<string, unknown>>().notNull(),
    pricing: jsonb('pricing').$type<Record<string, unknown>>().notNull(),
    validUntil: businessDate('valid_until').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('proposals_client_idx').on(t.clientId, t.createdAt),
    index('proposals_reseller_idx').on(t.resellerId),
  ],
);

export const contractNumberSeq = pgSequence('contract_number_seq', { startWith: 1, increment: 1 });
export const contractKind = pgEnum('contract_kind', ['ativacao', 'migracao', 'alteracao']);
export const contractStatus = pgEnum('contract_status', [
  'aguardando_assinatura',
  'assinado',
  'recusado',
  'cancelado',
]);

/**
 * A contract version: immutable once issued (items and prices frozen from the proposal). Editing issues a
 * new version and cancels the pending one; at most one version per client waits for signature.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. 2026-000007. */
    number: text('number').notNull().unique(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    proposalId: uuid('proposal_id').references(() => proposals.id),
    priceBookId: uuid('price_book_id')
      .notNull()
      .references(() => priceBooks.id),
    /** 1, 2, 3… per client. */
    version: integer('version').notNull(),
    kind: contractKind('kind').notNull(),
    status: contractStatus('status').notNull().default('aguardando_assinatura'),
    productCode: text('product_code').notNull(),
    periodicity: text('periodicity').notNull(),
    paymentMethod: text('payment_method').notNull(),
    cardInstallments: integer('card_installments'),
    monthlyNegotiatedCents: cents('monthly_negotiated_cents').notNull(),
    periodTotalCents: cents('period_total_cents').notNull(),
    setupFeeCents: cents('setup_fee_cents').notNull(),
    repasseMonthlyCents: cents('repasse_monthly_cents').notNull(),
    configuration: jsonb('configuration').$type<Record<string, unknown>>().notNull(),
    pricing: jsonb('pricing').$type<Record<string, unknown>>().notNull(),
    /** The responsável who must sign, frozen at issue (the client's record may change later). */
    signerName: text('signer_name'),
    signerCpf: text('signer_cpf'),
    signerEmail: text('signer_email'),
    /** For a migração: the liberado até the client keeps. */
    keepPaidThrough: businessDate('keep_paid_through'),
    issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
    issuedAt: instant('issued_at').notNull().defaultNow(),
    signedAt: instant('signed_at'),
    cancelledAt: instant('cancelled_at'),
    cancelReason: text('cancel_reason'),
    /**
     * Billing (issue 6): the first competência ('YYYY-MM') this version bills. An ativação/migração or an
     * upgrade takes effect at signature; a downgrade from the next competência. Set when signed.
     */
    effectiveFrom: text('effective_from'),
    /** The signed contract stops billing: superseded by a later version, or the client's cancellation. */
    endedAt: instant('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [
    uniqueIndex('contracts_client_version_idx').on(t.clientId, t.version),
    // At most one version per client waits for signature.
    uniqueIndex('contracts_one_pending_per_client_idx')
      .on(t.clientId)
      .where(sql`${t.status} = 'aguardando_assinatura'`),
    index('contracts_reseller_idx').on(t.resellerId, t.issuedAt),
  ],
);

/**
 * One signing link sent to the responsável. Only the SHA-256 of the token is stored; a resend invalidates
 * the previous request. The one-time code (6 digits, 10 min, 5 attempts) is stored hashed too.
 */
export const signatureRequests = pgTable(
  'signature_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: instant('expires_at').notNull(),
    invalidatedAt: instant('invalidated_at'),
    /** SHA-256 of the exact PDF shown to the signer. */
    documentSha256: text('document_sha256').notNull(),
    codeHash: text('code_hash'),
    codeExpiresAt: instant('code_expires_at'),
    codeAttempts: integer('code_attempts').notNull().default(0),
    codeAcceptedAt: instant('code_accepted_at'),
    viewedAt: instant('viewed_at'),
    signedAt: instant('signed_at'),
    refusedAt: instant('refused_at'),
    refusalReason: text('refusal_reason'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('signature_requests_contract_idx').on(t.contractId, t.createdAt)],
);

export const signatureEventType = pgEnum('signature_event_type', [
  'link_sent',
  'viewed',
  'code_sent',
  'code_failed',
  'code_accepted',
  'signed',
  'refused',
  'postponed',
]);

/** The evidence trail of a signature: every step with its instant, IP and user agent. */
export const signatureEvents = pgTable(
  'signature_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    requestId: uuid('request_id').references(() => signatureRequests.id),
    type: signatureEventType('type').notNull(),
    at: instant('at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** e.g. the outbox id of the e-mail that carried the link or the code. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('signature_events_contract_idx').on(t.contractId, t.at)],
);

export const documentKind = pgEnum('document_kind', ['proposta', 'contrato', 'contrato_assinado']);

/** The PDFs a client has: contracts as issued and as signed (proposals are rendered on demand). */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    kind: documentKind('kind').notNull(),
    contractId: uuid('contract_id').references(() => contracts.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull().default('application/pdf'),
    content: bytes('content').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** SHA-256 (hex) of the exact bytes. */
    sha256: text('sha256').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('documents_client_idx').on(t.clientId, t.createdAt),
    index('documents_sha256_idx').on(t.sha256),
  ],
);

export const emailStatus = pgEnum('email_status', ['pendente', 'enviado', 'falhou']);

/** Every e-mail the system sends, kept with its state (the Caixa de saída). */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    status: emailStatus('status').notNull().default('pendente'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** What the e-mail is about, e.g. ('contract', id), for the client's Eventos and the resend. */
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    resellerId: uuid('reseller_id').references(() => resellers.id),
    providerMessageId: text('provider_message_id'),
    /** Attachments rendered at send time, e.g. [{ kind: 'boleto', chargeId }] (the PDF is not stored twice). */
    attachments: jsonb('attachments')
      .$type<{ kind: 'boleto' | 'pix-qr'; chargeId: string }[]>()
      .notNull()
      .default([]),
    createdAt: instant('created_at').notNull().defaultNow(),
    sentAt: instant('sent_at'),
  },
  (t) => [
    index('email_outbox_status_idx').on(t.status, t.createdAt),
    index('email_outbox_entity_idx').on(t.entityType, t.entityId),
  ],
);

/**
 * API keys of the Hiper software installed at a client (SPEC §1): sent as `Authorization: Bearer <key>`,
 * shown once at creation, stored as a SHA-256 hash; `key_prefix` (first characters) identifies it on screen.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    name: text('name').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('api_keys_client_idx').on(t.clientId)],
);

/** Last run of each housekeeping-style job, so operators can see the queue is alive. */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  lastRunAt: instant('last_run_at').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
});

// ── Payment rails (SPEC §5): charges, payments, bank files, statements, cards ──────────────────────────

export const chargeMethod = pgEnum('charge_method', ['boleto', 'pix', 'cartao', 'ted']);
export const chargeStatus = pgEnum('charge_status', [
  'emitida',
  'registrada',
  'paga',
  'vencida',
  'cancelada',
  'falhou',
  'estornada',
]);
export const chargeNumberSeq = pgSequence('charge_number_seq', { startWith: 1, increment: 1 });
/** Nosso número: one sequence for the beneficiary's convênio (the bank profile formats it). */
export const nossoNumeroSeq = pgSequence('nosso_numero_seq', { startWith: 1, increment: 1 });

/**
 * A cobrança: an amount due on a date by one method. Belongs to a client (and, with billing, to an
 * installment). `paid_cents` is what payments applied to the face value; the balance is amount − paid.
 */
export const charges = pgTable(
  'charges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. 2026-000042. */
    number: text('number').notNull().unique(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    /** Set by the billing engine (issue 6): the installment this charge collects. */
    installmentId: uuid('installment_id'),
    description: text('description').notNull(),
    method: chargeMethod('method').notNull(),
    status: chargeStatus('status').notNull().default('emitida'),
    amountCents: cents('amount_cents').notNull(),
    paidCents: cents('paid_cents').notNull().default(0),
    dueDate: businessDate('due_date').notNull(),
    /** Multa after the due date, in basis points of the amount (200 = 2%). */
    fineBasisPoints: integer('fine_basis_points').notNull().default(200),
    /** Juros de mora per month, basis points, pro rata die (100 = 1% a month). */
    interestMonthlyBasisPoints: integer('interest_monthly_basis_points').notNull().default(100),
    /** Who carries it: 'bb' / 'sicoob' (boleto), 'pix-sandbox', 'card-sandbox', 'ted'. */
    provider: text('provider').notNull(),
    /** The provider's id: nosso número, Pix txid, gateway charge id, TED identifier. */
    providerReference: text('provider_reference'),
    bankCode: text('bank_code'),
    nossoNumero: text('nosso_numero'),
    barcode: text('barcode'),
    digitableLine: text('digitable_line'),
    pixTxid: text('pix_txid'),
    /** Pix copia e cola (BR Code). */
    pixPayload: text('pix_payload'),
    /** TED: the identifier the client puts in the transfer. */
    tedIdentifier: text('ted_identifier'),
    cardInstallments: integer('card_installments'),
    failureReason: text('failure_reason'),
    /** Boleto: the remessa that registered it / asked the bank to cancel it. */
    registrationFileId: uuid('registration_file_id'),
    cancellationFileId: uuid('cancellation_file_id'),
    registeredAt: instant('registered_at'),
    paidOn: businessDate('paid_on'),
    cancelledAt: instant('cancelled_at'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('charges_client_idx').on(t.clientId, t.dueDate),
    index('charges_reseller_idx').on(t.resellerId, t.dueDate),
    index('charges_status_idx').on(t.status, t.dueDate),
    uniqueIndex('charges_nosso_numero_idx').on(t.bankCode, t.nossoNumero),
    uniqueIndex('charges_pix_txid_idx').on(t.pixTxid),
    uniqueIndex('charges_ted_identifier_idx').on(t.tedIdentifier),
    uniqueIndex('charges_provider_reference_idx').on(t.provider, t.providerReference),
  ],
);

export const paymentSource = pgEnum('payment_source', ['retorno', 'webhook', 'ofx', 'manual', 'card']);

/**
 * A payment applied to a charge. Idempotent by (source, source_id): a bank occurrence, a Pix endToEndId,
 * an OFX FITID, a gateway transaction. `amount_cents` is what the payer paid in all; it splits into
 * `principal_cents` (settles the face value), `fine_interest_cents`, and `overpaid_cents` (→ client credit);
 * `discount_cents` is what the bank reports as discount/abatimento.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chargeId: uuid('charge_id')
      .notNull()
      .references(() => charges.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    source: paymentSource('source').notNull(),
    sourceId: text('source_id').notNull(),
    amountCents: cents('amount_cents').notNull(),
    principalCents: cents('principal_cents').notNull(),
    fineInterestCents: cents('fine_interest_cents').notNull().default(0),
    discountCents: cents('discount_cents').notNull().default(0),
    overpaidCents: cents('overpaid_cents').notNull().default(0),
    paidOn: businessDate('paid_on').notNull(),
    creditedOn: businessDate('credited_on'),
    /** Manual payments and hand matches: why. */
    reason: text('reason'),
    /** The raw evidence: the retorno lines, the webhook body, the OFX transaction. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_source_idx').on(t.source, t.sourceId),
    index('payments_charge_idx').on(t.chargeId),
    index('payments_reseller_idx').on(t.resellerId, t.paidOn),
  ],
);

/** The client's credit ledger: over-payments in (+), credit used on a charge out (−). */
export const clientCredits = pgTable(
  'client_credits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    amountCents: cents('amount_cents').notNull(),
    paymentId: uuid('payment_id').references(() => payments.id),
    chargeId: uuid('charge_id').references(() => charges.id),
    description: text('description').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('client_credits_client_idx').on(t.clientId, t.createdAt)],
);

/**
 * What happened to a charge besides payments: registered, rejected (with the bank's reasons), baixa,
 * bank fee, card declined, cancelled… `event_key` makes a replayed occurrence (retorno line, webhook) a no-op.
 */
export const chargeEvents = pgTable(
  'charge_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chargeId: uuid('charge_id')
      .notNull()
      .references(() => charges.id),
    type: text('type').notNull(),
    eventKey: text('event_key').unique(),
    description: text('description').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [index('charge_events_charge_idx').on(t.chargeId, t.at)],
);

export const bankFileKind = pgEnum('bank_file_kind', ['remessa', 'retorno', 'extrato']);
export const bankFileStatus = pgEnum('bank_file_status', ['gerado', 'processando', 'importado', 'recusado']);

/**
 * Bank files in and out: CNAB 240 remessas we generate, retornos and OFX statements Financeiro imports.
 * A file is identified by its SHA-256: importing the same bytes again is recognised and changes nothing.
 */
export const bankFiles = pgTable(
  'bank_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: bankFileKind('kind').notNull(),
    status: bankFileStatus('status').notNull(),
    bankCode: text('bank_code'),
    /** Remessa: the file's sequence number (NSA) for the convênio. */
    sequence: integer('sequence'),
    filename: text('filename').notNull(),
    sha256: text('sha256').notNull(),
    content: bytes('content').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** Progress of an import: items done of total. */
    totalItems: integer('total_items').notNull().default(0),
    processedItems: integer('processed_items').notNull().default(0),
    /** Counts by outcome (applied, duplicates, rejected, unmatched…) and the refusal's line/field. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
  },
  (t) => [
    uniqueIndex('bank_files_sha256_idx').on(t.kind, t.sha256),
    index('bank_files_created_idx').on(t.kind, t.createdAt),
  ],
);

export const statementEntryStatus = pgEnum('statement_entry_status', [
  'conciliado',
  'pendente',
  'descartado',
]);

/** A credit from a bank statement (OFX): deduplicated by (account, FITID); matched to a TED charge or queued. */
export const statementEntries = pgTable(
  'statement_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fileId: uuid('file_id').references(() => bankFiles.id),
    /** bank/agency/account as the OFX names it (BANKID-BRANCHID-ACCTID). */
    account: text('account').notNull(),
    fitid: text('fitid').notNull(),
    postedOn: businessDate('posted_on').notNull(),
    amountCents: cents('amount_cents').notNull(),
    memo: text('memo'),
    payerDocument: text('payer_document'),
    status: statementEntryStatus('status').notNull().default('pendente'),
    chargeId: uuid('charge_id').references(() => charges.id),
    paymentId: uuid('payment_id').references(() => payments.id),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: instant('resolved_at'),
    dismissReason: text('dismiss_reason'),
    raw: jsonb('raw').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('statement_entries_fitid_idx').on(t.account, t.fitid),
    index('statement_entries_status_idx').on(t.status, t.postedOn),
  ],
);

/** A client's registered credit card: only the gateway token, brand, last 4 and expiry — never the number. */
export const paymentCards = pgTable(
  'payment_cards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    gateway: text('gateway').notNull(),
    token: text('token').notNull(),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: integer('exp_month').notNull(),
    expYear: integer('exp_year').notNull(),
    holderName: text('holder_name').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    replacedAt: instant('replaced_at'),
  },
  (t) => [
    index('payment_cards_client_idx').on(t.clientId, t.createdAt),
    // one card in use per client: registering another replaces it
    uniqueIndex('payment_cards_active_idx').on(t.clientId).where(sql`${t.replacedAt} is null`),
  ],
);

/** The e-mailed link to the card registration page: SHA-256 of the token, expiry, single use. */
export const cardRegistrationLinks = pgTable(
  'card_registration_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    invalidatedAt: instant('invalidated_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('card_registration_links_client_idx').on(t.clientId, t.createdAt)],
);

// ── Billing engine (SPEC §4): installments, daily runs, idempotent steps, access overrides ────────────

export const installmentStatus = pgEnum('installment_status', ['emitida', 'paga', 'cancelada', 'estornada']);

/**
 * One installment of a signed contract: what competência it pays, when it is due, how much, and the
 * liberado até its payment grants. `key` makes it unique per contract: 'parcela:2026-07' for a regular
 * installment, 'proporcional:<contract id>' for an upgrade's prorated charge. The charge that collects it
 * is created with it (same transaction or idempotently by key).
 */
export const installments = pgTable(
  'installments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    key: text('key').notNull(),
    /** 1 = activation (or migração) charge, then 2, 3… */
    number: integer('number').notNull(),
    /** 'YYYY-MM'. */
    competence: text('competence').notNull(),
    dueDate: businessDate('due_date').notNull(),
    /** The installment's share of the period (without implantação). */
    amountCents: cents('amount_cents').notNull(),
    /** Implantação charged with it (activation only). */
    setupFeeCents: cents('setup_fee_cents').notNull().default(0),
    /** Paying it liberates the client until this date (access never shrinks). */
    accessUntil: businessDate('access_until').notNull(),
    status: installmentStatus('status').notNull().default('emitida'),
    chargeId: uuid('charge_id').references(() => charges.id),
    paidOn: businessDate('paid_on'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('installments_contract_key_idx').on(t.contractId, t.key),
    index('installments_client_idx').on(t.clientId, t.dueDate),
    index('installments_due_idx').on(t.status, t.dueDate),
    index('installments_charge_idx').on(t.chargeId),
    // The Painel's next-15th forecast: a reseller's installments of given competências ('parcela:YYYY-MM').
    index('installments_reseller_key_idx').on(t.resellerId, t.key),
  ],
);

export const billingRunStatus = pgEnum('billing_run_status', ['executando', 'concluida', 'falhou']);

/** One execution of the daily billing run (cron or "executar de novo" for a date), with its progress. */
export const billingRuns = pgTable(
  'billing_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runDate: businessDate('run_date').notNull(),
    status: billingRunStatus('status').notNull().default('executando'),
    trigger: text('trigger').notNull(),
    totalItems: integer('total_items').notNull().default(0),
    processedItems: integer('processed_items').notNull().default(0),
    /** issued, charged, failed, reminded, overdue, blocked, unblocked… */
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    /** [{ contract_id, client_id, step, message }] */
    errors: jsonb('errors').$type<Record<string, unknown>[]>().notNull().default([]),
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
    startedAt: instant('started_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('billing_runs_date_idx').on(t.runDate, t.startedAt)],
);

/**
 * The side effects of the billing run, each at most once: (contract, competência, step) is unique, so a
 * re-run, a second worker or a resumed run finds the step done. Steps: 'cartao:1', 'lembrete:antes',
 * 'lembrete:vencimento', 'lembrete:atraso', 'inadimplente', 'bloqueio'…
 */
export const billingSteps = pgTable(
  'billing_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    competence: text('competence').notNull(),
    step: text('step').notNull(),
    runId: uuid('run_id').references(() => billingRuns.id),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('billing_steps_unique_idx').on(t.contractId, t.competence, t.step)],
);

/** Staff "liberar até": access granted by hand to a date, with the reason (also in the audit log). */
export const accessOverrides = pgTable(
  'access_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    until: businessDate('until').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('access_overrides_client_idx').on(t.clientId, t.createdAt)],
);

/**
 * Staff-edited texts of the billing e-mails (reminders, new installment, card declined). A key without a row
 * uses the default text in code; placeholders like {{cliente}}, {{valor}}, {{vencimento}} are filled at send.
 */
export const emailTemplates = pgTable('email_templates', {
  key: text('key').primaryKey(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

// ── Reseller finance (SPEC §7): refunds, the repasse ledger and the monthly statements ────────────────

export const refundKind = pgEnum('refund_kind', ['estorno', 'chargeback']);

/**
 * Money given back on a paid charge: Financeiro's estorno or a card chargeback. Idempotent by `source_id`
 * (the gateway's dispute id, or the form's key). The charge becomes 'estornada'; its repasse is reversed
 * in the month of `refunded_on`.
 */
export const paymentRefunds = pgTable(
  'payment_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chargeId: uuid('charge_id')
      .notNull()
      .references(() => charges.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    kind: refundKind('kind').notNull(),
    sourceId: text('source_id').notNull(),
    amountCents: cents('amount_cents').notNull(),
    refundedOn: businessDate('refunded_on').notNull(),
    reason: text('reason').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_refunds_source_idx').on(t.sourceId),
    index('payment_refunds_charge_idx').on(t.chargeId),
  ],
);

export const repasseStatementStatus = pgEnum('repasse_statement_status', ['fechado', 'pago']);

/**
 * A closed extrato de repasse (an open one is not stored: it is the ledger's unassigned lines). Closing
 * freezes the totals and stamps `statement_id` on its lines; it never changes after (late events go to the
 * next one). Financeiro records the payout (date, bank reference); the Hiperador may upload its nota fiscal.
 */
export const repasseStatements = pgTable(
  'repasse_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    /** 'YYYY-MM'. */
    month: text('month').notNull(),
    status: repasseStatementStatus('status').notNull().default('fechado'),
    lineCount: integer('line_count').notNull(),
    receivedCents: cents('received_cents').notNull(),
    costCents: cents('cost_cents').notNull(),
    centralFeeCents: cents('central_fee_cents').notNull(),
    fineInterestCents: cents('fine_interest_cents').notNull(),
    adjustmentsCents: cents('adjustments_cents').notNull(),
    repasseCents: cents('repasse_cents').notNull(),
    closedAt: instant('closed_at').notNull().defaultNow(),
    /** null: closed by the scheduled job on the configured day. */
    closedBy: uuid('closed_by').references(() => users.id, { onDelete: 'set null' }),
    paidOn: businessDate('paid_on'),
    paymentReference: text('payment_reference'),
    paidBy: uuid('paid_by').references(() => users.id, { onDelete: 'set null' }),
    paidAt: instant('paid_at'),
    /** The Hiperador's nota fiscal de serviço for this payout (PDF or XML). */
    invoiceFilename: text('invoice_filename'),
    invoiceContentType: text('invoice_content_type'),
    invoiceContent: bytes('invoice_content'),
    invoiceSha256: text('invoice_sha256'),
    invoiceUploadedAt: instant('invoice_uploaded_at'),
    invoiceUploadedBy: uuid('invoice_uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('repasse_statements_reseller_month_idx').on(t.resellerId, t.month)],
);

export const repasseEntryKind = pgEnum('repasse_entry_kind', [
  'parcela',
  'implantacao',
  'proporcional',
  'estorno',
  'ajuste',
]);

/**
 * The repasse ledger: one line per paid installment part (parcela, implantação, an upgrade's proporcional),
 * a negative line per refund (estorno/chargeback: the clawback, in the month it happens) and Financeiro's
 * ajustes. `entry_key` makes every accrual idempotent ('parcela:<installment id>', 'estorno:<entry id>'…).
 * `month` is when it accrued (the payment's or the refund's date); an open statement is the unassigned
 * lines; closing stamps `statement_id`.
 */
export const repasseEntries = pgTable(
  'repasse_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryKey: text('entry_key').notNull(),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellers.id),
    clientId: uuid('client_id').references(() => clients.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    installmentId: uuid('installment_id').references(() => installments.id),
    chargeId: uuid('charge_id').references(() => charges.id),
    kind: repasseEntryKind('kind').notNull(),
    description: text('description').notNull(),
    /** The installment's competência ('YYYY-MM'); null for ajustes. */
    competence: text('competence'),
    /** The day the money came in (or went back, for an estorno). */
    occurredOn: businessDate('occurred_on').notNull(),
    /** 'YYYY-MM' of `occurred_on`: the statement the line belongs to unless that one was already closed. */
    month: text('month').notNull(),
    receivedCents: cents('received_cents').notNull(),
    costCents: cents('cost_cents').notNull(),
    centralFeeCents: cents('central_fee_cents').notNull(),
    /** Multa e juros passed on to the Hiperador (0 when the rule gives them to Hiper). */
    fineInterestCents: cents('fine_interest_cents').notNull().default(0),
    repasseCents: cents('repasse_cents').notNull(),
    reversesId: uuid('reverses_id'),
    statementId: uuid('statement_id').references(() => repasseStatements.id),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('repasse_entries_key_idx').on(t.entryKey),
    index('repasse_entries_reseller_month_idx').on(t.resellerId, t.month),
    index('repasse_entries_open_idx').on(t.resellerId, t.month).where(sql`${t.statementId} is null`),
    index('repasse_entries_statement_idx').on(t.statementId),
    index('repasse_entries_client_idx').on(t.clientId, t.occurredOn),
    index('repasse_entries_charge_idx').on(t.chargeId),
  ],
);
