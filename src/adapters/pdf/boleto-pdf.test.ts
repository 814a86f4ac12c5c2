import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { hasError, isStaticPix, parsePix } from 'pix-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { formatDigitableLine } from '../../domain/payments/boleto/barcode';
import { buildBoleto } from '../../domain/payments/boleto/build-boleto';
import { DEMO_PAYMENT_SETTINGS, type PaymentSettings } from '../../domain/payments/payment-settings';
import { encodeBrCode } from '../../domain/payments/pix/br-code';
import { type BoletoDocument, boletoDocumentFor, lateChargeSentence, renderBoletoPdf } from './boleto-pdf';

/**
 * Banco do Brasil, convênio de 7 dígitos, carteira 17, nosso número 14741660000000328, R$ 2.246,74 due
 * 2016-07-05 — the expected barcode and linha digitável of brcobranca's spec
 * (spec/brcobranca/boleto/banco_brasil_spec.rb, "convenio de 7 digitos e nosso número de 10 e carteira 17").
 */
const BB_BARCODE = '00191684600002246740000001474166000000032817';
const BB_LINE = '00190.00009 01474.166004 00000.328179 1 68460000224674';

/** BCB, "Manual de Padrões para Iniciação do Pix", static example (random key, Fulano de Tal, CRC 1D3D). */
const BACEN_STATIC_PIX =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

const PAYER_CNPJ = `12ABC34502XY${cnpjCheckDigits('12ABC34502XY')}`;

function boleto(charge: Partial<BoletoDocument['charge']> = {}): BoletoDocument {
  return {
    beneficiary: {
      name: 'HIPER SOFTWARE S.A.',
      document: '11222333000181',
      address: 'Rua XV de Novembro, 1000 — Centro, Blumenau/SC — CEP 89010-001',
      agencyCode: '3174-6 / 1474166',
    },
    payer: {
      name: 'Açougue e Panificação São João Ltda',
      document: PAYER_CNPJ,
      addressLines: ['Rua das Palmeiras, 45 — Centro', 'Joinville/SC — CEP 89201-000'],
    },
    charge: {
      number: '2016-000328',
      description: 'Mensalidade Hiper Gestão — julho/2016',
      amountCents: 224674,
      dueDate: '2016-07-05',
      documentDate: '2016-07-01',
      processingDate: '2016-07-01',
      nossoNumero: '14741660000000328',
      bankCode: '001',
      carteira: '17/019',
      barcode: BB_BARCODE,
      digitableLine: BB_LINE,
      fineBasisPoints: 200,
      interestMonthlyBasisPoints: 100,
      pixPayload: BACEN_STATIC_PIX,
      ...charge,
    },
    instructions: ['Referente à cobrança nº 2016-000328.'],
  };
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), written here independently of the app's codec. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function has(tool: string, args: string[]): boolean {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// CI installs poppler-utils and zbar-tools (.ci/run); elsewhere the image tests need them installed.
const tools = has('pdftoppm', ['-v']) && has('pdftotext', ['-v']) && has('zbarimg', ['--version']);
const needsTools = !tools && process.env.CI !== 'true';

const dir = mkdtempSync(join(tmpdir(), 'cc-boleto-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function save(bytes: Uint8Array): string {
  const file = join(dir, `boleto-${++counter}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/** Rasterizes page 1 at 150 dpi (as a cheap printer or a phone photo would see it). */
function rasterize(pdf: string): string {
  const prefix = pdf.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, prefix]);
  return `${prefix}.png`;
}

/** The symbols zbar reads in the image, limited to one symbology ('i25' or 'qrcode'). */
function scan(png: string, symbology: 'i25' | 'qrcode'): string[] {
  try {
    const out = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', `-S${symbology}.enable`, png], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\n').filter(Boolean);
  } catch {
    return []; // zbarimg exits 4 when it finds nothing
  }
}

function textOf(pdf: string): string {
  return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('the late-payment rule', () => {
  it('states the fine and the daily interest in reais, computed from the charge', () => {
    // 2% of R$ 2.246,74 = R$ 44,9348 → R$ 44,93; 1% a month / 30 = R$ 0,7489… → R$ 0,75 a day.
    expect(
      lateChargeSentence({ amountCents: 224674, fineBasisPoints: 200, interestMonthlyBasisPoints: 100 }),
    ).toBe(
      'Após o vencimento cobrar multa de 2,00% (R$ 44,93) e juros de mora de 1,00% ao mês (R$ 0,75 por dia).',
    );
    expect(
      lateChargeSentence({ amountCents: 123456, fineBasisPoints: 0, interestMonthlyBasisPoints: 0 }),
    ).toBe('Não cobrar multa nem juros após o vencimento.');
  });
});

describe('boleto PDF', () => {
  it('is one A4 page that pdf-lib reads back', async () => {
    const doc = await PDFDocument.load(await renderBoletoPdf(boleto()));
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.getTitle()).toBe('Boleto — cobrança nº 2016-000328');
  });

  it('gives the same bytes for the same boleto', async () => {
    expect(
      Buffer.from(await renderBoletoPdf(boleto())).equals(Buffer.from(await renderBoletoPdf(boleto()))),
    ).toBe(true);
  });

  it.skipIf(needsTools)(
    'carries a barcode zbar reads as exactly the 44 digits and a Pix QR code',
    async () => {
      const png = rasterize(save(await renderBoletoPdf(boleto())));
      expect(scan(png, 'i25')).toEqual([BB_BARCODE]);
      const [payload, ...others] = scan(png, 'qrcode');
      expect(others).toEqual([]);
      expect(payload).toBe(BACEN_STATIC_PIX);
      expect(crc16(payload!.slice(0, -4))).toBe(payload!.slice(-4));
      const parsed = parsePix(payload!);
      if (hasError(parsed)) throw new Error(parsed.message);
      if (!isStaticPix(parsed)) throw new Error('pix-utils não leu o BR Code como estático.');
      expect(parsed.merchantName).toBe('Fulano de Tal');
      expect(parsed.pixKey).toBe('123e4567-e12b-12d1-a456-426655440000');
    },
  );

  it.skipIf(needsTools)(
    'prints the linha digitável, the amount, the due date, the payer and the late rule',
    async () => {
      const text = textOf(save(await renderBoletoPdf(boleto())));
      for (const expected of [
        'Recibo do Pagador',
        'Banco do Brasil',
        '001-9',
        BB_LINE,
        'R$ 2.246,74',
        '05/07/2016',
        'Açougue e Panificação São João Ltda — CNPJ: 12.ABC.345/02XY-',
        'HIPER SOFTWARE S.A. — CNPJ: 11.222.333/0001-81',
        'Pagável em qualquer banco até o vencimento',
        'Após o vencimento cobrar multa de 2,00% (R$ 44,93) e juros de mora de 1,00% ao mês (R$ 0,75 por dia).',
        '14741660000000328',
        'Espécie doc.',
        'Aceite',
        'Data processamento',
        'Autenticação mecânica — Ficha de Compensação',
        'Sacador/Avalista',
        'Pague com Pix',
        'Pix copia e cola',
        'Referente à cobrança nº 2016-000328.',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).toContain(`12.ABC.345/02XY-${PAYER_CNPJ.slice(-2)}`);
    },
  );

  it.skipIf(needsTools)('without a Pix payload has no QR code and says nothing about Pix', async () => {
    const pdf = save(await renderBoletoPdf(boleto({ pixPayload: null })));
    const png = rasterize(pdf);
    expect(scan(png, 'i25')).toEqual([BB_BARCODE]);
    expect(scan(png, 'qrcode')).toEqual([]);
    expect(textOf(pdf)).not.toContain('Pix');
  });

  it('refuses to print a boleto whose barcode, linha digitável, amount or due date disagree', async () => {
    // Last digit of field 3's DV changed.
    await expect(
      renderBoletoPdf(boleto({ digitableLine: '00190.00009 01474.166004 00000.328170 1 68460000224674' })),
    ).rejects.toThrow('A linha digitável não corresponde ao código de barras.');
    // General check digit (position 5) changed from 1 to 2.
    await expect(renderBoletoPdf(boleto({ barcode: `0019${'2'}${BB_BARCODE.slice(5)}` }))).rejects.toThrow(
      'Dígito verificador geral do código de barras não confere',
    );
    await expect(renderBoletoPdf(boleto({ amountCents: 224675 }))).rejects.toThrow(
      'O valor do código de barras não é o valor do boleto.',
    );
    await expect(renderBoletoPdf(boleto({ dueDate: '2016-07-06' }))).rejects.toThrow(
      'O vencimento do código de barras não é o vencimento do boleto.',
    );
    await expect(renderBoletoPdf(boleto({ bankCode: '756' }))).rejects.toThrow(
      'O banco do código de barras não é o banco do boleto.',
    );
  });
});

describe('boleto of a stored charge (bank profile numbers + Pix BR Code of the same charge)', () => {
  const sicoob: PaymentSettings = {
    ...DEMO_PAYMENT_SETTINGS,
    boleto: {
      bankCode: '756',
      agency: '4327',
      account: '123456',
      convenio: '229385',
      carteira: '1',
      variation: '01',
    },
  };

  function storedCharge(settings: PaymentSettings, sequence: number) {
    const amountCents = 123456;
    const dueDate = '2026-07-15';
    const built = buildBoleto(settings.boleto, sequence, amountCents, dueDate);
    const pixPayload = encodeBrCode({
      key: settings.pix.key,
      amountCents,
      merchantName: settings.pix.merchantName,
      merchantCity: settings.pix.merchantCity,
      txid: `COB2026000042`,
    });
    return {
      built,
      charge: {
        number: '2026-000042',
        description: 'Mensalidade Hiper Gestão — julho/2026',
        amountCents,
        dueDate,
        fineBasisPoints: 200,
        interestMonthlyBasisPoints: 100,
        bankCode: built.bankCode,
        nossoNumero: built.nossoNumero,
        barcode: built.barcode,
        digitableLine: built.digitableLine,
        pixPayload,
        clientLegalName: 'Mercado Bom Preço Ltda',
        clientDocument: '11444777000161',
        // 02:30 UTC on 01/07 is still 30/06 (23:30) in São Paulo: the "data do documento".
        createdAt: new Date('2026-07-01T02:30:00Z'),
      },
    };
  }

  it.skipIf(needsTools)('prints a Sicoob boleto whose barcode and QR code scan back', async () => {
    const { built, charge } = storedCharge(sicoob, 2);
    const document = boletoDocumentFor({
      charge,
      payerAddressLines: ['Av. Brasil, 500 — Centro', 'Curitiba/PR — CEP 80010-000'],
      settings: sicoob,
      processingDate: '2026-07-01',
    });
    expect(document.charge.documentDate).toBe('2026-06-30');
    const pdf = save(await renderBoletoPdf(document));
    const png = rasterize(pdf);
    expect(scan(png, 'i25')).toEqual([built.barcode]);
    expect(scan(png, 'qrcode')).toEqual([charge.pixPayload]);
    const text = textOf(pdf);
    for (const expected of [
      'Sicoob',
      '756-0',
      formatDigitableLine(built.digitableLine),
      'R$ 1.234,56',
      '15/07/2026',
      '30/06/2026', // data do documento (São Paulo date of createdAt)
      `${built.nossoNumero.slice(0, 7)}-${built.nossoNumero.slice(7)}`,
      '4327 / 0229385',
      'Mercado Bom Preço Ltda — CNPJ: 11.444.777/0001-61',
      'Após o vencimento cobrar multa de 2,00% (R$ 24,69) e juros de mora de 1,00% ao mês (R$ 0,41 por dia).',
      'Referente à cobrança nº 2026-000042.',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it.skipIf(needsTools)(
    'prints a Banco do Brasil boleto with the configured agency and account',
    async () => {
      const { built, charge } = storedCharge(DEMO_PAYMENT_SETTINGS, 42);
      const pdf = save(
        await renderBoletoPdf(
          boletoDocumentFor({
            charge,
            payerAddressLines: [],
            settings: DEMO_PAYMENT_SETTINGS,
            processingDate: '2026-07-01',
          }),
        ),
      );
      expect(scan(rasterize(pdf), 'i25')).toEqual([built.barcode]);
      const text = textOf(pdf);
      expect(text).toContain('001-9');
      expect(text).toContain(built.beneficiaryCode);
      expect(text).toContain(built.nossoNumero);
      expect(text).toContain('17/019');
    },
  );

  it('refuses a charge that is not a boleto, or one issued by another bank than the configured one', () => {
    const { charge } = storedCharge(DEMO_PAYMENT_SETTINGS, 43);
    expect(() =>
      boletoDocumentFor({
        charge: { ...charge, barcode: null },
        payerAddressLines: [],
        settings: DEMO_PAYMENT_SETTINGS,
        processingDate: '2026-07-01',
      }),
    ).toThrow('A cobrança nº 2026-000042 não é um boleto');
    expect(() =>
      boletoDocumentFor({ charge, payerAddressLines: [], settings: sicoob, processingDate: '2026-07-01' }),
    ).toThrow('é do banco 001, mas o banco configurado é 756');
  });
});
