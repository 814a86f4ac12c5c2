import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pixQrPng } from '../../adapters/email/attachment-renderer';
import { renderEmail } from '../../adapters/email/email-layout';
import type { TemplatePreview } from '../../app/billing/billing-emails';
import {
  type EmailTemplateView,
  listEmailTemplates,
  previewEmailTemplate,
  restoreEmailTemplate,
  saveEmailTemplate,
} from '../../app/email/email-template-admin';
import { EMAIL_PLACEHOLDERS, PLACEHOLDER_LABELS } from '../../app/email/templates';
import { BACK_OFFICE } from '../../domain/access/roles';
import type { System } from '../../system';
import { actorOf } from '../access';
import { errorResponses } from '../schemas';

const TextBody = z.object({ subject: z.string(), body: z.string() });

const TemplateBody = z.object({
  key: z
    .string()
    .describe(
      'cobranca_emitida, lembrete_antes, lembrete_vencimento, lembrete_atraso, cartao_recusado, cartao_sem_cadastro',
    ),
  name: z.string(),
  description: z.string().describe('Quando o e-mail vai e o que ele acrescenta ao texto por conta própria'),
  subject: z.string(),
  body: z.string().describe('Parágrafos separados por uma linha em branco'),
  customized: z.boolean().describe('true: texto editado pela equipe; false: o texto padrão'),
  defaults: TextBody,
  updated_by_email: z.string().nullable(),
  updated_at: z.string().nullable(),
});

const ListBody = z.object({
  items: z.array(TemplateBody),
  placeholders: z.array(z.object({ name: z.string(), label: z.string() })),
});

const PreviewBody = z.object({ subject: z.string(), html: z.string(), text: z.string() });

const KeyParams = z.object({ key: z.string().max(60) });
const EditBody = z.object({
  subject: z.string().max(1000).describe('Assunto (uma linha, até 200 caracteres)'),
  body: z
    .string()
    .max(20000)
    .describe('Texto: parágrafos separados por uma linha em branco (até 5.000 caracteres)'),
});
const TAGS = ['Modelos de e-mail'];

function templateBody(t: EmailTemplateView): z.infer<typeof TemplateBody> {
  return {
    key: t.key,
    name: t.name,
    description: t.description,
    subject: t.subject,
    body: t.body,
    customized: t.customized,
    defaults: t.defaults,
    updated_by_email: t.updatedByEmail,
    updated_at: t.updatedAt?.toISOString() ?? null,
  };
}

/** The placeholders, for the editing screen. */
const placeholders = EMAIL_PLACEHOLDERS.map((name) => ({ name, label: PLACEHOLDER_LABELS[name] }));

export function emailTemplateRoutes(system: System): FastifyPluginAsyncZod {
  const deps = () => ({ ...system.deps, clock: system.clock });
  return async (app) => {
    app.get(
      '/api/v1/email-templates',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Modelos dos e-mails de cobrança: o texto em uso e o padrão de cada um',
          description:
            'Administrador e financeiro. Marcadores: {{cliente}}, {{numero}}, {{descricao}}, {{valor}}, {{vencimento}}, {{link}}, {{hiperador}}.',
          response: { 200: ListBody, ...errorResponses(401, 403) },
        },
      },
      async (request) => ({
        items: (await listEmailTemplates(deps(), actorOf(request))).map(templateBody),
        placeholders,
      }),
    );

    app.put(
      '/api/v1/email-templates/:key',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Grava o assunto e o texto de um modelo; os próximos e-mails desse tipo usam o novo texto',
          description:
            'Marcador desconhecido → 400 com o nome dele (details.unknown_placeholders). Registrado na auditoria (email_template.updated).',
          params: KeyParams,
          body: EditBody,
          response: { 200: TemplateBody, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        templateBody(
          await saveEmailTemplate(deps(), actorOf(request), request.params.key, request.body, request.ip),
        ),
    );

    app.post(
      '/api/v1/email-templates/:key/restore',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Volta o modelo ao texto padrão',
          description: 'Registrado na auditoria (email_template.restored).',
          params: KeyParams,
          response: { 200: TemplateBody, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) =>
        templateBody(await restoreEmailTemplate(deps(), actorOf(request), request.params.key, request.ip)),
    );

    app.post(
      '/api/v1/email-templates/:key/preview',
      {
        config: { access: BACK_OFFICE },
        schema: {
          tags: TAGS,
          summary: 'Prévia do e-mail com dados de exemplo (nada é gravado)',
          description:
            'O HTML traz o QR Code Pix de exemplo embutido (data:image/png), no lugar da imagem anexa do e-mail real.',
          params: KeyParams,
          body: EditBody,
          response: { 200: PreviewBody, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const preview = previewEmailTemplate(
          {
            renderEmail,
            publicUrl: system.config.publicUrl,
            linkSecret: system.config.sessionSecret,
            payments: system.config.payments,
          },
          actorOf(request),
          request.params.key,
          request.body,
        );
        return { subject: preview.subject, html: await inlinePixImage(preview), text: preview.text };
      },
    );
  };
}

/** In the preview the QR cannot be a cid: attachment: it goes in the HTML as a data: URL of the same PNG. */
async function inlinePixImage(preview: TemplatePreview): Promise<string> {
  if (!preview.pix) return preview.html;
  const png = Buffer.from(await pixQrPng(preview.pix.payload)).toString('base64');
  return preview.html.replaceAll(`cid:${preview.pix.imageCid}`, `data:image/png;base64,${png}`);
}
