// db-maintain's report against a real PostgreSQL server with real problems in it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { CHECK_ONLY_SECTIONS, readSnapshot, REPORT_SETTINGS } from '../../src/db-maintain/catalog.js'
import { readInputs } from '../../src/db-maintain/inputs.js'
import { CatalogReader } from '../../src/db-maintain/catalog-reader.js'
import { dbMaintain } from '../../src/db-maintain/report-and-maintain.js'
import { APPLICATION_NAME } from '../../src/db-maintain/maintain.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { connect, parseDatabaseUrl } from '../../src/core/postgres.js'
import { createTestDatabase } from '../support/postgres.js'
import { TestDatabase, buildProblemDatabase } from './fixture.js'

const serverUrl = inject('databaseUrl')
let db: TestDatabase
let plain: TestDatabase

beforeAll(async () => {
  db = await buildProblemDatabase(serverUrl, { pgStatStatements: true })
  plain = await buildProblemDatabase(serverUrl, { pgStatStatements: false })
})
afterAll(async () => {
  await db?.drop()
  await plain?.drop()
})

async function report(url: string, extra: Record<string, string> = {}) {
  const inputs = readInputs(
    new InputReader(objectInputGetter({ 'database-url': url, 'min-index-size': '0', ...extra })),
  )
  return dbMaintain(inputs, recordingLogger(), {
    signal: new AbortController().signal,
    clock: () => new Date(),
  })
}

const check = (result: Awaited<ReturnType<typeof report>>, id: string) => {
  const found = result.report.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id}: ${result.report.checks.map((c) => c.id).join(', ')}`)
  return found
}

describe('db-maintain report', () => {
  it('lists the tables that need VACUUM, hostile names included, with the quoted SQL to fix them', async () => {
    const result = await report(db.url)
    const vacuum = check(result, 'vacuum')
    expect(vacuum.status).toBe('warn')
    expect(vacuum.detail).toContain('public.orders (10,000 dead, 33.3%)')
    expect(vacuum.detail).toContain('we"ird.Mixed Case.Täble (3,000 dead, 50%)')
    expect(vacuum.fix).toContain('VACUUM (ANALYZE) "public"."orders";')
    expect(vacuum.fix).toContain('VACUUM (ANALYZE) "we""ird"."Mixed Case.Täble";')
    expect(result.outputs['tables-over-threshold']).toBe(2)
    expect(result.outputs['dead-tuples']).toBe(13000)
  })

  it('finds the duplicate, the invalid and the unused index, the unindexed foreign key and the NOT VALID constraint', async () => {
    const result = await report(db.url)
    expect(check(result, 'duplicate-indexes').detail).toContain(
      'public.orders_customer_dup_idx (covered by orders_customer_idx, never scanned either)',
    )
    expect(check(result, 'duplicate-indexes').fix).toBe(
      'DROP INDEX CONCURRENTLY "public"."orders_customer_dup_idx";',
    )
    expect(check(result, 'invalid-indexes').detail).toContain('public.dupes_v_key')
    const unused = check(result, 'unused-indexes')
    expect(unused.detail).toContain('public.orders_note_idx')
    expect(unused.detail).not.toContain('orders_pkey') // constraint-backing indexes are never "unused"
    const fk = check(result, 'unindexed-foreign-keys')
    expect(fk.detail).toContain('public.Ünïcode Täble (customer "ref")')
    expect(fk.fix).toBe('CREATE INDEX CONCURRENTLY ON "public"."Ünïcode Täble" ("customer ""ref""");')
    expect(check(result, 'not-valid-constraints').fix).toBe(
      'ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_positive";',
    )
  })

  it('does not call indexes duplicates when their collation or sort order differs', async () => {
    await db.sql(`CREATE TABLE sorted (b int, name text);
      CREATE INDEX sorted_name_c ON sorted (name COLLATE "C");
      CREATE INDEX sorted_name ON sorted (name);
      CREATE INDEX sorted_b_name_desc ON sorted (b, name DESC);
      CREATE INDEX sorted_b_name ON sorted (b, name);
      CREATE INDEX sorted_b ON sorted (b);`)
    try {
      const detail = check(await report(db.url), 'duplicate-indexes').detail
      expect(detail).toMatch(/public\.sorted_b \(covered by sorted_b_name(_desc)?[,)]/)
      expect(detail).not.toContain('sorted_name')
      expect(detail).not.toMatch(/sorted_b_name(_desc)? \(covered/)
    } finally {
      await db.sql('DROP TABLE sorted')
    }
  })

  it('flags an int4 key whose bigint sequence is 88% of the way to the int4 maximum', async () => {
    const sequences = check(await report(db.url), 'sequences')
    expect(sequences.status).toBe('warn')
    expect(sequences.detail).toMatch(/public\.legacy_id_seq \(legacy\.id\) at 88\.5% of 2,147,483,647/)
  })

  it('lists tables never analyzed, transaction ID age, connections, cache hit ratio and the server', async () => {
    const result = await report(db.url)
    expect(check(result, 'never-analyzed').detail).toContain('public.orders')
    expect(check(result, 'never-analyzed').detail).not.toContain('public.customers')
    expect(check(result, 'xid-wraparound').detail).toMatch(/of autovacuum_freeze_max_age 200,000,000/)
    expect(check(result, 'connections').detail).toMatch(/^\d+ of \d+ usable connections/)
    expect(check(result, 'server').detail).toMatch(/^PostgreSQL \d+.*primary/)
  })

  it('lists slow queries when pg_stat_statements is installed, and says how to enable it when not', async () => {
    await db.sql('SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id')
    const on = await report(db.url)
    expect(on.report.tables.map((t) => t.title)).toContain('Slow queries by total time')
    expect(check(on, 'slow-queries').detail).toMatch(/^slowest on average/)

    const off = check(await report(plain.url), 'slow-queries')
    expect(off.detail).toBe(
      `pg_stat_statements is not installed in ${plain.name}, so slow queries cannot be listed`,
    )
    expect(off.recommendation).toBe('run CREATE EXTENSION pg_stat_statements; in this database')
  })

  it('changes nothing: the report runs read-only', async () => {
    const before = await db.sql(
      'SELECT sum(n_dead_tup)::int AS dead, count(*) FILTER (WHERE last_analyze IS NOT NULL)::int AS analyzed FROM pg_stat_user_tables',
    )
    await report(db.url)
    const after = await db.sql(
      'SELECT sum(n_dead_tup)::int AS dead, count(*) FILTER (WHERE last_analyze IS NOT NULL)::int AS analyzed FROM pg_stat_user_tables',
    )
    expect(after.rows[0]).toEqual(before.rows[0])
    // And the session cannot write even if a query tried to.
    const client = await connect(parseDatabaseUrl('database-url', db.url), {
      applicationName: 'test',
      settings: REPORT_SETTINGS,
    })
    try {
      await expect(client.query('CREATE TABLE should_fail (id int)')).rejects.toThrow(/read-only transaction/)
    } finally {
      await client.end()
    }
  })

  it('reads the catalog in a constant number of round trips, whatever the number of tables', async () => {
    const small = await createTestDatabase(serverUrl, 'few')
    const large = await createTestDatabase(serverUrl, 'many')
    try {
      await small.sql('CREATE TABLE t1 (id int PRIMARY KEY)')
      await large.sql(
        `DO $$ BEGIN FOR i IN 1..200 LOOP EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, v text)', i); EXECUTE format('CREATE INDEX ON t%s (v)', i); END LOOP; END $$`,
      )
      const countQueries = async (url: string) => {
        const { client, queries } = await countingClient(url)
        try {
          const snapshot = await readSnapshot(client, 10)
          return { queries: queries(), tables: snapshot.tables.length }
        } finally {
          await client.end()
        }
      }
      const few = await countQueries(small.url)
      const many = await countQueries(large.url)
      expect(few.tables).toBe(1)
      expect(many.tables).toBe(200)
      expect(many.queries).toBe(few.queries)
    } finally {
      await small.drop()
      await large.drop()
    }
  })

  it('sends no query for the sections it is told to skip, and lists them as skipped', async () => {
    const { client, queries } = await countingClient(db.url)
    try {
      const full = await readSnapshot(client, 10)
      const fullQueries = queries()
      const partial = await readSnapshot(client, 10, { skip: CHECK_ONLY_SECTIONS })
      expect(queries() - fullQueries).toBe(fullQueries - CHECK_ONLY_SECTIONS.length)
      expect(full.skipped).toBeUndefined()
      expect(partial.skipped).toEqual([...CHECK_ONLY_SECTIONS])
      for (const key of [
        'indexes',
        'indexBloat',
        'tableBloat',
        'foreignKeys',
        'sequences',
        'constraints',
      ] as const) {
        expect(full[key].length).toBeGreaterThan(0)
        expect(partial[key]).toEqual([])
      }
      expect(partial.errors).toEqual({})
      expect(partial.tables.map((t) => t.name).sort()).toEqual(full.tables.map((t) => t.name).sort())
      expect(partial.statements?.byMean.length).toBeGreaterThan(0)
    } finally {
      await client.end()
    }
  })

  it('reads again on the same connection, and on a new one once the server has closed it', async () => {
    const inputs = readInputs(new InputReader(objectInputGetter({ 'database-url': plain.url })))
    const readers = async () =>
      (
        await plain.sql('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [
          plain.name,
          APPLICATION_NAME,
        ])
      ).rows.map((r) => r.pid as number)
    const reader = new CatalogReader(inputs)
    try {
      await reader.read(CHECK_ONLY_SECTIONS)
      const [first] = await readers()
      expect(first).toBeDefined()
      expect((await reader.read()).tables.length).toBeGreaterThan(0)
      expect(await readers()).toEqual([first])
      await plain.sql('SELECT pg_terminate_backend($1)', [first])
      await expect.poll(readers).toEqual([])
      expect((await reader.read()).tables.length).toBeGreaterThan(0)
      const now = await readers()
      expect(now).toHaveLength(1)
      expect(now[0]).not.toBe(first)
    } finally {
      await reader.close()
    }
    expect(await readers()).toEqual([])
  })

  it('says which section a role may not read, and still reports the rest', async () => {
    const role = `limited_${Math.random().toString(36).slice(2, 8)}`
    await db.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'limited-pass-123'`)
    await db.sql(`REVOKE EXECUTE ON FUNCTION pg_stat_statements(boolean) FROM PUBLIC`)
    try {
      const url = new URL(db.url)
      url.username = role
      url.password = 'limited-pass-123'
      const result = await report(url.href)
      const unreadable = check(result, 'unreadable:slow queries')
      expect(unreadable.status).toBe('warn')
      expect(unreadable.detail).toMatch(/permission denied.*grant the role pg_monitor/)
      expect(check(result, 'vacuum').detail).toContain('public.orders')
    } finally {
      await db.sql(`GRANT EXECUTE ON FUNCTION pg_stat_statements(boolean) TO PUBLIC`)
      await db.sql(`DROP OWNED BY ${role}; DROP ROLE ${role}`)
    }
  })

  it('with the pg_monitor role the README recommends, says the bloat estimates are unknown and names the grant, never pass', async () => {
    const own = await createTestDatabase(serverUrl, 'bloat')
    const role = `monitor_${Math.random().toString(36).slice(2, 8)}`
    try {
      // A btree index with four fifths of its entries deleted and vacuumed away: its pages stay.
      await own.sql(`CREATE TABLE bloated (id int PRIMARY KEY, v int);
        INSERT INTO bloated SELECT g, g FROM generate_series(1, 100000) g;
        CREATE INDEX bloated_v_idx ON bloated (v);
        DELETE FROM bloated WHERE id % 5 <> 0;`)
      await own.sql('VACUUM ANALYZE bloated')
      await own.sql(`CREATE ROLE ${role} LOGIN PASSWORD 'monitor-pass-123' IN ROLE pg_monitor`)
      const url = new URL(own.url)
      url.username = role
      url.password = 'monitor-pass-123'

      const superuser = check(await report(own.url), 'index-bloat')
      expect(superuser.status).toBe('warn')
      // bloated_v_idx was never scanned: it is dropped, not rebuilt; the primary key is rebuilt.
      expect(superuser.detail).toMatch(/public\.bloated_pkey \((7\d|8\d)(\.\d)?% of /)

      const monitor = await report(url.href)
      const bloat = check(monitor, 'index-bloat')
      expect(bloat.status).toBe('warn')
      expect(bloat.detail).toMatch(/1 of 1 btree index\(es\) could not be estimated/)
      expect(bloat.detail).toContain(`role ${role} may not read their column statistics`)
      expect(bloat.recommendation).toMatch(/GRANT SELECT ON/)
      const version = Number((await own.sql('SHOW server_version_num')).rows[0].server_version_num)
      if (version >= 140000) expect(bloat.recommendation).toContain('pg_read_all_data')
      const tables = check(monitor, 'table-bloat')
      expect(tables.status).toBe('warn')
      expect(tables.detail).toMatch(/1 of 1 table\(s\) could not be estimated/)
      expect(monitor.report.checks.filter((c) => /bloat/.test(c.id)).map((c) => c.status)).not.toContain(
        'pass',
      )
    } finally {
      await own.drop()
      await db.sql(`DROP ROLE IF EXISTS ${role}`)
    }
  })

  it('drops, never rebuilds, an invalid unique index, says why it failed, and finds what REINDEX CONCURRENTLY left', async () => {
    const own = await createTestDatabase(serverUrl, 'ccnew')
    try {
      await own.sql(`CREATE TABLE dupes (v int); INSERT INTO dupes VALUES (1), (1), (2); ANALYZE dupes`)
      await expect(own.sql('CREATE UNIQUE INDEX CONCURRENTLY dupes_v_key ON dupes (v)')).rejects.toThrow(
        /could not create unique index/,
      )
      const first = await report(own.url)
      const invalid = check(first, 'invalid-indexes')
      expect(invalid.status).toBe('warn')
      expect(invalid.detail).toContain(
        'public.dupes_v_key (unique: its build most likely failed on duplicate keys)',
      )
      expect(invalid.fix).toBe(
        'DROP INDEX CONCURRENTLY "public"."dupes_v_key";\n' +
          '-- once the duplicate keys are gone: CREATE UNIQUE INDEX CONCURRENTLY dupes_v_key ON public.dupes USING btree (v);',
      )
      expect(first.report.checks.map((c) => c.fix ?? '').join('\n')).not.toMatch(/REINDEX[^\n]*dupes_v_key/)

      // What the old advice led to: the rebuild fails on the same duplicates and leaves a _ccnew index.
      await expect(own.sql('REINDEX INDEX CONCURRENTLY dupes_v_key')).rejects.toThrow(
        /could not create unique index/,
      )
      const second = await report(own.url)
      const leftovers = check(second, 'reindex-leftovers')
      expect(leftovers.status).toBe('warn')
      expect(leftovers.detail).toContain('public.dupes_v_key_ccnew (a rebuild of dupes_v_key that failed')
      expect(leftovers.fix).toBe('DROP INDEX CONCURRENTLY "public"."dupes_v_key_ccnew";')
      expect(check(second, 'invalid-indexes').detail).not.toContain('_ccnew')
    } finally {
      await own.drop()
    }
  })

  it('says next to an estimate when it is known to be unreliable, reports TOAST, and offers pgstattuple', async () => {
    const own = await createTestDatabase(serverUrl, 'caveats')
    try {
      await own.sql(`CREATE EXTENSION pgstattuple;
        -- Rows of bool/int8 pairs: 7 bytes of alignment padding after every bool.
        CREATE TABLE padded (a bool, b int8, c bool, d int8, e bool, f int8);
        INSERT INTO padded SELECT true, g, false, g, true, g FROM generate_series(1, 100000) g;
        DELETE FROM padded WHERE b % 10 < 6;
        -- Ten distinct keys: PostgreSQL 13+ deduplicates them, and the estimate does not know it.
        CREATE TABLE lowcard (v int);
        INSERT INTO lowcard SELECT g % 10 FROM generate_series(1, 100000) g;
        CREATE INDEX lowcard_v_idx ON lowcard (v);
        -- Big values live in TOAST, which the heap estimate does not cover.
        CREATE TABLE docs (id int, body text);
        INSERT INTO docs SELECT g, (SELECT string_agg(md5(g::text || k::text), '') FROM generate_series(1, 300) k)
          FROM generate_series(1, 300) g;`)
      await own.sql('VACUUM ANALYZE padded, lowcard, docs')
      await own.sql('SET enable_seqscan = off; SELECT count(*) FROM lowcard WHERE v = 1')

      const result = await report(own.url)
      const tables = check(result, 'table-bloat')
      expect(tables.detail).toMatch(/public\.padded \([^)]*; may count alignment padding as bloat\)/)
      expect(tables.detail).toMatch(/TOAST is not estimated: public\.docs \(\d+(\.\d+)? [kM]B of TOAST\)/)
      expect(tables.fix).toContain(`SELECT * FROM pgstattuple_approx('"public"."padded"');`)
      const indexes = check(result, 'index-bloat')
      expect(indexes.detail).toContain(
        'public.lowcard_v_idx holds deduplicated keys (PostgreSQL 13+), so its bloat is under-estimated',
      )
      expect(indexes.fix).toContain(`SELECT * FROM pgstatindex('"public"."lowcard_v_idx"');`)
      const largest = result.report.tables.find((t) => t.title.startsWith('Largest tables'))!
      expect(largest.columns).toContain('TOAST')
    } finally {
      await own.drop()
    }
  })
})

/** A report connection that counts the queries sent on it. */
async function countingClient(url: string) {
  const client = await connect(parseDatabaseUrl('database-url', url), {
    applicationName: 'test',
    settings: REPORT_SETTINGS,
  })
  let queries = 0
  const original = client.query.bind(client)
  client.query = ((...args: Parameters<typeof original>) => {
    queries++
    return original(...args)
  }) as typeof client.query
  return { client, queries: () => queries }
}
