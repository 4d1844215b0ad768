import { defineConfig } from 'vitest/config';

// Two projects: fast unit/service/http tests, and browser journeys against a real server.
// Workers share one database per worker (opening PGlite costs seconds), so files in a
// worker are not isolated from each other: tests isolate by creating their own city.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          pool: 'forks',
          maxWorkers: 2,
          isolate: false,
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
