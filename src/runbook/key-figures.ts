/**
 * The one figure the runbook's overview shows per check, the number a person on call looks at first,
 * read from the check's own report and outputs. An action without its own function (or whose report lacks
 * the figure) shows its first metric.
 */
import { CheckOutcome } from './run.js'
import { Metric, Report } from '../core/report.js'
import { formatDuration } from '../core/units.js'

type Figure = (outcome: CheckOutcome) => string | undefined

/** A metric's value by name, when the report has it as a finite number (a report read from a file may not). */
export function metric(report: Report<unknown>, name: string): number | undefined {
  const value = report.metrics.find((m) => m.name === name)?.value
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** `1 finding`, `3 findings`. */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** dep-audit's severities from the lowest: the findings at or above `fail-on` are those that gate. */
const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const

const FIGURES: Record<string, Figure> = {
  'health-gate': ({ report }) => {
    const p95 = metric(report, 'p95')
    const uptime = metric(report, 'uptime')
    if (p95 === undefined) return undefined
    return `p95 ${Math.round(p95)} ms` + (uptime === undefined ? '' : `, up ${formatDuration(uptime * 1000)}`)
  },
  'log-review': ({ report }) => {
    const groups = (report.data as { groups?: { level?: unknown }[] } | undefined)?.groups
    const errors = metric(report, 'Errors')
    if (!Array.isArray(groups) || errors === undefined) return undefined
    return `${count(groups.filter((g) => g.level === 'error').length, 'error group')}, ${count(errors, 'error line')}`
  },
  'dep-audit': ({ outputs, inputs }) => {
    const failOn = inputs['fail-on'] || 'high'
    const from = SEVERITIES.indexOf(failOn as (typeof SEVERITIES)[number])
    if (from < 0) return 'fail-on none: no severity gates'
    const gating = SEVERITIES.slice(from).reduce((sum, level) => sum + Number(outputs[level] ?? 0), 0)
    return `${count(gating, 'finding')} at ${failOn} or above`
  },
  'backup-verify': ({ report }) => {
    const hours = metric(report, 'age of the newest backup')
    return hours === undefined ? 'no backup found' : `newest backup ${formatDuration(hours * 3_600_000)} old`
  },
  'db-maintain': ({ report }) => {
    // The biggest finding when there is one (checks list failures before warnings), else the dead tuples.
    const finding =
      report.checks.find((c) => c.status === 'fail') ?? report.checks.find((c) => c.status === 'warn')
    if (finding) return `${finding.title}: ${finding.detail}`
    const dead = metric(report, 'dead tuples')
    return dead === undefined ? undefined : count(dead, 'dead tuple')
  },
  'change-gate': ({ report }) => {
    const missing = (report.data as { missing?: unknown } | undefined)?.missing
    if (!Array.isArray(missing)) return undefined
    return missing.length === 0 ? 'nothing missing' : `missing: ${missing.map(String).join(', ')}`
  },
}

function firstMetric(metrics: Metric[]): string {
  const first = metrics[0]
  return first ? `${first.name} ${first.value}${first.unit ? ` ${first.unit}` : ''}` : ''
}

/** The check's key figure; for a failed check, the first line of its first failure instead. */
export function keyFigure(outcome: CheckOutcome): string {
  const { report } = outcome
  if (report.status === 'fail') {
    const failure = report.checks.find((c) => c.status === 'fail')
    if (failure) return failure.detail.split('\n')[0]
  }
  return FIGURES[outcome.check.action]?.(outcome) ?? firstMetric(report.metrics)
}
