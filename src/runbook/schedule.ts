/**
 * Which schedule of a runbook file runs: the one the `schedule` input names, else the one whose `cron`
 * is the cron that triggered the workflow, else the only one there is.
 */
import { shown } from './file-errors.js'
import { ConfigurationError } from '../core/errors.js'

export interface ScheduleChoice {
  /** The `schedule` input; empty or undefined chooses from the event. */
  input?: string
  /** GITHUB_EVENT_NAME and the event payload's `schedule` (the cron that fired). */
  event?: { name?: string; schedule?: string }
  /** The runbook file as messages show it. */
  file?: string
}

/**
 * The chosen schedule's name. `crons` holds each schedule's cron expressions; `fail` throws a
 * ConfigurationError that names where in the file (the `schedules` key) to look.
 */
export function chooseSchedule(
  crons: ReadonlyMap<string, readonly string[]>,
  choice: ScheduleChoice,
  fail: (problem: string) => never,
): string {
  const names = [...crons.keys()]
  const listed = names.join(', ')
  const input = choice.input?.trim()
  if (input) {
    if (crons.has(input)) return input
    throw new ConfigurationError(
      `input 'schedule' is '${shown(input)}': the runbook file${choice.file ? ` ${choice.file}` : ''} has no such schedule: use one of ${listed}`,
    )
  }
  if (choice.event?.name === 'schedule') {
    const fired = collapse(choice.event.schedule ?? '')
    const match = names.find((name) => crons.get(name)?.some((cron) => collapse(cron) === fired))
    if (match !== undefined) return match
    return fail(
      `no schedule has the cron '${shown(fired)}' that triggered this run: add it to the \`cron\` of one of ${listed}, or set the input 'schedule'`,
    )
  }
  if (names.length === 1) return names[0]
  return fail(
    `the run was not started by a cron (event '${shown(choice.event?.name ?? 'unknown')}'), so the input 'schedule' must say which to run: one of ${listed}`,
  )
}

/** Cron fields are compared, not their spacing: `'0  3 * * *'` is `'0 3 * * *'`. */
function collapse(cron: string): string {
  return cron.trim().split(/\s+/).join(' ')
}
