import { describe, expect, it } from 'vitest'

import { IndexBloatRow } from '../../src/db-maintain/bloat.js'
import {
  ForeignKeyRow,
  IndexRow,
  SequenceRow,
  ServerInfo,
  Snapshot,
  TableRow,
} from '../../src/db-maintain/catalog.js'
import { WRAPAROUND_DANGER } from '../../src/db-maintain/checks/limits.js'
import { Findings, Thresholds, analyze } from '../../src/db-maintain/findings.js'
import { groupDigits } from '../../src/db-maintain/format.js'
import { findDuplicateIndexes } from '../../src/db-maintain/index-plan.js'
import { parseTablePattern } from '../../src/db-maintain/inputs.js'
import { planMaintenance } from '../../src/db-maintain/maintain.js'
import { Check } from '../../src/core/report.js'

// Synthetic snapshots: every row starts healthy and each test spoils only what it is about.

const MB = 1024 * 1024
const ANALYZED = new Date('2024-01-01T00:00:00Z')

/** The action.yml defaults. */
const DEFAULTS: Thresholds = {
  deadTupleRatio: 0.1,
  minDeadTuples: 1000,
  indexBloatRatio: 0.3,
  minIndexSize: 10 * MB,
  top: 10,
  maxConnectionsPercent: 80,
  maxXidAgePercent: 50,
  minCacheHitRatio: 0.95,
  tables: [],
  excludeTables: [],
}

function server(overrides: Partial<ServerInfo> = {}): ServerInfo {
  return {
    versionNum: 160002,
    version: '16.2',
    standby: false,
    database: 'app',
    user: 'ops',
    databaseBytes: 1024 * MB,
    maxConnections: 100,
    reservedConnections: 3,
    autovacuum: true,
    freezeMaxAge: 200_000_000,
    mxidFreezeMaxAge: 400_000_000,
    autovacuumThreshold: 50,
    autovacuumScaleFactor: 0.2,
    preloadLibraries: '',
    pgssInstalled: false,
    pgstattupleInstalled: false,
    xidAge: 1_000_000,
    mxidAge: 1000,
    blocksHit: 99_000,
    blocksRead: 1000,
    statsReset: null,
    ...overrides,
  }
}

let nextOid = 1000

function table(name: string, overrides: Partial<TableRow> = {}): TableRow {
  return {
    oid: nextOid++,
    schema: 'public',
    name,
    liveTuples: 100_000,
    deadTuples: 0,
    modsSinceAnalyze: 0,
    lastVacuum: null,
    lastAutovacuum: ANALYZED,
    lastAnalyze: null,
    lastAutoanalyze: ANALYZED,
    seqScan: 0,
    seqTupRead: 0,
    idxScan: 100,
    reltuples: 100_000,
    totalBytes: 50 * MB,
    tableBytes: 40 * MB,
    toastBytes: 0,
    xidAge: 1000,
    mxidAge: 10,
    autovacuumDisabled: false,
    ...overrides,
  }
}

/** A valid, used, non-unique btree index on column 1 of public.orders (table oid 1). */
function index(name: string, overrides: Partial<IndexRow> = {}): IndexRow {
  return {
    oid: nextOid++,
    schema: 'public',
    table: 'orders',
    tableOid: 1,
    name,
    bytes: 20 * MB,
    scans: 100,
    unique: false,
    primary: false,
    valid: true,
    constraintBacking: false,
    building: false,
    columns: [1],
    opclasses: '1978',
    collations: '',
    options: '',
    expressions: null,
    predicate: null,
    method: 'btree',
    definition: null,
    ...overrides,
    keyColumns: overrides.keyColumns ?? (overrides.columns ?? [1]).length,
  }
}

function bloat(of: IndexRow, ratio: number | null, overrides: Partial<IndexBloatRow> = {}): IndexBloatRow {
  return {
    schema: of.schema,
    tableName: of.table,
    sizeBytes: of.bytes,
    bloatBytes: ratio === null ? null : Math.round(ratio * of.bytes),
    bloatRatio: ratio,
    isNa: ratio === null,
    indexName: of.name,
    indexOid: of.oid,
    ...overrides,
  }
}

function sequence(name: string, lastValue: number | null, maxValue: number, column?: string): SequenceRow {
  return { schema: 'public', name, lastValue, maxValue, column, readable: true }
}

function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    server: server(),
    tables: [],
    indexes: [],
    indexBloat: [],
    tableBloat: [],
    foreignKeys: [],
    connections: [{ state: 'active', count: 5 }],
    sessions: [],
    sequences: [],
    constraints: [],
    holders: { slots: [], replicas: [], prepared: [] },
    statements: undefined,
    errors: {},
    ...overrides,
  }
}

function run(overrides: Partial<Snapshot> = {}, thresholds: Partial<Thresholds> = {}): Findings {
  return analyze(snapshot(overrides), { ...DEFAULTS, ...thresholds })
}

function check(findings: Findings, id: string): Check {
  const found = findings.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id} in ${findings.checks.map((c) => c.id).join(', ')}`)
  return found
}

const names = (rows: { name: string }[]) => rows.map((r) => r.name)

describe('analyze: a healthy database', () => {
  it('passes every check and recommends nothing', () => {
    const pkey = index('orders_pkey', { unique: true, primary: true, constraintBacking: true })
    const findings = run({
      tables: [table('orders'), table('customers')],
      indexes: [pkey],
      indexBloat: [bloat(pkey, 0.05)],
      sequences: [sequence('orders_id_seq', 10, 2_147_483_647)],
    })
    expect(findings.checks.filter((c) => c.status !== 'pass')).toEqual([])
    expect(findings.vacuumCandidates).toEqual([])
    expect(findings.analyzeCandidates).toEqual([])
    expect(findings.reindexCandidates).toEqual([])
    expect(findings.checks.filter((c) => c.fix)).toEqual([])
    expect(check(findings, 'server').detail).toBe('PostgreSQL 16.2, primary, database app is 1 GB')
  })
})

describe('analyze: tables that need VACUUM', () => {
  it('needs both the dead-tuple ratio and the minimum number of dead rows, inclusive', () => {
    const exact = table('exact', { deadTuples: 1000, liveTuples: 9000 }) // 10% and 1,000: both exactly
    const big = table('big', { deadTuples: 50_000, liveTuples: 50_000 }) // 50%
    const fewDead = table('few_dead', { deadTuples: 999, liveTuples: 1 }) // 99.9% but 999 dead
    const lowRatio = table('low_ratio', { deadTuples: 50_000, liveTuples: 1_000_000 }) // 4.8%
    const justUnder = table('just_under', { deadTuples: 1000, liveTuples: 9001 }) // 9.999%
    const findings = run({ tables: [exact, big, fewDead, lowRatio, justUnder] })

    expect(names(findings.vacuumCandidates)).toEqual(['big', 'exact']) // most dead rows first
    const vacuum = check(findings, 'vacuum')
    expect(vacuum.status).toBe('warn')
    expect(vacuum.detail).toMatch(/^2 table\(s\) over 10% dead and 1,000 dead rows: /)
    expect(vacuum.detail).toContain('public.big (50,000 dead, 50%)')
    expect(vacuum.fix).toBe('VACUUM (ANALYZE) "public"."big";\nVACUUM (ANALYZE) "public"."exact";')
    expect(findings.metrics).toContainEqual({ name: 'tables over threshold', value: 2, unit: '' })
    expect(findings.metrics).toContainEqual({ name: 'dead tuples', value: 102_999, unit: '' })
  })

  it('follows the thresholds it is given', () => {
    const t = table('t', { deadTuples: 50, liveTuples: 950 })
    expect(run({ tables: [t] }).vacuumCandidates).toEqual([])
    expect(names(run({ tables: [t] }, { minDeadTuples: 50, deadTupleRatio: 0.05 }).vacuumCandidates)).toEqual(
      ['t'],
    )
  })

  it('passes with no candidates and says what it looked for', () => {
    const vacuum = check(run({ tables: [table('t', { deadTuples: 10 })] }), 'vacuum')
    expect(vacuum.status).toBe('pass')
    expect(vacuum.detail).toBe('no table is over 10% dead rows with at least 1,000 of them')
    expect(vacuum.fix).toBeUndefined()
  })

  it('treats an empty table as 0% dead', () => {
    expect(run({ tables: [table('empty', { liveTuples: 0, deadTuples: 0 })] }).vacuumCandidates).toEqual([])
  })

  it('warns that autovacuum is behind for tables over its trigger that are not already candidates', () => {
    // Trigger: 50 + 0.2 * reltuples.
    const behind = table('behind', { deadTuples: 5000, liveTuples: 100_000, reltuples: 20_000 })
    const candidate = table('candidate', { deadTuples: 50_000, liveTuples: 50_000, reltuples: 100 })
    const fine = table('fine', { deadTuples: 4050, liveTuples: 100_000, reltuples: 20_000 }) // exactly the trigger
    const findings = run({ tables: [behind, candidate, fine] })
    const overdue = check(findings, 'autovacuum-behind')
    expect(overdue.status).toBe('warn')
    expect(overdue.detail).toMatch(
      /^1 table\(s\) have more dead rows than autovacuum's trigger: public\.behind /,
    )
  })
})

describe('analyze: tables never analyzed', () => {
  it('lists tables with rows and no statistics, leaving empty tables out', () => {
    const never = { lastAnalyze: null, lastAutoanalyze: null }
    const findings = run({
      tables: [
        table('with_rows', { ...never, liveTuples: 10, reltuples: -1 }),
        table('estimated_rows', { ...never, liveTuples: 0, reltuples: 500 }),
        table('empty', { ...never, liveTuples: 0, reltuples: 0 }),
        table('never_vacuumed_empty', { ...never, liveTuples: 0, reltuples: -1 }),
        table('manual', { lastAnalyze: ANALYZED, lastAutoanalyze: null }),
        table('auto', { lastAnalyze: null, lastAutoanalyze: ANALYZED }),
      ],
    })
    expect(names(findings.analyzeCandidates)).toEqual(['with_rows', 'estimated_rows'])
    const never_ = check(findings, 'never-analyzed')
    expect(never_.status).toBe('warn')
    expect(never_.detail).toBe(
      '2 table(s) with rows have no planner statistics: public.with_rows, public.estimated_rows',
    )
    expect(never_.fix).toBe('ANALYZE "public"."with_rows";\nANALYZE "public"."estimated_rows";')
  })

  it('passes when every table with rows was analyzed', () => {
    const findings = run({ tables: [table('empty', { lastAutoanalyze: null, liveTuples: 0, reltuples: 0 })] })
    expect(check(findings, 'never-analyzed')).toMatchObject({
      status: 'pass',
      detail: 'every table with rows has been analyzed',
    })
  })
})

describe('analyze: indexes to rebuild', () => {
  it('takes valid btree indexes of at least min-index-size whose estimated bloat reaches the ratio', () => {
    // Each on its own column: indexes on the same one would be duplicates, dropped rather than rebuilt.
    const bloated = index('bloated', { bytes: 100 * MB, columns: [1] })
    const boundary = index('boundary', { bytes: 10 * MB, columns: [2] }) // exactly 10MB and exactly 30%
    const small = index('small', { bytes: 10 * MB - 1, columns: [3] })
    const invalid = index('invalid', { valid: false, columns: [4] })
    const hash = index('hash', { method: 'hash', columns: [5] })
    const na = index('na', { columns: [6] })
    const under = index('under', { columns: [7] })
    const building = index('building', { building: true, columns: [8] })
    const noEstimate = index('no_estimate', { columns: [9] })
    const elsewhere = index('elsewhere', { columns: [10] })
    const findings = run({
      indexes: [bloated, boundary, small, invalid, hash, na, under, building, noEstimate, elsewhere],
      indexBloat: [
        bloat(bloated, 0.5),
        bloat(boundary, 0.3),
        bloat(small, 0.9),
        bloat(invalid, 0.9),
        bloat(hash, 0.9),
        bloat(na, null),
        bloat(under, 0.29),
        bloat(building, 0.9),
        // A row with this index's name but another index's oid: rows are matched by oid only.
        bloat(elsewhere, 0.9, { indexOid: 999_999 }),
      ],
    })
    expect(findings.reindexCandidates).toEqual([
      { index: bloated, bloatRatio: 0.5, bloatBytes: 50 * MB },
      { index: boundary, bloatRatio: 0.3, bloatBytes: 3 * MB },
    ])
    const check_ = check(findings, 'index-bloat')
    expect(check_.status).toBe('warn')
    expect(check_.detail).toMatch(
      /^2 index\(es\) over 30% estimated bloat and 10 MB: public\.bloated \(50% of 100 MB\)/,
    )
    expect(check_.fix).toBe(
      'REINDEX INDEX CONCURRENTLY "public"."bloated";\nREINDEX INDEX CONCURRENTLY "public"."boundary";',
    )
  })

  it('ignores a row marked is_na even when it carries a ratio, and says it could not estimate it', () => {
    const i = index('i')
    const findings = run({
      indexes: [i],
      indexBloat: [bloat(i, 0.9, { isNa: true, naReason: 'never analyzed' })],
    })
    expect(findings.reindexCandidates).toEqual([])
    const bloat_ = check(findings, 'index-bloat')
    expect(bloat_.status).toBe('warn')
    expect(bloat_.detail).toContain(
      '1 of 1 btree index(es) could not be estimated (1: never analyzed (run ANALYZE))',
    )
  })

  it('warns, never passes, when the role may not read the column statistics, and names the grant', () => {
    const i = index('i', { columns: [1] })
    const j = index('j', { schema: 'app', tableOid: 2, columns: [1] })
    const hidden = { isNa: true, naReason: 'hidden' as const }
    const findings = run({
      server: server({ user: 'monitor', versionNum: 150004 }),
      indexes: [i, j],
      indexBloat: [bloat(i, null, hidden), bloat(j, null, hidden)],
    })
    const bloat_ = check(findings, 'index-bloat')
    expect(bloat_.status).toBe('warn')
    expect(bloat_.detail).toContain(
      '2 of 2 btree index(es) could not be estimated (2: role monitor may not read',
    )
    expect(bloat_.fix).toBe(
      'GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "monitor";\nGRANT SELECT ON ALL TABLES IN SCHEMA "app" TO "monitor";\n-- or, for every table at once: GRANT pg_read_all_data TO "monitor";',
    )
    // pg_read_all_data exists from PostgreSQL 14 on.
    const old = run({
      server: server({ user: 'monitor', versionNum: 130010 }),
      indexes: [i],
      indexBloat: [bloat(i, null, hidden)],
    })
    expect(check(old, 'index-bloat').fix).not.toContain('pg_read_all_data')
  })

  it('sorts the candidates by bloat bytes, largest first', () => {
    const a = index('a', { bytes: 20 * MB, columns: [1] })
    const b = index('b', { bytes: 200 * MB, columns: [2] })
    const findings = run({ indexes: [a, b], indexBloat: [bloat(a, 0.9), bloat(b, 0.4)] })
    expect(findings.reindexCandidates.map((c) => c.index.name)).toEqual(['b', 'a'])
  })
})

describe('analyze: unused indexes', () => {
  it('lists never-scanned indexes of at least min-index-size that enforce nothing', () => {
    const findings = run({
      server: server({ statsReset: new Date(Date.now() - 3 * 86_400_000) }),
      indexes: [
        index('unused', { scans: 0, columns: [1] }),
        index('unique', { scans: 0, unique: true, columns: [2] }),
        index('exclusion', { scans: 0, constraintBacking: true, method: 'gist', columns: [3] }),
        index('pkey', { scans: 0, unique: true, primary: true, constraintBacking: true, columns: [4] }),
        index('small', { scans: 0, bytes: MB, columns: [5] }),
        index('invalid', { scans: 0, valid: false, columns: [6] }),
        index('used', { scans: 1, columns: [7] }),
      ],
    })
    const unused = check(findings, 'unused-indexes')
    expect(unused.status).toBe('warn')
    expect(unused.detail).toMatch(
      /^1 index\(es\) of 10 MB or more were never scanned since statistics were reset 3d ago: public\.unused \(20 MB\)$/,
    )
    expect(unused.fix).toBe('DROP INDEX CONCURRENTLY "public"."unused";')
  })

  it('passes when every index is scanned', () => {
    expect(check(run({ indexes: [index('i')] }), 'unused-indexes')).toMatchObject({
      status: 'pass',
      detail: 'no unused index of 10 MB or more',
    })
  })
})

describe('findDuplicateIndexes', () => {
  const pairs = (indexes: IndexRow[]) =>
    findDuplicateIndexes(indexes).map((d) => `${d.redundant.name} < ${d.covering.name}`)

  it('finds a non-unique index that is a leading prefix of another', () => {
    const prefix = index('prefix', { columns: [1] })
    const wide = index('wide', { columns: [1, 2], opclasses: '1978 1978' })
    expect(findDuplicateIndexes([prefix, wide])).toEqual([{ redundant: prefix, covering: wide }])
    // The order in the list does not matter.
    expect(pairs([wide, prefix])).toEqual(['prefix < wide'])
  })

  it('keeps a unique index that is a prefix of another: it enforces something', () => {
    const prefix = index('prefix', { columns: [1], unique: true })
    const wide = index('wide', { columns: [1, 2], opclasses: '1978 1978' })
    expect(pairs([prefix, wide])).toEqual([])
  })

  it('finds a non-unique prefix of a unique index', () => {
    const prefix = index('prefix', { columns: [1] })
    const wide = index('wide', { columns: [1, 2], opclasses: '1978 1978', unique: true })
    expect(pairs([prefix, wide])).toEqual(['prefix < wide'])
  })

  it('needs the same columns in the same leading order', () => {
    const second = index('second', { columns: [2] })
    const wide = index('wide', { columns: [1, 2], opclasses: '1978 1978' })
    expect(pairs([second, wide])).toEqual([])
    const swapped = index('swapped', { columns: [2, 1], opclasses: '1978 1978' })
    expect(pairs([swapped, wide])).toEqual([])
  })

  it('keeps the older (lower oid) of two identical indexes', () => {
    const older = index('older', { oid: 10 })
    const newer = index('newer', { oid: 20 })
    expect(pairs([newer, older])).toEqual(['newer < older'])
    expect(pairs([older, newer])).toEqual(['newer < older'])
  })

  it('keeps the unique one of two identical indexes, even when it is newer', () => {
    const plain = index('plain', { oid: 10 })
    const unique = index('unique', { oid: 20, unique: true })
    expect(pairs([plain, unique])).toEqual(['plain < unique'])
  })

  it("keeps the constraint's index of two identical unique indexes, even when it is newer", () => {
    const extra = index('extra', { oid: 10, unique: true })
    const key = index('key', { oid: 20, unique: true, primary: true, constraintBacking: true })
    expect(pairs([extra, key])).toEqual(['extra < key'])
  })

  it("keeps the constraint's index of two identical non-unique indexes", () => {
    const plain = index('plain', { oid: 10 })
    const excl = index('excl', { oid: 20, constraintBacking: true })
    expect(pairs([plain, excl])).toEqual(['plain < excl'])
  })

  it('never suggests dropping an index that backs a constraint', () => {
    const a = index('a_key', { oid: 10, unique: true, constraintBacking: true })
    const b = index('b_key', { oid: 20, unique: true, constraintBacking: true })
    expect(pairs([a, b])).toEqual([])
    const backingPrefix = index('fk_excl', { columns: [1], constraintBacking: true })
    const wide = index('wide', { columns: [1, 2], opclasses: '1978 1978' })
    expect(pairs([backingPrefix, wide])).toEqual([])
  })

  it('keeps exactly one of three identical indexes', () => {
    const a = index('a', { oid: 1 })
    const b = index('b', { oid: 2 })
    const c = index('c', { oid: 3 })
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ]) {
      const found = findDuplicateIndexes(order)
      expect(found.map((d) => d.redundant.name).sort()).toEqual(['b', 'c'])
      // Whichever index each one names as covering, the one kept is the oldest.
      expect(found.map((d) => d.covering.name)).not.toContain('c')
    }
  })

  it('does not pair indexes with different predicates, expressions, operator classes or methods', () => {
    const base = index('base', { oid: 10 })
    const variants: [string, Partial<IndexRow>][] = [
      ['partial', { predicate: '(deleted_at IS NULL)' }],
      ['expression', { columns: [0], expressions: 'lower(email)' }],
      ['pattern_ops', { opclasses: '10053' }],
      ['hash', { method: 'hash', opclasses: '1987' }],
    ]
    for (const [name, overrides] of variants) {
      expect(pairs([base, index(name, { oid: 20, ...overrides })]), name).toEqual([])
    }
    // Partial indexes with the same predicate, or expression indexes with the same expressions, are duplicates.
    const p1 = index('p1', { oid: 30, predicate: '(deleted_at IS NULL)' })
    const p2 = index('p2', { oid: 31, predicate: '(deleted_at IS NULL)' })
    expect(pairs([p1, p2])).toEqual(['p2 < p1'])
    const e1 = index('e1', { oid: 40, columns: [0], expressions: 'lower(email)' })
    const e2 = index('e2', { oid: 41, columns: [0], expressions: 'lower(email)' })
    expect(pairs([e1, e2])).toEqual(['e2 < e1'])
  })

  it('compares the operator class of every leading column', () => {
    const prefix = index('prefix', { columns: [1, 2], opclasses: '1978 1978' })
    const wide = index('wide', { columns: [1, 2, 3], opclasses: '1978 10053 1978' })
    expect(pairs([prefix, wide])).toEqual([])
  })

  it('does not pair indexes of different tables', () => {
    const a = index('a', { oid: 10, tableOid: 1 })
    const b = index('b', { oid: 20, tableOid: 2, table: 'other' })
    expect(pairs([a, b])).toEqual([])
  })

  it('ignores invalid indexes on either side', () => {
    const prefix = index('prefix', { columns: [1] })
    const wide = index('wide', { columns: [1, 2], opclasses: '1978 1978', valid: false })
    expect(pairs([prefix, wide])).toEqual([])
    expect(pairs([index('x', { valid: false }), index('y')])).toEqual([])
  })

  it('reports duplicates through analyze with the DROP for the redundant index', () => {
    const findings = run({
      indexes: [index('orders_customer_idx', { oid: 10 }), index('orders_customer_dup_idx', { oid: 20 })],
    })
    const dup = check(findings, 'duplicate-indexes')
    expect(dup.status).toBe('warn')
    expect(dup.detail).toBe(
      '1 index(es) are covered by another: public.orders_customer_dup_idx (covered by orders_customer_idx)',
    )
    expect(dup.fix).toBe('DROP INDEX CONCURRENTLY "public"."orders_customer_dup_idx";')
    expect(check(run({ indexes: [index('only')] }), 'duplicate-indexes').status).toBe('pass')
  })
})

describe('analyze: one plan per index', () => {
  const fk = (attnums: number[], overrides: Partial<ForeignKeyRow> = {}): ForeignKeyRow => ({
    schema: 'public',
    table: 'orders',
    tableOid: 1,
    constraint: 'orders_customer_fk',
    attnums,
    columns: attnums.map((a) => `c${a}`),
    tableBytes: MB,
    ...overrides,
  })
  /** The index names each kind of fixing statement names, over every check. */
  const named = (findings: Findings, statement: string) =>
    findings.checks.flatMap((c) =>
      (c.fix ?? '')
        .split('\n')
        .filter((line) => line.startsWith(statement))
        .map((line) => /"public"\."([^"]+)"/.exec(line)![1]),
    )
  const drops = (findings: Findings) => named(findings, 'DROP INDEX')
  const reindexes = (findings: Findings) => named(findings, 'REINDEX INDEX')

  it('keeps the used copy of two identical indexes and drops the unused one, once', () => {
    const unusedOld = index('orders_old_idx', { scans: 0 })
    const usedNew = index('orders_new_idx', { scans: 500 })
    expect(drops(run({ indexes: [unusedOld, usedNew] }))).toEqual(['orders_old_idx'])
  })

  it('keeps one of two identical unused indexes: never both dropped, never one twice', () => {
    const a = index('orders_a_idx', { scans: 0 })
    const b = index('orders_b_idx', { scans: 0 })
    const findings = run({ indexes: [a, b] })
    expect(drops(findings)).toEqual(['orders_b_idx'])
    expect(check(findings, 'duplicate-indexes').detail).toContain(
      'public.orders_b_idx (covered by orders_a_idx, never scanned either)',
    )
  })

  it('drops a wide unused index rather than the used narrow one it covers', () => {
    const narrow = index('orders_narrow_idx', { columns: [2], scans: 100 })
    const wide = index('orders_wide_idx', { columns: [2, 3], scans: 0 })
    expect(drops(run({ indexes: [narrow, wide] }))).toEqual(['orders_wide_idx'])
  })

  it('never drops the only index behind a foreign key, and says why it keeps it', () => {
    const behindFk = index('orders_customer_idx', { columns: [2], scans: 0 })
    const findings = run({ indexes: [behindFk], foreignKeys: [fk([2])] })
    expect(drops(findings)).toEqual([])
    expect(check(findings, 'unindexed-foreign-keys').status).toBe('pass')
    expect(check(findings, 'unused-indexes').detail).toContain(
      'kept public.orders_customer_idx: the only index behind foreign key orders_customer_fk',
    )
    // Two unused indexes behind one key: one of them stays.
    const second = index('orders_customer2_idx', { columns: [2, 3], scans: 0 })
    expect(drops(run({ indexes: [behindFk, second], foreignKeys: [fk([2])] }))).toHaveLength(1)
  })

  it('does not recommend or plan a REINDEX of an index it recommends dropping', () => {
    const orders = table('orders', { oid: 1 })
    const unusedBloated = index('orders_unused_idx', { scans: 0 })
    const dupBloated = index('orders_dup_idx', { columns: [2], scans: 5 })
    const keeper = index('orders_keeper_idx', { columns: [2], scans: 50 })
    const usedBloated = index('orders_used_idx', { columns: [3], scans: 50 })
    const snap = snapshot({
      tables: [orders],
      indexes: [unusedBloated, dupBloated, keeper, usedBloated],
      indexBloat: [
        bloat(unusedBloated, 0.6),
        bloat(dupBloated, 0.6),
        bloat(keeper, 0.1),
        bloat(usedBloated, 0.6),
      ],
    })
    const findings = analyze(snap, DEFAULTS)
    expect(drops(findings).sort()).toEqual(['orders_dup_idx', 'orders_unused_idx'])
    expect(reindexes(findings)).toEqual(['orders_used_idx'])
    const plan = planMaintenance(snap, findings, { operations: ['reindex'], tables: [], excludeTables: [] })
    expect(plan.flatMap((item) => item.reindex.map((i) => i.name))).toEqual(['orders_used_idx'])
  })

  it('gives an invalid index one statement, never REINDEX and DROP together', () => {
    const invalid = index('orders_invalid_idx', { valid: false, columns: [4] })
    const lines = (check(run({ indexes: [invalid] }), 'invalid-indexes').fix ?? '').split('\n')
    expect(lines).toHaveLength(1)
    expect(/REINDEX/.test(lines[0]) && /DROP/.test(lines[0])).toBe(false)
  })
})

describe('analyze: transaction ID wraparound', () => {
  it('warns past max-xid-age-percent of autovacuum_freeze_max_age', () => {
    const at = (xidAge: number) => check(run({ server: server({ xidAge }) }), 'xid-wraparound')
    expect(at(100_000_000).status).toBe('pass') // exactly 50%
    expect(at(100_000_000).recommendation).toBeUndefined()
    const warn = at(100_000_001)
    expect(warn.status).toBe('warn')
    expect(warn.detail).toBe('100,000,001 (50% of autovacuum_freeze_max_age 200,000,000)')
    expect(warn.recommendation).toMatch(/VACUUM \(FREEZE\)/)
  })

  it('fails at 1,000,000,000 whatever the percentage', () => {
    const at = (xidAge: number) =>
      check(run({ server: server({ xidAge, freezeMaxAge: 2_000_000_000 }) }), 'xid-wraparound')
    expect(WRAPAROUND_DANGER).toBe(1_000_000_000)
    expect(at(999_999_999).status).toBe('pass') // under 50% of 2,000,000,000
    const fail = at(1_000_000_000)
    expect(fail.status).toBe('fail')
    expect(fail.detail).toMatch(/: wraparound is near$/)
  })

  it('judges the multixact age against autovacuum_multixact_freeze_max_age', () => {
    const at = (mxidAge: number, maxXidAgePercent = 50) =>
      check(run({ server: server({ mxidAge }) }, { maxXidAgePercent }), 'mxid-wraparound')
    expect(at(200_000_000).status).toBe('pass') // 50% of 400,000,000
    expect(at(300_000_000).status).toBe('warn')
    expect(at(300_000_000).detail).toContain('autovacuum_multixact_freeze_max_age 400,000,000')
    expect(at(300_000_000, 80).status).toBe('pass')
    expect(at(1_000_000_000).status).toBe('fail')
  })
})

describe('analyze: what holds back VACUUM and freezing', () => {
  const holders = (overrides: Partial<Snapshot['holders']>) => ({
    slots: [],
    replicas: [],
    prepared: [],
    ...overrides,
  })

  it('warns on a prepared transaction older than 5 minutes, with the statement to end it', () => {
    const findings = run({
      holders: holders({
        prepared: [
          { gid: "tx'1", owner: 'app', database: 'app', seconds: 301, xidAge: 5000 },
          { gid: 'fresh', owner: 'app', database: 'app', seconds: 2, xidAge: 10 },
        ],
      }),
    })
    const prepared = check(findings, 'prepared-transactions')
    expect(prepared.status).toBe('warn')
    expect(prepared.detail).toMatch(/^1 prepared transaction\(s\) older than 5m hold/)
    expect(prepared.detail).toContain("tx'1 (app, by app, 5m 1s old, xid age 5,000)")
    expect(prepared.fix).toBe("ROLLBACK PREPARED 'tx''1';  -- or COMMIT PREPARED, as its owner decides")
  })

  it('warns on a replica over a minute behind, and on a standby that far behind', () => {
    const findings = run({
      holders: holders({
        replicas: [
          { name: 'replica1', address: '10.0.0.2', state: 'streaming', replayLagSeconds: 90 },
          { name: 'replica2', address: '10.0.0.3', state: 'streaming', replayLagSeconds: 1 },
        ],
      }),
    })
    const lag = check(findings, 'replication-lag')
    expect(lag.status).toBe('warn')
    expect(lag.detail).toBe('1 replica(s) replay over 1m behind: replica1 (streaming, 1m 30s)')
    const standby = run({ server: server({ standby: true, replayDelaySeconds: 600 }) })
    expect(check(standby, 'replication-lag').status).toBe('warn')
    expect(run().checks.some((c) => c.id === 'replication-lag')).toBe(false)
  })

  it('names the holders and the oldest tables in the wraparound advice', () => {
    const findings = run({
      server: server({ xidAge: 150_000_000 }),
      tables: [table('young', { xidAge: 10 }), table('old', { xidAge: 150_000_000 })],
      holders: holders({
        slots: [{ name: 'gone', type: 'logical', active: false, xminAge: 149_000_000, retainedBytes: 1024 }],
      }),
    })
    const xid = check(findings, 'xid-wraparound')
    expect(xid.status).toBe('warn')
    expect(xid.detail).toContain('oldest: public.old (150,000,000), public.young (10)')
    expect(xid.recommendation).toContain('slot gone (xmin age 149,000,000)')
    expect(check(findings, 'replication-slots').detail).toContain(
      'gone (logical, inactive, 1 KB of WAL kept, xmin age 149,000,000)',
    )
  })
})

describe('analyze: sequences', () => {
  const status = (sequences: SequenceRow[]) => check(run({ sequences }), 'sequences')

  it('warns from 75% of the maximum and fails from 90%', () => {
    expect(status([sequence('s', 74, 100)]).status).toBe('pass')
    expect(status([sequence('s', 75, 100)]).status).toBe('warn')
    expect(status([sequence('s', 89, 100)]).status).toBe('warn')
    expect(status([sequence('s', 90, 100)]).status).toBe('fail')
    expect(status([sequence('a', 80, 100), sequence('b', 95, 100)]).status).toBe('fail')
  })

  it('lists the fullest first, with the owning column', () => {
    const seqs = status([
      sequence('a_id_seq', 80, 100),
      sequence('orders_id_seq', 2_000_000_000, 2_147_483_647, 'orders.id'),
    ])
    expect(seqs.detail).toBe(
      'public.orders_id_seq (orders.id) at 93.1% of 2,147,483,647, public.a_id_seq at 80% of 100',
    )
    expect(seqs.recommendation).toMatch(/bigint/)
  })

  it('warns when the role may not read a sequence, and names the grant', () => {
    const hidden = { ...sequence('secret_seq', null, 2_147_483_647), readable: false }
    const findings = run({ server: server({ user: 'monitor' }), sequences: [hidden] })
    const sequences = check(findings, 'sequences')
    expect(sequences.status).toBe('warn')
    expect(sequences.detail).toContain(
      'but 1 sequence(s) could not be read: role monitor may not SELECT them',
    )
    expect(sequences.fix).toBe('GRANT SELECT ON ALL SEQUENCES IN SCHEMA "public" TO "monitor";')
  })

  it('ignores a sequence that was never used', () => {
    const seqs = status([sequence('fresh', null, 100), sequence('low', 10, 100)])
    expect(seqs.status).toBe('pass')
    expect(seqs.detail).toBe('no sequence is past 75% of its maximum (or of its int4 column)')
    expect(seqs.recommendation).toBeUndefined()
  })
})

describe('analyze: connections', () => {
  const connections = (count: number, overrides: Partial<ServerInfo> = {}) =>
    check(
      run({
        server: server(overrides),
        connections: [
          { state: 'active', count: count - 10 },
          { state: 'idle', count: 10 },
        ],
      }),
      'connections',
    )

  it('warns over max-connections-percent of max_connections less the reserved ones', () => {
    // 100 - 3 reserved = 97 usable: 77 is 79.4%, 78 is 80.4% (of 100 it would be 78%).
    expect(connections(77).status).toBe('pass')
    const warn = connections(78)
    expect(warn.status).toBe('warn')
    expect(warn.detail).toBe('78 of 97 usable connections (80%): 68 active, 10 idle')
    expect(warn.recommendation).toMatch(/pooler/)
  })

  it('does not warn at exactly the percentage', () => {
    expect(connections(80, { maxConnections: 103 }).status).toBe('pass')
    expect(connections(81, { maxConnections: 103 }).status).toBe('warn')
  })

  it('says none when nobody is connected', () => {
    expect(check(run({ connections: [] }), 'connections').detail).toBe(
      '0 of 97 usable connections (0%): none',
    )
  })
})

describe('analyze: cache hit ratio', () => {
  const cache = (blocksHit: number, blocksRead: number) =>
    check(run({ server: server({ blocksHit, blocksRead }) }), 'cache-hit')

  it('warns below min-cache-hit-ratio', () => {
    expect(cache(94, 6).status).toBe('warn')
    expect(cache(94, 6).detail).toBe('94% of block reads were served from shared buffers (minimum 95%)')
    expect(cache(94, 6).recommendation).toMatch(/shared_buffers/)
    expect(cache(95, 5).status).toBe('pass')
    expect(cache(95, 5).recommendation).toBeUndefined()
  })

  it('passes before any block was read', () => {
    expect(cache(0, 0).status).toBe('pass')
    expect(cache(0, 0).detail).toMatch(/^100% /)
  })
})

describe('analyze: sections that could not be read', () => {
  it('turns each error into an unreadable:<name> warning that carries the reason', () => {
    const findings = run({
      errors: {
        'index bloat': 'permission denied for table pg_statistic: grant the role pg_monitor',
        sequences: 'canceling statement due to statement timeout',
      },
    })
    expect(check(findings, 'unreadable:index bloat')).toEqual({
      id: 'unreadable:index bloat',
      title: 'Could not read index bloat',
      status: 'warn',
      detail: 'permission denied for table pg_statistic: grant the role pg_monitor',
    })
    expect(check(findings, 'unreadable:sequences').status).toBe('warn')
    expect(findings.checks.filter((c) => c.id.startsWith('unreadable:'))).toHaveLength(2)
  })
})

describe('analyze: checks whose sections could not be read', () => {
  it('are unknown (warn, no fix), never pass', () => {
    const findings = run({
      tables: [table('orders')],
      foreignKeys: [
        {
          schema: 'public',
          table: 'orders',
          tableOid: 1,
          constraint: 'fk',
          attnums: [2],
          columns: ['customer_id'],
          tableBytes: MB,
        },
      ],
      errors: {
        indexes: 'canceling statement due to statement timeout (the report’s queries stop after 30s)',
      },
    })
    for (const id of [
      'index-bloat',
      'unused-indexes',
      'duplicate-indexes',
      'invalid-indexes',
      'unindexed-foreign-keys',
    ]) {
      const c = check(findings, id)
      expect(c.status).toBe('warn')
      expect(c.detail).toBe('unknown: indexes could not be read (see "Could not read indexes")')
      expect(c.fix).toBeUndefined()
    }
  })
})

describe('analyze: fixing SQL quotes every identifier', () => {
  it('doubles quotes and keeps dots, spaces and capitals inside the quotes', () => {
    const weird = table('we"ird', { deadTuples: 50_000, liveTuples: 50_000 })
    const hostile = table('Mixed Case.Täble', {
      schema: 'we"ird',
      deadTuples: 40_000,
      liveTuples: 40_000,
      lastAnalyze: null,
      lastAutoanalyze: null,
    })
    const unused = index('Ïdx "q"', { schema: 'we"ird', table: 'Mixed Case.Täble', scans: 0 })
    const findings = run({
      tables: [weird, hostile],
      indexes: [unused],
      foreignKeys: [
        {
          schema: 'public',
          table: 'we"ird',
          tableOid: 99,
          constraint: 'fk',
          attnums: [2, 3],
          columns: ['customer "ref"', 'Id'],
          tableBytes: MB,
        },
      ],
      constraints: [{ schema: 'public', table: 'we"ird', name: 'Check "positive"' }],
    })
    expect(check(findings, 'vacuum').fix).toBe(
      'VACUUM (ANALYZE) "public"."we""ird";\nVACUUM (ANALYZE) "we""ird"."Mixed Case.Täble";',
    )
    expect(check(findings, 'never-analyzed').fix).toBe('ANALYZE "we""ird"."Mixed Case.Täble";')
    expect(check(findings, 'unused-indexes').fix).toBe('DROP INDEX CONCURRENTLY "we""ird"."Ïdx ""q""";')
    expect(check(findings, 'unindexed-foreign-keys').fix).toBe(
      'CREATE INDEX CONCURRENTLY ON "public"."we""ird" ("customer ""ref""", "Id");',
    )
    expect(check(findings, 'not-valid-constraints').fix).toBe(
      'ALTER TABLE "public"."we""ird" VALIDATE CONSTRAINT "Check ""positive""";',
    )
  })
})

describe('analyze: top', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, k) => table(`t${k + 1}`, { deadTuples: 100_000 - k, liveTuples: 1000 }))

  it('shows the first top items and says how many more there are', () => {
    const findings = run({ tables: many(12) })
    const vacuum = check(findings, 'vacuum')
    expect(vacuum.detail).toMatch(/^12 table\(s\) over/)
    expect(vacuum.detail).toContain('public.t10 (')
    expect(vacuum.detail).not.toContain('public.t11 (')
    expect(vacuum.detail).toMatch(/ and 2 more$/)
    expect(vacuum.fix!.split('\n')).toHaveLength(10)
    // The candidates themselves are not cut: maintain works through all of them.
    expect(findings.vacuumCandidates).toHaveLength(12)
  })

  it('adds no suffix when everything fits', () => {
    const vacuum = check(run({ tables: many(3) }, { top: 3 }), 'vacuum')
    expect(vacuum.detail).not.toContain('more')
    expect(vacuum.fix!.split('\n')).toHaveLength(3)
  })

  it('applies to every list', () => {
    const findings = run(
      {
        indexes: Array.from({ length: 5 }, (_, k) => index(`u${k}`, { scans: 0, columns: [k + 1] })),
        sequences: Array.from({ length: 4 }, (_, k) => sequence(`s${k}`, 95 - k, 100)),
      },
      { top: 2 },
    )
    expect(check(findings, 'unused-indexes').detail).toMatch(/ and 3 more$/)
    expect(check(findings, 'unused-indexes').fix!.split('\n')).toHaveLength(2)
    expect(check(findings, 'sequences').detail).toMatch(/ and 2 more$/)
  })
})

describe('analyze: tables and exclude-tables', () => {
  it('leaves tables and indexes out of scope out of every finding', () => {
    const audit = table('audit_log', { deadTuples: 50_000, liveTuples: 50_000 })
    const orders = table('orders', { deadTuples: 50_000, liveTuples: 50_000 })
    const auditIdx = index('audit_idx', { table: 'audit_log', tableOid: 2 })
    const findings = run(
      { tables: [audit, orders], indexes: [auditIdx], indexBloat: [bloat(auditIdx, 0.9)] },
      { excludeTables: [parseTablePattern('exclude-tables', 'public.audit_*')] },
    )
    expect(names(findings.vacuumCandidates)).toEqual(['orders'])
    expect(findings.reindexCandidates).toEqual([])
    expect(findings.metrics).toContainEqual({ name: 'dead tuples', value: 50_000, unit: '' })
  })
})

describe('groupDigits', () => {
  it("prints whole numbers as toLocaleString('en-US') does, without Intl", () => {
    const values = [
      0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 2_147_483_647, 9_007_199_254_740_991, -1_234_567,
    ]
    for (const value of values) expect(groupDigits(value)).toBe(value.toLocaleString('en-US'))
    expect(groupDigits(1234.5)).toBe('1,235')
    expect(groupDigits(-0.4)).toBe('0')
  })
})
