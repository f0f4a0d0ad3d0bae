/**
 * A runbook file's schema errors as one line each: the problem and its fix, in the words of the file
 * (a check, an action, an input) rather than of JSON Schema. Where they point is the loader's business.
 */
import { ErrorObject } from 'ajv/dist/2020.js'

import { closestName } from '../cli/closest-name.js'
import { pathSegments } from '../core/yaml-positions.js'

/** Text from outside shown on one line: control characters (a newline could start a workflow command) escaped. */
export function shown(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))
}

/** `: did you mean 'x'?` when a name is close to one of `names`, else `: use one of a, b, c`. */
export function suggestion(name: string, names: string[]): string {
  const closest = closestName(name, names)
  return closest !== undefined ? `: did you mean '${closest}'?` : `: use one of ${names.join(', ')}`
}

/**
 * Ajv stops at the first error, but under `anyOf` that is the first alternative's complaint: the anyOf
 * error itself says more.
 */
export function chooseError(errors: ErrorObject[]): ErrorObject {
  return errors.find((e) => e.keyword === 'anyOf') ?? errors[0]
}

/** The problem and its fix for a schema error (the file's line:col is put in front by the caller). */
export function describeSchemaError(error: ErrorObject): string {
  const at = pathSegments(error)
  const params = error.params as Record<string, unknown>
  const parent = error.parentSchema as
    { properties?: Record<string, unknown>; description?: string; title?: string } | undefined
  const known = Object.keys(parent?.properties ?? {})
  const inCheck = at.length === 4 && at[0] === 'schedules' && at[2] === 'checks'
  const inInputs = at.length === 5 && at[0] === 'schedules' && at[2] === 'checks'
  const inValue = (at[0] === 'defaults' && at.length >= 2) || (at[0] === 'schedules' && at.length >= 6)

  if (at.at(-1) === 'max-parallel' && at.length === 3)
    return `max-parallel is how many checks may run at once: a whole number, 1 or more`
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = shown(String(params.additionalProperty))
      if (at.length === 0) return `unknown key '${key}'${suggestion(key, known)}`
      if (at[0] === 'defaults' && at.length === 1)
        return `no action has an input '${key}'${suggestion(key, known)}`
      if (inCheck) return `'${key}' is not an action${suggestion(key, known)}`
      if (inInputs) {
        const action = at[4]
        const closest = closestName(key, known)
        return closest !== undefined
          ? `${action} has no input '${key}': did you mean '${closest}'?`
          : `${action} has no input '${key}': see the inputs in actions/${action}/action.yml`
      }
      return `unknown key '${key}' in schedule '${shown(at[1] ?? '')}'${suggestion(key, known)}`
    }
    case 'required':
      return params.missingProperty === 'schedules'
        ? `'schedules' is missing: add schedules: { daily: { checks: [ ... ] } } (see examples/runbook.yml)`
        : `schedule '${shown(at[1] ?? '')}' has no 'checks': add checks: [ - <action>: { <inputs> } ]`
    case 'minProperties':
    case 'maxProperties':
      if (!inCheck) return `'schedules' is empty: add one, e.g. daily: { checks: [ ... ] }`
      return (
        misindentedInput(error.data, known) ??
        `a check names exactly one action: write each as its own item, - <action>: { <inputs> }`
      )
    case 'minItems':
      return at[0] === 'schedules' && at.length === 3
        ? `schedule '${shown(at[1])}' has no checks: add at least one, - <action>: { <inputs> }`
        : `an empty list: give at least one value`
    case 'anyOf':
      return `cron must be a cron expression or a list of them, as in the workflow's on.schedule`
    case 'type':
      if (at[0] === 'schedules' && at.length <= 3) return notAMapping(at, error.data)
      if (inCheck) return `a check is a mapping with the action's name: - <action>: { <inputs> }`
      if (inInputs) return `the inputs of ${at[4]} are a mapping: ${at[4]}: { <input>: <value> }`
      if (inValue)
        return `an input value is a string, a number, a boolean or a list of them: write it as text`
      return `${error.message ?? 'wrong type'}${parent?.description ? `: ${parent.description}` : ''}`
    default:
      return `${error.message ?? 'invalid'}${parent?.description ? `: ${parent.description}` : ''}`
  }
}

/**
 * `- health-gate:` with its inputs written at the same depth as the action's name: YAML reads them as
 * more keys of the check, beside the action, instead of the action's inputs.
 */
function misindentedInput(check: unknown, actions: string[]): string | undefined {
  const keys = Object.keys(check ?? {})
  const action = keys.find((key) => actions.includes(key))
  const input = keys.find((key) => !actions.includes(key))
  if (action === undefined || input === undefined) return undefined
  return (
    `'${shown(input)}' is not an action: to give it to ${action}, indent it under ${action} ` +
    `(deeper than the action's name), or write - ${action}: { ${shown(input)}: <value> }`
  )
}

/** `schedules`, a schedule or its `checks` written as something else: say what belongs there. */
function notAMapping(at: string[], data: unknown): string {
  const schedule = shown(at[1] ?? '')
  if (at.length === 1)
    return `'schedules' holds the schedules by name: schedules: { daily: { checks: [ ... ] } }`
  if (at.length === 2)
    return Array.isArray(data)
      ? `schedule '${schedule}' lists its checks under checks:, indented under the schedule: ${schedule}: { checks: [ - <action>: { <inputs> } ] }`
      : `schedule '${schedule}' is empty: give it checks: [ - <action>: { <inputs> } ]`
  if (data === null)
    return `schedule '${schedule}' has no checks: list at least one under checks:, - <action>: { <inputs> }`
  // `-log-review: {}`: without a space after it, the dash is part of a key, not a list item.
  const dashed = Object.keys(data ?? {}).find((key) => key.startsWith('-'))
  if (dashed !== undefined)
    return `'${shown(dashed)}' needs a space after the dash to be a list item: - ${shown(dashed.slice(1))}: { <inputs> }`
  return `checks is a list, one item per check: - <action>: { <inputs> }`
}
