import {
  connections,
  blockedSessions,
  longSessions,
  sequentialScans,
  slowQueries,
} from './checks/activity.js'
import { indexBloat, reindexCandidatesOf, tableBloat } from './checks/bloat.js'
import { mxidWraparound, sequences, xidWraparound, xminHolders } from './checks/limits.js'
import {
  duplicateIndexes,
  invalidIndexes,
  notValidConstraints,
  reindexLeftovers,
  unindexedForeignKeys,
  unusedIndexes,
} from './checks/schema.js'
import { CheckFunction, ReindexCandidate, Scope, Thresholds, lister } from './checks/scope.js'
import { cacheHit, serverOverview, unreadable } from './checks/server.js'
import { keyMetrics, slowQueryData, summaryTables } from './checks/summary-tables.js'
import {
  analyzeCandidatesOf,
  autovacuumBehind,
  autovacuumOff,
  deadTuples,
  neverAnalyzed,
  vacuumCandidatesOf,
} from './checks/vacuum.js'
import { Snapshot, TableRow } from './catalog.js'
import { DbMaintainData } from './data.js'
import { planIndexes } from './index-plan.js'
import { inScope } from './inputs.js'
import { Check, Metric, Table } from '../core/report.js'

export type { Thresholds } from './checks/scope.js'

export interface Findings {
  checks: Check[]
  tables: Table[]
  metrics: Metric[]
  /** Tables over both dead-tuple thresholds: what `maintain` vacuums by default. */
  vacuumCandidates: TableRow[]
  /** Tables with rows that were never analyzed: what `maintain` analyzes by default. */
  analyzeCandidates: TableRow[]
  /** Valid btree indexes over the bloat ratio and the minimum size: what `maintain` reindexes. */
  reindexCandidates: ReindexCandidate[]
  /** For the JSON report: what the summary shortens (the slow queries' whole text). */
  data?: Omit<DbMaintainData, 'capacity'>
}

/** The report's checks, in the order it shows them, then the parts that add its tables, metrics and data. */
const PARTS: CheckFunction[] = [
  serverOverview,
  unreadable,
  deadTuples,
  autovacuumBehind,
  autovacuumOff,
  neverAnalyzed,
  indexBloat,
  tableBloat,
  unusedIndexes,
  duplicateIndexes,
  invalidIndexes,
  reindexLeftovers,
  unindexedForeignKeys,
  sequentialScans,
  slowQueries,
  connections,
  longSessions,
  blockedSessions,
  xidWraparound,
  mxidWraparound,
  xminHolders,
  sequences,
  cacheHit,
  notValidConstraints,
  summaryTables,
  keyMetrics,
  slowQueryData,
]

/**
 * Turns a snapshot into recommendations, pghero style: each finding that needs action names what was
 * found, what to do, and the SQL that would do it (printed, never run by the report).
 */
export function analyze(snapshot: Snapshot, t: Thresholds): Findings {
  const scope = scopeOf(snapshot, t)
  const parts = PARTS.map((check) => check(scope))
  const data = parts.find((part) => part.data)?.data
  return {
    checks: markUnknown(
      parts.flatMap((part) => part.checks ?? []),
      snapshot.errors,
    ),
    tables: parts.flatMap((part) => part.tables ?? []),
    metrics: parts.flatMap((part) => part.metrics ?? []),
    vacuumCandidates: scope.vacuumCandidates,
    analyzeCandidates: scope.analyzeCandidates,
    reindexCandidates: scope.reindexCandidates,
    ...(data ? { data } : {}),
  }
}

/** What the checks read, worked out once: the relations in scope, the index plan, the candidates. */
function scopeOf(snapshot: Snapshot, t: Thresholds): Scope {
  const tables = snapshot.tables.filter((x) => inScope(t, x.schema, x.name))
  const indexes = snapshot.indexes.filter((x) => inScope(t, x.schema, x.table))
  // One decision per index: what is dropped (unused or duplicate) is never also rebuilt, and a foreign key
  // always keeps an index behind it.
  const plan = planIndexes(
    indexes,
    snapshot.foreignKeys.filter((f) => inScope(t, f.schema, f.table)),
    t.minIndexSize,
  )
  return {
    snapshot,
    t,
    tables,
    indexes,
    plan,
    vacuumCandidates: vacuumCandidatesOf(tables, t),
    analyzeCandidates: analyzeCandidatesOf(tables),
    reindexCandidates: reindexCandidatesOf(snapshot, indexes, plan, t),
    list: lister(t.top),
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
function markUnknown(checks: Check[], errors: Record<string, string>): Check[] {
  return checks.map((c) => {
    const missing = (NEEDS[c.id] ?? []).filter((name) => errors[name] !== undefined)
    if (missing.length === 0) return c
    return {
      id: c.id,
      title: c.title,
      status: c.status === 'fail' ? 'fail' : 'warn',
      detail: `unknown: ${missing.join(' and ')} could not be read (see "Could not read ${missing[0]}")`,
    }
  })
}
