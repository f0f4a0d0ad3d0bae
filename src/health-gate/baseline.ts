/**
 * health-gate against its baseline (the report of an earlier run): latency per URL before and after,
 * components that were healthy and are not, and the `max-regression` gate on p95.
 *
 * Latency is noisy, so the gate judges a p95 only when it can tell a slower service from a noisy one:
 * - at least MIN_REGRESSION_SAMPLES successful samples on both sides: with fewer, p95 is the second or
 *   third slowest request, and one garbage-collection pause or a busy runner decides it;
 * - a p95 worse by more than `max-regression` AND by more than the baseline's own spread (its p99 minus
 *   its p50): a p95 that moved no further than the baseline's tail already wandered is noise.
 */
import { BaselineComparison, HealthGateData, StepFigures, UrlFigures } from './data.js'
import { changesTitle, percentChange } from '../core/baseline.js'
import { Check, Report, Table, createReport } from '../core/report.js'
import { round1 } from '../core/stats.js'

/** Successful latency samples each side needs before `max-regression` may fail a run. */
export const MIN_REGRESSION_SAMPLES = 20

/**
 * The report with the baseline's "Changes since the baseline" table, a regression check per URL when
 * `maxRegression` (a fraction, 0.2 for 20%) is set, and the comparison in its data for the outputs.
 */
export function compareWithBaseline(
  report: Report<HealthGateData>,
  baseline: Report<HealthGateData>,
  maxRegression: number | undefined,
): Report<HealthGateData> {
  const now = report.data?.urls ?? []
  const earlier = Array.isArray(baseline.data?.urls) ? baseline.data.urls.filter(isFigures) : []
  const before = new Map(earlier.map((u) => [u.url, u]))
  const pairs = now.flatMap((after) => {
    const earlier = before.get(after.url)
    return earlier ? [{ before: earlier, after }] : []
  })
  const checks = maxRegression === undefined ? [] : pairs.map((p) => regressionCheck(p, maxRegression))
  const worst = pairs
    .filter(({ before, after }) => before.p95 !== undefined && after.p95 !== undefined)
    .map(({ before, after }) => ({ before: before.p95!, after: after.p95! }))
    .sort((a, b) => b.after / b.before - a.after / a.before)[0]
  const comparison: BaselineComparison = {
    p95Change: worst && percentChange(worst.before, worst.after),
    regressed: maxRegression === undefined ? undefined : checks.some((c) => c.status === 'fail'),
  }
  const table: Table = {
    title: changesTitle(baseline.finishedAt),
    columns: ['URL', 'p50', 'p95', 'p99', 'Samples', 'No longer healthy'],
    rows: now.map((after) => changeRow(before.get(after.url), after)),
  }
  const steps = stepsTable(report.data?.steps, baseline.data?.steps, table.title)
  return createReport<HealthGateData>({
    ...report,
    checks: [...report.checks, ...checks],
    tables: [...report.tables, table, ...(steps ? [steps] : [])],
    data: { ...report.data, urls: now, comparison },
  })
}

/**
 * Each smoke step's latency against the same step (by name) in the baseline. A single request per step
 * is too few samples to gate on, so this only shows the change; a step missing on either side says so.
 */
function stepsTable(now: StepFigures[] | undefined, earlier: unknown, title: string): Table | undefined {
  if (!now?.length) return undefined
  const before = new Map(
    (Array.isArray(earlier) ? earlier : [])
      .filter((s): s is StepFigures => typeof (s as StepFigures)?.name === 'string')
      .map((s) => [s.name, s]),
  )
  const latency = (s: StepFigures | undefined) =>
    typeof s?.latencyMs === 'number' && s.outcome !== 'skipped' ? s.latencyMs : undefined
  return {
    title: `${title}: smoke steps`,
    columns: ['Step', 'Latency', 'Result'],
    rows: now.map((after) => {
      const was = before.get(after.name)
      const [a, b] = [latency(was), latency(after)]
      const figure = !was
        ? 'not in the baseline'
        : a === undefined || b === undefined
          ? `${a === undefined ? '—' : ms(a)} → ${b === undefined ? '—' : ms(b)}`
          : `${ms(a)} → ${ms(b)} (${percentChange(a, b)})`
      return [
        after.name,
        figure,
        was && was.outcome !== after.outcome ? `${was.outcome} → ${after.outcome}` : after.outcome,
      ]
    }),
  }
}

/** Components healthy in the baseline that are not healthy now (or no longer reported). */
export function noLongerHealthy(before: UrlFigures, after: UrlFigures): string[] {
  const current = new Map(after.components.map((c) => [c.name.toLowerCase(), c]))
  return before.components
    .filter((c) => c.health === 'healthy')
    .flatMap((c) => {
      const now = current.get(c.name.toLowerCase())
      if (!now) return [`${c.name} (no longer reported)`]
      return now.health === 'healthy' ? [] : [`${c.name} (${now.status})`]
    })
}

function regressionCheck(
  { before, after }: { before: UrlFigures; after: UrlFigures },
  maxRegression: number,
): Check {
  const check = (status: Check['status'], detail: string): Check => ({
    id: `regression:${after.url}`,
    title: `${after.url} p95 against the baseline`,
    status,
    detail,
    recommendation:
      status === 'fail'
        ? 'compare what changed since the baseline run (release, configuration, load, database)'
        : undefined,
  })
  const limit = `${round1(maxRegression * 100)}%`
  if (before.p95 === undefined || after.p95 === undefined || before.p50 === undefined)
    return check('warn', 'not judged: no successful latency sample on one side')
  const fewest = Math.min(successes(before), successes(after))
  if (fewest < MIN_REGRESSION_SAMPLES)
    return check(
      'warn',
      `not judged: ${fewest} successful sample(s) on one side, max-regression needs ${MIN_REGRESSION_SAMPLES} on both (set samples to at least ${MIN_REGRESSION_SAMPLES})`,
    )
  const change = percentChange(before.p95, after.p95)
  const figures = `p95 ${ms(before.p95)} → ${ms(after.p95)} (${change})`
  const spread = (before.p99 ?? before.p95) - before.p50
  const worse = after.p95 - before.p95
  if (worse > before.p95 * maxRegression && worse > spread)
    return check(
      'fail',
      `${figures}: worse by more than ${limit} and than the baseline's spread (${ms(spread)})`,
    )
  if (worse > before.p95 * maxRegression)
    return check('pass', `${figures}: within the baseline's own spread (p99 − p50 = ${ms(spread)}), so noise`)
  return check('pass', `${figures}, within ${limit}`)
}

function changeRow(before: UrlFigures | undefined, after: UrlFigures): string[] {
  if (!before) return [after.url, 'not in the baseline', '', '', String(successes(after)), '']
  const figure = (pick: (u: UrlFigures) => number | undefined) => {
    const was = pick(before)
    const is = pick(after)
    if (was === undefined || is === undefined)
      return `${was === undefined ? '—' : ms(was)} → ${is === undefined ? '—' : ms(is)}`
    return `${ms(was)} → ${ms(is)} (${percentChange(was, is)})`
  }
  return [
    after.url,
    figure((u) => u.p50),
    figure((u) => u.p95),
    figure((u) => u.p99),
    `${successes(before)} → ${successes(after)}`,
    noLongerHealthy(before, after).join(', ') || '—',
  ]
}

/**
 * The baseline is a file from outside this run, perhaps hand-edited: a URL's figures are used only when
 * they have the shape this module reads.
 */
function isFigures(value: unknown): value is UrlFigures {
  const u = value as Partial<UrlFigures> | null
  const optionalNumber = (n: unknown) => n === undefined || typeof n === 'number'
  return (
    typeof u === 'object' &&
    u !== null &&
    typeof u.url === 'string' &&
    typeof u.samples === 'number' &&
    typeof u.errors === 'number' &&
    [u.p50, u.p95, u.p99].every(optionalNumber) &&
    Array.isArray(u.components) &&
    u.components.every((c) => typeof c?.name === 'string' && typeof c.status === 'string')
  )
}

/** ` (2026-12-01T03:00:00.000Z)`: when the baseline run finished, if the file says so as a date. */
function successes(figures: UrlFigures): number {
  return figures.samples - figures.errors
}

function ms(value: number): string {
  return `${round1(value)}ms`
}
