import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

import { startCluster } from './postgres-cluster.js'

/** One PostgreSQL server for the whole run (or TEST_DATABASE_URL's); tests make their own databases on it. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('databaseUrl', process.env.TEST_DATABASE_URL)
    return
  }
  const cluster = await startCluster()
  project.provide('databaseUrl', cluster.url)
  return () => cluster.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}
