import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'cc-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the real server process on the embedded database and waits until it says it is ready. */
function startServer(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /pronto em http:\/\/[^:]+:(\d+) \(/.exec(output);
      if (match) resolve({ child, port: Number(match[1]), output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`o servidor saiu (${code}) antes de ficar pronto:\n${output}`)),
    );
  });
}

async function login(port: number, email: string) {
  return fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo1234' }),
  });
}

describe('the server process', () => {
  it('starts on an empty folder with demo data, stops cleanly on Ctrl-C, and keeps its data on restart', async () => {
    const first = await startServer();
    expect(first.output()).toContain('Dados de demonstração criados');
    expect(first.output()).toContain('hiperador@demo.local');
    expect((await fetch(`http://127.0.0.1:${first.port}/healthz`)).status).toBe(200);
    const session = await login(first.port, 'hiperador@demo.local');
    expect(session.status).toBe(200);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('encerrado');

    const second = await startServer();
    try {
      expect(second.output()).not.toContain('Dados de demonstração criados');
      // The session created before the restart is still valid: sessions live in the database.
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      const me = await fetch(`http://127.0.0.1:${second.port}/api/v1/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect((await me.json()).user.email).toBe('hiperador@demo.local');
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 90_000);
});
