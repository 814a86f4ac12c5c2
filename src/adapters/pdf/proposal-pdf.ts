import type { ProposalDocumentRenderer, ProposalRecord } from '../../app/proposals/ports';
import type { PricedQuoteJson } from '../../app/quotes/quote-json';
import { formatDateBR } from '../../domain/calendar/dates';
import { documentKind, formatDocument } from '../../domain/documents/cpf-cnpj';
import { formatBRL } from '../../domain/money/money';
import { PAYMENT_METHOD_LABELS, PERIODICITY_LABELS, usesCard } from '../../domain/pricing/catalog';
import {
  A4,
  BRAND,
  CONTENT_WIDTH,
  createDocument,
  DANGER,
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
 * The client-facing proposal (A4, pt-BR). It shows what the client pays — never the custo Hiper,
 * the mínimo or the repasse, which are the Hiperador's business.
 */

export const BILLING_RULE = 'A primeira parcela é cobrada na ativação; as demais vencem todo dia 15.';

function drawHeader(layout: Layout, proposal: ProposalRecord, issuedOn: string, first: boolean): void {
  drawBrandBar(layout.page);
  if (!first) {
    layout.y = A4.height - MARGIN + 6;
    layout.text(`Central de Cobranças — Proposta comercial nº ${proposal.number} (continuação)`, MARGIN, {
      size: 9,
      color: MUTED,
    });
    layout.y -= 20;
    return;
  }
  layout.y = A4.height - MARGIN - 4;
  layout.text(`Central de Cobranças — Proposta comercial nº ${proposal.number}`, MARGIN, {
    size: 16,
    bold: true,
    color: BRAND,
    maxWidth: CONTENT_WIDTH,
  });
  layout.y -= 18;
  layout.text(
    `Emitida em ${formatDateBR(issuedOn)}   ·   Válida até ${formatDateBR(proposal.validUntil)}`,
    MARGIN,
    { size: 10, color: MUTED },
  );
  if (proposal.status === 'cancelada') {
    layout.text('PROPOSTA CANCELADA', A4.width - MARGIN, {
      size: 10,
      bold: true,
      color: DANGER,
      align: 'right',
    });
  }
  layout.y -= 6;
}

function drawParties(layout: Layout, proposal: ProposalRecord): void {
  layout.sectionTitle('Cliente e Hiperador');
  const { regular } = layout.fonts;
  const col = CONTENT_WIDTH / 2 - 12;
  const right = MARGIN + CONTENT_WIDTH / 2 + 12;
  const top = layout.y;
  const kind = documentKind(proposal.client.document) === 'cpf' ? 'CPF' : 'CNPJ';
  const left: [string, string][] = [
    ['Razão social', proposal.client.legalName],
    ...(proposal.client.tradeName
      ? ([['Nome fantasia', proposal.client.tradeName]] as [string, string][])
      : []),
    [kind, formatDocument(proposal.client.document)],
    ['E-mail', proposal.client.email],
  ];
  for (const [label, value] of left) {
    layout.text(label, MARGIN, { size: 8, color: MUTED });
    layout.y -= 12;
    const lines = wrap(regular, 10.5, encodable(regular, value), col).slice(0, 2);
    for (const line of lines) {
      layout.text(line, MARGIN, { size: 10.5 });
      layout.y -= 13;
    }
    layout.y -= 4;
  }
  const leftBottom = layout.y;
  layout.y = top;
  layout.text('Hiperador (revenda)', right, { size: 8, color: MUTED });
  layout.y -= 12;
  layout.text(proposal.reseller.name, right, { size: 10.5, bold: true, maxWidth: col });
  layout.y -= 17;
  if (proposal.createdByName) {
    layout.text('Atendimento', right, { size: 8, color: MUTED });
    layout.y -= 12;
    layout.text(proposal.createdByName, right, { size: 10.5, maxWidth: col });
    layout.y -= 17;
  }
  layout.y = Math.min(layout.y, leftBottom) + 4;
}

function drawPlan(layout: Layout, pricing: PricedQuoteJson): void {
  layout.sectionTitle('Plano');
  layout.text(pricing.product_name, MARGIN, { size: 13, bold: true });
  const q = pricing.quantities;
  layout.text(`Usuários: ${q.users}     Caixas: ${q.registers}     Filiais: ${q.stores}`, A4.width - MARGIN, {
    size: 10.5,
    align: 'right',
  });
  layout.y -= 4;
}

const COLUMNS = {
  item: MARGIN + 8,
  quantity: MARGIN + CONTENT_WIDTH * 0.6,
  original: MARGIN + CONTENT_WIDTH * 0.8,
  negotiated: A4.width - MARGIN - 8,
};
const ROW = 20;

function drawTableHeader(layout: Layout): void {
  layout.page.drawRectangle({ x: MARGIN, y: layout.y - 6, width: CONTENT_WIDTH, height: ROW, color: BRAND });
  const white = WHITE;
  layout.text('Item', COLUMNS.item, { size: 9, bold: true, color: white });
  layout.text('Qtde', COLUMNS.quantity, { size: 9, bold: true, color: white, align: 'right' });
  layout.text('Original/mês', COLUMNS.original, { size: 9, bold: true, color: white, align: 'right' });
  layout.text('Negociado/mês', COLUMNS.negotiated, { size: 9, bold: true, color: white, align: 'right' });
  layout.y -= ROW;
}

function drawItems(layout: Layout, pricing: PricedQuoteJson): void {
  layout.sectionTitle('Itens');
  const discount = pricing.options.find((o) => o.periodicity === pricing.periodicity)?.discount_bp ?? 0;
  drawTableHeader(layout);
  pricing.lines.forEach((line, i) => {
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
    const name = line.kind === 'app' ? `${line.name} (aplicativo)` : line.name;
    layout.text(name, COLUMNS.item, { size: 10, maxWidth: COLUMNS.quantity - COLUMNS.item - 40 });
    layout.text(String(line.quantity), COLUMNS.quantity, { size: 10, align: 'right' });
    layout.text(formatBRL(line.original_cents), COLUMNS.original, { size: 10, align: 'right', color: MUTED });
    layout.text(formatBRL(line.negotiated_cents), COLUMNS.negotiated, { size: 10, align: 'right' });
    layout.y -= ROW;
  });
  layout.ensure(ROW + 18);
  layout.rule(layout.y + ROW - 6 + 0.5, INK, 0.75);
  layout.text('Total mensal', COLUMNS.item, { size: 10, bold: true });
  layout.text(formatBRL(pricing.monthly_original_cents), COLUMNS.original, {
    size: 10,
    bold: true,
    align: 'right',
    color: MUTED,
  });
  layout.text(formatBRL(pricing.monthly_negotiated_cents), COLUMNS.negotiated, {
    size: 10,
    bold: true,
    align: 'right',
  });
  layout.y -= 14;
  if (discount > 0) {
    const percent = (discount / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 });
    layout.text(
      `Valores originais já com o desconto de ${percent}% do plano ${PERIODICITY_LABELS[pricing.periodicity]}.`,
      COLUMNS.item,
      { size: 8.5, color: MUTED },
    );
    layout.y -= 4;
  }
}

function drawTotals(layout: Layout, pricing: PricedQuoteJson): void {
  const card = usesCard(pricing.payment.method);
  const rows: [string, string, boolean?][] = [
    ['Mensalidade negociada', formatBRL(pricing.monthly_negotiated_cents), true],
    [
      'Periodicidade',
      `${PERIODICITY_LABELS[pricing.periodicity]} (${pricing.months} ${pricing.months === 1 ? 'mês' : 'meses'})`,
    ],
    ['Total do período', formatBRL(pricing.period_total_cents), true],
    [
      'Implantação',
      pricing.setup_fee_cents > 0
        ? `${formatBRL(pricing.setup_fee_cents)} (cobrada com a primeira parcela)`
        : 'Sem implantação',
    ],
    ['Forma de pagamento', PAYMENT_METHOD_LABELS[pricing.payment.method]],
  ];
  if (card) {
    const n = pricing.payment.card_installments ?? 1;
    rows.push(['Número de parcelas', `${n}x no cartão`]);
    rows.push(['Valor de cada parcela', installmentsText(pricing.payment.installment_amounts)]);
  }
  // The title, the box and the billing rule stay together on one page.
  layout.ensure(rows.length * 18 + 110);
  layout.sectionTitle('Valores e pagamento');
  layout.y -= 4;
  drawValueBox(layout, rows, { label: 10.5, strong: 12 });
  layout.y -= 16;
  layout.ensure(30);
  layout.text(BILLING_RULE, MARGIN, { size: 10, bold: true });
  layout.y -= 14;
  layout.text('Valores em reais (R$). Preços válidos até a data de validade desta proposta.', MARGIN, {
    size: 8.5,
    color: MUTED,
  });
}

export async function renderProposalPdf(proposal: ProposalRecord, issuedOn: string): Promise<Uint8Array> {
  const { doc, fonts } = await createDocument({
    title: `Proposta comercial nº ${proposal.number}`,
    subject: `Proposta para ${proposal.client.legalName}`,
    issuedOn,
  });
  const layout = new Layout(doc, fonts, (l, first) => drawHeader(l, proposal, issuedOn, first));
  drawParties(layout, proposal);
  drawPlan(layout, proposal.pricing);
  drawItems(layout, proposal.pricing);
  drawTotals(layout, proposal.pricing);
  drawFooters(layout, `Central de Cobranças · Proposta nº ${proposal.number} · ${proposal.reseller.name}`);
  return doc.save();
}

export const pdfLibProposalRenderer: ProposalDocumentRenderer = { render: renderProposalPdf };
