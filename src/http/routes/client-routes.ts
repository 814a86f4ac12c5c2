import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientEvents } from '../../app/clients/client-events';
import { MAX_BILLING_EMAILS } from '../../app/clients/client-fields';
import { createClient } from '../../app/clients/create-client';
import { getClient } from '../../app/clients/get-client';
import { listClients, MAX_PAGE_SIZE } from '../../app/clients/list-clients';
import type { ClientDetail, ClientEvent, ClientSummary } from '../../app/clients/ports';
import { updateClient } from '../../app/clients/update-client';
import { ANY_ROLE } from '../../domain/access/roles';
import { BRAZILIAN_STATES } from '../../domain/addresses/brazilian-states';
import { CLIENT_STATUSES } from '../../domain/clients/client-status';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';

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
  state_registration: z.string().nullable().describe('Inscrição estadual (dígitos) ou ISENTO'),
  billing_emails: z.array(z.string()).describe('E-mails que também recebem as cobranças'),
  responsible: z
    .object({
      name: z.string().nullable(),
      cpf: z.string().nullable().describe('CPF do responsável, sem máscara'),
      email: z.string().nullable(),
    })
    .describe('Responsável pela assinatura dos contratos'),
  activated_on: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const ClientFieldsBody = z.object({
  document: z.string().max(30).describe('CPF ou CNPJ, com ou sem máscara (CNPJ pode ser alfanumérico)'),
  legal_name: z.string().max(250).describe('Razão social (ou nome, para CPF): 2 a 200 caracteres'),
  trade_name: z.string().max(250).nullish().describe('Nome fantasia'),
  email: z.string().max(254).describe('E-mail principal (recebe a proposta e as cobranças)'),
  phone: z.string().max(30).nullish().describe('Telefone com DDD'),
  contact_name: z.string().max(150).nullish().describe('Pessoa de contato'),
  street: z.string().max(250).nullish().describe('Logradouro'),
  number: z.string().max(30).nullish(),
  district: z.string().max(150).nullish().describe('Bairro'),
  city: z.string().max(120),
  state: z
    .string()
    .max(2)
    .describe(`UF: ${BRAZILIAN_STATES.join(', ')}`),
  cep: z.string().max(12).nullish(),
  state_registration: z.string().max(30).nullish().describe('Inscrição estadual (até 14 dígitos) ou ISENTO'),
  billing_emails: z
    .array(z.string().max(254))
    .max(MAX_BILLING_EMAILS * 2)
    .nullish()
    .describe(`Outros e-mails de cobrança (até ${MAX_BILLING_EMAILS})`),
  responsible_name: z.string().max(250).nullish().describe('Responsável pela assinatura: nome completo'),
  responsible_cpf: z.string().max(20).nullish().describe('Responsável pela assinatura: CPF'),
  responsible_email: z.string().max(254).nullish().describe('Responsável pela assinatura: e-mail'),
});

const ClientEventBody = z.object({
  id: z.string().uuid(),
  at: z.string(),
  actor_email: z.string().nullable(),
  action: z.string().describe('Ex.: client.created, client.updated, proposal.ready, contract.issued'),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

function eventBody(e: ClientEvent): z.infer<typeof ClientEventBody> {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor_email: e.actorEmail,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    details: e.details,
  };
}

const CreateClientBody = ClientFieldsBody.extend({
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
    state_registration: c.stateRegistration,
    billing_emails: c.billingEmails,
    responsible: { name: c.responsibleName, cpf: c.responsibleCpf, email: c.responsibleEmail },
    activated_on: c.activatedOn,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
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
            ...pageQuery(MAX_PAGE_SIZE),
          }),
          response: {
            200: pageBody(ClientSummaryBody),
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
        return pageToJson(result, summaryBody);
      },
    );

    app.post(
      '/api/v1/clients',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Clientes'],
          summary: 'Cadastra um cliente (status prospect até a emissão do contrato)',
          description:
            'Um Hiperador cadastra para a própria revenda (outro `reseller_id` → 403); a equipe Hiper informa `reseller_id` de um Hiperador que pode ver (senão 404). CPF/CNPJ com dígitos errados → 400 no campo `document`. Um CPF/CNPJ é cliente de um só Hiperador em todo o sistema: duplicado → 409 (a equipe Hiper vê quem o tem; outro Hiperador, só que já está cadastrado).',
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

    app.put(
      '/api/v1/clients/:id',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Clientes'],
          summary: 'Edita os dados cadastrais de um cliente (campos omitidos ficam como estão)',
          description:
            'Mesmas regras do cadastro (campo com problema em `field`). Cliente de outro Hiperador → 404. O CPF/CNPJ não muda depois de emitido um contrato (422); duplicado → 409.',
          params: z.object({ id: z.string().max(60) }),
          body: ClientFieldsBody.partial(),
          response: { 200: ClientDetailBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        detailBody(
          await updateClient(system.deps, actorOf(request), request.params.id, request.body, request.ip),
        ),
    );

    app.get(
      '/api/v1/clients/:id/events',
      {
        config: { access: ANY_ROLE },
        schema: {
          tags: ['Clientes'],
          summary:
            'Eventos (trilha de auditoria) do cliente, das suas propostas e contratos — mais novos primeiro',
          params: z.object({ id: z.string().max(60) }),
          response: { 200: z.object({ items: z.array(ClientEventBody) }), ...errorResponses(401, 404) },
        },
      },
      async (request) => ({
        items: (await clientEvents(system.deps, actorOf(request), request.params.id)).map(eventBody),
      }),
    );
  };
}
