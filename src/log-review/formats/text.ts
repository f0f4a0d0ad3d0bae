import { durationInText } from '../durations.js'
import { Interest, LogRecord, levelOf } from '../model.js'
import { TimeParser } from '../timestamps.js'
import { SystemHeader, systemHeader } from './system.js'

// A level word near the start of the line. In capitals it counts anywhere there; in other cases only
// in brackets or before a colon (`[error]`, `error:`), so ordinary words in a message are not levels.
const LEVEL_WORD =
  /(?:^|[\s[|(:-])(emerg|emergency|alert|panic|fatal|critical|crit|severe|error|err|warning|warn|notice|info|debug|trace)(?=[\s\]|):,/-]|$)/i
// Python logging's basicConfig default, `ERROR:app.db:message`, has no timestamp at all.
const LOGGER_NAME = /^[a-z_][\w]*(?:\.[\w-]+)*:\s*/
const PYTHON_DEFAULT = /^(CRITICAL|ERROR|WARNING|INFO|DEBUG):[\w.]*:/

/**
 * Python logging layouts and plain text with a level word: `2026-11-20 10:00:00,123 ERROR app.db: msg`,
 * `... - app.db - ERROR - msg`, `ERROR:app.db:msg`, `[2026-11-20T10:00:00Z] [error] msg`. A line with
 * neither a timestamp nor a level word is not a record: it continues the event before it.
 */
export function parseText(line: string, times: TimeParser): LogRecord | undefined {
  let stamp = times.leading(line)
  if (!stamp) {
    const header = systemHeader(line, times)
    if (header) return systemRecord(line, header)
  }
  const start = stamp?.end ?? 0
  const found = levelWord(line, start)
  // Django's verbose layout puts the level first: `ERROR 2026-11-20 10:00:00,123 views ...`.
  if (!stamp && found !== undefined && found.end < 12) {
    const offset = found.end + 1
    const after = times.leading(line.slice(offset))
    if (after) stamp = { time: after.time, end: offset + after.end }
  }
  if (!stamp && found === undefined) return undefined
  const python = isPython(line, stamp?.end, start)
  const message = textMessage(line, Math.max(found?.end ?? 0, stamp?.end ?? 0), found !== undefined, python)
  return {
    format: python ? 'python' : 'plain',
    time: stamp?.time,
    level: found === undefined ? 'info' : (levelOf(found.word) ?? 'info'),
    message,
    durationMs: durationInText(message),
  }
}

/**
 * The message of a text line whose timestamp and level word end before `from`: what follows, without
 * the separators, (after a level word) the context in brackets, and (Python) the logger's name.
 */
export function textMessage(line: string, from: number, afterLevel: boolean, python: boolean): string {
  let message = line.slice(from).replace(/^[\s\]):|-]+/, '')
  if (afterLevel) message = withoutContext(message)
  // `ERROR app.db: msg` and `ERROR:app.db:msg` put the logger's name before the message; JSON lines
  // and the ` - app.db - ERROR - ` layout do not. Without it the same message is one group in all.
  if (python) message = message.replace(LOGGER_NAME, '')
  return message
}

/**
 * What parseText makes of a line with a leading timestamp when its level is not reviewed and it holds
 * nothing that could read as a duration (a digit, maybe a space, then the first letter of a unit: a
 * superset of what durationInText reads): its format, time and level, without the costly message.
 * Undefined for any other line, which the caller then parses in full.
 */
export function textTimeOnly(line: string, times: TimeParser, interest: Interest): LogRecord | undefined {
  const stamp = times.leading(line)
  if (!stamp) return undefined
  const found = levelWord(line, stamp.end)
  const level = found === undefined ? 'info' : (levelOf(found.word) ?? 'info')
  if (interest.level(level) || DURATION_HINT.test(line)) return undefined
  const format = isPython(line, stamp.end, stamp.end) ? 'python' : 'plain'
  return { format, time: stamp.time, level, message: '' }
}

const DURATION_HINT = /\d\s?[mMsSuU\u00b5]/

/** Whether text[from, to) writes Python logging's ` - LEVEL - ` within its first 80 characters. */
export function pythonDashes(text: string, from: number, to: number): boolean {
  return / - [A-Z]+ - /.test(text.slice(from, Math.min(from + 80, to)))
}

/** Whether a text line is Python logging's: asctime's `,123`, the basicConfig default or ` - LEVEL - `. */
function isPython(line: string, stampEnd: number | undefined, start: number): boolean {
  return (
    (stampEnd !== undefined && line[stampEnd - 4] === ',') ||
    PYTHON_DEFAULT.test(line) ||
    pythonDashes(line, start, line.length)
  )
}

/** A line of a system layout: the level from its field, or (syslog) from the start of the message. */
function systemRecord(line: string, header: SystemHeader): LogRecord {
  let { level } = header
  let message = line.slice(header.end)
  if (level === undefined) {
    const found = levelWord(line, header.end)
    level = found === undefined ? 'info' : (levelOf(found.word) ?? 'info')
    if (found !== undefined) message = line.slice(found.end).replace(/^[\s\]):|-]+/, '')
  }
  return { format: 'plain', time: header.time, level, message, durationMs: durationInText(message) }
}

/**
 * The message without the thread or context in brackets that log4j, Logback and their kin write after
 * the level (`WARN [LeaseRenewer:user@host-41] org.apache...`, `WARN  [QuorumPeer[myid=1]/...] - ...`):
 * it says who logged, not what happened, and would split one message into a group per thread.
 */
function withoutContext(message: string): string {
  if (message.charCodeAt(0) !== 91 /* [ */) return message
  let depth = 0
  for (let i = 0; i < message.length && i < 400; i++) {
    const c = message.charCodeAt(i)
    if (c === 91) depth++
    else if (c === 93 && --depth === 0) {
      const rest = message.slice(i + 1).replace(/^[\s:|-]+/, '')
      // A message that is only a bracketed text keeps it.
      return rest === '' ? message : rest
    }
  }
  return message
}

/** The level word within 80 characters of `start`, and where it ends. */
function levelWord(line: string, start: number): { word: string; end: number } | undefined {
  // Fast path: the word right after the timestamp (`... ERROR app.db: ...`, `... [error] ...`).
  let i = start
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 91) i++
  let j = i
  for (let c = line.charCodeAt(j); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = line.charCodeAt(++j));
  if (j > i && acceptable(line, i, j)) return { word: line.slice(i, j), end: j }

  const head = line.slice(start, start + 80)
  const m = LEVEL_WORD.exec(head)
  if (!m) return undefined
  const end = start + m.index + m[0].length
  return acceptable(line, end - m[1].length, end) ? { word: m[1], end } : undefined
}

/** Whether line[from, to) is a level word as a level is written, not a word of the message. */
function acceptable(line: string, from: number, to: number): boolean {
  const word = line.slice(from, to)
  if (levelOf(word) === undefined) return false
  const after = line[to]
  // Celery writes `[... ERROR/MainProcess]`.
  if (after !== undefined && !/[\s\]|):,/-]/.test(after)) return false
  if (line[from - 1] === '[' || after === ']' || after === ':') return true
  // ERR in capitals is too common a word part (ERR_CONNECTION) to count without brackets or a colon.
  return word === word.toUpperCase() && word !== 'ERR'
}
