/**
 * A planned check's inputs as the runner would hand them to its step: the plan's values, and for every
 * input the plan leaves out, the default its action.yml declares (the plan never fills those in).
 */
import ACTION_INPUTS from '../cli/action-inputs.json' with { type: 'json' }
import type { FlagSpecs } from '../cli/flag-specs.js'

const DECLARED: Record<string, FlagSpecs> = ACTION_INPUTS

export function withActionDefaults(action: string, given: Record<string, string>): Record<string, string> {
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(DECLARED[action] ?? {}))
    if (spec.default !== undefined) defaults[name] = spec.default
  return { ...defaults, ...given }
}
