import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    globalSetup: ['./src/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // 2 cores: two workers, each test file opens its own copy of the migrated template database.
    maxWorkers: 2,
  },
});
