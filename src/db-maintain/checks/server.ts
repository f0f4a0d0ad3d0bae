// Checks of the server as a whole: what it is, what could not be read, how well its cache serves.
import { CheckFunction, check, pct } from './scope.js'
import { ServerInfo } from '../catalog.js'
import { formatSize } from '../../core/units.js'

export const serverOverview: CheckFunction = ({ snapshot: { server } }) =>
  check(
    'server',
    'Server',
    'pass',
    `PostgreSQL ${server.version}, ${server.standby ? 'a standby (read-only): maintain refuses to run here' : 'primary'}, database ${server.database} is ${formatSize(server.databaseBytes)}`,
  )

/** A section of the catalog that could not be read; the checks built on it say they do not know (findings.ts). */
export const unreadable: CheckFunction = ({ snapshot }) => ({
  checks: Object.entries(snapshot.errors).map(([name, reason]) => ({
    id: `unreadable:${name}`,
    title: `Could not read ${name}`,
    status: 'warn' as const,
    detail: reason,
  })),
})

/** The share of block reads served from shared buffers; 1 before any read. */
export function cacheHitRatio(server: ServerInfo): number {
  const reads = server.blocksHit + server.blocksRead
  return reads === 0 ? 1 : server.blocksHit / reads
}

export const cacheHit: CheckFunction = ({ snapshot: { server }, t }) => {
  const hitRatio = cacheHitRatio(server)
  return check(
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
}
