import { isSpace } from './logfmt.js'
import { decimalEnd } from '../durations.js'
import { endpoint } from '../fingerprint.js'
import { Interest, LogRecord } from '../model.js'
import { TimeParser } from '../timestamps.js'

// gunicorn, Apache and nginx common/combined: host ident user [time] "METHOD path proto" status size.
const COMMON = /^\S+ \S+ \S+ \[([^\]]+)\] "([A-Z]+) ([^ "]+)[^"]*" (\d{3}) (?:\d+|-)/
// The last token of the line, when it is a response time (gunicorn %(L)s / nginx $request_time in
// seconds with a fraction, gunicorn %(D)s / Apache %D in whole microseconds, or with a unit).
const RESPONSE_TIME = /^(\d+(?:\.\d+)?)(ms|s|us|µs)?$/
// uvicorn: `INFO:     127.0.0.1:54321 - "GET /api/x HTTP/1.1" 500 Internal Server Error` (no time).
const UVICORN = /^[A-Z]+:\s+\S+ - "([A-Z]+) ([^ "]+)[^"]*" (\d{3})/

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, us: 0.001, µs: 0.001 }

/** An access-log line; 5xx responses are errors, everything else info. */
export function parseAccess(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  const common = COMMON.exec(line)
  if (common) {
    const [, stamp, method, path, status] = common
    const durationMs = responseTime(line, common[0].length, line.length)
    return access(method, path, Number(status), times.clf(stamp), durationMs, interest)
  }
  const uvicorn = UVICORN.exec(line)
  if (uvicorn) return access(uvicorn[1], uvicorn[2], Number(uvicorn[3]), undefined, undefined, interest)
  return undefined
}

/**
 * The response time at the end of the line text[.., end), after `from` (past the status and size), in
 * ms. The line's trailing white space (as trimEnd reads it) is not part of it.
 */
export function responseTime(text: string, from: number, end: number): number | undefined {
  let trimmed = end
  while (trimmed > from && isTrimmed(text.charCodeAt(trimmed - 1))) trimmed--
  const space = text.lastIndexOf(' ', trimmed - 1)
  if (space < from) return undefined
  // A bare number (`0.032` seconds, `1234` microseconds) is read without the expression.
  if (decimalEnd(text, space + 1, trimmed) === trimmed && trimmed > space + 1) {
    const value = text.slice(space + 1, trimmed)
    return Number(value) * UNIT_MS[value.includes('.') ? 's' : 'us']
  }
  const m = RESPONSE_TIME.exec(text.slice(space + 1, trimmed))
  if (!m) return undefined
  const unit = m[2] ?? (m[1].includes('.') ? 's' : 'us')
  return Number(m[1]) * UNIT_MS[unit]
}

/** Whether trimEnd removes this character: ASCII white space at once, anything else as \s reads it. */
function isTrimmed(c: number): boolean {
  return isSpace(c) || (c > 127 && /\s/.test(String.fromCharCode(c)))
}

function access(
  method: string,
  path: string,
  status: number,
  time: number | undefined,
  durationMs: number | undefined,
  interest: Interest,
): LogRecord {
  const level = status >= 500 ? 'error' : 'info'
  // Masking the path is the costly part; most requests are neither reviewed nor slow and skip it.
  const wanted = interest.level(level) || (durationMs !== undefined && interest.slow(durationMs))
  if (!wanted) return { format: 'access', time, level, message: '', durationMs, status }
  const operation = endpoint(method, path)
  return {
    format: 'access',
    time,
    level,
    message: `${method} ${path} ${status}`,
    template: `HTTP ${status} ${operation}`,
    durationMs,
    operation,
    status,
  }
}
