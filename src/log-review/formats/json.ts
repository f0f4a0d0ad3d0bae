import {
  DURATION_KEYS,
  LEVEL_KEYS,
  TIME_KEYS,
  levelFromValue,
  recordFromFields,
  timeFromValue,
} from './fields.js'
import { Level, LogRecord } from '../model.js'
import { TimeParser } from '../timestamps.js'

const alternatives = (keys: string[]) => keys.map((k) => k.replace(/[.@]/g, '\\$&')).join('|')
// Level, time and the presence of a duration, read without parsing the line: most lines are info lines
// nobody asked about, and JSON.parse on each would cost more than everything else together.
const LEVEL = new RegExp(`"(?:${alternatives(LEVEL_KEYS)})"\\s*:\\s*(?:"([A-Za-z]+)"|(\\d+))`)
const TIME = new RegExp(`"(?:${alternatives(TIME_KEYS)})"\\s*:\\s*(?:"([^"]+)"|(\\d+(?:\\.\\d+)?))`)
const DURATION = new RegExp(`"(?:${alternatives(DURATION_KEYS)})"\\s*:`)

/**
 * One JSON object per line. `needsAll(level)` says whether a line of that level is reviewed: only then
 * (or when it carries a duration) is it parsed in full.
 */
export function parseJson(
  line: string,
  times: TimeParser,
  needsAll: (level: Level) => boolean,
): LogRecord | undefined {
  const levelMatch = LEVEL.exec(line)
  const level = levelMatch ? levelFromValue(levelMatch[1] ?? Number(levelMatch[2])) : 'info'
  if (level !== undefined && !needsAll(level) && !DURATION.test(line)) {
    const timeMatch = TIME.exec(line)
    const time = timeMatch ? timeFromValue(timeMatch[1] ?? Number(timeMatch[2]), times) : undefined
    return { format: 'json', time, level, message: '' }
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
