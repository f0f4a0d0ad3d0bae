import {
  DURATION_KEYS,
  durationFromField,
  keyAlternatives,
  LEVEL_KEYS,
  TIME_KEYS,
  levelFromValue,
  recordFromFields,
  timeFromValue,
} from './fields.js'
import { Interest, LogRecord } from '../model.js'
import { TimeParser } from '../timestamps.js'

// Level, time and the presence of a duration, read without parsing the line: most lines are info lines
// nobody asked about, and JSON.parse on each would cost more than everything else together.
const LEVEL = new RegExp(`"(?:${keyAlternatives(LEVEL_KEYS)})"\\s*:\\s*(?:"([A-Za-z]+)"|(\\d+))`)
const TIME = new RegExp(`"(?:${keyAlternatives(TIME_KEYS)})"\\s*:\\s*(?:"([^"]+)"|(\\d+(?:\\.\\d+)?))`)
const DURATION = new RegExp(`"(${keyAlternatives(DURATION_KEYS)})"\\s*:\\s*(?:"([^"]*)"|([\\d.]+))`)

/**
 * One JSON object per line, parsed in full only when the review wants it (a reviewed level or a slow
 * duration); for every other line level, time and duration are read by regular expressions.
 */
export function parseJson(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  if (line.charCodeAt(0) !== 123 || !line.trimEnd().endsWith('}')) return undefined
  const levelMatch = LEVEL.exec(line)
  const level = levelMatch ? levelFromValue(levelMatch[1] ?? Number(levelMatch[2])) : 'info'
  const duration = DURATION.exec(line)
  const durationMs = duration ? durationFromField(duration[1], duration[2] ?? duration[3]) : undefined
  const slow = durationMs !== undefined && interest.slow(durationMs)
  if (level !== undefined && !interest.level(level) && !slow) {
    const timeMatch = TIME.exec(line)
    const time = timeMatch ? timeFromValue(timeMatch[1] ?? Number(timeMatch[2]), times) : undefined
    return { format: 'json', time, level, message: '', durationMs }
  }
  let fields: unknown
  try {
    fields = JSON.parse(line)
  } catch {
    return undefined
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined
  return recordFromFields(fields as Record<string, unknown>, 'json', times)
}
