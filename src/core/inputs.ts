import { ConfigurationError } from './errors.js'
import { formatDuration, invalidInput, parseDuration, parseSize } from './units.js'

/** Reads one raw input by its action.yml name; `''` when it is not set. */
export type InputGetter = (name: string) => string

/** Inputs from a plain object, for the CLI and tests. */
export function objectInputGetter(values: Record<string, string | undefined>): InputGetter {
  return (name) => (values[name] ?? '').trim()
}

interface Bounds {
  min?: number
  max?: number
}

/**
 * Typed, validated access to inputs. Every method throws a ConfigurationError naming the input, what
 * was given and what is allowed, so a bad value fails before any work starts.
 */
export class InputReader {
  constructor(private readonly get: InputGetter) {}

  /** The trimmed value, or undefined when empty. */
  optional(name: string): string | undefined {
    const value = this.get(name).trim()
    return value === '' ? undefined : value
  }

  required(name: string): string {
    const value = this.optional(name)
    if (value === undefined) throw new ConfigurationError(`input '${name}' is required but was not set`)
    return value
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback
  }

  /** Items separated by commas or new lines, trimmed, empty ones dropped. */
  list(name: string, fallback: string[] = []): string[] {
    const value = this.optional(name)
    return value === undefined ? fallback : splitList(value)
  }

  /** Non-empty lines, trimmed (for inputs whose items may themselves contain commas, such as headers). */
  lines(name: string): string[] {
    return (this.optional(name) ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name)
    if (value === undefined) return fallback
    if (/^true$/i.test(value)) return true
    if (/^false$/i.test(value)) return false
    return invalidInput(name, value, 'use true or false')
  }

  enum<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name)
    if (value === undefined) return fallback
    const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase())
    return match ?? invalidInput(name, value, `use one of ${allowed.join(', ')}`)
  }

  integer(name: string, fallback: number, bounds: Bounds = {}): number {
    const value = this.optional(name)
    if (value === undefined) return fallback
    if (!/^-?\d+$/.test(value))
      return invalidInput(name, value, `use a whole number${describeBounds(bounds)}`)
    return checkBounds(name, value, Number(value), bounds, String)
  }

  number(name: string, fallback: number, bounds: Bounds = {}): number {
    const value = this.optional(name)
    if (value === undefined) return fallback
    const parsed = Number(value)
    if (!Number.isFinite(parsed)) return invalidInput(name, value, `use a number${describeBounds(bounds)}`)
    return checkBounds(name, value, parsed, bounds, String)
  }

  /** A duration in milliseconds from `500ms`, `5s`, `2m`, `1h`, `7d`. */
  duration(name: string, fallback: number, bounds: Bounds = {}): number {
    return this.optionalDuration(name, bounds) ?? fallback
  }

  optionalDuration(name: string, bounds: Bounds = {}): number | undefined {
    const value = this.optional(name)
    if (value === undefined) return undefined
    const ms = parseDuration(value)
    if (ms === undefined) return invalidInput(name, value, 'use a duration such as 500ms, 5s, 2m, 1h or 7d')
    return checkBounds(name, value, ms, bounds, formatDuration)
  }

  /** A size in bytes from `512B`, `1KB`, `10MB`, `1GB`. */
  size(name: string, fallback: number, bounds: Bounds = {}): number {
    const value = this.optional(name)
    if (value === undefined) return fallback
    const bytes = parseSize(value)
    if (bytes === undefined) return invalidInput(name, value, 'use a size such as 512B, 1KB, 10MB or 1GB')
    return checkBounds(name, value, bytes, bounds, (n) => `${n} bytes`)
  }

  /** A time zone: UTC or an IANA name (Europe/Berlin), checked against the runtime's zone data. */
  timeZone(name: string, fallback = 'UTC'): string {
    const value = this.string(name, fallback)
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value })
    } catch {
      return invalidInput(name, value, 'use UTC or an IANA name such as Europe/Berlin')
    }
    return value
  }

  /** A share from `0.05`, `5%`: returned as a fraction between 0 and 1. */
  fraction(name: string, fallback: number): number {
    const value = this.optional(name)
    if (value === undefined) return fallback
    const percent = value.endsWith('%')
    const digits = (percent ? value.slice(0, -1) : value).trim()
    const parsed = digits === '' ? NaN : Number(digits)
    const share = percent ? parsed / 100 : parsed
    if (!Number.isFinite(parsed) || share < 0 || share > 1) {
      return invalidInput(name, value, 'use a share from 0 to 1 (0.05) or a percentage (5%)')
    }
    return share
  }
}

/** Splits on commas and new lines, trims, drops empties. */
export function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

function checkBounds(
  name: string,
  given: string,
  value: number,
  bounds: Bounds,
  show: (n: number) => string,
): number {
  if ((bounds.min !== undefined && value < bounds.min) || (bounds.max !== undefined && value > bounds.max)) {
    return invalidInput(name, given, `use a value${describeBounds(bounds, show)}`)
  }
  return value
}

function describeBounds(bounds: Bounds, show: (n: number) => string = String): string {
  if (bounds.min !== undefined && bounds.max !== undefined)
    return ` from ${show(bounds.min)} to ${show(bounds.max)}`
  if (bounds.min !== undefined) return ` of at least ${show(bounds.min)}`
  if (bounds.max !== undefined) return ` of at most ${show(bounds.max)}`
  return ''
}
