import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, payments } from '../adapters/db/schema';
import { paymentToken } from '../app/payments/payment-link';
import { signPixWebhook } from '../app/payments/pix-webhook';
import { chargesOf, newClient, signedContract } from '../test-support/billing-fixtures';
import {
  type CallOptions,
  callAs,
  databaseDigest,
  fillUrl,
  leakIn,
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
 * The public routes (issue 8), generated from the route table: every route whose credential is a link token,
 * a signature or a Bearer key is called with a wrong one, an expired one (the clock moved past the expiry)
 * and a superseded or used one where the concept applies → a clear 4xx, none of the client's data in the
 * body, and not one row of the database changed. A public route the sweep does not know fails the test.
 *
 * Where a concept does not apply it says so here: the payment page link is an HMAC of the charge id with
 * no expiry (it shows the charge's current status); the Pix webhook signature has no timestamp (a replayed
 * delivery is answered as a duplicate and pays nothing); API keys do not expire (revoked is their "used").
 */

type Family = 'signing' | 'cardLink' | 'paymentPage' | 'verify' | 'pixWebhook' | 'login' | 'licence';
/** Public route (or route prefix) → its family; every 'installation' route is 'licence'. */
const FAMILIES: [prefix: string, family: Family][] = [
  ['/api/v1/signing/:token', 'signing'],
  ['/api/v1/card-links/:token', 'cardLink'],
  ['/api/v1/payment-page/:token', 'paymentPage'],
  ['/api/v1/verify', 'verify'],
  ['/api/v1/webhooks/pix', 'pixWebhook'],
  ['/api/v1/auth/login', 'login'],
];
function familyOf(r: RouteInfo): Family | null {
  if (r.access === 'installation') return 'licence';
  const found = FAMILIES.find(([p]) => r.url === p || r.url.startsWith(`${p}/`));
  return found ? found[1] : null;
}

const DAY = 24 * 60 * 60 * 1000;
const SIGNER = { name: 'Joana Ribeiro Alves', cpf: '529.982.247-25' };

interface Case {
  label: string;
  token: string;
  status: number;
}

const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
let t: TestApp;
let pub: RouteInfo[];
let alfa: LoggedIn;
let financeiro: LoggedIn;
/** The client data no refused answer may show. */
const secrets: string[] = [SIGNER.name, SIGNER.cpf, SIGNER.cpf.replace(/\D/g, '')];

const ok = <R extends { statusCode: number; body: string }>(res: R, what: string): R => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
};
const call = (s: LoggedIn | null, method: string, url: string, options?: CallOptions) =>
  callAs(t, s, method, url, options);

async function remember(clientId: string) {
  const c = ok(await call(alfa, 'GET', `/api/v1/clients/${clientId}`), 'cliente').json();
  secrets.push(c.legal_name, c.document, c.document.replace(/\D/g, ''));
}

/** Every link token e-mailed about the entity (the client reads them from the e-mail). */
async function tokensMailed(entityType: string, entityId: string, path: 'assinar' | 'cartao') {
  const mails = await t.system.database.db
    .select({ text: emailOutbox.text })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.entityType, entityType), eq(emailOutbox.entityId, entityId)));
  const re = new RegExp(`/${path}/([A-Za-z0-9_-]{43})\\b`, 'g');
  return new Set(mails.flatMap((m) => [...m.text.matchAll(re)].map((x) => x[1]!)));
}
const only = (tokens: Set<string>, except: Set<string> = new Set()) => {
  const left = [...tokens].filter((x) => !except.has(x));
  if (left.length !== 1) throw new Error(`esperado 1 link novo, achei ${left.length}`);
  return left[0]!;
};

/** A new Alfa client with an ativação waiting for signature; its contract and the e-mailed token. */
async function pendingContract() {
  const clientId = await newClient(t, alfa);
  await remember(clientId);
  const quote = {
    client_id: clientId,
    product: 'hiper-mini',
    addons: {},
    apps: [],
    periodicity: 'mensal',
    setup_fee: false,
    negotiated_monthly_cents: 9137,
    payment_method: 'boleto',
  };
  const proposal = ok(await call(alfa, 'POST', '/api/v1/proposals', { payload: quote }), 'proposta').json();
  ok(await call(alfa, 'POST', `/api/v1/proposals/${proposal.id}/ready`), 'pronta');
  const contract = ok(
    await call(alfa, 'POST', `/api/v1/proposals/${proposal.id}/contract`, { payload: {} }),
    'contrato',
  ).json();
  secrets.push(contract.number);
  const token = only(await tokensMailed('contract', contract.id, 'assinar'));
  return { clientId, contractId: contract.id as string, token };
}

/** A sandbox gateway token for a test card (what the card page gets from the gateway). */
async function gatewayCard(holder = 'JOANA R ALVES') {
  const res = ok(
    await call(null, 'POST', '/sandbox/gateway/tokens', {
      payload: {
        number: '4111 1111 1111 1111',
        exp_month: 12,
        exp_year: 2031,
        cvv: '123',
        holder_name: holder,
      },
    }),
    'token do gateway',
  );
  return { ...res.json(), holder_name: holder };
}

async function cardLink(clientId: string): Promise<string> {
  const before = await tokensMailed('client', clientId, 'cartao');
  ok(await call(alfa, 'POST', `/api/v1/clients/${clientId}/card-link`), 'link do cartão');
  return only(await tokensMailed('client', clientId, 'cartao'), before);
}

// The tokens of each family, built in beforeAll.
const signing = { superseded: '', current: '', refused: '', expiring: '' };
const card = { superseded: '', used: '', expiring: '', body: {} as Record<string, unknown> };
const pay = { chargeId: '', otherChargeId: '' };
const pix = { raw: '', signature: '', txid: '', chargeId: '' };
const licence = { key: '', revoked: '' };

beforeAll(async () => {
  t = await createTestApp({ clock });
  pub = t.routes.filter(
    (r) => r.url.startsWith('/api/v1') && (r.access === 'public' || r.access === 'installation'),
  );
  [alfa, financeiro] = await Promise.all([loginAs(t.app, DEMO.alfa), loginAs(t.app, DEMO.financeiro)]);

  // Signing: a link resent (the first is superseded), a link whose contract was refused, one to expire.
  const s1 = await pendingContract();
  signing.superseded = s1.token;
  ok(await call(alfa, 'POST', `/api/v1/contracts/${s1.contractId}/resend`), 'reenvio');
  signing.current = only(await tokensMailed('contract', s1.contractId, 'assinar'), new Set([s1.token]));
  const s2 = await pendingContract();
  ok(
    await call(null, 'POST', `/api/v1/signing/${s2.token}/refuse`, {
      payload: { reason: 'Valor diferente do combinado' },
    }),
    'recusa',
  );
  signing.refused = s2.token;
  signing.expiring = (await pendingContract()).token;

  // Card page: a link replaced by a newer one, which is then used to register a card; one to expire.
  const c1 = await newClient(t, alfa);
  await remember(c1);
  card.superseded = await cardLink(c1);
  card.used = await cardLink(c1);
  ok(
    await call(null, 'POST', `/api/v1/card-links/${card.used}/card`, { payload: await gatewayCard() }),
    'cartão',
  );
  card.body = await gatewayCard('OUTRO TITULAR');
  const c2 = await newClient(t, alfa);
  await remember(c2);
  card.expiring = await cardLink(c2);

  // Payment page and Pix: Alfa's activation boleto (paid or not, it has a page) and a Pix charge.
  const a = await signedContract(t, alfa, { negotiated_monthly_cents: 9137 });
  await remember(a.clientId);
  await t.system.deps.contractSigned.onContractSigned(a.contractId);
  pay.chargeId = (await chargesOf(t, a.clientId))[0]!.id;
  const pixCharge = ok(
    await call(financeiro, 'POST', '/api/v1/charges', {
      payload: {
        client_id: a.clientId,
        method: 'pix',
        amount_cents: 9137,
        due_date: '2026-06-15',
        description: 'Mensalidade junho/2026',
        notify: false,
      },
    }),
    'cobrança Pix',
  ).json();
  pay.otherChargeId = pixCharge.id;
  pix.chargeId = pixCharge.id;
  pix.txid = pixCharge.pix.txid;
  pix.raw = JSON.stringify({
    pix: [
      {
        endToEndId: 'E18236120202606101730s0000000001',
        txid: pix.txid,
        valor: '91.37',
        horario: '2026-06-10T14:30:00-03:00',
      },
    ],
  });
  pix.signature = signPixWebhook(pix.raw, t.system.config.payments.pix.webhookSecret);
  const delivered = ok(
    await call(null, 'POST', '/api/v1/webhooks/pix', {
      payload: pix.raw,
      headers: { 'content-type': 'application/json', 'x-pix-signature': pix.signature },
    }),
    'webhook Pix',
  );
  expect(delivered.json()).toMatchObject({ applied: 1 });

  // Licence: a key of Alfa's client (with a contract waiting for signature), and a revoked one.
  const k = ok(
    await call(alfa, 'POST', `/api/v1/clients/${s1.clientId}/api-keys`, { payload: { name: 'Caixa 1' } }),
    'chave',
  );
  licence.key = k.json().key;
  const r = ok(
    await call(alfa, 'POST', `/api/v1/clients/${s1.clientId}/api-keys`, { payload: { name: 'Caixa 2' } }),
    'chave 2',
  );
  licence.revoked = r.json().key;
  ok(await call(alfa, 'POST', `/api/v1/clients/${s1.clientId}/api-keys/${r.json().id}/revoke`), 'revogação');
  secrets.push('91,37', '9137');
});
afterAll(() => t?.close());

/** Valid bodies, so the call reaches the credential check (a 400 would prove nothing). */
async function requestFor(r: RouteInfo): Promise<CallOptions> {
  switch (`${r.method} ${r.url}`) {
    case 'POST /api/v1/signing/:token/code':
      return { payload: SIGNER };
    case 'POST /api/v1/signing/:token/sign':
      return { payload: { code: '123456', accept: true } };
    case 'POST /api/v1/signing/:token/refuse':
      return { payload: { reason: 'Não reconheço este contrato' } };
    case 'POST /api/v1/card-links/:token/card':
      return { payload: card.body };
    case 'POST /api/v1/licence/contract/accept':
      return { payload: { signer_name: SIGNER.name, signer_cpf: SIGNER.cpf, accepted: true } };
    default:
      if (r.method !== 'GET') return { payload: {} };
      return {};
  }
}

/** Calls the route with each case; each answer must be the case's status, show nothing, change nothing. */
async function sweep(
  routes: RouteInfo[],
  cases: Case[],
  options: (r: RouteInfo, c: Case) => Promise<CallOptions>,
) {
  const failures: string[] = [];
  let checked = 0;
  for (const r of routes) {
    for (const c of cases) {
      const url = fillUrl(r.url, () => c.token);
      const before = await databaseDigest(t);
      const res = await call(null, r.method, url, await options(r, c));
      const after = await databaseDigest(t);
      const what = `${r.method} ${r.url} com ${c.label}: ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (res.statusCode !== c.status) failures.push(`${what} — esperado ${c.status}`);
      else if (!/^application\/json/.test(String(res.headers['content-type'])) || !res.json().message)
        failures.push(`${what} — sem mensagem de erro`);
      const leak = leakIn(res.body, secrets);
      if (leak) failures.push(`${what} — mostra "${leak}"`);
      const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
      if (changed.length > 0) failures.push(`${what} — alterou ${changed.join(', ')}`);
      checked += 1;
    }
  }
  return { failures, checked };
}

const familyRoutes = (f: Family) => pub.filter((r) => familyOf(r) === f);

describe('public routes: wrong, expired, superseded and used credentials', () => {
  it('every public and installation route belongs to a family the sweep checks', () => {
    expect(pub.length).toBeGreaterThan(15);
    const unknown = pub
      .filter((r) => familyOf(r) === null)
      .map((r) => `${r.method} ${r.url} (${String(rolesOf(r))})`);
    expect(unknown).toEqual([]);
    // Each family's routes take the credential where the sweep puts it.
    for (const r of pub) {
      const f = familyOf(r);
      const hasToken = r.url.includes(':token');
      expect(hasToken, `${r.method} ${r.url}`).toBe(
        f === 'signing' || f === 'cardLink' || f === 'paymentPage',
      );
    }
  });

  it('signing: wrong (404), superseded by a resend (410), refused (409) → nothing shown, nothing changed', async () => {
    // The current link works (so the others fail for their own reason).
    expect((await call(null, 'GET', `/api/v1/signing/${signing.current}`)).statusCode).toBe(200);
    const routes = familyRoutes('signing');
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const cases: Case[] = [
      { label: 'token errado', token: randomBytes(32).toString('base64url'), status: 404 },
      { label: 'token malformado', token: 'abc', status: 404 },
      { label: 'link substituído por um reenvio', token: signing.superseded, status: 410 },
    ];
    const { failures, checked } = await sweep(routes, cases, requestFor);
    // A refused (used) link still shows its outcome to its holder; it can do nothing more.
    const more = await sweep(
      routes.filter((r) => r.method === 'POST'),
      [{ label: 'link de contrato recusado', token: signing.refused, status: 409 }],
      requestFor,
    );
    expect([...failures, ...more.failures]).toEqual([]);
    expect(checked + more.checked).toBeGreaterThanOrEqual(21);
  });

  it('card page: wrong (404), replaced by a newer link (410), already used (410) → nothing shown, nothing changed', async () => {
    const routes = familyRoutes('cardLink');
    expect(routes.length).toBeGreaterThanOrEqual(2);
    const { failures } = await sweep(
      routes,
      [
        { label: 'token errado', token: randomBytes(32).toString('base64url'), status: 404 },
        { label: 'link substituído', token: card.superseded, status: 410 },
        { label: 'link já usado', token: card.used, status: 410 },
      ],
      requestFor,
    );
    expect(failures).toEqual([]);
  });

  it('payment page: a wrong, forged or re-pointed link → 404 (the link is an HMAC of the charge, no expiry)', async () => {
    const routes = familyRoutes('paymentPage');
    expect(routes.length).toBeGreaterThanOrEqual(2);
    const secret = t.system.config.sessionSecret;
    const good = paymentToken(secret, pay.chargeId);
    expect((await call(null, 'GET', `/api/v1/payment-page/${good}`)).statusCode).toBe(200);
    const mac = good.slice(good.indexOf('.') + 1);
    const { failures } = await sweep(
      routes,
      [
        { label: 'token errado', token: randomBytes(24).toString('base64url'), status: 404 },
        {
          label: 'token assinado com outra chave',
          token: paymentToken('outro-segredo', pay.chargeId),
          status: 404,
        },
        { label: 'assinatura de outra cobrança', token: `${pay.otherChargeId}.${mac}`, status: 404 },
        { label: 'assinatura truncada', token: good.slice(0, -1), status: 404 },
      ],
      requestFor,
    );
    expect(failures).toEqual([]);
  });

  it("payment page of a cancelled charge: the link's boleto → 410, the page shows the status and no way to pay", async () => {
    const token = paymentToken(t.system.config.sessionSecret, pay.chargeId);
    const before = (await call(null, 'GET', `/api/v1/payment-page/${token}`)).json();
    expect(before.boleto.digitable_line).toMatch(/^\d{47}$/);
    const cancel = await call(financeiro, 'POST', `/api/v1/charges/${pay.chargeId}/cancel`, {
      payload: { reason: 'Cobrança emitida por engano' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);

    const page = await call(null, 'GET', `/api/v1/payment-page/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      status: 'cancelada',
      status_label: 'Cancelada',
      boleto: null,
      pix: null,
      ted: null,
    });
    expect(page.body).not.toContain(before.boleto.digitable_line);
    const { failures } = await sweep(
      familyRoutes('paymentPage').filter((r) => r.url.endsWith('/boleto.pdf')),
      [{ label: 'link de cobrança cancelada', token, status: 410 }],
      requestFor,
    );
    expect(failures).toEqual([]);
    const pdf = await call(null, 'GET', `/api/v1/payment-page/${token}/boleto.pdf`);
    expect(pdf.json().message).toBe('Esta cobrança foi cancelada e não precisa ser paga.');
  });

  it('verification: an unknown SHA-256 or PDF → "desconhecido", a malformed SHA-256 → 400, with no data', async () => {
    const routes = familyRoutes('verify');
    const failures: string[] = [];
    for (const r of routes) {
      const attempts: [label: string, url: string, options: CallOptions, status: number][] =
        r.method === 'GET'
          ? [
              ['SHA-256 desconhecido', fillUrl(r.url, () => randomBytes(32).toString('hex')), {}, 200],
              ['SHA-256 malformado', fillUrl(r.url, () => 'zz'), {}, 400],
            ]
          : [
              [
                'PDF desconhecido',
                r.url,
                {
                  payload: Buffer.from('%PDF-1.4\n% outro documento\n%%EOF\n'),
                  headers: { 'content-type': 'application/pdf' },
                },
                200,
              ],
            ];
      for (const [label, url, options, status] of attempts) {
        const before = await databaseDigest(t);
        const res = await call(null, r.method, url, options);
        const what = `${r.method} ${r.url} com ${label}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (res.statusCode !== status) failures.push(`${what} — esperado ${status}`);
        if (status === 200 && res.json().result !== 'desconhecido')
          failures.push(`${what} — esperado "desconhecido"`);
        if (leakIn(res.body, secrets)) failures.push(`${what} — mostra dados de cliente`);
        if (JSON.stringify(await databaseDigest(t)) !== JSON.stringify(before))
          failures.push(`${what} — alterou o banco`);
      }
    }
    expect(routes.length).toBeGreaterThanOrEqual(2);
    expect(failures).toEqual([]);
  });

  it('Pix webhook: a missing, wrong or foreign signature, or a tampered body → 401 and nothing applied; a replay pays nothing more', async () => {
    const [route] = familyRoutes('pixWebhook');
    const tampered = pix.raw.replace('"91.37"', '"9137.00"');
    const failures: string[] = [];
    const attempts: [label: string, raw: string, signature: string | null][] = [
      ['sem assinatura', tampered, null],
      ['assinatura zerada', tampered, `sha256=${'0'.repeat(64)}`],
      ['assinatura com outro segredo', tampered, signPixWebhook(tampered, 'outro-segredo')],
      ['corpo alterado com a assinatura do original', tampered, pix.signature],
    ];
    for (const [label, raw, signature] of attempts) {
      const before = await databaseDigest(t);
      const res = await call(null, route!.method, route!.url, {
        payload: raw,
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-pix-signature': signature } : {}),
        },
      });
      const what = `${route!.method} ${route!.url} ${label}: ${res.statusCode} ${res.body.slice(0, 160)}`;
      if (res.statusCode !== 401 || res.json().code !== 'unauthenticated')
        failures.push(`${what} — esperado 401`);
      if (JSON.stringify(await databaseDigest(t)) !== JSON.stringify(before))
        failures.push(`${what} — alterou o banco`);
    }
    expect(failures).toEqual([]);
    const replay = await call(null, 'POST', route!.url, {
      payload: pix.raw,
      headers: { 'content-type': 'application/json', 'x-pix-signature': pix.signature },
    });
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json()).toMatchObject({ applied: 0, duplicates: 1 });
    const paid = await t.system.database.db
      .select()
      .from(payments)
      .where(eq(payments.chargeId, pix.chargeId));
    expect(paid.map((p) => p.amountCents)).toEqual([9137]);
  });

  it('licence (Bearer key): missing, malformed, unknown, revoked key or a session cookie → 401 on every installation route', async () => {
    const routes = familyRoutes('licence');
    expect(routes.length).toBeGreaterThanOrEqual(5);
    // The good key works on the status route (the others fail for their own reason).
    const okStatus = await call(null, 'GET', '/api/v1/licence/status', {
      headers: { authorization: `Bearer ${licence.key}` },
    });
    expect(okStatus.statusCode, okStatus.body).toBe(200);
    const failures: string[] = [];
    const attempts: [label: string, headers: Record<string, string>, session: LoggedIn | null][] = [
      ['sem chave', {}, null],
      ['chave malformada', { authorization: 'Bearer abc' }, null],
      [
        'chave desconhecida',
        { authorization: `Bearer hk_live_${randomBytes(32).toString('base64url')}` },
        null,
      ],
      ['chave revogada', { authorization: `Bearer ${licence.revoked}` }, null],
      ['esquema Basic com a chave', { authorization: `Basic ${licence.key}` }, null],
      ['sessão do portal sem chave', {}, alfa],
    ];
    for (const r of routes) {
      const body = await requestFor(r);
      for (const [label, headers, session] of attempts) {
        const before = await databaseDigest(t);
        const res = await call(session, r.method, r.url, { ...body, headers: { ...headers } });
        const what = `${r.method} ${r.url} com ${label}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (res.statusCode !== 401 || res.json().code !== 'unauthenticated')
          failures.push(`${what} — esperado 401`);
        if (leakIn(res.body, secrets)) failures.push(`${what} — mostra dados de cliente`);
        if (JSON.stringify(await databaseDigest(t)) !== JSON.stringify(before))
          failures.push(`${what} — alterou o banco`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('login: a wrong password → 401 with no session cookie', async () => {
    for (const r of familyRoutes('login')) {
      const res = await call(null, r.method, r.url, {
        payload: { email: DEMO.alfa, password: 'senha-errada' },
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.cookies.find((c) => c.name === 'cc_session')).toBeUndefined();
    }
  });

  // Last: moves the clock past every link's 7 days.
  it('expired: signing and card links after their 7 days → 410, nothing shown, nothing changed', async () => {
    clock.advance(7 * DAY + 60_000);
    const failures: string[] = [];
    for (const [family, token] of [
      ['signing', signing.expiring],
      ['signing', signing.current],
      ['cardLink', card.expiring],
    ] as const) {
      const { failures: f } = await sweep(
        familyRoutes(family),
        [{ label: `link vencido (${family})`, token, status: 410 }],
        requestFor,
      );
      failures.push(...f);
    }
    expect(failures).toEqual([]);
  });
});
