import { readInputs } from './inputs.js'
import { reviewLogs } from './review.js'
import { InputReader } from '../core/inputs.js'
import { actionInputGetter } from '../runner/inputs.js'
import { actionsLogger } from '../runner/logger.js'
import { publishReport } from '../runner/publish.js'
import { Report } from '../core/report.js'
import { runAction } from '../runner/run-action.js'

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

export async function run(): Promise<void> {
  await runAction('log-review', {
    main: async () => {
      // Relative paths start at the workspace, as in every other step of the job.
      const inputs = readInputs(
        new InputReader(actionInputGetter),
        new Date(),
        process.env.GITHUB_WORKSPACE || process.cwd(),
      )
      const report = await reviewLogs(inputs, actionsLogger)
      await publishReport(report, outputsOf(report), inputs.reportPath)
    },
  })
}
