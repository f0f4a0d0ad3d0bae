import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

import { startCluster } from './postgres-cluster.js'

/**
 * One PostgreSQL server for the whole run (or TEST_DATABASE_URL's); tests make their own databases on it.
 * A project that provides `postgresMajor` (vitest.config.ts) gets that major's embedded server instead.
 */
export default async function setup(project: TestProject) {
  const major = project.getProvidedContext().postgresMajor
  if (process.env.TEST_DATABASE_URL && major === undefined) {
    project.provide('databaseUrl', process.env.TEST_DATABASE_URL)
    return
  }
  const cluster = await startCluster({ major })
  project.provide('databaseUrl', cluster.url)
  project.provide('serverMajor', cluster.major)
  return () => cluster.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    /** Set by the project (vitest.config.ts): the embedded PostgreSQL major to test against. */
    postgresMajor?: number
    /** The major of the server behind databaseUrl, when the tests started it. */
    serverMajor?: number
  }
}
