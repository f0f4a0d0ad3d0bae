import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'

import { InputReader } from '../core/inputs.js'
import { invalidInput } from '../core/units.js'

export const FORMATS = ['auto', 'json', 'logfmt', 'python', 'access', 'plain'] as const
export type FormatChoice = (typeof FORMATS)[number]

export const REVIEW_LEVELS = ['error', 'warning', 'info'] as const
export type ReviewLevel = (typeof REVIEW_LEVELS)[number]

export interface LogReviewInputs {
  paths: string[]
  includeRotated: boolean
  /** Epoch ms; lines older than this are skipped. Undefined: everything. */
  since?: number
  format: FormatChoice
  timeZone: string
  levels: Set<ReviewLevel>
  slowThresholdMs: number
  /** Fail when at least this many errors were logged; undefined: only report. */
  failOnErrors?: number
  maxErrorRate?: number
  spikeFactor: number
  spikeMin: number
  top: number
  ignore: RegExp[]
  redact: boolean
  missing: 'fail' | 'warn'
  maxGroups: number
  reportPath?: string
  /** The report file of an earlier run to compare with (resolved against cwd); undefined: none. */
  baseline?: string
  /** Fail when an error group is new since the baseline. */
  failOnNew: boolean
  /** Worker threads to read large logs with; 1: read in this thread, no worker. */
  jobs: number
  /** Where relative paths start: the workspace on a runner. */
  cwd: string
}

/** `now` is what `since` counts back from; relative paths start at `cwd`. */
export function readInputs(input: InputReader, now: Date, cwd: string): LogReviewInputs {
  const paths = input.list('paths', ['logs/app.log'])
  if (paths.length === 0) invalidInput('paths', '', 'give at least one log file or glob, such as logs/*.log')
  return {
    paths,
    includeRotated: input.boolean('include-rotated', true),
    since: parseSince(input.string('since', '7d'), now),
    format: input.enum('format', FORMATS, 'auto'),
    timeZone: input.timeZone('timezone'),
    levels: parseLevels(input.list('levels', ['error', 'warning'])),
    slowThresholdMs: input.duration('slow-threshold', 1000, { min: 1 }),
    failOnErrors: parseFailOnErrors(input.string('fail-on-errors', 'none')),
    maxErrorRate:
      input.optional('max-error-rate') === undefined
        ? undefined
        : input.number('max-error-rate', 0, { min: 0 }),
    spikeFactor: input.number('spike-factor', 5, { min: 1 }),
    spikeMin: input.integer('spike-min', 10, { min: 1 }),
    top: input.integer('top', 10, { min: 1, max: 1000 }),
    ignore: input.lines('ignore').map((pattern) => compileIgnore(pattern)),
    redact: input.boolean('redact', true),
    missing: input.enum('missing', ['fail', 'warn'] as const, 'fail'),
    maxGroups: input.integer('max-groups', 1000, { min: 10, max: 100_000 }),
    reportPath: input.optional('report-path'),
    baseline: baselinePath(input.optional('baseline'), cwd),
    failOnNew: input.boolean('fail-on-new', false),
    jobs: input.integer('jobs', availableParallelism(), { min: 1, max: 256 }),
    cwd,
  }
}

function baselinePath(path: string | undefined, cwd: string): string | undefined {
  return path === undefined ? undefined : resolve(cwd, path)
}

/** `7d`, `24h` back from now; an ISO date or date-time; `all`. */
function parseSince(text: string, now: Date): number | undefined {
  if (/^all$/i.test(text)) return undefined
  const ago = /^\d/.test(text) && !/^\d{4}-\d{2}/.test(text) ? durationAgo(text) : undefined
  if (ago !== undefined) return now.getTime() - ago
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    // A bare date or a time without an offset is UTC, said so in the input's description.
    const iso =
      text.length === 10 ? `${text}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`
    const at = Date.parse(iso.replace(' ', 'T'))
    if (Number.isFinite(at)) return at
  }
  return invalidInput('since', text, "use a duration such as 7d or 24h, a date such as 2026-11-20, or 'all'")
}

function durationAgo(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text.trim())
  if (!m) return undefined
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2].toLowerCase()]
  return unit === undefined ? undefined : Number(m[1]) * unit
}

function parseLevels(items: string[]): Set<ReviewLevel> {
  const levels = new Set<ReviewLevel>()
  for (const item of items) {
    const name = item.toLowerCase()
    const level = ['critical', 'fatal'].includes(name) ? 'error' : name === 'warn' ? 'warning' : name
    if (!(REVIEW_LEVELS as readonly string[]).includes(level))
      invalidInput('levels', item, `use ${REVIEW_LEVELS.join(', ')} (critical and fatal count as errors)`)
    levels.add(level as ReviewLevel)
  }
  if (levels.size === 0) invalidInput('levels', '', 'name at least one of error, warning, info')
  return levels
}

function parseFailOnErrors(text: string): number | undefined {
  if (/^none$/i.test(text)) return undefined
  if (/^any$/i.test(text)) return 1
  if (/^\d+$/.test(text) && Number(text) >= 1) return Number(text)
  return invalidInput(
    'fail-on-errors',
    text,
    'use none (only report), or a number N to fail at N errors (1: any)',
  )
}

function compileIgnore(pattern: string): RegExp {
  try {
    return new RegExp(pattern)
  } catch (error) {
    return invalidInput('ignore', pattern, `not a valid regular expression (${(error as Error).message})`)
  }
}
