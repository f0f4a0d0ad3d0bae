import { IndexBloatRow, NaReason, TableBloatRow } from './bloat.js'
import { IndexRow, Snapshot, TableRow, catalogSize } from './catalog.js'
import { groupDigits, quoteLiteral } from './format.js'
import { covers, planIndexes } from './index-plan.js'
import { holderChecks, namedHolders } from './xmin-holders.js'
import { DbMaintainInputs, inScope } from './inputs.js'
import { qualified, quoteIdent } from '../core/postgres.js'
import { Check, Metric, Status, Table, worstStatus } from '../core/report.js'
import { formatDuration, formatSize } from '../core/units.js'

type BloatEstimateRow = IndexBloatRow | TableBloatRow

export { findDuplicateIndexes } from './index-plan.js'

export type Thresholds = Pick<
  DbMaintainInputs,
  | 'deadTupleRatio'
  | 'minDeadTuples'
  | 'indexBloatRatio'
  | 'minIndexSize'
  | 'top'
  | 'maxConnectionsPercent'
  | 'maxXidAgePercent'
  | 'minCacheHitRatio'
  | 'tables'
  | 'excludeTables'
>

/** Ages past this many transactions leave less than half of the 2^31 space: wraparound is near. */
export const WRAPAROUND_DANGER = 1_000_000_000

export interface Findings {
  checks: Check[]
  tables: Table[]
  metrics: Metric[]
  /** Tables over both dead-tuple thresholds: what `maintain` vacuums by default. */
  vacuumCandidates: TableRow[]
  /** Tables with rows that were never analyzed: what `maintain` analyzes by default. */
  analyzeCandidates: TableRow[]
  /** Valid btree indexes over the bloat ratio and the minimum size: what `maintain` reindexes. */
  reindexCandidates: { index: IndexRow; bloatRatio: number; bloatBytes: number }[]
  /** For the JSON report: what the summary shortens (the slow queries' whole text). */
  data?: Record<string, unknown>
}

export { groupDigits }
const n = groupDigits
const pct = (value: number) => `${Math.round(value * 1000) / 10}%`

export function deadRatio(table: TableRow): number {
  const total = table.liveTuples + table.deadTuples
  return total === 0 ? 0 : table.deadTuples / total
}

/**
 * Turns a snapshot into recommendations, pghero style: each finding that needs action names what was
 * found, what to do, and the SQL that would do it (printed, never run by the report).
 */
export function analyze(snapshot: Snapshot, t: Thresholds): Findings {
  const checks: Check[] = []
  const { server } = snapshot
  const tables = snapshot.tables.filter((x) => inScope(t, x.schema, x.name))
  const indexes = snapshot.indexes.filter((x) => inScope(t, x.schema, x.table))
  const add = (id: string, title: string, status: Status, detail: string, extra: Partial<Check> = {}) =>
    checks.push({ id, title, status, detail, ...extra })
  const list = <T>(items: T[], show: (item: T) => string) =>
    items.slice(0, t.top).map(show).join(', ') +
    (items.length > t.top ? ` and ${items.length - t.top} more` : '')

  add(
    'server',
    'Server',
    'pass',
    `PostgreSQL ${server.version}, ${server.standby ? 'a standby (read-only): maintain refuses to run here' : 'primary'}, database ${server.database} is ${formatSize(server.databaseBytes)}`,
  )

  for (const [name, reason] of Object.entries(snapshot.errors)) {
    add(`unreadable:${name}`, `Could not read ${name}`, 'warn', reason)
  }

  // Dead tuples: the runbook's query, with a ratio so small tables do not drown the list.
  const vacuumCandidates = tables
    .filter((x) => x.deadTuples >= t.minDeadTuples && deadRatio(x) >= t.deadTupleRatio)
    .sort((a, b) => b.deadTuples - a.deadTuples)
  add(
    'vacuum',
    'Tables that need VACUUM',
    vacuumCandidates.length ? 'warn' : 'pass',
    vacuumCandidates.length
      ? `${vacuumCandidates.length} table(s) over ${pct(t.deadTupleRatio)} dead and ${n(t.minDeadTuples)} dead rows: ${list(vacuumCandidates, (x) => `${x.schema}.${x.name} (${n(x.deadTuples)} dead, ${pct(deadRatio(x))})`)}`
      : `no table is over ${pct(t.deadTupleRatio)} dead rows with at least ${n(t.minDeadTuples)} of them`,
    vacuumCandidates.length
      ? {
          recommendation: 'run db-maintain with mode: maintain in a maintenance window',
          fix: vacuumCandidates
            .slice(0, t.top)
            .map((x) => `VACUUM (ANALYZE) ${qualified(x.schema, x.name)};`)
            .join('\n'),
        }
      : {},
  )

  // Autovacuum is behind when dead rows exceed its own trigger (threshold + scale factor x rows).
  const overdue = tables.filter(
    (x) =>
      x.deadTuples > server.autovacuumThreshold + server.autovacuumScaleFactor * Math.max(x.reltuples, 0) &&
      !vacuumCandidates.includes(x),
  )
  if (overdue.length) {
    add(
      'autovacuum-behind',
      'Overdue for autovacuum',
      'warn',
      `${overdue.length} table(s) have more dead rows than autovacuum's trigger: ${list(overdue, (x) => `${x.schema}.${x.name} (${n(x.deadTuples)} dead, last autovacuum ${ago(x.lastAutovacuum)})`)}`,
      {
        recommendation:
          'check that autovacuum runs and is not blocked by long transactions; lower autovacuum_vacuum_scale_factor for big tables',
      },
    )
  }

  // Autovacuum off: dead rows pile up and statistics go stale (only anti-wraparound vacuums still run).
  const noAutovacuum = tables.filter((x) => x.autovacuumDisabled)
  add(
    'autovacuum',
    'Autovacuum',
    !server.autovacuum || noAutovacuum.length ? 'warn' : 'pass',
    [
      server.autovacuum
        ? ''
        : 'autovacuum is off for the whole server: only anti-wraparound vacuums run, so dead rows pile up and planner statistics go stale',
      noAutovacuum.length
        ? `switched off (autovacuum_enabled = false) for ${noAutovacuum.length} table(s): ${list(noAutovacuum, (x) => `${x.schema}.${x.name}`)}`
        : '',
    ]
      .filter(Boolean)
      .join('; ') || 'autovacuum is on, for every table',
    !server.autovacuum || noAutovacuum.length
      ? {
          recommendation:
            'switch it back on; if it was off to keep it away from busy hours, tune autovacuum_vacuum_cost_limit instead',
          fix: [
            ...(server.autovacuum ? [] : ['ALTER SYSTEM SET autovacuum = on;', 'SELECT pg_reload_conf();']),
            ...noAutovacuum
              .slice(0, t.top)
              .map((x) => `ALTER TABLE ${qualified(x.schema, x.name)} RESET (autovacuum_enabled);`),
          ].join('\n'),
        }
      : {},
  )

  const analyzeCandidates = tables.filter(
    (x) => !x.lastAnalyze && !x.lastAutoanalyze && (x.liveTuples > 0 || x.reltuples > 0),
  )
  add(
    'never-analyzed',
    'Tables never analyzed',
    analyzeCandidates.length ? 'warn' : 'pass',
    analyzeCandidates.length
      ? `${analyzeCandidates.length} table(s) with rows have no planner statistics: ${list(analyzeCandidates, (x) => `${x.schema}.${x.name}`)}`
      : 'every table with rows has been analyzed',
    analyzeCandidates.length
      ? {
          fix: analyzeCandidates
            .slice(0, t.top)
            .map((x) => `ANALYZE ${qualified(x.schema, x.name)};`)
            .join('\n'),
        }
      : {},
  )

  // One decision per index: what is dropped (unused or duplicate) is never also rebuilt, and a foreign key
  // always keeps an index behind it.
  const plan = planIndexes(
    indexes,
    snapshot.foreignKeys.filter((f) => inScope(t, f.schema, f.table)),
    t.minIndexSize,
  )

  // Index bloat (statistics-based estimate).
  const bloatByOid = new Map(snapshot.indexBloat.map((b) => [b.indexOid, b]))
  const estimable = indexes.filter(
    (i) =>
      i.valid && !i.building && i.method === 'btree' && i.bytes >= t.minIndexSize && !plan.dropped.has(i.oid),
  )
  const unknownIndexes = unknownEstimates(
    estimable.map((i) => ({ schema: i.schema, estimate: bloatByOid.get(i.oid) })),
    'btree index(es)',
    server,
  )
  const deduplicated = estimable.filter((i) => bloatByOid.get(i.oid)?.deduplicated)
  const reindexCandidates = estimable
    .map((index) => ({ index, bloat: bloatByOid.get(index.oid) }))
    .filter(
      ({ bloat }) =>
        bloat && !bloat.isNa && bloat.bloatRatio !== null && bloat.bloatRatio >= t.indexBloatRatio,
    )
    .map(({ index, bloat }) => ({
      index,
      bloatRatio: bloat!.bloatRatio!,
      bloatBytes: bloat!.bloatBytes ?? 0,
    }))
    .sort((a, b) => b.bloatBytes - a.bloatBytes)
  add(
    'index-bloat',
    'Bloated indexes',
    reindexCandidates.length || unknownIndexes ? 'warn' : 'pass',
    (reindexCandidates.length
      ? `${reindexCandidates.length} index(es) over ${pct(t.indexBloatRatio)} estimated bloat and ${formatSize(t.minIndexSize)}: ${list(reindexCandidates, (c) => `${c.index.schema}.${c.index.name} (${pct(c.bloatRatio)} of ${formatSize(c.index.bytes)})`)}`
      : `no estimated btree index of ${formatSize(t.minIndexSize)} or more is over ${pct(t.indexBloatRatio)} bloat`) +
      (deduplicated.length
        ? `; ${list(deduplicated, (i) => `${i.schema}.${i.name}`)} ${deduplicated.length === 1 ? 'holds' : 'hold'} deduplicated keys (PostgreSQL 13+), so ${deduplicated.length === 1 ? 'its' : 'their'} bloat is under-estimated`
        : '') +
      (unknownIndexes ? `; ${unknownIndexes.detail}` : ''),
    withUnknown(
      joinAdvice(
        reindexCandidates.length
          ? {
              recommendation: 'rebuild online with mode: maintain and operations: reindex',
              fix: reindexCandidates
                .slice(0, t.top)
                .map((c) => `REINDEX INDEX CONCURRENTLY ${qualified(c.index.schema, c.index.name)};`)
                .join('\n'),
            }
          : {},
        measurable(
          server,
          deduplicated.length > 0,
          deduplicated
            .slice(0, t.top)
            .map((i) => `SELECT * FROM pgstatindex(${quoteLiteral(qualified(i.schema, i.name))});`),
        ),
      ),
      unknownIndexes,
    ),
  )

  const tableEstimates = snapshot.tableBloat.filter(
    (b) => inScope(t, b.schema, b.tableName) && b.sizeBytes >= t.minIndexSize,
  )
  const unknownTables = unknownEstimates(
    tableEstimates.map((b) => ({ schema: b.schema, estimate: b })),
    'table(s)',
    server,
  )
  const tableBloat = snapshot.tableBloat
    .filter(
      (b) =>
        inScope(t, b.schema, b.tableName) &&
        !b.isNa &&
        (b.bloatRatio ?? 0) >= 0.5 &&
        (b.bloatBytes ?? 0) >= t.minIndexSize,
    )
    .sort((a, b) => (b.bloatBytes ?? 0) - (a.bloatBytes ?? 0))
  // TOAST (out-of-line values) is outside the heap estimate: its size is reported beside it.
  const toasted = tableEstimates
    .filter((b) => (b.toastBytes ?? 0) > 0 && (b.toastBytes ?? 0) >= t.minIndexSize)
    .sort((a, b) => (b.toastBytes ?? 0) - (a.toastBytes ?? 0))
  const padded = tableBloat.filter((b) => b.padded)
  if (tableBloat.length || unknownTables || toasted.length) {
    const measure = (b: TableBloatRow) =>
      `SELECT * FROM pgstattuple_approx(${quoteLiteral(qualified(b.schema, b.tableName))});`
    const measureToast = (b: TableBloatRow) =>
      `SELECT * FROM pgstattuple((SELECT reltoastrelid::regclass FROM pg_class WHERE oid = ${quoteLiteral(qualified(b.schema, b.tableName))}::regclass));`
    const unreliable = [...padded, ...toasted]
    add(
      'table-bloat',
      'Bloated tables',
      tableBloat.length || unknownTables ? 'warn' : 'pass',
      [
        tableBloat.length
          ? `${tableBloat.length} table(s) are estimated over 50% bloat: ${list(tableBloat, (b) => `${b.schema}.${b.tableName} (${formatSize(b.bloatBytes ?? 0)} of ${formatSize(b.sizeBytes)}${b.padded ? '; may count alignment padding as bloat' : ''})`)}`
          : 'no table is estimated over 50% bloat',
        unknownTables?.detail ?? '',
        toasted.length
          ? `TOAST is not estimated: ${list(toasted, (b) => `${b.schema}.${b.tableName} (${formatSize(b.toastBytes ?? 0)} of TOAST)`)}`
          : '',
      ]
        .filter(Boolean)
        .join('; '),
      withUnknown(
        {
          ...(tableBloat.length
            ? {
                recommendation:
                  'VACUUM FULL would lock the table for its whole run (this action never does it); use pg_repack or pg_squeeze online, or let regular VACUUM reuse the space',
              }
            : {}),
          ...measurable(server, unreliable.length > 0, [
            ...padded.slice(0, t.top).map(measure),
            ...toasted.slice(0, t.top).map(measureToast),
          ]),
        },
        unknownTables,
      ),
    )
  }

  const { unused } = plan
  const since = server.statsReset ? ` since statistics were reset ${ago(server.statsReset)}` : ''
  const kept = plan.keptForForeignKey.map(
    (k) => `kept ${k.index.schema}.${k.index.name}: the only index behind foreign key ${k.constraint}`,
  )
  add(
    'unused-indexes',
    'Unused indexes',
    unused.length ? 'warn' : 'pass',
    (unused.length
      ? `${unused.length} index(es) of ${formatSize(t.minIndexSize)} or more were never scanned${since}: ${list(unused, (i) => `${i.schema}.${i.name} (${formatSize(i.bytes)})`)}`
      : `no unused index of ${formatSize(t.minIndexSize)} or more${since}`) +
      kept.map((k) => `; ${k}`).join(''),
    unused.length
      ? {
          recommendation: 'check replicas too (their scans are not counted here), then drop',
          fix: unused
            .slice(0, t.top)
            .map((i) => `DROP INDEX CONCURRENTLY ${qualified(i.schema, i.name)};`)
            .join('\n'),
        }
      : {},
  )

  const { duplicates } = plan
  add(
    'duplicate-indexes',
    'Duplicate indexes',
    duplicates.length ? 'warn' : 'pass',
    duplicates.length
      ? `${duplicates.length} index(es) are covered by another: ${list(duplicates, (d) => `${d.redundant.schema}.${d.redundant.name} (covered by ${d.covering.name}${d.covering.scans === 0 ? ', never scanned either' : ''})`)}`
      : 'no index is covered by another',
    duplicates.length
      ? {
          fix: duplicates
            .slice(0, t.top)
            .map((d) => `DROP INDEX CONCURRENTLY ${qualified(d.redundant.schema, d.redundant.name)};`)
            .join('\n'),
        }
      : {},
  )

  checks.push(...invalidIndexChecks(indexes, list, t.top))

  const fks = plan.unindexedForeignKeys
  add(
    'unindexed-foreign-keys',
    'Foreign keys without an index',
    fks.length ? 'warn' : 'pass',
    fks.length
      ? `${fks.length} foreign key(s) have no index on their columns, so deletes and updates on the referenced table scan the whole table: ${list(fks, (f) => `${f.schema}.${f.table} (${f.columns.join(', ')})`)}`
      : 'every foreign key has a supporting index',
    fks.length
      ? {
          fix: fks
            .slice(0, t.top)
            .map(
              (f) =>
                `CREATE INDEX CONCURRENTLY ON ${qualified(f.schema, f.table)} (${f.columns.map((c) => quoteIdent(c)).join(', ')});`,
            )
            .join('\n'),
        }
      : {},
  )

  const seqHeavy = tables.filter(
    (x) =>
      x.liveTuples >= 10_000 && x.seqScan > 100 && x.seqScan > x.idxScan && x.seqTupRead / x.seqScan > 1000,
  )
  if (seqHeavy.length) {
    add(
      'sequential-scans',
      'Large tables read by sequential scans',
      'warn',
      `${seqHeavy.length} large table(s) are read mostly by sequential scans: ${list(seqHeavy, (x) => `${x.schema}.${x.name} (${n(x.seqScan)} seq scans vs ${n(x.idxScan)} index scans, ${n(x.liveTuples)} rows)`)}`,
      {
        recommendation: 'find the queries in the slow query list and add the index they need',
      },
    )
  }

  if (!server.pgssInstalled) {
    const preloaded = /pg_stat_statements/.test(server.preloadLibraries)
    add(
      'slow-queries',
      'Slow queries',
      'pass',
      `pg_stat_statements is not installed in ${server.database}, so slow queries cannot be listed`,
      {
        recommendation: preloaded
          ? 'run CREATE EXTENSION pg_stat_statements; in this database'
          : 'add pg_stat_statements to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements;',
      },
    )
  } else if (snapshot.statements) {
    const slowest = snapshot.statements.byMean[0]
    add(
      'slow-queries',
      'Slow queries',
      'pass',
      slowest
        ? `slowest on average: ${formatDuration(slowest.meanMs)} over ${n(slowest.calls)} calls`
        : 'no statements recorded yet',
    )
  }

  // Connections against max_connections (the reserved superuser slots are not for the application).
  const used = snapshot.connections.reduce((sum, c) => sum + c.count, 0)
  const usable = Math.max(1, server.maxConnections - server.reservedConnections)
  const usedPercent = (100 * used) / usable
  add(
    'connections',
    'Connections',
    usedPercent > t.maxConnectionsPercent ? 'warn' : 'pass',
    `${used} of ${usable} usable connections (${Math.round(usedPercent)}%): ${snapshot.connections.map((c) => `${c.count} ${c.state}`).join(', ') || 'none'}`,
    usedPercent > t.maxConnectionsPercent
      ? {
          recommendation:
            'put a pooler (PgBouncer) in front, or check the application pool sizes and timeouts',
        }
      : {},
  )

  const longSessions = snapshot.sessions.filter((s) => s.blockedBy.length === 0)
  if (longSessions.length) {
    add(
      'long-sessions',
      'Long transactions',
      'warn',
      `${longSessions.length} session(s) idle in a transaction or running over 5 minutes: ${list(longSessions, (s) => `pid ${s.pid} ${s.user}@${s.application || '?'} ${s.state} for ${formatDuration(s.seconds * 1000)}`)}`,
      {
        recommendation:
          'long transactions hold back VACUUM; set idle_in_transaction_session_timeout and fix the code that leaves them open',
      },
    )
  }
  const blocked = snapshot.sessions.filter((s) => s.blockedBy.length > 0)
  if (blocked.length) {
    add(
      'blocked-sessions',
      'Blocked sessions',
      'warn',
      `${blocked.length} session(s) wait for a lock: ${list(blocked, (s) => `pid ${s.pid} (${s.state}, ${formatDuration(Math.max(0, s.seconds) * 1000)}) blocked by pid ${s.blockedBy.join(', ')}`)}`,
    )
  }

  // Which tables hold the database's oldest IDs (what VACUUM (FREEZE) must reach), and what holds freezing back.
  const oldest = (age: (x: TableRow) => number) =>
    [...snapshot.tables]
      .sort((a, b) => age(b) - age(a))
      .slice(0, 3)
      .map((x) => `${x.schema}.${x.name} (${n(age(x))})`)
      .join(', ')
  const holders = namedHolders(snapshot.holders, snapshot.sessions)
  add(
    ...wraparound(
      'xid-wraparound',
      'Transaction ID age',
      server.xidAge,
      server.freezeMaxAge,
      'autovacuum_freeze_max_age',
      t.maxXidAgePercent,
      oldest((x) => x.xidAge),
      holders,
    ),
  )
  add(
    ...wraparound(
      'mxid-wraparound',
      'Multixact ID age',
      server.mxidAge,
      server.mxidFreezeMaxAge,
      'autovacuum_multixact_freeze_max_age',
      t.maxXidAgePercent,
      oldest((x) => x.mxidAge),
      holders,
    ),
  )
  checks.push(...holderChecks(snapshot.holders, server.replayDelaySeconds, list))

  const sequences = snapshot.sequences
    .filter((s) => s.lastValue !== null && s.maxValue > 0)
    .map((s) => ({ ...s, used: s.lastValue! / s.maxValue }))
    .filter((s) => s.used >= 0.75)
    .sort((a, b) => b.used - a.used)
  // Unknown is not "far from the maximum": a sequence this role may not read is counted, with the grant.
  const unreadableSequences = snapshot.sequences.filter((s) => !s.readable)
  add(
    'sequences',
    'Sequences near their maximum',
    worstStatus([
      ...sequences.map((s): Status => (s.used >= 0.9 ? 'fail' : 'warn')),
      ...(unreadableSequences.length ? ['warn' as const] : []),
    ]),
    [
      sequences.length
        ? `${list(sequences, (s) => `${s.schema}.${s.name}${s.column ? ` (${s.column})` : ''} at ${pct(s.used)} of ${n(s.maxValue)}`)}`
        : 'no sequence is past 75% of its maximum (or of its int4 column)',
      unreadableSequences.length
        ? `but ${unreadableSequences.length} sequence(s) could not be read: role ${server.user} may not SELECT them`
        : '',
    ]
      .filter(Boolean)
      .join('; '),
    {
      ...(sequences.length ? { recommendation: 'migrate the key column to bigint before it runs out' } : {}),
      ...(unreadableSequences.length
        ? {
            fix: [...new Set(unreadableSequences.map((s) => s.schema))]
              .map(
                (schema) =>
                  `GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(server.user)};`,
              )
              .join('\n'),
          }
        : {}),
    },
  )

  const reads = server.blocksHit + server.blocksRead
  const hitRatio = reads === 0 ? 1 : server.blocksHit / reads
  add(
    'cache-hit',
    'Cache hit ratio',
    hitRatio < t.minCacheHitRatio ? 'warn' : 'pass',
    `${pct(hitRatio)} of block reads were served from shared buffers (minimum ${pct(t.minCacheHitRatio)})`,
    hitRatio < t.minCacheHitRatio
      ? {
          recommendation: 'the working set does not fit in memory: raise shared_buffers or the instance size',
        }
      : {},
  )

  const constraints = snapshot.constraints.filter((c) => inScope(t, c.schema, c.table))
  if (constraints.length) {
    add(
      'not-valid-constraints',
      'Constraints not validated',
      'warn',
      `${constraints.length} constraint(s) were added NOT VALID and never validated: ${list(constraints, (c) => `${c.schema}.${c.table}.${c.name}`)}`,
      {
        fix: constraints
          .slice(0, t.top)
          .map(
            (c) => `ALTER TABLE ${qualified(c.schema, c.table)} VALIDATE CONSTRAINT ${quoteIdent(c.name)};`,
          )
          .join('\n'),
      },
    )
  }

  markUnknown(checks, snapshot.errors)

  return {
    checks,
    tables: summaryTables(snapshot, tables, t),
    metrics: [
      { name: 'dead tuples', value: tables.reduce((sum, x) => sum + x.deadTuples, 0), unit: '' },
      { name: 'tables over threshold', value: vacuumCandidates.length, unit: '' },
      { name: 'database size', value: server.databaseBytes, unit: 'bytes' },
      { name: 'connections used', value: Math.round(usedPercent * 10) / 10, unit: '%' },
      { name: 'transaction ID age', value: server.xidAge, unit: '' },
      { name: 'cache hit ratio', value: Math.round(hitRatio * 10000) / 10000, unit: '' },
    ],
    vacuumCandidates,
    analyzeCandidates,
    reindexCandidates,
    ...(snapshot.statements ? { data: { slowQueries: snapshot.statements } } : {}),
  }
}

/** `<index>_ccnew` / `_ccold` (maybe numbered): what an interrupted or failed REINDEX CONCURRENTLY leaves. */
const LEFTOVER = /^(.*)_cc(new|old)\d*$/

/**
 * Invalid indexes, one statement each. A leftover of REINDEX CONCURRENTLY is dropped. A unique index most
 * likely failed on duplicate keys: rebuilding it (REINDEX CONCURRENTLY) fails again the same way and leaves
 * a `_ccnew` copy, so it is dropped, to be built again once the duplicates are gone. Any other is rebuilt,
 * unless a valid index already does its work.
 */
function invalidIndexChecks(
  indexes: IndexRow[],
  list: <T>(items: T[], show: (item: T) => string) => string,
  top: number,
): Check[] {
  const invalid = indexes.filter((i) => !i.valid && !i.building)
  const leftovers = invalid.filter((i) => LEFTOVER.test(i.name))
  const others = invalid.filter((i) => !LEFTOVER.test(i.name))
  const drop = (i: IndexRow) => `DROP INDEX CONCURRENTLY ${qualified(i.schema, i.name)};`
  const covered = (i: IndexRow) => indexes.some((v) => v.valid && covers(v, { ...i, valid: true }))
  const why = (i: IndexRow) =>
    i.unique
      ? 'unique: its build most likely failed on duplicate keys'
      : covered(i)
        ? 'a valid index does its work'
        : ''
  const checks: Check[] = [
    {
      id: 'invalid-indexes',
      title: 'Invalid indexes',
      status: others.length ? 'warn' : 'pass',
      detail: others.length
        ? `${others.length} index(es) are invalid (left by a failed CREATE INDEX CONCURRENTLY) and never used: ${list(others, (i) => `${i.schema}.${i.name}${why(i) ? ` (${why(i)})` : ''}`)}`
        : leftovers.length
          ? 'no invalid index but the leftovers of REINDEX CONCURRENTLY'
          : 'no invalid index',
      ...(others.length
        ? {
            recommendation:
              'drop a unique one (REINDEX CONCURRENTLY would fail again on the duplicate keys and leave a _ccnew copy), remove the duplicates, and build it again; rebuild any other, or drop it if it is not needed',
            fix: others
              .slice(0, top)
              .map((i) =>
                i.unique
                  ? [
                      drop(i),
                      ...(i.definition
                        ? [`-- once the duplicate keys are gone: ${concurrently(i.definition)};`]
                        : []),
                    ].join('\n')
                  : covered(i)
                    ? drop(i)
                    : `REINDEX INDEX CONCURRENTLY ${qualified(i.schema, i.name)};`,
              )
              .join('\n'),
          }
        : {}),
    },
  ]
  if (leftovers.length) {
    const what = (i: IndexRow) => {
      const [, of, kind] = LEFTOVER.exec(i.name)!
      return kind === 'new'
        ? `a rebuild of ${of} that failed or was interrupted: ${of} itself is unchanged`
        : `the old copy of ${of}, left when its rebuild was interrupted at the very end: the new ${of} is in place`
    }
    checks.push({
      id: 'reindex-leftovers',
      title: 'Leftovers of REINDEX CONCURRENTLY',
      status: 'warn',
      detail: `${leftovers.length} invalid index(es) left by REINDEX CONCURRENTLY, never used but still updated by every write: ${list(leftovers, (i) => `${i.schema}.${i.name} (${what(i)})`)}`,
      recommendation: 'drop them',
      fix: leftovers.slice(0, top).map(drop).join('\n'),
    })
  }
  return checks
}

/** pg_get_indexdef's CREATE [UNIQUE] INDEX as the online CREATE ... INDEX CONCURRENTLY. */
function concurrently(definition: string): string {
  return definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY ')
}

/** Relations whose bloat could not be estimated, and what would let the next run estimate them. */
interface Unknown {
  detail: string
  recommendation: string
  fix?: string
}

const REASONS: Record<NaReason | 'unread', string> = {
  hidden: '', // phrased with the role's name below
  'never analyzed': 'never analyzed (run ANALYZE)',
  'no statistics': 'columns without statistics (run ANALYZE)',
  'name column': 'a column of type name, which the method cannot size',
  invalid: 'invalid',
  unread: 'the estimate could not be read',
}

/**
 * Unknown is not "no bloat": counts the relations the estimate could not size, by reason. When the role
 * may not read the column statistics (pg_monitor may not: pg_stats shows a column only to roles that may
 * SELECT it), names the grant that fixes it.
 */
function unknownEstimates(
  relations: { schema: string; estimate?: BloatEstimateRow }[],
  what: string,
  server: Snapshot['server'],
): Unknown | undefined {
  const unknown = relations.filter((r) => !r.estimate || r.estimate.isNa || r.estimate.bloatRatio === null)
  if (unknown.length === 0) return undefined
  const byReason = new Map<NaReason | 'unread', number>()
  for (const r of unknown) {
    const reason = r.estimate ? (r.estimate.naReason ?? 'no statistics') : 'unread'
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1)
  }
  const reasons = [...byReason].map(([reason, count]) =>
    reason === 'hidden'
      ? `${count}: role ${server.user} may not read their column statistics (pg_stats shows a column only to roles that may SELECT it)`
      : `${count}: ${REASONS[reason]}`,
  )
  const detail = `${unknown.length} of ${relations.length} ${what} could not be estimated (${reasons.join('; ')})`
  if (!byReason.has('hidden'))
    return { detail, recommendation: 'run ANALYZE on them (mode: maintain, operations: analyze)' }
  const schemas = [...new Set(unknown.filter((r) => r.estimate?.naReason === 'hidden').map((r) => r.schema))]
  const role = quoteIdent(server.user)
  const readAll = server.versionNum >= 140000
  return {
    detail,
    recommendation:
      `let ${server.user} read the column statistics: GRANT SELECT ON the tables (or ALL TABLES IN SCHEMA)` +
      `${readAll ? ', or GRANT pg_read_all_data' : ''}, or run the report as the tables' owner; ` +
      'either grant lets the role read the rows too, which pg_monitor alone does not',
    fix: [
      ...schemas.map((schema) => `GRANT SELECT ON ALL TABLES IN SCHEMA ${quoteIdent(schema)} TO ${role};`),
      ...(readAll ? [`-- or, for every table at once: GRANT pg_read_all_data TO ${role};`] : []),
    ].join('\n'),
  }
}

/** A check's recommendation and fix, with what would make the unknown estimates known appended. */
function withUnknown(extra: Partial<Check>, unknown: Unknown | undefined): Partial<Check> {
  return unknown ? joinAdvice(extra, unknown) : extra
}

/** Two recommendations and fixes as one; empty parts left out. */
function joinAdvice(a: Partial<Check>, b: Partial<Check>): Partial<Check> {
  const recommendation = [a.recommendation, b.recommendation].filter(Boolean).join('; ')
  const fix = [a.fix, b.fix].filter(Boolean).join('\n')
  return { ...(recommendation ? { recommendation } : {}), ...(fix ? { fix } : {}) }
}

/**
 * Where an estimate is known to be unreliable: the pgstattuple statements that measure it (they read the
 * relation, so they are offered, never run), or how to get them.
 */
function measurable(server: Snapshot['server'], unreliable: boolean, statements: string[]): Partial<Check> {
  if (!unreliable) return {}
  return server.pgstattupleInstalled
    ? {
        recommendation:
          'measure the unreliable estimates with pgstattuple before acting (it reads the relation)',
        fix: statements.join('\n'),
      }
    : {
        recommendation:
          'to measure the unreliable estimates, CREATE EXTENSION pgstattuple (pgstattuple_approx, pgstatindex)',
      }
}

/** The sections each check is judged from: when one could not be read, the check does not know. */
const NEEDS: Record<string, string[]> = {
  'index-bloat': ['indexes', 'index bloat'],
  'unused-indexes': ['indexes', 'foreign keys'],
  'duplicate-indexes': ['indexes', 'foreign keys'],
  'invalid-indexes': ['indexes'],
  'unindexed-foreign-keys': ['indexes', 'foreign keys'],
  'table-bloat': ['table bloat'],
  sequences: ['sequences'],
}

/** A check whose sections could not be read is unknown, never pass, and offers no fix built on half the facts. */
function markUnknown(checks: Check[], errors: Record<string, string>): void {
  for (const [k, c] of checks.entries()) {
    const missing = (NEEDS[c.id] ?? []).filter((name) => errors[name] !== undefined)
    if (missing.length === 0) continue
    checks[k] = {
      id: c.id,
      title: c.title,
      status: c.status === 'fail' ? 'fail' : 'warn',
      detail: `unknown: ${missing.join(' and ')} could not be read (see "Could not read ${missing[0]}")`,
    }
  }
}

function wraparound(
  id: string,
  title: string,
  age: number,
  maxAge: number,
  setting: string,
  warnPercent: number,
  oldestTables: string,
  holders: string[],
): [string, string, Status, string, Partial<Check>] {
  const percent = (100 * age) / Math.max(1, maxAge)
  const status: Status = age >= WRAPAROUND_DANGER ? 'fail' : percent > warnPercent ? 'warn' : 'pass'
  const detail =
    `${n(age)} (${Math.round(percent)}% of ${setting} ${n(maxAge)})` +
    (oldestTables ? `; oldest: ${oldestTables}` : '')
  return [
    id,
    title,
    status,
    status === 'fail' ? `${detail}: wraparound is near` : detail,
    status === 'pass'
      ? {}
      : {
          recommendation:
            (holders.length
              ? `end what holds back freezing (${holders.slice(0, 5).join(', ')})`
              : 'find what holds back freezing (long transactions, replication slots, prepared transactions; none is open now)') +
            ' and VACUUM (FREEZE) the oldest tables',
        },
  ]
}

function summaryTables(snapshot: Snapshot, tables: TableRow[], t: Thresholds): Table[] {
  const out: Table[] = [
    {
      title: 'Tables by dead tuples',
      columns: ['Table', 'Dead', 'Live', 'Dead %', 'Last vacuum', 'Last autovacuum', 'Last analyze'],
      rows: [...tables]
        .sort((a, b) => b.deadTuples - a.deadTuples)
        .slice(0, t.top)
        .map((x) => [
          `${x.schema}.${x.name}`,
          n(x.deadTuples),
          n(x.liveTuples),
          pct(deadRatio(x)),
          ago(x.lastVacuum),
          ago(x.lastAutovacuum),
          ago(x.lastAnalyze ?? x.lastAutoanalyze),
        ]),
    },
    {
      title: `Largest tables (database ${formatSize(snapshot.server.databaseBytes)})`,
      columns: ['Table', 'Total size', 'Table size', 'TOAST', 'Rows'],
      rows: [...tables]
        .sort((a, b) => b.totalBytes - a.totalBytes)
        .slice(0, t.top)
        .map((x) => [
          `${x.schema}.${x.name}`,
          sizeOrUnknown(catalogSize(x)),
          sizeOrUnknown(catalogSize(x) === undefined ? undefined : x.tableBytes),
          formatSize(x.toastBytes),
          n(x.liveTuples),
        ]),
    },
  ]
  if (snapshot.statements) {
    const rows = (list: typeof snapshot.statements.byTotal) =>
      list.map((s) => [
        shorten(s.query, QUERY_WIDTH),
        n(s.calls),
        formatDuration(s.totalMs),
        formatDuration(s.meanMs),
      ])
    out.push({
      title: 'Slow queries by total time',
      columns: ['Query', 'Calls', 'Total', 'Mean'],
      rows: rows(snapshot.statements.byTotal),
    })
    out.push({
      title: 'Slow queries by mean time',
      columns: ['Query', 'Calls', 'Total', 'Mean'],
      rows: rows(snapshot.statements.byMean),
    })
  }
  if (snapshot.sessions.length) {
    out.push({
      title: 'Sessions to look at',
      columns: ['PID', 'User', 'Application', 'State', 'For', 'Blocked by', 'Query'],
      rows: snapshot.sessions.map((s) => [
        String(s.pid),
        s.user,
        s.application,
        s.state,
        formatDuration(s.seconds * 1000),
        s.blockedBy.join(', '),
        s.query.slice(0, 120),
      ]),
    })
  }
  return out
}

/** How many characters of a query the summary shows; the JSON report has the whole text. */
export const QUERY_WIDTH = 80

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}

/** A size, or 'not measured' when the catalog does not know it. */
export function sizeOrUnknown(bytes: number | undefined): string {
  return bytes === undefined ? 'not measured' : formatSize(bytes)
}

function ago(date: Date | null): string {
  if (!date) return 'never'
  return `${formatDuration(Date.now() - new Date(date).getTime())} ago`
}
