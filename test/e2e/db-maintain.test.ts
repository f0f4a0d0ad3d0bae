// The db-maintain bundle on Node 24, run as the GitHub runner runs it (main, then post), against a real
// PostgreSQL server.

import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import { buildProblemDatabase, TestDatabase } from '../db-maintain/fixture.js'
import { RunOptions, RunResult, readReport, runBundle, visibleText } from '../support/runner.js'
import { freePort, json, startServer } from '../support/servers.js'
import { waitFor, waitForStatement } from '../support/wait.js'

const node = inject('node24')
const serverUrl = inject('databaseUrl')
const password = new URL(serverUrl).password
let db: TestDatabase
const runs: RunResult[] = []

beforeAll(async () => {
  db = await buildProblemDatabase(serverUrl, { pgStatStatements: true })
})
afterAll(async () => {
  await db?.drop()
})
afterEach(() => runs.splice(0).forEach((r) => r.cleanup()))

async function run(inputs: Record<string, string>, cancel?: RunOptions['cancel']) {
  const result = await runBundle('db-maintain', {
    node,
    inputs: { 'min-index-size': '0', ...inputs },
    cancel,
  })
  runs.push(result)
  return result
}

/**
 * A fresh problem database whose orders index is bloated (so `reindex` has work), with a second session
 * (the application) that `hold` puts in the way; both are cleaned up whatever the test does.
 */
async function withBloatedOrders(
  hold: string,
  test: (copy: TestDatabase, holder: pg.Client) => Promise<void>,
) {
  const copy = await buildProblemDatabase(serverUrl, { pgStatStatements: false })
  const holder = new pg.Client({ connectionString: copy.url })
  await holder.connect()
  try {
    await copy.sql('DELETE FROM orders WHERE id % 10 <> 0')
    await copy.sql('VACUUM ANALYZE orders')
    await holder.query(hold)
    await test(copy, holder)
  } finally {
    await holder.end().catch(() => {})
    await copy.drop()
  }
}

/**
 * Reindex the orders table, waiting up to a minute for locks, and interrupt the run with `signal` once its
 * REINDEX waits on `waitEvent` (an event, not a delay: the machine may be slow to get there).
 */
const reindexOrders = (copy: TestDatabase, signal: NodeJS.Signals, waitEvent: 'relation' | 'virtualxid') =>
  run(
    {
      'database-url': copy.url,
      mode: 'maintain',
      operations: 'reindex',
      tables: 'public.orders',
      'index-bloat-ratio': '0.5',
      'lock-timeout': '60s',
    },
    {
      signal,
      when: (stepEnded) =>
        waitForStatement(copy.url, { query: '%REINDEX%', waitEvent }, { signal: stepEnded }),
    },
  )

describe('db-maintain bundle on Node 24', () => {
  it('reports on a live database: warnings, outputs, summary with the fixing SQL, and no password anywhere', async () => {
    const result = await run({ 'database-url': db.url })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('warn')
    expect(result.outputs['tables-over-threshold']).toBe('2')
    expect(result.outputs['dead-tuples']).toBe('13000')
    expect(result.outputs.vacuumed).toBe('0')
    expect(Number(result.outputs.warnings)).toBeGreaterThan(3)
    expect(result.summary).toContain('Tables that need VACUUM')
    expect(result.summary).toContain(
      'VACUUM (ANALYZE) &quot;we&quot;&quot;ird&quot;.&quot;Mixed Case.Täble&quot;;',
    )
    expect(result.masks).toContain(password)
    expect(visibleText(result)).not.toContain(password)
    expect(readReport(result).checks.some((c) => c.id === 'duplicate-indexes' && c.status === 'warn')).toBe(
      true,
    )
    expect(result.post?.exitCode).toBe(0)
  })

  it('maintains, then its post step has nothing to clean', async () => {
    const copy = await buildProblemDatabase(serverUrl, { pgStatStatements: false })
    try {
      const result = await run({ 'database-url': copy.url, mode: 'maintain', jobs: '2' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.vacuumed).toBe('2')
      expect(result.summary).toContain('VACUUM (ANALYZE, SKIP_LOCKED) &quot;public&quot;.&quot;orders&quot;')
      // The figures after show what the VACUUM left: no dead tuples (on 13 and 14 the action waits for
      // the stats collector, which showed the removed tuples still there when read at once).
      const row = result.summary
        .split('<tr>')
        .find((r) => r.includes('VACUUM (ANALYZE, SKIP_LOCKED) &quot;public&quot;.&quot;orders&quot;'))
      expect(row).toMatch(/<td>[\d,]+ → 0<\/td>/)
      expect(result.post?.exitCode).toBe(0)
      // PostgreSQL 13 and 14 publish statistics through the stats collector, which may answer with a
      // view up to half a second old: wait for it to show the vacuum (bounded; it never comes if none ran).
      const deadInOrders = async () =>
        Number(
          (await copy.sql("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'orders'")).rows[0]
            .n_dead_tup,
        )
      await waitFor(
        'the statistics to show no dead tuples in orders',
        async () => (await deadInOrders()) === 0,
        {
          timeoutMs: 20_000,
        },
      ).catch(() => undefined)
      expect(await deadInOrders()).toBe(0)
    } finally {
      await copy.drop()
    }
  })

  it('on cancellation (SIGINT) cancels its own statement, reports, exits 1, and leaves the lock holder alone', async () => {
    await withBloatedOrders(
      'BEGIN; LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE',
      async (copy, holder) => {
        const result = await reindexOrders(copy, 'SIGINT', 'relation') // waits for the holder's lock
        expect(result.exitCode).toBe(1)
        expect(
          result.annotations.some((a) => a.kind === 'error' && /^db-maintain: cancelled; /.test(a.message)),
        ).toBe(true)
        expect(result.summary).toContain('cancelled with the run')
        expect(result.post?.exitCode).toBe(0)
        // The holder's transaction is still open and usable; nothing was left behind.
        await holder.query('SELECT count(*) FROM orders')
        await holder.query('COMMIT')
        const { rows } = await copy.sql(
          "SELECT count(*)::int AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname ~ '_ccnew'",
        )
        expect(rows[0].n).toBe(0)
      },
    )
  })

  it('when the main step is killed mid-REINDEX, the post step cancels its orphaned statement and drops the leftover', async () => {
    // An old snapshot makes REINDEX CONCURRENTLY wait after it has built its new _ccnew index.
    await withBloatedOrders(
      'BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM customers',
      async (copy, holder) => {
        // Waiting on the holder's snapshot comes after the _ccnew index is built.
        const result = await reindexOrders(copy, 'SIGKILL', 'virtualxid')
        expect(result.exitCode).toBe(null) // killed
        expect(result.post?.exitCode).toBe(0)
        expect(result.post?.stdout).toMatch(/cancelling 1 statement\(s\) the interrupted run left running/)
        expect(result.post?.stdout).toMatch(
          /dropped public\.orders_\w+_ccnew, left by an interrupted REINDEX CONCURRENTLY/,
        )
        const { rows } = await copy.sql(
          "SELECT count(*)::int AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname ~ '_ccnew' OR NOT i.indisvalid",
        )
        expect(rows[0].n).toBe(1) // only the older failed build from the fixture (dupes_v_key) remains invalid
        await holder.query('COMMIT')
      },
    )
  })

  describe('bad input and faults: one line naming the problem, exit 1, never the password', () => {
    let http: Awaited<ReturnType<typeof startServer>>
    beforeAll(async () => {
      http = await startServer(json(200, { status: 'healthy' }))
    })
    afterAll(() => http.close())

    const withPort = (port: number, pass = password) => {
      const url = new URL(serverUrl)
      url.port = String(port)
      url.password = pass
      return url.href
    }

    it.each([
      [
        'an unreachable server',
        async () => ({ 'database-url': withPort(await freePort()) }),
        /^db-maintain: could not connect to 127\.0\.0\.1:\d+: connection refused \(is PostgreSQL running there\?\)$/,
      ],
      [
        'a wrong password',
        async () => ({ 'database-url': withPort(Number(new URL(serverUrl).port), 'wrong-pass-9f3k') }),
        /^db-maintain: password authentication failed for user "postgres" at 127\.0\.0\.1:\d+$/,
      ],
      [
        'a port that is not PostgreSQL',
        async () => ({ 'database-url': withPort(http.port) }),
        /^db-maintain: 127\.0\.0\.1:\d+ did not answer as PostgreSQL/,
      ],
      [
        'a malformed URL',
        async () => ({ 'database-url': `mysql://root:${password}@127.0.0.1/db` }),
        /^db-maintain: input 'database-url' is 'mysql:\/\/root:\*\*\*@127\.0\.0\.1\/db': use postgres:\/\//,
      ],
      [
        'a malformed window',
        async () => ({ 'database-url': db.url, window: 'Sunday night' }),
        /^db-maintain: input 'window' is 'Sunday night': use a window such as/,
      ],
      [
        'an unknown operation',
        async () => ({ 'database-url': db.url, operations: 'vacuum-full' }),
        /^db-maintain: input 'operations' is 'vacuum-full': use one or more of vacuum-analyze, analyze, reindex$/,
      ],
    ])('%s', async (_name, inputs, message) => {
      const result = await run(await inputs())
      expect(result.exitCode).toBe(1)
      const errors = result.annotations.filter((a) => a.kind === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toMatch(message)
      expect(visibleText(result)).not.toContain(password)
      expect(visibleText(result)).not.toContain('wrong-pass-9f3k')
      expect(result.stdout).not.toMatch(/\n\s+at /)
    })
  })
})
