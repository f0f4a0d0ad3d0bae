/**
 * The runbook's capacity review: this run's sizes, connections and findings against an earlier run's
 * report (the `baseline` input). Sizes grow per day at the rate measured between the two, and at that
 * rate `max-database-size` is reached in so many days.
 */
import { connectionUse } from './checks/activity.js'
import { Snapshot, catalogSize } from './catalog.js'
import { CapacitySnapshot, DbMaintainData } from './data.js'
import { percentChange, readBaseline } from '../core/baseline.js'
import { Logger } from '../core/logger.js'
import { Check, Table } from '../core/report.js'
import { formatSize } from '../core/units.js'

/** A projection under this many days warns: time enough to order disk or archive, not to wait. */
export const WARN_DAYS_TO_MAX_SIZE = 30

const DAY_MS = 86_400_000

/** Checks that are not findings to count as new or fixed: this module's own, and what maintenance did. */
const NOT_FINDINGS = ['database-size-limit', 'maintenance']

/** The capacity review of one run: its snapshot for the report's data, and what it adds to the report. */
export interface CapacityReview {
  snapshot: CapacitySnapshot
  checks: Check[]
  tables: Table[]
  outputs: Record<string, number | undefined>
}

/**
 * Reads the baseline (one warning when it cannot serve, and the run goes on without it) and compares this
 * run's snapshot with it; checks `max-database-size` with or without one.
 */
export function reviewCapacity(
  now: CapacitySnapshot,
  inputs: { baseline?: string; maxDatabaseSize?: number },
  logger: Logger,
): CapacityReview {
  const baseline = baselineSnapshot(inputs.baseline, logger)
  const changes = baseline && changesSince(baseline, now, inputs.maxDatabaseSize)
  if (changes && 'unusable' in changes)
    logger.alert(`baseline '${inputs.baseline}' ${changes.unusable}: nothing is compared`)
  const compared = changes && !('unusable' in changes) ? changes : undefined
  return {
    snapshot: now,
    checks:
      inputs.maxDatabaseSize === undefined ? [] : [sizeLimitCheck(now, inputs.maxDatabaseSize, compared)],
    tables: baseline && compared ? [changesTable(baseline, now, compared)] : [],
    outputs: compared
      ? {
          'growth-per-day': Math.round(compared.growthPerDay),
          'days-to-max-size':
            compared.daysToMaxSize === undefined ? undefined : Math.round(compared.daysToMaxSize * 10) / 10,
          'new-findings': compared.newFindings.length,
          'fixed-findings': compared.fixedFindings.length,
        }
      : {},
  }
}

/** The baseline's capacity snapshot, or undefined with one warning (from readBaseline, or here). */
function baselineSnapshot(path: string | undefined, logger: Logger): CapacitySnapshot | undefined {
  const report = readBaseline<DbMaintainData>(path, 'db-maintain', logger)
  if (!report) return undefined
  if (isCapacitySnapshot(report.data?.capacity)) return report.data.capacity
  logger.alert(
    `baseline '${path}' is a db-maintain report from before the capacity review: nothing is compared; the next run can use this run's report`,
  )
  return undefined
}

/** This run's figures, as a later run reads them from its baseline. */
export function capacitySnapshot(
  snapshot: Snapshot,
  checks: Check[],
  takenAt: string,
  top: number,
): CapacitySnapshot {
  const { used, usable } = connectionUse(snapshot)
  const measured = snapshot.tables.flatMap((t) => {
    const bytes = catalogSize(t)
    return bytes === undefined ? [] : [{ table: `${t.schema}.${t.name}`, bytes }]
  })
  return {
    takenAt,
    databaseBytes: snapshot.server.databaseBytes,
    largestTables: measured.sort((a, b) => b.bytes - a.bytes).slice(0, top),
    connections: { used, usable },
    findings: checks.filter((c) => !NOT_FINDINGS.includes(c.id)).map((c) => ({ id: c.id, status: c.status })),
  }
}

/** What changed since the baseline, worked out once for the checks, the table and the outputs. */
export interface Changes {
  days: number
  /** Database growth in bytes per day (negative when it shrank). */
  growthPerDay: number
  /** Days until `max-database-size` at that rate; undefined when not given or the database is not growing. */
  daysToMaxSize?: number
  newFindings: string[]
  fixedFindings: string[]
}

/** Compares with the baseline; undefined (and why) when the two were taken at the same time or out of order. */
export function changesSince(
  baseline: CapacitySnapshot,
  now: CapacitySnapshot,
  maxDatabaseSize?: number,
): Changes | { unusable: string } {
  const days = (Date.parse(now.takenAt) - Date.parse(baseline.takenAt)) / DAY_MS
  if (!(days > 0))
    return { unusable: `was taken at ${baseline.takenAt}, not before this run (${now.takenAt})` }
  const growthPerDay = (now.databaseBytes - baseline.databaseBytes) / days
  const open = (s: CapacitySnapshot) =>
    new Set(s.findings.filter((f) => f.status !== 'pass').map((f) => f.id))
  const [before, after] = [open(baseline), open(now)]
  return {
    days,
    growthPerDay,
    daysToMaxSize:
      maxDatabaseSize !== undefined && growthPerDay > 0
        ? Math.max(0, (maxDatabaseSize - now.databaseBytes) / growthPerDay)
        : undefined,
    newFindings: [...after].filter((id) => !before.has(id)),
    fixedFindings: [...before].filter((id) => !after.has(id)),
  }
}

/**
 * The `max-database-size` check: fails when the database is already over, warns when at the growth since
 * the baseline it gets there within WARN_DAYS_TO_MAX_SIZE days.
 */
export function sizeLimitCheck(now: CapacitySnapshot, maxBytes: number, changes?: Changes): Check {
  const base = { id: 'database-size-limit', title: 'Database size against max-database-size' }
  const sizes = `${formatSize(now.databaseBytes)} of ${formatSize(maxBytes)}`
  if (now.databaseBytes >= maxBytes)
    return {
      ...base,
      status: 'fail',
      detail: `the database is ${sizes}: already over the limit`,
      recommendation: 'archive or drop old data, or raise the limit once more disk is in place',
    }
  if (!changes) return { ...base, status: 'pass', detail: `${sizes}; give a baseline to project the growth` }
  if (changes.daysToMaxSize === undefined)
    return { ...base, status: 'pass', detail: `${sizes}; not growing since the baseline` }
  const when = `${sizes}, growing ${formatSize(Math.round(changes.growthPerDay))}/day: the limit is reached in ${formatDays(changes.daysToMaxSize)}`
  return changes.daysToMaxSize < WARN_DAYS_TO_MAX_SIZE
    ? {
        ...base,
        status: 'warn',
        detail: when,
        recommendation: `plan the space now: the limit is less than ${WARN_DAYS_TO_MAX_SIZE} days away`,
      }
    : { ...base, status: 'pass', detail: when }
}

/** The "Changes since the baseline" table: sizes with their growth per day, connections and findings. */
export function changesTable(baseline: CapacitySnapshot, now: CapacitySnapshot, changes: Changes): Table {
  const perDay = (before: number, after: number) =>
    `${signed(Math.round((after - before) / changes.days))}/day`
  // A table not among the baseline's largest is new to the list: it has no size then to grow from.
  const sizeRow = (what: string, before: number | undefined, after: number) => [
    what,
    before === undefined ? '—' : formatSize(before),
    formatSize(after),
    before === undefined ? 'new' : percentChange(before, after),
    before === undefined ? '—' : perDay(before, after),
  ]
  const earlier = new Map(baseline.largestTables.map((t) => [t.table, t.bytes]))
  return {
    title: `Changes since the baseline (${baseline.takenAt}, ${formatDays(changes.days)} ago)`,
    columns: ['What', 'Baseline', 'Now', 'Change', 'Per day'],
    rows: [
      sizeRow('Database size', baseline.databaseBytes, now.databaseBytes),
      ...now.largestTables.map((t) => sizeRow(t.table, earlier.get(t.table), t.bytes)),
      [
        'Connections used',
        `${baseline.connections.used} of ${baseline.connections.usable}`,
        `${now.connections.used} of ${now.connections.usable}`,
        percentChange(baseline.connections.used, now.connections.used),
        '—',
      ],
      ['New findings', '—', changes.newFindings.join(', ') || 'none', '', ''],
      ['Findings fixed', changes.fixedFindings.join(', ') || 'none', '—', '', ''],
    ],
  }
}

/** Whether a baseline's data holds a capacity snapshot (reports from before the capacity review do not). */
export function isCapacitySnapshot(value: unknown): value is CapacitySnapshot {
  const v = value as Partial<CapacitySnapshot> | undefined
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.takenAt === 'string' &&
    typeof v.databaseBytes === 'number' &&
    Array.isArray(v.largestTables) &&
    typeof v.connections === 'object' &&
    Array.isArray(v.findings)
  )
}

function signed(bytes: number): string {
  return bytes > 0 ? `+${formatSize(bytes)}` : bytes < 0 ? `-${formatSize(-bytes)}` : '±0 B'
}

/** `3.5 days`, `1 day`, `12 hours` (a baseline taken the same day). */
function formatDays(days: number): string {
  if (days < 1) return `${Math.round(days * 24)} hours`
  const rounded = Math.round(days * 10) / 10
  return rounded === 1 ? '1 day' : `${rounded} days`
}
