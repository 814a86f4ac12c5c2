import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderEmail } from '../../adapters/email/email-layout';
import { SmtpTransport } from '../../adapters/email/smtp-transport';
import { type SmtpTestServer, startSmtpTestServer } from '../../test-support/smtp-test-server';
import { createTestApp, manualClock, type TestApp } from '../../test-support/test-system';
import {
  EMAIL_ATTEMPTS_PER_ROUND,
  EmailRetryLater,
  NO_SMTP_NOTE,
  type SendEmailDeps,
  sendEmail,
  sendEmailJobData,
} from './send-email';

const content = renderEmail({
  title: 'Contrato para assinatura',
  paragraphs: ['Olá, Maria!', 'O contrato da Padaria Pão Quente está pronto para assinatura.'],
  button: { label: 'Assinar o contrato', url: 'https://central.local/assinar/abc' },
  footer: 'Você recebeu este e-mail porque é o responsável pelo cliente.',
});

async function row(t: TestApp, id: string) {
  const { rows } = await t.system.database.executeSql(
    'select status, attempts, last_error, provider_message_id, sent_at from email_outbox where id = $1',
    [id],
  );
  return rows[0] as {
    status: string;
    attempts: number;
    last_error: string | null;
    provider_message_id: string | null;
    sent_at: Date | string | null;
  };
}

describe('send e-mail job (real SMTP server)', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
  let deps: SendEmailDeps;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await createTestApp({
      clock,
      config: { smtpUrl: smtp.url, mailFrom: 'Central de Cobranças <nao-responda@central.local>' },
    });
    deps = { ...t.system.deps, clock };
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    smtp.rejectRecipients.clear();
  });

  it('pendente → enviado: delivers subject, to, text and HTML, and records the provider id', async () => {
    const { id } = await t.system.deps.outbox.enqueue({
      to: 'maria@padaria.com.br',
      subject: 'Contrato para assinatura — Padaria Pão Quente',
      ...content,
      entityType: 'contract',
      entityId: 'c-1',
    });
    expect(await row(t, id)).toMatchObject({ status: 'pendente', attempts: 0, last_error: null });

    expect(await sendEmail(deps, sendEmailJobData(id, EMAIL_ATTEMPTS_PER_ROUND))).toBe('sent');

    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.subject).toBe('Contrato para assinatura — Padaria Pão Quente');
    expect(mail!.to).toMatchObject({ value: [{ address: 'maria@padaria.com.br' }] });
    expect(mail!.from).toMatchObject({
      value: [{ address: 'nao-responda@central.local', name: 'Central de Cobranças' }],
    });
    expect(mail!.text).toContain('O contrato da Padaria Pão Quente está pronto para assinatura.');
    expect(mail!.text).toContain('Assinar o contrato: https://central.local/assinar/abc');
    expect(mail!.html).toContain('href="https://central.local/assinar/abc"');

    const after = await row(t, id);
    expect(after).toMatchObject({ status: 'enviado', attempts: 1, last_error: null });
    expect(after.provider_message_id).toBe(mail!.messageId);
    expect(new Date(after.sent_at!).toISOString()).toBe('2026-06-01T12:00:00.000Z');
  });

  it('replaying the job after "enviado" sends nothing', async () => {
    const { id } = await t.system.deps.outbox.enqueue({ to: 'a@b.com.br', subject: 'Uma vez', ...content });
    expect(await sendEmail(deps, { id })).toBe('sent');
    await smtp.waitForMessages(1);
    expect(await sendEmail(deps, { id })).toBe('skipped');
    expect(await sendEmail(deps, { id })).toBe('skipped');
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.messages).toHaveLength(1);
    expect(await row(t, id)).toMatchObject({ status: 'enviado', attempts: 1 });
  });

  it('a failure counts the attempt and keeps the error; the job throws so pg-boss retries', async () => {
    smtp.rejectRecipients.add('inexistente@padaria.com.br');
    const { id } = await t.system.deps.outbox.enqueue({
      to: 'inexistente@padaria.com.br',
      subject: 'Vai falhar',
      ...content,
    });
    const data = sendEmailJobData(id, EMAIL_ATTEMPTS_PER_ROUND);
    await expect(sendEmail(deps, data)).rejects.toBeInstanceOf(EmailRetryLater);
    const first = await row(t, id);
    expect(first).toMatchObject({ status: 'pendente', attempts: 1 });
    expect(first.last_error).toMatch(/550|Caixa postal inexistente/);

    // pg-boss retries; at the round's last attempt the e-mail is given up and the job ends quietly.
    for (let attempt = 2; attempt < EMAIL_ATTEMPTS_PER_ROUND; attempt++) {
      await expect(sendEmail(deps, data)).rejects.toBeInstanceOf(EmailRetryLater);
    }
    expect(await sendEmail(deps, data)).toBe('failed');
    expect(await row(t, id)).toMatchObject({ status: 'falhou', attempts: EMAIL_ATTEMPTS_PER_ROUND });
    expect(await sendEmail(deps, data)).toBe('skipped');
    expect(smtp.messages).toHaveLength(0);
  });

  it('records a connection failure (SMTP server down)', async () => {
    const down = await startSmtpTestServer();
    await down.close();
    const transport = new SmtpTransport({ url: down.url, from: 'x@central.local', timeoutSeconds: 2 });
    const { id } = await t.system.deps.outbox.enqueue({
      to: 'a@b.com.br',
      subject: 'Sem servidor',
      ...content,
    });
    await expect(sendEmail({ ...deps, emailTransport: transport }, sendEmailJobData(id, 1))).resolves.toBe(
      'failed',
    );
    const after = await row(t, id);
    expect(after).toMatchObject({ status: 'falhou', attempts: 1 });
    expect(after.last_error).toMatch(/ECONNREFUSED|conex/i);
    transport.close();
  });

  it('ignores a job for an unknown e-mail', async () => {
    expect(await sendEmail(deps, { id: '00000000-0000-4000-8000-000000000000' })).toBe('skipped');
    expect(await sendEmail(deps, { id: 'lixo' })).toBe('skipped');
  });
});

describe('outbox without SMTP (embedded/demo mode)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('keeps the e-mail pending with a note, readable in the Caixa de saída', async () => {
    expect(t.system.deps.emailTransport).toBeNull();
    const { id } = await t.system.deps.outbox.enqueue({ to: 'a@b.com.br', subject: 'Sem SMTP', ...content });
    expect(await row(t, id)).toMatchObject({ status: 'pendente', attempts: 0, last_error: NO_SMTP_NOTE });
    expect(await sendEmail({ ...t.system.deps, clock: t.system.clock }, { id })).toBe('no_transport');
    expect(await row(t, id)).toMatchObject({ status: 'pendente', attempts: 0, last_error: NO_SMTP_NOTE });
  });
});

describe('outbox through the pg-boss queue', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await createTestApp({ queue: true, config: { smtpUrl: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('enqueue sends the job and the worker delivers the e-mail', async () => {
    const { id } = await t.system.deps.outbox.enqueue({
      to: 'fila@padaria.com.br',
      subject: 'Pela fila',
      ...content,
      resellerId: null,
    });
    const [mail] = await smtp.waitForMessages(1, 20_000);
    expect(mail!.subject).toBe('Pela fila');
    let status = '';
    for (let i = 0; i < 50 && status !== 'enviado'; i++) {
      status = (await row(t, id)).status;
      if (status !== 'enviado') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('enviado');
    const { rows } = await t.system.database.executeSql(
      "select retry_limit, retry_backoff from pgboss.job where name = 'email.send'",
    );
    expect(rows[0]).toMatchObject({ retry_limit: 5, retry_backoff: true });
  }, 30_000);
});
