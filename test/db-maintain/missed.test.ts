// What the comparison with pghero and a DBA's review found missing, each on a real PostgreSQL server.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { readInputs } from '../../src/db-maintain/inputs.js'
import { dbMaintain } from '../../src/db-maintain/report-and-maintain.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { cellText } from '../../src/core/report.js'
import { TestDatabase } from './fixture.js'
import { createTestDatabase } from '../support/postgres.js'

const serverUrl = inject('databaseUrl')
let db: TestDatabase
const slot = `dbm_slot_${Math.random().toString(36).slice(2, 8)}`

beforeAll(async () => {
  db = await createTestDatabase(serverUrl, 'missed')
  await db.sql(`
    CREATE EXTENSION pg_stat_statements;

    -- An int4 key fed by DEFAULT nextval() from a bigint sequence nobody owns (no OWNED BY).
    CREATE SEQUENCE free_seq AS bigint;
    CREATE TABLE free (id int4 NOT NULL DEFAULT nextval('free_seq') PRIMARY KEY);
    SELECT setval('free_seq', 1950000000);
    INSERT INTO free DEFAULT VALUES;

    -- A sequence set with setval(..., false): is_called is false, so pg_sequences shows no last_value.
    CREATE SEQUENCE fresh_seq AS int;
    SELECT setval('fresh_seq', 2000000000, false);

    -- Foreign keys "covered" only by an INCLUDE column or by a BRIN index.
    CREATE TABLE parent (x int, y int, PRIMARY KEY (x, y));
    CREATE TABLE child_include (x int, y int, FOREIGN KEY (x, y) REFERENCES parent);
    CREATE INDEX child_include_idx ON child_include (x) INCLUDE (y);
    CREATE TABLE child_brin (x int, y int, FOREIGN KEY (x, y) REFERENCES parent);
    CREATE INDEX child_brin_idx ON child_brin USING brin (x, y);

    -- The same single column indexed ascending and descending.
    CREATE TABLE sorted (v int);
    CREATE INDEX sorted_v_asc ON sorted (v);
    CREATE INDEX sorted_v_desc ON sorted (v DESC);

    -- Autovacuum switched off for one table.
    CREATE TABLE no_autovacuum (id int) WITH (autovacuum_enabled = false);
    ANALYZE;
  `)
  // An inactive physical replication slot that reserves WAL (and would hold back the xmin horizon).
  await db.sql('SELECT pg_create_physical_replication_slot($1, true)', [slot])
})
afterAll(async () => {
  await db?.sql('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined)
  await db?.drop()
})

async function report(extra: Record<string, string> = {}) {
  const inputs = readInputs(
    new InputReader(objectInputGetter({ 'database-url': db.url, 'min-index-size': '0', ...extra })),
  )
  return dbMaintain(inputs, recordingLogger(), {
    signal: new AbortController().signal,
    clock: () => new Date(),
  })
}

type Result = Awaited<ReturnType<typeof report>>
const check = (result: Result, id: string) => {
  const found = result.report.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id}: ${result.report.checks.map((c) => c.id).join(', ')}`)
  return found
}

describe('db-maintain finds what it used to miss', () => {
  it('an int4 key fed by DEFAULT nextval() from a sequence the column does not own', async () => {
    const sequences = check(await report(), 'sequences')
    expect(sequences.status).toBe('fail')
    expect(sequences.detail).toContain('public.free_seq (free.id) at 90.8% of 2,147,483,647')
  })

  it('a sequence after setval(..., false)', async () => {
    expect(check(await report(), 'sequences').detail).toContain('public.fresh_seq at 93.1% of 2,147,483,647')
  })

  it('a foreign key "covered" only by an INCLUDE column or by a BRIN index is not covered', async () => {
    const fk = check(await report(), 'unindexed-foreign-keys')
    expect(fk.status).toBe('warn')
    expect(fk.detail).toContain('public.child_include (x, y)')
    expect(fk.detail).toContain('public.child_brin (x, y)')
  })

  it('a descending and an ascending index on the same single column are duplicates', async () => {
    const duplicates = check(await report(), 'duplicate-indexes')
    expect(duplicates.detail).toContain('public.sorted_v_desc (covered by sorted_v_asc')
    expect(duplicates.fix).toContain('DROP INDEX CONCURRENTLY "public"."sorted_v_desc";')
  })

  it('autovacuum switched off, for the server and for a table', async () => {
    const { rows } = await db.sql(`SELECT current_setting('autovacuum') AS on`)
    const autovacuum = check(await report(), 'autovacuum')
    expect(autovacuum.status).toBe('warn')
    // The test server runs with autovacuum = off (the tests decide when tables are vacuumed).
    if (rows[0].on === 'off') expect(autovacuum.detail).toMatch(/^autovacuum is off for the whole server/)
    expect(autovacuum.detail).toContain('public.no_autovacuum')
    expect(autovacuum.fix).toContain('ALTER TABLE "public"."no_autovacuum" RESET (autovacuum_enabled);')
  })

  it('an inactive replication slot', async () => {
    const slots = check(await report(), 'replication-slots')
    expect(slots.status).toBe('warn')
    expect(slots.detail).toContain(`${slot} (physical, inactive`)
    expect(slots.fix).toContain(`SELECT pg_drop_replication_slot('${slot}');`)
  })

  it('a prepared transaction (needs max_prepared_transactions > 0 on the test server)', async (context) => {
    const { rows } = await db.sql(`SELECT current_setting('max_prepared_transactions')::int AS max`)
    if (rows[0].max === 0) context.skip('the test server runs with max_prepared_transactions = 0')
    const gid = `dbm_${Math.random().toString(36).slice(2, 8)}`
    const client = await connectRaw(db.url)
    try {
      await client.query(`BEGIN; INSERT INTO sorted VALUES (1); PREPARE TRANSACTION '${gid}'`)
      // Listed at once; a warning (with the ROLLBACK PREPARED) from 5 minutes on, see findings.test.ts.
      const prepared = check(await report(), 'prepared-transactions')
      expect(prepared.status).toBe('pass')
      expect(prepared.detail).toMatch(
        new RegExp(`^1 prepared transaction\\(s\\), none older than 5m: ${gid} \\(`),
      )
    } finally {
      await db.sql(`ROLLBACK PREPARED '${gid}'`).catch(() => undefined)
      await client.end()
    }
  })

  it('which tables hold the oldest transaction ID', async () => {
    const xid = check(await report(), 'xid-wraparound')
    expect(xid.detail).toMatch(/oldest: public\.\S+ \([\d,]+\)/)
  })

  it("leaves the tool's own catalog queries out of the slow-query list, and keeps the list narrow", async () => {
    const wide = `SELECT ${Array.from({ length: 12 }, (_, k) => `v AS a_rather_long_column_alias_${k}`).join(', ')} FROM sorted`
    expect(wide.length).toBeGreaterThan(200)
    await db.sql(wide)
    await report() // its catalog queries are now in pg_stat_statements
    const result = await report({ top: '1000' })
    const rows = result.report.tables
      .filter((t) => t.title.startsWith('Slow queries'))
      .flatMap((t) => t.rows.map((r) => cellText(r[0])))
    expect(rows.length).toBeGreaterThan(0)
    expect(
      rows.filter((q) =>
        /col_stats|pg_stat_progress_create_index|pg_sequence s|pg_replication_slots|runbook-actions/.test(q),
      ),
    ).toEqual([])
    expect(Math.max(...rows.map((q) => q.length))).toBeLessThanOrEqual(80)
    const shown = rows.find((q) => q.startsWith('SELECT v AS a_rather_long_column_alias_0'))!
    expect(shown).toMatch(/…$/)
    // The full text is in the JSON report.
    expect(result.report.data?.slowQueries?.byTotal.map((s) => s.query)).toContain(wide)
  })
})

async function connectRaw(url: string) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return client
}
