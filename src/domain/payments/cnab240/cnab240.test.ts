import { describe, expect, it } from 'vitest';
import { DEMO_PAYMENT_SETTINGS } from '../payment-settings';
import { beneficiaryFromSettings, type CnabBeneficiary } from './beneficiary';
import { CnabError } from './cnab-error';
import { rejectionText } from './codes';
import { readFrame } from './file';
import { CNAB_LAYOUTS } from './layouts';
import { readRecord } from './record';
import { buildRemessa, parseRemessa, type RemessaTitle } from './remessa';
import { buildRetorno, parseRetorno, retornoTitle } from './retorno';

/**
 * Published vectors: kivanio/brcobranca (MIT), the CNAB 240 fixtures of its test suite. The stored copies
 * of the .RET files have their trailing blanks trimmed, so each line is padded back to 240 columns here.
 */
const pad = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.padEnd(240, ' '))
    .join('\r\n');

/** brcobranca spec/fixtures/remessa/remessa-banco_brasil-cnab240-com_juros_e_multa.rem (BB, one title). */
const BRCOBRANCA_BB_REMESSA = pad(`
00100000         100012345678901001234567001412123  0123430000000123455 SOCIEDADE BRASILEIRA DE ZOOLOGBANCO DO BRASIL S.A.                    114072015161515000000083000000000000000000000000000000000000000000000
00100011R01  042 1000012345678901001234567001412123  0123430000000123455 SOCIEDADE BRASILEIRA DE ZOOLOG                                                                                000000001407201500000000
0010001300001P 010123430000000123455 12345670000000123   71 000000000000000001407201500000000001999000000 02N14072015115072015000000000000225000000000000000000000000000000000000000000000000000000                         3000000090000000000
0010001300002Q 011000012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS QU12345678SANTA RITA DE CSP0000000000000000                                        000
0010001300003R 01000000000000000000000000000000000000000000000000215072015000000000001030                                                                                                              0000000000000000 000000000000  0
00100015         0000050000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
00199999         000001000006`);

/**
 * brcobranca spec/arquivos/CNAB240SICOOB_COM_CODIGOS.RET (Sicoob retorno: 06, 02, 17). brcobranca reads only
 * its T/U lines, and the stored copy's two header records are 17 blanks short of the FEBRABAN layout (the
 * date lands at 126 instead of 144), so the headers are rewritten here with the fixture's own values.
 */
const SICOOB_FILE_HEADER = `${'75600000         282991308000100                    03039000000004898160'}${'RAZAO SOCIAL'.padEnd(30)}${'SICOOB'.padEnd(30)}${' '.repeat(10)}21108201509361900000108500000`;
const SICOOB_BATCH_HEADER = `${'75600011T01  043 2082991308000100          303900000403039000000004898160'}${'RAZAO SOCIAL'.padEnd(30)}${' '.repeat(80)}000000001108201500000000`;
const BRCOBRANCA_SICOOB_RETORNO = pad(`
${SICOOB_FILE_HEADER}
${SICOOB_BATCH_HEADER}
7560001300001T 0603039000000004898160000000008301011     10000000000000011308201500000000000020075603039000000000000000000000000000920039977830001182A MATERIAIS ELETRICOS                  0000000000000000000000170A9A4152216
7560001300002U 060000000000000000000000000000000000000000000000000000000000000000000000002000000000000002000000000000000000000000000000001008201510082015    00000000000000000000000                              75600000000000000000000
7560001300003T 0203039000000004898160000000011601011     10000000000000121308201500000000000020075603039000000000000000000000000000920039977830001182A MATERIAIS ELETRICOS                  00000000000000000000001700000000311
7560001300004U 020000000000000000000000000000000000000000000000000000000000000000000000002000000000000002000000000000000000000000000000001008201510082015    00000000000000000000000                              75600000000000000000000
7560001300005T 1703039000000004898160000000012301011     10000000000000131308201500000000000020075603039000000000000000000000000000920039977830001182A MATERIAIS ELETRICOS                  00000000000000000000001700000000000
7560001300006U 170000000000000000000000000000000000000000000000000000000000000000000000002000000000000002000000000000000000000000000000001008201510082015    00000000000000000000000                              75600000000000000000000
75600015         00000800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
75699999         000001000010000000`);

/** brcobranca spec/arquivos/CNAB240.RET (Banco do Brasil retorno), its first title (T + U). */
const BRCOBRANCA_BB_RETORNO_T =
  '0010001300001T 170123450000000054321 14499570000020673   700000000012345600000000000000000034400001020850                         0900000000000000000000000000000000000000000000000000000   000000000000000000000010303        170191449957'.padEnd(
    240,
  );
const BRCOBRANCA_BB_RETORNO_U =
  '0010001300002U 170000000000000090000000000000010000000000000020000000000000030000000000344000000000000342970000000000000040000000000000052912201102012012            000000000000000                              000'.padEnd(
    240,
  );

function catchCnab(fn: () => unknown): CnabError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CnabError) return err;
    throw err;
  }
  throw new Error('esperava CnabError');
}

const BB: CnabBeneficiary = beneficiaryFromSettings(DEMO_PAYMENT_SETTINGS);
const SICOOB: CnabBeneficiary = {
  bankCode: '756',
  name: 'Hiper Software S.A.',
  document: '11222333000181',
  agency: '3039',
  account: '48981',
  accountDv: '6',
  convenio: '1234567',
  carteira: '1',
  variation: '01',
};

function title(over: Partial<RemessaTitle> = {}): RemessaTitle {
  return {
    instruction: 'entrada',
    nossoNumero: '12345670000000042',
    documentNumber: '2026-000042',
    dueDate: '2026-07-15',
    amountCents: 123_456,
    issueDate: '2026-06-01',
    interestPerDayCents: 41,
    interestDate: '2026-07-16',
    fineBasisPoints: 200,
    fineDate: '2026-07-16',
    discountCents: 0,
    discountDate: null,
    protestCode: '3',
    protestDays: 0,
    writeOffCode: '1',
    writeOffDays: 60,
    companyReference: '2026-000042',
    payer: {
      document: '11444777000161',
      name: 'Padaria São João Ltda',
      address: 'Rua das Flores, 123',
      district: 'Centro',
      cep: '89010-001',
      city: 'Blumenau',
      state: 'SC',
    },
    ...over,
  };
}

describe('CNAB 240 field tables', () => {
  it('cover columns 1–240 of every record, for both banks', () => {
    for (const layout of Object.values(CNAB_LAYOUTS)) {
      for (const spec of [
        layout.fileHeader,
        layout.batchHeader,
        layout.p,
        layout.q,
        layout.r,
        layout.t,
        layout.u,
      ]) {
        expect(spec.fields[0]!.start).toBe(1);
        expect(spec.fields.at(-1)!.end).toBe(240);
      }
    }
  });

  it('reads the brcobranca BB remessa fixture field by field (FEBRABAN P/Q/R positions)', () => {
    const lines = BRCOBRANCA_BB_REMESSA.split('\r\n');
    const bb = CNAB_LAYOUTS['001'];
    const header = readRecord(bb.fileHeader, lines[0]!, 1);
    expect(header).toMatchObject({
      convenio: '001234567',
      cobrancaCedente: '0014',
      carteira: '12',
      variacao: '123',
      fileKind: '1',
      generatedOn: '2015-07-14',
      layoutVersion: '083',
    });
    // The spec's Pagamento: valor 199.9, nosso_numero 123 (convênio 1234567), vencimento = emissão = 14/07/2015.
    const p = readRecord(bb.p, lines[2]!, 3);
    expect(p).toMatchObject({
      movement: '01',
      nossoNumero: '12345670000000123',
      carteiraCode: '7',
      dueDate: '2015-07-14',
      amountCents: 19_990,
      issueDate: '2015-07-14',
      interestCode: '1',
      interestDate: '2015-07-15',
      interestValue: 225,
      protestCode: '3',
      currency: '09',
    });
    const q = readRecord(bb.q, lines[3]!, 4);
    expect(q).toMatchObject({
      payerDocType: '1',
      payerDocument: '000012345678901',
      payerName: 'PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN',
      payerCep: '12345678',
      payerCity: 'SANTA RITA DE C',
      payerState: 'SP',
    });
    const r = readRecord(bb.r, lines[4]!, 5);
    expect(r).toMatchObject({ fineCode: '2', fineDate: '2015-07-15', fineValue: 1030 });
  });

  it('refuses that fixture as a whole: its file trailer counts 6 records where the file has 7', () => {
    const err = catchCnab(() => readFrame(BRCOBRANCA_BB_REMESSA, '1'));
    expect(err.line).toBe(7);
    expect(err.message).toBe(
      "linha 7, campo 'quantidade de registros do arquivo' (posições 24–29): informa 6 registros, mas o arquivo tem 7.",
    );
  });

  it('reads the brcobranca Sicoob retorno: three titles with their movements and reason codes', () => {
    const file = parseRetorno(BRCOBRANCA_SICOOB_RETORNO);
    expect(file.bankCode).toBe('756');
    expect(file.generatedOn).toBe('2015-08-11');
    expect(file.titles.map((t) => [t.movement, t.reasons])).toEqual([
      // spec/brcobranca/retorno/cnab240/sicoob_spec.rb: motivos A9 A4 15 22 16 / 03 11 / none
      ['06', ['A9', 'A4', '15', '22', '16']],
      ['02', ['03', '11']],
      ['17', []],
    ]);
    // sicoob_spec.rb: nosso número "0000000083" (7 digits + DV, stored as 8), vencimento 13082015, valor 2,00,
    // tarifa 1,70, valor recebido 2,00, data de crédito 10/08/2015.
    expect(file.titles[0]).toMatchObject({
      nossoNumero: '00000083',
      dueDate: '2015-08-13',
      faceValueCents: 200,
      feeCents: 170,
      paidCents: 200,
      netCents: 200,
      fineInterestCents: 0,
      occurrenceDate: '2015-08-10',
      creditDate: '2015-08-10',
      lineT: 3,
      lineU: 4,
    });
    expect(file.titles.map((t) => t.nossoNumero)).toEqual(['00000083', '00000116', '00000123']);
  });

  it('reads the brcobranca BB retorno T/U pair (nosso número of 17 digits, every amount of segment U)', () => {
    const bb = CNAB_LAYOUTS['001'];
    const t = readRecord(bb.t, BRCOBRANCA_BB_RETORNO_T, 3);
    const u = readRecord(bb.u, BRCOBRANCA_BB_RETORNO_U, 4);
    expect(t).toMatchObject({
      movement: '17',
      nossoNumero: '14499570000020673',
      faceValueCents: 34_400,
      feeCents: 103,
    });
    expect(u).toMatchObject({
      fineInterestCents: 9,
      discountCents: 1,
      abatementCents: 2,
      iofCents: 3,
      paidCents: 34_400,
      netCents: 34_297,
      otherExpensesCents: 4,
      otherCreditsCents: 5,
      occurrenceDate: '2011-12-29',
      creditDate: '2012-01-02',
    });
  });
});

describe('remessa', () => {
  it('writes BB records of 240 columns with P (entrada), Q (pagador) and R (multa)', () => {
    const text = buildRemessa({
      beneficiary: BB,
      sequence: 7,
      generatedOn: '2026-06-01',
      generatedAt: '093000',
      titles: [title()],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(7);
    for (const l of lines) expect(l).toHaveLength(240);
    const [header, batch, p, q, r, trailer, fileTrailer] = lines as [string, ...string[]];
    expect(header.slice(0, 8)).toBe('00100000');
    expect(header.slice(32, 52)).toBe('001234567001417019  '); // convênio 9 + 0014 + carteira 17 + variação 019
    expect(header.slice(142, 151)).toBe('101062026'); // remessa, 01/06/2026
    expect(header.slice(157, 166)).toBe('000007083'); // NSA 7, layout 083
    expect(batch!.slice(0, 17)).toBe('00100011R01  042 ');
    expect(p!.slice(13, 17)).toBe('P 01');
    expect(p!.slice(37, 57)).toBe('12345670000000042   ');
    expect(p!.slice(57, 58)).toBe('7');
    expect(p!.slice(77, 100)).toBe('15072026000000000123456');
    expect(p!.slice(117, 141)).toBe('116072026000000000000041'); // juros: valor por dia R$ 0,41 from 16/07
    expect(p!.slice(220, 229)).toBe('300106009'); // não protestar; baixar em 60 dias; real
    expect(q!.slice(13, 33)).toBe('Q 012011444777000161');
    expect(q!.slice(33, 73)).toBe('PADARIA SAO JOAO LTDA'.padEnd(40));
    expect(q!.slice(128, 153)).toBe('89010001BLUMENAU       SC');
    expect(r!.slice(65, 89)).toBe('216072026000000000000200'); // multa 2,00% from 16/07
    expect(trailer!.slice(17, 46)).toBe('00000500000100000000000123456');
    expect(fileTrailer!.slice(17, 29)).toBe('000001000007');
  });

  it('writes a pedido de baixa as segment P only, movement 02', () => {
    const text = buildRemessa({
      beneficiary: BB,
      sequence: 8,
      generatedOn: '2026-06-02',
      generatedAt: '100000',
      titles: [title({ instruction: 'baixa', payer: null })],
    });
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines).toHaveLength(5);
    expect(lines[2]!.slice(13, 17)).toBe('P 02');
  });

  it('writes the Sicoob nosso número as número+DV (10), parcela, modalidade, formulário', () => {
    const text = buildRemessa({
      beneficiary: SICOOB,
      sequence: 1,
      generatedOn: '2026-06-01',
      generatedAt: '093000',
      titles: [title({ nossoNumero: '00000218' })],
    });
    const lines = text.split('\r\n');
    expect(lines[0]!.slice(0, 3)).toBe('756');
    expect(lines[0]!.slice(32, 52)).toBe(' '.repeat(20));
    expect(lines[0]!.slice(163, 166)).toBe('081');
    expect(lines[1]!.slice(13, 16)).toBe('040');
    expect(lines[2]!.slice(37, 58)).toBe('000000021801014     1');
    const back = parseRemessa(text);
    expect(back.titles[0]!.nossoNumero).toBe('00000218');
  });

  it('names the record and field of a value that does not fit', () => {
    const err = catchCnab(() =>
      buildRemessa({
        beneficiary: BB,
        sequence: 1,
        generatedOn: '2026-06-01',
        generatedAt: '093000',
        titles: [title({ amountCents: 10 ** 15 })],
      }),
    );
    expect(err.message).toBe(
      "segmento P, campo 'valor nominal do título' (posições 86–100): 1000000000000000 não cabe em 15 posições",
    );
  });
});

describe('retorno validation', () => {
  const file = () =>
    buildRetorno({
      beneficiary: BB,
      sequence: 3,
      generatedOn: '2026-07-16',
      generatedAt: '060000',
      titles: [
        retornoTitle({
          movement: '06',
          nossoNumero: '12345670000000042',
          faceValueCents: 123_456,
          paidCents: 123_456,
          netCents: 123_206,
          feeCents: 250,
          occurrenceDate: '2026-07-15',
          creditDate: '2026-07-16',
        }),
        retornoTitle({ movement: '03', nossoNumero: '12345670000000043', reasons: ['08', '48'] }),
      ],
    });

  it('reads back what it wrote, with the lines of each T and U', () => {
    const parsed = parseRetorno(file());
    expect(parsed.titles).toHaveLength(2);
    expect(parsed.titles[0]).toMatchObject({ movement: '06', paidCents: 123_456, lineT: 3, lineU: 4 });
    expect(parsed.titles[1]).toMatchObject({ movement: '03', reasons: ['08', '48'], lineT: 5 });
    expect(rejectionText(parsed.titles[1]!.reasons)).toBe('08 – Nosso número inválido; 48 – CEP inválido');
  });

  it('tolerates LF line ends and a trailing empty line', () => {
    const lf = `${file().replace(/\r\n/g, '\n')}\n`;
    expect(parseRetorno(lf).titles).toHaveLength(2);
  });

  it('refuses a file cut in the middle of a record, naming the line', () => {
    const text = file();
    const err = catchCnab(() => parseRetorno(text.slice(0, text.indexOf('\r\n', 800) - 100)));
    expect(err.line).toBe(4);
    expect(err.message).toBe(
      'linha 4: o registro tem 140 posições; o CNAB 240 exige 240 (arquivo truncado?).',
    );
  });

  it('refuses a file cut at a record boundary: no trailers', () => {
    const lines = file().split('\r\n');
    const err = catchCnab(() => parseRetorno(lines.slice(0, 5).join('\r\n')));
    expect(err.message).toBe(
      'arquivo incompleto: termina na linha 5 sem o trailer de arquivo (registro tipo 9) (o lote 1 também não foi fechado).',
    );
  });

  it('refuses a bad amount, naming line, field and columns', () => {
    const lines = file().split('\r\n');
    lines[3] = `${lines[3]!.slice(0, 77)}0000000012345A6${lines[3]!.slice(92)}`;
    const err = catchCnab(() => parseRetorno(lines.join('\r\n')));
    expect(err.message).toBe(
      'linha 4, campo \'valor pago pelo pagador\' (posições 78–92): "0000000012345A6" não é um valor numérico',
    );
    expect(err.field).toMatchObject({ start: 78, end: 92 });
  });

  it('refuses an impossible date', () => {
    const lines = file().split('\r\n');
    lines[3] = `${lines[3]!.slice(0, 137)}31022026${lines[3]!.slice(145)}`;
    const err = catchCnab(() => parseRetorno(lines.join('\r\n')));
    expect(err.message).toBe(
      'linha 4, campo \'data da ocorrência\' (posições 138–145): data inválida "31022026" (use DDMMAAAA)',
    );
  });

  it('refuses a liquidação without a paid amount', () => {
    const lines = file().split('\r\n');
    lines[3] = `${lines[3]!.slice(0, 77)}${'0'.repeat(15)}${lines[3]!.slice(92)}`;
    const err = catchCnab(() => parseRetorno(lines.join('\r\n')));
    expect(err.message).toBe(
      "linha 4, campo 'valor pago pelo pagador' (posições 78–92): liquidação sem valor pago.",
    );
  });

  it('refuses a record of another bank, a broken sequence, a T without U and wrong trailer counts', () => {
    const lines = file().split('\r\n');
    const with_ = (i: number, text: string) => lines.map((l, j) => (j === i ? text : l)).join('\r\n');
    expect(catchCnab(() => parseRetorno(with_(2, `237${lines[2]!.slice(3)}`))).message).toBe(
      "linha 3, campo 'código do banco na compensação' (posições 1–3): banco 237 difere do header do arquivo (001).",
    );
    expect(
      catchCnab(() => parseRetorno(with_(3, `${lines[3]!.slice(0, 8)}00005${lines[3]!.slice(13)}`))).message,
    ).toBe('linha 4, campo \'nº sequencial do registro no lote\' (posições 9–13): "00005"; esperado 2.');
    expect(
      catchCnab(() => parseRetorno(with_(3, `${lines[3]!.slice(0, 13)}T${lines[3]!.slice(14)}`))).message,
    ).toBe('linha 3: segmento T sem o segmento U correspondente na linha seguinte.');
    expect(
      catchCnab(() => parseRetorno(with_(6, `${lines[6]!.slice(0, 17)}000009${lines[6]!.slice(23)}`)))
        .message,
    ).toBe(
      "linha 7, campo 'quantidade de registros no lote' (posições 18–23): informa 9 registros, mas o lote tem 6.",
    );
  });

  it('refuses a remessa given as a retorno, and an unsupported bank', () => {
    const remessa = buildRemessa({
      beneficiary: BB,
      sequence: 1,
      generatedOn: '2026-06-01',
      generatedAt: '093000',
      titles: [title()],
    });
    expect(catchCnab(() => parseRetorno(remessa)).message).toBe(
      "linha 1, campo 'código remessa/retorno' (posições 143–143): o arquivo é de remessa; esperado retorno (2).",
    );
    expect(catchCnab(() => parseRetorno(`341${file().slice(3)}`)).message).toBe(
      "linha 1, campo 'código do banco na compensação' (posições 1–3): banco 341 não suportado (use 001 ou 756).",
    );
    expect(catchCnab(() => parseRetorno('')).message).toBe('O arquivo está vazio.');
  });
});

describe('lotes', () => {
  it('opens a new lote when one would pass 99,999 detail records (5-digit sequence), numbering each from 1', () => {
    const titles = Array.from({ length: 5 }, (_, i) =>
      retornoTitle({ movement: '02', nossoNumero: `123456700000000${i + 10}`, occurrenceDate: '2026-06-02' }),
    );
    const text = buildRetorno({
      beneficiary: BB,
      sequence: 4,
      generatedOn: '2026-06-02',
      generatedAt: '070000',
      titles,
      maxBatchDetails: 4,
    });
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines.map((l) => `${l.slice(3, 8)}${l[7] === '3' ? l.slice(8, 14) : ''}`)).toEqual([
      '00000',
      '00011',
      '000130000' + '1T',
      '000130000' + '2U',
      '000130000' + '3T',
      '000130000' + '4U',
      '00015',
      '00021',
      '000230000' + '1T',
      '000230000' + '2U',
      '000230000' + '3T',
      '000230000' + '4U',
      '00025',
      '00031',
      '000330000' + '1T',
      '000330000' + '2U',
      '00035',
      '99999',
    ]);
    expect(lines.at(-1)!.slice(17, 29)).toBe('000003000018');
    expect(parseRetorno(text).titles.map((t) => t.nossoNumero)).toEqual(titles.map((t) => t.nossoNumero));
  });
});
