// Checks of what VACUUM and ANALYZE keep up: dead rows, autovacuum, planner statistics.
import { CheckFunction, Thresholds, ago, check, deadRatio, n, pct } from './scope.js'
import { TableRow } from '../catalog.js'
import { qualified } from '../../core/postgres.js'

/** Tables over both dead-tuple thresholds (a ratio, so small tables do not drown the list), most first. */
export function vacuumCandidatesOf(tables: TableRow[], t: Thresholds): TableRow[] {
  return tables
    .filter((x) => x.deadTuples >= t.minDeadTuples && deadRatio(x) >= t.deadTupleRatio)
    .sort((a, b) => b.deadTuples - a.deadTuples)
}

/** Tables with rows and no planner statistics. */
export function analyzeCandidatesOf(tables: TableRow[]): TableRow[] {
  return tables.filter((x) => !x.lastAnalyze && !x.lastAutoanalyze && (x.liveTuples > 0 || x.reltuples > 0))
}

/** Dead tuples: the runbook's query. */
export const deadTuples: CheckFunction = ({ vacuumCandidates, t, list }) =>
  check(
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

/** Autovacuum is behind when dead rows exceed its own trigger (threshold + scale factor x rows). */
export const autovacuumBehind: CheckFunction = ({ snapshot: { server }, tables, vacuumCandidates, list }) => {
  const overdue = tables.filter(
    (x) =>
      x.deadTuples > server.autovacuumThreshold + server.autovacuumScaleFactor * Math.max(x.reltuples, 0) &&
      !vacuumCandidates.includes(x),
  )
  if (!overdue.length) return {}
  return check(
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

/** Autovacuum off: dead rows pile up and statistics go stale (only anti-wraparound vacuums still run). */
export const autovacuumOff: CheckFunction = ({ snapshot: { server }, tables, t, list }) => {
  const noAutovacuum = tables.filter((x) => x.autovacuumDisabled)
  return check(
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
}

export const neverAnalyzed: CheckFunction = ({ analyzeCandidates, t, list }) =>
  check(
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
