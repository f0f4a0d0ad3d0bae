import { readFileSync } from 'node:fs'

import { globSync } from 'tinyglobby'
import { defineConfig } from 'vitest/config'

import { EMBEDDED_MAJORS } from './test/support/postgres-cluster.js'

const e2eSetup = ['test/support/node24-setup.ts', 'test/support/postgres-setup.ts']

// A unit test file asks for a PostgreSQL server by injecting its URL (`inject('databaseUrl')`); only those
// run in the project that starts one, so a pure unit file does not wait seconds for a cluster it never uses.
const unitFiles = globSync('test/**/*.test.ts', { ignore: ['test/e2e/**'] }).sort()
const needsPostgres = (file: string) => readFileSync(file, 'utf8').includes("inject('databaseUrl')")
const unitWithPostgres = unitFiles.filter(needsPostgres)

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: unitFiles.filter((file) => !needsPostgres(file)),
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'unit-postgres',
          include: unitWithPostgres,
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
