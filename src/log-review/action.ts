import { LogReviewInputs, readInputs } from './inputs.js'
import { LogReviewData } from './report-data.js'
import { reviewLogs } from './review.js'
import { ActionDefinition } from '../core/action.js'
import { Report } from '../core/report.js'

export const logReviewAction: ActionDefinition<LogReviewInputs, LogReviewData> = {
  name: 'log-review',
  // Relative paths start at the workspace, as in every other step of the job.
  readInputs: (reader, { now, workspace }) => readInputs(reader, now, workspace),
  warnings: (inputs) =>
    inputs.failOnNew && !inputs.baseline
      ? ['fail-on-new is set without a baseline: there is nothing to be new against, so it never fails']
      : [],
  run: async (inputs, context) => {
    const report = await reviewLogs(inputs, context)
    return { report, outputs: outputsOf(report) }
  },
}

/** The action's scalar outputs, from the report's counts (none when the report has no data). */
export function outputsOf(report: Report<LogReviewData>): Record<string, string | number | undefined> {
  const counts = report.data?.counts
  const changes = report.data?.changes
  return {
    status: report.status,
    errors: counts?.errors,
    warnings: counts?.warnings,
    timeouts: counts?.timeouts,
    slow: counts?.slow,
    groups: counts?.groups,
    spikes: counts?.spikes,
    // Empty without a baseline: "0 new" would claim a comparison that was not made.
    'new-groups': changes?.newGroups.length,
    'grown-groups': changes?.grownGroups.length,
  }
}
