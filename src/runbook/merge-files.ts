/**
 * Reading the report files a fleet's jobs uploaded (the runbook action's `merge` input). Each file holds
 * one action's report or the runbook's combined report, whose checks' reports are taken out one by one.
 * A file that cannot serve (unreadable, not JSON, another schema version) becomes a failed report naming
 * it: a host whose results are unknown must never count as a host that passed.
 */
import { readFile } from 'node:fs/promises'
import { basename, isAbsolute, relative, resolve, sep } from 'node:path'

import { glob, isDynamicPattern } from 'tinyglobby'

import { ConfigurationError, getErrorMessage } from '../core/errors.js'
import { REPORT_SCHEMA_VERSION, Report, Status, createReport } from '../core/report.js'

/** One report to merge: the file it came from and the target (host, environment) it is about. */
export interface ReportFile {
  file: string
  /** The artifact's folder name, or the file's name without `.json` when it lies where the glob starts. */
  target: string
  report: Report<unknown>
}

/** The action name of the failed report that stands for a file that could not serve. */
export const UNREADABLE_ACTION = 'report-file'

const STATUSES = new Set<Status>(['pass', 'warn', 'fail'])

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Why `value` is not a report this version can merge; undefined when it is one. */
function notAReport(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a report (a JSON object with action, status and checks)'
  if (value.schemaVersion !== REPORT_SCHEMA_VERSION)
    return `schemaVersion ${JSON.stringify(value.schemaVersion) ?? 'missing'}, this version reads ${REPORT_SCHEMA_VERSION}: write the reports with the same release of runbook-actions`
  if (
    typeof value.action !== 'string' ||
    !STATUSES.has(value.status as Status) ||
    !Array.isArray(value.checks)
  )
    return 'not a report (a JSON object with action, status and checks)'
  return undefined
}

/** A report's fields that rendering reads, filled where an older writer left them out. */
function complete(value: Record<string, unknown>): Report<unknown> {
  return { metrics: [], tables: [], details: [], ...value } as unknown as Report<unknown>
}

/** The failed report that stands for a file (or a check in it) that could not be merged. */
function unreadable(file: string, reason: string): Report<unknown> {
  const now = new Date().toISOString()
  return createReport<unknown>({
    action: UNREADABLE_ACTION,
    title: `${file} could not be merged`,
    checks: [{ id: `file:${file}`, title: 'Report file', status: 'fail', detail: `${file}: ${reason}` }],
    startedAt: now,
    finishedAt: now,
  })
}

/** The reports a parsed file holds: itself, or each check's report of a combined runbook report. */
function reportsIn(file: string, value: unknown): Report<unknown>[] {
  const problem = notAReport(value)
  if (problem !== undefined || !isObject(value)) return [unreadable(file, problem ?? '')]
  const checks = isObject(value.data) ? value.data.checks : undefined
  if (value.action !== 'runbook' || !Array.isArray(checks)) return [complete(value)]
  return checks.map((check: unknown, index) => {
    const report = isObject(check) ? check.report : undefined
    const problem = notAReport(report)
    const name = isObject(check) && typeof check.id === 'string' ? check.id : `check ${index + 1}`
    return problem === undefined && isObject(report)
      ? complete(report)
      : unreadable(file, `${name} of the runbook report: ${report === undefined ? 'no report' : problem}`)
  })
}

/** The folder a pattern starts in: its leading parts without glob characters. */
function staticBase(pattern: string): string {
  const parts = pattern.split('/')
  const index = parts.findIndex((part) => isDynamicPattern(part))
  return index === -1 ? parts.slice(0, -1).join('/') : parts.slice(0, index).join('/')
}

/**
 * download-artifact puts each artifact in a folder named after it: the first folder below where the
 * pattern starts names the target; a file right there is named by itself.
 */
function targetOf(absolute: string, base: string): string {
  const below = relative(base, absolute).split(sep)
  return below.length > 1 ? below[0] : targetOfFile(absolute)
}

/** A file's name without `.json`: the target of a report file that lies alone. */
export function targetOfFile(file: string): string {
  return basename(file).replace(/\.json$/i, '')
}

/**
 * The reports that `patterns` (files or globs, relative to `workspace`) name, in the order the patterns
 * give and by path within one. Throws ConfigurationError when nothing matches.
 */
export async function readReportFiles(patterns: string[], workspace: string): Promise<ReportFile[]> {
  const found: { absolute: string; base: string }[] = []
  const seen = new Set<string>()
  for (const pattern of patterns) {
    const base = resolve(workspace, staticBase(pattern))
    const matches = await glob(pattern, { cwd: workspace, absolute: true, onlyFiles: true, dot: true })
    for (const absolute of matches.sort()) {
      if (seen.has(absolute)) continue
      seen.add(absolute)
      found.push({ absolute, base })
    }
  }
  if (found.length === 0)
    throw new ConfigurationError(
      `merge: no report file matches ${patterns.map((p) => `'${p}'`).join(', ') || '(nothing given)'} in ${workspace}; ` +
        "download the matrix jobs' artifacts first (actions/download-artifact with a path, e.g. path: reports) and give merge that folder's files (reports/**/*.json)",
    )
  const files: ReportFile[] = []
  for (const { absolute, base } of found) {
    // Shown relative to the workspace when inside it, as the pattern was given.
    const shown = relative(workspace, absolute)
    const file = shown.startsWith('..') || isAbsolute(shown) ? absolute : shown
    const target = targetOf(absolute, base)
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(absolute, 'utf8'))
    } catch (error) {
      const reason =
        error instanceof SyntaxError
          ? `not JSON (${error.message})`
          : `could not be read: ${getErrorMessage(error)}`
      files.push({ file, target, report: unreadable(file, reason) })
      continue
    }
    for (const report of reportsIn(file, parsed)) files.push({ file, target, report })
  }
  return files
}
