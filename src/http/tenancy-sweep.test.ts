import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountManagerResellers, auditLog, emailOutbox, users } from '../adapters/db/schema';
import { closeDueStatements } from '../app/repasse/statements';
import { ROLES } from '../domain/access/roles';
import { chargesOf, newClient, registerSandboxCard, signedContract } from '../test-support/billing-fixtures';
import {
  type CallOptions,
  callAs,
  codeOf,
  fillUrl,
  isUnsafe,
  leakIn,
  paramsOf,
  rolesOf,
} from '../test-support/route-fixtures';
import {
  createTestApp,
  DEMO,
  type LoggedIn,
  loginAs,
  manualClock,
  type TestApp,
} from '../test-support/test-system';
import type { RouteInfo } from './server';

/**
 * The tenancy and permissions sweep, generated from the route table (issue 8): every /api/v1 route × every
 * caller answers as its declared access says; every route whose path names a tenant-owned entity, called by
 * another reseller's Hiperador (and by a gerente not assigned to the reseller) with Alfa's ids, answers 404
 * (403 where the role may not call it at all) and shows none of Alfa's data. A new route whose parameter the
 * sweep does not know fails here until it is added to PARAM_KINDS.
 */

/**
 * What each path parameter names, by the route's path up to and including it. 'tenant:*' kinds belong to a
 * reseller (Alfa's ids are used); 'global' kinds are Hiper's own (bank files, price books…) and must stay
 * closed to Hiperadores; 'token' kinds are the public link credentials (src/http/public-token-sweep.test.ts).
 */
const PARAM_KINDS = {
  '/api/v1/clients/:id': 'tenant:client',
  '/api/v1/clients/:id/api-keys/:keyId': 'tenant:apiKey',
  '/api/v1/proposals/:id': 'tenant:proposal',
  '/api/v1/contracts/:id': 'tenant:contract',
  '/api/v1/documents/:id': 'tenant:document',
  '/api/v1/charges/:id': 'tenant:charge',
  '/api/v1/outbox/:id': 'tenant:outbox',
  '/api/v1/repasse/resellers/:reseller_id': 'tenant:reseller',
  '/api/v1/repasse/resellers/:reseller_id/statements/:month': 'tenant:month',
  '/api/v1/price-books/:id': 'global:priceBook',
  '/api/v1/bank-files/:id': 'global:bankFile',
  '/api/v1/statements/entries/:id': 'global:statementEntry',
  '/api/v1/billing/runs/:id': 'global:billingRun',
  '/api/v1/email-templates/:key': 'global:emailTemplate',
  '/api/v1/products/:code': 'global:product',
  '/api/v1/signing/:token': 'token:signing',
  '/api/v1/payment-page/:token': 'token:paymentPage',
  '/api/v1/card-links/:token': 'token:cardLink',
  '/api/v1/verify/:sha256': 'token:sha256',
} as const;
type ParamKind = (typeof PARAM_KINDS)[keyof typeof PARAM_KINDS];

const kindOf = (p: { key: string }): ParamKind | undefined =>
  (PARAM_KINDS as Record<string, ParamKind>)[p.key];

const NOBODY = '00000000-0000-4000-8000-000000000000';
/** Values that name nothing (the permissions sweep runs before any id is looked up). */
const PLACEHOLDER: Record<ParamKind, string> = {
  'tenant:client': NOBODY,
  'tenant:apiKey': NOBODY,
  'tenant:proposal': NOBODY,
  'tenant:contract': NOBODY,
  'tenant:document': NOBODY,
  'tenant:charge': NOBODY,
  'tenant:outbox': NOBODY,
  'tenant:reseller': NOBODY,
  'tenant:month': '2026-06',
  'global:priceBook': NOBODY,
  'global:bankFile': NOBODY,
  'global:statementEntry': NOBODY,
  'global:billingRun': NOBODY,
  'global:emailTemplate': 'nao-existe',
  'global:product': 'nao-existe',
  'token:signing': 'x'.repeat(43),
  'token:paymentPage': `${NOBODY}.${'x'.repeat(32)}`,
  'token:cardLink': 'x'.repeat(43),
  'token:sha256': '0'.repeat(64),
};

const QUOTE = {
  product: 'hiper-mini',
  addons: {},
  apps: [],
  periodicity: 'mensal',
  setup_fee: false,
  negotiated_monthly_cents: 9137,
  payment_method: 'boleto',
};
const PDF = Buffer.from('%PDF-1.4\n% nota fiscal de outra revenda\n%%EOF\n');

/**
 * Valid requests for the state-changing tenant routes, so that Beta's call reaches the tenancy check (a 400
 * would prove nothing). A route not listed is called without a body.
 */
const TENANT_PAYLOADS: Record<string, CallOptions> = {
  'PUT /api/v1/clients/:id': { payload: { city: 'Itajaí', trade_name: 'Tomado por Beta' } },
  'PUT /api/v1/proposals/:id': { payload: QUOTE },
  'POST /api/v1/proposals/:id/contract': { payload: {} },
  'POST /api/v1/contracts/:id/cancel': { payload: { reason: 'Cancelado por outra revenda' } },
  'POST /api/v1/clients/:id/api-keys': { payload: { name: 'Caixa da outra revenda' } },
  'PUT /api/v1/repasse/resellers/:reseller_id/statements/:month/invoice': {
    payload: PDF,
    headers: { 'content-type': 'application/pdf' },
  },
};

type Caller = 'admin' | 'financeiro' | 'gerente_contas' | 'alfa' | 'beta' | 'anonymous';
const CALLERS: Caller[] = ['admin', 'financeiro', 'gerente_contas', 'alfa', 'beta', 'anonymous'];
const EMAIL: Record<Exclude<Caller, 'anonymous'>, string> = {
  admin: DEMO.admin,
  financeiro: DEMO.financeiro,
  gerente_contas: DEMO.gerente,
  alfa: DEMO.alfa,
  beta: DEMO.beta,
};
const roleOf = (c: Caller) => (c === 'alfa' || c === 'beta' ? 'hiperador' : c);

const clock = manualClock(new Date('2026-06-10T12:00:00Z'));
let t: TestApp;
let api: RouteInfo[];
const sessions = {} as Record<Exclude<Caller, 'anonymous'>, LoggedIn>;
const session = (c: Caller) => (c === 'anonymous' ? null : sessions[c]);

/** Alfa's entities, by parameter kind. */
const alfaIds = {} as Record<ParamKind, string>;
let alfaKey: string;
/** Strings that are Alfa's data: client names and CNPJs, the negotiated amount, the contract number. */
const alfaSecrets: string[] = [];
/** Alfa's client names and CNPJs only (what a list of another reseller must never contain). */
const alfaClientStrings: string[] = [];

const ok = <R extends { statusCode: number; body: string }>(res: R, what: string): R => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  api = t.routes.filter((r) => r.url.startsWith('/api/v1'));
  const alfa = await loginAs(t.app, DEMO.alfa);
  const call = (method: string, url: string, options?: CallOptions) => callAs(t, alfa, method, url, options);

  // Client A: a signed contract whose activation charge is paid on 10/06 (a repasse line), a card, an API key.
  const a = await signedContract(t, alfa, { negotiated_monthly_cents: 9137 });
  await t.system.deps.contractSigned.onContractSigned(a.contractId);
  const [charge] = await chargesOf(t, a.clientId);
  await t.system.deps.charges.applyPayments([
    {
      chargeId: charge!.id,
      source: 'manual',
      sourceId: `varredura:${charge!.id}`,
      amountCents: charge!.amountCents,
      paidOn: '2026-06-10',
      evidence: {},
    },
  ]);
  await registerSandboxCard(t, a.clientId);
  ok(await call('POST', `/api/v1/clients/${a.clientId}/card-link`), 'link do cartão');
  const key = ok(
    await call('POST', `/api/v1/clients/${a.clientId}/api-keys`, { payload: { name: 'Caixa 1' } }),
    'chave',
  );
  alfaKey = key.json().key;
  // A draft proposal of A.
  const proposal = ok(
    await call('POST', '/api/v1/proposals', { payload: { ...QUOTE, client_id: a.clientId } }),
    'proposta',
  );
  // Client B: a contract waiting for signature (resend/cancel would act on it), its PDF, its e-mail.
  const b = await newClient(t, alfa);
  const pb = ok(
    await call('POST', '/api/v1/proposals', { payload: { ...QUOTE, client_id: b } }),
    'proposta B',
  );
  ok(await call('POST', `/api/v1/proposals/${pb.json().id}/ready`), 'pronta B');
  const pending = ok(
    await call('POST', `/api/v1/proposals/${pb.json().id}/contract`, { payload: {} }),
    'contrato B',
  );
  const docs = ok(await call('GET', `/api/v1/clients/${b}/documents`), 'documentos B').json().items;
  const [mail] = await t.system.database.db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.entityType, 'contract'), eq(emailOutbox.entityId, pending.json().id)));

  // 05/07: June closes; Alfa sends its nota fiscal for it.
  clock.advance(new Date('2026-07-05T12:00:00Z').getTime() - clock.now().getTime());
  await closeDueStatements({ ...t.system.deps, clock, closeDay: 5 });

  for (const c of CALLERS) if (c !== 'anonymous') sessions[c] = await loginAs(t.app, EMAIL[c]);
  const resellerId = sessions.alfa.body.user.reseller!.id;
  ok(
    await callAs(
      t,
      sessions.alfa,
      'PUT',
      `/api/v1/repasse/resellers/${resellerId}/statements/2026-06/invoice`,
      {
        payload: PDF,
        headers: { 'content-type': 'application/pdf' },
      },
    ),
    'nota fiscal',
  );
  // The repasse line of the paid installment is there (R$ 91,37 received), so its absence below means something.
  const june = await callAs(
    t,
    sessions.alfa,
    'GET',
    `/api/v1/repasse/resellers/${resellerId}/statements/2026-06`,
  );
  expect(june.json().lines).toContainEqual(
    expect.objectContaining({ kind: 'parcela', received_cents: 9137, occurred_on: '2026-06-10' }),
  );

  Object.assign(alfaIds, PLACEHOLDER, {
    'tenant:client': a.clientId,
    'tenant:apiKey': key.json().id,
    'tenant:proposal': proposal.json().id,
    'tenant:contract': pending.json().id,
    'tenant:document': docs[0].id,
    'tenant:charge': charge!.id,
    'tenant:outbox': mail!.id,
    'tenant:reseller': resellerId,
    'tenant:month': '2026-06',
  });

  const clients = (await callAs(t, sessions.alfa, 'GET', '/api/v1/clients?page_size=100')).json().items as {
    legal_name: string;
    document: string;
  }[];
  expect(clients.length).toBeGreaterThan(2);
  for (const c of clients) alfaClientStrings.push(c.legal_name, c.document, c.document.replace(/\D/g, ''));
  alfaSecrets.push(...alfaClientStrings, '91,37', '9137', pending.json().number);
});
afterAll(() => t?.close());

describe('tenancy and permissions sweep, generated from the route table', () => {
  it('knows every API route: declared access, and every path parameter is in PARAM_KINDS', () => {
    expect(api.length).toBeGreaterThan(90);
    const problems: string[] = [];
    for (const r of api) {
      const access = r.access;
      const valid =
        access === 'public' ||
        access === 'installation' ||
        access === 'authenticated' ||
        (Array.isArray(access) &&
          access.length > 0 &&
          access.every((role) => (ROLES as readonly string[]).includes(role)));
      if (!valid) problems.push(`${r.method} ${r.url}: access ${JSON.stringify(access)}`);
      for (const p of paramsOf(r.url)) {
        const kind = kindOf(p);
        if (!kind)
          problems.push(`${r.method} ${r.url}: parâmetro :${p.name} (${p.key}) sem tipo em PARAM_KINDS`);
        // Hiper's own records (bank files, price books, runs, templates) are never a Hiperador's.
        else if (
          kind.startsWith('global:') &&
          (r.access === 'authenticated' || (Array.isArray(r.access) && r.access.includes('hiperador')))
        )
          problems.push(`${r.method} ${r.url}: ${kind} aberto a Hiperadores`);
        else if (kind.startsWith('token:') && r.access !== 'public')
          problems.push(`${r.method} ${r.url}: ${kind} numa rota não pública`);
      }
    }
    expect(problems).toEqual([]);
    // And the map holds no stale entry.
    const used = new Set(api.flatMap((r) => paramsOf(r.url).map((p) => p.key)));
    expect(Object.keys(PARAM_KINDS).filter((k) => !used.has(k))).toEqual([]);
  });

  it('every state change with a session needs the CSRF token (403 csrf_invalid without it, nothing changed)', async () => {
    const failures: string[] = [];
    const db = t.system.database.db;
    const [audits] = await db.select({ n: count() }).from(auditLog);
    const sessionRoutes = api.filter(
      (r) => isUnsafe(r.method) && (Array.isArray(r.access) || r.access === 'authenticated'),
    );
    expect(sessionRoutes.length).toBeGreaterThan(40);
    for (const r of sessionRoutes) {
      const url = fillUrl(r.url, (p) => alfaIds[kindOf(p)!]);
      const options = TENANT_PAYLOADS[`${r.method} ${r.url}`];
      const res = await callAs(t, null, r.method, url, {
        ...options,
        headers: { ...options?.headers, cookie: sessions.admin.cookie },
      });
      if (res.statusCode !== 403 || codeOf(res) !== 'csrf_invalid')
        failures.push(`${r.method} ${url} como admin sem CSRF: ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    const [after] = await db.select({ n: count() }).from(auditLog);
    expect(after!.n).toBe(audits!.n);
  });

  it('every route × every caller answers as its declared access says (401 anonymous, 403 roles not listed)', async () => {
    const failures: string[] = [];
    for (const r of api) {
      const access = rolesOf(r);
      const answers = new Map<Caller, { status: number; code: string | null }>();
      for (const caller of CALLERS) {
        // A Hiperador names its own reseller; nothing else is looked up before the access check.
        const url = fillUrl(r.url, (p) =>
          kindOf(p) === 'tenant:reseller' && caller === 'beta'
            ? sessions.beta.body.user.reseller!.id
            : kindOf(p) === 'tenant:reseller'
              ? alfaIds['tenant:reseller']
              : PLACEHOLDER[kindOf(p)!],
        );
        // A body that cannot be parsed: the access check runs first, and nothing can change.
        const res = await callAs(t, session(caller), r.method, url, {
          ...(isUnsafe(r.method) ? { payload: '{', headers: { 'content-type': 'application/json' } } : {}),
        });
        const got = { status: res.statusCode, code: codeOf(res) };
        answers.set(caller, got);
        const what = `${r.method} ${r.url} como ${caller}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (access === 'public') continue;
        if (access === 'installation' || caller === 'anonymous') {
          // No Bearer key (installation routes ignore the session cookie) or no session: 401.
          if (got.status !== 401 || got.code !== 'unauthenticated') failures.push(`${what} — esperado 401`);
          continue;
        }
        const allowed = access === 'authenticated' || access.includes(roleOf(caller));
        if (allowed && (got.status === 401 || got.code === 'forbidden' || got.code === 'csrf_invalid'))
          failures.push(`${what} — o perfil está na lista da rota`);
        if (!allowed && (got.status !== 403 || got.code !== 'forbidden'))
          failures.push(`${what} — esperado 403 forbidden`);
      }
      // A public route answers the same whoever calls it (the token or the signature is the credential).
      if (access === 'public') {
        const seen = new Set([...answers.values()].map((a) => `${a.status} ${a.code}`));
        if (seen.size !== 1)
          failures.push(
            `${r.method} ${r.url}: rota pública responde diferente conforme a sessão: ${[...seen]}`,
          );
      }
      // The installation routes let Alfa's key in.
      if (access === 'installation') {
        const res = await callAs(t, null, r.method, r.url, {
          headers: { authorization: `Bearer ${alfaKey}`, 'content-type': 'application/json' },
          ...(isUnsafe(r.method) ? { payload: '{' } : {}),
        });
        if (res.statusCode === 401 || res.statusCode === 403)
          failures.push(
            `${r.method} ${r.url} com a chave de API de Alfa: ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  /** Every route with a tenant-owned path parameter, filled with Alfa's ids. */
  const tenantRoutes = () =>
    api
      .filter((r) => paramsOf(r.url).some((p) => kindOf(p)?.startsWith('tenant:')))
      .map((r) => ({ route: r, url: fillUrl(r.url, (p) => alfaIds[kindOf(p)!]) }));

  /** List routes filtered by Alfa's ids (query strings name tenant entities too). */
  const filtersWithAlfaIds = () => {
    const a = alfaIds['tenant:client'];
    return [
      `/api/v1/clients?q=${encodeURIComponent(alfaClientStrings[0]!)}`,
      `/api/v1/charges?client_id=${a}`,
      `/api/v1/contracts?client_id=${a}`,
      `/api/v1/proposals?client_id=${a}`,
      `/api/v1/dashboard/reseller?reseller_id=${alfaIds['tenant:reseller']}`,
      `/api/v1/dashboard/portfolio?reseller_id=${alfaIds['tenant:reseller']}`,
    ];
  };

  const mayCall = (r: RouteInfo, role: string) => {
    const access = rolesOf(r);
    return access === 'authenticated' || (Array.isArray(access) && access.includes(role));
  };

  it("the ids are Alfa's real entities: Alfa (and the assigned gerente) read every one of them", async () => {
    const failures: string[] = [];
    for (const { route, url } of tenantRoutes().filter(({ route }) => route.method === 'GET')) {
      for (const caller of ['alfa', 'gerente_contas', 'financeiro'] as const) {
        if (!mayCall(route, roleOf(caller))) continue;
        const res = await callAs(t, sessions[caller], 'GET', url);
        if (res.statusCode !== 200)
          failures.push(
            `GET ${url} (${route.url}) como ${caller}: ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  /** Alfa's view of its entities (the JSON reads) and the rows a change would write. */
  async function alfaState() {
    const reads: Record<string, string> = {};
    for (const { route, url } of tenantRoutes().filter(({ route }) => route.method === 'GET')) {
      if (!mayCall(route, 'hiperador')) continue;
      const res = await callAs(t, sessions.alfa, 'GET', url);
      if (String(res.headers['content-type']).startsWith('application/json')) reads[url] = res.body;
    }
    const db = t.system.database.db;
    const [mails] = await db.select({ n: count() }).from(emailOutbox);
    const [audits] = await db.select({ n: count() }).from(auditLog);
    return { reads, mails: mails!.n, audits: audits!.n };
  }

  async function sweepAs(caller: 'beta' | 'gerente_contas') {
    const failures: string[] = [];
    let checked = 0;
    for (const { route, url } of tenantRoutes()) {
      const allowed = mayCall(route, roleOf(caller));
      const res = await callAs(
        t,
        sessions[caller],
        route.method,
        url,
        TENANT_PAYLOADS[`${route.method} ${route.url}`],
      );
      const what = `${route.method} ${url} (${route.url}) como ${caller}: ${res.statusCode} ${res.body.slice(0, 160)}`;
      const expected = allowed ? 404 : 403;
      if (res.statusCode !== expected) failures.push(`${what} — esperado ${expected}`);
      const leak = leakIn(res.body, alfaSecrets);
      if (leak) failures.push(`${what} — mostra "${leak}" de Alfa`);
      checked += 1;
    }
    return { failures, checked };
  }

  it("Beta's Hiperador with Alfa's ids: 404 (403 where Hiperadores may not call it), none of Alfa's data, nothing changed", async () => {
    const before = await alfaState();
    const { failures, checked } = await sweepAs('beta');
    expect(checked).toBeGreaterThan(40);
    expect(failures).toEqual([]);
    expect(await alfaState()).toEqual(before);
  });

  it("Beta's lists and filters never show Alfa's clients (every GET without a path parameter, Alfa's ids in the filters)", async () => {
    const failures: string[] = [];
    const beta = sessions.beta;
    const urls = api
      .filter((r) => r.method === 'GET' && paramsOf(r.url).length === 0 && mayCall(r, 'hiperador'))
      .map((r) => r.url);
    urls.push(...filtersWithAlfaIds());
    const a = alfaIds['tenant:client'];
    for (const url of urls) {
      const res = await callAs(t, beta, 'GET', url);
      const leak = leakIn(res.body, alfaClientStrings);
      if (res.statusCode >= 500 || leak)
        failures.push(
          `GET ${url} como beta: ${res.statusCode} ${leak ? `mostra "${leak}"` : res.body.slice(0, 160)}`,
        );
    }
    // An Alfa client named in a body is as foreign as in a path.
    const proposal = await callAs(t, beta, 'POST', '/api/v1/proposals', {
      payload: { ...QUOTE, client_id: a },
    });
    if (proposal.statusCode !== 404 || leakIn(proposal.body, alfaSecrets))
      failures.push(
        `POST /api/v1/proposals com client_id de Alfa como beta: ${proposal.statusCode} ${proposal.body}`,
      );
    expect(failures).toEqual([]);
  });

  it("a gerente de contas not assigned to Alfa gets 404 on Alfa's entities and sees none of its clients", async () => {
    const db = t.system.database.db;
    const [gerente] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO.gerente));
    const alfaReseller = alfaIds['tenant:reseller'];
    await db
      .delete(accountManagerResellers)
      .where(
        and(
          eq(accountManagerResellers.userId, gerente!.id),
          eq(accountManagerResellers.resellerId, alfaReseller),
        ),
      );
    try {
      const before = await alfaState();
      const { failures } = await sweepAs('gerente_contas');
      const urls = api
        .filter((r) => r.method === 'GET' && paramsOf(r.url).length === 0 && mayCall(r, 'gerente_contas'))
        .map((r) => r.url);
      for (const url of [...urls, ...filtersWithAlfaIds()]) {
        const res = await callAs(t, sessions.gerente_contas, 'GET', url);
        const leak = leakIn(res.body, alfaClientStrings);
        if (res.statusCode >= 500 || leak)
          failures.push(
            `GET ${url} como gerente_contas: ${res.statusCode} ${leak ? `mostra "${leak}"` : res.body.slice(0, 160)}`,
          );
      }
      expect(failures).toEqual([]);
      expect(await alfaState()).toEqual(before);
    } finally {
      await db.insert(accountManagerResellers).values({ userId: gerente!.id, resellerId: alfaReseller });
    }
  });
});
