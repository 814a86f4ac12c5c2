import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderEmail } from '../../adapters/email/email-layout';
import { getClient } from '../../app/clients/get-client';
import {
  cancelContract,
  getContract,
  listContracts,
  MAX_CONTRACT_PAGE_SIZE,
} from '../../app/contracts/contract-queries';
import { downloadDocument, listClientDocuments } from '../../app/contracts/documents';
import { type ContractDeps, contractKindsFor, issueContract } from '../../app/contracts/issue-contract';
import type { ContractRecord, ContractSummary, DocumentSummary } from '../../app/contracts/ports';
import { ANY_ROLE } from '../../domain/access/roles';
import {
  CONTRACT_KIND_LABELS,
  CONTRACT_KINDS,
  CONTRACT_STATUS_LABELS,
  CONTRACT_STATUSES,
} from '../../domain/contracts/contract-rules';
import { PERIODICITIES } from '../../domain/pricing/catalog';
import { productLabel } from '../../domain/pricing/products';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';
import { PricedQuoteBody, QuoteInputBody } from './quote-routes';

const ContractSummaryBody = z.object({
  id: z.string().uuid(),
  number: z.string().describe('Número do contrato: ano e sequência, ex. 2026-000001'),
  version: z.number().int().describe('Versão do contrato deste cliente: 1, 2, 3…'),
  kind: z.enum(CONTRACT_KINDS),
  kind_label: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  status_label: z.string(),
  client: z.object({
    id: z.string().uuid(),
    legal_name: z.string(),
    trade_name: z.string().nullable(),
    document: z.string(),
  }),
  reseller: z.object({ id: z.string().uuid(), name: z.string() }),
  proposal: z.object({ id: z.string().uuid(), number: z.string() }).nullable(),
  product_name: z.string(),
  periodicity: z.enum(PERIODICITIES),
  monthly_negotiated_cents: z.number().int(),
  period_total_cents: z.number().int(),
  setup_fee_cents: z.number().int(),
  keep_paid_through: z.string().nullable().describe('Migração: o liberado até que o cliente mantém'),
  issued_by_name: z.string().nullable(),
  issued_at: z.string(),
  signed_at: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  document_id: z.string().uuid().nullable().describe('O PDF emitido (GET /api/v1/documents/:id)'),
});

const ContractBody = ContractSummaryBody.extend({
  input: QuoteInputBody.describe('A configuração da calculadora congelada no contrato'),
  pricing: PricedQuoteBody.describe('Itens e preços congelados no contrato'),
});

const IssuedBody = ContractBody.extend({
  replaced: z
    .object({ id: z.string().uuid(), number: z.string(), version: z.number().int() })
    .nullable()
    .describe('A versão pendente que esta substituiu (cancelada)'),
  document_sha256: z.string().describe('SHA-256 (hex) do PDF emitido'),
});

const DocumentBody = z.object({
  id: z.string().uuid(),
  kind: z.enum(['proposta', 'contrato', 'contrato_assinado']),
  filename: z.string(),
  size_bytes: z.number().int(),
  sha256: z.string(),
  created_at: z.string(),
  contract: z
    .object({ id: z.string().uuid(), number: z.string().nullable(), version: z.number().int().nullable() })
    .nullable(),
});

function summaryBody(c: ContractSummary): z.infer<typeof ContractSummaryBody> {
  return {
    id: c.id,
    number: c.number,
    version: c.version,
    kind: c.kind,
    kind_label: CONTRACT_KIND_LABELS[c.kind],
    status: c.status,
    status_label: CONTRACT_STATUS_LABELS[c.status],
    client: {
      id: c.clientId,
      legal_name: c.clientLegalName,
      trade_name: c.clientTradeName,
      document: c.clientDocument,
    },
    reseller: { id: c.resellerId, name: c.resellerName },
    proposal: c.proposalId && c.proposalNumber ? { id: c.proposalId, number: c.proposalNumber } : null,
    product_name: productLabel(c.productCode) ?? c.productCode,
    periodicity: c.periodicity,
    monthly_negotiated_cents: c.monthlyNegotiatedCents,
    period_total_cents: c.periodTotalCents,
    setup_fee_cents: c.setupFeeCents,
    keep_paid_through: c.keepPaidThrough,
    issued_by_name: c.issuedByName,
    issued_at: c.issuedAt.toISOString(),
    signed_at: c.signedAt?.toISOString() ?? null,
    cancelled_at: c.cancelledAt?.toISOString() ?? null,
    cancel_reason: c.cancelReason,
    document_id: c.documentId,
  };
}

function contractBody(c: ContractRecord): z.infer<typeof ContractBody> {
  return { ...summaryBody(c), input: c.configuration, pricing: c.pricing };
}

function documentBody(d: DocumentSummary): z.infer<typeof DocumentBody> {
  return {
    id: d.id,
    kind: d.kind,
    filename: d.filename,
    size_bytes: d.sizeBytes,
    sha256: d.sha256,
    created_at: d.createdAt.toISOString(),
    contract: d.contractId
      ? { id: d.contractId, number: d.contractNumber, version: d.contractVersion }
      : null,
  };
}

const IdParams = z.object({ id: z.string().max(60) });
const TAGS = ['Contratos'];

export function contractRoutes(system: System): FastifyPluginAsyncZod {
  const deps = (): ContractDeps & typeof system.deps => ({
    ...system.deps,
    clock: system.clock,
    renderEmail,
    publicUrl: system.config.publicUrl,
  });
  return async (app) => {
    app.post(
      '/api/v1/proposals/:id/contract',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Emite uma versão de contrato a partir de uma proposta pronta para contrato',
          description:
            'A proposta precisa estar pronta para contrato e dentro da validade, e o cliente precisa ter o responsável pela assinatura (nome, CPF e e-mail) — senão 422 com a mensagem e o campo. `kind` padrão: alteração se o cliente tem contrato assinado; migração se já tem liberado até; senão ativação. Numa só transação: nova versão, cancela a versão pendente anterior, grava o PDF (documents, SHA-256) e a auditoria; depois envia o e-mail ao responsável (Caixa de saída).',
          params: IdParams,
          body: z
            .object({
              kind: z
                .enum(CONTRACT_KINDS)
                .nullish()
                .describe(
                  'ativacao | migracao (equipe Hiper, ou cliente com liberado até) | alteracao (com contrato assinado)',
                ),
            })
            .nullish(),
          response: { 201: IssuedBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const issued = await issueContract(deps(), actor, request.params.id, request.body ?? {}, request.ip);
        const contract = await getContract(system.deps, actor, issued.id);
        return reply.code(201).send({
          ...contractBody(contract),
          replaced: issued.replaced,
          document_sha256: issued.sha256,
        });
      },
    );

    app.get(
      '/api/v1/contracts',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Contratos (versões) visíveis para quem chama, dos mais novos para os mais antigos',
          querystring: z.object({
            client_id: z.string().max(60).optional(),
            status: z.enum(CONTRACT_STATUSES).optional(),
            ...pageQuery(MAX_CONTRACT_PAGE_SIZE),
          }),
          response: {
            200: pageBody(ContractSummaryBody),
            ...errorResponses(400, 401),
          },
        },
      },
      async (request) => {
        const result = await listContracts(system.deps, actorOf(request), {
          clientId: request.query.client_id,
          status: request.query.status,
          page: request.query.page,
          pageSize: request.query.page_size,
        });
        return pageToJson(result, summaryBody);
      },
    );

    app.get(
      '/api/v1/contracts/:id',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary:
            'Uma versão de contrato, com itens, preços e o PDF emitido (404 se for de outro Hiperador)',
          params: IdParams,
          response: { 200: ContractBody, ...errorResponses(401, 404) },
        },
      },
      async (request) => contractBody(await getContract(system.deps, actorOf(request), request.params.id)),
    );

    app.post(
      '/api/v1/contracts/:id/cancel',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Cancela a versão que aguarda assinatura (o link de assinatura deixa de valer)',
          params: IdParams,
          body: z.object({ reason: z.string().max(600).describe('Motivo (3 a 500 caracteres)') }),
          response: { 200: ContractBody, ...errorResponses(400, 401, 404, 409, 422) },
        },
      },
      async (request) =>
        contractBody(
          await cancelContract(
            system.deps,
            actorOf(request),
            request.params.id,
            request.body.reason,
            request.ip,
          ),
        ),
    );

    app.get(
      '/api/v1/clients/:id/contract-kinds',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Tipos de contrato que podem ser emitidos agora para o cliente (o primeiro é o padrão)',
          params: IdParams,
          response: {
            200: z.object({
              items: z.array(z.object({ kind: z.enum(CONTRACT_KINDS), label: z.string() })),
            }),
            ...errorResponses(401, 404),
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const client = await getClient(system.deps, actor, request.params.id);
        const kinds = await contractKindsFor(system.deps, actor, client);
        return { items: kinds.map((kind) => ({ kind, label: CONTRACT_KIND_LABELS[kind] })) };
      },
    );

    app.get(
      '/api/v1/clients/:id/documents',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Documentos'],
          summary: 'Documentos (PDFs) do cliente: contratos emitidos e assinados',
          params: IdParams,
          response: { 200: z.object({ items: z.array(DocumentBody) }), ...errorResponses(401, 404) },
        },
      },
      async (request) => ({
        items: (await listClientDocuments(system.deps, actorOf(request), request.params.id)).map(
          documentBody,
        ),
      }),
    );

    app.get(
      '/api/v1/documents/:id',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Documentos'],
          summary: 'Baixa um documento (PDF); de outro Hiperador → 404',
          params: IdParams,
          produces: ['application/pdf'],
          response: {
            200: z.any().describe('O arquivo, com o nome em Content-Disposition'),
            ...errorResponses(401, 404),
          },
        },
      },
      async (request, reply) => {
        const doc = await downloadDocument(system.deps, actorOf(request), request.params.id);
        return reply
          .type(doc.contentType)
          .header('content-disposition', `attachment; filename="${doc.filename}"`)
          .header('x-content-sha256', doc.sha256)
          .send(Buffer.from(doc.content));
      },
    );
  };
}
