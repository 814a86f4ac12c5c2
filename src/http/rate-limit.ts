import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../app/shared/errors';
import type { Clock } from '../app/shared/ports';

/**
 * Rate limits on the public pages whose credential is a link token (SPEC: signing, card registration,
 * payment page) and on the public verification upload. Login has its own DB-backed throttling
 * (src/app/auth/login.ts: 5 wrong passwords per e-mail, 20 per IP, in 15 minutes) and the signing code its
 * own limits (one code per 60 s, 5 wrong codes lock it: src/app/signatures/signing.ts).
 *
 * In memory, per process, sliding window: each app instance counts on its own, so with N instances behind
 * the load balancer a client gets at most N times the figures below — still far below what guessing a
 * 256-bit link token or testing stolen cards would need. Nothing is persisted; a restart forgets the counts.
 * The client's address is request.ip (set TRUST_PROXY=true behind the load balancer so it is the real one).
 *
 * Refused requests answer 429 with a pt-BR message and Retry-After (seconds); they are not counted.
 */
export interface RateRule {
  name: string;
  /** Which routes (the route pattern, e.g. /api/v1/signing/:token) and methods it covers. */
  applies(method: string, routeUrl: string): boolean;
  /** What is counted: the address, or the link token. */
  key(request: FastifyRequest): string | null;
  limit: number;
  windowMs: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Route patterns of the public, token-credential pages (and the verification upload). */
const PUBLIC_PAGES = ['/api/v1/signing/:token', '/api/v1/card-links/:token', '/api/v1/payment-page/:token'];
const isPublicPage = (url: string) => PUBLIC_PAGES.some((p) => url === p || url.startsWith(`${p}/`));
const isVerify = (url: string) => url === '/api/v1/verify' || url.startsWith('/api/v1/verify/');
const CARD_SUBMIT = '/api/v1/card-links/:token/card';

const ipOf = (request: FastifyRequest) => request.ip || 'desconhecido';
/** The link token, hashed (the limiter keeps no credentials in memory), with the page it belongs to. */
function tokenOf(request: FastifyRequest): string | null {
  const token = (request.params as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') return null;
  const page = request.routeOptions.url?.split('/:token')[0] ?? '';
  return `${page}:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
}

export const PUBLIC_RATE_RULES: readonly RateRule[] = [
  // Any one address, over all the public pages: a person needs a few dozen calls; a scan needs thousands.
  {
    name: 'ip',
    applies: (_m, url) => isPublicPage(url) || isVerify(url),
    key: ipOf,
    limit: 300,
    windowMs: MINUTE_MS,
  },
  // One link, from anywhere: the page, its PDF, the code, the signature… a few calls per visit.
  { name: 'token', applies: (_m, url) => isPublicPage(url), key: tokenOf, limit: 60, windowMs: MINUTE_MS },
  // Card registration (each try charges the card at the gateway): against card testing.
  {
    name: 'card-token',
    applies: (m, url) => m === 'POST' && url === CARD_SUBMIT,
    key: tokenOf,
    limit: 10,
    windowMs: HOUR_MS,
  },
  {
    name: 'card-ip',
    applies: (m, url) => m === 'POST' && url === CARD_SUBMIT,
    key: ipOf,
    limit: 30,
    windowMs: HOUR_MS,
  },
];

/** Counts hits per key in a sliding window. Bounded: the least recently used keys go first. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until one more hit is allowed (0 = allowed now); records nothing. */
  waitMs(key: string, now: number): number {
    const list = this.prune(key, now);
    if (!list || list.length < this.limit) return 0;
    return Math.max(1, list[list.length - this.limit]! + this.windowMs - now);
  }

  record(key: string, now: number): void {
    const list = this.prune(key, now) ?? [];
    list.push(now);
    this.hits.delete(key); // re-inserted: the Map's order is the order of last use
    this.hits.set(key, list);
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }

  private prune(key: string, now: number): number[] | undefined {
    const list = this.hits.get(key);
    if (!list) return undefined;
    const from = now - this.windowMs;
    let drop = 0;
    while (drop < list.length && list[drop]! <= from) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) {
      this.hits.delete(key);
      return undefined;
    }
    return list;
  }
}

export function tooManyRequestsMessage(seconds: number): string {
  const wait =
    seconds <= 90
      ? `${seconds} ${seconds === 1 ? 'segundo' : 'segundos'}`
      : `${Math.ceil(seconds / 60)} minutos`;
  return `Muitas solicitações em pouco tempo. Aguarde ${wait} e tente novamente.`;
}

/** Installs the limits as an onRequest hook (after routing, so the route pattern and the token are known). */
export function registerPublicRateLimits(
  app: FastifyInstance,
  clock: Clock,
  rules: readonly RateRule[] = PUBLIC_RATE_RULES,
): void {
  const limiters = rules.map((rule) => ({
    rule,
    limiter: new SlidingWindowLimiter(rule.limit, rule.windowMs),
  }));
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (!url) return;
    const now = clock.now().getTime();
    const hits: { limiter: SlidingWindowLimiter; key: string }[] = [];
    let waitMs = 0;
    for (const { rule, limiter } of limiters) {
      if (!rule.applies(request.method, url)) continue;
      const key = rule.key(request);
      if (key === null) continue;
      waitMs = Math.max(waitMs, limiter.waitMs(key, now));
      hits.push({ limiter, key });
    }
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      request.log.warn({ route: url, ip: request.ip, retryAfter: seconds }, 'limite de requisições');
      throw new AppError('too_many_attempts', tooManyRequestsMessage(seconds), undefined, {
        retry_after_seconds: seconds,
      });
    }
    for (const { limiter, key } of hits) limiter.record(key, now);
  });
}
