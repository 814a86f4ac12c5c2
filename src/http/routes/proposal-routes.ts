import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cancelProposal } from '../../app/proposals/cancel-proposal';
import { createProposal } from '../../app/proposals/create-proposal';
import { getProposal } from '../../app/proposals/get-proposal';
import { listProposals, MAX_PROPOSAL_PAGE_SIZE } from '../../app/proposals/list-proposals';
import { markProposalReady } from '../../app/proposals/mark-proposal-ready';
import { PROPOSAL_STATUSES, type ProposalSummary } from '../../app/proposals/ports';
import { proposalDocument } from '../../app/proposals/proposal-document';
import type { ProposalDeps, ProposalView } from '../../app/proposals/proposal-support';
import { repriceProposal } from '../../app/proposals/reprice-proposal';
import { updateProposal } from '../../app/proposals/update-proposal';
import { ANY_ROLE } from '../../domain/access/roles';
import { PERIODICITIES } from '../../domain/pricing/catalog';
import { priceBookToJson } from '../../domain/pricing/catalog-json';
import { productLabel } from '../../domain/pricing/products';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';
import { PriceBookBody } from './catalog-routes';
import { PricedQuoteBody, QuoteInputBody } from './quote-routes';

const ClientRef = z.object({
  id: z.string().uuid(),
  legal_name: z.string(),
  trade_name: z.string().nullable(),
  document: z.string(),
});

const ProposalBody = z.object({
  id: z.string().uuid(),
  number: z.string().describe('Número da proposta: ano e sequência, ex. 2026-000001'),
  status: z.enum(PROPOSAL_STATUSES),
  client: ClientRef,
  reseller: z.object({ id: z.string().uuid(), name: z.string() }),
  price_book: PriceBookBody.describe('A tabela de preços com que a proposta foi calculada'),
  price_book_is_current: z.boolean().describe('false quando já há outra tabela em vigor (use /reprice)'),
  input: QuoteInputBody.describe('A configuração da calculadora (o corpo de /quotes/price)'),
  pricing: PricedQuoteBody.describe('O cálculo gravado (a resposta de /quotes/price)'),
  valid_until: z.string().describe('Válida até (AAAA-MM-DD): 15 dias depois de gravada'),
  created_by_name: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const ProposalSummaryBody = z.object({
  id: z.string().uuid(),
  number: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  client: ClientRef,
  product_name: z.string(),
  periodicity: z.enum(PERIODICITIES),
  monthly_negotiated_cents: z.number().int(),
  period_total_cents: z.number().int(),
  valid_until: z.string(),
  created_at: z.string(),
});

function proposalBody(v: ProposalView): z.infer<typeof ProposalBody> {
  const p = v.proposal;
  return {
    id: p.id,
    number: p.number,
    status: p.status,
    client: {
      id: p.client.id,
      legal_name: p.client.legalName,
      trade_name: p.client.tradeName,
      document: p.client.document,
    },
    reseller: p.reseller,
    price_book: priceBookToJson(v.priceBook),
    price_book_is_current: v.priceBookIsCurrent,
    input: p.configuration,
    pricing: p.pricing,
    valid_until: p.validUntil,
    created_by_name: p.createdByName,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

function summaryBody(s: ProposalSummary): z.infer<typeof ProposalSummaryBody> {
  return {
    id: s.id,
    number: s.number,
    status: s.status,
    client: {
      id: s.client.id,
      legal_name: s.client.legalName,
      trade_name: s.client.tradeName,
      document: s.client.document,
    },
    product_name: productLabel(s.productCode) ?? s.productCode,
    periodicity: s.periodicity,
    monthly_negotiated_cents: s.monthlyNegotiatedCents,
    period_total_cents: s.periodTotalCents,
    valid_until: s.validUntil,
    created_at: s.createdAt.toISOString(),
  };
}

const IdParams = z.object({ id: z.string().max(60) });
const TAGS = ['Propostas'];

export function proposalRoutes(system: System): FastifyPluginAsyncZod {
  const deps = (): ProposalDeps => ({ ...system.deps, clock: system.clock });
  return async (app) => {
    app.post(
      '/api/v1/proposals',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Grava a configuração da calculadora como proposta (rascunho) de um cliente',
          description:
            'Calculada na tabela de preços em vigor hoje, com os mesmos erros de /quotes/price (ex.: 422 `below_minimum` com `minimum_monthly_cents`). O cliente precisa ser visível para quem chama (senão 404) e não estar cancelado (422).',
          body: QuoteInputBody.extend({ client_id: z.string().max(60) }),
          response: { 201: ProposalBody, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const { client_id, ...quote } = request.body;
        const view = await createProposal(
          deps(),
          actorOf(request),
          { clientId: client_id, quote },
          request.ip,
        );
        return reply.code(201).send(proposalBody(view));
      },
    );

    app.get(
      '/api/v1/proposals',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Propostas visíveis para quem chama, das mais novas para as mais antigas',
          querystring: z.object({
            client_id: z.string().max(60).optional(),
            status: z.enum(PROPOSAL_STATUSES).optional(),
            ...pageQuery(MAX_PROPOSAL_PAGE_SIZE),
          }),
          response: {
            200: pageBody(ProposalSummaryBody),
            ...errorResponses(400, 401),
          },
        },
      },
      async (request) => {
        const result = await listProposals(system.deps, actorOf(request), {
          clientId: request.query.client_id,
          status: request.query.status,
          page: request.query.page,
          pageSize: request.query.page_size,
        });
        return pageToJson(result, summaryBody);
      },
    );

    app.get(
      '/api/v1/proposals/:id',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Uma proposta, com a tabela de preços com que foi calculada',
          params: IdParams,
          response: { 200: ProposalBody, ...errorResponses(401, 404) },
        },
      },
      async (request) => proposalBody(await getProposal(deps(), actorOf(request), request.params.id)),
    );

    app.put(
      '/api/v1/proposals/:id',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Altera a configuração, recalculada na tabela de preços DA PRÓPRIA proposta',
          description:
            'Uma proposta gravada mantém os preços até ser atualizada explicitamente (/reprice). Alterar uma proposta pronta para contrato a devolve para rascunho; uma cancelada → 409.',
          params: IdParams,
          body: QuoteInputBody,
          response: { 200: ProposalBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        proposalBody(
          await updateProposal(deps(), actorOf(request), request.params.id, request.body, request.ip),
        ),
    );

    app.post(
      '/api/v1/proposals/:id/reprice',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Atualiza os preços para a tabela em vigor hoje',
          description:
            'Se a configuração agora viola uma regra (ex.: abaixo do novo mínimo) responde 422 e nada muda. Uma proposta pronta para contrato volta para rascunho.',
          params: IdParams,
          response: { 200: ProposalBody, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        proposalBody(await repriceProposal(deps(), actorOf(request), request.params.id, request.ip)),
    );

    app.post(
      '/api/v1/proposals/:id/ready',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Marca a proposta como pronta para contrato',
          description: 'Vencida (depois de valid_until) → 422; cancelada → 409.',
          params: IdParams,
          response: { 200: ProposalBody, ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        proposalBody(await markProposalReady(deps(), actorOf(request), request.params.id, request.ip)),
    );

    app.post(
      '/api/v1/proposals/:id/cancel',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'Cancela a proposta (definitivo)',
          params: IdParams,
          response: { 200: ProposalBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) =>
        proposalBody(await cancelProposal(deps(), actorOf(request), request.params.id, request.ip)),
    );

    app.get(
      '/api/v1/proposals/:id/pdf',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: TAGS,
          summary: 'A proposta em PDF, para enviar ao cliente (sem custo Hiper nem repasse)',
          params: IdParams,
          produces: ['application/pdf'],
          response: {
            200: z.any().describe('Arquivo PDF (application/pdf), proposta-<número>.pdf'),
            ...errorResponses(401, 404),
          },
        },
      },
      async (request, reply) => {
        const { filename, bytes } = await proposalDocument(system.deps, actorOf(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .send(Buffer.from(bytes));
      },
    );
  };
}
