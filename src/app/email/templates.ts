import { AppError } from '../shared/errors';

/**
 * The billing e-mails whose subject and body staff may edit (table email_templates; no row = the default
 * below). What a template cannot say — how to pay by the charge's method, the Pix copia e cola, the fine and
 * interest, the card retry dates, the button and the footer — the e-mail adds after the body by itself.
 */
export const EMAIL_TEMPLATE_KEYS = [
  'cobranca_emitida',
  'lembrete_antes',
  'lembrete_vencimento',
  'lembrete_atraso',
  'cartao_recusado',
  'cartao_sem_cadastro',
] as const;
export type EmailTemplateKey = (typeof EMAIL_TEMPLATE_KEYS)[number];

export const isEmailTemplateKey = (key: string): key is EmailTemplateKey =>
  (EMAIL_TEMPLATE_KEYS as readonly string[]).includes(key);

/** The placeholders a template may use, filled when the e-mail is written. */
export const EMAIL_PLACEHOLDERS = [
  'cliente',
  'numero',
  'descricao',
  'valor',
  'vencimento',
  'link',
  'hiperador',
] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];
export type PlaceholderValues = Record<EmailPlaceholder, string>;

export const PLACEHOLDER_LABELS: Record<EmailPlaceholder, string> = {
  cliente: 'Razão social do cliente',
  numero: 'Número da cobrança',
  descricao: 'Descrição da cobrança',
  valor: 'Valor a pagar (R$)',
  vencimento: 'Vencimento (dd/mm/aaaa)',
  link: 'Link da página de pagamento (ou do cadastro do cartão, nos e-mails de cartão)',
  hiperador: 'Nome do Hiperador (revenda) do cliente',
};

export interface EmailTemplateText {
  subject: string;
  /** Paragraphs separated by blank lines; a single line break stays a line break. */
  body: string;
}

export interface EmailTemplateInfo {
  name: string;
  /** When it goes, and what the e-mail adds to the body by itself. */
  description: string;
  defaults: EmailTemplateText;
}

const IGNORE_IF_PAID = 'Se você já pagou, desconsidere este e-mail.';

export const EMAIL_TEMPLATES: Record<EmailTemplateKey, EmailTemplateInfo> = {
  cobranca_emitida: {
    name: 'Nova cobrança (parcela emitida)',
    description:
      'Quando uma cobrança é emitida (ativação, parcela, proporcional de upgrade, cobrança avulsa). Depois do texto vêm as instruções da forma de pagamento, o QR Code e o Pix copia e cola (boleto e Pix), o botão "Ver cobrança e pagar" e o boleto em PDF anexo.',
    defaults: {
      subject: 'Cobrança {{numero}} — {{valor}} — vence em {{vencimento}}',
      body: 'Olá, {{cliente}}.\n\nEmitimos a cobrança {{numero}} — {{descricao}} — no valor de {{valor}}, com vencimento em {{vencimento}}.',
    },
  },
  lembrete_antes: {
    name: 'Lembrete antes do vencimento',
    description:
      'Alguns dias antes do vencimento, se a cobrança não foi paga. Depois do texto vêm o QR Code e o Pix copia e cola, o botão de pagamento e o boleto anexo.',
    defaults: {
      subject: 'Lembrete: a cobrança {{numero}} ({{valor}}) vence em {{vencimento}}',
      body: `Olá, {{cliente}}.\n\nLembramos que a cobrança {{numero}} — {{descricao}} — de {{valor}} vence em {{vencimento}}.\n\n${IGNORE_IF_PAID}`,
    },
  },
  lembrete_vencimento: {
    name: 'Lembrete no dia do vencimento',
    description:
      'No dia do vencimento, se a cobrança não foi paga. Se o vencimento não é dia útil, o e-mail informa até quando pagar sem acréscimos; depois vêm o Pix, o botão e o boleto anexo.',
    defaults: {
      subject: 'A cobrança {{numero}} ({{valor}}) vence hoje',
      body: `Olá, {{cliente}}.\n\nA cobrança {{numero}} — {{descricao}} — de {{valor}} vence hoje.\n\n${IGNORE_IF_PAID}`,
    },
  },
  lembrete_atraso: {
    name: 'Aviso de atraso',
    description:
      'Alguns dias depois do último dia para pagar sem acréscimos. O e-mail informa a multa e os juros configurados; depois vêm o Pix, o botão e o boleto anexo.',
    defaults: {
      subject: 'Cobrança {{numero}} em atraso — vencida em {{vencimento}}',
      body: `Olá, {{cliente}}.\n\nNão identificamos o pagamento da cobrança {{numero}} — {{descricao}} — de {{valor}}, vencida em {{vencimento}}.\n\nO acesso ao Hiper fica bloqueado no dia seguinte ao "liberado até" e é liberado assim que o pagamento é identificado.\n\n${IGNORE_IF_PAID}`,
    },
  },
  cartao_recusado: {
    name: 'Cartão recusado (link para cadastrar outro cartão)',
    description:
      'Quando a cobrança no cartão de crédito é recusada. O e-mail informa a tentativa, o motivo e a data da próxima; {{link}} é o link pessoal do cadastro do cartão (também no botão "Cadastrar o cartão").',
    defaults: {
      subject: 'Cadastre o cartão de crédito — cobrança {{numero}} recusada',
      body: 'Olá, {{cliente}}.\n\nNão conseguimos cobrar {{valor}} (cobrança {{numero}} — {{descricao}}) no cartão de crédito cadastrado.\n\nPara pagar com outro cartão, cadastre-o pelo link abaixo: a cobrança é feita nele na hora.',
    },
  },
  cartao_sem_cadastro: {
    name: 'Cobrança no cartão sem cartão cadastrado',
    description:
      'No vencimento de uma cobrança no cartão quando o cliente ainda não cadastrou o cartão. {{link}} é o link pessoal do cadastro do cartão (também no botão "Cadastrar o cartão").',
    defaults: {
      subject: 'Cadastre o cartão de crédito — cobrança {{numero}}',
      body: 'Olá, {{cliente}}.\n\nA cobrança {{numero}}, de {{valor}}, com vencimento em {{vencimento}}, é paga no cartão de crédito, mas ainda não há cartão cadastrado.\n\nCadastre o cartão pelo link abaixo: a cobrança é feita nele na hora.',
    },
  },
};

/** Sample data for the preview of the editing screen. */
export const SAMPLE_VALUES: PlaceholderValues = {
  cliente: 'Mercadinho Exemplo Ltda',
  numero: 'CB-000123',
  descricao: 'Hiper Gestão — mensalidade 07/2026',
  valor: 'R$ 1.234,56',
  vencimento: '15/07/2026',
  link: 'https://cobrancas.exemplo.com.br/pagar/exemplo',
  hiperador: 'Revenda Exemplo',
};

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

const TOKEN_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a text uses, in order of first use (names as written, without the braces). */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(TOKEN_RE)].map((m) => m[1]!))];
}

/** Replaces every known {{placeholder}} by its value (plain text: the layout escapes the HTML). */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(TOKEN_RE, (whole, name: string) =>
    (EMAIL_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as EmailPlaceholder] : whole,
  );
}

/** The body's paragraphs: separated by blank lines, trimmed, empty ones dropped. */
export function bodyParagraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

const list = EMAIL_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

function checkText(text: string, field: 'subject' | 'body', label: string): void {
  const unknown = placeholdersIn(text).filter(
    (name) => !(EMAIL_PLACEHOLDERS as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    const names = unknown.map((n) => `{{${n}}}`).join(', ');
    throw new AppError(
      'validation_failed',
      `${label}: ${unknown.length === 1 ? 'o marcador' : 'os marcadores'} ${names} não ${
        unknown.length === 1 ? 'existe' : 'existem'
      }. Use ${list}.`,
      field,
      { unknown_placeholders: unknown },
    );
  }
  // What is left after the placeholders must not contain braces: "{{cliente}" or "{cliente}}" are typos.
  if (/\{\{|\}\}/.test(text.replace(TOKEN_RE, ''))) {
    throw new AppError(
      'validation_failed',
      `${label}: há um marcador incompleto — escreva-o entre chaves duplas, como {{cliente}}.`,
      field,
    );
  }
}

/** A template as staff typed it, checked: trimmed, within the sizes, only known placeholders. */
export function validateTemplate(input: EmailTemplateText): EmailTemplateText {
  const subject = input.subject.trim();
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (subject.length === 0)
    throw new AppError('validation_failed', 'Informe o assunto do e-mail.', 'subject');
  if (/\n/.test(subject)) {
    throw new AppError('validation_failed', 'O assunto deve ter uma linha só.', 'subject');
  }
  if (subject.length > SUBJECT_MAX) {
    throw new AppError('validation_failed', `O assunto pode ter até ${SUBJECT_MAX} caracteres.`, 'subject');
  }
  if (body.length === 0) throw new AppError('validation_failed', 'Escreva o texto do e-mail.', 'body');
  if (body.length > BODY_MAX) {
    throw new AppError('validation_failed', `O texto pode ter até ${BODY_MAX} caracteres.`, 'body');
  }
  checkText(subject, 'subject', 'Assunto');
  checkText(body, 'body', 'Texto');
  return { subject, body };
}

/** A template filled with the values: the subject and the body's paragraphs (plain text). */
export function fillTemplate(
  template: EmailTemplateText,
  values: PlaceholderValues,
): { subject: string; paragraphs: string[] } {
  return {
    subject: fillPlaceholders(template.subject, values).replace(/\s+/g, ' ').trim(),
    paragraphs: bodyParagraphs(template.body).map((p) => fillPlaceholders(p, values)),
  };
}

/** A staff-edited template as stored. */
export interface StoredEmailTemplate extends EmailTemplateText {
  key: EmailTemplateKey;
  updatedBy: string | null;
  updatedByEmail: string | null;
  updatedAt: Date;
}

/** Where the e-mails read their templates: the edited text or, with no row, the default. */
export interface EmailTemplateSource {
  resolve(key: EmailTemplateKey): Promise<EmailTemplateText>;
}

/** The staff-edited templates (table email_templates). */
export interface EmailTemplateStore extends EmailTemplateSource {
  list(): Promise<StoredEmailTemplate[]>;
  save(
    key: EmailTemplateKey,
    text: EmailTemplateText,
    userId: string | null,
    at: Date,
  ): Promise<StoredEmailTemplate>;
  /** Deletes the edited text (back to the default); false when there was none. */
  remove(key: EmailTemplateKey): Promise<boolean>;
}

/** The text an e-mail uses: from the source when there is one, else the default. */
export async function templateText(
  source: EmailTemplateSource | undefined,
  key: EmailTemplateKey,
): Promise<EmailTemplateText> {
  return source ? source.resolve(key) : EMAIL_TEMPLATES[key].defaults;
}
