// Checks of what runs out: transaction and multixact IDs (wraparound), and sequences near their maximum.
import { CheckFunction, Scope, check, n, pct } from './scope.js'
import { TableRow } from '../catalog.js'
import { holderChecks, namedHolders } from '../xmin-holders.js'
import { quoteIdent } from '../../core/postgres.js'
import { Check, Status, worstStatus } from '../../core/report.js'

/** Ages past this many transactions leave less than half of the 2^31 space: wraparound is near. */
export const WRAPAROUND_DANGER = 1_000_000_000

/** The three tables holding the oldest IDs by `age` (what VACUUM (FREEZE) must reach). */
function oldestTables({ snapshot }: Scope, age: (x: TableRow) => number): string {
  return [...snapshot.tables]
    .sort((a, b) => age(b) - age(a))
    .slice(0, 3)
    .map((x) => `${x.schema}.${x.name} (${n(age(x))})`)
    .join(', ')
}

export const xidWraparound: CheckFunction = (scope) => {
  const { server } = scope.snapshot
  return check(
    ...wraparound(
      'xid-wraparound',
      'Transaction ID age',
      server.xidAge,
      server.freezeMaxAge,
      'autovacuum_freeze_max_age',
      scope.t.maxXidAgePercent,
      oldestTables(scope, (x) => x.xidAge),
      namedHolders(scope.snapshot.holders, scope.snapshot.sessions),
    ),
  )
}

export const mxidWraparound: CheckFunction = (scope) => {
  const { server } = scope.snapshot
  return check(
    ...wraparound(
      'mxid-wraparound',
      'Multixact ID age',
      server.mxidAge,
      server.mxidFreezeMaxAge,
      'autovacuum_multixact_freeze_max_age',
      scope.t.maxXidAgePercent,
      oldestTables(scope, (x) => x.mxidAge),
      namedHolders(scope.snapshot.holders, scope.snapshot.sessions),
    ),
  )
}

/** What holds back freezing besides sessions: replication slots, lagging replicas, prepared transactions. */
export const xminHolders: CheckFunction = ({ snapshot, list }) => ({
  checks: holderChecks(snapshot.holders, snapshot.server.replayDelaySeconds, list),
})

export const sequences: CheckFunction = ({ snapshot, list }) => {
  const { server } = snapshot
  const nearMax = snapshot.sequences
    .filter((s) => s.lastValue !== null && s.maxValue > 0)
    .map((s) => ({ ...s, used: s.lastValue! / s.maxValue }))
    .filter((s) => s.used >= 0.75)
    .sort((a, b) => b.used - a.used)
  // Unknown is not "far from the maximum": a sequence this role may not read is counted, with the grant.
  const unreadableSequences = snapshot.sequences.filter((s) => !s.readable)
  return check(
    'sequences',
    'Sequences near their maximum',
    worstStatus([
      ...nearMax.map((s): Status => (s.used >= 0.9 ? 'fail' : 'warn')),
      ...(unreadableSequences.length ? ['warn' as const] : []),
    ]),
    [
      nearMax.length
        ? `${list(nearMax, (s) => `${s.schema}.${s.name}${s.column ? ` (${s.column})` : ''} at ${pct(s.used)} of ${n(s.maxValue)}`)}`
        : 'no sequence is past 75% of its maximum (or of its int4 column)',
      unreadableSequences.length
        ? `but ${unreadableSequences.length} sequence(s) could not be read: role ${server.user} may not SELECT them`
        : '',
    ]
      .filter(Boolean)
      .join('; '),
    {
      ...(nearMax.length ? { recommendation: 'migrate the key column to bigint before it runs out' } : {}),
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
