import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BankFileKind, BankFileRecord, BankFileStatus } from '../../app/payments/bank-file-ports';
import { generateRemessa, simulatedRetorno } from '../../app/payments/generate-remessa';
import { getBankFile, importBankReturn } from '../../app/payments/import-bank-return';
import { AppError } from '../../app/shared/errors';
import { BACK_OFFICE } from '../../domain/access/roles';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses, pageBody, pageQuery, pageToJson } from '../schemas';

/** A retorno of 100,000 titles is about 48 MB. */
export const MAX_RETORNO_BYTES = 100 * 1024 * 1024;
const MAX_PAGE_SIZE = 100;

const KINDS = ['remessa', 'retorno', 'extrato'] as const;
const STATUSES = ['gerado', 'processando', 'importado', 'recusado'] as const;

export const BANK_FILE_KIND_LABELS: Record<BankFileKind, string> = {
  remessa: 'Remessa',
  retorno: 'Retorno',
  extrato: 'Extrato',
};
export const BANK_FILE_STATUS_LABELS: Record<BankFileStatus, string> = {
  gerado: 'Gerado',
  processando: 'Processando',
  importado: 'Importado',
  recusado: 'Recusado',
};

const BankFileBody = z.object({
  id: z.string().uuid(),
  kind: z.enum(KINDS),
  kind_label: z.string(),
  status: z.enum(STATUSES),
  status_label: z.string(),
  bank_code: z.string().nullable(),
  sequence: z.number().int().nullable().describe('Remessa: número sequencial do arquivo (NSA)'),
  filename: z.string(),
  sha256: z.string(),
  size_bytes: z.number().int(),
  total_items: z.number().int().describe('Títulos no arquivo'),
  processed_items: z.number().int().describe('Títulos já aplicados (progresso da importação)'),
  summary: z
    .record(z.string(), z.unknown())
    .describe(
      'Remessa: { entries, cancellations, total_cents }. Retorno: { applied, paid_cents, duplicates, registered, ' +
        'rejected, cancelled, fees, fees_cents, other, unmatched, unmatched_items: [{ line, nosso_numero, movement }] }',
    ),
  error: z.string().nullable(),
  created_by_name: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

function fileBody(f: BankFileRecord): z.infer<typeof BankFileBody> {
  return {
    id: f.id,
    kind: f.kind,
    kind_label: BANK_FILE_KIND_LABELS[f.kind],
    status: f.status,
    status_label: BANK_FILE_STATUS_LABELS[f.status],
    bank_code: f.bankCode,
    sequence: f.sequence,
    filename: f.filename,
    sha256: f.sha256,
    size_bytes: f.sizeBytes,
    total_items: f.totalItems,
    processed_items: f.processedItems,
    summary: f.summary,
    error: f.error,
    created_by_name: f.createdByName,
    created_at: f.createdAt.toISOString(),
    finished_at: f.finishedAt?.toISOString() ?? null,
  };
}

const IdParams = z.object({ id: z.string().max(60) });
const TAGS = ['Arquivos bancários (CNAB 240)'];
const RAW_CONTENT_TYPES = ['application/octet-stream', 'text/plain'];

/** `attachment; filename="…"` with only safe characters. */
function disposition(filename: string): string {
  return `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
}

function bodyBytes(body: unknown): Uint8Array {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'latin1');
  throw new AppError(
    'validation_failed',
    'Envie o arquivo de retorno como o corpo da requisição (application/octet-stream).',
    'arquivo',
  );
}

/** Arquivos bancários: CNAB 240 remessas (generate, download) and retornos (import with progress). */
export function bankFileRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({
    ...system.deps,
    clock: system.clock,
    payments: system.config.payments,
    queue: system.queue,
  });
  return async (app) => {
    // The retorno is the raw body, kept as bytes (CNAB is ASCII; the codec reads it as Latin-1).
    app.addContentTypeParser(
      RAW_CONTENT_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_RETORNO_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/v1/bank-files/remessa',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Gera a remessa CNAB 240: registra os boletos emitidos e pede a baixa dos cancelados',
          description:
            'Administrador e financeiro. Entrada (01, segmentos P, Q e R) para cada boleto emitido ainda não ' +
            'enviado; pedido de baixa (02, segmento P) para cada boleto cancelado depois de enviado. Número ' +
            'sequencial (NSA) seguinte do convênio. Nada pendente → 422. Registrado na auditoria.',
          body: z
            .object({
              bank_code: z
                .enum(['001', '756'])
                .optional()
                .describe('Padrão: o banco configurado dos boletos'),
            })
            .nullish(),
          response: {
            201: z.object({
              file: BankFileBody,
              entries: z.number().int(),
              cancellations: z.number().int(),
              total_cents: z.number().int(),
            }),
            ...errorResponses(400, 401, 403, 422),
          },
        },
      },
      async (request, reply) => {
        const result = await generateRemessa(
          deps(),
          actorOf(request),
          { bankCode: request.body?.bank_code },
          request.ip,
        );
        reply.code(201);
        return {
          file: fileBody(result.file),
          entries: result.entries,
          cancellations: result.cancellations,
          total_cents: result.totalCents,
        };
      },
    );

    app.post(
      '/api/v1/bank-files/retorno',
      {
        config: { access: BACK_OFFICE },
        bodyLimit: MAX_RETORNO_BYTES,
        schema: {
          tags: TAGS,
          summary: 'Importa um retorno CNAB 240: aplica pagamentos, registros, rejeições e baixas',
          description:
            'Administrador e financeiro. Corpo: o arquivo (application/octet-stream ou text/plain), até 100 MB. ' +
            'O arquivo é validado por inteiro antes de aplicar qualquer coisa: com erro, 400 com a linha e o ' +
            'campo, e nada muda. O mesmo arquivo de novo (mesmo SHA-256) → o arquivo já importado ' +
            '(duplicate: true), nada muda. A mesma ocorrência em outro arquivo também não é aplicada de novo. ' +
            'Arquivos pequenos → 200, já importados; grandes → 202 com o arquivo em processamento: acompanhe ' +
            'por GET /api/v1/bank-files/:id (processed_items de total_items).',
          querystring: z.object({
            filename: z.string().max(200).optional().describe('Nome do arquivo, para o histórico'),
          }),
          response: {
            200: z.object({ file: BankFileBody, duplicate: z.boolean() }),
            202: z.object({ file: BankFileBody, duplicate: z.boolean() }),
            ...errorResponses(400, 401, 403, 409, 413),
          },
        },
      },
      async (request, reply) => {
        const result = await importBankReturn(
          {
            ...deps(),
            onBackgroundError: (err, fileId) =>
              request.log.error({ err, fileId }, 'importação de retorno interrompida'),
          },
          actorOf(request),
          { filename: request.query.filename ?? 'retorno.ret', content: bodyBytes(request.body) },
          { wait: 'auto' },
          request.ip,
        );
        reply.code(result.file.status === 'processando' ? 202 : 200);
        return { file: fileBody(result.file), duplicate: result.duplicate };
      },
    );

    app.get(
      '/api/v1/bank-files',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Arquivos bancários, dos mais novos para os mais antigos',
          description: 'Sem kind: remessas e retornos (os extratos OFX ficam em /api/v1/statements).',
          querystring: z.object({ kind: z.enum(KINDS).optional(), ...pageQuery(MAX_PAGE_SIZE) }),
          response: { 200: pageBody(BankFileBody), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await system.deps.bankFiles.list({
          kinds: q.kind ? [q.kind] : ['remessa', 'retorno'],
          page: q.page,
          pageSize: q.page_size,
        });
        return pageToJson(page, fileBody);
      },
    );

    app.get(
      '/api/v1/bank-files/:id',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Um arquivo bancário: situação, progresso da importação, resumo e erro',
          params: IdParams,
          response: { 200: BankFileBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) => fileBody(await getBankFile(deps(), request.params.id)),
    );

    app.get(
      '/api/v1/bank-files/:id/download',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'O arquivo em si (remessa para enviar ao banco, ou o retorno importado)',
          params: IdParams,
          produces: ['application/octet-stream'],
          response: { 200: z.any().describe('O arquivo CNAB 240'), ...errorResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const file = await getBankFile(deps(), request.params.id);
        const content = await system.deps.bankFiles.content(file.id);
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', disposition(file.filename))
          .send(Buffer.from(content!));
      },
    );

    app.post(
      '/api/v1/bank-files/:id/simulated-retorno',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Banco simulado (fora de produção): o retorno que o banco enviaria para esta remessa',
          description:
            'Para a demonstração e os testes: cada entrada confirmada (02) e paga no dia pelo valor do título (06), ' +
            'cada pedido de baixa confirmado (09). Devolve o arquivo para baixar; importe-o como um retorno real. ' +
            'Em produção → 422.',
          params: IdParams,
          produces: ['application/octet-stream'],
          response: { 200: z.any().describe('O arquivo de retorno'), ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const result = await simulatedRetorno(
          { ...deps(), production: system.config.env === 'production' },
          actorOf(request),
          request.params.id,
        );
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', disposition(result.filename))
          .send(Buffer.from(result.content));
      },
    );
  };
}
