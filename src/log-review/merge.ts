/**
 * Merging the data of several log reviews into one, as if one review had read all their logs: the fleet
 * merge (src/runbook/merge.ts) joins hosts with it, and a review split across workers can join its parts.
 * Groups merge by fingerprint and hours by hour, so an error group or a spike seen on several hosts is
 * counted once. The merge is pure, exact where the data allows (counts, hours, first and last seen) and
 * associative: merging [a, b] and then c gives what merging [a, [b, c]] gives.
 */
import { errorChart, findSpikes, hourlySeries } from './evaluate.js'
import { LogGroup, LogReviewData, SlowSummary } from './report-data.js'
import { Chart } from '../core/report.js'
import { round1 } from '../core/stats.js'

const HOUR = 3_600_000
const LEVEL_RANK = { error: 0, warning: 1, info: 2 }

/** How spikes are found in the merged hours: log-review's `spike-factor` and `spike-min`. */
export interface SpikeSettings {
  spikeFactor: number
  spikeMin: number
}

/** log-review's defaults; a report does not keep the inputs it ran with. */
export const DEFAULT_SPIKE_SETTINGS: SpikeSettings = { spikeFactor: 5, spikeMin: 10 }

const time = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso))
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())

/** The smaller (or larger) of two optional times, as ISO strings. */
function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b
  return Date.parse(a) <= Date.parse(b) ? a : b
}
function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b
  return Date.parse(a) >= Date.parse(b) ? a : b
}

/** A sorted union of two optional host lists; absent when neither part named hosts. */
function unionHosts(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined && b === undefined) return undefined
  return [...new Set([...(a ?? []), ...(b ?? [])])].sort()
}

/**
 * One group seen twice. The example (and its exception and frame) is the earliest one seen, ties broken
 * by the text: a choice that does not depend on the order the parts came in.
 */
function mergeGroup(a: LogGroup, b: LogGroup): LogGroup {
  const aFirst = time(a.firstSeen) ?? Infinity
  const bFirst = time(b.firstSeen) ?? Infinity
  const sample = aFirst < bFirst || (aFirst === bFirst && a.example <= b.example) ? a : b
  const hosts = unionHosts(a.hosts, b.hosts)
  return {
    fingerprint: a.fingerprint,
    template: a.template,
    level: LEVEL_RANK[a.level] <= LEVEL_RANK[b.level] ? a.level : b.level,
    count: a.count + b.count,
    firstSeen: earliest(a.firstSeen, b.firstSeen),
    lastSeen: latest(a.lastSeen, b.lastSeen),
    example: sample.example,
    timeouts: a.timeouts + b.timeouts,
    ...(sample.exception === undefined ? {} : { exception: sample.exception }),
    ...(sample.frame === undefined ? {} : { frame: sample.frame }),
    ...(hosts === undefined ? {} : { hosts }),
  }
}

/**
 * One slow operation seen twice. Counts and the maximum are exact; the parts' durations are not in the
 * data, so p50 and p95 are the higher of the parts': an upper bound of the merged percentile (were every
 * part's p95 below it, fewer than 5% of all the durations could reach it).
 */
function mergeSlow(a: SlowSummary, b: SlowSummary): SlowSummary {
  return {
    operation: a.operation,
    count: a.count + b.count,
    p50Ms: Math.max(a.p50Ms, b.p50Ms),
    p95Ms: Math.max(a.p95Ms, b.p95Ms),
    maxMs: Math.max(a.maxMs, b.maxMs),
  }
}

/** Entries merged by key, in the order keys were first seen. */
function mergeBy<T>(lists: T[][], keyOf: (item: T) => string, merge: (a: T, b: T) => T): T[] {
  const merged = new Map<string, T>()
  for (const item of lists.flat()) {
    const key = keyOf(item)
    const seen = merged.get(key)
    merged.set(key, seen === undefined ? item : merge(seen, item))
  }
  return [...merged.values()]
}

/**
 * The data of a review of every part's logs. Spikes and the error rate are read again from the merged
 * hours and span (a spike is an hour of the whole fleet, not of one host); a baseline comparison is per
 * host, so the merge has none.
 */
export function mergeLogReviewData(
  parts: LogReviewData[],
  settings: SpikeSettings = DEFAULT_SPIKE_SETTINGS,
): LogReviewData {
  const sum = (field: keyof LogReviewData['counts']) =>
    parts.reduce((total, part) => total + part.counts[field], 0)
  const groups = mergeBy(
    parts.map((p) => p.groups),
    (g) => g.fingerprint,
    mergeGroup,
  ).sort(
    (a, b) =>
      LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
      b.count - a.count ||
      a.template.localeCompare(b.template) ||
      a.fingerprint.localeCompare(b.fingerprint),
  )
  const slow = mergeBy(
    parts.map((p) => p.slow),
    (s) => s.operation,
    mergeSlow,
  ).sort((a, b) => b.count - a.count || b.maxMs - a.maxMs || a.operation.localeCompare(b.operation))
  const hours = mergeBy(
    parts.map((p) => p.hours),
    (h) => String(Date.parse(h.hour)),
    (a, b) => ({ hour: a.hour, errors: a.errors + b.errors, warnings: a.warnings + b.warnings }),
  ).sort((a, b) => Date.parse(a.hour) - Date.parse(b.hour))
  const span = {
    from: parts.map((p) => p.span.from).reduce(earliest, undefined),
    to: parts.map((p) => p.span.to).reduce(latest, undefined),
  }

  const first = time(span.from)
  const last = time(span.to)
  const { spikes } = spikesOf(hours, first, last, settings)
  const errors = sum('errors')
  const spanHours = first === undefined || last === undefined ? 0 : (last - first) / HOUR
  return {
    counts: {
      errors,
      warnings: sum('warnings'),
      timeouts: sum('timeouts'),
      slow: sum('slow'),
      groups: groups.length,
      spikes: spikes.length,
      events: sum('events'),
      lines: sum('lines'),
      ignored: sum('ignored'),
      old: sum('old'),
    },
    errorRate: round1(errors / Math.max(1, spanHours)),
    groups,
    slow,
    hours,
    spikes,
    files: parts.flatMap((p) => p.files),
    missing: parts.flatMap((p) => p.missing),
    unlisted: parts.flatMap((p) => p.unlisted),
    span: { from: iso(first), to: iso(last) },
  }
}

/** Errors per hour over the span, empty hours included, and the hours that spiked. */
function spikesOf(
  hours: LogReviewData['hours'],
  first: number | undefined,
  last: number | undefined,
  settings: SpikeSettings,
) {
  const series = hourlySeries(first, last, new Map(hours.map((h) => [Date.parse(h.hour), h])))
  return { series, ...findSpikes(series.start, series.errors, settings.spikeFactor, settings.spikeMin) }
}

/** The errors-per-hour chart of (merged) data, drawn as log-review draws a host's. */
export function errorChartOf(
  data: LogReviewData,
  settings: SpikeSettings = DEFAULT_SPIKE_SETTINGS,
): Chart | undefined {
  const { series, spikes, threshold } = spikesOf(
    data.hours,
    time(data.span.from),
    time(data.span.to),
    settings,
  )
  return errorChart(series.start, series.errors, threshold, spikes)
}

/**
 * Whether a report's data (read from a file, so of any shape) has the counts and lists
 * mergeLogReviewData reads.
 */
export function isLogReviewData(data: unknown): data is LogReviewData {
  if (typeof data !== 'object' || data === null) return false
  const d = data as Record<string, unknown>
  const counts = d.counts as Record<string, unknown> | undefined
  return (
    typeof counts === 'object' &&
    counts !== null &&
    ['errors', 'warnings', 'timeouts', 'slow', 'events', 'lines', 'ignored', 'old'].every(
      (key) => typeof counts[key] === 'number',
    ) &&
    ['groups', 'slow', 'hours', 'files', 'missing', 'unlisted'].every((key) => Array.isArray(d[key])) &&
    typeof d.span === 'object' &&
    d.span !== null
  )
}

/** A part's data with every group marked as seen on `host`, before merging it with other hosts'. */
export function withHost(data: LogReviewData, host: string): LogReviewData {
  return { ...data, groups: data.groups.map((g) => ({ ...g, hosts: unionHosts(g.hosts, [host]) })) }
}
