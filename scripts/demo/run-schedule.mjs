// Runs one schedule of the demo's runbook through the CLI bundle, as a terminal user would:
// `node dist/cli/index.js runbook --runbook FILE --schedule NAME --summary S.md --report-path R.json`,
// which prints a progress line per check on stderr and the combined report on stdout, and exits 1 when
// a check failed.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * @typedef {object} ScheduleRun
 * @property {string} schedule
 * @property {number} code the CLI's exit code: 0, 1 when a check failed, 2 for a usage error
 * @property {string} stdout the combined report as text
 * @property {string} summary the combined job summary (Markdown), empty when none was written
 * @property {unknown} report the combined JSON report, undefined when none was written
 */

/**
 * @param {{ root: string, runbook: string, schedule: string, outDir: string, env: Record<string, string>,
 *   onProgress: (line: string) => void, children: Set<import('node:child_process').ChildProcess> }} options
 *   `children` holds the CLI while it runs, so Ctrl-C can stop it.
 * @returns {Promise<ScheduleRun>}
 */
export async function runSchedule({ root, runbook, schedule, outDir, env, onProgress, children }) {
  const summaryPath = join(outDir, `${schedule}.md`)
  const reportPath = join(outDir, `${schedule}.json`)
  const args = [
    join(root, 'dist/cli/index.js'),
    'runbook',
    `--runbook=${runbook}`,
    `--schedule=${schedule}`,
    `--summary=${summaryPath}`,
    `--report-path=${reportPath}`,
  ]
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let stdout = ''
  let pending = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) if (line.trim()) onProgress(line)
  })
  const code = await new Promise((resolve) => child.on('close', (status) => resolve(status ?? 1)))
  children.delete(child)
  if (pending.trim()) onProgress(pending)
  return {
    schedule,
    code,
    stdout,
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
    report: existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined,
  }
}

/**
 * The checks that failed, by id, from a combined report: its `failed` list (the runbook action's
 * output of that name) or, failing that, each check's report with status `fail`.
 * @param {unknown} report
 * @returns {string[]}
 */
export function failedChecks(report) {
  if (!report || typeof report !== 'object') return []
  const combined = /** @type {Record<string, unknown>} */ (report)
  const data = /** @type {Record<string, unknown>} */ (combined.data ?? {})
  const failed = combined.failed ?? data.failed
  if (Array.isArray(failed)) return failed.map(String)
  if (typeof failed === 'string') return failed.split(/[\s,]+/).filter(Boolean)
  const checks = data.checks ?? combined.checks
  const list = Array.isArray(checks)
    ? checks
    : checks && typeof checks === 'object'
      ? Object.values(checks)
      : []
  return list
    .filter((c) => c && typeof c === 'object' && (c.status === 'fail' || c.report?.status === 'fail'))
    .map((c) => String(c.id ?? c.action ?? c.report?.action))
}
