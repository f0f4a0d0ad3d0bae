import { isAbsolute, resolve } from 'node:path'

import { DEFAULT_TICKET_PATTERN } from './evaluate.js'
import { CommonInputs } from '../core/action.js'
import { InputReader } from '../core/inputs.js'
import { addSecret } from '../core/secrets.js'
import { invalidInput } from '../core/units.js'

export interface ChangeGateInputs extends CommonInputs {
  requiredSections: string[]
  minWords: number
  /** Undefined when `require-ticket` is false. */
  ticketPattern?: RegExp
  checklist: boolean
  requiredLabels: string[]
  comment: boolean
  /** Empty when none was given: the pull request is then read from the event payload only. */
  token: string
  /** An absolute path; undefined: the places GitHub looks, in the workspace. */
  templatePath?: string
  /** The event payload (the runner's GITHUB_EVENT_PATH unless given). */
  eventPath?: string
  /** The runner's GITHUB_EVENT_NAME, for the message when the event has no pull request. */
  eventName?: string
  workspace: string
}

export const DEFAULT_SECTIONS = ['Rollback plan', 'Test evidence']

/** Reads and validates every input before the pull request is read. */
export function readInputs(
  input: InputReader,
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
): ChangeGateInputs {
  // The literal default `${{ github.token }}` arrives only where no runner expanded it (the CLI): no token.
  const given = input.optional('token') ?? ''
  const token = given.startsWith('${{') ? '' : given
  // Masked the moment it is read: it must never reach a log, a summary or a comment.
  addSecret(token)
  const inWorkspace = (path: string | undefined) =>
    path === undefined ? undefined : isAbsolute(path) ? path : resolve(workspace, path)
  return {
    requiredSections: input.list('required-sections', DEFAULT_SECTIONS),
    minWords: input.integer('min-words', 3, { min: 0, max: 1000 }),
    ticketPattern: input.boolean('require-ticket', true) ? ticketPattern(input) : undefined,
    checklist: input.boolean('checklist', true),
    requiredLabels: input.list('required-labels'),
    comment: input.boolean('comment', true),
    token,
    templatePath: inWorkspace(input.optional('template')),
    eventPath: input.optional('event-path') ?? (env.GITHUB_EVENT_PATH || undefined),
    eventName: env.GITHUB_EVENT_NAME || undefined,
    workspace,
    reportPath: input.optional('report-path'),
  }
}

/** `ticket-pattern` as a regular expression (JavaScript syntax); the default when not given. */
function ticketPattern(input: InputReader): RegExp {
  const source = input.optional('ticket-pattern')
  if (source === undefined) return DEFAULT_TICKET_PATTERN
  try {
    return new RegExp(source, 'u')
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : ''
    return invalidInput('ticket-pattern', source, `use a JavaScript regular expression (${reason})`)
  }
}
