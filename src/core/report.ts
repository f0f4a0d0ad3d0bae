/** The one result shape every action produces; the summary, outputs and annotations all come from it. */

export type Status = 'pass' | 'warn' | 'fail'

export interface Check {
  /** Stable id for machines (`availability:https://…`, `vacuum:public.users`). */
  id: string
  title: string
  status: Status
  /** One line that says exactly what was found. */
  detail: string
  /** What to do about it, when something needs doing. */
  recommendation?: string
  /** The SQL or command that would fix it: shown, never run by a report. */
  fix?: string
}

export interface Metric {
  name: string
  value: number
  unit: string
}

/** A table cell: text, or text linking to a page (an advisory); only https links are rendered as links. */
export type Cell = string | { text: string; href: string }

export interface Table {
  title: string
  columns: string[]
  rows: Cell[][]
}

/** The text of a cell, whatever its kind. */
export function cellText(cell: Cell | undefined): string {
  return cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text
}

/** A collapsed block of text in the summary (a response body, a plan). */
export interface Detail {
  title: string
  body: string
}

/**
 * A bar chart, rendered as a Mermaid `xychart-beta` block (GitHub renders Mermaid in Markdown), with an
 * optional line over the bars (a threshold).
 */
export interface Chart {
  title: string
  /** One per bar. Too many to read under the bars (summary.ts): the bars are then numbered from 0. */
  labels: string[]
  /** What the numbered bars are counted in (`hours since 11-20 12h UTC`), for that case. */
  axis?: string
  yLabel: string
  bars: number[]
  line?: number[]
}

/**
 * The version of the report's JSON format. A later run compares with an earlier report (its baseline)
 * only when both have the same version; raise it when a field a baseline comparison reads changes.
 */
export const REPORT_SCHEMA_VERSION = 1

/** A report; `Data` is the action's own machine-readable results, typed per action. */
export interface Report<Data = Record<string, unknown>> {
  /** REPORT_SCHEMA_VERSION when the report was written. */
  schemaVersion: number
  action: string
  title: string
  status: Status
  checks: Check[]
  metrics: Metric[]
  tables: Table[]
  details: Detail[]
  charts?: Chart[]
  /** Machine-readable results of the action (dep-audit's findings and fingerprints, for baselines). */
  data?: Data
  startedAt: string
  finishedAt: string
}

const RANK: Record<Status, number> = { pass: 0, warn: 1, fail: 2 }

/** The worst of some statuses; `pass` when there are none. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'pass'
  for (const status of statuses) if (RANK[status] > RANK[worst]) worst = status
  return worst
}

/** Sorts failures first, then warnings, then passes, keeping the order within each. */
export function byStatus<T>(items: T[], statusOf: (item: T) => Status): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => RANK[statusOf(b.item)] - RANK[statusOf(a.item)] || a.index - b.index)
    .map(({ item }) => item)
}

/**
 * Builds a Report whose status is always the worst of its checks. `finishedAt` is now unless the caller
 * reads it from the run's clock.
 */
export function createReport<Data = Record<string, unknown>>(
  parts: Omit<Report<Data>, 'schemaVersion' | 'status' | 'finishedAt' | 'metrics' | 'tables' | 'details'> &
    Partial<Pick<Report<Data>, 'metrics' | 'tables' | 'details' | 'finishedAt'>>,
): Report<Data> {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    metrics: [],
    tables: [],
    details: [],
    ...parts,
    status: worstStatus(parts.checks.map((check) => check.status)),
    finishedAt: parts.finishedAt ?? new Date().toISOString(),
  }
}

/** An annotation on a file and line (a bandit finding on the code that has it). */
export interface LocatedAnnotation {
  kind: 'error' | 'warning' | 'notice'
  title: string
  message: string
  file: string
  line?: number
}

export const STATUS_ICON: Record<Status, string> = { pass: '✅', warn: '⚠️', fail: '❌' }
