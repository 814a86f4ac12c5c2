import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSEKEEPING_JOB } from '../../app/housekeeping/run-housekeeping';
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

  it('schedules housekeeping daily in São Paulo time', async () => {
    const { rows } = await t.system.database.executeSql('select name, cron, timezone from pgboss.schedule');
    expect(rows).toContainEqual({
      name: HOUSEKEEPING_JOB,
      cron: '15 3 * * *',
      timezone: 'America/Sao_Paulo',
    });
  });
});
