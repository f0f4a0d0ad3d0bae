// The gate on synthetic findings: what counts, and a summary that stays readable with thousands of them.
import { describe, expect, it } from 'vitest'

import { applyAllowlist } from '../../src/dep-audit/allowlist.js'
import { SUMMARY_FINDINGS, evaluate } from '../../src/dep-audit/evaluate.js'
import { Finding } from '../../src/dep-audit/model.js'
import { ToolRun } from '../../src/dep-audit/scan.js'
import { Report } from '../../src/core/report.js'
import { renderSummary } from '../../src/core/summary.js'

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
    expect(report.data?.fingerprints.length).toBe(10_000)
    expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024)
  })

  it('orders worst first, in report order within a severity, and counts per tool and severity', () => {
    const code = (i: number): Finding => ({
      ...finding(i, 'high'),
      tool: 'bandit',
      id: 'B105',
      package: undefined,
      file: `app/m${i}.py`,
      line: i,
      confidence: 'high',
    })
    // pip-audit gives no severity: unknown counts as the unknown-severity input says (high here).
    const findings = [
      finding(1, 'low'),
      finding(2, 'high'),
      { ...finding(3, 'unknown'), tool: 'pip-audit' as const },
      finding(4, 'critical'),
      code(5),
      finding(6, 'high'),
      finding(7, 'moderate'),
    ]
    const { report, outputs } = evaluate(
      [],
      findings,
      applyAllowlist(findings, [], '2026-01-01'),
      undefined,
      undefined,
      gate,
      '',
    )
    const worstFirst = report.tables.find((t) => t.title.startsWith('Findings, worst first'))!
    // A stable sort by severity, worst first, gives the same order.
    const sorted = findings
      .map((f) => ({
        f,
        rank: ['low', 'moderate', 'high', 'critical'].indexOf(f.severity === 'unknown' ? 'high' : f.severity),
      }))
      .sort((a, b) => b.rank - a.rank)
      .map(({ f }) => f.package ?? f.title)
    expect(worstFirst.rows.map((r) => r[2])).toEqual(sorted)
    expect(worstFirst.rows.map((r) => r[2])).toEqual([
      'pkg-4',
      'pkg-2',
      'pkg-3',
      'advisory 5',
      'pkg-6',
      'pkg-7',
      'pkg-1',
    ])
    const counts = report.tables.find((t) => t.title === 'Findings by severity')!
    expect(counts.columns).toEqual(['Tool', 'critical', 'high', 'moderate', 'low'])
    expect(counts.rows).toEqual([
      ['npm-audit', '1', '2', '1', '1'],
      ['pip-audit', '0', '1', '0', '0'],
      ['bandit', '0', '1', '0', '0'],
    ])
    // The outputs count dependencies only: bandit's are code issues.
    expect(outputs).toMatchObject({
      critical: 1,
      high: 3,
      moderate: 1,
      low: 1,
      vulnerabilities: 6,
      'code-issues': 1,
    })
  })
})

/** A scanner's run as scan.ts hands it over: what it found, or why it could not finish. */
function toolRun(tool: ToolRun['tool'], project: string, incomplete?: string): ToolRun {
  return { tool, project, findings: [], outdated: [], incomplete, durationMs: 1000 }
}

const judge = (runs: ToolRun[], findings: Finding[] = [], onToolError: 'fail' | 'warn' = 'fail') =>
  evaluate(
    runs,
    findings,
    applyAllowlist(findings, [], '2026-01-01'),
    undefined,
    undefined,
    {
      ...gate,
      onToolError,
    },
    '',
  ).report

const check = (report: Report<unknown>, id: string) => report.checks.find((c) => c.id === id)!

describe('unknown is never pass', () => {
  const bandit = toolRun('bandit', 'backend/app')

  it('both dependency scanners failed: vulnerable dependencies are unknown, not "none"', () => {
    const report = judge([
      toolRun('npm audit', 'frontend', 'npm audit failed: 405 Method Not Allowed'),
      toolRun('pip-audit', 'backend/requirements.txt', 'pip-audit failed: could not reach PyPI'),
      bandit,
    ])
    const vulns = check(report, 'vulnerabilities')
    expect(vulns.status).toBe('fail')
    expect(vulns.detail).toBe(
      'unknown: no dependency scan finished (npm audit (frontend): npm audit failed: 405 Method Not Allowed; pip-audit (backend/requirements.txt): pip-audit failed: could not reach PyPI)',
    )
    expect(vulns.recommendation).toMatch(/npm-audit-report.*pip-audit-report/)
    expect(renderSummary(report)).not.toMatch(/✅[^\n]*Vulnerable dependencies/)
  })

  it('with on-tool-error: warn, unknown warns; a scan that finished still counts', () => {
    const finished = finding(1, 'low')
    const report = judge(
      [
        toolRun('npm audit', 'frontend'),
        toolRun('pip-audit', 'backend/requirements.txt', 'timed out'),
        bandit,
      ],
      [finished],
      'warn',
    )
    const vulns = check(report, 'vulnerabilities')
    expect(vulns.status).toBe('warn')
    expect(vulns.detail).toBe(
      `unknown: 1 of 2 dependency scans did not finish (pip-audit (backend/requirements.txt): timed out); 1 below high in the scans that finished: ${finished.id} in pkg-1 (low)`,
    )
  })

  it('a finding at the gate fails whatever else did not finish', () => {
    const report = judge(
      [
        toolRun('npm audit', 'frontend'),
        toolRun('pip-audit', 'backend/requirements.txt', 'timed out'),
        bandit,
      ],
      [finding(1, 'critical')],
      'warn',
    )
    expect(check(report, 'vulnerabilities').status).toBe('fail')
    expect(check(report, 'vulnerabilities').detail).toMatch(
      /^1 at or above high: .*; not known for pip-audit/,
    )
  })

  it('bandit that did not finish: code issues are unknown, not "none"', () => {
    const report = judge([toolRun('npm audit', 'frontend'), toolRun('bandit', 'backend/app', 'timed out')])
    expect(check(report, 'code-issues').status).toBe('fail')
    expect(check(report, 'code-issues').detail).toBe(
      'unknown: bandit (backend/app) did not finish: timed out',
    )
  })
})
