import { getBoletoInfo, isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import {
  barcodeFromDigitableLine,
  barcodeFromParts,
  decodeBoleto,
  digitableLineFromBarcode,
  formatDigitableLine,
} from './barcode';
import { BoletoError } from './boleto-error';
import { barcodeCheckDigit } from './check-digits';
import { dueDateFactor, dueDateFromFactor } from './due-date-factor';

/**
 * Published, independently generated boletos. Each line below comes from a public source:
 * - brazilian-utils README / is-valid-boleto docs (npm @brazilian-utils/is-valid-boleto);
 * - fabiohk/boleto-validator README (Caixa 033… with barcode and due date 19/02/2013);
 * - mcrvaz/boleto-brasileiro-validator README (Bradesco 237…);
 * - npm boleto-validator README (422…);
 * - kivanio/brcobranca spec/brcobranca/boleto/banco_brasil_spec.rb and sicoob_spec.rb;
 * - BoletoNet/BoletoNetCore BoletoNetCore.Testes BancoBrasilCarteira17_035Tests.cs and
 *   BancoSicoobCarteira1_01Tests.cs;
 * - QI Tech API docs, "Consultar linha digitável de boleto" example (barcode + line + expiration_date);
 * - klawdyo/boleto_parser README (Inter 077…, 31/05/2022);
 * - Trust-Code/python-boleto tests/test_banco_sicoob.py (expected linha digitável);
 * - kriansa/openboleto tests (Sicoob 2014-04-01).
 */
const PUBLISHED: {
  source: string;
  input: string;
  bank: string;
  amountCents: number;
  dueDate: string;
  barcode?: string;
}[] = [
  {
    source: 'brazilian-utils docs',
    input: '00190000090114971860168524522114675860000102656',
    bank: '001',
    amountCents: 102656,
    dueDate: '2018-07-15',
  },
  {
    source: 'fabiohk/boleto-validator',
    input: '03399.63290 64000.000006 00125.201020 4 56140000017832',
    bank: '033',
    amountCents: 17832,
    dueDate: '2013-02-19',
    barcode: '03394561400000178329632964000000000012520102',
  },
  {
    source: 'mcrvaz/boleto-brasileiro-validator',
    input: '23793.38128 60007.827136 95000.063305 9 75520000370000',
    bank: '237',
    amountCents: 370000,
    dueDate: '2018-06-11',
  },
  {
    source: 'npm boleto-validator',
    input: '42297.11504 00001.954411 60020.034520 2 68610000054659',
    bank: '422',
    amountCents: 54659,
    dueDate: '2016-07-20',
  },
  {
    source: 'brcobranca banco_brasil_spec (convênio 7, nosso número 10)',
    input: '00190.00009 01238.798779 77700.168188 3 37710000013500',
    bank: '001',
    amountCents: 13500,
    dueDate: '2008-02-03',
    barcode: '00193377100000135000000001238798777770016818',
  },
  {
    source: 'BoletoNetCore BancoBrasilCarteira17_035Tests',
    input: '00190.00009 01234.567004 00000.005173 1 69910000040000',
    bank: '001',
    amountCents: 40000,
    dueDate: '2016-11-27',
    barcode: '00191699100000400000000001234567000000000517',
  },
  {
    source: 'brcobranca sicoob_spec (modalidade 01)',
    input: '75691.43279 01022.938508 00000.240010 2 67080000005000',
    bank: '756',
    amountCents: 5000,
    dueDate: '2016-02-18',
  },
  {
    source: 'BoletoNetCore BancoSicoobCarteira1_01Tests',
    input: '75691.42776 01017.227800 01234.920013 7 70220000401124',
    bank: '756',
    amountCents: 401124,
    dueDate: '2016-12-28',
    barcode: '75697702200004011241427701017227800123492001',
  },
  {
    source: 'python-boleto test_banco_sicoob',
    input: '75693.30694 03000.022503 00000.350017 3 67860000009750',
    bank: '756',
    amountCents: 9750,
    dueDate: '2016-05-06',
  },
  {
    source: 'openboleto SicoobTest',
    input: '75691.32314 01000.484707 00000.090019 1 60200000001000',
    bank: '756',
    amountCents: 1000,
    dueDate: '2014-04-01',
  },
  {
    source: 'QI Tech docs',
    input: '31890005025050051213700211649462383350000083548',
    bank: '318',
    amountCents: 83548,
    dueDate: '2020-08-02',
    barcode: '31893833500000835480005050500512130021164946',
  },
  {
    source: 'klawdyo/boleto_parser README',
    input: '07790.00116 12064.449908 08159.365561 7 90020000015130',
    bank: '077',
    amountCents: 15130,
    dueDate: '2022-05-31',
  },
];

describe('boleto codec — published vectors', () => {
  for (const v of PUBLISHED) {
    it(`decodes ${v.source}`, () => {
      // Reference date = a month after the due date, as when a payer types it shortly after receiving it.
      const reference = new Date(Date.parse(v.dueDate) + 30 * 86_400_000).toISOString().slice(0, 10);
      const decoded = decodeBoleto(v.input, reference);
      expect(decoded.bankCode).toBe(v.bank);
      expect(decoded.currency).toBe('9');
      expect(decoded.amountCents).toBe(v.amountCents);
      expect(decoded.dueDate).toBe(v.dueDate);
      if (v.barcode) expect(decoded.barcode).toBe(v.barcode);
      expect(decoded.digitableLine).toBe(v.input.replace(/\D/g, ''));
      // Barcode ↔ line round trip, and the same result from the 44 digits.
      expect(barcodeFromDigitableLine(decoded.digitableLine)).toBe(decoded.barcode);
      expect(digitableLineFromBarcode(decoded.barcode)).toBe(decoded.digitableLine);
      expect(decodeBoleto(decoded.barcode, reference)).toEqual(decoded);
      expect(isValidBoleto(decoded.digitableLine)).toBe(true);
    });
  }

  it('formats the linha digitável as printed on the boleto', () => {
    expect(formatDigitableLine('00190000090123456700400000005173169910000040000')).toBe(
      '00190.00009 01234.567004 00000.005173 1 69910000040000',
    );
    expect(formatDigitableLine('00190.00009 01234.567004 00000.005173 1 69910000040000')).toBe(
      '00190.00009 01234.567004 00000.005173 1 69910000040000',
    );
    expect(() => formatDigitableLine('123')).toThrow(BoletoError);
  });

  it('builds the barcode from its parts (BoletoNetCore BB carteira 17, R$ 400,00 due 27/11/2016)', () => {
    expect(
      barcodeFromParts({
        bankCode: '001',
        dueDate: '2016-11-27',
        amountCents: 40000,
        freeField: '0000001234567000000000517',
      }),
    ).toBe('00191699100000400000000001234567000000000517');
  });

  it('accepts a boleto without due date (factor 0000) and a zero amount', () => {
    const barcode = barcodeFromParts({
      bankCode: '237',
      dueDate: null,
      amountCents: 0,
      freeField: '0'.repeat(25),
    });
    const decoded = decodeBoleto(barcode, '2026-01-01');
    expect(decoded.dueDate).toBeNull();
    expect(decoded.factor).toBe(0);
    expect(decoded.amountCents).toBe(0);
    expect(isValidBoleto(decoded.digitableLine)).toBe(true);
  });
});

describe('boleto codec — errors name the field (pt-BR)', () => {
  const line = '00190000090123456700400000005173169910000040000';

  function errorOf(fn: () => unknown): BoletoError {
    try {
      fn();
    } catch (err) {
      if (err instanceof BoletoError) return err;
      throw err;
    }
    throw new Error('expected a BoletoError');
  }

  it('a wrong digit in field 1, 2 or 3 is reported in that field', () => {
    const bump = (s: string, i: number) => s.slice(0, i) + String((Number(s[i]) + 1) % 10) + s.slice(i + 1);
    const e1 = errorOf(() => decodeBoleto(bump(line, 6), '2016-11-01'));
    expect(e1.field).toBe('campo1');
    expect(e1.message).toMatch(/campo 1 da linha digitável não confere/);
    expect(errorOf(() => decodeBoleto(bump(line, 12), '2016-11-01')).field).toBe('campo2');
    expect(errorOf(() => decodeBoleto(bump(line, 31), '2016-11-01')).field).toBe('campo3');
  });

  it('a wrong amount or due date is caught by the general check digit', () => {
    // R$ 400,00 → R$ 500,00 in field 5: the general DV (campo 4) no longer matches.
    const edited = `${line.slice(0, 33)}69910000050000`;
    const e = errorOf(() => decodeBoleto(edited, '2016-11-01'));
    expect(e.field).toBe('dv');
    expect(e.message).toMatch(/Dígito verificador geral \(campo 4\)/);
    // boleto_utils (Dart) test "deve retornar a data de vencimento com base no dia 22/02/2025" edits the factor of
    // a real line (9448 → 1001) without recomputing the general DV: a strict decoder must refuse it.
    expect(
      errorOf(() => decodeBoleto('32090074201080049084849760000023910010000071327', '2025-03-01')).field,
    ).toBe('dv');
    expect(isValidBoleto('32090074201080049084849760000023910010000071327')).toBe(false);
  });

  it('a barcode with a wrong general digit is refused', () => {
    const e = errorOf(() => decodeBoleto('00192699100000400000000001234567000000000517', '2016-11-01'));
    expect(e.field).toBe('dv');
    expect(e.message).toMatch(/código de barras não confere/);
  });

  it('refuses arrecadação (48 digits, starts with 8) with a clear message', () => {
    // Arrecadação examples from the brazilian-utils docs and mcrvaz/boleto-brasileiro-validator README.
    for (const input of [
      '846100000005246100291102005460339004695895061080',
      '85890000460-9 52460179160-5 60759305086-5 83148300001-0',
      '84890000000404201622018060519042958603411122',
    ]) {
      const e = errorOf(() => decodeBoleto(input, '2026-01-01'));
      expect(e.message).toMatch(/arrecadação/);
      expect(e.field).toBe('entrada');
    }
  });

  it('refuses wrong lengths, letters and other currencies', () => {
    expect(errorOf(() => decodeBoleto('0019000009012345', '2026-01-01')).message).toMatch(/16 dígitos/);
    expect(errorOf(() => decodeBoleto(`${line.slice(0, 46)}X`, '2026-01-01')).message).toMatch(
      /só pode ter dígitos/,
    );
    // Currency 0 ("outras moedas") with every check digit right: only the currency is refused.
    const body = `0010${'0'.repeat(14)}${'1'.repeat(25)}`;
    const barcode = `${body.slice(0, 4)}${barcodeCheckDigit(body)}${body.slice(4)}`;
    const e = errorOf(() => decodeBoleto(barcode, '2026-01-01'));
    expect(e.field).toBe('moeda');
    expect(e.message).toMatch(/só boletos em real/);
  });

  it('refuses amounts that do not fit and impossible dates when building', () => {
    const parts = { bankCode: '001', dueDate: '2026-03-10', amountCents: 1, freeField: '0'.repeat(25) };
    expect(errorOf(() => barcodeFromParts({ ...parts, amountCents: 10_000_000_000 })).field).toBe('valor');
    expect(errorOf(() => barcodeFromParts({ ...parts, amountCents: 10.5 })).field).toBe('valor');
    expect(errorOf(() => barcodeFromParts({ ...parts, dueDate: '2026-02-30' })).field).toBe('vencimento');
    expect(errorOf(() => barcodeFromParts({ ...parts, dueDate: '1999-12-31' })).message).toMatch(
      /03\/07\/2000/,
    );
  });
});

describe('due-date factor (with the 22/02/2025 reset)', () => {
  it('encodes published factor/date pairs', () => {
    // Simple.Brazilian BoletoCalculateFatorVencimento.cs
    expect(dueDateFactor('2000-07-03')).toBe(1000);
    expect(dueDateFactor('2002-12-01')).toBe(1881);
    expect(dueDateFactor('2007-03-29')).toBe(3460);
    expect(dueDateFactor('2025-02-21')).toBe(9999);
    // BoletoNetCore FatorVencimento.cs: 21/02/2025 = 9999, 22/02/2025 = 1000.
    expect(dueDateFactor('2025-02-22')).toBe(1000);
    // Italosm/cash cash.js examples: 2000-12-06 → 1156, 2025-02-23 → 1001.
    expect(dueDateFactor('2000-12-06')).toBe(1156);
    expect(dueDateFactor('2025-02-23')).toBe(1001);
    // BankBillet test (TypeScript, "Testing bank due date factor"): 6000 = 12/03/2014, 8000 = 02/09/2019,
    // 8121 = 01/01/2020, 4000 = 11/05/2033 (second cycle).
    expect(dueDateFactor('2014-03-12')).toBe(6000);
    expect(dueDateFactor('2019-09-02')).toBe(8000);
    expect(dueDateFactor('2020-01-01')).toBe(8121);
    expect(dueDateFactor('2033-05-11')).toBe(4000);
    // BRAZIL-PAYMENTS.md: the second cycle ends at 9999 on 13/10/2049.
    expect(dueDateFactor('2049-10-13')).toBe(9999);
    expect(dueDateFactor('2049-10-14')).toBe(1000);
    expect(dueDateFactor(null)).toBe(0);
  });

  it('decodes a factor to the candidate nearest the reference date', () => {
    expect(dueDateFromFactor(1000, '2026-01-01')).toBe('2025-02-22');
    expect(dueDateFromFactor(1000, '2010-01-01')).toBe('2000-07-03');
    expect(dueDateFromFactor(9999, '2026-01-01')).toBe('2025-02-21');
    expect(dueDateFromFactor(1001, '2025-02-20')).toBe('2025-02-23');
    expect(dueDateFromFactor(4000, '2030-01-01')).toBe('2033-05-11');
    expect(dueDateFromFactor(4000, '2012-01-01')).toBe('2008-09-19');
    expect(dueDateFromFactor(8121, '2020-01-01')).toBe('2020-01-01');
    // A 2019 boleto typed in 2026 is still 2019 (nearer than 2044).
    expect(dueDateFromFactor(8000, '2026-06-01')).toBe('2019-09-02');
    // The same factor read in 2042 means the second cycle.
    expect(dueDateFromFactor(8000, '2042-01-01')).toBe('2044-04-23');
    expect(dueDateFromFactor(0, '2026-01-01')).toBeNull();
    expect(() => dueDateFromFactor(999, '2026-01-01')).toThrow(/inválido/);
  });

  it('decodes full lines before and after the reset', () => {
    // Before: BoletoNetCore BB R$ 400,00 due 27/11/2016, read in 2016 and in 2026 (still 2016: nearest).
    const before = '00190.00009 01234.567004 00000.005173 1 69910000040000';
    expect(decodeBoleto(before, '2016-11-20').dueDate).toBe('2016-11-27');
    expect(decodeBoleto(before, '2026-06-01').dueDate).toBe('2016-11-27');
    // After: the same BB free field due 10/03/2026 (factor 1381), cross-checked by brazilian-utils.
    const after = barcodeFromParts({
      bankCode: '001',
      dueDate: '2026-03-10',
      amountCents: 40000,
      freeField: '0000001234567000000000517',
    });
    expect(after.slice(5, 9)).toBe('1381');
    const decoded = decodeBoleto(after, '2026-03-01');
    expect(decoded.dueDate).toBe('2026-03-10');
    expect(isValidBoleto(decoded.digitableLine)).toBe(true);
    const info = getBoletoInfo(decoded.digitableLine, { referenceDate: new Date(2026, 2, 1) });
    expect(info?.amount).toBe(40000);
    expect(localIso(info!.expirationDate!)).toBe('2026-03-10');
  });
});

function localIso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
