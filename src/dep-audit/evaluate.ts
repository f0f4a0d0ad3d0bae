import { AllowlistOutcome } from './allowlist.js'
import { Baseline, changesSince, changesTable } from './changes.js'
import { GATES, GateInputs, Scanned, effectiveSeverity } from './gates.js'
import { Finding, SEVERITIES, Severity, Tool, advisoryUrl, fingerprints } from './model.js'
import { StaleSecretsResult } from './rotation.js'
import { ToolRun } from './scan.js'
import { RunResult } from '../core/action.js'
import { Cell, Detail, LocatedAnnotation, Table, createReport } from '../core/report.js'

/** The titles of the counts and findings tables, which the pull-request comment shows too (comment.ts). */
export const COUNTS_TABLE = 'Findings by severity'
export const FINDINGS_TABLE = 'Findings, worst first'

/** The machine-readable part of dep-audit's report; a later run reads it back as its baseline. */
export interface DepAuditData {
  /** Every finding's fingerprint, once each: what a baseline compares against. */
  fingerprints: string[]
  /** Every finding the scanners reported (allowlisted ones included), with its fingerprint. */
  findings: (Finding & { fingerprint: string })[]
}

/**
 * Judges everything the scanners found by running the gates (gates.ts) in order. A finding fails the
 * gate when it is not allowlisted, is new against the baseline (when one is given), has a fix (when
 * `fixable-only`), and reaches `fail-on` (`bandit-fail-on` and `bandit-confidence` for code). An
 * incomplete scan fails (or warns, with `on-tool-error: warn`): a scan that broke is never a clean one.
 */
export function evaluate(
  runs: ToolRun[],
  findings: Finding[],
  allow: AllowlistOutcome,
  baseline: Baseline | undefined,
  stale: StaleSecretsResult | undefined,
  gate: GateInputs,
  startedAt: string,
): RunResult<DepAuditData> {
  const fps = fingerprints(findings)
  // Each finding's fingerprint, looked up only against a baseline.
  const keys = new Map<Finding, string>()
  if (baseline) findings.forEach((f, i) => keys.set(f, fps[i]))
  const isNew = (f: Finding) => !baseline || !baseline.fingerprints.has(keys.get(f)!)
  const keyed = (list: Finding[]) => list.map((f) => ({ ...f, fingerprint: keys.get(f)! }))
  // Every finding with its fingerprint: the report's data, and what a baseline is compared with.
  const reported = findings.map((f, i) => ({ ...f, fingerprint: fps[i] }))
  const changes = baseline && changesSince(baseline, keyed(allow.kept), reported)
  const candidates = allow.kept.filter(
    (f) => isNew(f) && (!gate.fixableOnly || f.fixAvailable || f.tool === 'bandit'),
  )
  const outdated = runs.flatMap((r) => r.outdated)
  const scanned: Scanned = { runs, allow, baseline, stale, gate, candidates, outdated }
  const verdicts = GATES.map((check) => check(scanned))
  const checks = verdicts.flatMap((v) => v.checks)

  const all = allow.kept
  const counts = countByTool(all, gate)
  const dependencyCount = (severity: Severity) =>
    [...counts].reduce((sum, [tool, count]) => sum + (tool === 'bandit' ? 0 : count[severity]), 0)
  const tables: Table[] = [
    countsTable(counts),
    findingsTable(worstFirst(all, gate), isNew, gate, !!baseline),
    ...(changes ? [changesTable(changes)] : []),
    // Each gate's own table (outdated packages, secrets by age) after the findings.
    ...verdicts.flatMap((v) => v.tables ?? []),
  ]
  const details: Detail[] = allow.suppressed.length
    ? [
        {
          title: `Allowlisted findings (${allow.suppressed.length})`,
          body: allow.suppressed
            .map(
              ({ finding, entry }) =>
                `${finding.id} ${finding.package ?? finding.file ?? ''}: ${entry.reason} (until ${entry.expires})`,
            )
            .join('\n'),
        },
      ]
    : []

  const vulnerabilities = all.filter((f) => f.tool !== 'bandit')
  const report = createReport<DepAuditData>({
    action: 'dep-audit',
    title: `dep-audit: ${vulnerabilities.length} vulnerable dependency finding(s), ${all.length - vulnerabilities.length} code issue(s), ${outdated.length} outdated`,
    checks,
    tables,
    details,
    metrics: [
      { name: 'vulnerabilities', value: vulnerabilities.length, unit: '' },
      { name: 'code issues', value: all.length - vulnerabilities.length, unit: '' },
    ],
    data: {
      fingerprints: [...new Set(fps)],
      findings: reported,
    },
    startedAt,
  })
  return {
    report,
    locations: banditLocations(candidates),
    outputs: {
      status: report.status,
      vulnerabilities: vulnerabilities.length,
      critical: dependencyCount('critical'),
      high: dependencyCount('high'),
      moderate: dependencyCount('moderate'),
      low: dependencyCount('low'),
      'code-issues': all.length - vulnerabilities.length,
      outdated: outdated.length,
      new: candidates.length,
      fixed: changes?.fixed.length,
      'stale-secrets': stale?.secrets.filter((s) => s.stale).length ?? 0,
    },
  }
}

const LEVELS: Severity[] = ['critical', 'high', 'moderate', 'low']

/** The kept findings per tool (in order of first appearance) and effective severity, counted in one pass. */
function countByTool(findings: Finding[], gate: GateInputs): Map<Tool, Record<Severity, number>> {
  const counts = new Map<Tool, Record<Severity, number>>()
  for (const f of findings) {
    let count = counts.get(f.tool)
    if (!count) counts.set(f.tool, (count = { critical: 0, high: 0, moderate: 0, low: 0, unknown: 0 }))
    count[effectiveSeverity(f, gate.unknownSeverity)]++
  }
  return counts
}

function countsTable(counts: Map<Tool, Record<Severity, number>>): Table {
  return {
    title: COUNTS_TABLE,
    columns: ['Tool', ...LEVELS],
    rows: [...counts].map(([tool, count]) => [tool, ...LEVELS.map((s) => String(count[s]))]),
  }
}

/**
 * Worst first, in report order within each severity (what a stable sort by severity gives), in one pass
 * instead of a sort of thousands of findings.
 */
function worstFirst(findings: Finding[], gate: GateInputs): Finding[] {
  const bySeverity = new Map<Severity, Finding[]>(SEVERITIES.map((s) => [s, []]))
  for (const f of findings) bySeverity.get(effectiveSeverity(f, gate.unknownSeverity))!.push(f)
  return [...SEVERITIES].reverse().flatMap((s) => bySeverity.get(s)!)
}

/** The summary shows the worst findings; all of them are in the report JSON (and the SARIF). */
export const SUMMARY_FINDINGS = 500

function findingsTable(
  findings: Finding[],
  isNew: (f: Finding) => boolean,
  gate: GateInputs,
  withBaseline: boolean,
): Table {
  const rows: Cell[][] = findings.slice(0, SUMMARY_FINDINGS).map((f) => {
    const url = f.url ?? advisoryUrl(f.id)
    const id: Cell = url ? { text: f.id, href: url } : f.id
    const where = f.tool === 'bandit' ? `${f.file}:${f.line}` : (f.path ?? f.project)
    const fix =
      f.fix ?? (f.fixedVersions.length ? f.fixedVersions.join(', ') : f.fixAvailable ? 'yes' : 'none yet')
    return [
      effectiveSeverity(f, gate.unknownSeverity) + (f.severity === 'unknown' ? ' (unrated)' : ''),
      id,
      f.package ?? f.title,
      f.version ?? '',
      f.tool === 'bandit' ? '' : fix,
      where,
      ...(withBaseline ? [isNew(f) ? 'new' : ''] : []),
    ]
  })
  const more =
    findings.length > SUMMARY_FINDINGS
      ? ` (the worst ${SUMMARY_FINDINGS} of ${findings.length}; all are in the report JSON)`
      : ''
  return {
    title: `${FINDINGS_TABLE}${more}`,
    columns: [
      'Severity',
      'ID',
      'Package / issue',
      'Version',
      'Fix',
      'Path',
      ...(withBaseline ? ['New'] : []),
    ],
    rows,
  }
}

/** The bandit findings that gate, on their file and line, where a reviewer sees them in the diff. */
function banditLocations(candidates: Finding[]): LocatedAnnotation[] {
  return candidates
    .filter((f) => f.tool === 'bandit' && f.file)
    .map((f) => ({
      kind: 'notice' as const,
      title: `bandit ${f.id} (${f.severity}, confidence ${f.confidence ?? 'unknown'})`,
      message: f.title,
      file: f.file!,
      line: f.line,
    }))
}
