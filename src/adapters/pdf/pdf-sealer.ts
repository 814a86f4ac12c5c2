import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { type PDFDict, PDFDocument, type PDFFont, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import type { CompletionEvidence, DocumentSealer } from '../../app/signatures/ports';
import { contractMarker } from '../../app/verification/verify-document';
import { formatDateTimeBR } from '../../domain/calendar/date-time';
import { documentKind, formatDocument } from '../../domain/documents/cpf-cnpj';
import type { SigningCertificate } from '../signing/certificate';
import { UnicodeSafeP12Signer } from '../signing/p12-signer';
import {
  A4,
  BRAND,
  CONTENT_WIDTH,
  drawBrandBar,
  encodable,
  type Fonts,
  fitText,
  INK,
  Layout,
  MARGIN,
  MUTED,
  RULE,
  SHADE,
  WHITE,
} from './pdf-kit';

/**
 * Seals a signed contract: the issued PDF + a "Certificado de conclusão da assinatura" page + a PDF digital
 * signature (PAdES-style, adbe.pkcs7.detached) by the platform's certificate, so any reader can tell the
 * document was not altered after signing. The Info dictionary carries `central-de-cobrancas:contract:<id>`
 * as a plain literal string (saved without object streams), which /verificar finds in altered copies.
 */

export { contractMarker, formatDateTimeBR };

/** '52998224725' → '529.***.***-25' (the signer's CPF with the middle digits hidden). */
export function maskCpf(cpf: string): string {
  const digits = cpf.replace(/\D/g, '');
  if (digits.length !== 11) return '***';
  return `${digits.slice(0, 3)}.***.***-${digits.slice(9)}`;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/(?:Chrome|CriOS|Chromium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari/, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** A user agent in a few words: 'Chrome 120 · Windows'. */
export function shortUserAgent(ua: string | null): string {
  if (!ua) return '—';
  let browser: string | null = null;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = `${name} ${m[1]}`;
      break;
    }
  }
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? ua;
}

function docLabel(document: string): string {
  return `${documentKind(document) === 'cpf' ? 'CPF' : 'CNPJ'} ${formatDocument(document)}`;
}

const CERTIFICATE_TITLE = 'Certificado de conclusão da assinatura';

type SealFonts = Fonts & { mono: PDFFont };

function drawCertificatePage(
  doc: PDFDocument,
  fonts: SealFonts,
  evidence: CompletionEvidence,
  firstPageNumber: number,
): Layout {
  const layout = new Layout(doc, fonts, (l, first) => {
    drawBrandBar(l.page);
    if (!first) {
      l.y = A4.height - MARGIN + 6;
      l.text(`${CERTIFICATE_TITLE} — contrato nº ${evidence.contractNumber} — continuação`, MARGIN, {
        size: 8.5,
        color: MUTED,
      });
      l.y -= 20;
    }
  });

  // Title block
  layout.text('Central de Cobranças', MARGIN, { size: 9, bold: true, color: BRAND });
  layout.y -= 22;
  layout.text(CERTIFICATE_TITLE, MARGIN, { size: 17, bold: true });
  layout.y -= 16;
  layout.text(`Contrato nº ${evidence.contractNumber} — versão ${evidence.contractVersion}`, MARGIN, {
    size: 10.5,
    color: MUTED,
  });
  layout.y -= 14;
  layout.rule(layout.y, BRAND, 1.2);
  layout.y -= 20;

  layout.paragraph(
    'Este certificado registra a assinatura eletrônica do documento nas páginas anteriores, ' +
      'confirmada com um código de uso único enviado ao e-mail do signatário. O arquivo foi selado ' +
      'com o certificado digital da plataforma: qualquer alteração posterior invalida a assinatura.',
    { size: 9.5, color: INK, after: 6 },
  );

  const rows: [string, string][] = [
    ['Contrato', `nº ${evidence.contractNumber} (versão ${evidence.contractVersion})`],
    ['Cliente', evidence.clientLegalName],
    ['Documento do cliente', docLabel(evidence.clientDocument)],
    ['Signatário', evidence.signerName],
    ['CPF do signatário', maskCpf(evidence.signerCpf)],
    ['E-mail do signatário', evidence.signerEmail],
    ['Assinado em', `${formatDateTimeBR(evidence.signedAt)} (horário de Brasília)`],
  ];
  layout.sectionTitle('Dados da assinatura');
  const labelWidth = 150;
  for (const [label, value] of rows) {
    layout.ensure(18);
    layout.text(label, MARGIN, { size: 9.5, color: MUTED });
    layout.text(value, MARGIN + labelWidth, {
      size: 9.5,
      bold: label === 'Signatário',
      maxWidth: CONTENT_WIDTH - labelWidth,
    });
    layout.y -= 17;
  }

  // The hash of the original, in a shaded box, in monospaced-looking chunks.
  layout.sectionTitle('Documento original (SHA-256)');
  layout.ensure(44);
  const boxHeight = 34;
  layout.page.drawRectangle({
    x: MARGIN,
    y: layout.y - boxHeight + 12,
    width: CONTENT_WIDTH,
    height: boxHeight,
    color: SHADE,
    borderColor: RULE,
    borderWidth: 0.75,
  });
  const courier = fonts.mono;
  layout.page.drawText(evidence.originalSha256.slice(0, 32), {
    x: MARGIN + 10,
    y: layout.y - 2,
    size: 9.5,
    font: courier,
    color: INK,
  });
  layout.page.drawText(evidence.originalSha256.slice(32), {
    x: MARGIN + 10,
    y: layout.y - 15,
    size: 9.5,
    font: courier,
    color: INK,
  });
  layout.y -= boxHeight + 6;
  layout.paragraph(
    'Resumo criptográfico do contrato exatamente como foi apresentado ao signatário, antes deste certificado.',
    { size: 8.5, color: MUTED },
  );

  // Events
  layout.sectionTitle('Registro de eventos');
  const cols = [
    { title: 'Evento', x: MARGIN + 6, width: 150 },
    { title: 'Data/hora (Brasília)', x: MARGIN + 162, width: 118 },
    { title: 'IP', x: MARGIN + 286, width: 92 },
    { title: 'Navegador', x: MARGIN + 384, width: CONTENT_WIDTH - 390 },
  ];
  layout.ensure(22);
  layout.page.drawRectangle({ x: MARGIN, y: layout.y - 6, width: CONTENT_WIDTH, height: 18, color: BRAND });
  for (const c of cols) layout.text(c.title, c.x, { size: 8.5, bold: true, color: WHITE });
  layout.y -= 18;
  evidence.events.forEach((event, i) => {
    if (layout.ensure(18)) layout.y -= 4;
    if (i % 2 === 1) {
      layout.page.drawRectangle({
        x: MARGIN,
        y: layout.y - 5,
        width: CONTENT_WIDTH,
        height: 16,
        color: SHADE,
      });
    }
    const cells = [event.label, formatDateTimeBR(event.at), event.ip ?? '—', shortUserAgent(event.userAgent)];
    cells.forEach((cell, j) => {
      const col = cols[j]!;
      layout.text(cell, col.x, { size: 8.5, maxWidth: col.width });
    });
    layout.y -= 16;
  });
  if (evidence.events.length === 0) {
    layout.text('Nenhum evento registrado.', MARGIN + 6, { size: 8.5, color: MUTED });
    layout.y -= 16;
  }
  layout.rule(layout.y + 10);

  // Verification
  layout.sectionTitle('Autenticidade');
  layout.paragraph(
    `Verifique a autenticidade em ${evidence.verifyUrl} enviando este arquivo PDF ou o seu resumo SHA-256. ` +
      'A assinatura digital também pode ser conferida no painel de assinaturas do seu leitor de PDF.',
    { size: 9.5 },
  );

  // Footers with the page numbers of the whole document.
  const total = doc.getPageCount();
  layout.pages.forEach((page, i) => {
    const y = MARGIN - 14;
    page.drawLine({
      start: { x: MARGIN, y: y + 14 },
      end: { x: A4.width - MARGIN, y: y + 14 },
      thickness: 0.5,
      color: RULE,
    });
    const left = fitText(
      fonts.regular,
      8,
      encodable(fonts.regular, `${CERTIFICATE_TITLE} — contrato nº ${evidence.contractNumber}`),
      CONTENT_WIDTH - 90,
    );
    page.drawText(left, { x: MARGIN, y, size: 8, font: fonts.regular, color: MUTED });
    const label = `Página ${firstPageNumber + i} de ${total}`;
    page.drawText(label, {
      x: A4.width - MARGIN - fonts.regular.widthOfTextAtSize(label, 8),
      y,
      size: 8,
      font: fonts.regular,
      color: MUTED,
    });
  });
  return layout;
}

export class P12DocumentSealer implements DocumentSealer {
  constructor(private readonly certificate: SigningCertificate) {}

  async seal(originalPdf: Uint8Array, evidence: CompletionEvidence): Promise<Uint8Array> {
    const doc = await PDFDocument.load(originalPdf, { updateMetadata: false });
    const fonts: SealFonts = {
      regular: await doc.embedFont(StandardFonts.Helvetica),
      bold: await doc.embedFont(StandardFonts.HelveticaBold),
      mono: await doc.embedFont(StandardFonts.Courier),
    };
    const firstPageNumber = doc.getPageCount() + 1;
    const layout = drawCertificatePage(doc, fonts, evidence, firstPageNumber);

    doc.setTitle(`Contrato nº ${evidence.contractNumber} (versão ${evidence.contractVersion}) — assinado`);
    doc.setSubject('Contrato assinado');
    doc.setAuthor('Central de Cobranças');
    doc.setProducer('Central de Cobranças (pdf-lib + @signpdf)');
    doc.setModificationDate(evidence.signedAt);
    // A literal (not hex, not compressed) string, so the marker can be found in the raw bytes.
    (doc as unknown as { getInfoDict(): PDFDict })
      .getInfoDict()
      .set(
        PDFName.of('Keywords'),
        PDFString.of(
          `${contractMarker(evidence.contractId)} contrato-assinado contrato-${evidence.contractNumber}`,
        ),
      );

    pdflibAddPlaceholder({
      pdfDoc: doc,
      pdfPage: layout.pages[0]!,
      reason: `Assinatura eletrônica do contrato ${evidence.contractNumber}`,
      contactInfo: evidence.verifyUrl,
      name: this.certificate.commonName,
      location: 'Brasil',
      signingTime: evidence.signedAt,
      appName: 'Central de Cobranças',
    });
    const withPlaceholder = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
    const signer = new UnicodeSafeP12Signer(this.certificate.p12, this.certificate.password);
    const signed = await new SignPdf().sign(Buffer.from(withPlaceholder), signer, evidence.signedAt);
    return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
  }
}
