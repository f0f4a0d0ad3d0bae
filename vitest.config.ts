import { defineConfig } from 'vitest/config'

import { EMBEDDED_MAJORS } from './test/support/postgres-cluster.js'

const e2eSetup = ['test/support/node24-setup.ts', 'test/support/postgres-setup.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          globalSetup: ['test/support/postgres-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/postgres-versions.test.ts'],
          // Resolves the Node 24 binary once: the bundles declare runs.using: node24.
          globalSetup: e2eSetup,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // Every PostgreSQL major a user may run (the embedded server packages pg13 .. pg18): db-maintain's
      // e2e cases and a backup restore against each. `npx vitest run --project 'postgres-*'` runs them alone.
      ...EMBEDDED_MAJORS.map((major) => ({
        test: {
          name: `postgres-${major}`,
          include: ['test/e2e/db-maintain.test.ts', 'test/e2e/postgres-versions.test.ts'],
          globalSetup: e2eSetup,
          provide: { postgresMajor: major },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      })),
    ],
  },
})
