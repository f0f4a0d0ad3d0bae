/**
 * The fleet merge: the runbook action's `merge` input. A matrix job per environment, service or host
 * uploads its report files as artifacts; one final job downloads them all and merges them here into ONE
 * report, the fleet summary: per action a table with a row per target (worst status wins), a check per
 * target that did not pass, and log-review's groups and hours merged across hosts so an error group or a
 * spike seen on several hosts is counted once.
 */
import { Figures, figuresOf } from './merge-figures.js'
import { ReportFile, UNREADABLE_ACTION, targetOfFile } from './merge-files.js'
import { RunResult } from '../core/action.js'
import { Check, Report, Status, Table, byStatus, createReport, worstStatus } from '../core/report.js'
import { errorChartOf, isLogReviewData, mergeLogReviewData, withHost } from '../log-review/merge.js'
import { LogReviewData } from '../log-review/report-data.js'

export { readReportFiles, type ReportFile } from './merge-files.js'

/** A check that did not pass, as a target's row keeps it. */
export interface FleetProblem {
  id: string
  title: string
  status: Status
  detail: string
}

/** One action's result on one target. */
export interface FleetTarget {
  target: string
  /** The report file it was read from. */
  file: string
  status: Status
  title: string
  problems: FleetProblem[]
  /** The action's key figures (merge-figures.ts), by column. */
  figures: Figures
}

/** One action across the fleet: its status is the worst of its targets'. */
export interface FleetAction {
  action: string
  status: Status
  targets: FleetTarget[]
}

/** The fleet report's `data`. */
export interface FleetData {
  /** Every target with the worst status of its reports. */
  targets: { target: string; status: Status }[]
  /** Per action, in the order first met; unreadable report files are the action `report-file`. */
  actions: FleetAction[]
  /** Every host's log-review data merged (groups by fingerprint, hours by hour); absent without one. */
  logReview?: LogReviewData
}

/** A report to merge; without a target, the file's name without `.json` names it. */
export type MergeInput = Omit<ReportFile, 'target'> & { target?: string }

/** The merged report's action name: the runbook action writes it. */
const ACTION = 'runbook'
/** Problems named in one target's check before "and N more". */
const PROBLEMS_SHOWN = 3
/** Log-review groups in the fleet table. */
const TOP_GROUPS = 20

const minute = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '')

function targetRow({ file, target, report }: ReportFile): FleetTarget {
  return {
    target,
    file,
    status: report.status,
    title: report.title,
    problems: byStatus(
      report.checks.filter((c) => c.status !== 'pass'),
      (c) => c.status,
    ).map(({ id, title, status, detail }) => ({ id, title, status, detail })),
    figures: figuresOf(report),
  }
}

/** The actions in the order first met, each with its targets' rows. */
function byAction(inputs: ReportFile[]): FleetAction[] {
  const actions = new Map<string, FleetTarget[]>()
  for (const input of inputs) {
    const rows = actions.get(input.report.action) ?? []
    rows.push(targetRow(input))
    actions.set(input.report.action, rows)
  }
  return [...actions].map(([action, targets]) => ({
    action,
    status: worstStatus(targets.map((t) => t.status)),
    targets,
  }))
}

/** A check per target that did not pass; one passing check for an action where every target passed. */
function actionChecks({ action, targets }: FleetAction): Check[] {
  const failing = targets.filter((t) => t.status !== 'pass')
  if (failing.length === 0)
    return [{ id: action, title: action, status: 'pass', detail: `${targets.length} target(s) pass` }]
  return failing.map((t) => {
    const shown = t.problems.slice(0, PROBLEMS_SHOWN).map((p) => `${p.title}: ${p.detail}`)
    const more = t.problems.length - shown.length
    return {
      id: `${action}:${t.target}`,
      title: action === UNREADABLE_ACTION ? `report of ${t.target}` : `${action} on ${t.target}`,
      status: t.status,
      detail: (shown.join('; ') || t.title) + (more > 0 ? `; and ${more} more` : ''),
    }
  })
}

function actionTable({ action, targets }: FleetAction): Table {
  // The columns of every row's figures, in the order first met (a failed run may have fewer).
  const columns = [...new Set(targets.flatMap((t) => Object.keys(t.figures)))]
  return {
    title: action === UNREADABLE_ACTION ? 'Report files that could not be merged' : `${action} by target`,
    columns: ['Target', 'Status', ...columns, 'Result'],
    rows: byStatus(targets, (t) => t.status).map((t) => [
      t.target,
      t.status,
      ...columns.map((column) => t.figures[column] ?? ''),
      t.title,
    ]),
  }
}

/** The log-review section: the fleet's spikes as a check, its top groups (with hosts) and spike hours. */
function logReviewSection(merged: LogReviewData, hosts: number): { checks: Check[]; tables: Table[] } {
  const { counts, spikes } = merged
  const worst = spikes.reduce<(typeof spikes)[number] | undefined>(
    (a, b) => (a === undefined || b.errors > a.errors ? b : a),
    undefined,
  )
  const checks: Check[] = [
    {
      id: 'log-review:fleet-spikes',
      title: `Error spikes across ${hosts} host(s)`,
      status: spikes.length > 0 ? 'warn' : 'pass',
      detail:
        `${counts.errors} error(s) in ${counts.groups} group(s) across the fleet; ` +
        (worst
          ? `${spikes.length} hour(s) spiked, worst ${minute(worst.hour)} UTC with ${worst.errors} (threshold ${worst.threshold})`
          : 'no hour spiked'),
    },
  ]
  const top = merged.groups.slice(0, TOP_GROUPS)
  const tables: Table[] = [
    {
      title: `Log groups across ${hosts} host(s): top ${top.length} of ${merged.groups.length}`,
      columns: ['Level', 'Count', 'Hosts', 'Fingerprint', 'First seen (UTC)', 'Last seen (UTC)', 'Example'],
      rows: top.map((g) => [
        g.level + (g.timeouts > 0 ? ' (timeout)' : ''),
        String(g.count),
        (g.hosts ?? []).join(', '),
        g.template,
        minute(g.firstSeen),
        minute(g.lastSeen),
        g.example,
      ]),
    },
  ]
  if (spikes.length > 0)
    tables.push({
      title: 'Fleet spikes (errors per hour, all hosts)',
      columns: ['Hour (UTC)', 'Errors', 'Threshold'],
      rows: spikes.map((s) => [minute(s.hour), String(s.errors), String(s.threshold)]),
    })
  return { checks, tables }
}

/** Every host's log-review data, each group marked with its host, merged; undefined without any. */
function mergedLogs(inputs: ReportFile[]): { data?: LogReviewData; hosts: number; unmerged: Check[] } {
  const parts: LogReviewData[] = []
  const hosts = new Set<string>()
  const unmerged: Check[] = []
  for (const { target, file, report } of inputs) {
    if (report.action !== 'log-review') continue
    if (!isLogReviewData(report.data)) {
      unmerged.push({
        id: `log-review:${target}:data`,
        title: `log-review data of ${target}`,
        status: 'warn',
        detail: `${file} has no log-review data this version can merge: its groups and hours are not in the fleet's`,
      })
      continue
    }
    parts.push(withHost(report.data, target))
    hosts.add(target)
  }
  return { data: parts.length > 0 ? mergeLogReviewData(parts) : undefined, hosts: hosts.size, unmerged }
}

/** From the first report's start to the last one's finish: the time the fleet's checks took. */
function runSpan(inputs: ReportFile[]): { startedAt: string; finishedAt: string } {
  const times = inputs
    .flatMap(({ report }) => [report.startedAt, report.finishedAt])
    .filter((t) => typeof t === 'string' && !Number.isNaN(Date.parse(t)))
    .sort((a, b) => Date.parse(a) - Date.parse(b))
  const now = new Date().toISOString()
  return { startedAt: times[0] ?? now, finishedAt: times.at(-1) ?? now }
}

/**
 * One fleet report from every target's reports (readReportFiles). Outputs: `status`, `failed` (the
 * failing checks' ids, `<action>:<target>`, by commas as the runbook's `failed`) and `targets` (how many).
 */
export function mergeFleet(given: MergeInput[]): RunResult<FleetData> {
  const inputs = given.map((input) => ({ ...input, target: input.target ?? targetOfFile(input.file) }))
  const actions = byAction(inputs)
  const statusOf = new Map<string, Status>()
  for (const { target, report } of inputs)
    statusOf.set(target, worstStatus([statusOf.get(target) ?? 'pass', report.status]))
  const targets = [...statusOf].map(([target, status]) => ({ target, status }))
  const failed = targets.filter((t) => t.status === 'fail').length

  const logs = mergedLogs(inputs)
  const section = logs.data && logReviewSection(logs.data, logs.hosts)
  const checks = [...actions.flatMap(actionChecks), ...logs.unmerged, ...(section?.checks ?? [])]
  const tables = [...actions.map(actionTable), ...(section?.tables ?? [])]
  const chart = logs.data && errorChartOf(logs.data)
  const report: Report<FleetData> = createReport<FleetData>({
    action: ACTION,
    title: `Fleet: ${targets.length} targets, ${failed} failed`,
    checks,
    metrics: [
      { name: 'Targets', value: targets.length, unit: '' },
      { name: 'Failed targets', value: failed, unit: '' },
      { name: 'Reports merged', value: inputs.length, unit: '' },
      ...(logs.data ? [{ name: 'Log errors (fleet)', value: logs.data.counts.errors, unit: '' }] : []),
    ],
    tables,
    charts: chart ? [chart] : [],
    data: { targets, actions, ...(logs.data ? { logReview: logs.data } : {}) },
    ...runSpan(inputs),
  })
  const failing = checks.filter((c) => c.status === 'fail').map((c) => c.id)
  return { report, outputs: { status: report.status, failed: failing.join(','), targets: targets.length } }
}
