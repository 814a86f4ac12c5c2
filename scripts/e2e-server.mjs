// Starts the portal for the browser tests: a fresh build of the web app and a server on a throwaway database.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.E2E_PORT ?? '3100'; // keep in step with playwright.config.ts
// E2E_WEB_DIR builds the portal somewhere else than dist/web (parallel runs must not share it).
const webDir = process.env.E2E_WEB_DIR;
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const build = spawnSync(
  bin('vite'),
  ['build', '--logLevel', 'warn', ...(webDir ? ['--outDir', webDir, '--emptyOutDir'] : [])],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) {
  process.stderr.write('e2e-server: a compilação do portal (vite build) falhou.\n');
  process.exit(build.status ?? 1);
}

// A real SMTP server for the e-mails (signing link, code), and what it received on a tiny HTTP server:
// GET http://127.0.0.1:${E2E_MAIL_PORT:-3199}/messages → [{ to, subject, text, html }].
const { SMTPServer } = await import('smtp-server');
const { simpleParser } = await import('mailparser');
const messages = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((m) => {
        messages.push({
          to: m.to?.text ?? '',
          subject: m.subject ?? '',
          text: m.text ?? '',
          html: m.html || '',
        });
        callback();
      })
      .catch(callback);
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = smtp.server.address().port;
const mailPort = Number(process.env.E2E_MAIL_PORT ?? 3199);
const mailApi = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/messages') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(messages));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => mailApi.listen(mailPort, '127.0.0.1', resolve));

const dataDir = mkdtempSync(join(tmpdir(), 'cc-e2e-'));
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  mailApi.close();
  smtp.close();
  try {
    rmSync(dataDir, { recursive: true, force: true });
  } catch {
    // best effort
  }
}

// tsx directly (not through npx), so a signal reaches the server and no orphan is left behind.
const server = spawn(bin('tsx'), ['src/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: port,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ...(webDir ? { WEB_DIST_DIR: webDir } : {}),
    NODE_ENV: 'test',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The journey (e2e/journey.spec.ts) moves the server's clock: POST /api/v1/test/clock.
    TEST_CLOCK: '1',
  },
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
    else {
      cleanup();
      process.exit(0);
    }
  });
}

server.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 0 : 1));
});
