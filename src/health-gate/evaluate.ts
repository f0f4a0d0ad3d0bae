import { HealthGateData, figuresOf } from './data.js'
import { Component, Health, failingComponents, findComponent } from './health-body.js'
import { statusExpected } from './inputs.js'
import { ProbeSettings, UrlResult } from './probe.js'
import { SmokeReport } from './smoke-report.js'
import { Check, Report, Status, byStatus, createReport, worstStatus } from '../core/report.js'
import { redact } from '../core/secrets.js'
import { round1 } from '../core/stats.js'
import { formatDuration } from '../core/units.js'

export type Thresholds = Pick<
  ProbeSettings,
  | 'failOnDegraded'
  | 'maxP95Ms'
  | 'maxP99Ms'
  | 'maxErrorRate'
  | 'minUptimeMs'
  | 'tlsWarnDays'
  | 'tlsFailDays'
  | 'requiredChecks'
  | 'expectedStatus'
>

export type { HealthGateData } from './data.js'

/** Health-gate's own words for the Report statuses. */
export const HEALTH_OF: Record<Status, Health> = { pass: 'healthy', warn: 'degraded', fail: 'unhealthy' }

/**
 * Turns what the probes saw into the Report: one set of checks per URL, a table row per URL, and the
 * smoke flow's checks and table when there is one (an open authorization path first of all).
 */
export function evaluate(
  results: UrlResult[],
  thresholds: Thresholds,
  startedAt: string,
  smoke?: SmokeReport,
): Report<HealthGateData> {
  const perUrl = results.map((result) => ({ result, checks: checksFor(result, thresholds) }))
  const checks = [
    ...(smoke?.authzFailures ?? []),
    ...perUrl.flatMap((u) => u.checks),
    ...(smoke?.checks ?? []),
  ]
  const healthy = perUrl.filter((u) => worstStatus(u.checks.map((c) => c.status)) === 'pass').length
  const rows = byStatus(perUrl, (u) => worstStatus(u.checks.map((c) => c.status))).map(({ result, checks }) =>
    tableRow(result, worstStatus(checks.map((c) => c.status))),
  )
  const bodies = results
    .filter((r) => r.attempt.response)
    .map((r) => ({
      title: `Response body of ${r.target.display} (HTTP ${r.attempt.response!.status}, ${r.attempt.response!.body.length} bytes)`,
      body: excerpt(r.attempt.response!.body.toString('utf8')),
    }))
  const metrics = summaryMetrics(results)
  const smokeCount = (name: string) => smoke?.metrics.find((m) => m.name === name)?.value ?? 0
  const smokeTitle = smoke
    ? `; smoke flow: ${smokeCount('smoke-passed')} of ${smoke.table.rows.length} step(s) passed`
    : ''
  return createReport<HealthGateData>({
    action: 'health-gate',
    title: `health-gate: ${healthy} of ${results.length} URL(s) healthy${smokeTitle}`,
    checks,
    metrics: [
      { name: 'p50', value: metrics.p50 ?? NaN, unit: 'ms' },
      { name: 'p95', value: metrics.p95 ?? NaN, unit: 'ms' },
      { name: 'p99', value: metrics.p99 ?? NaN, unit: 'ms' },
      ...(metrics.uptimeSeconds !== undefined
        ? [{ name: 'uptime', value: metrics.uptimeSeconds, unit: 's' }]
        : []),
    ]
      .filter((m) => Number.isFinite(m.value))
      .concat(smoke?.metrics ?? []),
    tables: [
      {
        title: 'URLs',
        columns: ['URL', 'Status', 'HTTP', 'p50', 'p95', 'p99', 'Uptime', 'Components', 'Certificate'],
        rows,
      },
      ...(smoke ? [smoke.table] : []),
    ],
    details: bodies,
    data: { urls: results.map(figuresOf), ...(smoke ? { steps: smoke.figures } : {}) },
    startedAt,
  })
}

/** The action's outputs, read back from the Report so the JSON file and the outputs always agree. */
export function outputsOf(report: Report<HealthGateData>): Record<string, string | number | undefined> {
  const metric = (name: string) => report.metrics.find((m) => m.name === name)?.value
  return {
    status: HEALTH_OF[report.status],
    'p50-ms': metric('p50'),
    'p95-ms': metric('p95'),
    'p99-ms': metric('p99'),
    'uptime-seconds': metric('uptime'),
    'p95-change': report.data?.comparison?.p95Change,
    regressed: report.data?.comparison?.regressed?.toString(),
    'smoke-passed': metric('smoke-passed'),
    'smoke-failed': metric('smoke-failed'),
    'authz-failures': metric('authz-failures'),
  }
}

/** The worst latency figures and the lowest uptime over all URLs, for the action's outputs. */
export function summaryMetrics(results: UrlResult[]) {
  const worst = (pick: (r: UrlResult) => number | undefined) => {
    const values = results.map(pick).filter((v): v is number => v !== undefined)
    return values.length ? round1(Math.max(...values)) : undefined
  }
  const uptimes = results
    .map((r) => r.attempt.verdict?.uptimeSeconds)
    .filter((v): v is number => v !== undefined)
  return {
    p50: worst((r) => r.latency?.p50),
    p95: worst((r) => r.latency?.p95),
    p99: worst((r) => r.latency?.p99),
    uptimeSeconds: uptimes.length ? Math.min(...uptimes) : undefined,
  }
}

/**
 * Why the body cannot be judged, when it cannot: an HTTP status the gate does not accept (the body is
 * an error page or the framework's failure report) or a body that is not a health document. The
 * availability check already fails for that cause; the checks that read the body say "not checked"
 * (a warning: unknown is not a pass) instead of failing a second and third time for it.
 */
function bodyNotJudged(result: UrlResult, t: Thresholds): string | undefined {
  const { response, verdict } = result.attempt
  if (!response) return undefined
  if (!statusExpected(response.status, t.expectedStatus)) return `the service answered ${response.status}`
  if (verdict?.problem) return 'the body could not be read as a health document'
  return undefined
}

function checksFor(result: UrlResult, t: Thresholds): Check[] {
  const url = result.target.display
  const checks: Check[] = [availability(result, t)]
  const verdict = result.attempt.verdict
  const response = result.attempt.response
  const notJudged = bodyNotJudged(result, t)
  const notChecked = (id: string, title: string): Check => ({
    id: `${id}:${url}`,
    title: `${url} ${title}`,
    status: 'warn',
    detail: `not checked: ${notJudged}`,
  })

  if (verdict && verdict.components.length + t.requiredChecks.length > 0) {
    checks.push(notJudged ? notChecked('components', 'components') : componentsCheck(url, verdict, t))
  }

  if (result.latency) checks.push(latencyCheck(url, result.latency, t))

  if (t.minUptimeMs !== undefined && response && notJudged) {
    checks.push(notChecked('uptime', 'uptime'))
  } else if (t.minUptimeMs !== undefined && response) {
    const uptime = verdict?.uptimeSeconds
    checks.push(
      uptime === undefined
        ? {
            id: `uptime:${url}`,
            title: `${url} uptime`,
            status: 'fail',
            detail:
              'no uptime in the body (looked for uptime, uptime_seconds, uptimeSeconds); set uptime-path',
          }
        : uptime * 1000 < t.minUptimeMs
          ? {
              id: `uptime:${url}`,
              title: `${url} uptime`,
              status: 'fail',
              detail: `uptime ${formatDuration(uptime * 1000)} is under ${formatDuration(t.minUptimeMs)}: the service restarted recently or is restarting in a loop`,
            }
          : {
              id: `uptime:${url}`,
              title: `${url} uptime`,
              status: 'pass',
              detail: `up for ${formatDuration(uptime * 1000)}`,
            },
    )
  }

  if (result.certificate) {
    const days = result.certificate.daysLeft
    const left =
      days < 0 ? `expired ${Math.ceil(-days)} day(s) ago` : `${Math.floor(days * 10) / 10} days left`
    const status: Status = days < t.tlsFailDays ? 'fail' : days < t.tlsWarnDays ? 'warn' : 'pass'
    const limit =
      status === 'fail' ? ` (under ${t.tlsFailDays})` : status === 'warn' ? ` (under ${t.tlsWarnDays})` : ''
    checks.push({
      id: `tls:${url}`,
      title: `${url} certificate`,
      status,
      detail: `certificate for ${result.certificate.subject} ${left}${limit}, until ${result.certificate.validTo.toISOString()}`,
      recommendation: status === 'pass' ? undefined : 'renew the certificate',
    })
  } else if (result.certificateError) {
    checks.push({
      id: `tls:${url}`,
      title: `${url} certificate`,
      status: 'fail',
      detail: `could not read the certificate: ${result.certificateError}`,
    })
  }
  return checks
}

function componentsCheck(
  url: string,
  verdict: NonNullable<UrlResult['attempt']['verdict']>,
  t: Thresholds,
): Check {
  const required = new Set(t.requiredChecks.map((n) => n.toLowerCase()))
  const problems: { status: Status; text: string }[] = []
  const shown: Component[] = [...verdict.components]
  for (const name of t.requiredChecks) {
    const c = findComponent(verdict, name)
    if (!c) problems.push({ status: 'fail', text: `component ${name} is not reported` })
    else if (c.health !== 'healthy')
      problems.push({ status: 'fail', text: `component ${c.name} is ${c.status}` })
    else if (!verdict.components.includes(c)) shown.push(c)
  }
  for (const c of verdict.components) {
    if (!required.has(c.name.toLowerCase()) && c.health !== 'healthy') {
      problems.push({ status: 'warn', text: `component ${c.name} is ${c.status} (not required)` })
    }
  }
  const listed = shown.map((c) => `${c.name} ${c.status}`).join(', ') || 'none reported'
  return {
    id: `components:${url}`,
    title: `${url} components`,
    status: worstStatus(problems.map((p) => p.status)),
    detail: problems.length ? problems.map((p) => p.text).join('; ') : listed,
  }
}

function availability(result: UrlResult, t: Thresholds): Check {
  const { attempt, attempts, target } = result
  const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
  const response = attempt.response
  const redirected =
    response && response.redirects > 0
      ? `, redirected ${response.redirects}x to ${redact(response.finalUrl.href)}`
      : ''
  const check = (status: Status, detail: string): Check => ({
    id: `availability:${target.display}`,
    title: `${target.display}`,
    status,
    detail,
  })
  if (attempt.health === 'unhealthy') return check('fail', `${attempt.reason}${tries}${redirected}`)
  const read = attempt.verdict?.where
    ? `status ${attempt.verdict.status} at ${attempt.verdict.where} (${attempt.verdict.format})`
    : 'no body; judged by the HTTP status'
  const detail = `HTTP ${response?.status}, ${read}${tries}${redirected}`
  if (attempt.health === 'degraded') {
    const failing = attempt.verdict && failingComponents(attempt.verdict)
    return check(t.failOnDegraded ? 'fail' : 'warn', `degraded: ${detail}${failing ? `; ${failing}` : ''}`)
  }
  return check('pass', detail)
}

function latencyCheck(url: string, latency: NonNullable<UrlResult['latency']>, t: Thresholds): Check {
  const problems: string[] = []
  if (t.maxP95Ms !== undefined && latency.p95 !== undefined && latency.p95 > t.maxP95Ms) {
    problems.push(`p95 ${ms(latency.p95)} over ${formatDuration(t.maxP95Ms)}`)
  }
  if (t.maxP99Ms !== undefined && latency.p99 !== undefined && latency.p99 > t.maxP99Ms) {
    problems.push(`p99 ${ms(latency.p99)} over ${formatDuration(t.maxP99Ms)}`)
  }
  const errorRate = latency.errors / latency.samples
  if (errorRate > t.maxErrorRate) {
    const kinds = Object.entries(latency.errorKinds)
      .map(([k, n]) => `${n}x ${k}`)
      .join(', ')
    problems.push(
      `${latency.errors} of ${latency.samples} samples failed (${kinds}), over the allowed ${round1(t.maxErrorRate * 100)}%`,
    )
  }
  if (latency.p95 === undefined) problems.push('no sample succeeded, so there is no latency to judge')
  const figures =
    latency.p50 === undefined
      ? `${latency.samples} samples`
      : `p50 ${ms(latency.p50)}, p95 ${ms(latency.p95!)}, p99 ${ms(latency.p99!)}, max ${ms(latency.max!)} over ${latency.samples} samples`
  return {
    id: `latency:${url}`,
    title: `${url} latency`,
    status: problems.length ? 'fail' : 'pass',
    detail: problems.length ? `${problems.join('; ')} (${figures})` : figures,
  }
}

function tableRow(result: UrlResult, status: Status): string[] {
  const r = result.attempt.response
  const l = result.latency
  const v = result.attempt.verdict
  const cert = result.certificate
    ? `${Math.floor(result.certificate.daysLeft)} days`
    : result.certificateError
      ? 'error'
      : '—'
  return [
    result.target.display,
    HEALTH_OF[status],
    r ? String(r.status) : (result.attempt.failure?.message ?? '—'),
    l?.p50 !== undefined ? ms(l.p50) : '—',
    l?.p95 !== undefined ? ms(l.p95) : '—',
    l?.p99 !== undefined ? ms(l.p99) : '—',
    v?.uptimeSeconds !== undefined ? formatDuration(v.uptimeSeconds * 1000) : '—',
    v?.components.length ? v.components.map((c) => `${c.name}: ${c.status}`).join(', ') : '—',
    cert,
  ]
}

function ms(value: number): string {
  return `${round1(value)}ms`
}

/** The first 2,000 characters of a body, redacted; pretty-printed when it is JSON. */
function excerpt(body: string): string {
  let text = body
  try {
    text = JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    // not JSON: show it as it came
  }
  text = redact(text)
  return text.length > 2000 ? `${text.slice(0, 2000)}\n… (${text.length - 2000} more characters)` : text
}
