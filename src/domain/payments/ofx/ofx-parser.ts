import type { Cents } from '../../money/money';

/**
 * OFX bank statements (Open Financial Exchange): 1.0x SGML with its `KEY:VALUE` header (what Brazilian
 * banks mostly export: `CHARSET:1252`, leaf tags left unclosed, latin1 bytes in the memos) and 2.x XML.
 *
 * Reference: OFX Specification 1.0.2 (ofx.net), ch. 2 "Structure" (headers, SGML, elements that may omit
 * their end tag), §3.2.8 dates (`YYYYMMDDHHMMSS.XXX[gmt offset:tz name]`), §3.2.9 amounts (a period or a
 * comma as decimal point), ch. 11 banking (STMTRS, BANKACCTFROM, BANKTRANLIST, STMTTRN); OFX 2.x
 * (`<?xml …?><?OFX OFXHEADER="200" …?>`, every element closed).
 */

export interface OfxAccount {
  /** BANKID as the bank writes it; a numeric code is normalised to 3 digits ('0341' → '341', '1' → '001'). */
  bankId: string;
  branchId: string | null;
  accountId: string;
  /** ACCTTYPE: CHECKING, SAVINGS, MONEYMRKT, CREDITLINE (null when the bank leaves it out). */
  type: string | null;
}

export interface OfxTransaction {
  /** TRNTYPE: CREDIT, DEBIT, DEP, XFER, PAYMENT, OTHER… ('OTHER' when absent). */
  type: string;
  /** The posting date as the bank writes it (its business date), 'YYYY-MM-DD'. */
  postedOn: string;
  /** Signed: credits are positive, debits negative. */
  amountCents: Cents;
  fitid: string;
  memo: string | null;
  name: string | null;
  checkNum: string | null;
}

export interface OfxStatement {
  account: OfxAccount;
  /** CURDEF (ISO 4217), 'BRL' when the bank leaves it out. */
  currency: string;
  /** DTSTART / DTEND of the transaction list ('YYYY-MM-DD'), null without a list. */
  start: string | null;
  end: string | null;
  transactions: OfxTransaction[];
}

/** A file that is not a usable OFX statement; the message (pt-BR) names what and where. */
export class OfxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfxError';
  }
}

// ---------------------------------------------------------------- decoding

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasHighBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/**
 * Windows-1252 bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ; 0 = undefined).
 * Decoded by hand: Node's TextDecoder('windows-1252') reads these bytes as C1 controls (ISO-8859-1).
 */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const codes = Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decodeWith(label: string, bytes: Uint8Array, fatal = false): string {
  if (label === 'windows-1252') return decodeCp1252(bytes);
  return new TextDecoder(label, { fatal }).decode(bytes);
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return decodeWith('utf-8', bytes, true);
  } catch {
    return null;
  }
}

/** Windows-1252 is the superset banks mean by "1252", "ISO-8859-1", "8859-1" or "USASCII" with accents. */
const LATIN1_LABELS = new Set([
  '1252',
  'CP1252',
  'WINDOWS-1252',
  'ISO-8859-1',
  '8859-1',
  'ISO8859-1',
  'LATIN1',
]);

/**
 * Latin1 bytes can happen to form valid UTF-8 (e.g. "Õº" = D5 BA is U+057A): a re-encoded Brazilian export is
 * only believed to be UTF-8 when every character it decodes to is one such a file can hold (Latin-1, Latin
 * Extended-A, general punctuation, €).
 */
function plausibleUtf8(bytes: Uint8Array): string | null {
  const text = tryUtf8(bytes);
  if (text === null) return null;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp > 0x17f && !(cp >= 0x2000 && cp <= 0x206f) && cp !== 0x20ac) return null;
  }
  return text;
}

/**
 * Decodes by what the header declares. A file declared latin1/1252/US-ASCII whose bytes are nevertheless
 * valid UTF-8 with accents (some bank exports re-encode without fixing the header) is read as UTF-8 when
 * what it decodes to is plausible text (see plausibleUtf8), so a true latin1 file is not garbled.
 */
function decodeDeclared(bytes: Uint8Array, declared: string | null): string {
  const label = (declared ?? '').trim().toUpperCase();
  if (label === 'UTF-8' || label === 'UTF8' || label === 'UNICODE') {
    return tryUtf8(bytes) ?? decodeWith('windows-1252', bytes);
  }
  if (
    label === '' ||
    label === 'NONE' ||
    label === 'USASCII' ||
    label === 'US-ASCII' ||
    LATIN1_LABELS.has(label)
  ) {
    if (hasHighBytes(bytes)) return plausibleUtf8(bytes) ?? decodeWith('windows-1252', bytes);
    return decodeWith('windows-1252', bytes);
  }
  try {
    return decodeWith(label.toLowerCase(), bytes);
  } catch {
    throw new OfxError(`Codificação de caracteres não suportada no cabeçalho do OFX: "${declared}".`);
  }
}

interface DecodedOfx {
  version: '1' | '2';
  /** The text from the first tag on (the header removed). */
  body: string;
}

function decodeOfx(input: Uint8Array): DecodedOfx {
  let bytes = input;
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(3);
  // The header is ASCII in every version: read it byte for byte before choosing the body's charset.
  const head = decodeWith('windows-1252', bytes.subarray(0, 4096)).replace(/^\s+/, '');

  if (/^<\?xml/i.test(head)) {
    const encoding = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1] ?? 'UTF-8';
    const text = decodeDeclared(bytes, encoding);
    if (!/<\?OFX\b/i.test(text.slice(0, 4096)) && !/<OFX>/i.test(text)) throw notOfx();
    return { version: '2', body: text.slice(text.indexOf('<')) };
  }

  if (/^OFXHEADER\s*:/i.test(head)) {
    const fields = new Map<string, string>();
    for (const line of head
      .slice(0, head.indexOf('<') < 0 ? head.length : head.indexOf('<'))
      .split(/\r\n|\r|\n/)) {
      const m = /^\s*([A-Z]+)\s*:\s*(.*?)\s*$/i.exec(line);
      if (m) fields.set(m[1]!.toUpperCase(), m[2]!);
    }
    if (fields.has('DATA') && fields.get('DATA')!.toUpperCase() !== 'OFXSGML') {
      throw new OfxError(`Cabeçalho do OFX com DATA:${fields.get('DATA')} (esperado OFXSGML).`);
    }
    const encoding = fields.get('ENCODING') ?? '';
    const charset = fields.get('CHARSET') ?? '';
    const declared = /^(UTF-?8|UNICODE)$/i.test(encoding) ? 'UTF-8' : charset || encoding;
    const text = decodeDeclared(bytes, declared);
    const start = text.search(/<OFX>/i);
    if (start < 0) throw new OfxError('O arquivo tem o cabeçalho do OFX, mas não o elemento <OFX>.');
    return { version: '1', body: text.slice(start) };
  }

  // No header at all: some exports start right at <OFX>.
  const text = decodeDeclared(bytes, null);
  const start = text.search(/<OFX>/i);
  if (start < 0 || text.slice(0, start).trim() !== '') throw notOfx();
  return { version: '1', body: text.slice(start) };
}

function notOfx(): OfxError {
  return new OfxError(
    'O arquivo não é um extrato OFX (não começa pelo cabeçalho OFXHEADER, por <?xml … ?> nem por <OFX>).',
  );
}

// ---------------------------------------------------------------- SGML / XML tree

interface OfxNode {
  name: string;
  /** A leaf's text (entities decoded, trimmed); null for an aggregate. */
  value: string | null;
  children: OfxNode[];
}

/** Elements that are always leaves (data), even when the bank writes them empty. */
const LEAF_ELEMENTS = new Set([
  'TRNTYPE',
  'DTPOSTED',
  'DTUSER',
  'DTAVAIL',
  'TRNAMT',
  'FITID',
  'CORRECTFITID',
  'CORRECTACTION',
  'SRVRTID',
  'CHECKNUM',
  'REFNUM',
  'SIC',
  'PAYEEID',
  'NAME',
  'MEMO',
  'CURDEF',
  'BANKID',
  'BRANCHID',
  'ACCTID',
  'ACCTTYPE',
  'ACCTKEY',
  'DTSTART',
  'DTEND',
  'BALAMT',
  'DTASOF',
  'CODE',
  'SEVERITY',
  'MESSAGE',
  'DTSERVER',
  'LANGUAGE',
  'TRNUID',
]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

interface Token {
  kind: 'start' | 'end';
  name: string;
  /** Text right after this tag, up to the next one. */
  text: string;
}

/** Where the next tag is: `inner` is what lies between its `<` and `>` (a CDATA or comment whole). */
interface TagMatch {
  index: number;
  end: number;
  inner: string;
}

/**
 * Scans for tags in one pass (a regular expression here went quadratic on a file of many "<" with no ">").
 * The closers of CDATA and comments are searched once each and remembered, so every byte is read a bounded
 * number of times whatever the file holds.
 */
function tagScanner(body: string): (from: number) => TagMatch | null {
  const closers = new Map<string, number>();
  const closerAt = (marker: string, from: number): number => {
    const known = closers.get(marker);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const found = body.indexOf(marker, from);
    closers.set(marker, found);
    return found;
  };
  let nextGt = -2;
  const gtAt = (from: number): number => {
    if (nextGt === -1 || nextGt >= from) return nextGt;
    nextGt = body.indexOf('>', from);
    return nextGt;
  };
  return (from) => {
    const index = body.indexOf('<', from);
    if (index < 0) return null;
    for (const [open, close] of [
      ['<![CDATA[', ']]>'],
      ['<!--', '-->'],
    ] as const) {
      if (body.startsWith(open, index)) {
        const at = closerAt(close, index + open.length);
        if (at >= 0) return { index, end: at + 3, inner: body.slice(index + 1, at + 2) };
      }
    }
    const gt = gtAt(index + 1);
    // No ">" after this "<": no tag can follow either.
    if (gt < 0) return null;
    return { index, end: gt + 1, inner: body.slice(index + 1, gt) };
  };
}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  const nextTag = tagScanner(body);
  let match = nextTag(0);
  while (match) {
    const inner = match.inner;
    const after = match.end;
    const next = nextTag(after);
    const text = body.slice(after, next ? next.index : body.length);
    if (inner.startsWith('![CDATA[')) {
      // CDATA is text of the element before it.
      const last = tokens.at(-1);
      if (last) last.text += inner.slice(8, -2) + text;
    } else if (inner.startsWith('!') || inner.startsWith('?')) {
      const last = tokens.at(-1);
      if (last) last.text += text;
    } else if (inner.startsWith('/')) {
      tokens.push({ kind: 'end', name: inner.slice(1).trim().toUpperCase(), text });
    } else {
      const selfClosing = inner.endsWith('/');
      const name = (selfClosing ? inner.slice(0, -1) : inner).trim().split(/\s+/)[0]!.toUpperCase();
      if (name === '') throw new OfxError('Marcação inválida no OFX: "<>".');
      tokens.push({ kind: 'start', name, text: selfClosing ? '' : text });
      if (selfClosing) tokens.push({ kind: 'end', name, text });
    }
    match = next;
  }
  return tokens;
}

/** OFX aggregates nest about 6 deep; far deeper is not a statement (and would exhaust the stack). */
const MAX_DEPTH = 64;

/**
 * Builds the element tree tolerating SGML: a start tag followed by text is a leaf whose end tag is
 * optional; a start tag followed by another tag is an aggregate, closed by its end tag (an end tag also
 * closes the aggregates left open inside it).
 */
function buildTree(body: string): OfxNode {
  const root: OfxNode = { name: '#root', value: null, children: [] };
  const stack: OfxNode[] = [root];
  const tokens = tokenize(body);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const top = stack.at(-1)!;
    if (token.kind === 'start') {
      const next = tokens[i + 1];
      const closesRightAway = next?.kind === 'end' && next.name === token.name;
      const text = token.text.trim();
      if (text !== '' || closesRightAway || LEAF_ELEMENTS.has(token.name)) {
        top.children.push({ name: token.name, value: decodeEntities(text), children: [] });
        if (closesRightAway) i++;
      } else {
        if (stack.length > MAX_DEPTH) {
          throw new OfxError(
            `O OFX tem elementos aninhados demais (mais de ${MAX_DEPTH} níveis): não é um extrato válido.`,
          );
        }
        const node: OfxNode = { name: token.name, value: null, children: [] };
        top.children.push(node);
        stack.push(node);
      }
    } else {
      const at = stack.findLastIndex((n) => n.name === token.name);
      // A stray end tag (of a leaf already closed implicitly) changes nothing.
      if (at > 0) stack.length = at;
    }
  }
  return root;
}

function findAll(node: OfxNode, name: string, out: OfxNode[] = []): OfxNode[] {
  for (const child of node.children) {
    if (child.name === name) out.push(child);
    else if (child.value === null) findAll(child, name, out);
  }
  return out;
}

function leaf(node: OfxNode, name: string): string | null {
  const found = node.children.find((c) => c.name === name);
  if (!found || found.value === null) return null;
  return found.value === '' ? null : found.value;
}

function child(node: OfxNode, name: string): OfxNode | null {
  return node.children.find((c) => c.name === name && c.value === null) ?? null;
}

// ---------------------------------------------------------------- values

const OFX_DATE = /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,3})?)?)?)?\s*(?:\[[^\]]*\])?$/;

/**
 * An OFX date/time → its calendar date as written ('20260105000000[-3:BRT]' → '2026-01-05'). The date is
 * not shifted by the offset: a posting date is the bank's business date, and banks zero-fill the time.
 */
export function parseOfxDate(value: string): string | null {
  const m = OFX_DATE.exec(value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * An OFX amount → signed centavos, exactly (no floating point): '1500.00', '-80,5', '+12', '.99'.
 * Digits beyond the centavo must be zeros; thousands separators are not OFX and are refused.
 */
export function parseOfxAmount(value: string): Cents | null {
  const m = /^([+-]?)(\d*)(?:[.,](\d*))?$/.exec(value.trim());
  if (!m) return null;
  const [, sign, whole = '', fraction = ''] = m;
  if (whole === '' && fraction === '') return null;
  if (/[1-9]/.test(fraction.slice(2))) return null;
  const cents = Number(whole || '0') * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return sign === '-' && cents !== 0 ? -cents : cents;
}

function cleanText(value: string | null): string | null {
  if (value === null) return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

function normalizeBankId(value: string): string {
  const id = value.trim();
  if (/^\d+$/.test(id)) return id.replace(/^0+(?=\d)/, '').padStart(3, '0');
  return id.toUpperCase();
}

function describeTransaction(index: number, fitid: string | null): string {
  return fitid ? `Transação ${index} (FITID ${fitid})` : `Transação ${index}`;
}

// ---------------------------------------------------------------- the statement

/** Parses a bank statement (OFX 1.0x SGML or 2.x XML) or throws an OfxError that says what is wrong. */
export function parseOfx(bytes: Uint8Array): OfxStatement {
  if (bytes.length === 0) throw new OfxError('O arquivo está vazio.');
  const { body } = decodeOfx(bytes);
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    // No OFX holds a NUL (a damaged copy or a binary file does), and the database refuses it in text.
    const line = body.slice(0, nul).split('\n').length;
    throw new OfxError(
      `O arquivo tem um caractere nulo (byte 0) na linha ${line} a partir de <OFX>: está corrompido; exporte o extrato de novo.`,
    );
  }
  const tree = buildTree(body);
  const ofx = findAll(tree, 'OFX')[0];
  if (!ofx) throw notOfx();

  const statements = findAll(ofx, 'STMTRS');
  if (statements.length === 0) {
    if (findAll(ofx, 'CCSTMTRS').length > 0) {
      throw new OfxError(
        'O OFX é de cartão de crédito (CCSTMTRS); importe o extrato da conta corrente que recebe as TEDs.',
      );
    }
    throw new OfxError('O OFX não traz extrato de conta (elemento STMTRS não encontrado).');
  }
  if (statements.length > 1) {
    throw new OfxError(
      `O OFX traz ${statements.length} extratos (STMTRS); exporte um arquivo por conta e importe um de cada vez.`,
    );
  }
  const stmt = statements[0]!;

  const accountNode = child(stmt, 'BANKACCTFROM');
  if (!accountNode) throw new OfxError('O extrato não identifica a conta (BANKACCTFROM ausente).');
  const bankId = leaf(accountNode, 'BANKID');
  const accountId = leaf(accountNode, 'ACCTID');
  if (!bankId) throw new OfxError('O extrato não identifica o banco (BANKID ausente em BANKACCTFROM).');
  if (!accountId) throw new OfxError('O extrato não identifica a conta (ACCTID ausente em BANKACCTFROM).');
  const account: OfxAccount = {
    bankId: normalizeBankId(bankId),
    branchId: cleanText(leaf(accountNode, 'BRANCHID')),
    accountId: accountId.trim(),
    type: cleanText(leaf(accountNode, 'ACCTTYPE'))?.toUpperCase() ?? null,
  };

  const currency = (leaf(stmt, 'CURDEF') ?? 'BRL').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new OfxError(`Moeda do extrato inválida (CURDEF "${currency}").`);

  const list = child(stmt, 'BANKTRANLIST');
  let start: string | null = null;
  let end: string | null = null;
  const transactions: OfxTransaction[] = [];
  if (list) {
    const rawStart = leaf(list, 'DTSTART');
    const rawEnd = leaf(list, 'DTEND');
    start = rawStart ? parseOfxDate(rawStart) : null;
    end = rawEnd ? parseOfxDate(rawEnd) : null;
    if (rawStart && !start) throw new OfxError(`Data inicial do extrato inválida (DTSTART "${rawStart}").`);
    if (rawEnd && !end) throw new OfxError(`Data final do extrato inválida (DTEND "${rawEnd}").`);

    const nodes = list.children.filter((c) => c.name === 'STMTTRN');
    nodes.forEach((node, i) => {
      const index = i + 1;
      const fitid = cleanText(leaf(node, 'FITID'));
      const where = describeTransaction(index, fitid);
      if (node.value !== null) throw new OfxError(`${where}: elemento STMTTRN sem conteúdo.`);
      if (!fitid) throw new OfxError(`${where}: sem FITID (o identificador da transação no banco).`);
      const rawDate = leaf(node, 'DTPOSTED');
      if (!rawDate) throw new OfxError(`${where}: sem data de lançamento (DTPOSTED).`);
      const postedOn = parseOfxDate(rawDate);
      if (!postedOn) throw new OfxError(`${where}: data de lançamento inválida (DTPOSTED "${rawDate}").`);
      const rawAmount = leaf(node, 'TRNAMT');
      if (!rawAmount) throw new OfxError(`${where}: sem valor (TRNAMT).`);
      const amountCents = parseOfxAmount(rawAmount);
      if (amountCents === null) throw new OfxError(`${where}: valor inválido (TRNAMT "${rawAmount}").`);
      transactions.push({
        type: cleanText(leaf(node, 'TRNTYPE'))?.toUpperCase() ?? 'OTHER',
        postedOn,
        amountCents,
        fitid,
        memo: cleanText(leaf(node, 'MEMO')),
        name: cleanText(leaf(node, 'NAME')),
        checkNum: cleanText(leaf(node, 'CHECKNUM')),
      });
    });
  }

  return { account, currency, start, end, transactions };
}

/** The account key used for deduplication: BANKID-BRANCHID-ACCTID ('341-0001-12345-6'). */
export function ofxAccountKey(account: OfxAccount): string {
  return [account.bankId, account.branchId ?? '', account.accountId].join('-');
}

/**
 * Informational lines some banks export as transactions (BB's "Saldo Anterior" / "S A L D O", Itaú's
 * "SALDO TOTAL DISPONÍVEL DIA"): balances, not money received.
 */
export function isBalanceLine(tx: Pick<OfxTransaction, 'memo' | 'name'>): boolean {
  const text = `${tx.name ?? ''} ${tx.memo ?? ''}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .trim();
  return /^(S ?A ?L ?D ?O)(\s|$)/.test(text) && !/\b(TED|DOC|PIX|TRANSF)/.test(text);
}
