import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, emailOutbox } from '../../adapters/db/schema';
import { type SmtpTestServer, startSmtpTestServer } from '../../test-support/smtp-test-server';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';
import { pixQrContentId } from '../email/ports';

let t: TestApp;
let smtp: SmtpTestServer;
let financeiro: LoggedIn;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  // SMTP configured, queue off: "Reenviar" in the Caixa de saída sends at once.
  t = await createTestApp({ config: { smtpUrl: smtp.url } });
  financeiro = await loginAs(t.app, DEMO.financeiro);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const headers = () => ({ cookie: financeiro.cookie, 'x-csrf-token': financeiro.csrf });

/** Issues a charge through the API and sends its e-mail through the SMTP test server; the parsed message. */
async function issueAndSend(method: 'boleto' | 'pix', amountCents: number) {
  const [client] = await t.system.database.db.select().from(clients).limit(1);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/charges',
    headers: headers(),
    payload: {
      client_id: client!.id,
      method,
      amount_cents: amountCents,
      due_date: '2099-01-15',
      description: 'Mensalidade de teste',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const charge = created.json();
  const payload = (await t.system.deps.charges.systemGet(charge.id))!.pixPayload!;
  const [mail] = await t.system.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.entityType, 'charge'), eq(emailOutbox.entityId, charge.id)));
  const before = smtp.messages.length;
  const sent = await t.app.inject({
    method: 'POST',
    url: `/api/v1/outbox/${mail!.id}/retry`,
    headers: headers(),
  });
  expect(sent.json().status).toBe('enviado');
  const message = (await smtp.waitForMessages(before + 1))[before]!;
  return { charge, payload, mail: mail!, message };
}

/**
 * The QR the e-mail must carry, made independently with the `qrcode` library from the charge's payload:
 * error correction M, 4-module quiet zone, 8 px per module (what the boleto PDF prints, too).
 */
const expectedQr = (payload: string) =>
  QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 8,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });

/** What zbar reads in a PNG (a second, independent check that the image is the Pix QR). */
function scanQr(png: Buffer): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'pix-qr-')), 'qr.png');
  writeFileSync(file, png);
  try {
    return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

describe('the charge e-mail', () => {
  it('boleto: the PDF attached, the Pix QR inline (cid) and the copia e cola in the HTML and the text', async () => {
    const { charge, payload, mail, message } = await issueAndSend('boleto', 45678);
    expect(mail.attachments).toEqual([
      { kind: 'boleto', chargeId: charge.id },
      { kind: 'pix-qr', chargeId: charge.id },
    ]);
    // The outbox keeps the HTML as written: the image refers to the attachment by its Content-ID.
    expect(mail.html).toContain(`<img src="cid:${pixQrContentId(charge.id)}"`);

    expect(message.subject).toBe(`Cobrança ${charge.number} — R$ 456,78 — vence em 15/01/2099`);
    expect(message.attachments).toHaveLength(2);
    const pdf = message.attachments.find((a) => a.contentType === 'application/pdf');
    const png = message.attachments.find((a) => a.contentType === 'image/png');
    expect(pdf!.filename).toBe(`boleto-${charge.number}.pdf`);
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.contentDisposition).toBe('attachment');
    expect(pdf!.content.subarray(0, 5).toString()).toBe('%PDF-');

    expect(png!.contentType).toBe('image/png');
    expect(png!.contentDisposition).toBe('inline');
    expect(png!.cid).toBe(pixQrContentId(charge.id));
    expect(png!.related).toBe(true);
    const expected = await expectedQr(payload);
    expect(Buffer.compare(png!.content, expected)).toBe(0);
    expect(scanQr(png!.content)).toEqual([payload]);
    // mailparser shows the cid: image as a data: URL of the attachment: the HTML shows that very PNG.
    expect(message.html).toContain(`src="data:image/png;base64,${expected.toString('base64')}"`);

    expect(message.text).toContain(`Pix copia e cola:\n${payload}\n`);
    expect(message.html).toContain(payload);
    expect(message.text).toContain('Pague pelo boleto anexo');
  });

  it('Pix: the QR inline and the copia e cola, no PDF', async () => {
    const { charge, payload, mail, message } = await issueAndSend('pix', 12345);
    expect(mail.attachments).toEqual([{ kind: 'pix-qr', chargeId: charge.id }]);
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]!.cid).toBe(pixQrContentId(charge.id));
    expect(Buffer.compare(message.attachments[0]!.content, await expectedQr(payload))).toBe(0);
    expect(message.text).toContain(`Pix copia e cola:\n${payload}\n`);
    expect(message.text).toContain('Forma de pagamento: Pix.');
  });
});
