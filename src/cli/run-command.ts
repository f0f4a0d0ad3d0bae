// The same checks from a terminal, outside GitHub: `runbook-actions health-gate --url=… --samples=3`.
// Flags are the action's inputs as its action.yml declares them; any other flag stops the run before it
// starts. The report prints as plain text (or JSON with --json); --report-path and --summary write the
// files a workflow would get. The exit code is 0 for pass or warn, 1 when the report fails (as in a
// workflow) and 2 for a usage error.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

import { findAction } from '../actions.js'
import { AnyActionDefinition } from '../core/action.js'
import { ConfigurationError, getErrorMessage } from '../core/errors.js'
import { Logger } from '../core/logger.js'
import { redact, redactDeep } from '../core/secrets.js'
import { runbookAction } from '../runbook/action.js'
import { renderSummary } from '../core/summary.js'
import { asFlags } from './flag-hints.js'
import { flagSpecs, inputNames } from './flag-specs.js'
import { UsageError, parseFlags } from './flags.js'
import { helpText, usage } from './help.js'
import { renderText } from './render-text.js'
import { runInProcess } from './run-in-process.js'
import { visibleControls } from '../core/visible-controls.js'

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  // The runbook is not in the registry of checks (it runs them), but runs from a terminal like one.
  const action: AnyActionDefinition | undefined =
    name === runbookAction.name ? runbookAction : name ? findAction(name) : undefined
  if (!action) {
    process.stderr.write(usage())
    return name === '--help' || name === '-h' ? 0 : 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpText(name))
    return 0
  }
  // What the check prints names its inputs as flags (`--ca-cert`), with secrets masked and no control
  // sequence from outside text (a log line, a server's error) reaching the terminal raw.
  const say = (text: string) => visibleControls(redact(asFlags(text, inputNames(name))))
  // Progress and warnings go to stderr, so stdout is the report alone (`--json | jq` works).
  const logger: Logger = {
    info: (m) => process.stderr.write(`${visibleControls(redact(m))}\n`),
    warning: (m) => process.stderr.write(`warning: ${say(m)}\n`),
    debug: () => {},
    alert: (m) => process.stderr.write(`warning: ${say(m)}\n`),
  }
  try {
    const { json, summary, ...flags } = parseFlags(rest, flagSpecs(name))
    const report = redactDeep(await runInProcess(action, flags, logger))
    // The files a workflow would get: the JSON report (the `report-path` input) and the job summary.
    const reportPath = flags['report-path']
    if (reportPath) writeOut(reportPath, JSON.stringify(report, null, 2) + '\n', 'report')
    if (summary) writeOut(summary, (action.summary ?? renderSummary)(report), 'summary')
    process.stdout.write(
      json === 'true' ? JSON.stringify(report, null, 2) + '\n' : renderText(report, inputNames(name)) + '\n',
    )
    return report.status === 'fail' ? 1 : 0
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `${name}: ${visibleControls(redact(error.message))} (see: runbook-actions ${name} --help)\n`,
      )
      return 2
    }
    const prefix = error instanceof ConfigurationError ? '' : 'unexpected error: '
    process.stderr.write(`${name}: ${prefix}${say(getErrorMessage(error))}\n`)
    return 1
  }
}

/** Writes one of the run's files and says where, on stderr (stdout stays the report). */
function writeOut(path: string, text: string, what: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  process.stderr.write(`${what}: ${path}\n`)
}
