import { durationInText, TEXT_UNITS } from './durations.js'
import {
  DURATION_KEYS,
  durationFromField,
  durationFromJson,
  JSON_NUMBER,
  keyAlternatives,
} from './formats/fields.js'
import { responseTime } from './formats/access.js'
import { isSpace } from './formats/logfmt.js'
import { pythonDashes, textMessage } from './formats/text.js'
import { FormatChoice } from './inputs.js'
import { FormatName, Interest, Level } from './model.js'
import { TimeParser } from './timestamps.js'

/**
 * The fast lane: most lines of a log are records nobody asked about (an info line, a request that was
 * neither a 5xx nor slow), and all the review needs of one is its format, its time and its level. The
 * lane reads those in place, by character codes in the latin1 text of a piece of lines, without
 * cutting the line out, without a record and without an event object: the common layouts of each
 * format, nothing else. A line it is not sure of is declined and read the usual way (the prefilter's
 * time-only reading, else the full parser), so what it accepts is exactly what the parser would say:
 * test/log-review/prefilter.test.ts compares the two on every line of the Loghub samples,
 * test/log-review/fast-lane.test.ts on lines at each layout's edges and thousands of mutations of them.
 *
 * Lines given to `read` are ASCII (the prefilter decodes others as UTF-8 and parses them in full), so a
 * character is a byte and `\s` is one of the six ASCII white-space characters.
 */
export class FastLane {
  /** What `read` found in the last line it accepted. */
  format: FormatName = 'plain'
  level: Level = 'info'
  time = 0

  constructor(
    private readonly choice: FormatChoice,
    private readonly times: TimeParser,
    private readonly interest: Interest,
  ) {
    this.infoQuiet = !interest.level('info')
  }

  /** Whether info records are not reviewed: an access line's level is info unless it is a 5xx. */
  private readonly infoQuiet: boolean

  /**
   * Reads text[start, end) (one ASCII line of the current piece, without its line ending): true when it
   * is an uninteresting record of a common layout, its format, level and time then set; false when the
   * line is to be read the usual way.
   */
  read(text: string, start: number, end: number): boolean {
    const c = text.charCodeAt(start)
    switch (this.choice) {
      case 'json':
        return c === 123 && this.json(text, start, end)
      case 'logfmt':
        return c === 116 && this.logfmt(text, start, end)
      case 'access':
        return this.access(text, start, end)
      case 'python':
      case 'plain':
        return isDigit(c) && this.text(text, start, end)
      case 'auto':
        break
    }
    // format: auto, in LineParser.parse's order: JSON; access (tried on a line holding ` HTTP/`); logfmt;
    // text. A line that does not match the access layout reads as if it held no ` HTTP/` (uvicorn's
    // layout, the other access layout, starts with capitals: no line the lane reads).
    if (c === 123) return this.json(text, start, end)
    this.notAccess = false
    if (c === 116 /* t */) return this.unlessAccess(this.logfmt(text, start, end), text, start, end)
    const textRead = isDigit(c) && !startsLikeLogfmt(text, start, end) && this.text(text, start, end)
    return this.unlessAccess(textRead, text, start, end)
  }

  /**
   * Set by the text and logfmt lanes when the line they read cannot match the access layout: its first
   * three fields are known from what they read, and the fourth does not start with `[`. Checking that
   * costs a few comparisons; matching the layout's expression costs more than the rest of the lane.
   */
  private notAccess = false

  /**
   * What auto-detection makes of a line another lane read (`read`) or not: the access lane's answer
   * when it is an access line (the access layout and ` HTTP/`), else `read`. A line of the access
   * layout without ` HTTP/` is read as logfmt or text, as the parser does.
   */
  private unlessAccess(read: boolean, text: string, start: number, end: number): boolean {
    if (read && this.notAccess) return true
    if (this.accessMatch(text, start, end) && this.holdsHttp(text, start, end))
      return this.quietAccess(text, end)
    return read
  }

  /** `{"time":"…","level":"…",…}`: what jsonTimeOnly reads, in place (see there why this is exact). */
  private json(text: string, start: number, end: number): boolean {
    if (!text.startsWith(JSON_TIME, start) || text.charCodeAt(lastNonSpace(text, start, end)) !== 125 /* } */)
      return false
    const valueStart = start + JSON_TIME.length
    const timeEnd = text.indexOf('"', valueStart)
    if (timeEnd <= valueStart || timeEnd >= end || !text.startsWith(JSON_LEVEL, timeEnd + 1)) return false
    const levelStart = timeEnd + 1 + JSON_LEVEL.length
    const levelEnd = lettersEnd(text, levelStart)
    if (text.charCodeAt(levelEnd) !== 34 /* " */ || !this.quietLevel(text, levelStart, levelEnd)) return false
    // No key before the level's value can be a duration's: the search starts after it.
    if (!this.quietField(LINE_SEARCHES.jsonDuration, durationFromJson, text, levelEnd, end)) return false
    return this.isoTime(text, valueStart, timeEnd, 'json')
  }

  /** `time=… level=… …` (unquoted time): what logfmtTimeOnly reads, in place. */
  private logfmt(text: string, start: number, end: number): boolean {
    if (!text.startsWith('time=', start) || text.charCodeAt(start + 5) === 34) return false
    const valueStart = start + 5
    let timeEnd = valueStart
    while (timeEnd < end && !isSpace(text.charCodeAt(timeEnd))) timeEnd++
    if (timeEnd === valueStart || !text.startsWith(' level=', timeEnd)) return false
    let levelStart = timeEnd + 7
    if (text.charCodeAt(levelStart) === 34) levelStart++
    const levelEnd = Math.min(lettersEnd(text, levelStart), end)
    if (!this.quietLevel(text, levelStart, levelEnd)) return false
    if (!this.quietField(LINE_SEARCHES.logfmtDuration, logfmtDuration, text, start, end)) return false
    if (!this.isoTime(text, valueStart, timeEnd, 'logfmt')) return false
    // The access layout's first two fields are `time=…` and `level=…` here (an unquoted level); the
    // third runs to the next white space, and the fourth would have to start with `[`.
    if (levelStart === timeEnd + 7 && text.charCodeAt(levelEnd) === 32) {
      let third = levelEnd + 1
      while (third < end && !isSpace(text.charCodeAt(third))) third++
      this.notAccess =
        third === levelEnd + 1 || text.charCodeAt(third) !== 32 || text.charCodeAt(third + 1) !== 91
    }
    return true
  }

  /**
   * `2026-11-20 10:00:00,123 INFO app: message` (Python logging) and other lines that start with an ISO
   * timestamp and a level word: what textTimeOnly reads, in place.
   */
  private text(text: string, start: number, end: number): boolean {
    const time = this.times.isoAt(text, start)
    const stampEnd = this.times.isoEnd
    if (time === undefined || stampEnd > end) return false
    // The level word right after the stamp (levelWord's fast path), accepted as a level only as
    // `acceptable` accepts it: in brackets, before a colon, or in capitals.
    let i = stampEnd
    for (let ch = text.charCodeAt(i); (ch === 32 || ch === 91) && i < end; ch = text.charCodeAt(++i));
    const wordEnd = Math.min(lettersEnd(text, i), end)
    if (wordEnd === i) return false
    const after = wordEnd < end ? text.charCodeAt(wordEnd) : -1
    if (after !== -1 && !LEVEL_FOLLOWER.has(after)) return false
    const marked = text.charCodeAt(i - 1) === 91 || after === 93 || after === 58
    if (!marked && !isUpper(text, i, wordEnd)) return false
    if (!this.quietLevel(text, i, wordEnd)) return false
    // Python's asctime ends `,123`; another layout is Python's when it writes ` - LEVEL - `.
    let format: FormatName = 'python'
    if (text.charCodeAt(stampEnd - 4) !== 44 /* , */) {
      format = pythonDashes(text, stampEnd, end) ? 'python' : 'plain'
    }
    // What may be a duration (`finished in 440ms`) is read from the message as parseText reads it.
    // The stamp holds no hint (a digit there is followed by a separator, or by a space and the level
    // word, and no level word the lane takes starts with m, s or u): the search starts after the word.
    if (foundInLine(LINE_SEARCHES.durationHint, text, wordEnd, end)) {
      const line = text.slice(start, end)
      const durationMs = durationInText(textMessage(line, wordEnd - start, true, format === 'python'))
      if (durationMs !== undefined && this.interest.slow(durationMs)) return false
    }
    this.format = format
    this.time = time
    // The access layout's first three fields are the date, the time and the level word here; its
    // fourth would have to start with `[`.
    this.notAccess =
      text.charCodeAt(start + 10) === 32 &&
      text.charCodeAt(stampEnd) === 32 &&
      i === stampEnd + 1 &&
      text.charCodeAt(wordEnd) === 32 &&
      text.charCodeAt(wordEnd + 1) !== 91
    return true
  }

  /**
   * A common or combined access line (gunicorn, nginx, Apache) that is neither a 5xx nor slow, its
   * response time read by formats/access.ts's responseTime.
   */
  private access(text: string, start: number, end: number): boolean {
    return this.accessMatch(text, start, end) && this.quietAccess(text, end)
  }

  /** Whether the line accessMatch just matched is a quiet request, its time then read. */
  private quietAccess(text: string, end: number): boolean {
    if (!this.infoQuiet) return false
    // A 5xx is an error: read the usual way.
    if (text.charCodeAt(this.statusAt) >= 53 /* 5 */) return false
    const durationMs = responseTime(text, this.matchEnd, end)
    if (durationMs !== undefined && this.interest.slow(durationMs)) return false
    const time = this.times.clf(text.slice(this.stampStart, this.stampEnd))
    // No time: still an access record, but the lane keeps to lines with one.
    if (time === undefined) return false
    this.format = 'access'
    this.level = 'info'
    this.time = time
    return true
  }

  /** Where accessMatch found the timestamp, the status and the end of the match. */
  private stampStart = 0
  private stampEnd = 0
  private statusAt = 0
  private pathEnd = 0
  private matchEnd = 0

  /**
   * Whether text[start, end) matches COMMON of formats/access.ts (ACCESS_LINE below, kept to the line),
   * and where its parts are.
   */
  private accessMatch(text: string, start: number, end: number): boolean {
    ACCESS_LINE.lastIndex = start
    if (!ACCESS_LINE.test(text)) return false
    const matchEnd = ACCESS_LINE.lastIndex
    // The three fields before `[` hold no space: the stamp starts after the third.
    let bracket = text.indexOf(' ', start)
    bracket = text.indexOf(' ', bracket + 1)
    bracket = text.indexOf(' ', bracket + 1) + 1
    this.stampStart = bracket + 1
    this.stampEnd = text.indexOf(']', bracket)
    // The match ends `" 200 1234` or `" 200 -`: back over the size to the status.
    let i = matchEnd - 1
    while (isDigit(text.charCodeAt(i))) i--
    if (text.charCodeAt(i) === 45 && i === matchEnd - 1) i--
    this.statusAt = i - 3
    // After `] "METHOD `: where the path ends, if at a space (only a first guess for holdsHttp).
    this.pathEnd = text.indexOf(' ', text.indexOf(' ', this.stampEnd + 3) + 1)
    this.matchEnd = matchEnd
    return matchEnd <= end
  }

  /** Whether the line accessMatch matched holds ` HTTP/` (auto-detection tries only those as access). */
  private holdsHttp(text: string, start: number, end: number): boolean {
    if (text.startsWith(' HTTP/', this.pathEnd)) return true
    const at = text.indexOf(' HTTP/', start)
    return at >= 0 && at + 6 <= end
  }

  /**
   * Whether the line's first duration field (`search`: the parser's DURATION expression kept to the
   * line) is absent or not slow.
   */
  private quietField(
    search: RegExp,
    read: (key: string, quoted: string | undefined, bare: string) => number | undefined,
    text: string,
    start: number,
    end: number,
  ): boolean {
    search.lastIndex = start
    const m = search.exec(text)
    if (m === null || m.index >= end || m[1] === undefined) return true
    const durationMs = read(m[1], m[2], m[3])
    return durationMs === undefined || !this.interest.slow(durationMs)
  }

  /** An ISO time at text[from, to) as timeFromValue reads a field's value; false for any other. */
  private isoTime(text: string, from: number, to: number, format: FormatName): boolean {
    const time = this.times.isoAt(text, from)
    if (time === undefined || this.times.isoEnd > to) return false
    this.format = format
    this.time = time
    return true
  }

  /** Whether text[from, to) is a level word nobody reviews (`info`, `DEBUG`...), then kept in `level`. */
  private quietLevel(text: string, from: number, to: number): boolean {
    const level = quietLevelOf(text, from, to)
    if (level === undefined || this.interest.level(level)) return false
    this.level = level
    return true
  }
}

const JSON_TIME = '{"time":"'
const JSON_LEVEL = ',"level":"'
/** What may follow a level word (`acceptable` in formats/text.ts). */
const LEVEL_FOLLOWER = new Set([...' \t\n\v\f\r]|):,/-'].map((ch) => ch.charCodeAt(0)))
/**
 * COMMON of formats/access.ts at a line's start (sticky), its negated classes also stopping at a
 * newline: on one line the two match the same.
 */
const ACCESS_LINE = /\S+ \S+ \S+ \[[^\]\n]+\] "[A-Z]+ [^ "\n]+[^"\n]*" \d{3} (?:\d+|-)/y

/**
 * The levels the lane knows, all of them below warning (levelOf in model.ts reads these the same, in
 * any case); anything else is declined.
 */
const QUIET_LEVELS: [string, Level][] = [
  ['info', 'info'],
  ['debug', 'debug'],
  ['trace', 'debug'],
  ['notice', 'info'],
  ['information', 'info'],
  ['verbose', 'debug'],
]

function quietLevelOf(text: string, from: number, to: number): Level | undefined {
  const length = to - from
  for (const [word, level] of QUIET_LEVELS) {
    if (word.length !== length) continue
    let i = 0
    // | 32 lower-cases an ASCII letter (the word's characters are letters: see lettersEnd).
    while (i < length && (text.charCodeAt(from + i) | 32) === word.charCodeAt(i)) i++
    if (i === length) return level
  }
  return undefined
}

const DURATION_ALTERNATIVES = keyAlternatives(DURATION_KEYS)

/** A logfmt duration field's value as parseLogfmt reads it: quoted or not, the text as it is. */
const logfmtDuration = (key: string, quoted: string | undefined, bare: string) =>
  durationFromField(key, quoted ?? bare)

/**
 * Searches of a piece of lines that stop at the line's end: each matches either what is looked for or
 * the newline, so one native scan answers for one line (a loop over the characters in JavaScript costs
 * several times more). White space is `[^\S\n]`, so that no match runs into the next line: on the
 * line alone each matches what the expression it stands for matches.
 */
const LINE_SEARCHES = {
  /** formats/json.ts's DURATION: `"duration_ms": 12`, `"took": "1.2s"`. */
  jsonDuration: new RegExp(
    `"(${DURATION_ALTERNATIVES})"[^\\S\\n]*:[^\\S\\n]*(?:"([^"\\n]*)"|(${JSON_NUMBER}))|\\n`,
    'g',
  ),
  /** formats/logfmt.ts's DURATION after white space (the lane's lines start with `time=`). */
  logfmtDuration: new RegExp(`[^\\S\\n](${DURATION_ALTERNATIVES})=(?:"([^"\\n]*)"|(\\S+))|\\n`, 'g'),
  /**
   * What durationInText's match ends with: a digit, maybe a white space, a unit, a word boundary. The
   * message it reads is the end of the line (textMessage only drops a prefix), so a line without this
   * holds no duration; `invoice 77312 sent` is no hint (textTimeOnly's looser DURATION_HINT took it).
   */
  durationHint: new RegExp(String.raw`\d[^\S\n]?(?:${TEXT_UNITS})\b|\n`, 'gi'),
}

/** Whether `search` finds its target in text[from, end) (or runs across the line's end). */
function foundInLine(search: RegExp, text: string, from: number, end: number): boolean {
  search.lastIndex = from
  // test, not exec: no match object made. What matched ends with a newline only when it is the line's
  // end; no match at all: the piece's last line (the file's, without a newline) holds none.
  return search.test(text) && text.charCodeAt(search.lastIndex - 1) !== 10 && search.lastIndex - 1 <= end
}

/** looksLikeLogfmt's /^[\w.@-]+=/ on text[start, end). */
function startsLikeLogfmt(text: string, start: number, end: number): boolean {
  let i = start
  for (; i < end; i++) {
    const c = text.charCodeAt(i)
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
    if (!word && c !== 46 && c !== 64 && c !== 45) break
  }
  return i > start && i < end && text.charCodeAt(i) === 61
}

/** Where the run of ASCII letters at text[from] ends. */
function lettersEnd(text: string, from: number): number {
  let i = from
  for (let c = text.charCodeAt(i); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = text.charCodeAt(++i));
  return i
}

function isUpper(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 90) return false
  return true
}

/** The last character of text[start, end) that trimEnd keeps (start - 1 when there is none). */
function lastNonSpace(text: string, start: number, end: number): number {
  let i = end - 1
  while (i >= start && isSpace(text.charCodeAt(i))) i--
  return i
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}
