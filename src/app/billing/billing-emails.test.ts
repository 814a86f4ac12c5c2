import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../adapters/email/email-layout';
import { pixQrContentId } from '../email/ports';
import type { EmailTemplateKey, EmailTemplateSource, EmailTemplateText } from '../email/templates';
import { EMAIL_TEMPLATES } from '../email/templates';
import type { ChargeRecord } from '../payments/ports';
import { cardDeclinedMessage, chargeEmails, previewTemplate, reminderEmails } from './billing-emails';

const charge = {
  id: '7d1f2c1e-0000-4000-8000-000000000001',
  number: '2026-000042',
  description: 'Hiper Mini — mensalidade 07/2026',
  method: 'boleto',
  amountCents: 8990,
  paidCents: 0,
  dueDate: '2026-08-15', // a Saturday: payable without charges until Monday 08-17
  clientLegalName: 'Padaria <Pão & Cia> Ltda',
  resellerName: 'Alfa Automação',
  resellerId: '7d1f2c1e-0000-4000-8000-0000000000aa',
  barcode: '00190000000000000000000000000000000000000000',
  pixPayload: '00020126360014br.gov.bcb.pix0114112223330001815204000053039865404899058',
  tedIdentifier: null,
} satisfies Partial<ChargeRecord>;

const deps = (edited: Partial<Record<EmailTemplateKey, EmailTemplateText>> = {}) => {
  const source: EmailTemplateSource = {
    resolve: async (key) => edited[key] ?? EMAIL_TEMPLATES[key].defaults,
  };
  return {
    renderEmail,
    publicUrl: 'https://cobrancas.exemplo.com.br',
    linkSecret: 'segredo',
    payments: {
      beneficiary: { name: 'HIPER SOFTWARE S.A.', document: '11222333000181', address: 'Blumenau/SC' },
      ted: { bankName: 'Banco do Brasil', agency: '1234', account: '56789-0' },
      fineBasisPoints: 200,
      interestMonthlyBasisPoints: 100,
    } as never,
    emailTemplates: source,
  };
};

describe('billing e-mails from templates', () => {
  it('the default reminder on the due date: subject, the next business day, Pix inline, boleto attached', async () => {
    const [mail, ...others] = await reminderEmails(
      deps(),
      charge,
      'vencimento',
      ['Fin@Padaria.com.br', 'fin@padaria.com.br ', 'dono@padaria.com.br'],
      '2026-08-17',
    );
    expect(others).toHaveLength(1); // each address once
    expect(mail!.to).toBe('fin@padaria.com.br');
    expect(mail!.subject).toBe('A cobrança 2026-000042 (R$ 89,90) vence hoje');
    expect(mail!.text).toContain('Olá, Padaria <Pão & Cia> Ltda.');
    expect(mail!.text).toContain('pode ser paga sem acréscimos até 17/08/2026 (próximo dia útil)');
    expect(mail!.html).toContain('Olá, Padaria &lt;Pão &amp; Cia&gt; Ltda.');
    expect(mail!.html).toContain(`<img src="cid:${pixQrContentId(charge.id)}"`);
    expect(mail!.text).toContain(`Pix copia e cola:\n${charge.pixPayload}\n`);
    expect(mail!.attachments).toEqual([
      { kind: 'boleto', chargeId: charge.id },
      { kind: 'pix-qr', chargeId: charge.id },
    ]);
  });

  it('an edited reminder changes subject and body; the values are HTML-escaped, the system parts stay', async () => {
    const [mail] = await reminderEmails(
      deps({
        lembrete_atraso: {
          subject: 'Atraso: {{numero}} — {{cliente}}',
          body: '<script>alert(1)</script> {{cliente}}, pague {{valor}} (vencida em {{vencimento}}).\n\nLink: {{link}}\nDúvidas: {{hiperador}}',
        },
      }),
      charge,
      'atraso',
      ['fin@padaria.com.br'],
      '2026-08-17',
    );
    expect(mail!.subject).toBe('Atraso: 2026-000042 — Padaria <Pão & Cia> Ltda');
    expect(mail!.html).toContain('<title>Atraso: 2026-000042 — Padaria &lt;Pão &amp; Cia&gt; Ltda</title>');
    expect(mail!.html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; Padaria &lt;Pão &amp; Cia&gt; Ltda, pague R$ 89,90 (vencida em 15/08/2026).',
    );
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.text).toMatch(
      /Link: https:\/\/cobrancas\.exemplo\.com\.br\/pagar\/\S+\nDúvidas: Alfa Automação\n/,
    );
    expect(mail!.text).not.toContain('Não identificamos o pagamento'); // the default text is gone
    expect(mail!.text).toContain('Pagamentos após o vencimento têm multa de 2% e juros de 1% ao mês.');
  });

  it('the charge e-mail: valor is what is left to pay; TED has no Pix and no attachment', async () => {
    const [mail] = await chargeEmails(
      deps(),
      { ...charge, method: 'ted', barcode: null, pixPayload: null, tedIdentifier: 'CC2026000042' },
      ['fin@padaria.com.br'],
    );
    expect(mail!.subject).toBe('Cobrança 2026-000042 — R$ 89,90 — vence em 15/08/2026');
    expect(mail!.text).toContain('informando o identificador CC2026000042 no histórico');
    expect(mail!.text).not.toContain('Pix copia e cola');
    expect(mail!.attachments).toBeUndefined();
  });

  it('the card declined e-mail: the template with the card link, then the attempt and the next date', async () => {
    const message = await cardDeclinedMessage(
      deps({
        cartao_recusado: { subject: 'Cartão recusado: {{numero}}', body: 'Cadastre outro em {{link}}.' },
      }),
      { ...charge, method: 'cartao' } as ChargeRecord,
      { attempt: 2, attempts: 4, reason: 'Saldo insuficiente', nextAttemptOn: '2026-08-20' },
    );
    expect(message('https://cobrancas.exemplo.com.br/cartao/abc')).toEqual({
      subject: 'Cartão recusado: 2026-000042',
      paragraphs: [
        'Cadastre outro em https://cobrancas.exemplo.com.br/cartao/abc.',
        'Esta foi a tentativa 2 de 4: Saldo insuficiente. Faremos uma nova tentativa em 20/08/2026.',
      ],
    });
  });

  it('previews every template with sample data', () => {
    for (const key of Object.keys(EMAIL_TEMPLATES) as EmailTemplateKey[]) {
      const preview = previewTemplate(deps(), key, EMAIL_TEMPLATES[key].defaults);
      expect(preview.subject).toContain('CB-000123');
      expect(preview.html).toContain('Mercadinho Exemplo Ltda');
      expect(preview.pix !== null).toBe(!key.startsWith('cartao'));
    }
  });
});
