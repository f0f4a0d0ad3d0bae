import { parseDurationValue } from '../durations.js'
import { endpoint } from '../fingerprint.js'
import { FormatName, Level, LogRecord, levelOf, levelOfNumber } from '../model.js'
import { TimeParser } from '../timestamps.js'

/**
 * The field names structured loggers use (structlog, python-json-logger, pino, bunyan, zap, logrus,
 * slog): JSON lines and logfmt share them.
 */
export const LEVEL_KEYS = ['level', 'levelname', 'severity', 'lvl', 'log.level', 'loglevel']
export const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'asctime', 'datetime', 't']
export const MESSAGE_KEYS = ['msg', 'message', 'event', 'error', 'err']
const STACK_KEYS = ['exception', 'exc_info', 'stack', 'stack_trace', 'traceback']
/** Durations in milliseconds by their name. */
const MS_KEYS = [
  'duration_ms',
  'elapsed_ms',
  'took_ms',
  'latency_ms',
  'response_time_ms',
  'request_time_ms',
  'responseTime',
  'durationMs',
  'elapsedMs',
]
/** Durations whose bare numbers are seconds (a string may carry its own unit: "350ms"). */
const SECOND_KEYS = ['duration', 'elapsed', 'took', 'latency', 'response_time', 'request_time']
export const DURATION_KEYS = [...MS_KEYS, ...SECOND_KEYS]
const OPERATION_KEYS = ['route', 'endpoint', 'operation', 'op', 'path', 'url', 'handler', 'query_name']
const METHOD_KEYS = ['method', 'http_method', 'request_method']
const STATUS_KEYS = ['status', 'status_code', 'statusCode', 'http_status']

type Fields = Record<string, unknown>

/** Field names as a RegExp alternation (`level|levelname|log\\.level`), for the fast paths. */
export function keyAlternatives(keys: string[]): string {
  return keys.map((k) => k.replace(/[.@]/g, '\\$&')).join('|')
}

function first(fields: Fields, keys: string[]): unknown {
  for (const key of keys) if (fields[key] !== undefined && fields[key] !== null) return fields[key]
  return undefined
}

/** The level of a field value: a name, or a pino/bunyan number. */
export function levelFromValue(value: unknown): Level | undefined {
  if (typeof value === 'number') return levelOfNumber(value)
  if (typeof value === 'string') return /^\d+$/.test(value) ? levelOfNumber(Number(value)) : levelOf(value)
  return undefined
}

export function timeFromValue(value: unknown, times: TimeParser): number | undefined {
  if (typeof value === 'number') return times.epoch(value)
  if (typeof value === 'string')
    return /^\d+(\.\d+)?$/.test(value) ? times.epoch(Number(value)) : times.iso(value)
  return undefined
}

/** A duration field's value in ms, by the unit its name implies. */
export function durationFromField(key: string, value: string): number | undefined {
  return parseDurationValue(value, MS_KEYS.includes(key) ? 'ms' : 's')
}

/**
 * A JSON duration field's value in ms, as JSON.parse would give it to durationFromField: a quoted text
 * as it is, a bare number (`JSON_NUMBER`, `1e3` included) written as JavaScript writes that number.
 */
export function durationFromJson(key: string, quoted: string | undefined, bare: string): number | undefined {
  return durationFromField(key, quoted ?? String(Number(bare)))
}

/** A JSON number, as the duration expressions read a bare value (json.ts, fast-lane.ts). */
export const JSON_NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`

/**
 * A LogRecord from the fields of one structured line. Its duration is the one the line's expression read
 * (the first duration field in the line), whatever the level: whether a line is slow must not depend on
 * whether it was parsed in full.
 */
export function recordFromFields(
  fields: Fields,
  format: FormatName,
  times: TimeParser,
  durationMs: number | undefined,
): LogRecord {
  const message = first(fields, MESSAGE_KEYS)
  const stack = first(fields, STACK_KEYS)
  const operation = first(fields, OPERATION_KEYS)
  const method = first(fields, METHOD_KEYS)
  const status = Number(first(fields, STATUS_KEYS))
  return {
    format,
    time: timeFromValue(first(fields, TIME_KEYS), times),
    level: levelFromValue(first(fields, LEVEL_KEYS)) ?? 'info',
    message: typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message),
    durationMs,
    operation:
      typeof operation === 'string'
        ? typeof method === 'string'
          ? endpoint(method.toUpperCase(), operation)
          : operation
        : undefined,
    status: Number.isInteger(status) ? status : undefined,
    stack: typeof stack === 'string' && stack.includes('\n') ? stack : undefined,
  }
}
