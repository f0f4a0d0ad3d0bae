import { WallClock } from '../shared/time.js'

// 2026-11-20T10:00:00.123Z, 2026-11-20 10:00:00,123 (Python's asctime), +01:00 / +0100 / UTC offsets.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:\s?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?/
// The same at the start of a text line, possibly in brackets: `[2026-11-20 10:00:00] ...`.
const LEADING_ISO =
  /^\[?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:\s?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?\]?/
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

  constructor(timeZone: string) {
    this.clock = new WallClock(timeZone)
  }

  /** An ISO-like string (JSON and logfmt fields), or undefined. */
  iso(text: string): number | undefined {
    const m = ISO.exec(text)
    return m ? this.fromParts(m) : undefined
  }

  /** A timestamp at the start of a text line: its epoch ms and where it ends. */
  leading(line: string): { time: number; end: number } | undefined {
    const c = line.charCodeAt(0)
    // Most lines can be turned away by their first character, before any regex runs.
    if (!((c >= 48 && c <= 57) || c === 91)) return undefined
    const m = LEADING_ISO.exec(line)
    if (!m) return undefined
    const time = this.fromParts(m)
    return time === undefined ? undefined : { time, end: m[0].length }
  }

  /** The common log format's `20/Nov/2026:10:00:00 +0000`. */
  clf(text: string): number | undefined {
    const m = CLF.exec(text)
    if (!m) return undefined
    const month = MONTHS[m[2]]
    if (month === undefined) return undefined
    const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number)
    if (m[7] === undefined) return this.clock.toEpoch(year, month, day, hour, minute, second)
    return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMs(m[7])
  }

  /** A number from a JSON field: epoch milliseconds, or seconds (with a fraction) when it is small. */
  epoch(value: number): number | undefined {
    if (!Number.isFinite(value) || value <= 0) return undefined
    return value > 1e11 ? Math.round(value) : Math.round(value * 1000)
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

/** `Z`, `+01:00`, `-0530`, `+02` as milliseconds ahead of UTC. */
function offsetMs(zone: string): number {
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  return sign * (hours * 60 + minutes) * 60_000
}
