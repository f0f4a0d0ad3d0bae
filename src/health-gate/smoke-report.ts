/**
 * A smoke flow's part of health-gate's report: a check per step (an authorization step that let a
 * request in comes first: it is the most serious thing this action finds), the "Smoke flow" table in
 * step order, and the counts the outputs read.
 */
import { StepFigures } from './data.js'
import { StepResult } from './smoke-run.js'
import { Check, Metric, Table } from '../core/report.js'
import { redact } from '../core/secrets.js'
import { formatDuration } from '../core/units.js'

export interface SmokeReport {
  /** Authorization steps answered 2xx: placed before every other check. */
  authzFailures: Check[]
  checks: Check[]
  table: Table
  metrics: Metric[]
  /** Each step's outcome and latency, for the report's data (a later run's baseline). */
  figures: StepFigures[]
}

export function smokeReport(results: StepResult[]): SmokeReport {
  const opened = results.filter((r) => r.opened)
  const passed = results.filter((r) => r.outcome === 'passed').length
  const failed = results.filter((r) => r.outcome === 'failed').length
  return {
    authzFailures: opened.map(authzFailure),
    checks: results.filter((r) => !r.opened).map(stepCheck),
    table: {
      title: 'Smoke flow',
      columns: ['Step', 'Kind', 'Result', 'HTTP', 'Latency', 'First failed expectation'],
      rows: results.map((r) => [
        r.step.name,
        r.step.kind,
        r.opened ? 'OPEN: refusal expected' : r.outcome,
        r.status === undefined ? '—' : String(r.status),
        r.latencyMs === undefined ? '—' : formatDuration(r.latencyMs),
        r.problem ?? '—',
      ]),
    },
    figures: results.map((r) => ({ name: r.step.name, outcome: r.outcome, latencyMs: r.latencyMs })),
    metrics: [
      { name: 'smoke-passed', value: passed, unit: 'steps' },
      { name: 'smoke-failed', value: failed, unit: 'steps' },
      { name: 'authz-failures', value: opened.length, unit: 'steps' },
    ],
  }
}

/** How a step's request reads in a message: method and path, placeholders as written, secrets masked. */
function request(result: StepResult): string {
  return redact(`${result.step.method} ${result.step.path}`)
}

function authzFailure(result: StepResult): Check {
  return {
    id: `authz:${result.step.name}`,
    title: `Authorization: ${result.step.name}`,
    status: 'fail',
    detail: `${request(result)} answered HTTP ${result.status} where it must refuse (${result.step.expect.status.text}): a protected path is open`,
    recommendation:
      'treat it as a security incident: find the change that opened the path, roll it back, and check the access logs for use of it',
  }
}

function stepCheck(result: StepResult): Check {
  const check = { id: `smoke:${result.step.name}`, title: `Smoke step: ${result.step.name}` }
  if (result.outcome === 'skipped') return { ...check, status: 'warn', detail: result.problem ?? 'not run' }
  if (result.outcome === 'failed') {
    return { ...check, status: 'fail', detail: `${request(result)}: ${result.problem ?? 'failed'}` }
  }
  return {
    ...check,
    status: 'pass',
    detail: `${request(result)}: HTTP ${result.status} in ${formatDuration(result.latencyMs ?? 0)}`,
  }
}
