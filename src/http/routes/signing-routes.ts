import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderEmail } from '../../adapters/email/email-layout';
import type { DocumentSealer } from '../../app/signatures/ports';
import { maskCpf, maskEmail } from '../../app/signatures/signer-match';
import type { CodeState } from '../../app/signatures/signing';
import {
  refuseContract,
  requestSigningCode,
  resendSigningLink,
  type SigningDeps,
  type SigningView,
  signContract,
  signedPdf,
  signingPdf,
  viewSigning,
} from '../../app/signatures/signing';
import { ANY_ROLE } from '../../domain/access/roles';
import { CONTRACT_KIND_LABELS, CONTRACT_STATUSES } from '../../domain/contracts/contract-rules';
import { formatDocument } from '../../domain/documents/cpf-cnpj';
import { PAYMENT_METHOD_LABELS, PERIODICITY_LABELS } from '../../domain/pricing/catalog';
import { productLabel } from '../../domain/pricing/products';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const TokenParams = z.object({ token: z.string().max(100) });
const TAGS = ['Assinatura'];

const CodeStateBody = z.object({
  sent: z.boolean(),
  expires_at: z.string().nullable(),
  attempts_left: z.number().int(),
  locked: z.boolean(),
  resend_available_at: z.string().nullable(),
});

const SigningBody = z.object({
  status: z.enum(CONTRACT_STATUSES),
  expires_at: z.string().describe('Até quando o link vale'),
  contract: z.object({
    number: z.string(),
    version: z.number().int(),
    kind_label: z.string(),
    client_legal_name: z.string(),
    client_document: z.string().describe('CNPJ/CPF formatado'),
    reseller_name: z.string().describe('O Hiperador'),
    product_name: z.string(),
    monthly_cents: z.number().int(),
    periodicity_label: z.string(),
    payment_method_label: z.string(),
    card_installments: z.number().int().nullable(),
    first_charge_cents: z.number().int(),
    setup_fee_cents: z.number().int(),
    document_sha256: z.string().describe('SHA-256 do PDF exibido'),
  }),
  signer: z.object({ name: z.string(), cpf_masked: z.string(), email_masked: z.string() }),
  code: CodeStateBody,
  signed: z.object({ at: z.string(), sha256: z.string() }).nullable(),
});

function codeBody(c: CodeState): z.infer<typeof CodeStateBody> {
  return {
    sent: c.sent,
    expires_at: c.expiresAt?.toISOString() ?? null,
    attempts_left: c.attemptsLeft,
    locked: c.locked,
    resend_available_at: c.resendAvailableAt?.toISOString() ?? null,
  };
}

function signingBody(v: SigningView): z.infer<typeof SigningBody> {
  const c = v.request.contract;
  const p = c.pricing;
  return {
    status: c.status,
    expires_at: v.request.expiresAt.toISOString(),
    contract: {
      number: c.number,
      version: c.version,
      kind_label: CONTRACT_KIND_LABELS[c.kind],
      client_legal_name: c.clientLegalName,
      client_document: formatDocument(c.clientDocument),
      reseller_name: c.resellerName,
      product_name: productLabel(p.product) ?? p.product,
      monthly_cents: p.monthly_negotiated_cents,
      periodicity_label: PERIODICITY_LABELS[p.periodicity],
      payment_method_label: PAYMENT_METHOD_LABELS[p.payment.method],
      card_installments: p.payment.card_installments,
      first_charge_cents: p.first_charge_cents,
      setup_fee_cents: p.setup_fee_cents,
      document_sha256: v.request.documentSha256,
    },
    signer: {
      name: c.signerName ?? '',
      cpf_masked: maskCpf(c.signerCpf),
      email_masked: maskEmail(c.signerEmail),
    },
    code: codeBody(v.code),
    signed:
      v.request.signedAt && v.signedDocument
        ? { at: v.request.signedAt.toISOString(), sha256: v.signedDocument.sha256 }
        : null,
  };
}

const origin = (request: { ip: string; headers: Record<string, unknown> }) => ({
  ip: request.ip ?? null,
  userAgent:
    typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
});

/**
 * The public signing ceremony (/assinar/:token in the portal): the token in the path is the credential,
 * so there is no session and no CSRF token. And the portal's resend.
 */
export function signingRoutes(system: System): FastifyPluginAsyncZod {
  // Built per request: tests (and the wiring) may replace system.deps.sealer.
  const deps = (): SigningDeps & typeof system.deps => ({
    ...system.deps,
    sealer: (system.deps as { sealer?: DocumentSealer }).sealer ?? missingSealer,
    clock: system.clock,
    renderEmail,
    publicUrl: system.config.publicUrl,
  });
  return async (app) => {
    app.get(
      '/api/v1/signing/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary:
            'O contrato a assinar pelo link pessoal (a primeira abertura fica registrada como evidência)',
          security: [],
          params: TokenParams,
          response: { 200: SigningBody, ...errorResponses(404, 409, 410) },
        },
      },
      async (request) => signingBody(await viewSigning(deps(), request.params.token, origin(request))),
    );

    for (const [path, load, disposition] of [
      ['/api/v1/signing/:token/pdf', signingPdf, 'inline'],
      ['/api/v1/signing/:token/signed-pdf', signedPdf, 'attachment'],
    ] as const) {
      app.get(
        path,
        {
          config: { access: 'public' },
          schema: {
            tags: TAGS,
            summary:
              disposition === 'inline'
                ? 'O PDF exato que o responsável assina'
                : 'O PDF assinado (depois da assinatura)',
            security: [],
            params: TokenParams,
            produces: ['application/pdf'],
            response: { 200: z.any(), ...errorResponses(404, 409, 410) },
          },
        },
        async (request, reply) => {
          const pdf = await load(deps(), request.params.token);
          return (
            reply
              .type('application/pdf')
              .header('content-disposition', `${disposition}; filename="${pdf.filename}"`)
              .header('x-content-sha256', pdf.sha256)
              // Only our own signing page may frame it.
              .header('content-security-policy', "frame-ancestors 'self'")
              .header('x-frame-options', 'SAMEORIGIN')
              .send(Buffer.from(pdf.content))
          );
        },
      );
    }

    app.post(
      '/api/v1/signing/:token/code',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: 'Confere nome e CPF do responsável e envia o código de 6 dígitos por e-mail',
          description: 'Código válido por 10 minutos; no máximo um novo código a cada 60 segundos (429).',
          security: [],
          params: TokenParams,
          body: z.object({ name: z.string().max(200), cpf: z.string().max(20) }),
          response: { 200: CodeStateBody, ...errorResponses(400, 404, 409, 410, 422, 429) },
        },
      },
      async (request) =>
        codeBody(await requestSigningCode(deps(), request.params.token, request.body, origin(request))),
    );

    app.post(
      '/api/v1/signing/:token/sign',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: 'Confirma o código e assina: o PDF assinado fica nos Documentos do cliente',
          description:
            'Código errado: 422 com as tentativas restantes; depois de 5, 423 até um novo código; código vencido: 422.',
          security: [],
          params: TokenParams,
          body: z.object({ code: z.string().max(20), accept: z.boolean() }),
          response: {
            200: z.object({ signed_at: z.string(), sha256: z.string() }),
            ...errorResponses(400, 404, 409, 410, 422, 423),
          },
        },
      },
      async (request) => {
        const done = await signContract(deps(), request.params.token, request.body, origin(request));
        return { signed_at: done.signedAt.toISOString(), sha256: done.sha256 };
      },
    );

    app.post(
      '/api/v1/signing/:token/refuse',
      {
        config: { access: 'public' },
        schema: {
          tags: TAGS,
          summary: 'O responsável recusa o contrato, com o motivo',
          security: [],
          params: TokenParams,
          body: z.object({ reason: z.string().max(600).describe('Motivo (3 a 500 caracteres)') }),
          response: {
            200: z.object({ status: z.literal('recusado') }),
            ...errorResponses(400, 404, 409, 410),
          },
        },
      },
      async (request) => {
        await refuseContract(deps(), request.params.token, request.body.reason, origin(request));
        return { status: 'recusado' as const };
      },
    );

    app.post(
      '/api/v1/contracts/:id/resend',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Contratos'],
          summary: 'Reenvia o link de assinatura ao responsável (o link anterior deixa de valer)',
          params: z.object({ id: z.string().max(60) }),
          response: {
            200: z.object({ id: z.string().uuid(), sent_to: z.string() }),
            ...errorResponses(401, 404, 422),
          },
        },
      },
      async (request) => {
        const contract = await resendSigningLink(deps(), actorOf(request), request.params.id, request.ip);
        const signer = await system.deps.signatures.signerOf(contract.id);
        return { id: contract.id, sent_to: signer?.email ?? '' };
      },
    );
  };
}

const missingSealer: DocumentSealer = {
  async seal() {
    throw new Error('Nenhum selador de PDF configurado (system.deps.sealer).');
  },
};
