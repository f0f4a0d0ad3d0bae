/** Durations as applications write them, in milliseconds. */

// No prototype: a unit read from a log (`5constructor`) must not find Object's members.
const UNIT_MS: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  // The Greek letter, which the micro sign matches in a case-insensitive expression (IN_TEXT).
  μs: 1e-3,
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minutes: 60_000,
})

/** `350ms`, `1.2s`, `2 min`, `1500us`; a bare number is taken in `bareUnit`. */
export function parseDurationValue(text: string, bareUnit: 'ms' | 's'): number | undefined {
  // Most values are a bare number or a number and a lower-case unit (`86`, `542ms`): read without the
  // expression, which makes a match and two strings per value. The rest (spaces, capitals) takes it.
  const numberEnd = decimalEnd(text, 0, text.length)
  if (numberEnd > 0 && lowerLettersEnd(text, numberEnd) === text.length) {
    const factor = UNIT_MS[numberEnd === text.length ? bareUnit : text.slice(numberEnd)]
    return factor === undefined ? undefined : Number(text.slice(0, numberEnd)) * factor
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)\s*$/i.exec(text)
  if (!m) return undefined
  const unit = m[2] === '' ? bareUnit : m[2].toLowerCase()
  const factor = UNIT_MS[unit]
  return factor === undefined ? undefined : Number(m[1]) * factor
}

/** The units durationInText reads after a number, as a RegExp alternation. */
export const TEXT_UNITS = 'ms|s|sec|secs|seconds|us|µs|min|mins|minutes'

/**
 * `took 1.2s`, `in 1234ms`, `elapsed=0.5s`, `duration: 200 ms`, `(1.23s)` in free text. `retrying in 5s`
 * and the like are waits, not durations, and are left alone.
 */
const IN_TEXT = new RegExp(
  String.raw`(?:\b(?:took|elapsed|duration|latency|time)\s*[=:]?\s*|(?<!\b(?:retry|retrying|again|wait|waiting|sleep|sleeping|backoff|after)\s)\bin\s+|\()(\d+(?:\.\d+)?)\s?(${TEXT_UNITS})\b`,
  'i',
)

export function durationInText(text: string): number | undefined {
  const m = IN_TEXT.exec(text)
  if (!m) return undefined
  return Number(m[1]) * UNIT_MS[m[2].toLowerCase()]
}

/**
 * Where the number `\d+(?:\.\d+)?` at text[from] ends (before `to`): `from` when no digit is there; a
 * point not followed by a digit is not part of it.
 */
export function decimalEnd(text: string, from: number, to: number): number {
  const i = digitsEnd(text, from, to)
  if (i === from || i + 1 >= to || text.charCodeAt(i) !== 46 /* . */) return i
  const fraction = digitsEnd(text, i + 1, to)
  return fraction > i + 1 ? fraction : i
}

function digitsEnd(text: string, from: number, to: number): number {
  let i = from
  while (i < to && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++
  return i
}

function lowerLettersEnd(text: string, from: number): number {
  let i = from
  for (let c = text.charCodeAt(i); c >= 97 && c <= 122; c = text.charCodeAt(++i));
  return i
}
