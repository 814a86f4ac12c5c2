import { getBoletoInfo, isValidBoleto } from '@brazilian-utils/brazilian-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_PAYMENT_SETTINGS, type PaymentSettings } from '../payment-settings';
import { bancoDoBrasilDv } from './banks/banco-do-brasil';
import { sicoobNossoNumeroDv } from './banks/sicoob';
import { decodeBoleto, formatDigitableLine } from './barcode';
import { BoletoError } from './boleto-error';
import { buildBoleto } from './build-boleto';

type BoletoSettings = PaymentSettings['boleto'];

const bb = (over: Partial<BoletoSettings> = {}): BoletoSettings => ({
  bankCode: '001',
  agency: '1234',
  account: '123456X',
  convenio: '1234567',
  carteira: '17',
  variation: '035',
  ...over,
});

const sicoob = (over: Partial<BoletoSettings> = {}): BoletoSettings => ({
  bankCode: '756',
  agency: '4277',
  account: '64980',
  convenio: '0172278',
  carteira: '1',
  variation: '01',
  ...over,
});

describe('Banco do Brasil, convênio de 7 dígitos (nosso número de 17, sem DV)', () => {
  // BoletoNet/BoletoNetCore, BoletoNetCore.Testes/BancoBrasilCarteira17_035Tests.cs (convênio 1234567, carteira 17):
  // [valor, nosso número, barcode, linha digitável, vencimento].
  const CASES: [number, number, string, string, string][] = [
    [
      40000,
      5,
      '00191699100000400000000001234567000000000517',
      '00190.00009 01234.567004 00000.005173 1 69910000040000',
      '2016-11-27',
    ],
    [
      40200,
      5,
      '00192699100000402000000001234567000000000517',
      '00190.00009 01234.567004 00000.005173 2 69910000040200',
      '2016-11-27',
    ],
    [
      20000,
      3,
      '00193692900000200000000001234567000000000317',
      '00190.00009 01234.567004 00000.003178 3 69290000020000',
      '2016-09-26',
    ],
    [
      123278,
      1,
      '00194688900001232780000001234567000000000117',
      '00190.00009 01234.567004 00000.001172 4 68890000123278',
      '2016-08-17',
    ],
    [
      80000,
      9,
      '00195710300000800000000001234567000000000917',
      '00190.00009 01234.567004 00000.009175 5 71030000080000',
      '2017-03-19',
    ],
    [
      30652,
      4,
      '00196695900000306520000001234567000000000417',
      '00190.00009 01234.567004 00000.004176 6 69590000030652',
      '2016-10-26',
    ],
    [
      30000,
      4,
      '00197695900000300000000001234567000000000417',
      '00190.00009 01234.567004 00000.004176 7 69590000030000',
      '2016-10-26',
    ],
    [
      60900,
      7,
      '00198705200000609000000001234567000000000717',
      '00190.00009 01234.567004 00000.007179 8 70520000060900',
      '2017-01-27',
    ],
    [
      60000,
      7,
      '00199705200000600000000001234567000000000717',
      '00190.00009 01234.567004 00000.007179 9 70520000060000',
      '2017-01-27',
    ],
  ];
  for (const [amount, sequence, barcode, line, due] of CASES) {
    it(`BoletoNetCore: R$ ${amount / 100} nosso número ${sequence} due ${due}`, () => {
      const built = buildBoleto(bb(), sequence, amount, due);
      expect(built.bankCode).toBe('001');
      expect(built.nossoNumero).toBe(`1234567${String(sequence).padStart(10, '0')}`);
      expect(built.nossoNumeroWithDv).toBe(built.nossoNumero);
      expect(built.barcode).toBe(barcode);
      expect(formatDigitableLine(built.digitableLine)).toBe(line);
    });
  }

  it('brcobranca banco_brasil_spec: convênio 1238798, nosso número 7777700168, carteira 18', () => {
    // kivanio/brcobranca spec/brcobranca/boleto/banco_brasil_spec.rb, "convenio de 7 digitos e nosso numero de 10".
    const built = buildBoleto(bb({ convenio: '1238798', carteira: '18' }), 7777700168, 72356, '2008-02-03');
    expect(built.barcode).toBe('00195377100000723560000001238798777770016818');
    expect(formatDigitableLine(built.digitableLine)).toBe(
      '00190.00009 01238.798779 77700.168188 5 37710000072356',
    );
  });

  it('prints agência and conta with the BB check digits (brcobranca vectors)', () => {
    // brcobranca: agencia_dv 4042 → 8, 0719 → 6, 0548 → 7; conta 61900 → 0, 1448 → 6;
    // agencia_conta_boleto "4042-8 / 00061900-0", "0548-7 / 00001448-6".
    expect(['4042', '0719', '0548', '61900', '1448', '85068014982'].map(bancoDoBrasilDv)).toEqual([
      '8',
      '6',
      '7',
      '0',
      '6',
      '9',
    ]);
    expect(buildBoleto(bb({ agency: '4042', account: '619000' }), 1, 100, '2026-03-10').beneficiaryCode).toBe(
      '4042-8 / 00061900-0',
    );
    expect(buildBoleto(bb({ agency: '0548', account: '1448-6' }), 1, 100, '2026-03-10').beneficiaryCode).toBe(
      '0548-7 / 00001448-6',
    );
  });

  it('refuses a convênio that is not 7 digits and a sequence that does not fit', () => {
    expect(() => buildBoleto(bb({ convenio: '123456' }), 1, 100, '2026-03-10')).toThrow(
      /convênios de 7 dígitos/,
    );
    expect(() => buildBoleto(bb(), 0, 100, '2026-03-10')).toThrow(BoletoError);
    expect(() => buildBoleto(bb(), 10_000_000_000, 100, '2026-03-10')).toThrow(/fora do intervalo/);
  });
});

describe('Sicoob (756), carteira 1, modalidade 01', () => {
  it('computes the nosso número DV with the 3197 weights (brcobranca sicoob_spec table)', () => {
    // kivanio/brcobranca spec/brcobranca/boleto/sicoob_spec.rb: agência 4327, convênio 229385, nosso número 1..13.
    expect(Array.from({ length: 13 }, (_, i) => sicoobNossoNumeroDv('4327', '229385', i + 1))).toEqual([
      7, 4, 1, 9, 6, 3, 0, 8, 5, 3, 0, 8, 5,
    ]);
    // Trust-Code/python-boleto tests/test_banco_sicoob.py: agência 3069, beneficiário 225, nosso número 3 → DV 5.
    expect(sicoobNossoNumeroDv('3069', '225', 3)).toBe(5);
  });

  it('brcobranca sicoob_spec: modalidade 01 and 05', () => {
    const m01 = buildBoleto(sicoob({ agency: '4327', convenio: '229385' }), 2, 5000, '2016-02-18');
    expect(m01.barcode.slice(19)).toBe('1432701022938500000024001');
    expect(formatDigitableLine(m01.digitableLine)).toBe(
      '75691.43279 01022.938508 00000.240010 2 67080000005000',
    );
    expect(m01.nossoNumero).toBe('00000024');
    expect(m01.nossoNumeroWithDv).toBe('0000002-4');
    expect(m01.beneficiaryCode).toBe('4327 / 0229385');
    const m05 = buildBoleto(
      sicoob({ agency: '4134', convenio: '148180', variation: '05' }),
      110,
      23500,
      '2017-04-15',
    );
    expect(m05.barcode.slice(19)).toBe('1413405014818000001104001');
    expect(formatDigitableLine(m05.digitableLine)).toBe(
      '75691.41349 05014.818008 00011.040011 4 71300000023500',
    );
  });

  // BoletoNet/BoletoNetCore BoletoNetCore.Testes/Bancos/Sicoob/Carteiras/BancoSicoobCarteira1_01Tests.cs
  // (cooperativa 4277, código do beneficiário 17227-8 → 0172278): [valor, nosso número, formatado, barcode, linha, venc.].
  const CASES: [number, number, string, string, string, string][] = [
    [
      30000,
      4,
      '0000004-0',
      '75691697400000300001427701017227800000040001',
      '75691.42776 01017.227800 00000.400010 1 69740000030000',
      '2016-11-10',
    ],
    [
      30000,
      3,
      '0000003-3',
      '75692711100000300001427701017227800000033001',
      '75691.42776 01017.227800 00000.330019 2 71110000030000',
      '2017-03-27',
    ],
    [
      40000,
      4,
      '0000004-0',
      '75693714200000400001427701017227800000040001',
      '75691.42776 01017.227800 00000.400010 3 71420000040000',
      '2017-04-27',
    ],
    [
      50000,
      6,
      '0000006-5',
      '75694703000000500001427701017227800000065001',
      '75691.42776 01017.227800 00000.650010 4 70300000050000',
      '2017-01-05',
    ],
    [
      90000,
      9,
      '0000009-7',
      '75695729500000900001427701017227800000097001',
      '75691.42776 01017.227800 00000.970012 5 72950000090000',
      '2017-09-27',
    ],
    [
      60000,
      7,
      '0000007-2',
      '75696706300000600001427701017227800000072001',
      '75691.42776 01017.227800 00000.720011 6 70630000060000',
      '2017-02-07',
    ],
    [
      401124,
      12349,
      '0012349-2',
      '75697702200004011241427701017227800123492001',
      '75691.42776 01017.227800 01234.920013 7 70220000401124',
      '2016-12-28',
    ],
    [
      70000,
      8,
      '0000008-0',
      '75698709500000700001427701017227800000080001',
      '75691.42776 01017.227800 00000.800011 8 70950000070000',
      '2017-03-11',
    ],
    [
      40900,
      5,
      '0000005-8',
      '75699700200000409001427701017227800000058001',
      '75691.42776 01017.227800 00000.580019 9 70020000040900',
      '2016-12-08',
    ],
  ];
  for (const [amount, sequence, formatted, barcode, line, due] of CASES) {
    it(`BoletoNetCore: nosso número ${formatted} R$ ${amount / 100} due ${due}`, () => {
      const built = buildBoleto(sicoob(), sequence, amount, due);
      expect(built.bankCode).toBe('756');
      expect(built.nossoNumeroWithDv).toBe(formatted);
      expect(built.nossoNumero).toBe(formatted.replace('-', ''));
      expect(built.barcode).toBe(barcode);
      expect(formatDigitableLine(built.digitableLine)).toBe(line);
      expect(built.beneficiaryCode).toBe('4277 / 0172278');
    });
  }

  it('refuses a bad configuration with a pt-BR message', () => {
    expect(() => buildBoleto(sicoob({ agency: '42' }), 1, 100, '2026-03-10')).toThrow(
      /Cooperativa Sicoob inválida/,
    );
    expect(() => buildBoleto(sicoob({ convenio: '12345678' }), 1, 100, '2026-03-10')).toThrow(
      /até 7 dígitos/,
    );
    expect(() => buildBoleto(sicoob(), 10_000_000, 100, '2026-03-10')).toThrow(/fora do intervalo/);
    expect(() =>
      buildBoleto({ ...sicoob(), bankCode: '341' as unknown as '756' }, 1, 100, '2026-03-10'),
    ).toThrow(/não suportado/);
  });
});

describe('every generated boleto is valid for an independent library (brazilian-utils)', () => {
  const dayMs = 86_400_000;
  const first = Date.UTC(2000, 6, 3);
  const last = Date.UTC(2049, 9, 13);
  const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const localIso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

  const settingsArb = fc.oneof(
    fc
      .record({
        agency: fc.stringMatching(/^\d{4}$/),
        convenio: fc.stringMatching(/^\d{7}$/),
        carteira: fc.constantFrom('17', '18'),
        sequence: fc.integer({ min: 1, max: 9_999_999_999 }),
      })
      .map(({ sequence, ...s }) => ({ settings: bb(s), sequence })),
    fc
      .record({
        agency: fc.stringMatching(/^\d{4}$/),
        convenio: fc.stringMatching(/^\d{1,7}$/),
        variation: fc.constantFrom('01', '02', '05'),
        sequence: fc.integer({ min: 1, max: 9_999_999 }),
      })
      .map(({ sequence, ...s }) => ({ settings: sicoob(s), sequence })),
  );

  it('barcode and linha digitável of 2,000 random boletos, before and after the 2025 reset', () => {
    fc.assert(
      fc.property(
        settingsArb,
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.integer({ min: 0, max: Math.round((last - first) / dayMs) }),
        ({ settings, sequence }, amount, dayOffset) => {
          const dueDate = isoOf(first + dayOffset * dayMs);
          const built = buildBoleto(settings, sequence, amount, dueDate);
          expect(built.barcode).toMatch(/^\d{44}$/);
          expect(built.digitableLine).toMatch(/^\d{47}$/);
          expect(isValidBoleto(built.digitableLine)).toBe(true);
          expect(isValidBoleto(formatDigitableLine(built.digitableLine))).toBe(true);
          const info = getBoletoInfo(built.digitableLine, { referenceDate: new Date(`${dueDate}T12:00:00`) });
          expect(info?.bankCode).toBe(settings.bankCode);
          expect(info?.amount).toBe(amount);
          expect(localIso(info!.expirationDate!)).toBe(dueDate);
          // Our own decoder agrees, from either representation.
          const decoded = decodeBoleto(built.digitableLine, dueDate);
          expect(decoded).toMatchObject({ barcode: built.barcode, amountCents: amount, dueDate });
          expect(decodeBoleto(built.barcode, dueDate).digitableLine).toBe(built.digitableLine);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('any single wrong digit in fields 1–3 is caught', () => {
    const built = buildBoleto(DEMO_PAYMENT_SETTINGS.boleto, 42, 123456, '2026-03-10');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const line = built.digitableLine;
        const changed =
          line.slice(0, position) + String((Number(line[position]) + delta) % 10) + line.slice(position + 1);
        expect(() => decodeBoleto(changed, '2026-03-01')).toThrow(BoletoError);
        expect(isValidBoleto(changed)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('the demo settings produce a Banco do Brasil boleto', () => {
    const built = buildBoleto(DEMO_PAYMENT_SETTINGS.boleto, 1, 123456, '2026-03-10');
    expect(built.nossoNumero).toBe('12345670000000001');
    expect(built.barcode.slice(19)).toBe('0000001234567000000000117');
    expect(isValidBoleto(built.digitableLine)).toBe(true);
  });
});
