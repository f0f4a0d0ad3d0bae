import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import * as core from '@actions/core'

import { annotate } from './annotations.js'
import { Report } from '../core/report.js'
import { redact, redactDeep } from '../core/secrets.js'
import { renderSummary } from '../core/summary.js'
import { fenceWorkflowCommands } from '../core/workflow-commands.js'

/** How an action that renders its report its own way wants it published (ActionDefinition's same names). */
export interface PublishOptions<Data> {
  summary?: (report: Report<Data>) => string
  failure?: (report: Report<Data>) => string
  compactReport?: boolean
}

/**
 * Writes a finished Report everywhere a user looks: the JSON file (its path is the `report` output), the
 * `status` output plus the action's own scalar outputs, the job summary and the annotations, and fails the
 * step when the report failed. Everything is redacted first. Returns the path of the JSON file.
 */
export async function publishReport<Data>(
  report: Report<Data>,
  outputs: Record<string, string | number | undefined>,
  reportPath?: string,
  options: PublishOptions<Data> = {},
): Promise<string> {
  const safe = redactDeep(report)
  const path = reportPath ?? defaultReportPath(report.action)
  mkdirSync(join(path, '..'), { recursive: true })
  writeReportJson(path, safe, options.compactReport)

  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, redact(String(value)))
  }
  core.setOutput('report', path)

  // A local run has no step summary file; writing one would throw, so print it to the log instead.
  const markdown = (options.summary ?? renderSummary)(safe)
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
  else core.info(fenceWorkflowCommands(markdown))

  annotate(safe)
  // A failed report fails the step, with its first failure as the one line the run page shows.
  if (safe.status === 'fail' && options.failure) core.setFailed(options.failure(safe))
  else if (safe.status === 'fail') {
    const failed = safe.checks.filter((c) => c.status === 'fail')
    core.setFailed(
      `${safe.action}: ${failed[0]?.detail ?? safe.title}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}`,
    )
  }
  return path
}

/**
 * The JSON text, then its newline, in two writes: `json + '\n'` would copy a report of megabytes whole
 * before writing it.
 */
function writeReportJson(path: string, report: Report<unknown>, compact = false): void {
  const fd = openSync(path, 'w')
  try {
    writeFileSync(fd, JSON.stringify(report, null, compact ? undefined : 2))
    writeFileSync(fd, '\n')
  } finally {
    closeSync(fd)
  }
}

/** `$RUNNER_TEMP/runbook-actions/<action>-<step>-<random>.json`: unique per step, gone with the job. */
function defaultReportPath(action: string): string {
  const base = process.env.RUNNER_TEMP || tmpdir()
  const step = (process.env.GITHUB_ACTION || 'local').replace(/[^\w.-]/g, '_')
  return join(base, 'runbook-actions', `${action}-${step}-${randomBytes(3).toString('hex')}.json`)
}
