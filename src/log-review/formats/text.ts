import { durationInText } from '../durations.js'
import { LogRecord, levelOf } from '../model.js'
import { TimeParser } from '../timestamps.js'

// A level word near the start of the line. In capitals it counts anywhere there; in other cases only
// in brackets or before a colon (`[error]`, `error:`), so ordinary words in a message are not levels.
const LEVEL_WORD =
  /(?:^|[\s[|(:-])(emerg|emergency|alert|panic|fatal|critical|crit|severe|error|err|warning|warn|notice|info|debug|trace)(?=[\s\]|):,-]|$)/i
// Python logging's basicConfig default, `ERROR:app.db:message`, has no timestamp at all.
const PYTHON_DEFAULT = /^(CRITICAL|ERROR|WARNING|INFO|DEBUG):[\w.]*:/

/**
 * Python logging layouts and plain text with a level word: `2026-11-20 10:00:00,123 ERROR app.db: msg`,
 * `... - app.db - ERROR - msg`, `ERROR:app.db:msg`, `[2026-11-20T10:00:00Z] [error] msg`. A line with
 * neither a timestamp nor a level word is not a record: it continues the event before it.
 */
export function parseText(line: string, times: TimeParser): LogRecord | undefined {
  const stamp = times.leading(line)
  const start = stamp?.end ?? 0
  const head = line.slice(start, start + 80)
  const m = LEVEL_WORD.exec(head)
  let word: string | undefined
  if (m) {
    const before = head[m.index + m[0].length - m[1].length - 1]
    const after = head[m.index + m[0].length]
    const marked = before === '[' || after === ']' || after === ':'
    // ERR in capitals is too common a word part (ERR_CONNECTION) to count without its brackets or colon.
    const capitals = m[1] === m[1].toUpperCase() && m[1] !== 'ERR'
    if (capitals || marked) word = m[1]
  }
  if (!stamp && word === undefined) return undefined
  const message = (
    word === undefined ? line.slice(start) : head.slice(m!.index + m![0].length) + line.slice(start + 80)
  ).replace(/^[\s\]):|-]+/, '')
  const python =
    (stamp !== undefined && line[stamp.end - 4] === ',') ||
    PYTHON_DEFAULT.test(line) ||
    / - [A-Z]+ - /.test(head)
  return {
    format: python ? 'python' : 'plain',
    time: stamp?.time,
    level: word === undefined ? 'info' : (levelOf(word) ?? 'info'),
    message,
    durationMs: durationInText(message),
  }
}
