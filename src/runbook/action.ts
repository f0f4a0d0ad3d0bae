/**
 * The runbook action (the repository's root action.yml): loads the runbook file's plan for one schedule,
 * runs its checks in this process (run.ts) and reports them as one: the combined report, the `failed`
 * output and the combined job summary. With `merge`, it runs no check: it merges report files from the
 * jobs of a matrix into one fleet report (merge.ts).
 */
import { triggeringEvent } from './event.js'
import { count } from './key-figures.js'
import { loadRunbookPlan } from './load.js'
import { FleetData, mergeFleet, readReportFiles } from './merge.js'
import { RunbookPlan } from './plan.js'
import { progressLine } from './progress.js'
import { RunbookData, failedIds, failureLine, runbookReport } from './report.js'
import { runPlan } from './run.js'
import { renderRunbookSummary } from './summary.js'
import { ActionDefinition, CommonInputs } from '../core/action.js'
import { ConfigurationError } from '../core/errors.js'
import { Report } from '../core/report.js'
import { addSecret } from '../core/secrets.js'
import { renderSummary } from '../core/summary.js'

/** Either a schedule's plan to run, or report files (patterns) to merge. */
export type RunbookInputs = CommonInputs & ({ plan: RunbookPlan } | { merge: string[] })

type RunbookOrFleet = RunbookData | FleetData

/** A combined runbook report (checks run here), not a fleet report (files merged). */
function isRunbook(report: Report<RunbookOrFleet>): report is Report<RunbookData> {
  return Array.isArray((report.data as RunbookData | undefined)?.checks)
}

/** The runbook's own inputs handed down to every check that declares an input of that name. */
const HANDED_DOWN = ['incident-issue', 'token', 'notify-webhook'] as const

export const runbookAction: ActionDefinition<RunbookInputs, RunbookOrFleet> = {
  name: 'runbook',
  // The whole file is loaded and checked here, so a mistake in it fails before any check runs.
  readInputs: (reader, { workspace }) => {
    const reportPath = reader.optional('report-path')
    const merge = reader.list('merge')
    if (merge.length > 0) return { merge, reportPath }
    const handDown: Record<string, string> = {}
    for (const name of HANDED_DOWN) {
      const value = reader.optional(name)
      if (value !== undefined) handDown[name] = value
    }
    addSecret(handDown.token)
    addSecret(handDown['notify-webhook'])
    // Said once here rather than once by every check it is handed to.
    if (handDown['notify-webhook'] && !reader.boolean('incident-issue', false))
      throw new ConfigurationError(
        "input 'notify-webhook' needs incident-issue: true: the checks' incident issues are how a run knows a status changed",
      )
    const plan = loadRunbookPlan({
      file: reader.string('runbook', '.github/runbook.yml'),
      workspace,
      schedule: reader.optional('schedule'),
      event: triggeringEvent(),
      env: process.env,
      handDown,
    })
    return { plan, reportPath }
  },
  onCancel: 'no further check starts; the running ones stop and every check is still reported',
  run: async (inputs, context) => {
    if ('merge' in inputs) return mergeFleet(await readReportFiles(inputs.merge, context.workspace))
    const { plan } = inputs
    const startedAt = context.clock()
    context.logger.info(
      `runbook ${plan.file}, schedule ${plan.schedule}: ${count(plan.checks.length, 'check')}`,
    )
    const outcomes = await runPlan(plan, {
      ...context,
      onCheckDone: (outcome, done, total) => context.logger.info(progressLine(outcome, done, total)),
    })
    const report = runbookReport(plan, outcomes, { startedAt, finishedAt: context.clock() })
    return { report, outputs: { status: report.status, failed: failedIds(report).join(',') } }
  },
  summary: (report) => (isRunbook(report) ? renderRunbookSummary(report) : renderSummary(report)),
  failure: (report) => (isRunbook(report) ? failureLine(report) : `runbook merge: ${report.title}`),
}
