import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEmail } from '../../adapters/email/email-layout';
import { SmtpTransport } from '../../adapters/email/smtp-transport';
import { type SmtpTestServer, startSmtpTestServer } from '../../test-support/smtp-test-server';
import { createTestApp, manualClock, type TestApp } from '../../test-support/test-system';
import type { JobQueue, JobSendOptions } from '../shared/job-queue';
import type { EmailTransport } from './ports';
import { EMAIL_SEND_JOB, sendEmail, smtpUnavailable } from './send-email';

// Fault (issue 8): the SMTP server is down for an hour of simulated time. The e-mails wait in the outbox
// ('pendente', nothing counted towards giving up) and go out once the server is back, once each.
// The queue is a recording stand-in for pg-boss driven by the test's clock: a job runs when its
// startAfter has come, like a worker polling.

const T0 = new Date('2026-06-01T12:00:00Z');
const clock = manualClock(T0);
const elapsedSeconds = () => (clock.now().getTime() - T0.getTime()) / 1000;

interface Job {
  data: Record<string, unknown>;
  runAt: number;
  done: boolean;
}
const jobs: Job[] = [];
const queue: JobQueue = {
  async send(name: string, data: Record<string, unknown> = {}, options: JobSendOptions = {}) {
    expect(name).toBe(EMAIL_SEND_JOB);
    jobs.push({ data, runAt: clock.now().getTime() + (options.startAfterSeconds ?? 0) * 1000, done: false });
    return `job-${jobs.length}`;
  },
};

let t: TestApp;
let smtp: SmtpTestServer;
let transport: EmailTransport;
let down: SmtpTransport;
let up: SmtpTransport;
/** When each try of each e-mail ran (seconds since T0). */
const tries = new Map<string, number[]>();

/** The worker: runs every job that is due, in order (a job may queue the next one). */
async function runDueJobs(): Promise<void> {
  for (let due = nextDue(); due; due = nextDue()) {
    due.done = true;
    const id = String(due.data.id);
    tries.set(id, [...(tries.get(id) ?? []), elapsedSeconds()]);
    await sendEmail({ ...t.system.deps, emailTransport: transport, clock }, due.data);
  }
}
const nextDue = () => jobs.find((j) => !j.done && j.runAt <= clock.now().getTime());

async function runFor(seconds: number): Promise<void> {
  for (let s = 0; s < seconds; s += 15) {
    clock.advance(15_000);
    await runDueJobs();
  }
}

async function row(id: string) {
  const { rows } = await t.system.database.executeSql(
    'select status, attempts, last_error, sent_at from email_outbox where id = $1',
    [id],
  );
  return rows[0] as { status: string; attempts: number; last_error: string | null; sent_at: unknown };
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  const gone = await startSmtpTestServer();
  await gone.close(); // nothing listens on its port any more: connection refused
  down = new SmtpTransport({ url: gone.url, from: 'nao-responda@central.local', timeoutSeconds: 2 });
  up = new SmtpTransport({ url: smtp.url, from: 'nao-responda@central.local', timeoutSeconds: 5 });
  t = await createTestApp({ clock, config: { smtpUrl: smtp.url } });
  t.system.deps.outbox.attachQueue(queue);
});
afterAll(async () => {
  down?.close();
  up?.close();
  await t?.close();
  await smtp?.close();
});

describe('fault: SMTP down for an hour', () => {
  it('the e-mails wait in the outbox, are tried every few minutes, and go out once each when it is back', async () => {
    transport = down;
    const subjects = ['Contrato nº 1 para assinatura', 'Boleto de junho/2026', 'Código para assinar'];
    const ids: string[] = [];
    for (const subject of subjects) {
      const content = renderEmail({ title: subject, paragraphs: ['Olá!'], footer: 'Central de Cobranças' });
      ids.push(
        (await t.system.deps.outbox.enqueue({ to: 'cliente@padaria.com.br', subject, ...content })).id,
      );
    }
    await runDueJobs();
    await runFor(3600 - 15); // up to 59:45 of outage

    for (const id of ids) {
      const r = await row(id);
      expect(r).toMatchObject({ status: 'pendente', attempts: 0, sent_at: null });
      expect(r.last_error).toMatch(
        /^Servidor de e-mail indisponível: .*ECONNREFUSED.*Nova tentativa automática em 5 min\.$/,
      );
      // Tried after 30 s, then doubling, then every 5 minutes: 15 tries in the hour.
      expect(tries.get(id)).toEqual([
        0, 30, 90, 210, 450, 750, 1050, 1350, 1650, 1950, 2250, 2550, 2850, 3150, 3450,
      ]);
      // One job waiting per e-mail, never more.
      expect(jobs.filter((j) => j.data.id === id && !j.done)).toHaveLength(1);
    }
    expect(smtp.messages).toHaveLength(0);

    // 13:00: the server is back. The next tries (at 13:02:30) deliver them.
    transport = up;
    await runFor(5 * 60);
    const delivered = await smtp.waitForMessages(3);
    expect(delivered.map((m) => m.subject).sort()).toEqual([...subjects].sort());
    for (const id of ids) {
      const r = await row(id);
      expect(r).toMatchObject({ status: 'enviado', attempts: 1 });
      expect(new Date(r.sent_at as string).toISOString()).toBe('2026-06-01T13:02:30.000Z');
    }

    // Nothing left to run; replaying every job sends nothing more.
    expect(jobs.filter((j) => !j.done)).toHaveLength(0);
    for (const job of jobs) {
      expect(await sendEmail({ ...t.system.deps, emailTransport: transport, clock }, job.data)).toBe(
        'skipped',
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages).toHaveLength(3);
  }, 60_000);

  it('tells an unreachable server from a refused message', () => {
    expect(smtpUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(true);
    expect(smtpUnavailable(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }))).toBe(
      true,
    );
    expect(
      smtpUnavailable(Object.assign(new Error('421 Service not available'), { responseCode: 421 })),
    ).toBe(true);
    expect(
      smtpUnavailable(Object.assign(new Error('550 Caixa postal inexistente'), { responseCode: 550 })),
    ).toBe(false);
    expect(smtpUnavailable(new Error('Anexo sem gerador configurado.'))).toBe(false);
  });
});
