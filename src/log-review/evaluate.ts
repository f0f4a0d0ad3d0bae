import { Aggregate, Group, OTHER } from './aggregate.js'
import { changesCheck, changesTable, compareWithBaseline } from './changes.js'
import { LogReviewInputs } from './inputs.js'
import { FileResult } from './model.js'
import { LogReviewData, SlowSummary, Spike } from './report-data.js'
import { Chart, Check, Report, Table, createReport } from '../core/report.js'
import { median, percentile, round1 } from '../core/stats.js'
import { formatDuration, formatSize } from '../core/units.js'

const HOUR = 3_600_000
/** The chart shows at most this many bars; longer spans are drawn in buckets of several hours. */
const CHART_BARS = 168
/** Hours that spikes are looked for in: two years. */
const MAX_HOURS = 2 * 366 * 24

interface ReviewResult {
  inputs: LogReviewInputs
  aggregate: Aggregate
  files: FileResult[]
  missing: string[]
  /** Folders that could not be listed for rotated files. */
  unlisted: LogReviewData['unlisted']
  startedAt: string
  /** The report of an earlier run, to say what changed since. */
  baseline?: Report<LogReviewData>
}

/** UTC minute, as people read it in a table: `2026-11-20 10:04`. */
const minute = (ms: number | undefined) =>
  ms === undefined ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
const isoOrUndefined = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())

/**
 * Errors per hour from the first event to the last (epoch ms), empty hours included: the series spikes
 * and the chart are read from. `hours` is keyed by the epoch ms of each hour's start. The fleet merge
 * (merge.ts) reads spikes from merged hours with it too.
 */
export function hourlySeries(
  first: number | undefined,
  last: number | undefined,
  hours: ReadonlyMap<number, { errors: number }>,
): { start: number; errors: number[] } {
  if (first === undefined || last === undefined) return { start: 0, errors: [] }
  // A garbled year in one line must not make an array of millions of hours: the last MAX_HOURS at most.
  const lastHour = last - (last % HOUR)
  const start = Math.max(first - (first % HOUR), lastHour - (MAX_HOURS - 1) * HOUR)
  const count = Math.floor((last - start) / HOUR) + 1
  const errors = Array.from({ length: count }, (_, i) => hours.get(start + i * HOUR)?.errors ?? 0)
  return { start, errors }
}

/** Hours with at least spike-min errors and at least spike-factor times the median hour. */
export function findSpikes(
  start: number,
  errors: number[],
  factor: number,
  min: number,
): { spikes: Spike[]; threshold: number } {
  const threshold = Math.max(min, factor * (median(errors) ?? 0))
  const spikes = errors
    .map((count, i) => ({ hour: new Date(start + i * HOUR).toISOString(), errors: count, threshold }))
    .filter((hour) => hour.errors >= threshold)
  return { spikes, threshold }
}

/** The errors-per-hour chart with the spike threshold; the fleet merge draws the fleet's with it too. */
export function errorChart(
  start: number,
  errors: number[],
  threshold: number,
  spikes: Spike[],
): Chart | undefined {
  if (errors.length === 0) return undefined
  const step = Math.ceil(errors.length / CHART_BARS)
  const bars: number[] = []
  const labels: string[] = []
  for (let i = 0; i < errors.length; i += step) {
    bars.push(errors.slice(i, i + step).reduce((a, b) => a + b, 0))
    labels.push(new Date(start + i * HOUR).toISOString().slice(5, 13).replace('T', ' ') + 'h')
  }
  return {
    // Mermaid cannot colour single bars, so the spikes are named in the title.
    title:
      (step === 1 ? `Errors per hour (line: spike threshold ${threshold})` : `Errors per ${step} hours`) +
      (spikes.length > 0
        ? `; spikes ${spikes
            .slice(0, 5)
            .map((s) => s.hour.slice(5, 13).replace('T', ' ') + 'h')
            .join(', ')}${spikes.length > 5 ? ' …' : ''}`
        : ''),
    labels,
    axis: `${step === 1 ? 'hours' : `${step}-hour periods`} since ${labels[0]} UTC`,
    yLabel: 'errors',
    bars,
    // The threshold is per hour, so it is drawn only when a bar is one hour.
    line: step === 1 ? bars.map(() => threshold) : undefined,
  }
}

export function evaluate({
  inputs,
  aggregate,
  files,
  missing,
  unlisted,
  startedAt,
  baseline,
}: ReviewResult): Report<LogReviewData> {
  const { tally } = aggregate
  const { start, errors: perHour } = hourlySeries(aggregate.first, aggregate.last, aggregate.hours)
  const { spikes, threshold } = findSpikes(start, perHour, inputs.spikeFactor, inputs.spikeMin)
  const spanHours =
    aggregate.first === undefined || aggregate.last === undefined
      ? 0
      : (aggregate.last - aggregate.first) / HOUR
  const errorRate = tally.errors / Math.max(1, spanHours)
  // Errors before warnings, then the most frequent first.
  const rank = { error: 0, warning: 1, info: 2 }
  const groups = [...aggregate.groups.values()].sort(
    (a, b) => rank[a.level] - rank[b.level] || b.count - a.count || a.template.localeCompare(b.template),
  )
  const slow: SlowSummary[] = [...aggregate.slowOperations.values()]
    .map((op) => ({
      operation: op.operation,
      count: op.count,
      p50Ms: round1(percentile(op.samples, 50) ?? 0),
      p95Ms: round1(percentile(op.samples, 95) ?? 0),
      maxMs: round1(op.maxMs),
    }))
    .sort((a, b) => b.count - a.count || b.maxMs - a.maxMs)

  // What could not be read, or not in full (files, and rotated files in a folder that could not be
  // listed): every count is a lower bound, so nothing may pass.
  const unknown = [
    ...files.filter((f) => f.unreadable || f.damaged).map((f) => f.path),
    ...unlisted.map((u) => `rotated files in ${u.path}`),
  ]
  const checks: Check[] = [
    errorsCheck(tally.errors, groups, inputs, unknown),
    ...(inputs.maxErrorRate === undefined ? [] : [errorRateCheck(errorRate, inputs.maxErrorRate, unknown)]),
    {
      id: 'spikes',
      title: 'Error spikes',
      status: spikes.length > 0 ? 'warn' : 'pass',
      detail:
        spikes.length > 0
          ? `${spikes.length} hour(s) with at least ${threshold} errors (${inputs.spikeFactor}x the median hour, at least ${inputs.spikeMin}); worst ${minute(Date.parse(worst(spikes).hour))} UTC with ${worst(spikes).errors}`
          : `no hour reached ${threshold} errors`,
    },
    {
      id: 'timeouts',
      title: 'Timeouts',
      status: tally.timeouts > 0 ? 'warn' : 'pass',
      detail:
        tally.timeouts > 0
          ? `${tally.timeouts} timeout(s) in ${groups.filter((g) => g.timeouts > 0).length} group(s)`
          : 'no timeouts',
    },
    {
      id: 'slow',
      title: 'Slow operations',
      status: tally.slow > 0 ? 'warn' : 'pass',
      detail:
        tally.slow > 0
          ? `${tally.slow} operation(s) took ${formatDuration(inputs.slowThresholdMs)} or longer; slowest ${slowest(slow).operation} (${formatDuration(slowest(slow).maxMs)})`
          : `nothing took ${formatDuration(inputs.slowThresholdMs)} or longer`,
    },
    filesCheck(files, missing, unlisted, unknown, inputs),
  ]
  if (groups.some((g) => g.template === OTHER)) {
    checks.push({
      id: 'groups-cap',
      title: 'Group cap',
      status: 'warn',
      detail: `more than ${inputs.maxGroups} distinct fingerprints: the rest are counted as ${OTHER}`,
      recommendation: 'raise max-groups, or add ignore patterns for noisy messages',
    })
  }

  const changes = baseline && compareWithBaseline(baseline, groups, round1(errorRate))
  if (changes) checks.push(changesCheck(changes, inputs.failOnNew))

  const top = groups.slice(0, inputs.top)
  // What changed comes first: on a day like the last, that is all there is to read.
  const tables: Table[] = changes ? [changesTable(changes, inputs.top)] : []
  if (top.length > 0) {
    tables.push({
      title: `Top ${top.length} of ${groups.length} groups`,
      columns: ['Level', 'Count', 'Fingerprint', 'First seen (UTC)', 'Last seen (UTC)', 'Example'],
      rows: top.map((g) => [
        g.level + (g.timeouts > 0 ? ' (timeout)' : ''),
        String(g.count),
        g.template,
        minute(g.firstSeen),
        minute(g.lastSeen),
        g.example,
      ]),
    })
  }
  if (slow.length > 0) {
    tables.push({
      title: `Slow operations (at least ${formatDuration(inputs.slowThresholdMs)})`,
      columns: ['Operation', 'Count', 'p50', 'p95', 'Max'],
      rows: slow
        .slice(0, inputs.top)
        .map((s) => [
          s.operation,
          String(s.count),
          formatDuration(s.p50Ms),
          formatDuration(s.p95Ms),
          formatDuration(s.maxMs),
        ]),
    })
  }
  if (spikes.length > 0) {
    tables.push({
      title: 'Spikes',
      columns: ['Hour (UTC)', 'Errors', 'Threshold'],
      rows: spikes.map((s) => [minute(Date.parse(s.hour)), String(s.errors), String(s.threshold)]),
    })
  }
  tables.push({
    title: 'Files read',
    columns: ['File', 'Format', 'Lines', 'Size', 'From (UTC)', 'To (UTC)', 'Note'],
    rows: files.map((f) => [
      f.path,
      describeFormats(f),
      String(f.lines),
      formatSize(f.bytes),
      minute(f.from),
      minute(f.to),
      [
        f.skipped,
        f.unreadable && `could not be read${f.lines > 0 ? ' in full' : ''}: ${f.unreadable}`,
        f.damaged && `damaged, read up to the damage: ${f.damaged}`,
        f.cutLines > 0 && `${f.cutLines} line(s) over 64 KiB cut`,
      ]
        .filter(Boolean)
        .join('; '),
    ]),
  })

  const chart = errorChart(start, perHour, threshold, spikes)
  const lines = files.reduce((sum, f) => sum + f.lines, 0)
  return createReport<LogReviewData>({
    action: 'log-review',
    title: `Log review: ${tally.errors} errors, ${tally.warnings} warnings in ${groups.length} groups${aggregate.first === undefined ? '' : `, ${minute(aggregate.first)} to ${minute(aggregate.last)} UTC`}`,
    checks,
    metrics: [
      { name: 'Errors', value: tally.errors, unit: '' },
      { name: 'Warnings', value: tally.warnings, unit: '' },
      { name: 'Timeouts', value: tally.timeouts, unit: '' },
      { name: 'Slow operations', value: tally.slow, unit: '' },
      { name: 'Groups', value: groups.length, unit: '' },
      { name: 'Spike hours', value: spikes.length, unit: '' },
      { name: 'Errors per hour', value: round1(errorRate), unit: '' },
      { name: 'Events reviewed', value: tally.events, unit: '' },
      { name: 'Lines read', value: lines, unit: '' },
      ...(tally.ignored > 0 ? [{ name: 'Ignored', value: tally.ignored, unit: '' }] : []),
    ],
    tables,
    charts: chart ? [chart] : [],
    data: {
      counts: {
        errors: tally.errors,
        warnings: tally.warnings,
        timeouts: tally.timeouts,
        slow: tally.slow,
        groups: groups.length,
        spikes: spikes.length,
        events: tally.events,
        lines,
        ignored: tally.ignored,
        old: tally.old,
      },
      errorRate: round1(errorRate),
      groups: groups.map((g) => ({
        ...g,
        firstSeen: isoOrUndefined(g.firstSeen),
        lastSeen: isoOrUndefined(g.lastSeen),
      })),
      slow,
      hours: [...aggregate.hours.entries()]
        .sort(([a], [b]) => a - b)
        .map(([hour, counts]) => ({ hour: new Date(hour).toISOString(), ...counts })),
      spikes,
      files: files.map((f) => ({ ...f, from: isoOrUndefined(f.from), to: isoOrUndefined(f.to) })),
      missing,
      unlisted,
      span: { from: isoOrUndefined(aggregate.first), to: isoOrUndefined(aggregate.last) },
      changes,
    },
    startedAt,
  })
}

function slowest<T extends { maxMs: number }>(operations: T[]): T {
  return operations.reduce((a, b) => (b.maxMs > a.maxMs ? b : a))
}

function worst(spikes: Spike[]): Spike {
  return spikes.reduce((a, b) => (b.errors > a.errors ? b : a))
}

function errorsCheck(errors: number, groups: Group[], inputs: LogReviewInputs, unknown: string[]): Check {
  const errorGroups = groups.filter((g) => g.level === 'error')
  const most = errorGroups[0]
  const detail =
    (errors === 0
      ? 'no errors'
      : `${errors} error(s) in ${errorGroups.length} group(s); most often: ${most.template} (${most.count})`) +
    (unknown.length > 0 ? ` in what could be read; not known for ${unknown.join(', ')} (see Log files)` : '')
  if (inputs.failOnErrors !== undefined && errors >= inputs.failOnErrors) {
    return {
      id: 'errors',
      title: 'Errors',
      status: 'fail',
      detail: `${detail}; fail-on-errors is ${inputs.failOnErrors}`,
      recommendation: 'fix the top groups, or ignore known noise with ignore:',
    }
  }
  // Unknown is not "no errors"; the Log files check fails the run when a gate is set.
  return {
    id: 'errors',
    title: 'Errors',
    status: errors > 0 || unknown.length > 0 ? 'warn' : 'pass',
    detail,
  }
}

function errorRateCheck(rate: number, max: number, unknown: string[]): Check {
  const over = rate > max
  return {
    id: 'error-rate',
    title: 'Error rate',
    status: over ? 'fail' : unknown.length > 0 ? 'warn' : 'pass',
    detail:
      `${round1(rate)} errors per hour over the time covered (max-error-rate ${max})` +
      (unknown.length > 0 ? `; counted without what ${unknown.join(', ')} could not give` : ''),
  }
}

function filesCheck(
  files: FileResult[],
  missing: string[],
  unlisted: ReviewResult['unlisted'],
  unknown: string[],
  inputs: LogReviewInputs,
): Check {
  const problems = [
    ...missing.map((m) => `no file matches '${m}'`),
    ...files
      .filter((f) => f.unreadable)
      .map(
        (f) =>
          `${f.path} could not be read${f.lines > 0 ? ` in full (${f.lines} line(s) read)` : ''}: ${f.unreadable}`,
      ),
    ...files.filter((f) => f.damaged).map((f) => `${f.path} is damaged, read up to the damage: ${f.damaged}`),
    ...unlisted.map((u) => `${u.path} could not be listed, so its rotated files were not read: ${u.reason}`),
  ]
  const read = files.filter((f) => !f.skipped)
  if (problems.length === 0) {
    return {
      id: 'files',
      title: 'Log files',
      status: 'pass',
      detail: `${read.length} file(s) read, ${formatSize(read.reduce((s, f) => s + f.bytes, 0))}${files.length > read.length ? `; ${files.length - read.length} skipped as older than since` : ''}`,
    }
  }
  // A gate cannot be judged on part of the logs: with one set, a file not read in full fails the run.
  const gated = inputs.failOnErrors !== undefined || inputs.maxErrorRate !== undefined
  const fixes = [
    files.some((f) => f.unreadable) &&
      "let the runner's user read every log file (its mode or group; EACCES means permission denied)",
    unlisted.length > 0 &&
      "let the runner's user list the log folder (its r permission), or set include-rotated: false",
    files.some((f) => f.damaged) && 'replace the damaged archive with a good copy, or leave it out of paths',
  ].filter(Boolean)
  return {
    id: 'files',
    title: 'Log files',
    status: gated && unknown.length > 0 ? 'fail' : 'warn',
    detail:
      problems.join('; ') +
      (gated && unknown.length > 0 ? '; fail-on-errors and max-error-rate need every file read in full' : ''),
    ...(fixes.length > 0 ? { recommendation: fixes.join('; ') } : {}),
  }
}

function describeFormats(f: FileResult): string {
  const total = Object.values(f.formats).reduce((a, b) => a + b, 0)
  const parts = Object.entries(f.formats)
    .sort(([, a], [, b]) => b - a)
    .map(
      ([name, count]) =>
        `${name}${Object.keys(f.formats).length > 1 ? ` ${Math.round((count / total) * 100)}%` : ''}`,
    )
  return parts.join(', ') || '-'
}
