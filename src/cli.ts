// The same checks from a terminal, outside GitHub: `node dist/cli/index.js health-gate --url=… --samples=3`.
// Flags are the action's inputs (`--name=value` or `--name value`); the report prints as plain text and
// the exit code is 1 when the report fails, as in a workflow.
import { readInputs as readBackupVerifyInputs } from './backup-verify/inputs.js'
import { verifyBackups } from './backup-verify/verify.js'
import { readInputs as readDbMaintainInputs } from './db-maintain/inputs.js'
import { audit } from './dep-audit/audit.js'
import { readInputs as readDepAuditInputs } from './dep-audit/inputs.js'
import { dbMaintain } from './db-maintain/main.js'
import { readInputs as readHealthGateInputs } from './health-gate/inputs.js'
import { checkHealth } from './health-gate/main.js'
import { readInputs as readLogReviewInputs } from './log-review/inputs.js'
import { reviewLogs } from './log-review/review.js'
import { ConfigurationError, getErrorMessage } from './shared/errors.js'
import { InputReader, objectInputGetter } from './shared/inputs.js'
import { Logger } from './shared/logger.js'
import { Report, STATUS_ICON, byStatus, cellText } from './shared/report.js'
import { redact } from './shared/secrets.js'

type Command = (reader: InputReader, logger: Logger) => Promise<Report>

const COMMANDS: Record<string, Command> = {
  'health-gate': (reader, logger) => checkHealth(readHealthGateInputs(reader), logger),
  'db-maintain': async (reader, logger) => {
    // Ctrl-C cancels this run's own statements and still prints what was done, as in a workflow.
    const controller = new AbortController()
    process.once('SIGINT', () => controller.abort())
    return (await dbMaintain(readDbMaintainInputs(reader), logger, { signal: controller.signal })).report
  },
  'backup-verify': async (reader, logger) => {
    const controller = new AbortController()
    process.once('SIGINT', () => controller.abort())
    const inputs = readBackupVerifyInputs(reader)
    return (await verifyBackups(inputs, logger, { signal: controller.signal, runId: `cli_${process.pid}` }))
      .report
  },
  'dep-audit': async (reader, logger) => (await audit(readDepAuditInputs(reader), logger)).report,
  'log-review': (reader, logger) => reviewLogs(readLogReviewInputs(reader), logger),
}

/** `--a=1 --b 2` into `{a: '1', b: '2'}`; a repeated flag joins its values with new lines (lists). */
export function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(args[i])
    if (!match) throw new ConfigurationError(`unexpected argument '${args[i]}': use --input-name=value`)
    const value = match[2] ?? args[++i] ?? ''
    flags[match[1]] = flags[match[1]] === undefined ? value : `${flags[match[1]]}\n${value}`
  }
  return flags
}

/** A Report as plain text for a terminal. */
export function renderText(report: Report): string {
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
  const command = name ? COMMANDS[name] : undefined
  if (!command) {
    process.stderr.write(`usage: runbook-actions <${Object.keys(COMMANDS).join('|')}> --input=value ...\n`)
    return 2
  }
  const logger: Logger = {
    info: (m) => process.stderr.write(`${redact(m)}\n`),
    warning: (m) => process.stderr.write(`warning: ${redact(m)}\n`),
    debug: () => {},
  }
  try {
    const report = await command(new InputReader(objectInputGetter(parseFlags(rest))), logger)
    process.stdout.write(renderText(report) + '\n')
    return report.status === 'fail' ? 1 : 0
  } catch (error) {
    const prefix = error instanceof ConfigurationError ? '' : 'unexpected error: '
    process.stderr.write(`${name}: ${prefix}${redact(getErrorMessage(error))}\n`)
    return 1
  }
}
