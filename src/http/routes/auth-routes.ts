import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword } from '../../app/auth/change-password';
import { login } from '../../app/auth/login';
import { logout } from '../../app/auth/logout';
import { SESSION_IDLE_MS } from '../../app/auth/sessions';
import type { System } from '../../system';
import { actorOf, SESSION_COOKIE } from '../access';
import { errorResponses, MeBody } from '../schemas';

function meBody(
  user: { id: string; email: string; name: string; role: z.infer<typeof MeBody>['user']['role'] },
  reseller: { id: string; name: string } | null,
  csrfToken: string,
): z.infer<typeof MeBody> {
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, reseller },
    csrf_token: csrfToken,
  };
}

function setSessionCookie(reply: FastifyReply, value: string, maxAgeMs: number) {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

function ipOf(request: FastifyRequest): string {
  return request.ip || 'desconhecido';
}

export function authRoutes(system: System): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags: ['Acesso'],
          summary: 'Entrar com e-mail e senha',
          security: [],
          description:
            'Cria a sessão (cookie HttpOnly `cc_session`) e devolve o token CSRF. Após 5 senhas erradas para um e-mail, ou 20 de um IP, em 15 minutos, responde 429.',
          body: z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) }),
          response: { 200: MeBody, ...errorResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const result = await login(system.deps.login, {
          email: request.body.email,
          password: request.body.password,
          ip: ipOf(request),
          userAgent: request.headers['user-agent'] ?? null,
          previousSessionId: request.cookies[SESSION_COOKIE] ?? null,
        });
        setSessionCookie(reply, result.sessionId, SESSION_IDLE_MS);
        const u = result.user;
        return meBody(
          u,
          u.resellerId ? { id: u.resellerId, name: u.resellerName ?? '' } : null,
          result.csrfToken,
        );
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['Acesso'],
          summary: 'Sair (encerra a sessão)',
          response: { 204: z.null().describe('Sessão encerrada'), ...errorResponses(401, 403) },
        },
      },
      async (request, reply) => {
        await logout(
          { sessions: system.deps.sessions, audit: system.deps.audit, secret: system.config.sessionSecret },
          { actor: actorOf(request), sessionId: request.sessionId!, ip: ipOf(request) },
        );
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['Acesso'],
          summary: 'Quem sou eu (usuário da sessão e token CSRF)',
          response: { 200: MeBody, ...errorResponses(401) },
        },
      },
      async (request) => {
        const s = request.session!;
        return meBody(
          { id: s.actor.userId, email: s.actor.email, name: s.name, role: s.actor.role },
          s.actor.resellerId ? { id: s.actor.resellerId, name: s.resellerName ?? '' } : null,
          s.csrfToken,
        );
      },
    );

    app.post(
      '/api/v1/me/password',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['Acesso'],
          summary: 'Trocar a própria senha',
          description: 'Encerra as outras sessões do usuário; a sessão atual continua.',
          body: z.object({
            current_password: z.string().min(1).max(200),
            new_password: z.string().min(1).max(200),
          }),
          response: { 204: z.null().describe('Senha alterada'), ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        await changePassword(
          { ...system.deps, clock: system.clock, secret: system.config.sessionSecret },
          {
            actor: actorOf(request),
            sessionId: request.sessionId!,
            currentPassword: request.body.current_password,
            newPassword: request.body.new_password,
            ip: ipOf(request),
          },
        );
        return reply.code(204).send(null);
      },
    );
  };
}
