import { Holders, SessionRow } from './catalog.js'
import { groupDigits, quoteLiteral } from './format.js'
import { Check } from '../core/report.js'
import { formatDuration, formatSize } from '../core/units.js'

/*
 * What keeps VACUUM from removing dead rows and freezing old ones, besides the sessions the report lists:
 * replication slots nobody reads, replicas that lag, prepared transactions nobody finished. The wraparound
 * advice names them; these checks say which ones there are.
 */

/** A replica further behind than this is reported. */
export const MAX_REPLAY_LAG_SECONDS = 60
/** A prepared transaction older than this was most likely forgotten by its transaction manager. */
export const MAX_PREPARED_SECONDS = 5 * 60

const n = groupDigits

export function holderChecks(
  holders: Holders,
  replayDelaySeconds: number | undefined,
  list: <T>(items: T[], show: (item: T) => string) => string,
): Check[] {
  const checks: Check[] = []
  const inactive = holders.slots.filter((s) => !s.active)
  checks.push({
    id: 'replication-slots',
    title: 'Inactive replication slots',
    status: inactive.length ? 'warn' : 'pass',
    detail: inactive.length
      ? `${inactive.length} replication slot(s) nobody reads keep WAL on disk${inactive.some((s) => s.xminAge !== null) ? ' and hold back VACUUM' : ''}: ${list(inactive, slotText)}`
      : holders.slots.length
        ? `every replication slot (${holders.slots.length}) is in use`
        : 'no replication slot',
    ...(inactive.length
      ? {
          recommendation:
            'drop a slot whose consumer is gone (its WAL is freed at once); start the consumer again if it is needed',
          fix: inactive.map((s) => `SELECT pg_drop_replication_slot(${quoteLiteral(s.name)});`).join('\n'),
        }
      : {}),
  })

  // One check, from the primary's side (its replicas) or the standby's own (how far behind it replays).
  const limit = formatDuration(MAX_REPLAY_LAG_SECONDS * 1000)
  const lagCheck = (behind: boolean, detail: string, recommendation?: string): Check => ({
    id: 'replication-lag',
    title: 'Replication lag',
    status: behind ? 'warn' : 'pass',
    detail,
    ...(recommendation ? { recommendation } : {}),
  })
  const lagging = holders.replicas.filter((r) => (r.replayLagSeconds ?? 0) > MAX_REPLAY_LAG_SECONDS)
  if (holders.replicas.length) {
    checks.push(
      lagging.length
        ? lagCheck(
            true,
            `${lagging.length} replica(s) replay over ${limit} behind: ${list(lagging, (r) => `${r.name || r.address || '?'} (${r.state}, ${formatDuration((r.replayLagSeconds ?? 0) * 1000)})`)}`,
            'check the replica (disk, CPU, network); with hot_standby_feedback its queries also hold back VACUUM here',
          )
        : lagCheck(false, `${holders.replicas.length} replica(s), none over ${limit} behind`),
    )
  }
  if (replayDelaySeconds !== undefined) {
    const behind = replayDelaySeconds > MAX_REPLAY_LAG_SECONDS
    checks.push(
      lagCheck(
        behind,
        `this standby last replayed a transaction committed ${formatDuration(Math.max(0, replayDelaySeconds) * 1000)} ago${behind ? ' (or the primary has been idle that long)' : ''}`,
      ),
    )
  }

  const old = holders.prepared.filter((p) => p.seconds > MAX_PREPARED_SECONDS)
  if (holders.prepared.length) {
    checks.push({
      id: 'prepared-transactions',
      title: 'Prepared transactions',
      status: old.length ? 'warn' : 'pass',
      detail: old.length
        ? `${old.length} prepared transaction(s) older than ${formatDuration(MAX_PREPARED_SECONDS * 1000)} hold their locks and hold back VACUUM: ${list(old, preparedText)}`
        : `${holders.prepared.length} prepared transaction(s), none older than ${formatDuration(MAX_PREPARED_SECONDS * 1000)}: ${list(holders.prepared, preparedText)}`,
      ...(old.length
        ? {
            recommendation:
              'ask the transaction manager that prepared them; if it is gone, commit or roll them back by hand',
            fix: old
              .map(
                (p) =>
                  `ROLLBACK PREPARED ${quoteLiteral(p.gid)};  -- or COMMIT PREPARED, as its owner decides`,
              )
              .join('\n'),
          }
        : {}),
    })
  }
  return checks
}

/** The holders worth naming in wraparound advice: what is older than the sessions' usual life. */
export function namedHolders(holders: Holders, sessions: SessionRow[]): string[] {
  return [
    ...holders.slots
      .filter((s) => s.xminAge !== null)
      .map((s) => `slot ${s.name} (xmin age ${n(s.xminAge!)})`),
    ...holders.prepared.map((p) => `prepared transaction ${p.gid} (xid age ${n(p.xidAge)})`),
    ...sessions
      .filter((s) => s.blockedBy.length === 0)
      .map((s) => `pid ${s.pid} (${s.state} for ${formatDuration(s.seconds * 1000)})`),
  ]
}

function slotText(s: Holders['slots'][number]): string {
  const parts = [s.type, 'inactive']
  if (s.retainedBytes !== null) parts.push(`${formatSize(s.retainedBytes)} of WAL kept`)
  if (s.xminAge !== null) parts.push(`xmin age ${n(s.xminAge)}`)
  return `${s.name} (${parts.join(', ')})`
}

function preparedText(p: Holders['prepared'][number]): string {
  return `${p.gid} (${p.database}, by ${p.owner}, ${formatDuration(p.seconds * 1000)} old, xid age ${n(p.xidAge)})`
}
