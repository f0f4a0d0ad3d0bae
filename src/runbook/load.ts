/**
 * The runbook file's loader: reads the file, checks it against schemas/runbook.schema.json (generated from
 * every action's inputs), fills `${{ env.NAME }}`, chooses the schedule and returns the plan the runner
 * runs (plan.ts). Every mistake is one ConfigurationError, `runbook file <file>:<line>:<col>: <problem>:
 * <fix>`, found before any check runs, in any schedule of the file, not only the one that runs today.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'

import { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js'
import { Node, isScalar } from 'yaml'

import { chooseError, describeSchemaError, shown } from './file-errors.js'
import { PlannedCheck, RunbookPlan } from './plan.js'
import { chooseSchedule } from './schedule.js'
import { RawValue, envNames, fillEnv, valueText } from './values.js'
import schema from '../../schemas/runbook.schema.json' with { type: 'json' }
import { DECLARED_INPUTS as DECLARED } from '../cli/flag-specs.js'
import { ConfigurationError } from '../core/errors.js'
import { nodeAt, offsetAt, offsetOf, parseYamlWithPositions } from '../core/yaml-positions.js'

export interface LoadOptions {
  /** The `runbook` input: the path as the user gave it. */
  file: string
  /** Where a relative `file` starts. */
  workspace: string
  /** The `schedule` input; empty or undefined chooses from the event. */
  schedule?: string
  /** GITHUB_EVENT_NAME and the event payload's `schedule` (the cron that fired). */
  event?: { name?: string; schedule?: string }
  /** For `${{ env.NAME }}`. */
  env: Record<string, string | undefined>
  /** The runbook action's own inputs (incident-issue, token, notify-webhook) for every check declaring them. */
  handDown?: Record<string, string>
}

/** The file as the schema describes it (the schema already checked the types). */
type RawInputs = Record<string, RawValue>
interface RawSchedule {
  cron?: string | string[]
  'max-parallel'?: number
  checks: Record<string, RawInputs | null>[]
}
interface RawRunbook {
  defaults?: RawInputs
  schedules: Record<string, RawSchedule>
}

/** Compiled on first use: the actions run one by one never pay for it. */
let validator: ValidateFunction<RawRunbook> | undefined
function validate(value: unknown): value is RawRunbook {
  validator ??= new Ajv2020({ allErrors: false, verbose: true, allowUnionTypes: true }).compile<RawRunbook>(
    schema,
  )
  return validator(value)
}

/** Reads the runbook file and returns the plan of the schedule to run. */
/**
 * Inputs a shared default never fills. backup-verify's `database-url` is the server it restores INTO, while
 * the `database-url` a runbook shares is the service's own database: a default must not turn the restore
 * test loose on production. A restore target is named in the check itself.
 */
const NOT_FROM_DEFAULTS: Partial<Record<string, readonly string[]>> = { 'backup-verify': ['database-url'] }

export function loadRunbookPlan(options: LoadOptions): RunbookPlan {
  const path = isAbsolute(options.file) ? options.file : join(options.workspace, options.file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT'
        ? 'there is no such file in the workspace'
        : code === 'EISDIR'
          ? 'that is a directory, not the runbook file'
          : 'the file cannot be read'
    throw new ConfigurationError(
      `input 'runbook' is '${shown(options.file)}': ${problem}: ` +
        `create it (start from examples/runbook.yml of runbook-actions) or set 'runbook' to its path relative to the workspace`,
    )
  }
  return parseRunbookPlan(text, options)
}

/** The plan from the file's text; `options.file` names it in messages. */
export function parseRunbookPlan(text: string, options: Omit<LoadOptions, 'workspace'>): RunbookPlan {
  const file = shown(options.file)
  const { doc, at } = parseYamlWithPositions(text, file, 'runbook file')
  const root = doc.contents as Node | null
  const fail = (segments: (string | number)[], problem: string, key?: string): never => {
    throw new ConfigurationError(`runbook file ${at(offsetAt(root, segments, key))}: ${problem}`)
  }

  const raw: unknown = doc.toJS()
  if (raw === null || raw === undefined)
    fail([], `the file is empty: add schedules: with the checks to run (see examples/runbook.yml)`)
  if (!validate(raw)) {
    const error = chooseError(validator?.errors ?? [])
    throw new ConfigurationError(`runbook file ${at(offsetOf(root, error))}: ${describeSchemaError(error)}`)
  }

  // Every value of every schedule is filled and checked, so a mistake in the monthly schedule is found
  // on the daily run, not a month later.
  const fill = (value: RawValue, segments: (string | number)[]): string => {
    const items = Array.isArray(value) ? value : [value]
    return items
      .map((item, index) => {
        const result = fillEnv(valueText(item), options.env)
        if ('text' in result) return result.text
        const itemAt = Array.isArray(value) ? [...segments, index] : segments
        throw new ConfigurationError(
          `runbook file ${at(expressionOffset(text, nodeAt(root, itemAt), result.expression))}: ${result.problem}`,
        )
      })
      .join('\n')
  }
  const defaults = mapValues(raw.defaults ?? {}, (value, name) => fill(value, ['defaults', name]))
  const handDown = Object.entries(options.handDown ?? {}).filter(([, value]) => value !== '')

  const plans = new Map<string, PlannedCheck[]>()
  for (const [schedule, { checks }] of Object.entries(raw.schedules)) {
    const seen = new Map<string, number>()
    plans.set(
      schedule,
      checks.map((item, index): PlannedCheck => {
        const segments = ['schedules', schedule, 'checks', index]
        const [action, own] = Object.entries(item)[0]
        const declared = DECLARED[action]
        const inputs: Record<string, string> = {}
        for (const [name, value] of [...Object.entries(defaults), ...handDown])
          if (Object.hasOwn(declared, name) && !NOT_FROM_DEFAULTS[action]?.includes(name))
            inputs[name] = value
        for (const [name, value] of Object.entries(own ?? {}))
          inputs[name] = fill(value, [...segments, action, name])
        const count = (seen.get(action) ?? 0) + 1
        seen.set(action, count)
        return {
          id: count === 1 ? action : `${action}#${count}`,
          action,
          inputs,
          where: at(offsetAt(root, segments)),
        }
      }),
    )
  }

  const crons = new Map(
    Object.entries(raw.schedules).map(([name, { cron }]) => [name, cron === undefined ? [] : [cron].flat()]),
  )
  const schedule = chooseSchedule(crons, { input: options.schedule, event: options.event, file }, (problem) =>
    fail([], problem, 'schedules'),
  )
  const checks = plans.get(schedule) ?? []
  // Only the schedule that runs needs its inputs now: the weekly database URL may be unset on a daily run.
  checks.forEach((check, index) => {
    const missing = Object.entries(DECLARED[check.action]).find(
      ([name, spec]) => spec.required && !check.inputs[name],
    )?.[0]
    if (missing === undefined) return
    const own = raw.schedules[schedule].checks[index][check.action]
    const unset = envNames(own?.[missing] ?? raw.defaults?.[missing] ?? null)
    fail(
      ['schedules', schedule, 'checks', index],
      !(missing in check.inputs)
        ? `${check.action} needs the input '${missing}': give it here or in defaults`
        : unset.length > 0
          ? `${check.action}'s input '${missing}' is empty: set ${unset.join(', ')} in the step's env: (from a secret)`
          : `${check.action}'s input '${missing}' is empty: give it a value`,
    )
  })
  return { file: options.file, schedule, maxParallel: raw.schedules[schedule]['max-parallel'] ?? 1, checks }
}

/** Where an expression is written inside a value's node (its start when the source writes it otherwise). */
function expressionOffset(text: string, node: Node | undefined, expression: string): number {
  if (!node?.range) return 0
  const start = node.range[0]
  if (!isScalar(node)) return start
  const index = text.slice(start, node.range[1]).indexOf(expression)
  return index >= 0 ? start + index : start
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T, key: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value, key)]))
}
