import { formatDuration } from '../core/units.js'

/** An age as the title, the checks and the table all show it: to the minute, or in seconds under one. */
export function formatAge(ms: number): string {
  if (ms < 1000) return '0s'
  return ms < 60_000
    ? formatDuration(Math.round(ms / 1000) * 1000)
    : formatDuration(Math.round(ms / 60_000) * 60_000)
}

/** Hours to one decimal, as the `age-hours` output and the metric give them. */
export const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10

/** A count in the headline: 2.5 k, 1.2 M. */
export function compact(n: number): string {
  if (n >= 1e9) return `${Math.round(n / 1e8) / 10} G`
  if (n >= 1e6) return `${Math.round(n / 1e5) / 10} M`
  if (n >= 1e3) return `${Math.round(n / 1e2) / 10} k`
  return String(n)
}
