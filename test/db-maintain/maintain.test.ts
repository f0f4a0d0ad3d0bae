// db-maintain's maintenance against a real PostgreSQL server, with other sessions holding locks.
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'

import { REPORT_SETTINGS, marked, readSnapshot } from '../../src/db-maintain/catalog.js'
import { readInputs } from '../../src/db-maintain/inputs.js'
import { dbMaintain } from '../../src/db-maintain/report-and-maintain.js'
import { AFTER_SQL, Done, measureAfter } from '../../src/db-maintain/maintain.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { connect, parseDatabaseUrl } from '../../src/core/postgres.js'
import { cellText } from '../../src/core/report.js'
import { formatSize } from '../../src/core/units.js'
import { waitForStatement } from '../support/wait.js'
import { TestDatabase, buildProblemDatabase } from './fixture.js'

const serverUrl = inject('databaseUrl')
let db: TestDatabase
const holders: pg.Client[] = []

beforeEach(async () => {
  db = await buildProblemDatabase(serverUrl, { pgStatStatements: false })
})
afterEach(async () => {
  await Promise.all(holders.splice(0).map((c) => c.end().catch(() => {})))
  await db.drop()
})

async function maintain(extra: Record<string, string>, signal = new AbortController().signal) {
  const inputs = readInputs(
    new InputReader(
      objectInputGetter({
        'database-url': db.url,
        mode: 'maintain',
        'min-index-size': '0',
        'lock-timeout': '1s',
        ...extra,
      }),
    ),
  )
  const logger = recordingLogger()
  const result = await dbMaintain(inputs, logger, { signal, clock: () => new Date() })
  const table = result.report.tables.find((t) => t.title === 'Maintenance')!
  return { ...result, logger, table: { ...table, rows: table.rows.map((row) => row.map(cellText)) } }
}

/** A second session, like the application's, that holds something while the action runs. */
async function session(sql: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  holders.push(client)
  await client.query(sql)
  return client
}

const dead = async (table: string) =>
  Number(
    (await db.sql('SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = $1', [table])).rows[0]
      .n_dead_tup,
  )

describe('db-maintain maintain', () => {
  it('vacuums the tables over the thresholds, hostile names included, each statement on its own', async () => {
    const result = await maintain({})
    expect(result.report.status).not.toBe('fail')
    expect(result.outputs.vacuumed).toBe(2)
    expect(result.outputs.analyzed).toBe(2)
    expect(result.outputs.skipped).toBe(0)
    expect(await dead('orders')).toBe(0)
    expect(await dead('Mixed Case.Täble')).toBe(0)
    const rows = result.table.rows.map((r) => [r[0], r[1], r[2]])
    expect(rows).toContainEqual(['VACUUM (ANALYZE, SKIP_LOCKED) "public"."orders"', 'done', '10,000 → 0'])
    expect(rows).toContainEqual([
      'VACUUM (ANALYZE, SKIP_LOCKED) "we""ird"."Mixed Case.Täble"',
      'done',
      '3,000 → 0',
    ])
    // The checks after maintenance describe the database as it was left.
    expect(result.report.checks.find((c) => c.id === 'vacuum')?.status).toBe('pass')
    // Sizes after: the tables' total sizes as the run left them (read once, at the end).
    const size = async (table: string) =>
      formatSize(
        Number((await db.sql('SELECT pg_total_relation_size($1::regclass) AS b', [table])).rows[0].b),
      )
    const sizes = Object.fromEntries(result.table.rows.map((r) => [r[0], r[3].split(' → ')[1]]))
    expect(sizes['VACUUM (ANALYZE, SKIP_LOCKED) "public"."orders"']).toBe(await size('public.orders'))
    expect(sizes['VACUUM (ANALYZE, SKIP_LOCKED) "we""ird"."Mixed Case.Täble"']).toBe(
      await size('"we""ird"."Mixed Case.Täble"'),
    )
  })

  it('shows the checks of a full read of the catalog after maintenance, even when it did nothing', async () => {
    // The first read leaves out sections only checks use; the read after must bring them all.
    await session('BEGIN; LOCK TABLE orders, "we""ird"."Mixed Case.Täble" IN ACCESS EXCLUSIVE MODE')
    const result = await maintain({})
    expect(result.outputs.vacuumed).toBe(0)
    expect(result.outputs.skipped).toBe(2)
    const status = (id: string) => result.report.checks.find((c) => c.id === id)?.status
    expect(status('unindexed-foreign-keys')).toBe('warn')
    expect(status('duplicate-indexes')).toBe('warn')
    expect(status('invalid-indexes')).toBe('warn')
    expect(status('sequences')).toBe('warn')
    expect(status('not-valid-constraints')).toBe('warn')
    expect(status('unused-indexes')).toBe('warn')
    expect(result.report.checks.filter((c) => c.id.startsWith('unreadable:'))).toEqual([])
    // The summary tables and the metrics still come from the first read.
    expect(result.report.tables.map((t) => t.title)).toContain('Tables by dead tuples')
    expect(result.outputs['dead-tuples']).toBe(13000)
  })

  it('applies statement-timeout to every statement, those after a failed rebuild included', async () => {
    // A failed rebuild's cleanup changes the session's statement_timeout: the next statement must set it again.
    await db.sql('DELETE FROM orders WHERE id % 10 <> 0')
    await db.sql('VACUUM ANALYZE orders')
    await session('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM customers')
    // Each rebuild waits on the old snapshot: lock-timeout (60s, twice the test's timeout) cannot end it
    // in time, so only statement-timeout can, as the notes below say.
    const result = await maintain({
      operations: 'reindex',
      'index-bloat-ratio': '0.5',
      tables: 'public.orders',
      'lock-timeout': '60s',
      'statement-timeout': '1s',
    })
    const rebuilds = result.table.rows.filter((r) => r[0].startsWith('REINDEX'))
    expect(rebuilds.length).toBeGreaterThan(1)
    for (const r of rebuilds) {
      expect(r[1]).toBe('failed')
      expect(r[5]).toBe('stopped by statement-timeout or the max-duration budget')
    }
  })

  it('skips a table another session holds locked, within lock-timeout, and leaves that session alone', async () => {
    const holder = await session('BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE')
    const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid
    // The holder never lets go: only lock-timeout (1s) can end the wait, as the detail below says.
    const result = await maintain({})
    expect(result.outputs.vacuumed).toBe(1)
    expect(result.outputs.skipped).toBe(1)
    const maintenance = result.report.checks.find((c) => c.id === 'maintenance')!
    expect(maintenance.status).toBe('warn')
    // VACUUM's SKIP_LOCKED does not wait for the lock: it skips at once, and the message says so.
    expect(maintenance.detail).toContain(
      'skipped public.orders (another session holds a conflicting lock: SKIP_LOCKED skipped it at once, and again when retried at the end)',
    )
    expect(maintenance.detail).not.toContain('within')
    expect(result.logger.messages).toContain('retrying 1 table(s) whose lock was not granted')
    // The holder is untouched: same backend, still in its transaction, and it can go on.
    const alive = await db.sql('SELECT state FROM pg_stat_activity WHERE pid = $1', [holderPid])
    expect(alive.rows[0].state).toMatch(/^idle in transaction/)
    await holder.query('SELECT count(*) FROM orders')
    await holder.query('COMMIT')
    expect(await dead('orders')).toBe(10000)
  })

  it('rebuilds a bloated index concurrently, and drops only the leftovers its own failed rebuild made', async () => {
    // Bloat the index: delete most rows, vacuum (the index keeps its pages), analyze.
    await db.sql('DELETE FROM orders WHERE id % 10 <> 0')
    await db.sql('VACUUM ANALYZE orders')
    const ok = await maintain({ operations: 'reindex', 'index-bloat-ratio': '0.5', tables: 'public.orders' })
    const reindexed = ok.table.rows.filter((r) => r[0].startsWith('REINDEX INDEX CONCURRENTLY'))
    expect(reindexed.length).toBeGreaterThan(0)
    expect(reindexed.every((r) => r[1] === 'done')).toBe(true)
    expect(ok.outputs.reindexed).toBe(reindexed.length)
  })

  it('cleans up after a REINDEX CONCURRENTLY that could not finish, never touching older leftovers', async () => {
    await db.sql('DELETE FROM orders WHERE id % 10 <> 0')
    await db.sql('VACUUM ANALYZE orders')
    // An older leftover of somebody else's failed build on the same table: reported, never dropped.
    await db.sql('CREATE TABLE IF NOT EXISTS x (v int)')
    await db.sql("INSERT INTO orders (customer_id, note) VALUES (1, 'same'), (1, 'same')")
    await db.sql('CREATE UNIQUE INDEX CONCURRENTLY orders_note_ccnew ON orders (note)').catch(() => undefined)
    // A transaction holding an old snapshot makes REINDEX CONCURRENTLY wait after it built its new index.
    await session('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM customers')
    const result = await maintain({
      operations: 'reindex',
      'index-bloat-ratio': '0.5',
      tables: 'public.orders',
      'lock-timeout': '500ms',
    })
    const rebuilds = result.table.rows.filter((r) => r[0].startsWith('REINDEX'))
    expect(rebuilds.length).toBeGreaterThan(0)
    expect(rebuilds.every((r) => r[1] === 'skipped')).toBe(true)
    const leftovers = await db.sql(
      "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid AND i.indrelid = 'orders'::regclass ORDER BY 1",
    )
    expect(leftovers.rows.map((r) => r.relname)).toEqual(['orders_note_ccnew'])
    expect(result.logger.messages.some((m) => /^dropped public\.orders_.*_ccnew/.test(m))).toBe(true)
  })

  it('does nothing outside the maintenance window and says so', async () => {
    const result = await maintain({ window: 'daily 00:00-00:01 UTC' }, undefined)
    const maintenance = result.report.checks.find((c) => c.id === 'maintenance')!
    // The test could run at 00:00 UTC; then the window is open and this assertion would not hold.
    if (new Date().getUTCHours() === 0 && new Date().getUTCMinutes() === 0) return
    expect(maintenance.detail).toMatch(
      /^outside the maintenance window daily 00:00-00:01 UTC: nothing done \(2 statement\(s\) would run; force: true overrides\)/,
    )
    expect(result.outputs.vacuumed).toBe(0)
    expect(await dead('orders')).toBe(10000)
  })

  it('runs in a window that is open now', async () => {
    const result = await maintain({ window: 'daily 00:00-24:00 UTC' })
    expect(result.outputs.vacuumed).toBe(2)
  })

  it('dry run: prints the plan with the exact SQL and changes nothing', async () => {
    const result = await maintain({ 'dry-run': 'true', operations: 'vacuum-analyze,analyze' })
    const maintenance = result.report.checks.find((c) => c.id === 'maintenance')!
    expect(maintenance.detail).toMatch(/^dry run: \d+ statement\(s\) planned, none run$/)
    expect(maintenance.fix).toContain('VACUUM (ANALYZE, SKIP_LOCKED) "we""ird"."Mixed Case.Täble";')
    expect(result.table.rows.every((r) => r[1] === 'planned')).toBe(true)
    // Sizes as the catalog has them (pg_class.relpages), never a made-up 0 B.
    const row = (table: string) => result.table.rows.find((r) => r[0].includes(table))!
    const { rows } = await db.sql(
      `SELECT (sum(c.relpages) * current_setting('block_size')::bigint)::bigint AS bytes FROM pg_class c
        WHERE c.oid IN (SELECT 'orders'::regclass UNION SELECT reltoastrelid FROM pg_class WHERE oid = 'orders'::regclass
                        UNION SELECT indexrelid FROM pg_index WHERE indrelid = 'orders'::regclass)`,
    )
    expect(Number(rows[0].bytes)).toBeGreaterThan(0)
    expect(row('"public"."orders"')[3]).toBe(formatSize(Number(rows[0].bytes)))
    expect(row('"public"."orders"')[2]).toBe('10,000')
    // Never vacuumed or analyzed since its rows came: its size is not known from the catalog, and says so.
    expect(row('Mixed Case')[3]).toBe('not measured')
    expect(await dead('orders')).toBe(10000)
  })

  it('stops when cancelled: cancels only its own statement and reports the rest as skipped', async () => {
    // The rebuild waits for the holder's lock (lock-timeout 10m, past the test's timeout): it is cancelled
    // once it waits there, and only the cancel can end it in time.
    await db.sql('DELETE FROM orders WHERE id % 10 <> 0')
    await db.sql('VACUUM ANALYZE orders')
    const holder = await session('BEGIN; LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE')
    const holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid
    const controller = new AbortController()
    const ended = new AbortController()
    waitForStatement(db.url, { query: '%REINDEX%', waitEvent: 'relation' }, { signal: ended.signal }).then(
      () => controller.abort(),
      () => undefined, // the run ended first: the assertions below say how
    )
    const result = await maintain(
      { operations: 'reindex', 'index-bloat-ratio': '0.5', tables: 'public.orders', 'lock-timeout': '10m' },
      controller.signal,
    ).finally(() => ended.abort())
    const maintenance = result.report.checks.find((c) => c.id === 'maintenance')!
    expect(maintenance.status).toBe('fail')
    expect(maintenance.detail).toMatch(/^cancelled; /)
    expect(result.table.rows.map((r) => r[5])).toContain('cancelled with the run')
    const alive = await db.sql('SELECT state FROM pg_stat_activity WHERE pid = $1', [holderPid])
    expect(alive.rows[0].state).toMatch(/^idle in transaction/)
    await holder.query('COMMIT')
  })

  it('refuses a listed table that does not exist, naming it', async () => {
    await expect(maintain({ tables: 'public.nope' })).rejects.toThrow(
      `input 'tables' names public.nope, which does not exist in database ${db.name}`,
    )
  })

  it('reports a table the role may not vacuum as failed, not as done', async () => {
    const role = `maint_${Math.random().toString(36).slice(2, 8)}`
    await db.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'maint-pass-123'`)
    try {
      const url = new URL(db.url)
      url.username = role
      url.password = 'maint-pass-123'
      const inputs = readInputs(
        new InputReader(
          objectInputGetter({ 'database-url': url.href, mode: 'maintain', tables: 'public.orders' }),
        ),
      )
      const result = await dbMaintain(inputs, recordingLogger(), {
        signal: new AbortController().signal,
        clock: () => new Date(),
      })
      const maintenance = result.report.checks.find((c) => c.id === 'maintenance')!
      expect(maintenance.status).toBe('fail')
      expect(maintenance.detail).toMatch(
        /failed public\.orders \(.*(permission denied|only table or database owner).*the role needs to own the table/,
      )
      expect(await dead('orders')).toBe(10000)
    } finally {
      await db.sql(`DROP OWNED BY ${role}; DROP ROLE ${role}`)
    }
  })
})

describe('measureAfter', () => {
  const url = () => parseDatabaseUrl('database-url', db.url)
  /** The relations of the problem database, and statements on them that were "done". */
  async function doneOn(): Promise<Done[]> {
    const reader = await connect(url(), { applicationName: 'test', settings: REPORT_SETTINGS })
    try {
      const snapshot = await readSnapshot(reader, 10)
      const table = (name: string) => snapshot.tables.find((t) => t.name === name)!
      const index = snapshot.indexes.find((i) => i.name === 'orders_note_idx')!
      const result = (target: string) => ({
        operation: 'vacuum-analyze' as const,
        target,
        sql: '',
        status: 'done' as const,
        before: { bytes: 0 },
      })
      return [
        { result: result('public.orders'), table: table('orders') },
        { result: result('we"ird.Mixed Case.Täble'), table: table('Mixed Case.Täble') },
        {
          result: { ...result('public.orders_note_idx'), operation: 'reindex' },
          table: table('orders'),
          index,
        },
      ]
    } finally {
      await reader.end()
    }
  }

  it('reads every relation’s dead tuples and size in one query, indexes by name', async () => {
    await db.sql('VACUUM ANALYZE orders')
    await db.sql('REINDEX INDEX CONCURRENTLY orders_note_idx') // a new oid under the same name
    const done = await doneOn()
    const control = await connect(url(), { applicationName: 'test', settings: { lock_timeout: '1s' } })
    const sent: string[] = []
    const query = control.query.bind(control)
    control.query = ((...args: Parameters<typeof query>) => {
      sent.push(String(args[0]))
      return query(...args)
    }) as typeof control.query
    try {
      await measureAfter(control, done)
    } finally {
      await control.end()
    }
    expect(sent).toEqual([marked(AFTER_SQL)])
    const { rows } = await db.sql(
      `SELECT pg_total_relation_size('orders') AS orders, pg_relation_size('orders_note_idx') AS note,
              pg_total_relation_size('"we""ird"."Mixed Case.Täble"') AS mixed,
              (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'Mixed Case.Täble') AS mixed_dead`,
    )
    expect(done[0].result.after).toEqual({ deadTuples: 0, bytes: Number(rows[0].orders) })
    expect(done[1].result.after).toEqual({
      deadTuples: Number(rows[0].mixed_dead),
      bytes: Number(rows[0].mixed),
    })
    expect(done[1].result.after?.deadTuples).toBe(3000)
    expect(done[2].result.after).toEqual({ bytes: Number(rows[0].note) })
  })

  it('reads relation by relation when one is locked, and leaves only that one without figures', async () => {
    const done = await doneOn()
    await session('BEGIN; LOCK TABLE "we""ird"."Mixed Case.Täble" IN ACCESS EXCLUSIVE MODE')
    const control = await connect(url(), { applicationName: 'test', settings: { lock_timeout: '200ms' } })
    try {
      await measureAfter(control, done)
    } finally {
      await control.end()
    }
    expect(done[0].result.after?.deadTuples).toBe(10000)
    expect(done[0].result.after?.bytes).toBeGreaterThan(0)
    expect(done[1].result.after).toBeUndefined()
    expect(done[2].result.after?.bytes).toBeGreaterThan(0)
  })
})
