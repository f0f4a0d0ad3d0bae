/**
 * The shapes the stages of the review share: what a parsed log line says (a line that parses to nothing
 * continues the event before it) and what reading one file gave.
 */

export type Level = 'error' | 'warning' | 'info' | 'debug'

export const FORMAT_NAMES = ['json', 'logfmt', 'python', 'access', 'plain'] as const
export type FormatName = (typeof FORMAT_NAMES)[number]

export interface LogRecord {
  format: FormatName
  /** Epoch ms; undefined when the line has none (it then takes the time of the event before it). */
  time?: number
  level: Level
  message: string
  durationMs?: number
  /** What the duration measured: an endpoint (`GET /api/users/<num>`) or an operation name. */
  operation?: string
  /** HTTP status, for access logs. */
  status?: number
  /** A stack trace carried in a field (structlog's `exception`), read like the lines of a traceback. */
  stack?: string
  /** The fingerprint template when the format knows it better than masking the message would. */
  template?: string
}

const LEVELS: Record<string, Level> = {
  emerg: 'error',
  emergency: 'error',
  alert: 'error',
  panic: 'error',
  fatal: 'error',
  critical: 'error',
  crit: 'error',
  severe: 'error',
  error: 'error',
  err: 'error',
  exception: 'error',
  warning: 'warning',
  warn: 'warning',
  notice: 'info',
  info: 'info',
  information: 'info',
  debug: 'debug',
  trace: 'debug',
  verbose: 'debug',
}

/** A level word in any case (`ERROR`, `Warn`, `critical`) as a Level; undefined for other words. */
export function levelOf(word: string): Level | undefined {
  return LEVELS[word.toLowerCase()]
}

/** pino and bunyan number their levels: 60 fatal, 50 error, 40 warn, 30 info, 20 debug, 10 trace. */
export function levelOfNumber(value: number): Level {
  return value >= 50 ? 'error' : value >= 40 ? 'warning' : value >= 30 ? 'info' : 'debug'
}

/**
 * What the review wants from a line, so parsers can skip the costly part (JSON.parse, tokenizing) for
 * the many lines nobody asked about: an info line without a slow duration needs only its time.
 */
export interface Interest {
  level(level: Level): boolean
  slow(durationMs: number): boolean
}

/** What reading one log file gave: filled in by the review as it streams the file, judged by evaluate. */
export interface FileResult {
  path: string
  /** The format most of its records had. */
  format?: FormatName
  formats: Partial<Record<FormatName, number>>
  lines: number
  bytes: number
  cutLines: number
  from?: number
  to?: number
  /** Why it was not read: last written before `since`. */
  skipped?: string
  /** A compressed file that ended early or is corrupt: read up to the damage. */
  damaged?: string
  /** Why it could not be opened or read (EACCES, EIO): lines before the failure were read. */
  unreadable?: string
}
