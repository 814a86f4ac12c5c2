import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, emailOutbox } from '../../adapters/db/schema';
import { type SmtpTestServer, startSmtpTestServer } from '../../test-support/smtp-test-server';
import { createTestApp, DEMO, type LoggedIn, loginAs, type TestApp } from '../../test-support/test-system';

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

describe('the charge e-mail', () => {
  it('carries the boleto PDF attached, rendered at send time from the charge', async () => {
    const [client] = await t.system.database.db.select().from(clients).limit(1);
    const headers = { cookie: financeiro.cookie, 'x-csrf-token': financeiro.csrf };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/charges',
      headers,
      payload: {
        client_id: client!.id,
        method: 'boleto',
        amount_cents: 45678,
        due_date: '2099-01-15',
        description: 'Mensalidade de teste',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const charge = created.json();
    const [mail] = await t.system.database.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.entityType, 'charge'), eq(emailOutbox.entityId, charge.id)));
    expect(mail!.attachments).toEqual([{ kind: 'boleto', chargeId: charge.id }]);

    const sent = await t.app.inject({ method: 'POST', url: `/api/v1/outbox/${mail!.id}/retry`, headers });
    expect(sent.json().status).toBe('enviado');
    const [message] = await smtp.waitForMessages(1);
    expect(message!.subject).toContain(`Cobrança ${charge.number}`);
    expect(message!.attachments).toHaveLength(1);
    const pdf = message!.attachments[0]!;
    expect(pdf.filename).toBe(`boleto-${charge.number}.pdf`);
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
