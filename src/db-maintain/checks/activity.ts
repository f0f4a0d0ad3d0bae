// Checks of how the database is used: sequential scans, slow queries, connections, sessions.
import { CheckFunction, check, n } from './scope.js'
import { Snapshot } from '../catalog.js'
import { formatDuration } from '../../core/units.js'

export const sequentialScans: CheckFunction = ({ tables, list }) => {
  const seqHeavy = tables.filter(
    (x) =>
      x.liveTuples >= 10_000 && x.seqScan > 100 && x.seqScan > x.idxScan && x.seqTupRead / x.seqScan > 1000,
  )
  if (!seqHeavy.length) return {}
  return check(
    'sequential-scans',
    'Large tables read by sequential scans',
    'warn',
    `${seqHeavy.length} large table(s) are read mostly by sequential scans: ${list(seqHeavy, (x) => `${x.schema}.${x.name} (${n(x.seqScan)} seq scans vs ${n(x.idxScan)} index scans, ${n(x.liveTuples)} rows)`)}`,
    {
      recommendation: 'find the queries in the slow query list and add the index they need',
    },
  )
}

/** Whether slow queries can be listed, and the slowest; the lists themselves are tables (summary-tables.ts). */
export const slowQueries: CheckFunction = ({ snapshot: { server, statements } }) => {
  if (!server.pgssInstalled) {
    const preloaded = /pg_stat_statements/.test(server.preloadLibraries)
    return check(
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
  }
  if (!statements) return {}
  const slowest = statements.byMean[0]
  return check(
    'slow-queries',
    'Slow queries',
    'pass',
    slowest
      ? `slowest on average: ${formatDuration(slowest.meanMs)} over ${n(slowest.calls)} calls`
      : 'no statements recorded yet',
  )
}

/** Connections against max_connections (the reserved superuser slots are not for the application). */
export function connectionUse({ connections, server }: Snapshot): {
  used: number
  usable: number
  usedPercent: number
} {
  const used = connections.reduce((sum, c) => sum + c.count, 0)
  const usable = Math.max(1, server.maxConnections - server.reservedConnections)
  return { used, usable, usedPercent: (100 * used) / usable }
}

export const connections: CheckFunction = ({ snapshot, t }) => {
  const { used, usable, usedPercent } = connectionUse(snapshot)
  return check(
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
}

export const longSessions: CheckFunction = ({ snapshot, list }) => {
  const long = snapshot.sessions.filter((s) => s.blockedBy.length === 0)
  if (!long.length) return {}
  return check(
    'long-sessions',
    'Long transactions',
    'warn',
    `${long.length} session(s) idle in a transaction or running over 5 minutes: ${list(long, (s) => `pid ${s.pid} ${s.user}@${s.application || '?'} ${s.state} for ${formatDuration(s.seconds * 1000)}`)}`,
    {
      recommendation:
        'long transactions hold back VACUUM; set idle_in_transaction_session_timeout and fix the code that leaves them open',
    },
  )
}

export const blockedSessions: CheckFunction = ({ snapshot, list }) => {
  const blocked = snapshot.sessions.filter((s) => s.blockedBy.length > 0)
  if (!blocked.length) return {}
  return check(
    'blocked-sessions',
    'Blocked sessions',
    'warn',
    `${blocked.length} session(s) wait for a lock: ${list(blocked, (s) => `pid ${s.pid} (${s.state}, ${formatDuration(Math.max(0, s.seconds) * 1000)}) blocked by pid ${s.blockedBy.join(', ')}`)}`,
  )
}
