/**
 * Pix BR Code ("copia e cola" / QR payload): EMV® QRCPS-MPM as profiled by the Banco Central do Brasil.
 *
 * Sources:
 * - BCB, "Manual de Padrões para Iniciação do Pix" (Anexo I do Regulamento Pix), §§ 4–6: the fields and the
 *   static (chave, ID 26-01) and dynamic (location URL without scheme, ID 26-25) forms; the examples there
 *   are our test vectors (br-code.test.ts).
 * - BCB, "Manual do BR Code": TLV layout (2-digit ID, 2-digit length, value), IDs 00/01/26/52/53/54/58/59/60/
 *   62/63, CRC16 CCITT-FALSE over the whole payload including "6304".
 * - EMVCo "QR Code Specification for Payment Systems: Merchant-Presented Mode" v1.0, §4 (data objects).
 *
 * Pure: no I/O. Amounts are integer centavos; the amount string is built and parsed with integers only.
 */

/** Invalid BR Code input or payload; the message is Portuguese, for a person. */
export class PixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PixError';
  }
}

export const PIX_GUI = 'br.gov.bcb.pix';
export const MERCHANT_NAME_MAX = 25;
export const MERCHANT_CITY_MAX = 15;
export const TXID_MAX = 25;
/** A key or URL inside ID 26 (which holds at most 99 characters together with the GUI). */
export const KEY_MAX = 77;
/** EMV ID 54: at most 13 characters ("9999999999.99"). */
const AMOUNT_MAX_CHARS = 13;

export interface BrCodeInput {
  /** Static form: the receiver's Pix key (CPF, CNPJ, e-mail, +55 phone or random key). */
  key?: string;
  /** Dynamic form: the PSP's location URL (a scheme, if given, is removed as the manual requires). */
  url?: string;
  /** Amount in centavos; null/undefined = the payer types it (static only). */
  amountCents?: number | null;
  merchantName: string;
  merchantCity: string;
  /** Static form: up to 25 letters/digits, or '***' (the default). The dynamic form always carries '***'. */
  txid?: string;
  /** Static form: a free message shown to the payer (ID 26-02); trimmed to what fits in ID 26. */
  description?: string;
}

export interface DecodedBrCode {
  crcValid: boolean;
  /** The CRC written in the payload (upper case) and the one computed over it. */
  crc: string;
  expectedCrc: string;
  key: string | null;
  url: string | null;
  amountCents: number | null;
  merchantName: string;
  merchantCity: string;
  /** ID 62-05 as written ('***' when the payload carries no identifier); null when absent. */
  txid: string | null;
  description: string | null;
  /** ID 01: '11' static (reusable), '12' dynamic (single use); null when absent. */
  pointOfInitiation: 'static' | 'dynamic' | null;
}

/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over the UTF-8 bytes of
 * `text`, as 4 upper-case hex digits. Check value (Rocksoft catalogue / reveng): "123456789" → 29B1.
 */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Printable ASCII only: diacritics removed (São João → Sao Joao), other characters dropped, spaces
 * collapsed. Bank apps count EMV lengths in bytes; a non-ASCII letter would break the TLV for some of them.
 */
export function toBrCodeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new PixError(`Campo ${id} do BR Code excede 99 caracteres.`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** 12345 → "123.45" (integers only). */
export function formatPixAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents <= 0) {
    throw new PixError('O valor do Pix deve ser um número inteiro positivo de centavos.');
  }
  const text = `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  if (text.length > AMOUNT_MAX_CHARS) throw new PixError('O valor do Pix excede o máximo do BR Code.');
  return text;
}

/** "123.45" / "123.4" / "123" → centavos; null when not a valid EMV amount. */
export function parsePixAmount(text: string): number | null {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match || text.length > AMOUNT_MAX_CHARS) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

function stripScheme(url: string): string {
  return url.trim().replace(/^https?:\/\//i, '');
}

/** Builds a BR Code. Throws PixError for input a bank app would refuse. */
export function encodeBrCode(input: BrCodeInput): string {
  const hasKey = input.key !== undefined && input.key !== '';
  const hasUrl = input.url !== undefined && input.url !== '';
  if (hasKey === hasUrl) {
    throw new PixError('Informe a chave Pix (QR estático) ou a URL de location (QR dinâmico), apenas uma.');
  }
  const name = toBrCodeText(input.merchantName).slice(0, MERCHANT_NAME_MAX).trim();
  const city = toBrCodeText(input.merchantCity).slice(0, MERCHANT_CITY_MAX).trim();
  if (!name) throw new PixError('Informe o nome do recebedor do Pix.');
  if (!city) throw new PixError('Informe a cidade do recebedor do Pix.');

  const txid = input.txid ?? '***';
  if (txid !== '***' && !new RegExp(`^[A-Za-z0-9]{1,${TXID_MAX}}$`).test(txid)) {
    throw new PixError(`O txid do BR Code deve ter de 1 a ${TXID_MAX} letras ou dígitos (ou ***).`);
  }

  let account = tlv('00', PIX_GUI);
  if (hasKey) {
    const key = input.key!.trim();
    if (!/^[\x21-\x7e]+$/.test(key) || key.length > KEY_MAX) {
      throw new PixError(`Chave Pix inválida: até ${KEY_MAX} caracteres, sem espaços nem acentos.`);
    }
    account += tlv('01', key);
    const description = toBrCodeText(input.description ?? '');
    // ID 26 holds at most 99 characters: GUI + key + "02" + 2-digit length + message.
    const room = 99 - account.length - 4;
    if (description && room > 0) account += tlv('02', description.slice(0, room).trim());
  } else {
    if (txid !== '***') throw new PixError('No QR dinâmico o txid fica na location; use ***.');
    if (input.description)
      throw new PixError('No QR dinâmico a mensagem ao pagador fica na cobrança do PSP.');
    const url = stripScheme(input.url!);
    if (!/^[\x21-\x7e]+$/.test(url) || url.length > KEY_MAX) {
      throw new PixError(`URL de location inválida: até ${KEY_MAX} caracteres, sem esquema nem espaços.`);
    }
    account += tlv('25', url);
  }

  let payload = tlv('00', '01');
  if (hasUrl) payload += tlv('01', '12');
  payload += tlv('26', account);
  payload += tlv('52', '0000');
  payload += tlv('53', '986');
  if (input.amountCents !== undefined && input.amountCents !== null) {
    payload += tlv('54', formatPixAmount(input.amountCents));
  }
  payload += tlv('58', 'BR');
  payload += tlv('59', name);
  payload += tlv('60', city);
  payload += tlv('62', tlv('05', txid));
  payload += '6304';
  return payload + crc16CcittFalse(payload);
}

interface Field {
  id: string;
  value: string;
}

/** Strict TLV: every byte belongs to a field, no field runs past the end, no ID repeats. */
function parseTlv(text: string, where: string): Map<string, string> {
  const fields: Field[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) {
      throw new PixError(
        `BR Code malformado: ${where}, posição ${at + 1}: esperado ID e tamanho de 2 dígitos.`,
      );
    }
    const id = head.slice(0, 2);
    const length = Number(head.slice(2));
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length !== length) {
      throw new PixError(
        `BR Code malformado: ${where}, campo ${id} declara ${length} caracteres mas termina antes.`,
      );
    }
    if (fields.some((f) => f.id === id)) {
      throw new PixError(`BR Code malformado: ${where}, campo ${id} repetido.`);
    }
    fields.push({ id, value });
    at += 4 + length;
  }
  return new Map(fields.map((f) => [f.id, f.value]));
}

function required(fields: Map<string, string>, id: string, label: string): string {
  const value = fields.get(id);
  if (value === undefined || value === '') throw new PixError(`BR Code sem o campo ${id} (${label}).`);
  return value;
}

/**
 * Reads a BR Code. Spaces and line breaks around it (copied from an e-mail) are ignored. Throws PixError
 * for a payload that is not a well-formed Pix BR Code; a CRC that does not match is reported as
 * `crcValid: false` (the caller decides).
 */
export function decodeBrCode(payload: string): DecodedBrCode {
  const text = payload.trim();
  if (!text) throw new PixError('BR Code vazio.');
  if (!/^[\x20-\x7e]*$/.test(text)) {
    // Printable ASCII only; a non-ASCII character also makes byte and character lengths disagree.
    throw new PixError('BR Code malformado: contém caracteres fora do ASCII imprimível.');
  }
  if (!text.startsWith('000201')) throw new PixError('BR Code malformado: deve começar com 000201.');
  const crcAt = text.length - 8;
  if (crcAt < 0 || text.slice(crcAt, crcAt + 4) !== '6304') {
    throw new PixError('BR Code malformado: deve terminar com o CRC (campo 63, 4 caracteres).');
  }
  const fields = parseTlv(text, 'raiz');
  if ([...fields.keys()].at(-1) !== '63') {
    throw new PixError('BR Code malformado: o CRC (campo 63) deve ser o último campo.');
  }
  const crc = fields.get('63')!.toUpperCase();
  if (!/^[0-9A-F]{4}$/.test(crc))
    throw new PixError('BR Code malformado: o CRC deve ter 4 dígitos hexadecimais.');
  const expectedCrc = crc16CcittFalse(text.slice(0, crcAt + 4));

  let account: Map<string, string> | null = null;
  for (let id = 26; id <= 51; id++) {
    const value = fields.get(String(id));
    if (value === undefined) continue;
    const template = parseTlv(value, `campo ${id}`);
    if (template.get('00')?.toLowerCase() === PIX_GUI) {
      account = template;
      break;
    }
  }
  if (!account) throw new PixError(`Não é um BR Code Pix: falta o identificador ${PIX_GUI} (campo 26).`);
  const key = account.get('01') || null;
  const url = account.get('25') || null;
  if ((key === null) === (url === null)) {
    throw new PixError('BR Code malformado: deve ter a chave Pix (26-01) ou a URL (26-25), apenas uma.');
  }

  if (required(fields, '53', 'moeda') !== '986')
    throw new PixError('BR Code em moeda que não é o real (986).');
  if (required(fields, '58', 'país') !== 'BR') throw new PixError('BR Code de país diferente de BR.');
  required(fields, '52', 'categoria do recebedor');
  const merchantName = required(fields, '59', 'nome do recebedor');
  const merchantCity = required(fields, '60', 'cidade do recebedor');

  let amountCents: number | null = null;
  const amount = fields.get('54');
  if (amount !== undefined) {
    amountCents = parsePixAmount(amount);
    if (amountCents === null) throw new PixError(`BR Code com valor inválido no campo 54: "${amount}".`);
  }

  let txid: string | null = null;
  const additional = fields.get('62');
  if (additional !== undefined) txid = parseTlv(additional, 'campo 62').get('05') ?? null;

  const initiation = fields.get('01');
  let pointOfInitiation: DecodedBrCode['pointOfInitiation'] = null;
  if (initiation === '11') pointOfInitiation = 'static';
  else if (initiation === '12') pointOfInitiation = 'dynamic';
  else if (initiation !== undefined) throw new PixError(`BR Code com campo 01 inválido: "${initiation}".`);

  return {
    crcValid: crc === expectedCrc,
    crc,
    expectedCrc,
    key,
    url,
    amountCents,
    merchantName,
    merchantCity,
    txid,
    description: account.get('02') || null,
    pointOfInitiation,
  };
}
