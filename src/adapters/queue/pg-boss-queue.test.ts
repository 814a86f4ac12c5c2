import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BILLING_RUN_JOB } from '../../app/billing/daily-run';
import { EMAIL_SEND_JOB } from '../../app/email/send-email';
import { HOUSEKEEPING_JOB } from '../../app/housekeeping/run-housekeeping';
import { businessDateAt } from '../../domain/calendar/dates';
import { createTestApp, DEMO, loginAs, type TestApp } from '../../test-support/test-system';

describe('job queue (pg-boss on the system database)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: true });
  });
  afterAll(() => t.close());

  it('runs the housekeeping job: expired sessions are removed and the run is recorded', async () => {
    const s = await loginAs(t.app, DEMO.alfa);
    await t.system.database.executeSql("update sessions set expires_at = now() - interval '1 minute'");
    const jobId = await t.system.queue!.send(HOUSEKEEPING_JOB);
    expect(jobId).toBeTruthy();

    let run: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !run; i++) {
      await new Promise((r) => setTimeout(r, 200));
      run = (await t.system.database.executeSql(`select * from job_runs where name = '${HOUSEKEEPING_JOB}'`))
        .rows[0];
    }
    expect(run?.details).toMatchObject({ expiredSessions: 1 });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('holds a job back for startAfterSeconds (an e-mail waiting for the SMTP server)', async () => {
    const jobId = await t.system.queue!.send(
      EMAIL_SEND_JOB,
      { id: '00000000-0000-4000-8000-000000000000' },
      { startAfterSeconds: 300 },
    );
    const { rows } = await t.system.database.executeSql(
      'select extract(epoch from start_after - created_on)::int as wait, state from pgboss.job where id = $1',
      [jobId],
    );
    expect(rows[0]).toMatchObject({ wait: 300, state: 'created' });
  });

  it('sends many jobs in one insert with the options of each (the e-mails of a billing batch)', async () => {
    const ids = Array.from({ length: 3 }, (_, i) => `00000000-0000-4000-8000-00000000010${i}`);
    await t.system.queue!.sendMany!(
      EMAIL_SEND_JOB,
      ids.map((id) => ({ id, attempt_limit: 3 })),
      { retryLimit: 7, startAfterSeconds: 600 },
    );
    const { rows } = await t.system.database.executeSql(
      `select data->>'id' as id, retry_limit, extract(epoch from start_after - created_on)::int >= 590 as held
       from pgboss.job where name = $1 and data->>'id' = any($2::text[]) order by 1`,
      [EMAIL_SEND_JOB, ids],
    );
    expect(rows).toEqual(ids.map((id) => ({ id, retry_limit: 7, held: true })));
  });

  it('a billing run started in the portal is a job: a worker (here, this process) runs it to the end', async () => {
    const financeiro = await loginAs(t.app, DEMO.financeiro);
    const today = businessDateAt(new Date());
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/v1/billing/runs',
      headers: { cookie: financeiro.cookie, 'x-csrf-token': financeiro.csrf },
      payload: { date: today },
    });
    expect(started.statusCode, started.body).toBe(202);
    const run = started.json() as { id: string; status: string };
    expect(run.status).toBe('executando');
    const { rows } = await t.system.database.executeSql(
      `select data->>'date' as date, data->>'trigger' as trigger from pgboss.job
       where name = $1 and data->>'run_id' = $2`,
      [BILLING_RUN_JOB, run.id],
    );
    expect(rows).toEqual([{ date: today, trigger: 'manual' }]);
    let status = run.status;
    for (let i = 0; i < 150 && status === 'executando'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/billing/runs/${run.id}`,
        headers: { cookie: financeiro.cookie },
      });
      status = (res.json() as { status: string }).status;
    }
    expect(status).toBe('concluida');
  });

  it('schedules housekeeping daily in São Paulo time', async () => {
    const { rows } = await t.system.database.executeSql('select name, cron, timezone from pgboss.schedule');
    expect(rows).toContainEqual({
      name: HOUSEKEEPING_JOB,
      cron: '15 3 * * *',
      timezone: 'America/Sao_Paulo',
    });
  });
});
