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

const LEVEL = new RegExp(`(?:^|\\s)(?:${keyAlternatives(LEVEL_KEYS)})="?([A-Za-z]+|\\d+)`)
const TIME = new RegExp(`(?:^|\\s)(?:${keyAlternatives(TIME_KEYS)})=(?:"([^"]*)"|(\\S+))`)
const DURATION = new RegExp(`(?:^|\\s)(${keyAlternatives(DURATION_KEYS)})=(?:"([^"]*)"|(\\S+))`)
const PAIR = /([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g

/** Whether a line starts like logfmt (`key=value ...`). */
export function looksLikeLogfmt(line: string): boolean {
  return /^[\w.@-]+=/.test(line)
}

/** `time=... level=error msg="db down" duration=1.2s`; the same fast path as JSON lines. */
export function parseLogfmt(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  if (!looksLikeLogfmt(line)) return undefined
  const levelMatch = LEVEL.exec(line)
  const level = levelMatch ? levelFromValue(levelMatch[1]) : 'info'
  const duration = DURATION.exec(line)
  const durationMs = duration ? durationFromField(duration[1], duration[2] ?? duration[3]) : undefined
  const slow = durationMs !== undefined && interest.slow(durationMs)
  if (level !== undefined && !interest.level(level) && !slow) {
    const timeMatch = TIME.exec(line)
    const time = timeMatch ? timeFromValue(timeMatch[1] ?? timeMatch[2], times) : undefined
    return { format: 'logfmt', time, level, message: '', durationMs }
  }
  const fields: Record<string, string> = {}
  for (const m of line.matchAll(PAIR))
    fields[m[1]] =
      m[2] !== undefined
        ? m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c))
        : m[3]
  if (Object.keys(fields).length === 0) return undefined
  return recordFromFields(fields, 'logfmt', times, durationMs)
}

/**
 * parseLogfmt's record of an uninteresting line laid out `time=… level=… …` (unquoted time), its time
 * and level read at their known places instead of by the TIME and LEVEL expressions: a key only
 * matches after whitespace, and the time's value holds none. Undefined for any other line, or an
 * interesting one: the caller then parses it in full.
 */
export function logfmtTimeOnly(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  if (!line.startsWith('time=') || line.charCodeAt(5) === 34 /* " */) return undefined
  let timeEnd = 5
  while (timeEnd < line.length && !isSpace(line.charCodeAt(timeEnd))) timeEnd++
  if (timeEnd === 5 || !line.startsWith(' level=', timeEnd)) return undefined
  let levelStart = timeEnd + 7
  if (line.charCodeAt(levelStart) === 34) levelStart++
  let levelEnd = levelStart
  for (let c = line.charCodeAt(levelEnd); (c >= 65 && c <= 90) || (c >= 97 && c <= 122);)
    c = line.charCodeAt(++levelEnd)
  if (levelEnd === levelStart) return undefined
  const level = levelFromValue(line.slice(levelStart, levelEnd))
  if (level === undefined || interest.level(level)) return undefined
  const duration = DURATION.exec(line)
  const durationMs = duration ? durationFromField(duration[1], duration[2] ?? duration[3]) : undefined
  if (durationMs !== undefined && interest.slow(durationMs)) return undefined
  const time = timeFromValue(line.slice(5, timeEnd), times)
  return { format: 'logfmt', time, level, message: '', durationMs }
}

/** Whitespace as \s reads it in an ASCII line: space, \t, \n, \v, \f, \r. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}
