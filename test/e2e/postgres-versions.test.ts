// One backup restore per PostgreSQL major: runs in the postgres-<major> projects (vitest.config.ts), whose
// server is that major's embedded package; db-maintain's e2e cases run in the same projects. The backups
// are made with this machine's client tools: pg_dump refuses a server newer than itself, so for a newer
// server the source database lives on this machine's own server (a disposable cluster) and the dump goes
// into the newer one, as a user's older backups do after an upgrade.
import { execFileSync } from 'node:child_process'

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import { type Format, TestDatabase, createSource, makeWeek } from '../backup-verify/fixture.js'
import { type Cluster, startCluster } from '../support/postgres-cluster.js'
import { createTestDatabase } from '../support/postgres.js'
import { RunResult, runBundle } from '../support/runner.js'

const node = inject('node24')
const serverUrl = inject('databaseUrl')
const major = inject('serverMajor')
/** The major of pg_dump on PATH: "pg_dump (PostgreSQL) 15.18 (Debian ...)" -> 15. */
const clientMajor = Number(
  /\(PostgreSQL\) (\d+)/.exec(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }))?.[1],
)

let source: TestDatabase
let sourceCluster: Cluster | undefined
const runs: RunResult[] = []
const cleanups: (() => void)[] = []

beforeAll(async () => {
  if (major === undefined)
    throw new Error('run this file in a postgres-<major> project: npx vitest run --project postgres-16')
  if (major > clientMajor) sourceCluster = await startCluster()
  source = await createSource(sourceCluster?.url ?? serverUrl)
})
afterAll(async () => {
  await source?.drop()
  sourceCluster?.stop()
})
afterEach(() => {
  runs.splice(0).forEach((r) => r.cleanup())
  cleanups.splice(0).forEach((c) => c())
})

describe(`PostgreSQL ${major}`, () => {
  it('is the server the tests run against', async () => {
    const db = await createTestDatabase(serverUrl, 'version')
    try {
      const { rows } = await db.sql("SELECT current_setting('server_version_num')::int / 10000 AS major")
      expect(rows[0].major).toBe(major)
    } finally {
      await db.drop()
    }
  })

  it.each<Format>(['custom', 'plain'])(
    `backup-verify restores a %s backup made by this machine's pg_dump into it`,
    async (format) => {
      const made = makeWeek(source, { days: 1, formats: [format] })
      cleanups.push(made.dispose)
      const result = await runBundle('backup-verify', {
        node,
        inputs: {
          'backup-dir': made.dir,
          days: '1',
          'database-url': serverUrl,
          'expect-tables': 'users,sessions',
        },
        timeoutMs: 120_000,
      })
      runs.push(result)
      // The step's output names what went wrong when a version breaks the restore.
      expect(result.exitCode, result.stdout + result.stderr).toBe(0)
      expect(result.outputs).toMatchObject({
        status: 'pass',
        'backups-found': '1',
        tables: '2',
        rows: '2500',
      })
      expect(result.post?.exitCode).toBe(0)
      const admin = await createTestDatabase(serverUrl, 'check')
      try {
        const { rows } = await admin.sql(
          `SELECT datname FROM pg_database WHERE datname LIKE '%\\_verify\\_%'`,
        )
        expect(rows).toEqual([])
      } finally {
        await admin.drop()
      }
    },
  )
})
