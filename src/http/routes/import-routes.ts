import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  applyClientImport,
  type ImportPreview,
  type ImportPreviewRow,
  previewClientImport,
} from '../../app/imports/import-clients';
import { AppError } from '../../app/shared/errors';
import { BACK_OFFICE } from '../../domain/access/roles';
import { CLIENT_STATUSES } from '../../domain/clients/client-status';
import type { System } from '../../system';
import { actorOf } from '../access';
import { ErrorBody, errorResponses } from '../schemas';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const IssueBody = z.object({
  line: z.number().int().describe('Linha do CSV (o cabeçalho é a linha 1)'),
  column: z.string().nullable().describe('Coluna com problema, quando for o caso'),
  message: z.string(),
});

const RowBody = z.object({
  line: z.number().int(),
  action: z.enum(['criar', 'atualizar', 'sem_alteracao']),
  client_id: z.string().uuid().nullable().describe('O cliente já cadastrado (atualizar / sem alteração)'),
  document: z.string(),
  legal_name: z.string(),
  trade_name: z.string().nullable(),
  reseller: z.object({ id: z.string().uuid(), name: z.string() }),
  product_code: z.string(),
  product_name: z.string(),
  monthly_fee_cents: z.number().int(),
  paid_through: z.string().describe('Liberado até (AAAA-MM-DD)'),
  status: z.enum(CLIENT_STATUSES).nullable().describe('Situação do cliente novo (ativo ou bloqueado)'),
  changes: z.array(z.string()).describe('Atualizar: as colunas que mudam'),
});

const PreviewBody = z.object({
  sha256: z.string().describe('SHA-256 do arquivo enviado'),
  rows: z.array(RowBody),
  errors: z.array(IssueBody),
  summary: z.object({
    criar: z.number().int(),
    atualizar: z.number().int(),
    sem_alteracao: z.number().int(),
  }),
});

const ResultBody = PreviewBody.extend({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

const ImportErrorBody = ErrorBody.extend({
  errors: z.array(IssueBody).optional().describe('Todos os problemas do arquivo, com linha e coluna'),
});

function rowBody(r: ImportPreviewRow): z.infer<typeof RowBody> {
  return {
    line: r.line,
    action: r.action,
    client_id: r.clientId,
    document: r.document,
    legal_name: r.legalName,
    trade_name: r.tradeName,
    reseller: { id: r.resellerId, name: r.resellerName },
    product_code: r.productCode,
    product_name: r.productName,
    monthly_fee_cents: r.monthlyFeeCents,
    paid_through: r.paidThrough,
    status: r.status,
    changes: r.changes,
  };
}

function previewBody(p: ImportPreview): z.infer<typeof PreviewBody> {
  const count = (action: ImportPreviewRow['action']) => p.rows.filter((r) => r.action === action).length;
  return {
    sha256: p.sha256,
    rows: p.rows.map(rowBody),
    errors: p.errors,
    summary: { criar: count('criar'), atualizar: count('atualizar'), sem_alteracao: count('sem_alteracao') },
  };
}

const TAGS = ['Importação de clientes'];
const CSV_DESCRIPTION =
  'Corpo: o arquivo CSV (UTF-8, separador ";" ou ",", com cabeçalho), Content-Type text/csv, até 5 MB. ' +
  'Colunas: cnpj, razao_social, nome_fantasia, email, hiperador, plano, mensalidade, liberado_ate, ' +
  'telefone, cidade, uf, cep, responsavel_nome, responsavel_cpf, responsavel_email.';

export function importRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({ ...system.deps, clock: system.clock });
  return async (app) => {
    // The CSV is the raw body: kept as bytes (its SHA-256 goes to the audit), decoded by the use case.
    app.addContentTypeParser(
      ['text/csv', 'text/plain', 'application/vnd.ms-excel'],
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/v1/imports/clients/preview',
      {
        config: { access: BACK_OFFICE },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: TAGS,
          summary:
            'Pré-visualiza a importação de clientes (CSV): o que seria criado ou atualizado e os erros',
          description: `Administrador e financeiro. Não grava nada. ${CSV_DESCRIPTION}`,
          response: { 200: PreviewBody, ...errorResponses(400, 401, 403, 413) },
        },
      },
      async (request) =>
        previewBody(await previewClientImport(deps(), actorOf(request), bodyBytes(request.body))),
    );

    app.post(
      '/api/v1/imports/clients',
      {
        config: { access: BACK_OFFICE },
        bodyLimit: MAX_IMPORT_BYTES,
        schema: {
          tags: TAGS,
          summary: 'Importa clientes de um CSV (tudo ou nada; reimportar o mesmo arquivo não muda nada)',
          description: `Administrador e financeiro. Com qualquer erro no arquivo responde 422 com a lista de erros e nada é gravado. ${CSV_DESCRIPTION}`,
          response: {
            200: ResultBody,
            422: ImportErrorBody,
            ...errorResponses(400, 401, 403, 409, 413),
          },
        },
      },
      async (request) => {
        const result = await applyClientImport(deps(), actorOf(request), bodyBytes(request.body), request.ip);
        return {
          ...previewBody(result),
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
        };
      },
    );
  };
}

function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new AppError(
    'validation_failed',
    'Envie o arquivo CSV como corpo da requisição, com Content-Type text/csv.',
    'body',
  );
}
