import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createClient } from '../../app/clients/create-client';
import { getClient } from '../../app/clients/get-client';
import { listClients, MAX_PAGE_SIZE } from '../../app/clients/list-clients';
import type { ClientDetail, ClientSummary } from '../../app/clients/ports';
import { ANY_ROLE } from '../../domain/access/roles';
import { BRAZILIAN_STATES } from '../../domain/addresses/brazilian-states';
import { CLIENT_STATUSES } from '../../domain/clients/client-status';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const ClientSummaryBody = z.object({
  id: z.string().uuid(),
  legal_name: z.string(),
  trade_name: z.string().nullable(),
  document: z.string().describe('CPF ou CNPJ sem máscara (CNPJ pode ser alfanumérico)'),
  city: z.string(),
  state: z.string(),
  status: z.enum(CLIENT_STATUSES),
  product_code: z.string().nullable(),
  reseller: z.object({ id: z.string().uuid(), name: z.string() }),
  monthly_fee_cents: z.number().int().nullable().describe('Mensalidade em centavos'),
  repasse_cents: z.number().int().nullable().describe('Repasse mensal ao Hiperador, em centavos'),
  paid_through: z.string().nullable().describe('Liberado até (data, AAAA-MM-DD)'),
});

const ClientDetailBody = ClientSummaryBody.extend({
  email: z.string(),
  phone: z.string().nullable(),
  contact_name: z.string().nullable(),
  address: z.object({
    street: z.string().nullable(),
    number: z.string().nullable(),
    district: z.string().nullable(),
    city: z.string(),
    state: z.string(),
    cep: z.string().nullable(),
  }),
  activated_on: z.string().nullable(),
  created_at: z.string(),
});

const CreateClientBody = z.object({
  document: z.string().max(30).describe('CPF ou CNPJ, com ou sem máscara (CNPJ pode ser alfanumérico)'),
  legal_name: z.string().max(250).describe('Razão social (ou nome, para CPF): 2 a 200 caracteres'),
  trade_name: z.string().max(250).nullish().describe('Nome fantasia'),
  email: z.string().max(254),
  phone: z.string().max(30).nullish().describe('Telefone com DDD'),
  city: z.string().max(120),
  state: z
    .string()
    .max(2)
    .describe(`UF: ${BRAZILIAN_STATES.join(', ')}`),
  cep: z.string().max(12).nullish(),
  reseller_id: z
    .string()
    .max(60)
    .nullish()
    .describe('Hiperador do cliente: obrigatório para a equipe Hiper; um Hiperador cadastra sempre para si'),
});

function summaryBody(c: ClientSummary): z.infer<typeof ClientSummaryBody> {
  return {
    id: c.id,
    legal_name: c.legalName,
    trade_name: c.tradeName,
    document: c.document,
    city: c.city,
    state: c.state,
    status: c.status,
    product_code: c.productCode,
    reseller: { id: c.resellerId, name: c.resellerName },
    monthly_fee_cents: c.monthlyFeeCents,
    repasse_cents: c.repasseCents,
    paid_through: c.paidThrough,
  };
}

function detailBody(c: ClientDetail): z.infer<typeof ClientDetailBody> {
  return {
    ...summaryBody(c),
    email: c.email,
    phone: c.phone,
    contact_name: c.contactName,
    address: {
      street: c.street,
      number: c.number,
      district: c.district,
      city: c.city,
      state: c.state,
      cep: c.cep,
    },
    activated_on: c.activatedOn,
    created_at: c.createdAt.toISOString(),
  };
}

export function clientRoutes(system: System): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/clients',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Clientes'],
          summary: 'Clientes visíveis para quem chama (paginado, busca por nome ou CPF/CNPJ)',
          querystring: z.object({
            q: z.string().max(100).optional().describe('Parte do nome, nome fantasia ou CPF/CNPJ'),
            status: z.enum(CLIENT_STATUSES).optional(),
            page: z.coerce.number().int().min(1).default(1),
            page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
          }),
          response: {
            200: z.object({
              items: z.array(ClientSummaryBody),
              total: z.number().int(),
              page: z.number().int(),
              page_size: z.number().int(),
            }),
            ...errorResponses(400, 401),
          },
        },
      },
      async (request) => {
        const result = await listClients(system.deps, actorOf(request), {
          search: request.query.q,
          status: request.query.status,
          page: request.query.page,
          pageSize: request.query.page_size,
        });
        return {
          items: result.items.map(summaryBody),
          total: result.total,
          page: result.page,
          page_size: result.pageSize,
        };
      },
    );

    app.post(
      '/api/v1/clients',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Clientes'],
          summary: 'Cadastra um cliente (status aguardando contrato)',
          description:
            'Um Hiperador cadastra para a própria revenda (outro `reseller_id` → 403); a equipe Hiper informa `reseller_id` de um Hiperador que pode ver (senão 404). CPF/CNPJ com dígitos errados → 400 no campo `document`; CPF/CNPJ que já é cliente desse Hiperador → 409.',
          body: CreateClientBody,
          response: { 201: ClientDetailBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const client = await createClient(system.deps, actorOf(request), request.body, request.ip);
        return reply.code(201).send(detailBody(client));
      },
    );

    app.get(
      '/api/v1/clients/:id',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Clientes'],
          summary: 'Um cliente (404 se não existir ou for de outro Hiperador)',
          params: z.object({ id: z.string() }),
          response: { 200: ClientDetailBody, ...errorResponses(401, 404) },
        },
      },
      async (request) => detailBody(await getClient(system.deps, actorOf(request), request.params.id)),
    );
  };
}
