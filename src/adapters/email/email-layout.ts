/** What an e-mail says; the layout turns it into HTML (table-based, inline styles) and plain text. */
export interface EmailContent {
  title: string;
  /** Plain text paragraphs (escaped in the HTML; line breaks kept). */
  paragraphs: string[];
  /** A call to action, e.g. { label: 'Assinar o contrato', url }. Only http(s) links. */
  button?: { label: string; url: string };
  /** Small print at the bottom, e.g. why the person received it. */
  footer: string;
  /**
   * Pix: the QR code (an inline image attached with Content-ID `imageCid`) and the copia e cola text,
   * shown after the paragraphs (HTML) and written out in the text part.
   */
  pix?: { payload: string; imageCid: string };
}

export const BRAND_COLOR = '#2b3f9e';
const PRODUCT_NAME = 'Central de Cobranças';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const escapeLines = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

function safeUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) throw new Error(`Link de e-mail inválido (use http ou https): ${url}`);
  return url;
}

/** The HTML and text versions of a transactional e-mail, in the brand layout. */
export function renderEmail(content: EmailContent): { html: string; text: string } {
  const font = 'font-family:Arial,Helvetica,sans-serif;';
  const paragraphs = content.paragraphs
    .map(
      (p) =>
        `<p style="margin:0 0 16px 0;${font}font-size:15px;line-height:22px;color:#1f2937;">${escapeLines(p)}</p>`,
    )
    .join('\n');
  const pix = content.pix
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;border:1px solid #e5e7eb;border-radius:6px;">
<tr><td style="padding:16px;${font}font-size:14px;line-height:20px;color:#1f2937;">
<p style="margin:0 0 8px 0;font-weight:bold;">Pague com Pix</p>
<img src="cid:${escapeHtml(content.pix.imageCid)}" width="200" height="200" alt="QR Code Pix" style="display:block;width:200px;height:200px;margin:0 0 8px 0;">
<p style="margin:0 0 4px 0;">Pix copia e cola:</p>
<p style="margin:0;font-family:Consolas,Menlo,monospace;font-size:12px;line-height:16px;word-break:break-all;background-color:#f3f4f6;padding:8px;">${escapeHtml(content.pix.payload)}</p>
</td></tr></table>`
    : '';
  const url = content.button ? safeUrl(content.button.url) : null;
  const button =
    content.button && url
      ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px 0;">
<tr><td align="center" bgcolor="${BRAND_COLOR}" style="border-radius:6px;background-color:${BRAND_COLOR};">
<a href="${escapeHtml(url)}" target="_blank" style="display:inline-block;padding:12px 24px;${font}font-size:15px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(content.button.label)}</a>
</td></tr></table>
<p style="margin:0 0 16px 0;${font}font-size:12px;line-height:18px;color:#6b7280;">Se o botão não funcionar, copie e cole este endereço no navegador:<br><a href="${escapeHtml(url)}" style="color:${BRAND_COLOR};word-break:break-all;">${escapeHtml(url)}</a></p>`
      : '';

  const html = `<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border-radius:8px;">
<tr><td bgcolor="${BRAND_COLOR}" style="background-color:${BRAND_COLOR};padding:18px 24px;border-radius:8px 8px 0 0;${font}font-size:18px;font-weight:bold;color:#ffffff;">${PRODUCT_NAME}</td></tr>
<tr><td style="padding:24px;">
<h1 style="margin:0 0 16px 0;${font}font-size:20px;line-height:28px;color:${BRAND_COLOR};">${escapeHtml(content.title)}</h1>
${paragraphs}
${pix}
${button}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;${font}font-size:12px;line-height:18px;color:#6b7280;">${escapeLines(content.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

  const textParts = [content.title, '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.pix) textParts.push('Pix copia e cola:', content.pix.payload, '');
  if (content.button && url) textParts.push(`${content.button.label}: ${url}`, '');
  textParts.push('--', content.footer, '', PRODUCT_NAME);
  return { html, text: `${textParts.join('\n')}\n` };
}
