import { describe, expect, it } from 'vitest';
import { encodeBrCode } from '../../domain/payments/pix/br-code';
import { runCli } from '../main';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { NODE_ENV: 'test' },
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

/** BCB "Manual de Padrões para Iniciação do Pix", static example (random key, no amount). */
const BACEN_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
/** BCB "Manual do BR Code", dynamic example (location, R$ 123,45). */
const BACEN_DYNAMIC =
  '00020101021226720014br.gov.bcb.pix2550bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd4415204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA62190515RP12345678-2019630445C8';

describe('pix decode', () => {
  it('prints the fields of the BACEN static example as JSON', async () => {
    const result = await cli(['pix', 'decode', BACEN_STATIC]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      crc_valid: true,
      key: '123e4567-e12b-12d1-a456-426655440000',
      url: null,
      amount_cents: null,
      merchant_name: 'Fulano de Tal',
      merchant_city: 'BRASILIA',
      txid: '***',
    });
  });

  it('reads the dynamic form (location URL and amount), also pasted without quotes', async () => {
    const expected = {
      crc_valid: true,
      key: null,
      url: 'bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd441',
      amount_cents: 12345,
      merchant_name: 'Fulano de Tal',
      merchant_city: 'BRASILIA',
      txid: 'RP12345678-2019',
    };
    expect((await cli(['pix', 'decode', BACEN_DYNAMIC])).json()).toEqual(expected);
    expect((await cli(['pix', 'decode', ...BACEN_DYNAMIC.split(' ')])).json()).toEqual(expected);
  });

  it("decodes what the system generates (the sandbox PSP's copia e cola)", async () => {
    const payload = encodeBrCode({
      key: '11222333000181',
      amountCents: 15000,
      merchantName: 'HIPER SOFTWARE SA',
      merchantCity: 'BLUMENAU',
      txid: 'abcDEF0123456789abcDEF012',
    });
    expect((await cli(['pix', 'decode', payload])).json()).toEqual({
      crc_valid: true,
      key: '11222333000181',
      url: null,
      amount_cents: 15000,
      merchant_name: 'HIPER SOFTWARE SA',
      merchant_city: 'BLUMENAU',
      txid: 'abcDEF0123456789abcDEF012',
    });
  });

  it('a wrong CRC → one pt-BR line naming both CRCs, exit 1, nothing on stdout', async () => {
    const tampered = BACEN_STATIC.replace('BRASILIA', 'BRASILIO');
    const result = await cli(['pix', 'decode', tampered]);
    expectOneErrorLine(result, /^erro: CRC inválido: esperado [0-9A-F]{4}, encontrado 1D3D\.\n$/);
  });

  it('a malformed payload → one pt-BR line, exit 1', async () => {
    expectOneErrorLine(await cli(['pix', 'decode', '0002012658']), /BR Code malformado/);
    expectOneErrorLine(
      await cli(['pix', 'decode', BACEN_STATIC.replace('br.gov.bcb.pix', 'br.gov.bcb.pax')]),
      /br\.gov\.bcb\.pix/,
    );
  });

  it('without a payload → usage error, exit 2; listed in help', async () => {
    const result = await cli(['pix', 'decode']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/faltam argumentos/);
    expect((await cli(['help'])).stdout).toContain('pix decode P');
  });
});
