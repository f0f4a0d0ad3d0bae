import { LogReviewInputs, readInputs } from './inputs.js'
import { LogReviewData } from './report-data.js'
import { reviewLogs } from './review.js'
import { ActionDefinition } from '../core/action.js'
import { Report } from '../core/report.js'

export const logReviewAction: ActionDefinition<LogReviewInputs, LogReviewData> = {
  name: 'log-review',
  // Relative paths start at the workspace, as in every other step of the job.
  readInputs: (reader, { now, workspace }) => readInputs(reader, now, workspace),
  run: async (inputs, context) => {
    const report = await reviewLogs(inputs, context)
    return { report, outputs: outputsOf(report) }
  },
}

/** The action's scalar outputs, from the report's counts (none when the report has no data). */
export function outputsOf(report: Report<LogReviewData>): Record<string, string | number | undefined> {
  const counts = report.data?.counts
  return {
    status: report.status,
    errors: counts?.errors,
    warnings: counts?.warnings,
    timeouts: counts?.timeouts,
    slow: counts?.slow,
    groups: counts?.groups,
    spikes: counts?.spikes,
  }
}
