/**
 * Memory across runs: an action's `baseline` input is the `report` JSON of an earlier run of the same
 * action (kept by the workflow with actions/cache or an artifact). A baseline that cannot serve (no file,
 * not JSON, another action's report, an older or newer report format) is never a failure and never
 * silently ignored: one warning that names the file and the fix, and the run goes on without it.
 */
import { readFileSync } from 'node:fs'

import { getErrorMessage } from './errors.js'
import { Logger } from './logger.js'
import { REPORT_SCHEMA_VERSION, Report } from './report.js'

/** The earlier report, or undefined (with a warning already given) when it cannot be compared with. */
export function readBaseline<Data>(
  path: string | undefined,
  action: string,
  logger: Logger,
): Report<Data> | undefined {
  if (!path) return undefined
  const skip = (why: string) => {
    logger.alert(
      `baseline '${path}' ${why}: nothing is compared; give the report file of an earlier ${action} run`,
    )
    return undefined
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return skip(`cannot be read (${getErrorMessage(error)})`)
  }
  let report: Partial<Report<Data>> & { schemaVersion?: unknown }
  try {
    report = JSON.parse(text) as typeof report
  } catch {
    return skip('is not JSON')
  }
  if (typeof report !== 'object' || report === null || typeof report.action !== 'string')
    return skip('is not a runbook-actions report')
  if (report.action !== action) return skip(`is a ${report.action} report, not ${action}'s`)
  if (report.schemaVersion !== REPORT_SCHEMA_VERSION)
    return skip(
      `has report format ${typeof report.schemaVersion === 'number' ? report.schemaVersion : 'from before versions'}, this run writes ${REPORT_SCHEMA_VERSION}`,
    )
  return report as Report<Data>
}

/** `+12.5%` / `-3%` / `±0%`: the change from `before` to `after`, as people read a regression. */
export function percentChange(before: number, after: number): string {
  if (before === 0) return after === 0 ? '±0%' : 'new'
  const change = ((after - before) / before) * 100
  const rounded = Math.abs(change) >= 10 ? Math.round(change) : Math.round(change * 10) / 10
  return rounded === 0 ? '±0%' : `${rounded > 0 ? '+' : ''}${rounded}%`
}

/** The title of an action's "Changes since the baseline" table, dated by the baseline's own time when it has one. */
export function changesTitle(baselineTime: unknown): string {
  const time = typeof baselineTime === 'string' ? Date.parse(baselineTime) : NaN
  return Number.isNaN(time)
    ? 'Changes since the baseline'
    : `Changes since the baseline of ${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
