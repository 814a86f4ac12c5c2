import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOfx102 } from './fixtures/build-ofx';
import { isBalanceLine, OfxError, ofxAccountKey, parseOfx, parseOfxAmount, parseOfxDate } from './ofx-parser';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const utf8 = (text: string) => new TextEncoder().encode(text);

function expectOfxError(bytes: Uint8Array, message: RegExp) {
  let error: unknown;
  try {
    parseOfx(bytes);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(OfxError);
  expect((error as Error).message).toMatch(message);
}

describe('OFX values (OFX 1.0.2 spec §3.2.8 dates, §3.2.9 amounts)', () => {
  it('reads the posting date as the bank writes it, with or without time and time zone', () => {
    expect(parseOfxDate('20260105000000[-3:BRT]')).toBe('2026-01-05');
    expect(parseOfxDate('20260105100000[-03:EST]')).toBe('2026-01-05');
    expect(parseOfxDate('20260105')).toBe('2026-01-05');
    expect(parseOfxDate('20260105235959.999[-3:BRT]')).toBe('2026-01-05');
    // spec example "19961005132200.124[-5:EST]"
    expect(parseOfxDate('19961005132200.124[-5:EST]')).toBe('1996-10-05');
    expect(parseOfxDate('20260230')).toBeNull();
    expect(parseOfxDate('2026-01-05')).toBeNull();
    expect(parseOfxDate('05/01/2026')).toBeNull();
  });

  it('parses amounts exactly with a period or a comma as decimal point (no floating point)', () => {
    expect(parseOfxAmount('1500.00')).toBe(150000);
    expect(parseOfxAmount('-89.90')).toBe(-8990);
    expect(parseOfxAmount('1999,90')).toBe(199990);
    expect(parseOfxAmount('-35,9')).toBe(-3590);
    expect(parseOfxAmount('+420,00')).toBe(42000);
    expect(parseOfxAmount('250.5')).toBe(25050);
    expect(parseOfxAmount('.99')).toBe(99);
    expect(parseOfxAmount('12')).toBe(1200);
    expect(parseOfxAmount('0.10')).toBe(10);
    expect(parseOfxAmount('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(parseOfxAmount('1234567.89')).toBe(123456789);
    expect(parseOfxAmount('10.500')).toBe(1050);
    expect(parseOfxAmount('10.505')).toBeNull(); // a fraction of a centavo
    expect(parseOfxAmount('1.234,56')).toBeNull(); // thousands separators are not OFX
    expect(parseOfxAmount('R$ 10,00')).toBeNull();
    expect(parseOfxAmount('')).toBeNull();
    expect(parseOfxAmount('-')).toBeNull();
    expect(parseOfxAmount('1e3')).toBeNull();
  });
});

describe('parseOfx with bank exports', () => {
  it('Itaú-style OFX 1.02: CHARSET:1252, latin1 accents, unclosed leaf tags, CRLF', () => {
    const statement = parseOfx(fixture('itau-102-cp1252.ofx'));
    expect(statement.account).toEqual({
      bankId: '341',
      branchId: null,
      accountId: '0157812345',
      type: 'CHECKING',
    });
    expect(ofxAccountKey(statement.account)).toBe('341--0157812345');
    expect(statement.currency).toBe('BRL');
    expect(statement.start).toBe('2026-01-01');
    expect(statement.end).toBe('2026-01-10');
    expect(statement.transactions).toHaveLength(4);
    expect(statement.transactions[1]).toEqual({
      type: 'CREDIT',
      postedOn: '2026-01-05',
      amountCents: 150000,
      fitid: '20260105001',
      memo: 'TED 237.0123 MERCADINHO BOM PREÇO CC-2026-000042',
      name: null,
      checkNum: '20260105001',
    });
    expect(statement.transactions[2]).toMatchObject({
      type: 'DEBIT',
      amountCents: -8990,
      memo: 'TAR PACOTE ITAÚ SERVIÇOS',
    });
    expect(statement.transactions[3]).toMatchObject({
      amountCents: 25050,
      memo: 'TED 001.3064 JOÃO ESTEVÃO GONÇALVES',
    });
  });

  it('Banco do Brasil-style OFX 1.02: closed leaf tags, BANKID 1, agency and account with DV, entities', () => {
    const statement = parseOfx(fixture('bb-102-cp1252.ofx'));
    expect(statement.account).toEqual({
      bankId: '001',
      branchId: '3064-2',
      accountId: '12345-6',
      type: 'CHECKING',
    });
    expect(ofxAccountKey(statement.account)).toBe('001-3064-2-12345-6');
    expect(statement.transactions.map((t) => [t.fitid, t.postedOn, t.amountCents])).toEqual([
      ['202601050003200', '2026-01-05', 320000],
      ['20260106000-1250', '2026-01-06', -1250],
      ['202601080000780', '2026-01-08', 78000],
    ]);
    expect(statement.transactions[0]).toMatchObject({
      name: 'TED-Crédito em Conta',
      memo: '05/01 237 0123 12.345.678/0001-95 PADARIA PÃO DOURADO',
    });
    expect(statement.transactions[2]!.memo).toBe('08/01 1234 98765-4 Ótica Visão Clara & Cia');
  });

  it('Bradesco-style OFX 1.02: CHARSET:ISO-8859-1, LF, indentation, comma decimals, date-only DTPOSTED', () => {
    const statement = parseOfx(fixture('bradesco-102-latin1.ofx'));
    expect(statement.account).toEqual({
      bankId: '237',
      branchId: '0123',
      accountId: '0045678-9',
      type: 'CHECKING',
    });
    expect(statement.transactions.map((t) => [t.postedOn, t.amountCents, t.memo])).toEqual([
      ['2026-01-12', 199990, 'TRANSF CC PARA CC PJ SUPERMERCADO BOA SAFRA LTDA - CÓD CC2026000107'],
      ['2026-01-13', -3590, 'TARIFA BANCÁRIA TRANSF PGTO PIX'],
      ['2026-01-14', 42000, 'TED RECEB 104 CPF 529.982.247-25 MARIA JOSÉ AÇAÍ'],
    ]);
  });

  it('OFX 2.2 XML, UTF-8, every element closed, an empty MEMO', () => {
    const statement = parseOfx(fixture('inter-220-utf8.ofx'));
    expect(statement.account).toEqual({
      bankId: '077',
      branchId: '0001',
      accountId: '12345678',
      type: 'CHECKING',
    });
    expect(statement.start).toBe('2026-01-15');
    expect(statement.transactions).toEqual([
      {
        type: 'CREDIT',
        postedOn: '2026-01-16',
        amountCents: 89900,
        fitid: 'a1b2c3d4-0001',
        memo: 'Empório Sabor da Terra ME & Filhos — ref. CC 2026 000099',
        name: 'TED Recebida',
        checkNum: null,
      },
      {
        type: 'DEBIT',
        postedOn: '2026-01-17',
        amountCents: -15000,
        fitid: 'a1b2c3d4-0002',
        memo: null,
        name: 'Pix enviado',
        checkNum: null,
      },
    ]);
  });

  it('reads a file declared CHARSET:1252 whose bytes are UTF-8 without garbling the accents', () => {
    const text = new TextDecoder('windows-1252').decode(fixture('itau-102-cp1252.ofx'));
    const statement = parseOfx(utf8(text));
    expect(statement.transactions[2]!.memo).toBe('TAR PACOTE ITAÚ SERVIÇOS');
  });

  it('reads bytes 0x80–0x9F as Windows-1252 (0x96 en dash, 0x93/0x94 quotes, 0x80 euro)', () => {
    const bytes = buildOfx102({
      transactions: [{ fitid: '1', postedOn: '2026-01-05', amount: '10.00', memo: 'TED # ACME #ok# #' }],
    });
    const marks = [0x96, 0x93, 0x94, 0x80];
    const file = Uint8Array.from(bytes, (b) => (b === 0x23 ? marks.shift()! : b));
    expect(parseOfx(file).transactions[0]!.memo).toBe('TED \u2013 ACME \u201cok\u201d \u20ac');
  });

  it('accepts a UTF-8 byte order mark and a header with ENCODING:UTF-8', () => {
    const text = new TextDecoder('windows-1252')
      .decode(fixture('bradesco-102-latin1.ofx'))
      .replace('ENCODING:USASCII', 'ENCODING:UTF-8')
      .replace('CHARSET:ISO-8859-1', 'CHARSET:NONE');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(parseOfx(bytes).transactions[2]!.memo).toBe('TED RECEB 104 CPF 529.982.247-25 MARIA JOSÉ AÇAÍ');
  });

  it('a statement without transactions has an empty list', () => {
    const statement = parseOfx(buildOfx102({ transactions: [], start: '2026-01-01', end: '2026-01-31' }));
    expect(statement.transactions).toEqual([]);
    expect(statement.end).toBe('2026-01-31');
  });
});

describe('parseOfx refuses what is not a usable statement, saying why in Portuguese', () => {
  const base = (memo: string, amount = '10.00', date = '2026-01-05') =>
    buildOfx102({
      transactions: [
        { fitid: 'A1', postedOn: '2026-01-02', amount: '5.00', memo: 'TED ok' },
        { fitid: 'A2', postedOn: date, amount, memo },
      ],
    });

  it('an empty file, a CSV, a PDF', () => {
    expectOfxError(new Uint8Array(), /vazio/);
    expectOfxError(utf8('Data;Histórico;Valor\n05/01/2026;TED;10,00\n'), /não é um extrato OFX/);
    expectOfxError(latin1('%PDF-1.7\n%âãÏÓ\n'), /não é um extrato OFX/);
  });

  it('a header without <OFX>, a card statement, no STMTRS', () => {
    expectOfxError(latin1('OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n'), /não o elemento <OFX>/);
    expectOfxError(
      latin1(
        'OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>BRL',
      ),
      /cartão de crédito/,
    );
    expectOfxError(
      latin1('OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>'),
      /STMTRS/,
    );
  });

  it('a transaction without FITID, naming the transaction', () => {
    const bytes = new TextDecoder('windows-1252').decode(base('TED X')).replace('<FITID>A2\r\n', '');
    expectOfxError(latin1(bytes), /^Transação 2: sem FITID/);
  });

  it('a bad amount or date, naming the transaction and its FITID', () => {
    expectOfxError(
      base('TED X', '1.500,00'),
      /^Transação 2 \(FITID A2\): valor inválido \(TRNAMT "1\.500,00"\)/,
    );
    expectOfxError(base('TED X', 'abc'), /Transação 2 \(FITID A2\): valor inválido/);
    const badDate = new TextDecoder('windows-1252')
      .decode(base('TED X'))
      .replace('<DTPOSTED>20260105000000[-3:BRT]', '<DTPOSTED>20261305');
    expectOfxError(
      latin1(badDate),
      /^Transação 2 \(FITID A2\): data de lançamento inválida \(DTPOSTED "20261305"\)/,
    );
  });

  it('a missing account identification', () => {
    const text = new TextDecoder('windows-1252').decode(base('TED X')).replace('<ACCTID>12345-6\r\n', '');
    expectOfxError(latin1(text), /ACCTID ausente/);
  });

  it('two accounts in one file', () => {
    const one = new TextDecoder('windows-1252').decode(base('TED X'));
    const stmt = one.slice(one.indexOf('<STMTTRNRS>'), one.indexOf('</BANKMSGSRSV1>'));
    expectOfxError(latin1(one.replace('</BANKMSGSRSV1>', `${stmt}</BANKMSGSRSV1>`)), /2 extratos/);
  });

  it('an unsupported declared encoding', () => {
    const text = new TextDecoder('windows-1252')
      .decode(base('TED X'))
      .replace('CHARSET:1252', 'CHARSET:EBCDIC-XYZ');
    expectOfxError(latin1(text), /Codificação de caracteres não suportada/);
  });
});

describe('balance lines', () => {
  it('recognises the balances banks list as transactions, not TEDs', () => {
    expect(isBalanceLine({ memo: 'SALDO ANTERIOR', name: null })).toBe(true);
    expect(isBalanceLine({ memo: 'S A L D O', name: null })).toBe(true);
    expect(isBalanceLine({ memo: 'SALDO TOTAL DISPONÍVEL DIA', name: null })).toBe(true);
    expect(isBalanceLine({ memo: null, name: 'Saldo do dia' })).toBe(true);
    expect(isBalanceLine({ memo: 'TED RECEBIDA SALDO DEVEDOR', name: null })).toBe(false);
    expect(isBalanceLine({ memo: 'TED CC2026000042', name: null })).toBe(false);
  });

  it('the Itaú fixture starts with one', () => {
    const [first, second] = parseOfx(fixture('itau-102-cp1252.ofx')).transactions;
    expect(isBalanceLine(first!)).toBe(true);
    expect(isBalanceLine(second!)).toBe(false);
  });
});

describe('round trip (property)', () => {
  const latin1Text = fc
    .array(
      fc.constantFrom(...'ABCDEFGHIJ KLMNOPQRSTUVWXYZ0123456789-./ÇÃÕÁÉÍÓÚÂÊÔÀçãõáéíóúâêôàº'.split('')),
      {
        minLength: 1,
        maxLength: 40,
      },
    )
    .map((chars) => chars.join('').replace(/\s+/g, ' ').trim())
    .filter((text) => text !== '');

  it('every amount written with a period or a comma comes back as the same centavos', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000_00, max: 100_000_000_00 }), fc.boolean(), (cents, comma) => {
        const abs = Math.abs(cents);
        const text = `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}${comma ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
        expect(parseOfxAmount(text)).toBe(cents);
      }),
    );
  });

  it('a latin1 statement built from random transactions parses back to them', () => {
    const tx = fc.record({
      fitid: fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
      postedOn: fc
        .date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10)),
      cents: fc.integer({ min: -5_000_000, max: 5_000_000 }),
      memo: latin1Text,
    });
    fc.assert(
      fc.property(fc.array(tx, { maxLength: 15 }), (txs) => {
        const bytes = buildOfx102({
          start: '2020-01-01',
          end: '2030-12-31',
          transactions: txs.map((t) => ({
            fitid: t.fitid,
            postedOn: t.postedOn,
            amount: `${t.cents < 0 ? '-' : ''}${Math.floor(Math.abs(t.cents) / 100)}.${String(Math.abs(t.cents) % 100).padStart(2, '0')}`,
            memo: t.memo,
          })),
        });
        const parsed = parseOfx(bytes);
        expect(parsed.transactions.map((t) => [t.fitid, t.postedOn, t.amountCents, t.memo])).toEqual(
          txs.map((t) => [t.fitid, t.postedOn, t.cents, t.memo]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
