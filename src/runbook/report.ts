/**
 * The runbook's combined report: one check per planned check (its status, its key figure) and, in
 * `data`, every check's full report. This is the JSON of the runbook action's `report` output.
 */
import { NO_BASELINE, changesSinceBaseline } from './changes.js'
import { keyFigure } from './key-figures.js'
import { RunbookPlan } from './plan.js'
import { CheckOutcome } from './run.js'
import { Report, STATUS_ICON, Status, Table, createReport } from '../core/report.js'
import { formatDuration } from '../core/units.js'

export interface RunbookCheckData {
  id: string
  action: string
  status: Status
  durationMs: number
  keyFigure: string
  /** What changed against the baseline, when the check compared one. */
  changes?: string
  report: Report<unknown>
}

export interface RunbookData {
  schedule: string
  file: string
  checks: RunbookCheckData[]
}

export function runbookReport(
  plan: RunbookPlan,
  outcomes: CheckOutcome[],
  times: { startedAt: Date; finishedAt: Date },
): Report<RunbookData> {
  const checks = outcomes.map((outcome): RunbookCheckData => {
    const changes = changesSinceBaseline(outcome)
    return {
      id: outcome.check.id,
      action: outcome.check.action,
      status: outcome.report.status,
      durationMs: outcome.durationMs,
      keyFigure: keyFigure(outcome),
      ...(changes !== NO_BASELINE && { changes }),
      report: outcome.report,
    }
  })
  const passed = checks.filter((c) => c.status === 'pass').length
  return createReport<RunbookData>({
    action: 'runbook',
    title: `Runbook ${plan.schedule}: ${passed} of ${checks.length} checks passed`,
    checks: checks.map((c) => ({ id: c.id, title: c.id, status: c.status, detail: c.keyFigure })),
    tables: [overviewTable(checks)],
    data: { schedule: plan.schedule, file: plan.file, checks },
    startedAt: times.startedAt.toISOString(),
    finishedAt: times.finishedAt.toISOString(),
  })
}

/** The title of the overview table, the first thing the combined summary shows. */
export const OVERVIEW_TABLE = 'Checks'

/** Every check in the plan's order: status, key figure, duration and what changed against the baseline. */
function overviewTable(checks: RunbookCheckData[]): Table {
  return {
    title: OVERVIEW_TABLE,
    columns: ['Check', 'Status', 'Key figure', 'Duration', 'Changes since the baseline'],
    rows: checks.map((c) => [
      c.id,
      `${STATUS_ICON[c.status]} ${c.status}`,
      c.keyFigure,
      formatDuration(c.durationMs),
      c.changes ?? NO_BASELINE,
    ]),
  }
}

/** The ids of the checks that failed, as the `failed` output lists them ('' when none). */
export function failedIds(report: Report<RunbookData>): string[] {
  return (report.data?.checks ?? []).filter((c) => c.status === 'fail').map((c) => c.id)
}

/** The step's one failure line: `runbook daily: 2 of 5 checks failed: health-gate, backup-verify`. */
export function failureLine(report: Report<RunbookData>): string {
  const failed = failedIds(report)
  const total = report.data?.checks.length ?? 0
  return `runbook ${report.data?.schedule ?? ''}: ${failed.length} of ${total} checks failed: ${failed.join(', ')}`
}
