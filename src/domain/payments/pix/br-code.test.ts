import fc from 'fast-check';
import { hasError, isDynamicPix, isStaticPix, parsePix } from 'pix-utils';
import { describe, expect, it } from 'vitest';
import { crc16CcittFalse, decodeBrCode, encodeBrCode, PixError, parsePixAmount } from './br-code';

/**
 * BCB, "Manual de Padrões para Iniciação do Pix" (Anexo I do Regulamento Pix), static example (p. 16 of
 * v2.x): random key, "Fulano de Tal", BRASILIA, no amount, txid ***.
 */
const BACEN_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

/** BCB, "Manual do BR Code", dynamic example: location bx.com.br/pix/…, R$ 123,45, upper-case-free GUI. */
const BACEN_BR_CODE_MANUAL_DYNAMIC =
  '00020101021226720014br.gov.bcb.pix2550bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd4415204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA62190515RP12345678-2019630445C8';

/**
 * "Manual de Padrões para Iniciação do Pix" §6.2 dynamic example (GUI in upper case, point of initiation 12),
 * as transcribed field by field in https://gist.github.com/matheusb-comp/1efa205b3c0ffd7af1e8ce63a10e02dc
 */
const BACEN_DYNAMIC_UPPER_GUI =
  '00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a995204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB';

/**
 * The §6.1 static example as published in the same transcription: field 62 declares 08 characters but holds
 * 7 ("0503***"), and its CRC 170E is the CRC of that text. A strict TLV reader must refuse it.
 */
const PUBLISHED_STATIC_WITH_LENGTH_TYPO =
  '00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E';

describe('crc16CcittFalse', () => {
  it('gives the catalogued check value of CRC-16/CCITT-FALSE ("123456789" → 29B1)', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });

  it('matches the CRCs printed in the BACEN examples', () => {
    for (const payload of [BACEN_STATIC, BACEN_BR_CODE_MANUAL_DYNAMIC, BACEN_DYNAMIC_UPPER_GUI]) {
      expect(crc16CcittFalse(payload.slice(0, -4))).toBe(payload.slice(-4));
    }
    expect(crc16CcittFalse(PUBLISHED_STATIC_WITH_LENGTH_TYPO.slice(0, -4))).toBe('170E');
  });
});

describe('encodeBrCode', () => {
  it('reproduces the static example of the BACEN manual byte for byte', () => {
    expect(
      encodeBrCode({
        key: '123e4567-e12b-12d1-a456-426655440000',
        merchantName: 'Fulano de Tal',
        merchantCity: 'BRASILIA',
      }),
    ).toBe(BACEN_STATIC);
  });

  it('reproduces BR Codes published by independent implementations (amount, txid, description)', () => {
    // Stark Infra API docs, "Create static brcodes" response (phone key, R$ 1,00, txid 123456).
    expect(
      encodeBrCode({
        key: '+5541999999999',
        amountCents: 100,
        merchantName: 'Jamie Lannister',
        merchantCity: 'Sao Paulo',
        txid: '123456',
      }),
    ).toBe(
      '00020126360014br.gov.bcb.pix0114+554199999999952040000530398654041.005802BR5915Jamie Lannister6009Sao Paulo621005061234566304A63E',
    );
    // pix-utils README, "Parse BRCode" (e-mail key, infoAdicional, R$ 1,00).
    expect(
      encodeBrCode({
        key: 'nubank@thalesog.com',
        description: 'Gerado por Pix-Utils',
        amountCents: 100,
        merchantName: 'Thales Ogliari',
        merchantCity: 'SAO MIGUEL DO O',
      }),
    ).toBe(
      '00020126650014br.gov.bcb.pix0119nubank@thalesog.com0220Gerado por Pix-Utils52040000530398654041.005802BR5914Thales Ogliari6015SAO MIGUEL DO O62070503***6304059A',
    );
  });

  it('builds the dynamic form with the URL without scheme and point of initiation 12', () => {
    const payload = encodeBrCode({
      url: 'https://pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
      merchantName: 'EMPRESA',
      merchantCity: 'SAO PAULO',
    });
    expect(payload).toBe(
      BACEN_DYNAMIC_UPPER_GUI.replace('BR.GOV.BCB.PIX', 'br.gov.bcb.pix').slice(0, -4) + payload.slice(-4),
    );
    expect(decodeBrCode(payload)).toMatchObject({
      crcValid: true,
      url: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
      pointOfInitiation: 'dynamic',
      txid: '***',
    });
  });

  it('removes diacritics and truncates the name to 25 and the city to 15 characters', () => {
    const payload = encodeBrCode({
      key: '11222333000181',
      merchantName: 'Associação Beneficente São João Batista',
      merchantCity: 'São José dos Campos',
    });
    const decoded = decodeBrCode(payload);
    expect(decoded.merchantName).toBe('Associacao Beneficente Sa');
    expect(decoded.merchantCity).toBe('Sao Jose dos Ca');
    expect(payload).toContain('5925Associacao Beneficente Sa6015Sao Jose dos Ca');
  });

  it('writes the amount with integers only (centavos → "1234.56")', () => {
    const amountOf = (amountCents: number) =>
      /54(\d\d)([\d.]+)5802BR/.exec(
        encodeBrCode({ key: 'a@b.com', amountCents, merchantName: 'X', merchantCity: 'Y' }),
      )?.[2];
    expect(amountOf(1)).toBe('0.01');
    expect(amountOf(10)).toBe('0.10');
    expect(amountOf(100)).toBe('1.00');
    expect(amountOf(123456)).toBe('1234.56');
    expect(amountOf(999_999_999_999)).toBe('9999999999.99');
    expect(() =>
      encodeBrCode({ key: 'a@b.com', amountCents: 0, merchantName: 'X', merchantCity: 'Y' }),
    ).toThrow('inteiro positivo');
    expect(() =>
      encodeBrCode({ key: 'a@b.com', amountCents: 1.5, merchantName: 'X', merchantCity: 'Y' }),
    ).toThrow(PixError);
    expect(() =>
      encodeBrCode({ key: 'a@b.com', amountCents: 1_000_000_000_000, merchantName: 'X', merchantCity: 'Y' }),
    ).toThrow('máximo');
  });

  it('refuses what a bank app would refuse, with a Portuguese message', () => {
    const base = { merchantName: 'Hiper', merchantCity: 'Blumenau' };
    expect(() => encodeBrCode({ ...base })).toThrow('apenas uma');
    expect(() => encodeBrCode({ ...base, key: 'k@x.com', url: 'psp.com/x' })).toThrow('apenas uma');
    expect(() => encodeBrCode({ ...base, key: 'k@x.com', txid: 'COB-0001' })).toThrow('letras ou dígitos');
    expect(() => encodeBrCode({ ...base, key: 'k@x.com', txid: 'A'.repeat(26) })).toThrow('de 1 a 25');
    expect(() => encodeBrCode({ ...base, url: 'psp.com/x', txid: 'ABC' })).toThrow('location');
    expect(() => encodeBrCode({ ...base, key: 'chave com espaço' })).toThrow('Chave Pix inválida');
    expect(() => encodeBrCode({ ...base, key: 'k@x.com', merchantName: 'ção' })).not.toThrow();
    expect(() => encodeBrCode({ ...base, key: 'k@x.com', merchantName: '  ' })).toThrow('nome do recebedor');
    expect(() => encodeBrCode({ ...base, key: 'k@x.com', merchantCity: '' })).toThrow('cidade do recebedor');
  });

  it('keeps a long description within the 99 characters of field 26', () => {
    const payload = encodeBrCode({
      key: '123e4567-e12b-12d1-a456-426655440000',
      description: 'Mensalidade do sistema Hiper referente a janeiro de 2026 — cliente 000123',
      merchantName: 'Hiper',
      merchantCity: 'Blumenau',
    });
    const decoded = decodeBrCode(payload);
    expect(decoded.crcValid).toBe(true);
    expect(payload.slice(0, 8)).toBe('00020126');
    expect(Number(payload.slice(8, 10))).toBe(99);
    expect(decoded.description).toBe('Mensalidade do sistema Hiper referent');
  });
});

describe('decodeBrCode', () => {
  it('reads the BACEN static example', () => {
    expect(decodeBrCode(BACEN_STATIC)).toEqual({
      crcValid: true,
      crc: '1D3D',
      expectedCrc: '1D3D',
      key: '123e4567-e12b-12d1-a456-426655440000',
      url: null,
      amountCents: null,
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      txid: '***',
      description: null,
      pointOfInitiation: null,
    });
  });

  it('reads the dynamic example of the Manual do BR Code (location, R$ 123,45)', () => {
    expect(decodeBrCode(BACEN_BR_CODE_MANUAL_DYNAMIC)).toMatchObject({
      crcValid: true,
      key: null,
      url: 'bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd441',
      amountCents: 12345,
      txid: 'RP12345678-2019',
      pointOfInitiation: 'dynamic',
    });
  });

  it('compares the GUI case-insensitively (BR.GOV.BCB.PIX)', () => {
    expect(decodeBrCode(BACEN_DYNAMIC_UPPER_GUI)).toMatchObject({
      crcValid: true,
      url: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99',
      merchantCity: 'SAO PAULO',
    });
  });

  it('reports a wrong CRC as crcValid:false with both values, and ignores surrounding spaces', () => {
    const tampered = `  ${BACEN_STATIC.replace('Fulano', 'Fulana')}\n`;
    expect(decodeBrCode(tampered)).toMatchObject({
      crcValid: false,
      crc: '1D3D',
      merchantName: 'Fulana de Tal',
    });
    expect(decodeBrCode(tampered).expectedCrc).toMatch(/^[0-9A-F]{4}$/);
    expect(decodeBrCode(BACEN_STATIC.replace('1D3D', '1d3d')).crcValid).toBe(true);
  });

  it('refuses malformed TLV with a Portuguese message', () => {
    expect(() => decodeBrCode(PUBLISHED_STATIC_WITH_LENGTH_TYPO)).toThrow(PixError);
    expect(() => decodeBrCode('')).toThrow('vazio');
    expect(() => decodeBrCode('hello')).toThrow('000201');
    expect(() => decodeBrCode(BACEN_STATIC.slice(0, 60))).toThrow('CRC');
    expect(() => decodeBrCode(BACEN_STATIC.replace('5802BR', '58X2BR'))).toThrow('malformado');
    expect(() => decodeBrCode(BACEN_STATIC.replace('br.gov.bcb.pix', 'br.gov.bcb.pax'))).toThrow(
      'br.gov.bcb.pix',
    );
    expect(() => decodeBrCode(BACEN_STATIC.replace('5303986', '5303840'))).toThrow('986');
    expect(() => decodeBrCode(BACEN_STATIC.replace('6304', '6305').slice(0, -1))).toThrow(PixError);
    expect(() => decodeBrCode(`${BACEN_STATIC.slice(0, 4)}é${BACEN_STATIC.slice(5)}`)).toThrow('ASCII');
    // Amount in field 54 that is not an EMV decimal.
    const badAmount = encodeBrCode({ key: 'a@b.com', amountCents: 100, merchantName: 'X', merchantCity: 'Y' })
      .replace('54041.00', '54041,00')
      .slice(0, -4);
    expect(() => decodeBrCode(badAmount + crc16CcittFalse(badAmount))).toThrow('valor inválido');
  });

  it('parses EMV amounts with integers', () => {
    expect(parsePixAmount('123.45')).toBe(12345);
    expect(parsePixAmount('0.1')).toBe(10);
    expect(parsePixAmount('7')).toBe(700);
    expect(parsePixAmount('1.234')).toBeNull();
    expect(parsePixAmount('-1.00')).toBeNull();
    expect(parsePixAmount('1e3')).toBeNull();
  });
});

describe('every BR Code we generate is read back by pix-utils (independent implementation)', () => {
  const text = (max: number) =>
    fc
      .string({
        unit: fc.constantFrom(...'AaÁãÇçÉéÍíÕõÚü BCDEFGHIJKLMNOPQRSTUVWXYZxyz0123456789.-&'),
        minLength: 1,
        maxLength: max,
      })
      .filter((s) => /[A-Za-z0-9]/.test(s));
  const key = fc.oneof(
    fc.stringMatching(/^\d{11}$/),
    fc.stringMatching(/^\d{14}$/),
    fc.stringMatching(/^\+55\d{10,11}$/),
    fc.uuid(),
    fc.emailAddress().filter((e) => e.length <= 77),
  );
  const amount = fc.option(fc.integer({ min: 1, max: 9_999_999_999 }), { nil: null });
  const txid = fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,25}$/), { nil: undefined });

  it('static form (key, amount, txid, description): same fields, valid CRC', () => {
    fc.assert(
      fc.property(
        key,
        amount,
        text(40),
        text(30),
        txid,
        fc.option(text(50), { nil: undefined }),
        (k, a, n, c, t, d) => {
          const payload = encodeBrCode({
            key: k,
            amountCents: a,
            merchantName: n,
            merchantCity: c,
            txid: t,
            description: d,
          });
          const ours = decodeBrCode(payload);
          expect(ours.crcValid).toBe(true);
          const theirs = parsePix(payload);
          if (hasError(theirs)) throw new Error(`pix-utils recusou ${payload}: ${theirs.message}`);
          if (!isStaticPix(theirs)) throw new Error(`pix-utils não leu como estático: ${payload}`);
          expect(theirs.pixKey).toBe(k);
          expect(ours.key).toBe(k);
          expect(theirs.merchantName).toBe(ours.merchantName);
          expect(theirs.merchantCity).toBe(ours.merchantCity);
          expect(ours.merchantName.length).toBeLessThanOrEqual(25);
          expect(ours.merchantCity.length).toBeLessThanOrEqual(15);
          expect(theirs.txid).toBe(t ?? '***');
          expect(ours.amountCents).toBe(a);
          // pix-utils exposes the amount as a JS number: compared in centavos here only, never in our code.
          expect(Math.round((theirs.transactionAmount ?? 0) * 100)).toBe(a ?? 0);
          expect(theirs.infoAdicional ?? null).toBe(ours.description);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('dynamic form (location URL): same fields, valid CRC', () => {
    const url = fc
      .tuple(fc.domain(), fc.stringMatching(/^[a-z0-9/-]{1,30}$/))
      .map(([host, path]) => `${host}/${path}`)
      .filter((u) => u.length <= 77);
    fc.assert(
      fc.property(url, text(40), text(30), fc.boolean(), (u, n, c, withScheme) => {
        const payload = encodeBrCode({
          url: withScheme ? `https://${u}` : u,
          merchantName: n,
          merchantCity: c,
        });
        expect(decodeBrCode(payload)).toMatchObject({ crcValid: true, url: u, pointOfInitiation: 'dynamic' });
        const theirs = parsePix(payload);
        if (hasError(theirs)) throw new Error(`pix-utils recusou ${payload}: ${theirs.message}`);
        if (!isDynamicPix(theirs)) throw new Error(`pix-utils não leu como dinâmico: ${payload}`);
        expect(theirs.url).toBe(u);
      }),
      { numRuns: 1000 },
    );
  });
});
