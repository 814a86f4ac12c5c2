import { defineConfig, devices } from '@playwright/test';

// E2E_PORT lets two runs (two developers on one machine) use different ports.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: 1366, height: 860 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The journey (e2e/journey.spec.ts) moves the server's clock a year ahead and adds an Alfa client: its
  // project comes last (one worker runs the projects in this order), so the other files see today's figures
  // (demo statuses, MRR, statements). Not a dependency: `playwright test e2e/journey.spec.ts` runs it alone.
  projects: [
    { name: 'portal', testIgnore: /journey\.spec\.ts$/ },
    { name: 'journey', testMatch: /journey\.spec\.ts$/ },
  ],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    // Without this Playwright SIGKILLs the server and the throwaway database is never removed.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
