// The combined job summary: the overview, each check's own section, and the 1 MiB shared among them.
import { describe, expect, it } from 'vitest'

import { Report, createReport } from '../../src/core/report.js'
import { SUMMARY_LIMIT } from '../../src/core/summary.js'
import { RunbookData, runbookReport } from '../../src/runbook/report.js'
import { CheckOutcome } from '../../src/runbook/run.js'
import { renderRunbookSummary } from '../../src/runbook/summary.js'

const started = new Date('2026-12-01T06:17:00Z')

function outcome(id: string, action: string, report: Report<unknown>, durationMs = 1300): CheckOutcome {
  return {
    check: { id, action, inputs: {}, where: 'runbook.yml:1:1' },
    report,
    outputs: {},
    inputs: {},
    durationMs,
  }
}

function combined(outcomes: CheckOutcome[]): Report<RunbookData> {
  const plan = {
    file: 'runbook.yml',
    schedule: 'daily',
    maxParallel: 1,
    checks: outcomes.map((o) => o.check),
  }
  return runbookReport(plan, outcomes, { startedAt: started, finishedAt: started })
}

const small = (title: string, detail = 'all good') =>
  createReport({
    action: 'change-gate',
    title,
    checks: [{ id: 'x', title: 'x', status: 'pass', detail }],
    metrics: [{ name: 'items', value: 3, unit: '' }],
    startedAt: started.toISOString(),
  })

describe('renderRunbookSummary', () => {
  it('shows the overview (check, status, key figure, duration, changes), then each section one level down', () => {
    const summary = renderRunbookSummary(
      combined([outcome('change-gate', 'change-gate', small('Change gate: 3 of 3 items'), 1300)]),
    )
    expect(summary.indexOf('## ✅ Runbook daily: 1 of 1 checks passed')).toBe(0)
    expect(summary).toContain(
      '<th>Check</th><th>Status</th><th>Key figure</th><th>Duration</th><th>Changes since the baseline</th>',
    )
    expect(summary).toContain('<td>change-gate</td><td>✅ pass</td><td>items 3</td><td>1.3s</td><td>—</td>')
    expect(summary).toMatch(/^### ✅ Change gate: 3 of 3 items$/m)
  })

  it('escapes text from outside in the overview and the sections', () => {
    const hostile = '<img src=x onerror=alert(1)> @team'
    const failing = createReport({
      action: 'health-gate',
      title: hostile,
      checks: [{ id: 'a', title: 'a', status: 'fail', detail: hostile }],
      startedAt: started.toISOString(),
    })
    const summary = renderRunbookSummary(combined([outcome('health-gate', 'health-gate', failing)]))
    expect(summary).not.toContain('<img')
    expect(summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('keeps every section within 1 MiB: the huge one is cut with its note, the small ones stay whole', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [`group ${i}`, 'x'.repeat(60)])
    const huge = createReport({
      action: 'log-review',
      title: 'Log review: a very long day',
      checks: [{ id: 'g', title: 'groups', status: 'warn', detail: '40000 groups' }],
      tables: [{ title: 'Error groups', columns: ['Group', 'Sample'], rows }],
      startedAt: started.toISOString(),
    })
    const outcomes = [
      outcome('before', 'change-gate', small('Section before the huge one')),
      outcome('log-review', 'log-review', huge),
      outcome('after', 'change-gate', small('Section after the huge one')),
    ]
    const summary = renderRunbookSummary(combined(outcomes))
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT)
    expect(summary).toContain('Section before the huge one')
    expect(summary).toContain('Section after the huge one')
    expect(summary).toContain('<td>group 0</td>')
    expect(summary).not.toContain('<td>group 39999</td>')
    expect(summary).toContain("The summary was cut to stay under GitHub's 1 MiB limit")
    // The cut section's table is still closed, so what follows renders as its own section.
    const cut = summary.slice(
      summary.indexOf('Log review: a very long day'),
      summary.indexOf('Section after'),
    )
    expect(cut.match(/<table>/g)?.length).toBe(cut.match(/<\/table>/g)?.length)
  })
})
