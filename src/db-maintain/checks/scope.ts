/*
 * What every check of the report reads, worked out once by analyze() (findings.ts), and the shape of what
 * each check returns.
 */
import { IndexRow, Snapshot, TableRow } from '../catalog.js'
import { DbMaintainData } from '../data.js'
import { groupDigits } from '../format.js'
import { IndexPlan } from '../index-plan.js'
import { DbMaintainInputs } from '../inputs.js'
import { Check, Metric, Status, Table } from '../../core/report.js'
import { formatDuration } from '../../core/units.js'

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

/** A valid btree index over the bloat ratio and the minimum size: what `maintain` reindexes. */
export interface ReindexCandidate {
  index: IndexRow
  bloatRatio: number
  bloatBytes: number
}

/** The first `top` items of a list, shown one way, with how many more there are. */
export type Lister = <T>(items: T[], show: (item: T) => string) => string

export interface Scope {
  snapshot: Snapshot
  t: Thresholds
  /** The tables and indexes that `tables` and `exclude-tables` leave in scope. */
  tables: TableRow[]
  indexes: IndexRow[]
  /** What is dropped, rebuilt or kept, decided once per index (index-plan.ts). */
  plan: IndexPlan
  /** Tables over both dead-tuple thresholds, most dead rows first: what `maintain` vacuums by default. */
  vacuumCandidates: TableRow[]
  /** Tables with rows that were never analyzed: what `maintain` analyzes by default. */
  analyzeCandidates: TableRow[]
  /** Most bloat first. */
  reindexCandidates: ReindexCandidate[]
  list: Lister
}

/** A check's share of the report: its checks (none when there is nothing to say), tables, metrics, data. */
export interface Part {
  checks?: Check[]
  tables?: Table[]
  metrics?: Metric[]
  data?: Omit<DbMaintainData, 'capacity'>
}

/** One check of the report, from what it reads. */
export type CheckFunction = (scope: Scope) => Part

/** A part of one check. */
export function check(
  id: string,
  title: string,
  status: Status,
  detail: string,
  extra: Partial<Check> = {},
): Part {
  return { checks: [{ id, title, status, detail, ...extra }] }
}

export function lister(top: number): Lister {
  return (items, show) =>
    items.slice(0, top).map(show).join(', ') + (items.length > top ? ` and ${items.length - top} more` : '')
}

export const n = groupDigits
export const pct = (value: number) => `${Math.round(value * 1000) / 10}%`

export function deadRatio(table: TableRow): number {
  const total = table.liveTuples + table.deadTuples
  return total === 0 ? 0 : table.deadTuples / total
}

export function ago(date: Date | null): string {
  if (!date) return 'never'
  return `${formatDuration(Date.now() - new Date(date).getTime())} ago`
}
