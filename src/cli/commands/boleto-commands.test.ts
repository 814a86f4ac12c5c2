import { describe, expect, it } from 'vitest';
import { barcodeFromParts } from '../../domain/payments/boleto/barcode';
import { runCli } from '../main';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { NODE_ENV: 'test', ...env },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

function expectOneErrorLine(result: { stdout: string; stderr: string; code: number }, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^erro: \S.*\n$/);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('boleto decode', () => {
  // BoletoNet/BoletoNetCore BancoBrasilCarteira17_035Tests: R$ 400,00 due 27/11/2016.
  const expected = {
    bank: '001',
    amount_cents: 40000,
    due_date: '2016-11-27',
    barcode: '00191699100000400000000001234567000000000517',
    digitable_line: '00190000090123456700400000005173169910000040000',
  };

  it('decodes a formatted linha digitável (one argument or the five printed groups)', async () => {
    const quoted = await cli([
      'boleto',
      'decode',
      '00190.00009 01234.567004 00000.005173 1 69910000040000',
      '--ref',
      '2016-11-20',
    ]);
    expect(quoted.stderr).toBe('');
    expect(quoted.code).toBe(0);
    expect(quoted.json()).toEqual(expected);
    const unquoted = await cli([
      'boleto',
      'decode',
      '00190.00009',
      '01234.567004',
      '00000.005173',
      '1',
      '69910000040000',
      '--ref=2016-11-20',
    ]);
    expect(unquoted.json()).toEqual(expected);
  });

  it('decodes a barcode, and resolves the factor against --ref (nearest date)', async () => {
    const result = await cli(['boleto', 'decode', expected.barcode, '--ref', '2026-06-01']);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual(expected);
  });

  it('defaults --ref to today', async () => {
    // Factor 8131 = 11/01/2020 (open BankBillet test vector); read today (before 2032) it is still 2020.
    const result = await cli(['boleto', 'decode', '23790000090000000000000000000000281310000012300']);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ bank: '237', amount_cents: 12300, due_date: '2020-01-11' });
  });

  it('prints null for a boleto without due date (factor 0000)', async () => {
    const barcode = barcodeFromParts({
      bankCode: '756',
      dueDate: null,
      amountCents: 0,
      freeField: '1'.repeat(25),
    });
    const result = await cli(['boleto', 'decode', barcode]);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ bank: '756', amount_cents: 0, due_date: null, barcode });
  });

  it('explains a wrong check digit in one pt-BR line, exit 1', async () => {
    expectOneErrorLine(
      await cli(['boleto', 'decode', '00190.00009 01234.567004 00000.005174 1 69910000040000']),
      /campo 3 da linha digitável não confere/i,
    );
    expectOneErrorLine(
      await cli(['boleto', 'decode', '00190.00009 01234.567004 00000.005173 1 69910000050000']),
      /dígito verificador geral \(campo 4\)/i,
    );
  });

  it('refuses arrecadação boletos and junk', async () => {
    expectOneErrorLine(
      await cli(['boleto', 'decode', '846100000005246100291102005460339004695895061080']),
      /arrecadação/,
    );
    expectOneErrorLine(await cli(['boleto', 'decode', '1234']), /4 dígitos/);
    expectOneErrorLine(await cli(['boleto', 'decode', expected.barcode, '--ref', '2026-13-01']), /--ref/);
  });

  it('missing argument is a usage error (exit 2)', async () => {
    const result = await cli(['boleto', 'decode']);
    expect(result.code).toBe(2);
  });
});

describe('doc validate', () => {
  it('validates and formats a CPF and a CNPJ (numeric and alphanumeric)', async () => {
    const cpf = await cli(['doc', 'validate', '52998224725']);
    expect(cpf.code).toBe(0);
    expect(cpf.json()).toEqual({ valid: true, kind: 'cpf', formatted: '529.982.247-25' });
    const cnpj = await cli(['doc', 'validate', '11.222.333/0001-81']);
    expect(cnpj.json()).toEqual({ valid: true, kind: 'cnpj', formatted: '11.222.333/0001-81' });
    // Receita Federal's alphanumeric CNPJ example (DV manual, IN RFB 2.229/2024).
    const alpha = await cli(['doc', 'validate', '12abc34501de35']);
    expect(alpha.code).toBe(0);
    expect(alpha.json()).toEqual({ valid: true, kind: 'cnpj', formatted: '12.ABC.345/01DE-35' });
  });

  it('prints the JSON and exits 1 when the document is invalid', async () => {
    const cpf = await cli(['doc', 'validate', '529.982.247-24']);
    expect(cpf.code).toBe(1);
    expect(cpf.stderr).toBe('');
    expect(cpf.json()).toEqual({ valid: false, kind: 'cpf', formatted: '529.982.247-24' });
    const cnpj = await cli(['doc', 'validate', '11222333000182']);
    expect(cnpj.code).toBe(1);
    expect(cnpj.json()).toMatchObject({ valid: false, kind: 'cnpj' });
  });
});

describe('calendar next-business-day', () => {
  it('moves Carnival Saturday to Ash Wednesday (2026)', async () => {
    const result = await cli(['calendar', 'next-business-day', '2026-02-14']);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      date: '2026-02-14',
      business_day: false,
      next_business_day: '2026-02-18',
    });
  });

  it('a business day is its own next business day', async () => {
    const result = await cli(['calendar', 'next-business-day', '2026-06-05']);
    expect(result.json()).toEqual({
      date: '2026-06-05',
      business_day: true,
      next_business_day: '2026-06-05',
    });
  });

  it('uses the configured corrections', async () => {
    const result = await cli(['calendar', 'next-business-day', '2026-03-19'], {
      BANK_EXTRA_HOLIDAYS: '2026-03-19',
    });
    expect(result.json()).toEqual({
      date: '2026-03-19',
      business_day: false,
      next_business_day: '2026-03-20',
    });
  });

  it('refuses an invalid date', async () => {
    expectOneErrorLine(await cli(['calendar', 'next-business-day', '2026-02-30']), /Data inválida/i);
    expectOneErrorLine(await cli(['calendar', 'next-business-day', '14/02/2026']), /AAAA-MM-DD/);
  });
});

describe('help', () => {
  it('lists the commands', async () => {
    const { stdout } = await cli(['help']);
    for (const word of ['boleto decode', '--ref', 'doc validate', 'calendar next-business-day']) {
      expect(stdout).toContain(word);
    }
  });
});
