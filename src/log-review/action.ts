import { LogReviewInputs, readInputs } from './inputs.js'
import { reviewLogs } from './review.js'
import { ActionDefinition } from '../core/action.js'
import { Report } from '../core/report.js'

export const logReviewAction: ActionDefinition<LogReviewInputs> = {
  name: 'log-review',
  // Relative paths start at the workspace, as in every other step of the job.
  readInputs: (reader, { now, workspace }) => readInputs(reader, now, workspace),
  run: async (inputs, { logger }) => {
    const report = await reviewLogs(inputs, logger)
    return { report, outputs: outputsOf(report) }
  },
}

/** The action's scalar outputs, from the report's counts. */
export function outputsOf(report: Report): Record<string, string | number> {
  const counts = (report.data?.counts ?? {}) as Record<string, number>
  return {
    status: report.status,
    errors: counts.errors,
    warnings: counts.warnings,
    timeouts: counts.timeouts,
    slow: counts.slow,
    groups: counts.groups,
    spikes: counts.spikes,
  }
}
