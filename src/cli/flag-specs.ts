// What the CLI accepts for each check: the inputs its action.yml declares (read into action-inputs.json
// by scripts/action-inputs.mjs when bundling) and the CLI's own flags.
import ACTION_INPUTS from './action-inputs.json' with { type: 'json' }

export interface InputSpec {
  description: string
  default?: string
  required?: boolean
}
export type FlagSpecs = Record<string, InputSpec>

/** Every action's inputs by action name, as its action.yml declares them (the runbook's too, as `runbook`). */
export const DECLARED_INPUTS: Record<string, FlagSpecs> = ACTION_INPUTS

/** The CLI's own flags, which no action declares; parsed, checked and listed with the inputs. */
export const CLI_FLAGS: FlagSpecs = {
  json: { description: 'Print the report as JSON instead of text (for scripts).', default: 'false' },
  summary: { description: 'Write the Markdown the job summary would get to this file.' },
}

/** Every flag `runbook-actions <check>` takes: the check's inputs, then the CLI's own. */
export function flagSpecs(check: string): FlagSpecs {
  return { ...DECLARED_INPUTS[check], ...CLI_FLAGS }
}

/** The names of the inputs a check declares (not the CLI's own flags). */
export function inputNames(check: string): string[] {
  return Object.keys(DECLARED_INPUTS[check] ?? {})
}

/** A boolean input is one whose default is true or false; given bare, it means true. */
export function isBoolean(spec: InputSpec | undefined): boolean {
  return spec?.default === 'true' || spec?.default === 'false'
}
