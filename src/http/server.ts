import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { LoggerOptions } from 'pino';
import type { AdjustableClock } from '../adapters/clock/adjustable-clock';
import { AppError } from '../app/shared/errors';
import type { System } from '../system';
import { registerAccessControl } from './access';
import { ERROR_STATUS } from './error-statuses';
import { registerPublicRateLimits } from './rate-limit';
import { apiKeyRoutes } from './routes/api-key-routes';
import { authRoutes } from './routes/auth-routes';
import { bankFileRoutes } from './routes/bank-file-routes';
import { billingRoutes } from './routes/billing-routes';
import { cardRoutes } from './routes/card-routes';
import { catalogRoutes } from './routes/catalog-routes';
import { chargeRoutes } from './routes/charge-routes';
import { clientRoutes } from './routes/client-routes';
import { contractRoutes } from './routes/contract-routes';
import { dashboardRoutes } from './routes/dashboard-routes';
import { emailTemplateRoutes } from './routes/email-template-routes';
import { healthRoutes } from './routes/health-routes';
import { importRoutes } from './routes/import-routes';
import { licenceRoutes } from './routes/licence-routes';
import { licenceStatusRoutes } from './routes/licence-status-routes';
import { outboxRoutes } from './routes/outbox-routes';
import { pixRoutes } from './routes/pix-routes';
import { priceBookRoutes } from './routes/price-book-routes';
import { productRoutes } from './routes/product-routes';
import { proposalRoutes } from './routes/proposal-routes';
import { quoteRoutes } from './routes/quote-routes';
import { repasseRoutes } from './routes/repasse-routes';
import { resellerRoutes } from './routes/reseller-routes';
import { signingRoutes } from './routes/signing-routes';
import { statementRoutes } from './routes/statement-routes';
import { testClockRoutes } from './routes/test-clock-routes';
import { verifyRoutes } from './routes/verify-routes';
import { securityHeaders } from './security-headers';

/** The built portal; WEB_DIST_DIR points elsewhere (parallel e2e runs). */
export const WEB_ROOT = process.env.WEB_DIST_DIR || fileURLToPath(new URL('../../dist/web', import.meta.url));
const LOGO_FILE = fileURLToPath(new URL('../web/public/favicon.svg', import.meta.url));

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

export interface BuildServerOptions {
  logger?: LoggerOptions | false;
  /** Where log lines go (default: stdout); tests read them from here. */
  logStream?: { write(line: string): void };
  /** Serve the built portal from dist/web (default: when it exists). */
  serveWeb?: boolean;
  /** TEST ONLY: the clock behind POST /api/v1/test/clock (main.ts passes it only with TEST_CLOCK=1). */
  testClock?: AdjustableClock;
}

export interface RouteInfo {
  method: string;
  url: string;
  hidden: boolean;
  /** Who may call it (config.access): 'public', 'authenticated', 'installation' or the roles. */
  access: unknown;
}

export interface Server {
  app: FastifyInstance;
  /** Every route registered, for the OpenAPI and tenancy sweeps. */
  routes: RouteInfo[];
  /** Stop accepting work: /readyz answers 503 while the server drains. */
  markNotReady(): void;
}

export function loggerOptions(level: string, pretty: boolean): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.new_password',
        '*.current_password',
      ],
      censor: '[oculto]',
    },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}

export async function buildServer(system: System, options: BuildServerOptions = {}): Promise<Server> {
  const app = Fastify({
    logger: options.logger
      ? { ...options.logger, ...(options.logStream ? { stream: options.logStream } : {}) }
      : false,
    trustProxy: system.config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();
  const state = { ready: true };
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routes.push({
        method,
        url: route.url,
        hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide),
        access: (route.config as { access?: unknown } | undefined)?.access,
      });
    }
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: system.config.env === 'production',
  });
  // One synchronous hook for the headers every reply carries (a route may still override them).
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Central de Cobranças — API',
        version: '1.0.0',
        description:
          'API do Portal do Hiperador. Erros sempre no formato `{ "code", "message" }`. Requisições que alteram dados com o cookie de sessão exigem o cabeçalho `X-CSRF-Token`.',
      },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cc_session' },
          // The Hiper software's installation key (licence routes): Authorization: Bearer hk_live_…
          installationKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ sessionCookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Swagger UI sets a few inline styles; its scripts stay 'self' only; it is never framed, like the portal.
    transformStaticCSP: (header) =>
      header
        .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'")
        .replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'"),
    logo: { type: 'image/svg+xml', content: readFileSync(LOGO_FILE), href: '/', target: '_self' },
    theme: { title: 'Central de Cobranças — API' },
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      const status = ERROR_STATUS[error.code];
      if (status >= 500) request.log.error({ err: error }, 'erro interno');
      const retryAfter = error.details?.retry_after_seconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.code(status).send({
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
        ...error.details,
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field =
        first?.instancePath.replace(/^\//, '').replace(/\//g, '.') ||
        (first?.params?.missingProperty as string | undefined) ||
        error.validationContext;
      return reply.code(400).send({
        code: 'validation_failed',
        message: `Dados inválidos${field ? ` no campo "${field}"` : ''}: ${first?.message ?? 'verifique o que foi enviado.'}`,
        ...(field ? { field } : {}),
      });
    }
    const fe = error as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .code(413)
        .send({ code: 'payload_too_large', message: 'O conteúdo enviado é grande demais.' });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply
        .code(fe.statusCode)
        .send({ code: 'validation_failed', message: 'Requisição inválida. Verifique os dados enviados.' });
    }
    request.log.error({ err: error }, 'erro interno');
    return reply
      .code(500)
      .send({ code: 'internal_error', message: 'Erro interno. Tente novamente em instantes.' });
  });

  registerPublicRateLimits(app, system.clock);
  registerAccessControl(app, system);

  await app.register(healthRoutes(system, state));
  await app.register(authRoutes(system));
  await app.register(clientRoutes(system));
  await app.register(importRoutes(system));
  await app.register(resellerRoutes(system));
  await app.register(catalogRoutes(system));
  await app.register(productRoutes(system));
  await app.register(priceBookRoutes(system));
  await app.register(quoteRoutes(system));
  await app.register(proposalRoutes(system));
  await app.register(contractRoutes(system));
  await app.register(signingRoutes(system));
  await app.register(outboxRoutes(system));
  await app.register(verifyRoutes(system));
  await app.register(apiKeyRoutes(system));
  await app.register(licenceRoutes(system));
  // Payment rails (SPEC §5)
  await app.register(chargeRoutes(system));
  await app.register(bankFileRoutes(system));
  await app.register(statementRoutes(system));
  await app.register(pixRoutes(system));
  await app.register(cardRoutes(system));
  // Billing engine and the licence status (SPEC §4)
  await app.register(billingRoutes(system));
  await app.register(emailTemplateRoutes(system));
  await app.register(licenceStatusRoutes(system));
  // Reseller finance (SPEC §7): extratos de repasse and the dashboards
  await app.register(repasseRoutes(system));
  await app.register(dashboardRoutes(system));
  if (options.testClock && system.config.testClock && system.config.env !== 'production') {
    await app.register(testClockRoutes(options.testClock));
  }

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const serveWeb = options.serveWeb ?? existsSync(WEB_ROOT);
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: WEB_ROOT,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html');
    // Deep links (/clientes/…) are the portal's own routes: 200 with the app, which shows its own 404 page.
    if (wantsPage && serveWeb) return reply.code(200).type('text/html').sendFile('index.html');
    if (wantsPage) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Central de Cobranças</title><p>O portal ainda não foi compilado. Rode <code>npm start</code> (ou <code>npm run build</code>).</p>',
        );
    }
    return reply.code(404).send({ code: 'not_found', message: 'Rota não encontrada.' });
  });

  return {
    app,
    routes,
    markNotReady() {
      state.ready = false;
    },
  };
}
