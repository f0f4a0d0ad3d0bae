/** Durations as applications write them, in milliseconds. */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
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
}

/** `350ms`, `1.2s`, `2 min`, `1500us`; a bare number is taken in `bareUnit`. */
export function parseDurationValue(text: string, bareUnit: 'ms' | 's'): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)\s*$/i.exec(text)
  if (!m) return undefined
  const unit = m[2] === '' ? bareUnit : m[2].toLowerCase()
  const factor = UNIT_MS[unit]
  return factor === undefined ? undefined : Number(m[1]) * factor
}

/**
 * `took 1.2s`, `in 1234ms`, `elapsed=0.5s`, `duration: 200 ms`, `(1.23s)` in free text. `retrying in 5s`
 * and the like are waits, not durations, and are left alone.
 */
const IN_TEXT =
  /(?:\b(?:took|elapsed|duration|latency|time)\s*[=:]?\s*|(?<!\b(?:retry|retrying|again|wait|waiting|sleep|sleeping|backoff|after)\s)\bin\s+|\()(\d+(?:\.\d+)?)\s?(ms|s|sec|secs|seconds|us|µs|min|mins|minutes)\b/i

export function durationInText(text: string): number | undefined {
  const m = IN_TEXT.exec(text)
  if (!m) return undefined
  return Number(m[1]) * UNIT_MS[m[2].toLowerCase()]
}
