/**
 * A planned check's inputs as the runner would hand them to its step: the plan's values, and for every
 * input the plan leaves out, the default its action.yml declares (the plan never fills those in).
 */
import { DECLARED_INPUTS } from '../cli/flag-specs.js'

export function withActionDefaults(action: string, given: Record<string, string>): Record<string, string> {
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(DECLARED_INPUTS[action] ?? {}))
    // A workflow expression (`${{ github.token }}`) is filled by the runner for a step, never here: the
    // runbook's own `token`, which the runner did fill, is handed down instead (load.ts).
    if (spec.default !== undefined && !spec.default.includes('${{')) defaults[name] = spec.default
  return { ...defaults, ...given }
}
