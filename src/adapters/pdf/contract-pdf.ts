import type { ContractDocumentRenderer, ContractDraft } from '../../app/contracts/ports';
import { addMonths, endOfMonth, formatDateBR } from '../../domain/calendar/dates';
import { CONTRACT_KIND_LABELS, CONTRACTED_PARTY } from '../../domain/contracts/contract-rules';
import { documentKind, formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { PAYMENT_METHOD_LABELS, PERIODICITY_LABELS, usesCard } from '../../domain/pricing/catalog';
import {
  A4,
  BRAND,
  CONTENT_WIDTH,
  createDocument,
  drawBrandBar,
  drawFooters,
  drawValueBox,
  encodable,
  INK,
  installmentsText,
  Layout,
  MARGIN,
  MUTED,
  SHADE,
  WHITE,
  wrap,
} from './pdf-kit';

/**
 * The contract of a contract version (A4, pt-BR): parties, object, price table, payment terms, the
 * prepaid and access rules of SPEC §4 with the worked example, late payment, and a signature page.
 * Like the proposal, it never shows the custo Hiper, the mínimo or the repasse.
 */

export const CONTRACT_TITLE = 'Contrato de licença de uso e prestação de serviços';

const MONTHS_PT = [
  'janeiro',
  'fevereiro',
  'março',
  'abril',
  'maio',
  'junho',
  'julho',
  'agosto',
  'setembro',
  'outubro',
  'novembro',
  'dezembro',
];

/** '2026-06-01' → '1º de junho de 2026'. */
export function longDateBR(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d === 1 ? '1º' : d} de ${MONTHS_PT[m - 1]} de ${y}`;
}

function docLabel(document: string): string {
  return `${documentKind(document) === 'cpf' ? 'CPF' : 'CNPJ'} ${formatDocument(document)}`;
}

function clientAddress(c: ContractDraft['parties']['client']): string {
  const street = [c.street, c.number].filter(Boolean).join(', ');
  return [
    street,
    c.district,
    `${c.city}/${c.state}`,
    c.cep ? `CEP ${c.cep.slice(0, 5)}-${c.cep.slice(5)}` : null,
  ]
    .filter(Boolean)
    .join(' — ');
}

function drawHeader(layout: Layout, draft: ContractDraft, first: boolean): void {
  drawBrandBar(layout.page);
  if (!first) {
    layout.y = A4.height - MARGIN + 6;
    layout.text(`${CONTRACT_TITLE} — nº ${draft.number} (versão ${draft.version}) — continuação`, MARGIN, {
      size: 8.5,
      color: MUTED,
      maxWidth: CONTENT_WIDTH,
    });
    layout.y -= 20;
    return;
  }
  layout.y = A4.height - MARGIN - 4;
  const title = `${CONTRACT_TITLE} — nº ${draft.number} (versão ${draft.version})`;
  for (const line of wrap(layout.fonts.bold, 15, encodable(layout.fonts.bold, title), CONTENT_WIDTH)) {
    layout.text(line, MARGIN, { size: 15, bold: true, color: BRAND });
    layout.y -= 19;
  }
  layout.y -= 2;
  const kind = CONTRACT_KIND_LABELS[draft.kind];
  const badgeWidth =
    layout.fonts.bold.widthOfTextAtSize(encodable(layout.fonts.bold, kind.toUpperCase()), 8.5) + 14;
  layout.page.drawRectangle({ x: MARGIN, y: layout.y - 4, width: badgeWidth, height: 15, color: BRAND });
  layout.text(kind.toUpperCase(), MARGIN + 7, { size: 8.5, bold: true, color: WHITE });
  layout.text(
    `Emitido em ${formatDateBR(draft.issuedOn)}   ·   Aguardando assinatura digital`,
    MARGIN + badgeWidth + 10,
    {
      size: 9.5,
      color: MUTED,
    },
  );
  layout.y -= 8;
}

function labelValue(layout: Layout, x: number, width: number, label: string, value: string): void {
  layout.text(label, x, { size: 7.5, color: MUTED });
  layout.y -= 11;
  for (const line of wrap(layout.fonts.regular, 9.5, encodable(layout.fonts.regular, value), width).slice(
    0,
    3,
  )) {
    layout.text(line, x, { size: 9.5 });
    layout.y -= 12;
  }
  layout.y -= 3;
}

function drawParty(layout: Layout, role: string, name: string, rows: [string, string][]): void {
  const height = 30 + rows.length * 27;
  layout.ensure(height);
  const top = layout.y + 12;
  layout.page.drawRectangle({ x: MARGIN, y: top - 18, width: CONTENT_WIDTH, height: 18, color: SHADE });
  layout.text(role, MARGIN + 8, { size: 8.5, bold: true, color: BRAND });
  layout.text(name, MARGIN + 110, { size: 10, bold: true, maxWidth: CONTENT_WIDTH - 118 });
  layout.y -= 24;
  const col = CONTENT_WIDTH / 2 - 12;
  for (let i = 0; i < rows.length; i += 2) {
    const rowTop = layout.y;
    const [l, r] = [rows[i]!, rows[i + 1]];
    labelValue(layout, MARGIN + 8, col, l[0], l[1]);
    const leftBottom = layout.y;
    if (r) {
      layout.y = rowTop;
      labelValue(layout, MARGIN + CONTENT_WIDTH / 2 + 4, col, r[0], r[1]);
    }
    layout.y = Math.min(layout.y, leftBottom);
  }
  layout.y -= 6;
}

function drawParties(layout: Layout, draft: ContractDraft): void {
  const { client, reseller } = draft.parties;
  layout.sectionTitle('1. Partes');
  drawParty(layout, 'CONTRATADA', CONTRACTED_PARTY.legalName, [
    ['CNPJ', formatDocument(CONTRACTED_PARTY.document)],
    ['E-mail', CONTRACTED_PARTY.email],
    ['Endereço', CONTRACTED_PARTY.address],
  ]);
  drawParty(layout, 'CONTRATANTE', client.legalName, [
    [documentKind(client.document) === 'cpf' ? 'CPF' : 'CNPJ', formatDocument(client.document)],
    ['Inscrição estadual', client.stateRegistration ?? 'Não informada'],
    ['Endereço', clientAddress(client)],
    ['E-mail', client.email],
    [
      'Responsável pela assinatura',
      `${client.responsibleName} — CPF ${formatDocument(client.responsibleCpf)}`,
    ],
    ['E-mail do responsável', client.responsibleEmail],
  ]);
  drawParty(layout, 'INTERMEDIÁRIO', reseller.name, [
    ['Razão social', reseller.legalName],
    ['CNPJ', formatDocument(reseller.document)],
    ['Cidade', `${reseller.city}/${reseller.state}`],
    ['Papel', 'Hiperador (revenda): atendimento, implantação e suporte'],
  ]);
}

function drawObject(layout: Layout, draft: ContractDraft): void {
  const p = draft.pricing;
  layout.sectionTitle('2. Objeto');
  const apps = p.lines.filter((l) => l.kind === 'app').map((l) => l.name);
  layout.paragraph(
    `Licença de uso do software ${p.product_name}, com ${p.quantities.users} ${p.quantities.users === 1 ? 'usuário' : 'usuários'}, ${p.quantities.registers} ${p.quantities.registers === 1 ? 'caixa' : 'caixas'} e ${p.quantities.stores} ${p.quantities.stores === 1 ? 'filial' : 'filiais'}${apps.length > 0 ? `, e os aplicativos ${apps.join(', ')}` : ''}, com atualizações, hospedagem dos serviços em nuvem e suporte prestado pelo INTERMEDIÁRIO, nas condições abaixo.`,
  );
}

const COLUMNS = {
  item: MARGIN + 8,
  quantity: MARGIN + CONTENT_WIDTH * 0.62,
  negotiated: A4.width - MARGIN - 8,
};
const ROW = 20;

function drawTableHeader(layout: Layout): void {
  layout.page.drawRectangle({ x: MARGIN, y: layout.y - 6, width: CONTENT_WIDTH, height: ROW, color: BRAND });
  layout.text('Item', COLUMNS.item, { size: 9, bold: true, color: WHITE });
  layout.text('Qtde', COLUMNS.quantity, { size: 9, bold: true, color: WHITE, align: 'right' });
  layout.text('Valor mensal negociado', COLUMNS.negotiated, {
    size: 9,
    bold: true,
    color: WHITE,
    align: 'right',
  });
  layout.y -= ROW;
}

function drawItems(layout: Layout, draft: ContractDraft): void {
  const p = draft.pricing;
  layout.sectionTitle('3. Itens e valores');
  layout.ensure(ROW * 3);
  drawTableHeader(layout);
  p.lines.forEach((line, i) => {
    if (layout.ensure(ROW + 4)) drawTableHeader(layout);
    if (i % 2 === 1) {
      layout.page.drawRectangle({
        x: MARGIN,
        y: layout.y - 6,
        width: CONTENT_WIDTH,
        height: ROW,
        color: SHADE,
      });
    }
    const name =
      line.kind === 'app'
        ? `${line.name} (aplicativo)`
        : line.kind === 'plan'
          ? `Plano ${line.name}`
          : line.name;
    layout.text(name, COLUMNS.item, { size: 10, maxWidth: COLUMNS.quantity - COLUMNS.item - 40 });
    layout.text(String(line.quantity), COLUMNS.quantity, { size: 10, align: 'right' });
    layout.text(formatBRL(line.negotiated_cents), COLUMNS.negotiated, { size: 10, align: 'right' });
    layout.y -= ROW;
  });
  layout.ensure(ROW + 8);
  layout.rule(layout.y + ROW - 6 + 0.5, INK, 0.75);
  layout.text('Mensalidade total', COLUMNS.item, { size: 10, bold: true });
  layout.text(formatBRL(p.monthly_negotiated_cents), COLUMNS.negotiated, {
    size: 10.5,
    bold: true,
    align: 'right',
  });
  layout.y -= 14;
  layout.text(
    `Preços da tabela "${p.price_book.name}", congelados neste contrato: uma nova tabela de preços não altera esta versão.`,
    COLUMNS.item,
    { size: 8, color: MUTED, maxWidth: CONTENT_WIDTH - 16 },
  );
  layout.y -= 4;
}

function drawPayment(layout: Layout, draft: ContractDraft): void {
  const p = draft.pricing;
  const rows: [string, string, boolean?][] = [
    ['Mensalidade', formatBRL(p.monthly_negotiated_cents), true],
    [
      'Periodicidade',
      `${PERIODICITY_LABELS[p.periodicity]} (${p.months} ${p.months === 1 ? 'mês' : 'meses'} por parcela)`,
    ],
    ['Valor de cada parcela do período', formatBRL(p.period_total_cents), true],
    [
      'Implantação',
      p.setup_fee_cents > 0
        ? `${formatBRL(p.setup_fee_cents)}, cobrada com a primeira parcela`
        : 'Sem valor de implantação',
    ],
    ['Forma de pagamento', PAYMENT_METHOD_LABELS[p.payment.method]],
  ];
  if (usesCard(p.payment.method)) {
    rows.push(['Parcelas no cartão', installmentsText(p.payment.installment_amounts)]);
  }
  layout.ensure(rows.length * 18 + 60);
  layout.sectionTitle('4. Periodicidade e pagamento');
  layout.y -= 4;
  drawValueBox(layout, rows, { label: 10, strong: 11 });
  layout.y -= 6;
}

/** The billing and access clauses (SPEC §4), numbered. */
export function billingClauses(draft: ContractDraft): string[] {
  const p = draft.pricing;
  const months = p.months;
  const start =
    draft.kind === 'ativacao'
      ? 'A primeira parcela (com a implantação, quando houver) é cobrada na ativação, depois da assinatura deste contrato; o CONTRATANTE passa a ativo somente quando ela é paga.'
      : draft.kind === 'migracao'
        ? `Migração: a cobrança é feita na data desta alteração contratual. O cliente mantém a liberação atual até ${draft.keepPaidThrough ? formatDateBR(draft.keepPaidThrough) : 'a data já concedida'}.`
        : 'Alteração contratual: os novos itens e valores valem a partir da assinatura desta versão, que substitui a anterior; a liberação atual é mantida e as próximas parcelas seguem os novos valores.';
  const example =
    months === 1
      ? 'Exemplo: ativado em 01/06, paga a primeira parcela nesse dia e fica liberado até 31/07; em 15/07 paga a próxima e fica liberado até 31/08.'
      : `Exemplo (${PERIODICITY_LABELS[p.periodicity]}): ativado em 01/06/2026, paga a primeira parcela nesse dia e fica liberado até ${formatDateBR(endOfMonth(addMonths('2026-06-01', months)))}; em ${formatDateBR(`${addMonths('2026-06-01', months).slice(0, 8)}15`)} paga a próxima e fica liberado até ${formatDateBR(endOfMonth(addMonths('2026-06-01', 2 * months)))}.`;
  return [
    `Pagamento antecipado (pré-pago): cada parcela paga antecipadamente ${months === 1 ? 'um mês' : `${months} meses`} de uso.`,
    start,
    `As demais parcelas vencem todo dia 15, a cada ${months === 1 ? 'mês' : `${months} meses`}, contados do mês da ativação.`,
    `Liberação: pagar a parcela de um mês de referência libera o uso até o último dia do ${months === 1 ? 'mês seguinte' : `${months}º mês seguinte`}. A liberação nunca diminui. ${example}`,
    'Atraso: sobre a parcela não paga no vencimento incidem multa de 2% e juros de 1% ao mês pro rata die. O CONTRATANTE fica inadimplente, mantém o uso até a data de liberação e é bloqueado no dia seguinte ao "liberado até"; o pagamento desbloqueia imediatamente.',
    'Boleto com vencimento em fim de semana ou feriado bancário pode ser pago no primeiro dia útil seguinte, sem multa nem juros.',
    'Vigência: este contrato só produz efeitos depois de assinado digitalmente pelo responsável do CONTRATANTE. Uma nova versão emitida antes da assinatura cancela esta.',
    'Valores em reais (R$). Os preços ficam congelados nesta versão; qualquer mudança de itens, quantidades ou valores exige uma nova versão assinada.',
  ];
}

function drawClauses(layout: Layout, draft: ContractDraft): void {
  layout.sectionTitle('5. Cobrança, liberação e atraso');
  billingClauses(draft).forEach((clause, i) => {
    layout.ensure(28);
    layout.text(`5.${i + 1}`, MARGIN, { size: 9.5, bold: true, color: BRAND });
    layout.paragraph(clause, { x: MARGIN + 26, size: 9.5, after: 5 });
  });
}

function signatureBlock(layout: Layout, x: number, width: number, lines: string[]): void {
  const top = layout.y;
  layout.rule(top, INK, 0.75, x, x + width);
  layout.y -= 14;
  lines.forEach((line, i) => {
    layout.text(line, x + width / 2, {
      size: i === 0 ? 10 : 9,
      bold: i === 0,
      align: 'center',
      color: i === 0 ? INK : MUTED,
      maxWidth: width,
    });
    layout.y -= 13;
  });
  layout.y = top;
}

function drawSignaturePage(layout: Layout, draft: ContractDraft): void {
  const { client, reseller } = draft.parties;
  layout.newPage();
  layout.sectionTitle('6. Assinaturas');
  layout.paragraph(
    `E, por estarem de acordo, as partes assinam este contrato nº ${draft.number} (versão ${draft.version}), emitido em ${longDateBR(draft.issuedOn)}. O CONTRATANTE assina digitalmente pela Central de Cobranças, que registra o nome, o CPF, a data e a hora, o endereço IP e o SHA-256 deste documento.`,
  );
  layout.y -= 30;
  layout.text(
    'Local e data: _______________________________, ____ de ____________________ de ________',
    MARGIN,
    { size: 10 },
  );
  layout.y -= 80;
  const width = CONTENT_WIDTH / 2 - 20;
  signatureBlock(layout, MARGIN, width, [
    client.responsibleName,
    `CPF ${formatDocument(client.responsibleCpf)}`,
    'pelo CONTRATANTE',
    client.legalName,
    docLabel(client.document),
  ]);
  signatureBlock(layout, MARGIN + CONTENT_WIDTH / 2 + 20, width, [
    CONTRACTED_PARTY.legalName,
    'CONTRATADA',
    docLabel(CONTRACTED_PARTY.document),
  ]);
  layout.y -= 110;
  signatureBlock(layout, MARGIN + CONTENT_WIDTH / 4, CONTENT_WIDTH / 2, [
    reseller.legalName,
    `INTERMEDIÁRIO (${reseller.name})`,
    docLabel(reseller.document),
  ]);
  layout.y -= 90;
  layout.rule(layout.y + 8);
  layout.y -= 8;
  layout.paragraph(
    `Emitido em ${formatDateBR(draft.issuedOn)}${draft.issuedByName ? ` por ${draft.issuedByName}` : ''} · ${CONTRACT_KIND_LABELS[draft.kind]} · Contrato nº ${draft.number}, versão ${draft.version}.`,
    { size: 8.5, color: MUTED },
  );
}

export async function renderContractPdf(draft: ContractDraft): Promise<Uint8Array> {
  const { doc, fonts } = await createDocument({
    title: `${CONTRACT_TITLE} nº ${draft.number} (versão ${draft.version})`,
    subject: `Contrato de ${draft.parties.client.legalName}`,
    issuedOn: draft.issuedOn,
  });
  const layout = new Layout(doc, fonts, (l, first) => drawHeader(l, draft, first));
  drawParties(layout, draft);
  drawObject(layout, draft);
  drawItems(layout, draft);
  drawPayment(layout, draft);
  drawClauses(layout, draft);
  drawSignaturePage(layout, draft);
  drawFooters(
    layout,
    `Central de Cobranças · Contrato nº ${draft.number} · versão ${draft.version} · ${draft.parties.client.legalName}`,
  );
  return doc.save();
}

export const pdfLibContractRenderer: ContractDocumentRenderer = { render: renderContractPdf };
