import { WallClock } from '../core/time.js'

// 2026-11-20T10:00:00.123Z, 2026-11-20 10:00:00,123 (Python's asctime), +01:00 / +0100 / UTC offsets.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:\s?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?/
// The same at the start of a text line, possibly in brackets (`[2026-11-20 10:00:00 +0000]`, gunicorn's
// error log), or with slashes (`2026/11/20 10:00:00`, nginx's error log).
const LEADING_ISO =
  /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:\s?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?\]?/
// Common log format: 20/Nov/2026:10:00:00 +0000.
const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: ([+-]\d{4}))?/
const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
}

/**
 * Reads the timestamps of log lines into epoch milliseconds. A timestamp with an offset is exact; one
 * without is wall-clock time in the configured zone, so files written in different zones line up.
 */
export class TimeParser {
  private readonly clock: WallClock
  /** Epoch ms of wall-clock hours already converted (key: year, month, day, hour and zone flag as one small integer), as lines share their hour. */
  private readonly hours = new Map<number, number>()
  private readonly clfHours = new Map<string, number>()
  /**
   * The hour of the last ISO timestamp read (its `hours` key and epoch ms), one for local and one for
   * UTC stamps: a file that mixes both (Python's local asctime, JSON's `Z`) would otherwise miss it.
   */
  private readonly lastHour = [
    { key: -1, ms: 0 },
    { key: -1, ms: 0 },
  ]
  /** The last CLF timestamp read and the epoch ms of its hour. */
  private lastClf: { text: string; hourMs: number } | undefined

  constructor(timeZone: string) {
    this.clock = new WallClock(timeZone)
  }

  /** An ISO-like string (JSON and logfmt fields), or undefined. */
  iso(text: string): number | undefined {
    const fast = this.isoAt(text, 0)
    if (fast !== undefined) return fast
    const m = ISO.exec(text)
    return m ? this.fromParts(m) : undefined
  }

  /** A timestamp at the start of a text line: its epoch ms and where it ends. */
  leading(line: string): { time: number; end: number } | undefined {
    const c = line.charCodeAt(0)
    // Most lines can be turned away by their first character, before any regex runs.
    if (!((c >= 48 && c <= 57) || c === 91)) return undefined
    const fast = this.isoAt(line, c === 91 ? 1 : 0)
    if (fast !== undefined)
      return { time: fast, end: this.isoEnd + (c === 91 && line[this.isoEnd] === ']' ? 1 : 0) }
    const m = LEADING_ISO.exec(line)
    if (!m) return undefined
    const time = this.fromParts(m)
    return time === undefined ? undefined : { time, end: m[0].length }
  }

  /** The common log format's `20/Nov/2026:10:00:00 +0000`. */
  clf(text: string): number | undefined {
    return this.fastClf(text) ?? this.clfSlow(text)
  }

  /** A number from a JSON field: epoch milliseconds, or seconds (with a fraction) when it is small. */
  epoch(value: number): number | undefined {
    if (!Number.isFinite(value) || value <= 0) return undefined
    return value > 1e11 ? Math.round(value) : Math.round(value * 1000)
  }

  /** Where the timestamp the last successful isoAt read ends. */
  isoEnd = 0

  /**
   * `YYYY-MM-DD[T ]HH:MM:SS[.,fff][Z]` at text[at] (the rest of the text is not read) as epoch ms, its
   * end in `isoEnd`; read by character codes, with the hour's epoch remembered: the common case, about
   * ten times cheaper than the regex, and no string cut out of a line. Anything else (offsets, odd
   * layouts) is undefined: the regex reads those.
   */
  isoAt(text: string, at: number): number | undefined {
    const sep = text.charCodeAt(at + 10)
    if (
      text.charCodeAt(at + 4) !== 45 ||
      text.charCodeAt(at + 7) !== 45 ||
      (sep !== 84 && sep !== 32) ||
      text.charCodeAt(at + 13) !== 58 ||
      text.charCodeAt(at + 16) !== 58
    )
      return undefined
    const year =
      digitAt(text, at + 0) * 1000 +
      digitAt(text, at + 1) * 100 +
      digitAt(text, at + 2) * 10 +
      digitAt(text, at + 3)
    const month = digitAt(text, at + 5) * 10 + digitAt(text, at + 6)
    const day = digitAt(text, at + 8) * 10 + digitAt(text, at + 9)
    const hour = digitAt(text, at + 11) * 10 + digitAt(text, at + 12)
    const minute = digitAt(text, at + 14) * 10 + digitAt(text, at + 15)
    const second = digitAt(text, at + 17) * 10 + digitAt(text, at + 18)
    if (
      year < 0 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > 31 ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 60
    )
      return undefined
    let end = at + 19
    let ms = 0
    const point = text.charCodeAt(end)
    if (point === 46 || point === 44) {
      let scale = 100
      end++
      for (let d = digitAt(text, end); d >= 0; d = digitAt(text, ++end)) {
        ms += d * scale
        scale /= 10
      }
      ms = Math.floor(ms)
    }
    const zone = text.charCodeAt(end)
    let utc = false
    if (zone === 90 /* Z */) {
      utc = true
      end++
    } else if (zone === 43 || zone === 45 || (zone === 32 && offsetAfterSpace(text, end + 1))) {
      return undefined // an offset: the regex reads those
    }
    // A small integer (a Smi to V8: no number allocated per line), unique per hour, zone flag and year.
    const key = ((((year * 13 + month) * 32 + day) * 24 + hour) << 1) | (utc ? 1 : 0)
    const minutes = minute * 60_000 + second * 1000 + ms
    // Neighbouring lines share their hour: the last one answers most lines without a map look-up.
    const last = this.lastHour[key & 1]
    this.isoEnd = end
    if (key === last.key) return last.ms + minutes
    let hourMs = this.hours.get(key)
    if (hourMs === undefined) {
      hourMs = utc ? Date.UTC(year, month - 1, day, hour) : this.clock.toEpoch(year, month, day, hour, 0, 0)
      if (this.hours.size > 100_000) this.hours.clear()
      this.hours.set(key, hourMs)
    }
    last.key = key
    last.ms = hourMs
    return hourMs + minutes
  }

  /** `20/Nov/2026:10:00:00 +0000` by character codes, the hour remembered by its first 14 characters. */
  private fastClf(text: string): number | undefined {
    if (
      text.length !== 26 ||
      text.charCodeAt(14) !== 58 ||
      text.charCodeAt(17) !== 58 ||
      text.charCodeAt(20) !== 32
    )
      return undefined
    const two = (i: number) => (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48
    const minute = two(15)
    const second = two(18)
    if (!(minute >= 0 && minute <= 59 && second >= 0 && second <= 60)) return undefined
    if (this.lastClf !== undefined && sameHour(text, this.lastClf.text))
      return this.lastClf.hourMs + minute * 60_000 + second * 1000
    const key = text.slice(0, 14) + text.slice(20)
    let hourMs = this.clfHours.get(key)
    if (hourMs === undefined) {
      hourMs = this.clfSlow(text.slice(0, 14) + ':00:00' + text.slice(20))
      if (hourMs === undefined) return undefined
      if (this.clfHours.size > 100_000) this.clfHours.clear()
      this.clfHours.set(key, hourMs)
    }
    this.lastClf = { text, hourMs }
    return hourMs + minute * 60_000 + second * 1000
  }

  private clfSlow(text: string): number | undefined {
    const m = CLF.exec(text)
    if (!m) return undefined
    const month = MONTHS[m[2]]
    if (month === undefined) return undefined
    const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number)
    if (m[7] === undefined) return this.clock.toEpoch(year, month, day, hour, minute, second)
    return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMs(m[7])
  }

  private fromParts(m: RegExpExecArray): number | undefined {
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number)
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
      return undefined
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
    const zone = m[8]
    if (zone === undefined) return this.clock.toEpoch(year, month, day, hour, minute, second, ms)
    return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs(zone)
  }
}

/** The digit at text[i], or a large negative number that fails every range check. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48
  return d >= 0 && d <= 9 ? d : -100_000
}

/** Whether text[at...] is an offset or zone written after a space (`+01:00`, `-0500`, `UTC`, `GMT`). */
function offsetAfterSpace(text: string, at: number): boolean {
  const c = text.charCodeAt(at)
  if (c === 43 || c === 45) {
    const d = text.charCodeAt(at + 1)
    return d >= 48 && d <= 57
  }
  return text.startsWith('UTC', at) || text.startsWith('GMT', at)
}

/** Whether two 26-character CLF timestamps share day, hour and offset (`20/Nov/2026:10` and `+0000`). */
function sameHour(a: string, b: string): boolean {
  for (let i = 0; i < 14; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false
  for (let i = 20; i < 26; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false
  return true
}

/** `Z`, `+01:00`, `-0530`, `+02` as milliseconds ahead of UTC. */
function offsetMs(zone: string): number {
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  return sign * (hours * 60 + minutes) * 60_000
}
