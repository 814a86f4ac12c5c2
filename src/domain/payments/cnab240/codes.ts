/**
 * Codes of CNAB 240 cobrança, pt-BR labels after the FEBRABAN layout's notes C004 (código de movimento
 * remessa), C044 (código de movimento retorno) and C047 (motivo da ocorrência, for 02/03/26/30 — entrada,
 * rejeição, instrução rejeitada). Banks add codes: anything unknown is shown with its number.
 */

/** Movement codes we send in a remessa (segment P/Q/R column 16–17). */
export const REMESSA_MOVEMENTS = { entrada: '01', baixa: '02' } as const;
export type RemessaInstruction = keyof typeof REMESSA_MOVEMENTS;

export const RETORNO_MOVEMENT_LABELS: Record<string, string> = {
  '02': 'Entrada confirmada',
  '03': 'Entrada rejeitada',
  '04': 'Transferência de carteira/entrada',
  '05': 'Transferência de carteira/baixa',
  '06': 'Liquidação',
  '07': 'Confirmação do recebimento da instrução de desconto',
  '08': 'Confirmação do recebimento do cancelamento do desconto',
  '09': 'Baixa',
  '11': 'Títulos em carteira (em ser)',
  '12': 'Confirmação do recebimento da instrução de abatimento',
  '13': 'Confirmação do recebimento da instrução de cancelamento de abatimento',
  '14': 'Confirmação do recebimento da instrução de alteração de vencimento',
  '15': 'Franco de pagamento',
  '17': 'Liquidação após baixa ou liquidação de título não registrado',
  '19': 'Confirmação do recebimento da instrução de protesto',
  '20': 'Confirmação do recebimento da instrução de sustação/cancelamento de protesto',
  '23': 'Remessa a cartório (aponte em cartório)',
  '24': 'Retirada de cartório e manutenção em carteira',
  '25': 'Protestado e baixado (baixa por ter sido protestado)',
  '26': 'Instrução rejeitada',
  '27': 'Confirmação do pedido de alteração de outros dados',
  '28': 'Débito de tarifas/custas',
  '29': 'Ocorrências do pagador',
  '30': 'Alteração de dados rejeitada',
  '33': 'Confirmação da alteração dos dados do rateio de crédito',
  '34': 'Confirmação do cancelamento dos dados do rateio de crédito',
  '35': 'Confirmação do desagendamento do débito automático',
  '36': 'Confirmação de envio de e-mail/SMS',
  '37': 'Envio de e-mail/SMS rejeitado',
  '38': 'Confirmação de alteração do prazo limite de recebimento',
  '39': 'Confirmação de dispensa de prazo limite de recebimento',
  '40': 'Confirmação da alteração do número do título dado pelo beneficiário',
  '41': 'Confirmação da alteração do número controle do participante',
  '42': 'Confirmação da alteração dos dados do pagador',
  '43': 'Confirmação da alteração dos dados do sacador/avalista',
  '44': 'Título pago com cheque devolvido',
  '45': 'Título pago com cheque compensado',
  '46': 'Instrução para cancelar protesto confirmada',
  '47': 'Instrução para protesto para fins falimentares confirmada',
  '48': 'Confirmação de instrução de transferência de carteira/modalidade de cobrança',
  '49': 'Alteração de contrato de cobrança',
  '50': 'Título pendente de pagamento (DDA)',
  '51': 'Título DDA reconhecido pelo pagador',
  '52': 'Título DDA não reconhecido pelo pagador',
  '53': 'Título DDA recusado pela CIP',
  '54': 'Confirmação da instrução de baixa de título negativado sem protesto',
};

/** Liquidation movements: settle the charge. */
export const SETTLEMENT_MOVEMENTS: readonly string[] = ['06', '17'];

export function movementLabel(code: string): string {
  return RETORNO_MOVEMENT_LABELS[code] ?? `Ocorrência ${code}`;
}

/** C047 for rejections (movements 03, 26, 30). */
export const REJECTION_REASONS: Record<string, string> = {
  '01': 'Código do banco inválido',
  '02': 'Código do registro detalhe inválido',
  '03': 'Código do segmento inválido',
  '04': 'Código de movimento não permitido para a carteira',
  '05': 'Código de movimento inválido',
  '06': 'Tipo/número de inscrição do beneficiário inválidos',
  '07': 'Agência/conta/DV inválido',
  '08': 'Nosso número inválido',
  '09': 'Nosso número duplicado',
  '10': 'Carteira inválida',
  '11': 'Forma de cadastramento do título inválida',
  '12': 'Tipo de documento inválido',
  '13': 'Identificação da emissão do boleto inválida',
  '14': 'Identificação da distribuição do boleto inválida',
  '15': 'Características da cobrança incompatíveis',
  '16': 'Data de vencimento inválida',
  '17': 'Data de vencimento anterior à data de emissão',
  '18': 'Vencimento fora do prazo de operação',
  '19': 'Título a cargo de banco correspondente com vencimento inferior a XX dias',
  '20': 'Valor do título inválido',
  '21': 'Espécie do título inválida',
  '22': 'Espécie do título não permitida para a carteira',
  '23': 'Aceite inválido',
  '24': 'Data da emissão inválida',
  '25': 'Data da emissão posterior à data de entrada',
  '26': 'Código de juros de mora inválido',
  '27': 'Valor/taxa de juros de mora inválido',
  '28': 'Código do desconto inválido',
  '29': 'Valor do desconto maior ou igual ao valor do título',
  '30': 'Desconto a conceder não confere',
  '31': 'Concessão de desconto — já existe desconto anterior',
  '32': 'Valor do IOF inválido',
  '33': 'Valor do abatimento inválido',
  '34': 'Valor do abatimento maior ou igual ao valor do título',
  '35': 'Valor a conceder não confere',
  '36': 'Concessão de abatimento — já existe abatimento anterior',
  '37': 'Código para protesto inválido',
  '38': 'Prazo para protesto inválido',
  '39': 'Pedido de protesto não permitido para o título',
  '40': 'Título com ordem de protesto emitida',
  '41': 'Pedido de cancelamento/sustação para título sem instrução de protesto',
  '42': 'Código para baixa/devolução inválido',
  '43': 'Prazo para baixa/devolução inválido',
  '44': 'Código da moeda inválido',
  '45': 'Nome do pagador não informado',
  '46': 'Tipo/número de inscrição do pagador inválidos',
  '47': 'Endereço do pagador não informado',
  '48': 'CEP inválido',
  '49': 'CEP sem praça de cobrança (não localizado)',
  '50': 'CEP referente a um banco correspondente',
  '51': 'CEP incompatível com a unidade da federação',
  '52': 'Unidade da federação inválida',
  '53': 'Tipo/número de inscrição do sacador/avalista inválidos',
  '54': 'Sacador/avalista não informado',
  '55': 'Nosso número no banco correspondente não informado',
  '56': 'Código do banco correspondente não informado',
  '57': 'Código da multa inválido',
  '58': 'Data da multa inválida',
  '59': 'Valor/percentual da multa inválido',
  '60': 'Movimento para título não cadastrado',
  '61': 'Alteração da agência cobradora/DV inválida',
  '62': 'Tipo de impressão inválido',
  '63': 'Entrada para título já cadastrado',
  '64': 'Número da linha inválido',
  '65': 'Código do banco para débito inválido',
  '66': 'Agência/conta/DV para débito inválido',
  '67': 'Dados para débito incompatível com a identificação da emissão do boleto',
  '68': 'Débito automático agendado',
  '69': 'Débito não agendado — erro nos dados da remessa',
  '70': 'Débito não agendado — pagador não consta do cadastro de autorizante',
  '71': 'Débito não agendado — beneficiário não autorizado pelo pagador',
  '72': 'Débito não agendado — beneficiário não participa da modalidade débito automático',
  '73': 'Débito não agendado — código de moeda diferente de real',
  '74': 'Débito não agendado — data de vencimento inválida',
  '75': 'Débito não agendado, conforme seu pedido, título não registrado',
  '76': 'Débito não agendado, tipo/número de inscrição do debitado inválido',
  '77': 'Transferência para desconto não permitida para a carteira do título',
  '78': 'Data inferior ou igual ao vencimento para débito automático',
  '79': 'Data juros de mora inválida',
  '80': 'Data do desconto inválida',
  '86': 'Seu número inválido',
};

/** The reason codes of a T segment (columns 214–223: five 2-digit codes; "00" and blanks are none). */
export function reasonCodes(field: string): string[] {
  const codes: string[] = [];
  for (let i = 0; i + 2 <= field.length; i += 2) {
    const code = field.slice(i, i + 2);
    if (code.trim() !== '' && code !== '00') codes.push(code.trim());
  }
  return codes;
}

/** "08 – Nosso número inválido; 48 – CEP inválido" (unknown codes with their number). */
export function rejectionText(codes: readonly string[]): string {
  if (codes.length === 0) return 'Rejeitado pelo banco (motivo não informado).';
  return codes.map((c) => `${c} – ${REJECTION_REASONS[c] ?? 'motivo não catalogado'}`).join('; ');
}
