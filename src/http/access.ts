import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthenticatedSession, authenticateSession, sameToken } from '../app/auth/sessions';
import { authenticateApiKey } from '../app/licence/api-keys';
import type { Installation } from '../app/licence/ports';
import { AppError } from '../app/shared/errors';
import type { Actor, Role } from '../domain/access/roles';
import type { System } from '../system';

export const SESSION_COOKIE = 'cc_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Every API route declares who may call it. 'installation': the Hiper software, with
 * `Authorization: Bearer <api key>` (no cookie, no CSRF); the key's client is in request.installation.
 */
export type Access = 'public' | 'authenticated' | 'installation' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: AuthenticatedSession | null;
    sessionId: string | null;
    installation: Installation | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The Hiper installation behind the Bearer key; only on routes whose access is 'installation'. */
export function installationOf(request: FastifyRequest): Installation {
  if (!request.installation) throw new AppError('unauthenticated', 'Chave de API ausente ou inválida.');
  return request.installation;
}

/** The authenticated caller; only call it on routes whose access is not 'public'. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.session) throw new AppError('unauthenticated', 'Entre no portal para continuar.');
  return request.session.actor;
}

export function registerAccessControl(app: FastifyInstance, system: System): void {
  app.decorateRequest('session', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('installation', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.access) {
      throw new Error(`A rota ${route.method} ${route.url} não declara quem pode chamá-la (config.access).`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    if (access === 'installation') {
      // The key is the credential: cookies are ignored, so there is nothing for CSRF to protect.
      request.installation = await authenticateApiKey(
        { apiKeys: system.deps.apiKeys, clock: system.clock },
        request.headers.authorization,
      );
      return;
    }

    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) {
      request.session = await authenticateSession(
        {
          sessions: system.deps.sessions,
          users: system.deps.users,
          clock: system.clock,
          secret: system.config.sessionSecret,
        },
        sessionId,
      );
      if (request.session) request.sessionId = sessionId;
    }
    if (access === 'public') return;
    if (!request.session)
      throw new AppError('unauthenticated', 'Sua sessão expirou ou você não entrou. Entre novamente.');

    // The session cookie is sent by the browser automatically: state changes must prove they come from our page.
    if (UNSAFE_METHODS.has(request.method)) {
      const token = request.headers[CSRF_HEADER];
      if (typeof token !== 'string' || !sameToken(token, request.session.csrfToken)) {
        throw new AppError(
          'csrf_invalid',
          'Requisição recusada por segurança (token CSRF ausente ou inválido). Recarregue a página.',
        );
      }
    }
    if (access !== 'authenticated' && !access.includes(request.session.actor.role)) {
      throw new AppError('forbidden', 'Seu perfil não tem permissão para esta ação.');
    }
  });
}
