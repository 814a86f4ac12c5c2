/**
 * Import of existing Hiper clients (migration into the Central de Cobranças): the CSV format, its parsing
 * and the per-row validation. Pure: no I/O; resellers and existing clients are resolved by the use case.
 */
import { isBrazilianState } from '../addresses/brazilian-states';
import { isValidCnpj, isValidCpf, normalizeDocument } from '../documents/cpf-cnpj';
import { parseBRL } from '../money/money';

export const MAX_IMPORT_ROWS = 5000;

/** The columns of the file: the header names (case- and accent-insensitive), required ones first. */
export const CLIENT_IMPORT_COLUMNS = [
  { name: 'cnpj', required: true, description: 'CNPJ (também alfanumérico) ou CPF do cliente' },
  { name: 'razao_social', required: true, description: 'Razão social (ou nome, para CPF)' },
  { name: 'nome_fantasia', required: false, description: 'Nome fantasia' },
  { name: 'email', required: true, description: 'E-mail principal do cliente' },
  { name: 'hiperador', required: true, description: 'Hiperador atual: CNPJ ou nome exato' },
  { name: 'plano', required: true, description: 'Hiper Mini ou Hiper Gestão' },
  { name: 'mensalidade', required: true, description: 'Mensalidade atual, ex.: 89,90 ou 1.234,56' },
  { name: 'liberado_ate', required: true, description: 'Liberado até (dd/mm/aaaa)' },
  { name: 'telefone', required: false, description: 'Telefone com DDD' },
  { name: 'cidade', required: false, description: 'Cidade (obrigatória para cliente novo)' },
  { name: 'uf', required: false, description: 'UF (obrigatória para cliente novo)' },
  { name: 'cep', required: false, description: 'CEP' },
  { name: 'responsavel_nome', required: false, description: 'Nome do responsável que assina' },
  { name: 'responsavel_cpf', required: false, description: 'CPF do responsável' },
  { name: 'responsavel_email', required: false, description: 'E-mail do responsável' },
] as const;

export type ImportColumn = (typeof CLIENT_IMPORT_COLUMNS)[number]['name'];

/** Other header names accepted for a column. */
const HEADER_ALIASES: Record<string, ImportColumn> = {
  cpf: 'cnpj',
  cnpj_cpf: 'cnpj',
  cpf_cnpj: 'cnpj',
  documento: 'cnpj',
  e_mail: 'email',
  liberado: 'liberado_ate',
  estado: 'uf',
};

/** A problem in the file: the CSV line (header = 1) and the column, when there is one. */
export interface ImportIssue {
  line: number;
  column: string | null;
  message: string;
}

export const PLAN_CODES = ['hiper-mini', 'hiper-gestao'] as const;
export type ImportPlanCode = (typeof PLAN_CODES)[number];
export const PLAN_LABELS: Record<ImportPlanCode, string> = {
  'hiper-mini': 'Hiper Mini',
  'hiper-gestao': 'Hiper Gestão',
};

/** One valid row, normalised (documents without punctuation, dates ISO, money in centavos). */
export interface ImportedClientRow {
  line: number;
  document: string;
  legalName: string;
  tradeName: string | null;
  email: string;
  /** The reseller as written in the file (CNPJ or name); the use case resolves it. */
  resellerReference: string;
  productCode: ImportPlanCode;
  monthlyFeeCents: number;
  /** Liberado até, 'YYYY-MM-DD'. */
  paidThrough: string;
  phone: string | null;
  city: string | null;
  state: string | null;
  cep: string | null;
  responsibleName: string | null;
  responsibleCpf: string | null;
  responsibleEmail: string | null;
}

export interface ClientImportParse {
  rows: ImportedClientRow[];
  errors: ImportIssue[];
}

/** "Linha 3, coluna cnpj: CNPJ inválido (…)." */
export function formatImportIssue(issue: ImportIssue): string {
  return issue.column
    ? `Linha ${issue.line}, coluna ${issue.column}: ${issue.message}`
    : `Linha ${issue.line}: ${issue.message}`;
}

/** 'Razão Social ' → 'razao_social'. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** The separator of the file: ';' (Excel in pt-BR) or ',', whichever the header line uses more. */
export function detectSeparator(headerLine: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/**
 * RFC 4180 records: quoted fields may hold the separator, line breaks and "" for a quote. Each record
 * carries the line it starts on; blank lines are skipped (but counted).
 */
export function parseCsvRecords(
  text: string,
  separator: string,
): { records: CsvRecord[]; errors: ImportIssue[] } {
  const records: CsvRecord[] = [];
  const errors: ImportIssue[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let broken = false;
    for (;;) {
      if (i < n && text[i] === '"' && field === '') {
        // Quoted field.
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        if (!closed) {
          errors.push({ line: start, column: null, message: 'Aspas abertas e não fechadas.' });
          broken = true;
          i = n;
          break;
        }
        if (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
          if (!broken) {
            errors.push({
              line: start,
              column: null,
              message:
                'Aspas mal formadas: depois de fechar as aspas deve vir o separador ou o fim da linha.',
            });
          }
          broken = true;
          // Keep the rest of the field so the record still has its columns.
          while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
        }
      } else {
        while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }
      fields.push(field);
      field = '';
      if (i < n && text[i] === separator) {
        i++;
        continue;
      }
      // End of record.
      if (i < n && text[i] === '\r') i++;
      if (i < n && text[i] === '\n') i++;
      line++;
      break;
    }
    const blank = fields.length === 1 && fields[0]!.trim() === '';
    if (!blank && !broken) records.push({ line: start, fields });
  }
  return { records, errors };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_CHAR = /[\u0000-\u001f\u007f]/;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_PATTERN.test(value);
}

/** 'dd/mm/aaaa' → 'aaaa-mm-dd', or null when it is not a calendar date. */
export function parseDateBR(value: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || year < 1900) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'Hiper Gestão', 'hiper-gestao', 'HIPER GESTAO' → 'hiper-gestao'. */
export function parsePlan(value: string): ImportPlanCode | null {
  const key = normalizeHeader(value).replace(/_/g, '-');
  return (PLAN_CODES as readonly string[]).includes(key) ? (key as ImportPlanCode) : null;
}

function clean(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/g, ' ');
}

/** Parses and validates the whole file; every problem is reported, not only the first. */
export function parseClientImport(input: string): ClientImportParse {
  const text = input.replace(/^\uFEFF/, '');
  const errors: ImportIssue[] = [];
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') {
    return {
      rows: [],
      errors: [
        { line: 1, column: null, message: 'O arquivo está vazio: a primeira linha deve ser o cabeçalho.' },
      ],
    };
  }
  const separator = detectSeparator(firstLine);
  const parsed = parseCsvRecords(text, separator);
  errors.push(...parsed.errors);
  const [header, ...records] = parsed.records;
  if (header?.line !== 1) {
    errors.unshift({ line: 1, column: null, message: 'A primeira linha deve ser o cabeçalho.' });
    return { rows: [], errors };
  }

  // Header: which column is where.
  const position = new Map<ImportColumn, number>();
  const known = new Set<string>(CLIENT_IMPORT_COLUMNS.map((c) => c.name));
  header.fields.forEach((raw, index) => {
    const key = normalizeHeader(raw);
    if (key === '') return;
    const column = (known.has(key) ? key : HEADER_ALIASES[key]) as ImportColumn | undefined;
    if (!column) {
      errors.push({ line: 1, column: raw.trim(), message: 'Coluna desconhecida.' });
    } else if (position.has(column)) {
      errors.push({ line: 1, column, message: 'Coluna repetida no cabeçalho.' });
    } else {
      position.set(column, index);
    }
  });
  for (const c of CLIENT_IMPORT_COLUMNS) {
    if (c.required && !position.has(c.name)) {
      errors.push({ line: 1, column: c.name, message: 'Coluna obrigatória ausente no cabeçalho.' });
    }
  }
  if (errors.some((e) => e.line === 1)) return { rows: [], errors };

  if (records.length === 0) {
    if (errors.length > 0) return { rows: [], errors };
    errors.push({ line: 2, column: null, message: 'O arquivo não tem nenhum cliente depois do cabeçalho.' });
    return { rows: [], errors };
  }
  if (records.length > MAX_IMPORT_ROWS) {
    errors.push({
      line: records[MAX_IMPORT_ROWS]!.line,
      column: null,
      message: `O arquivo tem ${records.length.toLocaleString('pt-BR')} clientes; o máximo por importação é ${MAX_IMPORT_ROWS.toLocaleString('pt-BR')}.`,
    });
    return { rows: [], errors };
  }

  const rows: ImportedClientRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const rowErrors: ImportIssue[] = [];
    const problem = (column: ImportColumn, message: string) => {
      rowErrors.push({ line: record.line, column, message });
    };
    if (record.fields.length !== header.fields.length) {
      errors.push({
        line: record.line,
        column: null,
        message: `A linha tem ${record.fields.length} campos e o cabeçalho tem ${header.fields.length}: confira o separador "${separator}" e as aspas.`,
      });
      continue;
    }
    // A control character (a NUL from a damaged export) is no text a person typed; the database refuses it.
    const controlAt = record.fields.findIndex((f) => CONTROL_CHAR.test(f.replace(/[\t\r\n]/g, ' ')));
    if (controlAt >= 0) {
      errors.push({
        line: record.line,
        column: header.fields[controlAt]?.trim() || null,
        message: 'Caractere de controle (invisível) no campo: o arquivo está corrompido; exporte-o de novo.',
      });
      continue;
    }
    const get = (column: ImportColumn) => {
      const index = position.get(column);
      return index === undefined ? '' : clean(record.fields[index]);
    };
    const optional = (column: ImportColumn) => get(column) || null;

    // cnpj / cpf
    const rawDocument = get('cnpj');
    const document = normalizeDocument(rawDocument);
    if (document === '') problem('cnpj', 'Informe o CNPJ ou CPF.');
    else if (document.length === 14) {
      if (!/^[0-9A-Z]{12}\d{2}$/.test(document))
        problem(
          'cnpj',
          `CNPJ inválido: "${rawDocument}" (use 12 letras ou números e 2 dígitos verificadores).`,
        );
      else if (!isValidCnpj(document)) problem('cnpj', 'CNPJ inválido (dígitos verificadores não conferem).');
    } else if (document.length === 11 && /^\d{11}$/.test(document)) {
      if (!isValidCpf(document)) problem('cnpj', 'CPF inválido (dígitos verificadores não conferem).');
    } else {
      problem('cnpj', `"${rawDocument}" não é um CNPJ (14 caracteres) nem um CPF (11 dígitos).`);
    }
    if (document !== '' && !rowErrors.some((e) => e.column === 'cnpj')) {
      const first = seen.get(document);
      if (first !== undefined) {
        problem(
          'cnpj',
          `${document.length === 11 ? 'CPF' : 'CNPJ'} repetido no arquivo (já aparece na linha ${first}).`,
        );
      } else {
        seen.set(document, record.line);
      }
    }

    const legalName = get('razao_social');
    if (legalName.length < 2 || legalName.length > 200)
      problem('razao_social', 'Informe a razão social (de 2 a 200 caracteres).');
    const tradeName = optional('nome_fantasia');
    if (tradeName && tradeName.length > 200)
      problem('nome_fantasia', 'O nome fantasia deve ter no máximo 200 caracteres.');

    const email = get('email').toLowerCase();
    if (email === '') problem('email', 'Informe o e-mail do cliente.');
    else if (!isEmail(email)) problem('email', `E-mail inválido: "${get('email')}".`);

    const resellerReference = get('hiperador');
    if (resellerReference === '') problem('hiperador', 'Informe o Hiperador atual (CNPJ ou nome).');
    else if (resellerReference.length > 200) problem('hiperador', 'Hiperador: no máximo 200 caracteres.');

    const plan = parsePlan(get('plano'));
    if (!plan) {
      problem(
        'plano',
        get('plano') === ''
          ? 'Informe o plano (Hiper Mini ou Hiper Gestão).'
          : `Plano desconhecido: "${get('plano')}" (use Hiper Mini ou Hiper Gestão).`,
      );
    }

    const rawFee = get('mensalidade');
    const fee = rawFee === '' ? null : parseBRL(rawFee);
    if (rawFee === '') problem('mensalidade', 'Informe a mensalidade atual.');
    else if (fee === null) problem('mensalidade', `Valor inválido: "${rawFee}" (use o formato 1.234,56).`);
    else if (fee <= 0) problem('mensalidade', 'A mensalidade deve ser maior que zero.');

    const rawDate = get('liberado_ate');
    const paidThrough = rawDate === '' ? null : parseDateBR(rawDate);
    if (rawDate === '') problem('liberado_ate', 'Informe a data de liberado até (dd/mm/aaaa).');
    else if (!paidThrough) problem('liberado_ate', `Data inválida: "${rawDate}" (use dd/mm/aaaa).`);

    const phoneText = optional('telefone');
    const phone = phoneText ? phoneText.replace(/\D/g, '') : null;
    if (phone !== null && (phone.length < 10 || phone.length > 11))
      problem('telefone', 'Telefone inválido: informe o DDD e o número (10 ou 11 dígitos).');

    const city = optional('cidade');
    if (city && city.length > 100) problem('cidade', 'A cidade deve ter no máximo 100 caracteres.');
    else if (city && city.length < 2) problem('cidade', 'Cidade inválida.');
    const stateText = optional('uf');
    const state = stateText ? stateText.toUpperCase() : null;
    if (state !== null && !isBrazilianState(state)) problem('uf', `UF inválida: "${stateText}".`);
    const cepText = optional('cep');
    const cep = cepText ? cepText.replace(/\D/g, '') : null;
    if (cep !== null && cep.length !== 8) problem('cep', 'CEP inválido: informe os 8 dígitos.');

    const responsibleName = optional('responsavel_nome');
    if (responsibleName && (responsibleName.length < 3 || responsibleName.length > 200))
      problem('responsavel_nome', 'O nome do responsável deve ter de 3 a 200 caracteres.');
    const cpfText = optional('responsavel_cpf');
    const responsibleCpf = cpfText ? normalizeDocument(cpfText) : null;
    if (responsibleCpf !== null && !isValidCpf(responsibleCpf))
      problem('responsavel_cpf', 'CPF do responsável inválido (dígitos verificadores não conferem).');
    const responsibleEmailText = optional('responsavel_email');
    const responsibleEmail = responsibleEmailText ? responsibleEmailText.toLowerCase() : null;
    if (responsibleEmail !== null && !isEmail(responsibleEmail))
      problem('responsavel_email', `E-mail do responsável inválido: "${responsibleEmailText}".`);

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line: record.line,
      document,
      legalName,
      tradeName,
      email,
      resellerReference,
      productCode: plan!,
      monthlyFeeCents: fee!,
      paidThrough: paidThrough!,
      phone,
      city,
      state,
      cep,
      responsibleName,
      responsibleCpf,
      responsibleEmail,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

/** The example file offered for download in the portal (separator ';', as Excel in pt-BR saves it). */
export const CLIENT_IMPORT_EXAMPLE = [
  'cnpj;razao_social;nome_fantasia;email;hiperador;plano;mensalidade;liberado_ate;telefone;cidade;uf;cep;responsavel_nome;responsavel_cpf;responsavel_email',
  '47.382.916/0001-17;Mercado Exemplo Ltda;Mercado Exemplo;financeiro@mercadoexemplo.com.br;Alfa Automação;Hiper Mini;89,90;31/12/2026;(47) 3333-4444;Blumenau;SC;89010-000;Maria Souza;529.982.247-25;maria@mercadoexemplo.com.br',
  '"5H.X7Q.K2M/0001-07";"Loja ""Boa Compra"" Eireli";;contato@boacompra.com.br;Alfa Automação;Hiper Gestão;1.234,56;15/01/2027;;Joinville;SC;;;;',
].join('\r\n');
