// Checks of the bloat estimates: indexes to rebuild, tables to repack, and relations that could not be sized.
import { CheckFunction, ReindexCandidate, Thresholds, check, pct } from './scope.js'
import { IndexBloatRow, NaReason, TableBloatRow } from '../bloat.js'
import { IndexRow, Snapshot } from '../catalog.js'
import { quoteLiteral } from '../format.js'
import { IndexPlan } from '../index-plan.js'
import { inScope } from '../inputs.js'
import { qualified, quoteIdent } from '../../core/postgres.js'
import { Check } from '../../core/report.js'
import { formatSize } from '../../core/units.js'

type BloatEstimateRow = IndexBloatRow | TableBloatRow

/** The indexes whose bloat is estimated: valid btrees of the minimum size that the plan does not drop. */
function estimableIndexes(indexes: IndexRow[], plan: IndexPlan, t: Thresholds): IndexRow[] {
  return indexes.filter(
    (i) =>
      i.valid && !i.building && i.method === 'btree' && i.bytes >= t.minIndexSize && !plan.dropped.has(i.oid),
  )
}

const bloatByOid = (snapshot: Snapshot) => new Map(snapshot.indexBloat.map((b) => [b.indexOid, b]))

/** Estimated indexes over the bloat ratio, most bloat first. */
export function reindexCandidatesOf(
  snapshot: Snapshot,
  indexes: IndexRow[],
  plan: IndexPlan,
  t: Thresholds,
): ReindexCandidate[] {
  const bloat = bloatByOid(snapshot)
  return estimableIndexes(indexes, plan, t)
    .map((index) => ({ index, bloat: bloat.get(index.oid) }))
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
}

/** Index bloat (statistics-based estimate). */
export const indexBloat: CheckFunction = ({ snapshot, indexes, plan, reindexCandidates, t, list }) => {
  const { server } = snapshot
  const bloat = bloatByOid(snapshot)
  const estimable = estimableIndexes(indexes, plan, t)
  const unknownIndexes = unknownEstimates(
    estimable.map((i) => ({ schema: i.schema, estimate: bloat.get(i.oid) })),
    'btree index(es)',
    server,
  )
  const deduplicated = estimable.filter((i) => bloat.get(i.oid)?.deduplicated)
  return check(
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
}

/** Table bloat (statistics-based estimate of the heap); shown only when there is something to say. */
export const tableBloat: CheckFunction = ({ snapshot, t, list }) => {
  const { server } = snapshot
  const tableEstimates = snapshot.tableBloat.filter(
    (b) => inScope(t, b.schema, b.tableName) && b.sizeBytes >= t.minIndexSize,
  )
  const unknownTables = unknownEstimates(
    tableEstimates.map((b) => ({ schema: b.schema, estimate: b })),
    'table(s)',
    server,
  )
  const bloated = snapshot.tableBloat
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
  const padded = bloated.filter((b) => b.padded)
  if (!bloated.length && !unknownTables && !toasted.length) return {}
  const measure = (b: TableBloatRow) =>
    `SELECT * FROM pgstattuple_approx(${quoteLiteral(qualified(b.schema, b.tableName))});`
  const measureToast = (b: TableBloatRow) =>
    `SELECT * FROM pgstattuple((SELECT reltoastrelid::regclass FROM pg_class WHERE oid = ${quoteLiteral(qualified(b.schema, b.tableName))}::regclass));`
  const unreliable = [...padded, ...toasted]
  return check(
    'table-bloat',
    'Bloated tables',
    bloated.length || unknownTables ? 'warn' : 'pass',
    [
      bloated.length
        ? `${bloated.length} table(s) are estimated over 50% bloat: ${list(bloated, (b) => `${b.schema}.${b.tableName} (${formatSize(b.bloatBytes ?? 0)} of ${formatSize(b.sizeBytes)}${b.padded ? '; may count alignment padding as bloat' : ''})`)}`
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
        ...(bloated.length
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
