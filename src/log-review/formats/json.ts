import {
  DURATION_KEYS,
  durationFromJson,
  JSON_NUMBER,
  keyAlternatives,
  LEVEL_KEYS,
  MESSAGE_KEYS,
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
const DURATION = new RegExp(`"(${keyAlternatives(DURATION_KEYS)})"\\s*:\\s*(?:"([^"]*)"|(${JSON_NUMBER}))`)
/** A message field's quoted value, for a line JSON.parse refuses. */
const MESSAGE = new RegExp(`"(?:${keyAlternatives(MESSAGE_KEYS)})"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`)

/**
 * One JSON object per line, parsed in full only when the review wants it (a reviewed level or a slow
 * duration); for every other line level, time and duration are read by regular expressions.
 */
export function parseJson(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  if (line.charCodeAt(0) !== 123 || !line.trimEnd().endsWith('}')) return undefined
  const levelMatch = LEVEL.exec(line)
  const level = levelMatch ? levelFromValue(levelMatch[1] ?? Number(levelMatch[2])) : 'info'
  const duration = DURATION.exec(line)
  const durationMs = duration ? durationFromJson(duration[1], duration[2], duration[3]) : undefined
  const slow = durationMs !== undefined && interest.slow(durationMs)
  if (level !== undefined && !interest.level(level) && !slow) {
    return { format: 'json', time: timeOf(TIME.exec(line), times), level, message: '', durationMs }
  }
  let fields: unknown
  try {
    fields = JSON.parse(line)
  } catch {
    fields = undefined
  }
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields))
    return recordFromFields(fields as Record<string, unknown>, 'json', times, durationMs)
  // Not JSON after all, yet written as a log record (Python's json.dumps writes NaN; a logger may leave a
  // trailing comma): read by the expressions, or an error in it would pass as a continuation line.
  const timeMatch = TIME.exec(line)
  if (!levelMatch && !timeMatch) return undefined
  const message = MESSAGE.exec(line)
  return {
    format: 'json',
    time: timeOf(timeMatch, times),
    level: level ?? 'info',
    message: message ? unescaped(message[1]) : line,
    durationMs,
  }
}

/** The time a TIME match names (a text or an epoch number). */
function timeOf(match: RegExpExecArray | null, times: TimeParser): number | undefined {
  return match ? timeFromValue(match[1] ?? Number(match[2]), times) : undefined
}

/** A JSON string's content without its escapes; as it is when they are not JSON's. */
function unescaped(content: string): string {
  try {
    return JSON.parse(`"${content}"`) as string
  } catch {
    return content
  }
}

const TIME_FIRST = '{"time":"'
/** What follows the time's closing quote. */
const LEVEL_NEXT = ',"level":"'

/**
 * parseJson's record of an uninteresting line laid out `{"time":"…","level":"…",…}` (the common layout),
 * its time and level read at their known places instead of by the TIME and LEVEL expressions: no
 * earlier place can match them (the time's value holds no quote). Undefined for any other line, or an
 * interesting one: the caller then parses it in full.
 */
export function jsonTimeOnly(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  if (!line.startsWith(TIME_FIRST) || !line.trimEnd().endsWith('}')) return undefined
  const timeEnd = line.indexOf('"', TIME_FIRST.length)
  // An empty time (`""`) is no match for TIME, which would then look further.
  if (timeEnd <= TIME_FIRST.length || !line.startsWith(LEVEL_NEXT, timeEnd + 1)) return undefined
  const levelStart = timeEnd + 1 + LEVEL_NEXT.length
  let levelEnd = levelStart
  for (let c = line.charCodeAt(levelEnd); (c >= 65 && c <= 90) || (c >= 97 && c <= 122);)
    c = line.charCodeAt(++levelEnd)
  if (levelEnd === levelStart || line.charCodeAt(levelEnd) !== 34 /* " */) return undefined
  const level = levelFromValue(line.slice(levelStart, levelEnd))
  if (level === undefined || interest.level(level)) return undefined
  const duration = DURATION.exec(line)
  const durationMs = duration ? durationFromJson(duration[1], duration[2], duration[3]) : undefined
  if (durationMs !== undefined && interest.slow(durationMs)) return undefined
  const time = timeFromValue(line.slice(TIME_FIRST.length, timeEnd), times)
  return { format: 'json', time, level, message: '', durationMs }
}
