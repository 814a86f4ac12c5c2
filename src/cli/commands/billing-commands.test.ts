import { describe, expect, it } from 'vitest';
import { runCli } from '../main';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { NODE_ENV: 'test' },
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

function schedule(start: string, period: string, count: string) {
  return cli(['billing', 'schedule', '--start', start, '--period', period, '--count', count]);
}

function expectOneErrorLine(
  result: { stdout: string; stderr: string; code: number },
  pattern: RegExp,
  code = 1,
) {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^erro: \S.*\n$/);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('billing schedule', () => {
  it('prints SPEC §4 example 1 (mensal, 01/06/2026) with exactly the documented keys', async () => {
    const result = await schedule('2026-06-01', 'mensal', '3');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual([
      { number: 1, competence: '2026-06', due_date: '2026-06-01', access_until: '2026-07-31' },
      { number: 2, competence: '2026-07', due_date: '2026-07-15', access_until: '2026-08-31' },
      { number: 3, competence: '2026-08', due_date: '2026-08-15', access_until: '2026-09-30' },
    ]);
    for (const row of result.json()) {
      expect(Object.keys(row)).toEqual(['number', 'competence', 'due_date', 'access_until']);
    }
  });

  it('prints SPEC §4 examples 2 and 3 (activation after the 15th; semestral)', async () => {
    expect((await schedule('2026-06-20', 'mensal', '2')).json()).toEqual([
      { number: 1, competence: '2026-06', due_date: '2026-06-20', access_until: '2026-07-31' },
      { number: 2, competence: '2026-07', due_date: '2026-07-15', access_until: '2026-08-31' },
    ]);
    expect((await schedule('2026-06-01', 'semestral', '2')).json()).toEqual([
      { number: 1, competence: '2026-06', due_date: '2026-06-01', access_until: '2026-12-31' },
      { number: 2, competence: '2026-12', due_date: '2026-12-15', access_until: '2027-06-30' },
    ]);
  });

  it('crosses the year boundary and leap years', async () => {
    expect((await schedule('2026-12-10', 'mensal', '2')).json()[1]).toEqual({
      number: 2,
      competence: '2027-01',
      due_date: '2027-01-15',
      access_until: '2027-02-28',
    });
    expect(
      (await cli(['billing', 'schedule', '--start=2028-02-29', '--period=anual', '--count=2'])).json(),
    ).toEqual([
      { number: 1, competence: '2028-02', due_date: '2028-02-29', access_until: '2029-02-28' },
      { number: 2, competence: '2029-02', due_date: '2029-02-15', access_until: '2030-02-28' },
    ]);
  });

  it('refuses a bad date, period or count with one pt-BR line and exit code 1', async () => {
    expectOneErrorLine(
      await schedule('2026-02-30', 'mensal', '3'),
      /data de início \(--start\) inválida: "2026-02-30"/,
    );
    expectOneErrorLine(await schedule('01/06/2026', 'mensal', '3'), /use AAAA-MM-DD/);
    expectOneErrorLine(
      await schedule('2026-06-01', 'trimestral', '3'),
      /periodicidade \(--period\) inválida: "trimestral" \(use mensal, semestral ou anual\)/,
    );
    expectOneErrorLine(
      await schedule('2026-06-01', 'mensal', '0'),
      /quantidade de parcelas \(--count\) inválida: "0"/,
    );
    expectOneErrorLine(await schedule('2026-06-01', 'mensal', 'dez'), /--count\) inválida: "dez"/);
    expectOneErrorLine(await schedule('2026-06-01', 'mensal', '2.5'), /--count\) inválida/);
    expectOneErrorLine(await schedule('2026-06-01', 'mensal', '601'), /de 1 a 600/);
    expectOneErrorLine(await schedule('9999-06-01', 'anual', '3'), /fora do calendário/);
  });

  it('a missing option is bad usage (exit code 2)', async () => {
    expectOneErrorLine(
      await cli(['billing', 'schedule', '--start', '2026-06-01', '--period', 'mensal']),
      /falta a opção "--count"/,
      2,
    );
  });

  it('is listed in help', async () => {
    const help = await cli(['help']);
    expect(help.stdout).toMatch(
      /billing schedule --start AAAA-MM-DD --period mensal\|semestral\|anual --count N/,
    );
  });
});
