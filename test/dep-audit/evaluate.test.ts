// The gate on synthetic findings: what counts, and a summary that stays readable with thousands of them.
import { describe, expect, it } from 'vitest'

import { applyAllowlist } from '../../src/dep-audit/allowlist.js'
import { SUMMARY_FINDINGS, evaluate } from '../../src/dep-audit/evaluate.js'
import { Finding } from '../../src/dep-audit/model.js'
import { renderSummary } from '../../src/shared/summary.js'

const gate = {
  failOn: 'high',
  banditFailOn: 'high',
  banditConfidence: 'medium',
  unknownSeverity: 'high',
  fixableOnly: false,
  onToolError: 'fail',
  outdated: false,
  outdatedFailOn: 'none',
} as const

function finding(i: number, severity: Finding['severity']): Finding {
  return {
    tool: 'npm-audit',
    id: `GHSA-${String(i).padStart(4, '0')}-aaaa-bbbb`,
    aliases: [],
    package: `pkg-${i}`,
    severity,
    fixedVersions: [],
    fixAvailable: true,
    title: `advisory ${i}`,
    project: 'frontend',
  }
}

describe('evaluate', () => {
  it('shows the worst findings in the summary and all of them in the report', () => {
    const findings = Array.from({ length: 10_000 }, (_, i) => finding(i, i % 10 === 0 ? 'critical' : 'low'))
    const { report, outputs } = evaluate(
      [],
      findings,
      applyAllowlist(findings, [], '2026-01-01'),
      undefined,
      undefined,
      gate,
      '',
    )
    const markdown = renderSummary(report)
    const table = report.tables.find((t) => t.title.startsWith('Findings, worst first'))!
    expect(table.rows).toHaveLength(SUMMARY_FINDINGS)
    expect(table.title).toBe(
      `Findings, worst first (the worst ${SUMMARY_FINDINGS} of 10000; all are in the report JSON)`,
    )
    expect(table.rows[0][0]).toBe('critical')
    expect(outputs).toMatchObject({ vulnerabilities: 10_000, critical: 1000, low: 9000, status: 'fail' })
    expect((report.data?.fingerprints as string[]).length).toBe(10_000)
    expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024)
  })
})
