/**
 * Field tables of CNAB 240 cobrança, after the FEBRABAN "Layout Padrão de Arquivos CNAB 240" (v08.4 and
 * v10.x, "Títulos em Cobrança": header de arquivo, header de lote, segmentos P, Q, R (remessa), T, U (retorno),
 * trailers), with the two banks' specifics:
 *
 * - Banco do Brasil (001) — "Leiaute de Arquivo Padrão CNAB 240, Cobrança": convênio in 33–52 of the header
 *   (convênio 9 + "0014" + carteira 2 + variação 3 + 2 brancos), nosso número in 38–57 as convênio(7) +
 *   sequence(10) left-aligned, carteira code '7' for carteira 17 simples, layout versions 083 (arquivo) and
 *   042 (lote). Cross-checked with kivanio/brcobranca `lib/brcobranca/remessa/cnab240/banco_brasil.rb` and its
 *   fixture `spec/fixtures/remessa/remessa-banco_brasil-cnab240-com_juros_e_multa.rem` (see the tests).
 * - Sicoob (756) — "Layout CNAB 240 Sicoob": 33–52 blank (the cooperative identifies the beneficiary by
 *   agency/account), nosso número in 38–57 as número+DV (10) + parcela (2) + modalidade (2) + tipo de
 *   formulário (1) + 5 brancos, layout versions 081 / 040. Cross-checked with brcobranca
 *   `lib/brcobranca/remessa/cnab240/sicoob.rb`, `lib/brcobranca/retorno/cnab240/sicoob.rb` and the fixtures
 *   `spec/fixtures/remessa/remessa-bancoob-cnab240.rem`, `spec/arquivos/CNAB240SICOOB.RET`.
 */

import {
  alfa,
  assertCoversRecord,
  blanks,
  date,
  doc,
  type FieldSpec,
  fixed,
  int,
  money,
  num,
  overlay,
  type RecordSpec,
} from './record';

export const CNAB_BANK_CODES = ['001', '756'] as const;
export type CnabBankCode = (typeof CNAB_BANK_CODES)[number];

export function isCnabBankCode(code: string): code is CnabBankCode {
  return (CNAB_BANK_CODES as readonly string[]).includes(code);
}

export interface CnabBank {
  code: CnabBankCode;
  name: string;
  fileLayoutVersion: string;
  batchLayoutVersion: string;
  /** Segment P column 58 for the configured carteira. */
  carteiraCode(carteira: string): string;
  /** DV of the agency (mod 11), as the bank prints it. */
  agencyDv(agency: string): string;
  /** Header de arquivo column 72 (DV agência/conta). */
  fileAgencyAccountDv: string;
}

/** Mod 11, weights 2..9 from the right; r = 11 − sum mod 11; 10 → `ten`, 11 → '0'. */
function mod11(digits: string, ten: string): string {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const r = 11 - (sum % 11);
  if (r === 10) return ten;
  if (r === 11) return '0';
  return String(r);
}

export const CNAB_BANKS: Record<CnabBankCode, CnabBank> = {
  '001': {
    code: '001',
    name: 'BANCO DO BRASIL S.A.',
    fileLayoutVersion: '083',
    batchLayoutVersion: '042',
    // BB: "1 – carteira 11/12 simples; 7 – carteira 17 modalidade simples".
    carteiraCode: (carteira) => (carteira === '17' ? '7' : '1'),
    agencyDv: (agency) => mod11(agency, 'X'),
    fileAgencyAccountDv: ' ',
  },
  '756': {
    code: '756',
    name: 'SICOOB',
    fileLayoutVersion: '081',
    batchLayoutVersion: '040',
    // Sicoob: "1 – cobrança simples com registro".
    carteiraCode: () => '1',
    agencyDv: (agency) => mod11(agency, '0'),
    fileAgencyAccountDv: '0',
  },
};

// ── Bank-specific ranges ────────────────────────────────────────────────────────────────────────────

/** Header de arquivo 33–52 (offset 0) and header de lote 34–53 (offset 1): the convênio. */
function convenioFields(bank: CnabBankCode, offset: number): FieldSpec[] {
  const s = 33 + offset;
  if (bank === '001') {
    return [
      num(s, s + 8, 'convenio', 'número do convênio de cobrança BB'),
      alfa(s + 9, s + 12, 'cobrancaCedente', 'cobrança cedente BB'),
      num(s + 13, s + 14, 'carteira', 'número da carteira de cobrança BB'),
      num(s + 15, s + 17, 'variacao', 'número da variação da carteira de cobrança BB'),
      blanks(s + 18, s + 19, 'reservado BB'),
    ];
  }
  return [blanks(s, s + 19, 'código do convênio no banco')];
}

/** Segments P and T, 38–57: identificação do título no banco (nosso número). */
function titleIdFields(bank: CnabBankCode): FieldSpec[] {
  if (bank === '001') return [alfa(38, 57, 'nossoNumero', 'nosso número', { required: true })];
  return [
    num(38, 47, 'nossoNumero', 'nosso número', { required: true }),
    num(48, 49, 'parcela', 'número da parcela'),
    num(50, 51, 'modalidade', 'modalidade'),
    num(52, 52, 'tipoFormulario', 'tipo de formulário'),
    blanks(53, 57, 'em branco'),
  ];
}

// ── FEBRABAN tables ─────────────────────────────────────────────────────────────────────────────────

const ACCOUNT_18_37: FieldSpec[] = [
  num(18, 22, 'agency', 'agência mantenedora da conta'),
  alfa(23, 23, 'agencyDv', 'dígito verificador da agência'),
  num(24, 35, 'account', 'número da conta corrente'),
  alfa(36, 36, 'accountDv', 'dígito verificador da conta'),
  alfa(37, 37, 'agencyAccountDv', 'dígito verificador da agência/conta'),
];

function detailPrefix(segment: string): FieldSpec[] {
  return [
    num(1, 3, 'bankCode', 'código do banco na compensação', { required: true }),
    int(4, 7, 'batch', 'lote de serviço', { required: true }),
    fixed(8, 8, 'tipo de registro', '3', true),
    int(9, 13, 'recordSeq', 'nº sequencial do registro no lote', { required: true }),
    fixed(14, 14, 'código de segmento do registro detalhe', segment, true),
    blanks(15, 15),
    num(16, 17, 'movement', 'código de movimento', { required: true }),
  ];
}

const GENERIC_FILE_HEADER: FieldSpec[] = [
  num(1, 3, 'bankCode', 'código do banco na compensação', { required: true }),
  fixed(4, 7, 'lote de serviço', '0000', true),
  fixed(8, 8, 'tipo de registro', '0', true),
  blanks(9, 17),
  num(18, 18, 'companyDocType', 'tipo de inscrição da empresa'),
  doc(19, 32, 'companyDocument', 'número de inscrição da empresa'),
  alfa(33, 52, 'convenio', 'código do convênio no banco'),
  num(53, 57, 'agency', 'agência mantenedora da conta'),
  alfa(58, 58, 'agencyDv', 'dígito verificador da agência'),
  num(59, 70, 'account', 'número da conta corrente'),
  alfa(71, 71, 'accountDv', 'dígito verificador da conta'),
  alfa(72, 72, 'agencyAccountDv', 'dígito verificador da agência/conta'),
  alfa(73, 102, 'companyName', 'nome da empresa'),
  alfa(103, 132, 'bankName', 'nome do banco'),
  blanks(133, 142),
  num(143, 143, 'fileKind', 'código remessa/retorno', { required: true }),
  date(144, 151, 'generatedOn', 'data de geração do arquivo', { required: true }),
  num(152, 157, 'generatedAt', 'hora de geração do arquivo'),
  int(158, 163, 'sequence', 'número sequencial do arquivo (NSA)'),
  num(164, 166, 'layoutVersion', 'nº da versão do layout do arquivo'),
  num(167, 171, 'density', 'densidade de gravação do arquivo'),
  alfa(172, 191, 'bankReserved', 'para uso reservado do banco'),
  alfa(192, 211, 'companyReserved', 'para uso reservado da empresa'),
  blanks(212, 240),
];

const GENERIC_BATCH_HEADER: FieldSpec[] = [
  num(1, 3, 'bankCode', 'código do banco na compensação', { required: true }),
  int(4, 7, 'batch', 'lote de serviço', { required: true }),
  fixed(8, 8, 'tipo de registro', '1', true),
  alfa(9, 9, 'operation', 'tipo de operação', { required: true }),
  num(10, 11, 'service', 'tipo de serviço', { required: true }),
  blanks(12, 13),
  num(14, 16, 'layoutVersion', 'nº da versão do layout do lote'),
  blanks(17, 17),
  num(18, 18, 'companyDocType', 'tipo de inscrição da empresa'),
  doc(19, 33, 'companyDocument', 'número de inscrição da empresa'),
  alfa(34, 53, 'convenio', 'código do convênio no banco'),
  num(54, 58, 'agency', 'agência mantenedora da conta'),
  alfa(59, 59, 'agencyDv', 'dígito verificador da agência'),
  num(60, 71, 'account', 'número da conta corrente'),
  alfa(72, 72, 'accountDv', 'dígito verificador da conta'),
  alfa(73, 73, 'agencyAccountDv', 'dígito verificador da agência/conta'),
  alfa(74, 103, 'companyName', 'nome da empresa'),
  alfa(104, 143, 'message1', 'mensagem 1'),
  alfa(144, 183, 'message2', 'mensagem 2'),
  int(184, 191, 'fileNumber', 'número remessa/retorno'),
  date(192, 199, 'recordedOn', 'data de gravação remessa/retorno'),
  date(200, 207, 'creditOn', 'data do crédito'),
  blanks(208, 240),
];

const GENERIC_P: FieldSpec[] = [
  ...detailPrefix('P'),
  ...ACCOUNT_18_37,
  alfa(38, 57, 'nossoNumero', 'nosso número', { required: true }),
  num(58, 58, 'carteiraCode', 'código da carteira', { required: true }),
  num(59, 59, 'registration', 'forma de cadastramento do título no banco'),
  num(60, 60, 'documentType', 'tipo de documento'),
  num(61, 61, 'issuer', 'identificação da emissão do boleto'),
  alfa(62, 62, 'distribution', 'identificação da distribuição'),
  alfa(63, 77, 'documentNumber', 'número do documento de cobrança', { required: true }),
  date(78, 85, 'dueDate', 'data de vencimento do título', { required: true }),
  money(86, 100, 'amountCents', 'valor nominal do título', { required: true }),
  num(101, 105, 'collectingAgency', 'agência encarregada da cobrança'),
  alfa(106, 106, 'collectingAgencyDv', 'dígito verificador da agência cobradora'),
  num(107, 108, 'kind', 'espécie do título'),
  alfa(109, 109, 'acceptance', 'identificação de título aceito/não aceito'),
  date(110, 117, 'issueDate', 'data da emissão do título', { required: true }),
  num(118, 118, 'interestCode', 'código do juros de mora'),
  date(119, 126, 'interestDate', 'data do juros de mora'),
  money(127, 141, 'interestValue', 'juros de mora por dia/taxa'),
  num(142, 142, 'discountCode', 'código do desconto 1'),
  date(143, 150, 'discountDate', 'data do desconto 1'),
  money(151, 165, 'discountValue', 'valor/percentual a ser concedido'),
  money(166, 180, 'iofCents', 'valor do IOF a ser recolhido'),
  money(181, 195, 'abatementCents', 'valor do abatimento'),
  alfa(196, 220, 'companyReference', 'identificação do título na empresa'),
  num(221, 221, 'protestCode', 'código para protesto'),
  int(222, 223, 'protestDays', 'número de dias para protesto'),
  num(224, 224, 'writeOffCode', 'código para baixa/devolução'),
  int(225, 227, 'writeOffDays', 'número de dias para baixa/devolução'),
  num(228, 229, 'currency', 'código da moeda'),
  num(230, 239, 'contract', 'nº do contrato da operação de crédito'),
  blanks(240, 240, 'uso livre banco/empresa'),
];

const GENERIC_Q: FieldSpec[] = [
  ...detailPrefix('Q'),
  num(18, 18, 'payerDocType', 'tipo de inscrição do pagador', { required: true }),
  doc(19, 33, 'payerDocument', 'número de inscrição do pagador', { required: true }),
  alfa(34, 73, 'payerName', 'nome do pagador', { required: true }),
  alfa(74, 113, 'payerAddress', 'endereço do pagador'),
  alfa(114, 128, 'payerDistrict', 'bairro do pagador'),
  num(129, 136, 'payerCep', 'CEP do pagador'),
  alfa(137, 151, 'payerCity', 'cidade do pagador'),
  alfa(152, 153, 'payerState', 'unidade da federação do pagador'),
  num(154, 154, 'guarantorDocType', 'tipo de inscrição do sacador/avalista'),
  doc(155, 169, 'guarantorDocument', 'número de inscrição do sacador/avalista'),
  alfa(170, 209, 'guarantorName', 'nome do sacador/avalista'),
  num(210, 212, 'correspondentBank', 'código do banco correspondente na compensação'),
  alfa(213, 232, 'correspondentNossoNumero', 'nosso número no banco correspondente'),
  blanks(233, 240),
];

const GENERIC_R: FieldSpec[] = [
  ...detailPrefix('R'),
  num(18, 18, 'discount2Code', 'código do desconto 2'),
  date(19, 26, 'discount2Date', 'data do desconto 2'),
  money(27, 41, 'discount2Value', 'valor/percentual do desconto 2'),
  num(42, 42, 'discount3Code', 'código do desconto 3'),
  date(43, 50, 'discount3Date', 'data do desconto 3'),
  money(51, 65, 'discount3Value', 'valor/percentual do desconto 3'),
  num(66, 66, 'fineCode', 'código da multa'),
  date(67, 74, 'fineDate', 'data da multa'),
  money(75, 89, 'fineValue', 'valor/percentual da multa'),
  alfa(90, 99, 'payerInfo', 'informação ao pagador'),
  alfa(100, 139, 'message3', 'mensagem 3'),
  alfa(140, 179, 'message4', 'mensagem 4'),
  blanks(180, 199),
  num(200, 207, 'payerOccurrence', 'código de ocorrência do pagador'),
  num(208, 210, 'debitBank', 'código do banco na conta do débito'),
  num(211, 215, 'debitAgency', 'agência da conta do débito'),
  alfa(216, 216, 'debitAgencyDv', 'dígito verificador da agência do débito'),
  num(217, 228, 'debitAccount', 'conta corrente para débito'),
  alfa(229, 229, 'debitAccountDv', 'dígito verificador da conta do débito'),
  alfa(230, 230, 'debitAgencyAccountDv', 'dígito verificador agência/conta do débito'),
  num(231, 231, 'debitNotice', 'aviso para débito automático'),
  blanks(232, 240),
];

const GENERIC_T: FieldSpec[] = [
  ...detailPrefix('T'),
  ...ACCOUNT_18_37,
  alfa(38, 57, 'nossoNumero', 'nosso número', { required: true }),
  num(58, 58, 'carteiraCode', 'código da carteira'),
  alfa(59, 73, 'documentNumber', 'número do documento de cobrança'),
  date(74, 81, 'dueDate', 'data do vencimento do título'),
  money(82, 96, 'faceValueCents', 'valor nominal do título'),
  num(97, 99, 'collectingBank', 'número do banco cobrador/recebedor'),
  num(100, 104, 'collectingAgency', 'agência cobradora/recebedora'),
  alfa(105, 105, 'collectingAgencyDv', 'dígito verificador da agência cobradora'),
  alfa(106, 130, 'companyReference', 'identificação do título na empresa'),
  num(131, 132, 'currency', 'código da moeda'),
  num(133, 133, 'payerDocType', 'tipo de inscrição do pagador'),
  doc(134, 148, 'payerDocument', 'número de inscrição do pagador'),
  alfa(149, 188, 'payerName', 'nome do pagador'),
  num(189, 198, 'contract', 'nº do contrato da operação de crédito'),
  money(199, 213, 'feeCents', 'valor da tarifa/custas'),
  alfa(214, 223, 'reasons', 'motivos da ocorrência'),
  blanks(224, 240),
];

const GENERIC_U: FieldSpec[] = [
  ...detailPrefix('U'),
  money(18, 32, 'fineInterestCents', 'juros/multa/encargos'),
  money(33, 47, 'discountCents', 'valor do desconto concedido'),
  money(48, 62, 'abatementCents', 'valor do abatimento concedido/cancelado'),
  money(63, 77, 'iofCents', 'valor do IOF recolhido'),
  money(78, 92, 'paidCents', 'valor pago pelo pagador'),
  money(93, 107, 'netCents', 'valor líquido a ser creditado'),
  money(108, 122, 'otherExpensesCents', 'valor de outras despesas'),
  money(123, 137, 'otherCreditsCents', 'valor de outros créditos'),
  date(138, 145, 'occurrenceDate', 'data da ocorrência'),
  date(146, 153, 'creditDate', 'data da efetivação do crédito'),
  alfa(154, 157, 'payerOccurrenceCode', 'código da ocorrência do pagador'),
  date(158, 165, 'payerOccurrenceDate', 'data da ocorrência do pagador'),
  money(166, 180, 'payerOccurrenceValue', 'valor da ocorrência do pagador'),
  alfa(181, 210, 'payerOccurrenceText', 'complemento da ocorrência do pagador'),
  num(211, 213, 'correspondentBank', 'código do banco correspondente na compensação'),
  alfa(214, 233, 'correspondentNossoNumero', 'nosso número do banco correspondente'),
  blanks(234, 240),
];

const GENERIC_BATCH_TRAILER: FieldSpec[] = [
  num(1, 3, 'bankCode', 'código do banco na compensação', { required: true }),
  int(4, 7, 'batch', 'lote de serviço', { required: true }),
  fixed(8, 8, 'tipo de registro', '5', true),
  blanks(9, 17),
  int(18, 23, 'recordCount', 'quantidade de registros no lote', { required: true }),
  int(24, 29, 'simpleCount', 'quantidade de títulos em cobrança simples'),
  money(30, 46, 'simpleTotalCents', 'valor total dos títulos em carteiras simples'),
  int(47, 52, 'linkedCount', 'quantidade de títulos em cobrança vinculada'),
  money(53, 69, 'linkedTotalCents', 'valor total dos títulos em carteiras vinculadas'),
  int(70, 75, 'securedCount', 'quantidade de títulos em cobrança caucionada'),
  money(76, 92, 'securedTotalCents', 'valor total dos títulos em carteiras caucionadas'),
  int(93, 98, 'discountedCount', 'quantidade de títulos em cobrança descontada'),
  money(99, 115, 'discountedTotalCents', 'valor total dos títulos em carteiras descontadas'),
  alfa(116, 123, 'noticeNumber', 'número do aviso de lançamento'),
  blanks(124, 240),
];

const GENERIC_FILE_TRAILER: FieldSpec[] = [
  num(1, 3, 'bankCode', 'código do banco na compensação', { required: true }),
  fixed(4, 7, 'lote de serviço', '9999', true),
  fixed(8, 8, 'tipo de registro', '9', true),
  blanks(9, 17),
  int(18, 23, 'batchCount', 'quantidade de lotes do arquivo', { required: true }),
  int(24, 29, 'recordCount', 'quantidade de registros do arquivo', { required: true }),
  int(30, 35, 'accountCount', 'quantidade de contas para conciliação'),
  blanks(36, 240),
];

export interface CnabLayout {
  bank: CnabBank;
  fileHeader: RecordSpec;
  batchHeader: RecordSpec;
  p: RecordSpec;
  q: RecordSpec;
  r: RecordSpec;
  t: RecordSpec;
  u: RecordSpec;
  batchTrailer: RecordSpec;
  fileTrailer: RecordSpec;
}

function buildLayout(code: CnabBankCode): CnabLayout {
  const spec = (name: string, fields: FieldSpec[]) => assertCoversRecord({ name, fields });
  return {
    bank: CNAB_BANKS[code],
    fileHeader: spec('header de arquivo', overlay(GENERIC_FILE_HEADER, convenioFields(code, 0))),
    batchHeader: spec('header de lote', overlay(GENERIC_BATCH_HEADER, convenioFields(code, 1))),
    p: spec('segmento P', overlay(GENERIC_P, titleIdFields(code))),
    q: spec('segmento Q', GENERIC_Q),
    r: spec('segmento R', GENERIC_R),
    t: spec('segmento T', overlay(GENERIC_T, titleIdFields(code))),
    u: spec('segmento U', GENERIC_U),
    batchTrailer: spec('trailer de lote', GENERIC_BATCH_TRAILER),
    fileTrailer: spec('trailer de arquivo', GENERIC_FILE_TRAILER),
  };
}

/** The field tables of a bank (built and checked once, at module load). */
export const CNAB_LAYOUTS: Record<CnabBankCode, CnabLayout> = {
  '001': buildLayout('001'),
  '756': buildLayout('756'),
};

/**
 * The nosso número as stored on the charge (and printed on the boleto) ↔ the CNAB field 38–57.
 * BB: the 17 digits (convênio 7 + sequence 10), left-aligned. Sicoob: número + DV, zero-filled to 10 digits.
 */
export function nossoNumeroToField(bank: CnabBankCode, nossoNumero: string): string {
  return bank === '756' ? nossoNumero.padStart(10, '0') : nossoNumero;
}

/** The field 38–57 as read (trimmed) → the nosso número as stored (Sicoob: 7 digits + DV, see boleto/banks/sicoob.ts). */
export function nossoNumeroFromField(bank: CnabBankCode, field: string): string {
  if (bank === '756') return field.replace(/^0+(?=\d{8})/, '').padStart(8, '0');
  return field.trim();
}
