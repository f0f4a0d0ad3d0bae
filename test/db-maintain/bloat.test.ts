import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import {
  INDEX_BLOAT_SQL,
  IndexBloatRow,
  TABLE_BLOAT_SQL,
  TableBloatRow,
  parseIndexBloat,
  parseTableBloat,
} from '../../src/db-maintain/bloat.js'
import { createTestDatabase } from '../support/postgres.js'

const q = (name: string) => pg.escapeIdentifier(name)

// Names a careless query would mangle: quotes, spaces, capitals, non-ASCII.
const WEIRD_SCHEMA = 'we"ird'
const WEIRD_TABLE = 'Ünïcode Täble'
const WEIRD_INDEX = `Ïdx 'q' "x" Ünï`
const WEIRD_TABLE_SQL = `${q(WEIRD_SCHEMA)}.${q(WEIRD_TABLE)}`

let db: Awaited<ReturnType<typeof createTestDatabase>>
const reader = `bloat_reader_${randomBytes(4).toString('hex')}`

async function indexRows(): Promise<IndexBloatRow[]> {
  return parseIndexBloat((await db.sql(INDEX_BLOAT_SQL)).rows)
}

async function tableRows(): Promise<TableBloatRow[]> {
  return parseTableBloat((await db.sql(TABLE_BLOAT_SQL)).rows)
}

function index(rows: IndexBloatRow[], name: string, schema = 'public'): IndexBloatRow {
  const found = rows.filter((r) => r.indexName === name && r.schema === schema)
  expect(found, `index ${schema}.${name}`).toHaveLength(1)
  return found[0]
}

function table(rows: TableBloatRow[], name: string, schema = 'public'): TableBloatRow {
  const found = rows.filter((r) => r.tableName === name && r.schema === schema)
  expect(found, `table ${schema}.${name}`).toHaveLength(1)
  return found[0]
}

beforeAll(async () => {
  db = await createTestDatabase(inject('databaseUrl'), 'bloat')
  // autovacuum is off on the test server; the table setting keeps it so on a TEST_DATABASE_URL server.
  await db.sql(`
    CREATE TABLE bloat_me (id bigint PRIMARY KEY, k int NOT NULL, payload text)
      WITH (autovacuum_enabled = off);
    INSERT INTO bloat_me SELECT g, (g * 7919) % 1000003, md5(g::text) FROM generate_series(1, 200000) AS g;
    CREATE INDEX bloat_me_k ON bloat_me (k);
    CREATE INDEX bloat_me_lower ON bloat_me (lower(payload));
    ANALYZE bloat_me;

    CREATE SCHEMA ${q(WEIRD_SCHEMA)};
    CREATE TABLE ${WEIRD_TABLE_SQL} (${q('Cölumn "x"')} int, ${q('MixedCase')} text)
      WITH (autovacuum_enabled = off);
    INSERT INTO ${WEIRD_TABLE_SQL} SELECT g, 'v' || g FROM generate_series(1, 2000) AS g;
    CREATE INDEX ${q(WEIRD_INDEX)} ON ${WEIRD_TABLE_SQL} (${q('Cölumn "x"')}, ${q('MixedCase')});
    ANALYZE ${WEIRD_TABLE_SQL};

    CREATE TABLE names (n name, i int) WITH (autovacuum_enabled = off);
    INSERT INTO names SELECT 'n' || g, g FROM generate_series(1, 2000) AS g;
    CREATE INDEX names_n ON names (n);
    ANALYZE names;

    CREATE TABLE never_analyzed (a int, b text) WITH (autovacuum_enabled = off);
    INSERT INTO never_analyzed SELECT g, 'x' || g FROM generate_series(1, 5000) AS g;
    CREATE TABLE never_analyzed_indexed (a int, b text) WITH (autovacuum_enabled = off);
    INSERT INTO never_analyzed_indexed SELECT g, 'x' || g FROM generate_series(1, 5000) AS g;
    CREATE INDEX never_analyzed_indexed_a ON never_analyzed_indexed (a);

    CREATE TABLE empty_analyzed (a int) WITH (autovacuum_enabled = off);
    CREATE INDEX empty_analyzed_a ON empty_analyzed (a);
    ANALYZE empty_analyzed;
    CREATE TABLE no_columns () WITH (autovacuum_enabled = off);
    INSERT INTO no_columns SELECT FROM generate_series(1, 1000);
    ANALYZE no_columns;
    CREATE MATERIALIZED VIEW squares AS SELECT g AS n, g * g AS sq FROM generate_series(1, 3000) AS g;
    CREATE INDEX squares_n ON squares (n);
    ANALYZE squares;

    CREATE TABLE dup (a int) WITH (autovacuum_enabled = off);
    INSERT INTO dup VALUES (1), (1);
    ANALYZE dup;
  `)
  // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind (it cannot run in a transaction).
  await expect(db.sql('CREATE UNIQUE INDEX CONCURRENTLY dup_a ON dup (a)')).rejects.toThrow(
    /could not create unique index/,
  )
  await db.sql(`CREATE ROLE ${q(reader)} NOLOGIN; GRANT SELECT ON bloat_me TO ${q(reader)}`)
})

afterAll(async () => {
  await db?.drop()
  // Roles are cluster-wide: the grant went with the database, so the role drops cleanly now.
  const admin = new pg.Client({ connectionString: inject('databaseUrl') })
  await admin.connect()
  try {
    await admin.query(`DROP ROLE IF EXISTS ${q(reader)}`)
  } finally {
    await admin.end()
  }
})

describe('bloat estimates', () => {
  it('reports little bloat on fresh relations and much after deleting 90% of the rows', async () => {
    const before = { indexes: await indexRows(), tables: await tableRows() }
    const pkeyBefore = index(before.indexes, 'bloat_me_pkey')
    const kBefore = index(before.indexes, 'bloat_me_k')
    const lowerBefore = index(before.indexes, 'bloat_me_lower')
    const heapBefore = table(before.tables, 'bloat_me')
    for (const row of [pkeyBefore, kBefore, lowerBefore, heapBefore]) {
      expect(row.isNa).toBe(false)
      expect(row.bloatRatio).toBeGreaterThanOrEqual(0)
      expect(row.bloatRatio).toBeLessThan(0.3)
      expect(row.bloatBytes).toBeGreaterThanOrEqual(0)
    }
    // After ANALYZE, relpages (what the estimate sizes by) matches the files.
    const { rows: sizes } = await db.sql(
      `SELECT pg_relation_size('bloat_me') AS heap, pg_relation_size('bloat_me_k') AS k`,
    )
    expect(heapBefore.sizeBytes).toBe(Number(sizes[0].heap))
    expect(kBefore.sizeBytes).toBe(Number(sizes[0].k))

    // Keys spread over the whole range go, so every page keeps a tenth of its rows: nothing to truncate.
    await db.sql('DELETE FROM bloat_me WHERE id % 10 <> 0')
    await db.sql('VACUUM bloat_me')
    await db.sql('ANALYZE bloat_me')

    const after = { indexes: await indexRows(), tables: await tableRows() }
    const pkeyAfter = index(after.indexes, 'bloat_me_pkey')
    const kAfter = index(after.indexes, 'bloat_me_k')
    const lowerAfter = index(after.indexes, 'bloat_me_lower')
    const heapAfter = table(after.tables, 'bloat_me')
    for (const [was, now] of [
      [pkeyBefore, pkeyAfter],
      [kBefore, kAfter],
      [lowerBefore, lowerAfter],
    ]) {
      expect(now.isNa).toBe(false)
      // The index keeps its pages: VACUUM only marks them reusable.
      expect(now.sizeBytes).toBe(was.sizeBytes)
      expect(now.bloatRatio).toBeGreaterThan(0.5)
      expect(now.bloatBytes).toBeGreaterThan(0.5 * now.sizeBytes)
    }
    expect(heapAfter.isNa).toBe(false)
    expect(heapAfter.bloatRatio).toBeGreaterThan(0.5)
    expect(heapAfter.bloatRatio!).toBeGreaterThan(heapBefore.bloatRatio! + 0.5)
    expect(heapAfter.bloatBytes).toBeGreaterThan(0)
  })

  it('keeps hostile names exact', async () => {
    const [indexes, tables] = [await indexRows(), await tableRows()]
    const weirdIndex = index(indexes, WEIRD_INDEX, WEIRD_SCHEMA)
    expect(weirdIndex.tableName).toBe(WEIRD_TABLE)
    expect(weirdIndex.isNa).toBe(false)
    const weirdTable = table(tables, WEIRD_TABLE, WEIRD_SCHEMA)
    expect(weirdTable.isNa).toBe(false)
    // The oids point at the same relations the names do.
    const { rows } = await db.sql(
      `SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.oid = ANY($1::oid[]) ORDER BY c.relkind`,
      [[weirdIndex.indexOid, weirdTable.tableOid]],
    )
    expect(rows).toEqual([
      { relname: WEIRD_INDEX, nspname: WEIRD_SCHEMA },
      { relname: WEIRD_TABLE, nspname: WEIRD_SCHEMA },
    ])
  })

  it('says "not available" rather than inventing a number', async () => {
    const [indexes, tables] = [await indexRows(), await tableRows()]
    const na = (row: IndexBloatRow | TableBloatRow) => {
      expect(row.isNa).toBe(true)
      expect(row.bloatRatio).toBeNull()
      expect(row.bloatBytes).toBeNull()
    }
    // `name` columns: the statistics do not describe what is stored.
    na(index(indexes, 'names_n'))
    na(table(tables, 'names'))
    // Never analyzed: reltuples is -1 (PostgreSQL 14+), or CREATE INDEX counted the rows but there are
    // no column statistics.
    na(table(tables, 'never_analyzed'))
    na(table(tables, 'never_analyzed_indexed'))
    na(index(indexes, 'never_analyzed_indexed_a'))
    // The invalid leftover of a failed CREATE INDEX CONCURRENTLY.
    na(index(indexes, 'dup_a'))
  })

  it('handles empty, column-less, materialized and expression-indexed relations', async () => {
    const [indexes, tables] = [await indexRows(), await tableRows()]
    for (const row of [
      table(tables, 'empty_analyzed'),
      index(indexes, 'empty_analyzed_a'),
      table(tables, 'no_columns'),
      table(tables, 'squares'),
      index(indexes, 'squares_n'),
      index(indexes, 'bloat_me_lower'),
    ]) {
      expect(row.isNa, row.tableName).toBe(false)
      expect(row.bloatRatio).toBeGreaterThanOrEqual(0)
      expect(row.bloatRatio).toBeLessThanOrEqual(1)
    }
    expect(table(tables, 'empty_analyzed')).toMatchObject({ sizeBytes: 0, bloatBytes: 0, bloatRatio: 0 })
    // One row per relation, none from the system schemas.
    expect(new Set(indexes.map((r) => r.indexOid)).size).toBe(indexes.length)
    expect(new Set(tables.map((r) => r.tableOid)).size).toBe(tables.length)
    for (const row of [...indexes, ...tables])
      expect(['pg_catalog', 'information_schema', 'pg_toast']).not.toContain(row.schema)
    // Tables have no TOAST-index rows leaking in and every btree of the fixtures is there.
    expect(indexes.filter((r) => r.tableName === 'bloat_me').map((r) => r.indexName)).toEqual(
      expect.arrayContaining(['bloat_me_pkey', 'bloat_me_k', 'bloat_me_lower']),
    )
  })

  it('works for a non-superuser, showing what it may not read as not available', async () => {
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    try {
      const asAdmin = {
        indexes: parseIndexBloat((await client.query(INDEX_BLOAT_SQL)).rows),
        tables: parseTableBloat((await client.query(TABLE_BLOAT_SQL)).rows),
      }
      // Another session's temporary tables would not be ours to judge; our own are left out too.
      await client.query('CREATE TEMP TABLE scratch (a int PRIMARY KEY)')
      await client.query(`SET ROLE ${q(reader)}`)
      const indexes = parseIndexBloat((await client.query(INDEX_BLOAT_SQL)).rows)
      const tables = parseTableBloat((await client.query(TABLE_BLOAT_SQL)).rows)
      // The granted table: same answer as the superuser's.
      expect(index(indexes, 'bloat_me_k')).toEqual(index(asAdmin.indexes, 'bloat_me_k'))
      expect(table(tables, 'bloat_me')).toEqual(table(asAdmin.tables, 'bloat_me'))
      // Expression statistics belong to the index, which only its owner may read.
      expect(index(indexes, 'bloat_me_lower').isNa).toBe(true)
      // Not granted: listed, but not estimated.
      expect(index(indexes, WEIRD_INDEX, WEIRD_SCHEMA).isNa).toBe(true)
      expect(table(tables, WEIRD_TABLE, WEIRD_SCHEMA).isNa).toBe(true)
      expect(tables.some((r) => r.tableName === 'scratch')).toBe(false)
      expect(indexes.some((r) => r.tableName === 'scratch')).toBe(false)
    } finally {
      await client.end()
    }
  })

  it('stays quick on a catalog with many tables and indexes', async () => {
    // 600 more tables with two btrees each, in batches to stay under max_locks_per_transaction.
    for (let batch = 0; batch < 3; batch++) {
      await db.sql(`DO $$ BEGIN
        FOR i IN ${batch * 200 + 1}..${batch * 200 + 200} LOOP
          EXECUTE format('CREATE TABLE many_%s (id int PRIMARY KEY, a int, b int)', i);
          EXECUTE format('CREATE INDEX ON many_%s (a, b)', i);
          EXECUTE format('INSERT INTO many_%s VALUES (1, 1, 1), (2, 2, NULL)', i);
        END LOOP;
      END $$`)
    }
    await db.sql('ANALYZE')
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    try {
      for (const [sql, minimum] of [
        [INDEX_BLOAT_SQL, 1200],
        [TABLE_BLOAT_SQL, 600],
      ] as const) {
        const started = performance.now()
        const { rows } = await client.query(sql)
        const elapsed = performance.now() - started
        expect(rows.length).toBeGreaterThanOrEqual(minimum)
        expect(elapsed).toBeLessThan(3000)
      }
    } finally {
      await client.end()
    }
  })
})

describe('parsing rows', () => {
  it('turns bigint strings into numbers and keeps not-available estimates null', () => {
    expect(
      parseIndexBloat([
        {
          schema: 's',
          table_name: 't',
          index_name: 'i',
          index_oid: '16384',
          size_bytes: '9007199254740',
          bloat_bytes: '8192',
          bloat_ratio: 0.25,
          is_na: false,
        },
        {
          schema: 's',
          table_name: 't',
          index_name: 'j',
          index_oid: 16385,
          size_bytes: '8192',
          bloat_bytes: null,
          bloat_ratio: null,
          is_na: true,
          na_reason: 'hidden',
        },
      ]),
    ).toEqual([
      {
        schema: 's',
        tableName: 't',
        indexName: 'i',
        indexOid: 16384,
        sizeBytes: 9007199254740,
        bloatBytes: 8192,
        bloatRatio: 0.25,
        isNa: false,
      },
      {
        schema: 's',
        tableName: 't',
        indexName: 'j',
        indexOid: 16385,
        sizeBytes: 8192,
        bloatBytes: null,
        bloatRatio: null,
        isNa: true,
        naReason: 'hidden',
      },
    ])
    expect(
      parseTableBloat([
        {
          schema: 's',
          table_name: 't',
          table_oid: '1',
          size_bytes: '0',
          bloat_bytes: '0',
          bloat_ratio: 0,
          is_na: 'f',
        },
      ]),
    ).toEqual([
      { schema: 's', tableName: 't', tableOid: 1, sizeBytes: 0, bloatBytes: 0, bloatRatio: 0, isNa: false },
    ])
  })

  it('rejects rows that are not bloat rows', () => {
    const good = {
      schema: 's',
      table_name: 't',
      table_oid: '1',
      size_bytes: '0',
      bloat_bytes: '0',
      bloat_ratio: 0,
    }
    expect(() => parseTableBloat([{ ...good, is_na: false, table_oid: 'x' }])).toThrow(/table_oid/)
    expect(() => parseTableBloat([{ ...good, is_na: 'maybe' }])).toThrow(/is_na/)
    expect(() => parseTableBloat([{ ...good, is_na: false, schema: 1 }])).toThrow(/schema/)
  })
})
