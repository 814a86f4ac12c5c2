import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import {
  bodyParagraphs,
  EMAIL_TEMPLATE_KEYS,
  EMAIL_TEMPLATES,
  fillTemplate,
  placeholdersIn,
  SAMPLE_VALUES,
  validateTemplate,
} from './templates';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { message: err.message, field: err.field, details: err.details };
    throw err;
  }
  throw new Error('não recusou');
};

describe('e-mail templates', () => {
  it('every default uses only known placeholders and passes its own validation', () => {
    for (const key of EMAIL_TEMPLATE_KEYS) {
      const defaults = EMAIL_TEMPLATES[key].defaults;
      expect(validateTemplate(defaults)).toEqual(defaults);
    }
  });

  it('finds placeholders (spaces inside the braces allowed) and fills them; body paragraphs split at blank lines', () => {
    expect(placeholdersIn('{{cliente}}, {{ valor }} e {{cliente}} {{x}}')).toEqual(['cliente', 'valor', 'x']);
    expect(bodyParagraphs('Olá.\r\n\r\nLinha 1\nLinha 2\n \n\n\nFim.  \n')).toEqual([
      'Olá.',
      'Linha 1\nLinha 2',
      'Fim.',
    ]);
    expect(
      fillTemplate(
        { subject: 'Cobrança {{ numero }}\n— {{valor}}', body: 'Olá, {{cliente}}.\n\n{{hiperador}}' },
        SAMPLE_VALUES,
      ),
    ).toEqual({
      subject: 'Cobrança CB-000123 — R$ 1.234,56',
      paragraphs: ['Olá, Mercadinho Exemplo Ltda.', 'Revenda Exemplo'],
    });
  });

  it('refuses unknown placeholders by name, incomplete ones, an empty or multi-line subject', () => {
    expect(refusal(() => validateTemplate({ subject: '{{numero}} {{total}}', body: 'ok' }))).toEqual({
      message:
        'Assunto: o marcador {{total}} não existe. Use {{cliente}}, {{numero}}, {{descricao}}, {{valor}}, {{vencimento}}, {{link}}, {{hiperador}}.',
      field: 'subject',
      details: { unknown_placeholders: ['total'] },
    });
    expect(refusal(() => validateTemplate({ subject: 'a', body: '{{Cliente}} {{juros}}' })).message).toMatch(
      /^Texto: os marcadores \{\{Cliente\}\}, \{\{juros\}\} não existem\./,
    );
    expect(refusal(() => validateTemplate({ subject: 'a', body: 'Olá {{cliente}' })).message).toBe(
      'Texto: há um marcador incompleto — escreva-o entre chaves duplas, como {{cliente}}.',
    );
    expect(refusal(() => validateTemplate({ subject: '  ', body: 'x' })).field).toBe('subject');
    expect(refusal(() => validateTemplate({ subject: 'a\nb', body: 'x' })).message).toBe(
      'O assunto deve ter uma linha só.',
    );
    expect(refusal(() => validateTemplate({ subject: 'a', body: ' \n ' })).field).toBe('body');
    expect(validateTemplate({ subject: '  Oi  ', body: '\r\nA\r\n\r\nB\r\n' })).toEqual({
      subject: 'Oi',
      body: 'A\n\nB',
    });
  });
});
