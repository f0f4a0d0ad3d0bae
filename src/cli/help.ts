// The help texts: `runbook-actions --help` lists the checks, `runbook-actions <check> --help` its flags.
import { ACTIONS } from '../actions.js'
import { flagSpecs } from './flag-specs.js'

/** `runbook-actions` with no check, or an unknown one: the checks there are. */
export function usage(): string {
  return [
    `usage: runbook-actions <${ACTIONS.map((a) => a.name).join('|')}> --input=value ...`,
    "       runbook-actions <check> --help   lists the check's inputs",
    '       runbook-actions runbook --runbook=FILE [--schedule=NAME]   runs the checks of a runbook file',
    '',
  ].join('\n')
}

/** `runbook-actions <check> --help`: the check's flags, with what action.yml says of each. */
export function helpText(check: string): string {
  const lines = [`usage: runbook-actions ${check} --input=value ...`, '']
  for (const [input, spec] of Object.entries(flagSpecs(check))) {
    // A workflow expression (`${{ github.token }}`) is the runner's default; in a terminal there is none.
    const note = spec.required
      ? ' (required)'
      : spec.default && !spec.default.includes('${{')
        ? ` (default: ${spec.default.replace(/\n/g, ', ')})`
        : ''
    lines.push(`  --${input}${note}`, `      ${spec.description}`)
  }
  return lines.join('\n') + '\n'
}
