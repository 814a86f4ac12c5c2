import { describe, expect, it } from 'vitest';
import { cnpjCheckDigits } from '../documents/cpf-cnpj';
import {
  CLIENT_IMPORT_EXAMPLE,
  formatImportIssue,
  MAX_IMPORT_ROWS,
  normalizeHeader,
  parseClientImport,
  parseDateBR,
  parsePlan,
} from './client-import';

const HEADER = 'cnpj;razao_social;email;hiperador;plano;mensalidade;liberado_ate';
const A = '11.222.333/0001-81';
const ALNUM = `12ABC34501DE${cnpjCheckDigits('12ABC34501DE')}`;
const row = (doc = A, extra: Partial<Record<string, string>> = {}) =>
  [
    doc,
    extra.razao ?? 'Mercado Exemplo Ltda',
    extra.email ?? 'contato@mercado.example',
    extra.hiperador ?? 'Alfa Automação',
    extra.plano ?? 'Hiper Mini',
    extra.mensalidade ?? '89,90',
    extra.liberado ?? '31/12/2026',
  ].join(';');

const messages = (text: string) => parseClientImport(text).errors.map(formatImportIssue);

describe('client import CSV', () => {
  it('parses a ; file with a BOM, CRLF and pt-BR values', () => {
    const { rows, errors } = parseClientImport(
      `\uFEFF${HEADER}\r\n${row()}\r\n${row(ALNUM, { plano: 'hiper-gestao', mensalidade: '1.234,56' })}\r\n`,
    );
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      line: 2,
      document: '11222333000181',
      legalName: 'Mercado Exemplo Ltda',
      email: 'contato@mercado.example',
      resellerReference: 'Alfa Automação',
      productCode: 'hiper-mini',
      monthlyFeeCents: 8990,
      paidThrough: '2026-12-31',
      tradeName: null,
      city: null,
    });
    expect(rows[1]).toMatchObject({
      line: 3,
      document: ALNUM,
      productCode: 'hiper-gestao',
      monthlyFeeCents: 123456,
    });
  });

  it('detects the , separator and honours quoted fields with separators, "" and line breaks', () => {
    const text = [
      'CNPJ,Razão Social,Nome Fantasia,E-mail,Hiperador,Plano,Mensalidade,Liberado até',
      `"${A}","Loja ""Boa Compra"", filial","Boa
Compra",a@b.example,Beta Sistemas,Hiper Gestão,"1.234,56",01/02/2027`,
      `${ALNUM},Outra Loja,,c@d.example,28.374.651/0001-00,HIPER MINI,"89,9",1/3/2027`,
    ].join('\n');
    const { rows, errors } = parseClientImport(text);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      line: 2,
      legalName: 'Loja "Boa Compra", filial',
      tradeName: 'Boa Compra',
      monthlyFeeCents: 123456,
      paidThrough: '2027-02-01',
    });
    // The quoted line break makes the next record start on line 4.
    expect(rows[1]).toMatchObject({
      line: 4,
      monthlyFeeCents: 8990,
      paidThrough: '2027-03-01',
      tradeName: null,
    });
  });

  it('names line and column of every problem, in Portuguese', () => {
    const text = [
      HEADER,
      row('11.222.333/0001-82'),
      row('529.982.247-24'),
      row('123'),
      row(A, { email: 'sem-arroba', plano: 'Hiper Max', mensalidade: '12,3,4', liberado: '31/02/2026' }),
      row(ALNUM, { razao: '', hiperador: '', mensalidade: '0,00', liberado: '' }),
    ].join('\n');
    expect(messages(text)).toEqual([
      'Linha 2, coluna cnpj: CNPJ inválido (dígitos verificadores não conferem).',
      'Linha 3, coluna cnpj: CPF inválido (dígitos verificadores não conferem).',
      'Linha 4, coluna cnpj: "123" não é um CNPJ (14 caracteres) nem um CPF (11 dígitos).',
      'Linha 5, coluna email: E-mail inválido: "sem-arroba".',
      'Linha 5, coluna plano: Plano desconhecido: "Hiper Max" (use Hiper Mini ou Hiper Gestão).',
      'Linha 5, coluna mensalidade: Valor inválido: "12,3,4" (use o formato 1.234,56).',
      'Linha 5, coluna liberado_ate: Data inválida: "31/02/2026" (use dd/mm/aaaa).',
      'Linha 6, coluna razao_social: Informe a razão social (de 2 a 200 caracteres).',
      'Linha 6, coluna hiperador: Informe o Hiperador atual (CNPJ ou nome).',
      'Linha 6, coluna mensalidade: A mensalidade deve ser maior que zero.',
      'Linha 6, coluna liberado_ate: Informe a data de liberado até (dd/mm/aaaa).',
    ]);
    expect(parseClientImport(text).rows).toHaveLength(0);
  });

  it('validates the optional columns', () => {
    const text = [
      `${HEADER};telefone;cidade;uf;cep;responsavel_nome;responsavel_cpf;responsavel_email`,
      `${row()};123;Blumenau;XX;8901;Jo;111.111.111-11;joana@`,
      `${row(ALNUM)};(47) 3333-4444;Blumenau;sc;89010-000;Joana Alves;529.982.247-25;Joana@Empresa.example`,
    ].join('\n');
    const parsed = parseClientImport(text);
    expect(parsed.errors.map(formatImportIssue)).toEqual([
      'Linha 2, coluna telefone: Telefone inválido: informe o DDD e o número (10 ou 11 dígitos).',
      'Linha 2, coluna uf: UF inválida: "XX".',
      'Linha 2, coluna cep: CEP inválido: informe os 8 dígitos.',
      'Linha 2, coluna responsavel_nome: O nome do responsável deve ter de 3 a 200 caracteres.',
      'Linha 2, coluna responsavel_cpf: CPF do responsável inválido (dígitos verificadores não conferem).',
      'Linha 2, coluna responsavel_email: E-mail do responsável inválido: "joana@".',
    ]);
    expect(parsed.rows[0]).toMatchObject({
      line: 3,
      phone: '4733334444',
      state: 'SC',
      cep: '89010000',
      responsibleCpf: '52998224725',
      responsibleEmail: 'joana@empresa.example',
    });
  });

  it('reports a duplicate CNPJ on the second line, whatever its mask', () => {
    const text = [HEADER, row(A), row(ALNUM), row('11222333000181')].join('\n');
    expect(messages(text)).toEqual([
      'Linha 4, coluna cnpj: CNPJ repetido no arquivo (já aparece na linha 2).',
    ]);
  });

  it('checks the header: required, unknown and repeated columns', () => {
    expect(messages('cnpj;razao_social;email;plano;mensalidade;liberado_ate;cor\n')).toEqual([
      'Linha 1, coluna cor: Coluna desconhecida.',
      'Linha 1, coluna hiperador: Coluna obrigatória ausente no cabeçalho.',
    ]);
    expect(messages(`${HEADER};CPF\n${row()};1`)).toEqual([
      'Linha 1, coluna cnpj: Coluna repetida no cabeçalho.',
    ]);
    expect(messages('')).toEqual(['Linha 1: O arquivo está vazio: a primeira linha deve ser o cabeçalho.']);
    expect(messages(`${HEADER}\n\n`)).toEqual([
      'Linha 2: O arquivo não tem nenhum cliente depois do cabeçalho.',
    ]);
  });

  it('refuses malformed records: field count and quotes', () => {
    expect(messages(`${HEADER}\n${row()};extra\n\n${row(ALNUM)}`)).toEqual([
      'Linha 2: A linha tem 8 campos e o cabeçalho tem 7: confira o separador ";" e as aspas.',
    ]);
    expect(messages(`${HEADER}\n"${A}"x;${row().split(';').slice(1).join(';')}`)).toEqual([
      'Linha 2: Aspas mal formadas: depois de fechar as aspas deve vir o separador ou o fim da linha.',
    ]);
    expect(messages(`${HEADER}\n${row()}\n"${A};sem fim`)).toEqual([
      'Linha 3: Aspas abertas e não fechadas.',
    ]);
  });

  it('skips blank lines but keeps counting them', () => {
    const parsed = parseClientImport(`${HEADER}\n\n${row()}\n   \n${row(ALNUM, { email: 'x' })}`);
    expect(parsed.rows.map((r) => r.line)).toEqual([3]);
    expect(parsed.errors.map(formatImportIssue)).toEqual(['Linha 5, coluna email: E-mail inválido: "x".']);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} clients`, () => {
    const lines = [HEADER];
    for (let i = 0; i < MAX_IMPORT_ROWS + 1; i++) {
      const base = `${String(10_000_000 + i).padStart(8, '0')}0001`;
      lines.push(row(base + cnpjCheckDigits(base)));
    }
    expect(messages(lines.join('\n'))).toEqual([
      'Linha 5002: O arquivo tem 5.001 clientes; o máximo por importação é 5.000.',
    ]);
  });

  it('parses the example file offered in the portal', () => {
    const parsed = parseClientImport(CLIENT_IMPORT_EXAMPLE);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.rows[1]).toMatchObject({
      legalName: 'Loja "Boa Compra" Eireli',
      productCode: 'hiper-gestao',
    });
  });

  it('helpers: headers, plans and dates', () => {
    expect(normalizeHeader(' Liberado Até ')).toBe('liberado_ate');
    expect(normalizeHeader('Razão Social')).toBe('razao_social');
    expect(parsePlan('Hiper Gestão')).toBe('hiper-gestao');
    expect(parsePlan('hiper-mini')).toBe('hiper-mini');
    expect(parsePlan('mini')).toBeNull();
    expect(parseDateBR('29/02/2028')).toBe('2028-02-29');
    expect(parseDateBR('29/02/2027')).toBeNull();
    expect(parseDateBR('2027-01-01')).toBeNull();
  });
});
