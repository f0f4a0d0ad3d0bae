import type {} from 'vitest'
import type { TestProject } from 'vitest/node'

import { EMBEDDED_MAJORS, startCluster } from './postgres-cluster.js'

/**
 * One PostgreSQL server for the whole run (or TEST_DATABASE_URL's); tests make their own databases on it.
 * A project that provides `postgresMajor` (vitest.config.ts) gets that major's embedded server instead,
 * and so does any project run with TEST_POSTGRES_MAJOR (e.g. the unit tests against PostgreSQL 13).
 */
export default async function setup(project: TestProject) {
  const major = project.getProvidedContext().postgresMajor ?? majorFromEnvironment()
  if (process.env.TEST_DATABASE_URL && major === undefined) {
    project.provide('databaseUrl', process.env.TEST_DATABASE_URL)
    return
  }
  const cluster = await startCluster({ major })
  project.provide('databaseUrl', cluster.url)
  project.provide('serverMajor', cluster.major)
  return () => cluster.stop()
}

function majorFromEnvironment(): number | undefined {
  const value = process.env.TEST_POSTGRES_MAJOR
  if (!value) return undefined
  const major = Number(value)
  if (!(EMBEDDED_MAJORS as readonly number[]).includes(major))
    throw new Error(`TEST_POSTGRES_MAJOR is '${value}': use one of ${EMBEDDED_MAJORS.join(', ')}`)
  return major
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
