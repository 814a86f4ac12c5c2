import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app/shared/errors';
import {
  MAX_VERIFY_BYTES,
  type VerificationDeps,
  type VerificationResult,
  verifyDocumentBytes,
  verifyDocumentHash,
} from '../../app/verification/verify-document';
import type { System } from '../../system';
import { errorResponses } from '../schemas';

const VerificationBody = z.object({
  result: z.enum(['valido', 'alterado', 'desconhecido']),
  message: z.string(),
  document: z
    .object({
      kind: z.enum(['contrato', 'contrato_assinado']),
      contract_number: z.string(),
      version: z.number().int(),
      client_legal_name: z.string(),
      signer_name: z.string().nullable(),
      signed_at: z.string().nullable().describe('Instante ISO 8601 (UTC)'),
      sha256: z.string().nullable(),
    })
    .optional(),
});

function toJson(r: VerificationResult): z.infer<typeof VerificationBody> {
  return {
    result: r.result,
    message: r.message,
    ...(r.document
      ? {
          document: {
            kind: r.document.kind,
            contract_number: r.document.contractNumber,
            version: r.document.version,
            client_legal_name: r.document.clientLegalName,
            signer_name: r.document.signerName,
            signed_at: r.document.signedAt?.toISOString() ?? null,
            sha256: r.document.sha256,
          },
        }
      : {}),
  };
}

/** Public document verification (/verificar): send the PDF or its SHA-256. */
export function verifyRoutes(system: System): FastifyPluginAsyncZod {
  const deps = (): VerificationDeps => ({
    verification: system.deps.verification,
    signingCertificateDer: system.deps.signingCertificate.certificateDer,
  });
  return async (app) => {
    // Raw PDF bodies, only in this plugin (encapsulated), up to 15 MB.
    app.addContentTypeParser(
      'application/pdf',
      { parseAs: 'buffer', bodyLimit: MAX_VERIFY_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/v1/verify',
      {
        bodyLimit: MAX_VERIFY_BYTES,
        config: { access: 'public' },
        schema: {
          tags: ['Verificação'],
          summary: 'Verificar um PDF assinado',
          security: [],
          description:
            'Envie o arquivo PDF no corpo (Content-Type: application/pdf, até 15 MB). Responde `valido` quando o arquivo é exatamente um contrato emitido ou assinado pela Central de Cobranças, `alterado` quando foi assinado por ela mas modificado depois, e `desconhecido` nos demais casos. Só devolve um resumo.',
          response: { 200: VerificationBody, ...errorResponses(400, 413) },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.byteLength === 0) {
          throw new AppError(
            'validation_failed',
            'Envie o arquivo PDF no corpo da requisição (Content-Type: application/pdf).',
          );
        }
        return toJson(await verifyDocumentBytes(deps(), body));
      },
    );

    app.get(
      '/api/v1/verify/:sha256',
      {
        config: { access: 'public' },
        schema: {
          tags: ['Verificação'],
          summary: 'Verificar pelo resumo SHA-256',
          security: [],
          params: z.object({
            sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'informe os 64 caracteres hexadecimais do SHA-256'),
          }),
          response: { 200: VerificationBody, ...errorResponses(400) },
        },
      },
      async (request) => toJson(await verifyDocumentHash(deps(), request.params.sha256)),
    );
  };
}
