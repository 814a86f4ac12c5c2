import { describe, expect, it } from 'vitest';
import { BRAND_COLOR, renderEmail } from './email-layout';

describe('renderEmail', () => {
  const content = {
    title: 'Contrato para assinatura',
    paragraphs: ['Olá, Maria!', 'O contrato da <Alfa & Cia> está pronto.\nConfira com calma.'],
    button: { label: 'Assinar o contrato', url: 'https://central.local/assinar/abc?x=1&y=2' },
    footer: 'Você recebeu este e-mail porque é o responsável pelo cliente.',
  };

  it('renders a table-based HTML e-mail with inline styles and the brand color', () => {
    const { html } = renderEmail(content);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('lang="pt-BR"');
    expect(html).toContain('role="presentation"');
    expect(html).toContain(BRAND_COLOR);
    expect(html).not.toContain('<style');
    expect(html).toContain('<title>Contrato para assinatura</title>');
    expect(html).toContain('Central de Cobranças');
  });

  it('escapes the text and keeps line breaks', () => {
    const { html } = renderEmail(content);
    expect(html).toContain('O contrato da &lt;Alfa &amp; Cia&gt; está pronto.<br>Confira com calma.');
    expect(html).not.toContain('<Alfa');
  });

  it('renders the button and the link to copy, with the URL escaped', () => {
    const { html } = renderEmail(content);
    expect(html).toContain('href="https://central.local/assinar/abc?x=1&amp;y=2"');
    expect(html).toContain('>Assinar o contrato</a>');
    expect(html).toContain('Se o botão não funcionar');
  });

  it('has a plain-text version with the title, paragraphs, link and footer', () => {
    const { text } = renderEmail(content);
    expect(text).toBe(
      [
        'Contrato para assinatura',
        '',
        'Olá, Maria!',
        '',
        'O contrato da <Alfa & Cia> está pronto.\nConfira com calma.',
        '',
        'Assinar o contrato: https://central.local/assinar/abc?x=1&y=2',
        '',
        '--',
        'Você recebeu este e-mail porque é o responsável pelo cliente.',
        '',
        'Central de Cobranças',
        '',
      ].join('\n'),
    );
  });

  it('works without a button', () => {
    const { html, text } = renderEmail({ ...content, button: undefined });
    expect(html).not.toContain('<a ');
    expect(text).not.toContain('https://');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => renderEmail({ ...content, button: { label: 'x', url: 'javascript:alert(1)' } })).toThrow(
      /http ou https/,
    );
  });

  it('shows the Pix QR as an inline image (cid) and the copia e cola in the HTML and the text', () => {
    const payload = '00020126360014br.gov.bcb.pix<&>6304ABCD';
    const { html, text } = renderEmail({ ...content, pix: { payload, imageCid: 'pix-qr-1@central' } });
    expect(html).toContain('<img src="cid:pix-qr-1@central" width="200" height="200" alt="QR Code Pix"');
    expect(html).toContain('00020126360014br.gov.bcb.pix&lt;&amp;&gt;6304ABCD');
    expect(text).toContain(`Pix copia e cola:\n${payload}\n`);
    expect(renderEmail(content).html).not.toContain('cid:');
  });
});
