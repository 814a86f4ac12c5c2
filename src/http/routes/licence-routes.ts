import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptLicenceContract,
  type LicenceDeps,
  type LicenceState,
  licenceContract,
  licenceContractPdf,
  postponeLicenceContract,
} from '../../app/licence/licence';
import type { DocumentSealer } from '../../app/signatures/ports';
import { CONTRACT_KIND_LABELS, CONTRACT_KINDS } from '../../domain/contracts/contract-rules';
import { PAYMENT_METHODS, PERIODICITIES } from '../../domain/pricing/catalog';
import type { System } from '../../system';
import { installationOf } from '../access';
import { ErrorBody, errorResponses } from '../schemas';

const TAGS = ['Licença do Hiper'];
const SECURITY = [{ installationKey: [] }];
const PDF_PATH = '/api/v1/licence/contract/pdf';

const LicenceBody = z.object({
  pending: z.boolean().describe('Há um contrato aguardando assinatura'),
  contract: z
    .object({
      id: z.string().uuid(),
      number: z.string(),
      version: z.number().int(),
      kind: z.enum(CONTRACT_KINDS),
      kind_label: z.string(),
      monthly_negotiated_cents: z.number().int(),
      periodicity: z.enum(PERIODICITIES),
      payment_method: z.enum(PAYMENT_METHODS),
      pdf_url: z.string().describe('O PDF exato a assinar (com a mesma chave no cabeçalho Authorization)'),
    })
    .optional(),
  postponements_used: z.number().int(),
  postponements_left: z.number().int(),
  must_sign: z.boolean().describe('Sem adiamentos restantes: o Hiper fica bloqueado até a assinatura'),
});

const MustSignBody = ErrorBody.extend({
  must_sign: z.boolean().optional(),
  postponements_used: z.number().int().optional(),
  postponements_left: z.number().int().optional(),
});

function licenceBody(s: LicenceState): z.infer<typeof LicenceBody> {
  const c = s.contract;
  return {
    pending: c !== null,
    ...(c
      ? {
          contract: {
            id: c.id,
            number: c.number,
            version: c.version,
            kind: c.kind,
            kind_label: CONTRACT_KIND_LABELS[c.kind],
            monthly_negotiated_cents: c.pricing.monthly_negotiated_cents,
            periodicity: c.pricing.periodicity,
            payment_method: c.pricing.payment.method,
            pdf_url: PDF_PATH,
          },
        }
      : {}),
    postponements_used: s.postponementsUsed,
    postponements_left: s.postponementsLeft,
    must_sign: s.mustSign,
  };
}

const origin = (request: { ip: string; headers: Record<string, unknown> }) => ({
  ip: request.ip ?? null,
  userAgent:
    typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'].slice(0, 500) : null,
});

/**
 * In-product signing (SPEC §8): the Hiper software, authenticated by its installation's API key, shows the
 * pending contract, lets the responsável postpone 5 times, then must block until it is signed.
 */
export function licenceRoutes(system: System): FastifyPluginAsyncZod {
  // Built per request: tests (and the wiring) may replace system.deps.sealer.
  const deps = (): LicenceDeps => ({
    signatures: system.deps.signatures,
    licence: system.deps.licence,
    sealer: (system.deps as { sealer: DocumentSealer }).sealer,
    contractSigned: system.deps.contractSigned,
    audit: system.deps.audit,
    clock: system.clock,
    publicUrl: system.config.publicUrl,
  });
  return async (app) => {
    app.get(
      '/api/v1/licence/contract',
      {
        config: { access: 'installation' },
        schema: {
          tags: TAGS,
          summary: 'O contrato pendente de assinatura do cliente desta instalação, e os adiamentos restantes',
          security: SECURITY,
          response: { 200: LicenceBody, ...errorResponses(401) },
        },
      },
      async (request) => licenceBody(await licenceContract(deps(), installationOf(request))),
    );

    app.get(
      PDF_PATH,
      {
        config: { access: 'installation' },
        schema: {
          tags: TAGS,
          summary: 'O PDF exato do contrato pendente',
          security: SECURITY,
          produces: ['application/pdf'],
          response: { 200: z.any(), ...errorResponses(401, 404) },
        },
      },
      async (request, reply) => {
        const pdf = await licenceContractPdf(deps(), installationOf(request));
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${pdf.filename}"`)
          .header('x-content-sha256', pdf.sha256)
          .send(Buffer.from(pdf.content));
      },
    );

    app.post(
      '/api/v1/licence/contract/postpone',
      {
        config: { access: 'installation' },
        schema: {
          tags: TAGS,
          summary: '"Assinar depois": registra o adiamento (no máximo 5)',
          description:
            'Depois de 5 adiamentos: 422 `must_sign` ("O contrato precisa ser assinado para continuar usando o Hiper."), sem novo registro.',
          security: SECURITY,
          response: { 200: LicenceBody, 422: MustSignBody, ...errorResponses(401, 404) },
        },
      },
      async (request) =>
        licenceBody(await postponeLicenceContract(deps(), installationOf(request), origin(request))),
    );

    app.post(
      '/api/v1/licence/contract/accept',
      {
        config: { access: 'installation' },
        schema: {
          tags: TAGS,
          summary: 'O responsável assina o contrato dentro do Hiper (nome e CPF conferidos)',
          description:
            'Mesma evidência e mesmo selo do PDF da assinatura pelo link; o PDF assinado fica nos Documentos do cliente.',
          security: SECURITY,
          body: z.object({
            signer_name: z.string().max(200),
            signer_cpf: z.string().max(20),
            accepted: z.boolean(),
          }),
          response: {
            200: z.object({
              status: z.literal('assinado'),
              contract_id: z.string().uuid(),
              signed_at: z.string(),
              sha256: z.string().describe('SHA-256 do PDF assinado'),
            }),
            ...errorResponses(400, 401, 404, 409, 422),
          },
        },
      },
      async (request) => {
        const done = await acceptLicenceContract(
          deps(),
          installationOf(request),
          request.body,
          origin(request),
        );
        return {
          status: 'assinado' as const,
          contract_id: done.contractId,
          signed_at: done.signedAt.toISOString(),
          sha256: done.sha256,
        };
      },
    );
  };
}
