/**
 * The p-th percentile (0-100) by the nearest-rank method: always a value that was measured, the same
 * definition HDR histograms (autocannon, wrk) report. Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

/** The median of some values, undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Rounds to one decimal place, for milliseconds in outputs and summaries. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10
}
