import { endpoint } from '../fingerprint.js'
import { Interest, LogRecord } from '../model.js'
import { TimeParser } from '../timestamps.js'

// gunicorn, Apache and nginx common/combined: host ident user [time] "METHOD path proto" status size.
const COMMON = /^\S+ \S+ \S+ \[([^\]]+)\] "([A-Z]+) ([^ "]+)[^"]*" (\d{3}) (?:\d+|-)/
// What may follow: "referer" "user agent", then a response time (gunicorn %(L)s / nginx $request_time in
// seconds with a fraction, gunicorn %(D)s / Apache %D in whole microseconds, or with a unit).
const TAIL = /^(?: "[^"]*" "[^"]*")?.*?\s(\d+(?:\.\d+)?)(ms|s|us|µs)?\s*$/
// uvicorn: `INFO:     127.0.0.1:54321 - "GET /api/x HTTP/1.1" 500 Internal Server Error` (no time).
const UVICORN = /^[A-Z]+:\s+\S+ - "([A-Z]+) ([^ "]+)[^"]*" (\d{3})/

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, us: 0.001, µs: 0.001 }

/** An access-log line; 5xx responses are errors, everything else info. */
export function parseAccess(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  const common = COMMON.exec(line)
  if (common) {
    const [, stamp, method, path, status] = common
    const tail = TAIL.exec(line.slice(common[0].length))
    let durationMs: number | undefined
    if (tail) {
      const unit = tail[2] ?? (tail[1].includes('.') ? 's' : 'us')
      durationMs = Number(tail[1]) * UNIT_MS[unit]
    }
    return access(method, path, Number(status), times.clf(stamp), durationMs, interest)
  }
  const uvicorn = UVICORN.exec(line)
  if (uvicorn) return access(uvicorn[1], uvicorn[2], Number(uvicorn[3]), undefined, undefined, interest)
  return undefined
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
