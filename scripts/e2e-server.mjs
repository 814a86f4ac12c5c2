// Starts the portal for the browser tests: a fresh build of the web app and a server on a throwaway database.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

const dataDir = mkdtempSync(join(tmpdir(), 'cc-e2e-'));
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
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
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
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
