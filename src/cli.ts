// The same checks from a terminal, outside GitHub: `node dist/cli/index.js health-gate --url=… --samples=3`.
// Flags are the action's inputs as its action.yml declares them (`--name=value` or `--name value`; a
// boolean input given bare means true); any other flag stops the run before it starts. The report prints
// as plain text (or JSON with --json); --report-path and --summary write the files a workflow would get.
// The exit code is 1 when the report fails, as in a workflow, and 2 for a usage error.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

import { ACTIONS, findAction } from './actions.js'
import ACTION_INPUTS from './cli/action-inputs.json' with { type: 'json' }
import { AnyActionDefinition, RunContext, StateStore } from './core/action.js'
import { ConfigurationError, getErrorMessage } from './core/errors.js'
import { InputReader, objectInputGetter } from './core/inputs.js'
import { Logger } from './core/logger.js'
import { Report, STATUS_ICON, byStatus, cellText } from './core/report.js'
import { redact, redactDeep } from './core/secrets.js'
import { renderSummary } from './core/summary.js'
// The runner's client needs no runner: Octokit on a token, the API root from GITHUB_API_URL or the inputs.
import { githubClient } from './runner/github.js'

interface InputSpec {
  description: string
  default?: string
  required?: boolean
}
const INPUTS: Record<string, Record<string, InputSpec>> = ACTION_INPUTS

/** The CLI's own flags, which no action declares; parsed, checked and listed with the inputs. */
const CLI_FLAGS: Record<string, InputSpec> = {
  json: { description: 'Print the report as JSON instead of text (for scripts).', default: 'false' },
  summary: { description: 'Write the Markdown the job summary would get to this file.' },
}

/** A mistake on the command line: nothing ran; exit code 2. */
export class UsageError extends Error {}

const isBoolean = (spec: InputSpec | undefined) => spec?.default === 'true' || spec?.default === 'false'

/**
 * `--a=1 --b 2` into `{a: '1', b: '2'}`, checked against the inputs the action declares: an unknown
 * flag is a UsageError naming the closest declared one, so a typo (`--dryrun=true`) never runs a real
 * VACUUM with the flag silently dropped. A boolean input given bare (`--dry-run`, also before another
 * flag) means true. A repeated flag joins its values with new lines (lists).
 */
export function parseFlags(args: string[], inputs: Record<string, InputSpec> = {}): Record<string, string> {
  const flags: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const match = /^--([A-Za-z0-9-]+)(?:=(.*))?$/s.exec(args[i])
    if (!match) throw new UsageError(`unexpected argument '${args[i]}': use --input-name=value`)
    const name = match[1]
    const spec = inputs[name]
    if (!spec) {
      const closest = closestName(name, Object.keys(inputs))
      throw new UsageError(`unknown flag --${name}${closest ? `: did you mean --${closest}?` : ''}`)
    }
    let value = match[2]
    if (value === undefined) {
      const next = args[i + 1]
      if (isBoolean(spec) && !/^(true|false)$/.test(next ?? '')) value = 'true'
      else if (next === undefined || next.startsWith('--'))
        throw new UsageError(`flag --${name} needs a value: --${name}=<value>`)
      else value = args[++i]
    }
    flags[name] = flags[name] === undefined ? value : `${flags[name]}\n${value}`
  }
  return flags
}

/** The declared name nearest to a mistyped one (edit distance at most a third of its length), if any. */
function closestName(name: string, names: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const candidate of names) {
    const distance = editDistance(name, candidate)
    if (!best || distance < best.distance) best = { name: candidate, distance }
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    previous = current
  }
  return previous[b.length]
}

/** `runbook-actions <check> --help`: the check's flags, with what action.yml says of each. */
export function helpText(name: string): string {
  const lines = [`usage: runbook-actions ${name} --input=value ...`, '']
  for (const [input, spec] of Object.entries({ ...INPUTS[name], ...CLI_FLAGS })) {
    const note = spec.required
      ? ' (required)'
      : spec.default
        ? ` (default: ${spec.default.replace(/\n/g, ', ')})`
        : ''
    lines.push(`  --${input}${note}`, `      ${spec.description}`)
  }
  return lines.join('\n') + '\n'
}

/** Writes one of the run's files and says where, on stderr (stdout stays the report). */
function writeOut(path: string, text: string, what: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  process.stderr.write(`${what}: ${path}\n`)
}

function usage(): string {
  return [
    `usage: runbook-actions <${ACTIONS.map((a) => a.name).join('|')}> --input=value ...`,
    "       runbook-actions <check> --help   lists the check's inputs",
    '',
  ].join('\n')
}

/** A Report as plain text for a terminal. */
export function renderText(report: Report<unknown>): string {
  const lines = [`${STATUS_ICON[report.status]} ${report.title}`, '']
  for (const check of byStatus(report.checks, (c) => c.status)) {
    lines.push(`  ${STATUS_ICON[check.status]} ${check.title}: ${check.detail}`)
  }
  for (const table of report.tables) {
    lines.push('', `${table.title}:`)
    const rows = [table.columns, ...table.rows.map((row) => row.map(cellText))]
    const widths = table.columns.map((_c, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
    for (const row of rows)
      lines.push(
        '  ' +
          row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join('  ')
            .trimEnd(),
      )
  }
  return redact(lines.join('\n'))
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const action = name ? findAction(name) : undefined
  if (!action) {
    process.stderr.write(usage())
    return name === '--help' || name === '-h' ? 0 : 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpText(name))
    return 0
  }
  const logger: Logger = {
    info: (m) => process.stderr.write(`${redact(m)}\n`),
    warning: (m) => process.stderr.write(`warning: ${redact(m)}\n`),
    debug: () => {},
    alert: (m) => process.stderr.write(`warning: ${redact(m)}\n`),
  }
  try {
    const { json, summary, ...flags } = parseFlags(rest, { ...INPUTS[name], ...CLI_FLAGS })
    const report = redactDeep(await runInProcess(action, flags, logger))
    // The files a workflow would get: the JSON report (the `report-path` input) and the job summary.
    const reportPath = flags['report-path']
    if (reportPath) writeOut(reportPath, JSON.stringify(report, null, 2) + '\n', 'report')
    if (summary) writeOut(summary, renderSummary(report), 'summary')
    process.stdout.write(json === 'true' ? JSON.stringify(report, null, 2) + '\n' : renderText(report) + '\n')
    return report.status === 'fail' ? 1 : 0
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${redact(error.message)} (see: runbook-actions ${name} --help)\n`)
      return 2
    }
    const prefix = error instanceof ConfigurationError ? '' : 'unexpected error: '
    process.stderr.write(`${name}: ${prefix}${redact(getErrorMessage(error))}\n`)
    return 1
  }
}

/**
 * Runs a definition as the runner would, without @actions/*: Ctrl-C cancels an action that watches its
 * signal (its own statements, the scratch database) and still prints what was done; state for a post
 * step lives in memory, and the post step runs right after, since there is no later step.
 */
async function runInProcess(
  action: AnyActionDefinition,
  flags: Record<string, string>,
  logger: Logger,
): Promise<Report<unknown>> {
  const workspace = process.cwd()
  const readInputs = () =>
    action.readInputs(new InputReader(objectInputGetter(flags)), { now: new Date(), workspace })
  const inputs = readInputs()
  for (const warning of action.warnings?.(inputs) ?? []) logger.alert(warning)
  const controller = new AbortController()
  const onSigint = () => controller.abort()
  if (action.onCancel) process.once('SIGINT', onSigint)
  const saved = new Map<string, string>()
  const state: StateStore = {
    get: (key) => saved.get(key) ?? '',
    set: (key, value) => void saved.set(key, value),
  }
  const context: RunContext = {
    now: new Date(),
    workspace,
    logger,
    signal: controller.signal,
    clock: () => new Date(),
    runId: `cli_${process.pid}`,
    state,
    github: githubClient,
  }
  try {
    return (await action.run(inputs, context)).report
  } finally {
    process.off('SIGINT', onSigint)
    await action.post?.(readInputs, context)
  }
}
