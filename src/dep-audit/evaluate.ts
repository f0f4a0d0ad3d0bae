import { AllowlistOutcome } from './allowlist.js'
import { DepAuditInputs, GateLevel } from './inputs.js'
import { Finding, Severity, advisoryUrl, atLeast, compareSeverity, fingerprints } from './model.js'
import { OutdatedRow } from './parse-npm-outdated.js'
import { ToolRun } from './scan.js'
import { Cell, Check, Detail, Report, Table, createReport } from '../core/report.js'

export interface StaleSecrets {
  secrets: { name: string; updatedAt: string; ageDays: number; stale: boolean }[]
  problem?: string
}

export interface Evaluation {
  report: Report
  outputs: Record<string, string | number>
  /** Every finding that gates, with whether it is new, for SARIF and annotations. */
  counted: Finding[]
}

export type Gate = Pick<
  DepAuditInputs,
  | 'failOn'
  | 'banditFailOn'
  | 'banditConfidence'
  | 'unknownSeverity'
  | 'fixableOnly'
  | 'onToolError'
  | 'outdated'
  | 'outdatedFailOn'
>

const CONFIDENCE_RANK: Record<string, number> = { unknown: 0, low: 1, medium: 2, high: 3 }
const UPDATE_RANK: Record<string, number> = { none: 0, unknown: 0, patch: 1, minor: 2, major: 3 }

/** pip-audit reports no severity: count it as the `unknown-severity` input says. */
export function effectiveSeverity(finding: Finding, unknownAs: Exclude<GateLevel, 'none'>): Severity {
  return finding.severity === 'unknown' ? unknownAs : finding.severity
}

function reaches(severity: Severity, level: GateLevel): boolean {
  return level !== 'none' && atLeast(severity, level)
}

/**
 * Judges everything the scanners found. A finding fails the gate when it is not allowlisted, is new
 * against the baseline (when one is given), has a fix (when `fixable-only`), and reaches `fail-on`
 * (`bandit-fail-on` and `bandit-confidence` for code). An incomplete scan fails (or warns, with
 * `on-tool-error: warn`): a scan that broke is never a clean one.
 */
export function evaluate(
  runs: ToolRun[],
  findings: Finding[],
  allow: AllowlistOutcome,
  baseline: { path: string; fingerprints: Set<string> } | { path: string; missing: true } | undefined,
  stale: StaleSecrets | undefined,
  gate: Gate,
  startedAt: string,
): Evaluation {
  const checks: Check[] = []
  const fps = fingerprints(findings)
  const keys = new Map(findings.map((f, i) => [f, fps[i]]))
  const isNew = (f: Finding) => !baseline || 'missing' in baseline || !baseline.fingerprints.has(keys.get(f)!)
  const candidates = allow.kept.filter(
    (f) => isNew(f) && (!gate.fixableOnly || f.fixAvailable || f.tool === 'bandit'),
  )

  for (const run of runs) {
    const id = `tool:${run.tool}:${run.project}`
    const title = `${run.tool} (${run.project})`
    if (run.notScanned) {
      checks.push({ id, title, status: 'warn', detail: `not scanned: ${run.notScanned}` })
    } else if (run.incomplete) {
      checks.push({
        id,
        title,
        status: gate.onToolError === 'fail' ? 'fail' : 'warn',
        detail: `incomplete: ${run.incomplete}`,
        recommendation: 'the audit did not finish, so it cannot be called clean',
      })
    } else {
      const what =
        run.tool === 'npm outdated' || run.tool === 'pip outdated'
          ? `${run.outdated.length} outdated package(s)`
          : run.tool === 'bandit'
            ? `${run.findings.length} code issue(s)`
            : `${run.findings.length} vulnerability(ies)`
      checks.push({
        id,
        title,
        status: 'pass',
        detail: `${what}, in ${Math.round(run.durationMs / 100) / 10}s${run.note ? ` (${run.note})` : ''}`,
      })
    }
  }

  const deps = candidates.filter((f) => f.tool !== 'bandit')
  const failingDeps = deps.filter((f) => reaches(effectiveSeverity(f, gate.unknownSeverity), gate.failOn))
  const depRuns = runs.filter((r) => r.tool === 'npm audit' || r.tool === 'pip-audit')
  checks.push(
    judgeScans({
      id: 'vulnerabilities',
      title: `Vulnerable dependencies (fail-on ${gate.failOn})`,
      runs: depRuns,
      failing: failingDeps,
      found: deps,
      level: gate.failOn,
      none: `none${baseline ? ' new' : ''}${allow.suppressed.length ? ` (${allow.suppressed.length} allowlisted)` : ''}`,
      unknownStatus: gate.onToolError,
      recommendation:
        'fix what stopped the scanner (its own check above says why) and run again, or evaluate a report saved where the advisory service is reachable (npm-audit-report, pip-audit-report)',
      notScanned: 'no npm project (package-lock.json) and no requirements file was found',
      setInput:
        'set npm-projects or python-requirements (relative to working-directory), or check working-directory',
    }),
  )

  const code = candidates.filter((f) => f.tool === 'bandit')
  const failingCode = code.filter(
    (f) =>
      reaches(f.severity, gate.banditFailOn) &&
      CONFIDENCE_RANK[f.confidence ?? 'unknown'] >= CONFIDENCE_RANK[gate.banditConfidence],
  )
  checks.push(
    judgeScans({
      id: 'code-issues',
      title: `Code issues (bandit-fail-on ${gate.banditFailOn}, confidence ${gate.banditConfidence})`,
      runs: runs.filter((r) => r.tool === 'bandit'),
      failing: failingCode,
      found: code,
      level: gate.banditFailOn,
      belowGate: 'below the gate',
      none: `none${baseline ? ' new' : ''}`,
      unknownStatus: gate.onToolError,
      recommendation:
        'fix what stopped bandit (its own check above says why) and run again, or evaluate a saved report (bandit-report)',
      setInput: 'set bandit-paths to the folders of your Python code (relative to working-directory)',
    }),
  )

  if (allow.expired.length) {
    checks.push({
      id: 'allowlist-expired',
      title: 'Expired allowlist entries',
      status: 'fail',
      detail: allow.expired
        .map((e) => `${e.id} expired on ${e.expires} (line ${e.line}: ${e.reason})`)
        .join('; '),
      recommendation: 'fix the finding, or renew the entry with a new reason and date',
    })
  }
  if (allow.unused.length) {
    checks.push({
      id: 'allowlist-unused',
      title: 'Unused allowlist entries',
      status: 'warn',
      detail: allow.unused.map((e) => `${e.id} (line ${e.line}) matched nothing`).join('; '),
      recommendation: 'remove entries for findings that are gone',
    })
  }
  if (baseline) {
    checks.push(
      'missing' in baseline
        ? {
            id: 'baseline',
            title: 'Baseline',
            status: 'warn',
            detail: `no baseline report at ${baseline.path}: every finding counts as new`,
          }
        : {
            id: 'baseline',
            title: 'Baseline',
            status: 'pass',
            detail: `${candidates.length} new finding(s) against ${baseline.path} (${allow.kept.length - candidates.length} known or not gated)`,
          },
    )
  }

  const outdated = runs.flatMap((r) => r.outdated)
  if (gate.outdated) {
    const over =
      gate.outdatedFailOn === 'none'
        ? []
        : outdated.filter((r) => UPDATE_RANK[r.update] >= UPDATE_RANK[gate.outdatedFailOn])
    const majors = outdated.filter((r) => r.update === 'major').length
    // A list that did not finish (an unreachable index) leaves the count unknown, not clean.
    const unfinished = runs
      .filter((r) => (r.tool === 'npm outdated' || r.tool === 'pip outdated') && r.incomplete)
      .map((r) => `${r.tool} (${r.project})`)
    const counted = `${outdated.length} outdated (${majors} major)`
    checks.push({
      id: 'outdated',
      title: `Outdated packages (outdated-fail-on ${gate.outdatedFailOn})`,
      status: over.length ? 'fail' : unfinished.length ? gate.onToolError : 'pass',
      detail: over.length
        ? `${over.length} ${gate.outdatedFailOn} update(s) or bigger waiting: ${over
            .slice(0, 5)
            .map((r) => `${r.package} ${r.current ?? 'missing'} → ${r.latest}`)
            .join(', ')}`
        : unfinished.length
          ? `unknown: ${unfinished.join(', ')} did not finish; ${counted} in the lists that did`
          : counted,
    })
  }

  if (stale) {
    const old = stale.secrets.filter((s) => s.stale)
    checks.push(
      stale.problem
        ? { id: 'secrets', title: 'Secret rotation', status: 'warn', detail: stale.problem }
        : {
            id: 'secrets',
            title: 'Secret rotation',
            status: old.length ? 'warn' : 'pass',
            detail: old.length
              ? `${old.length} of ${stale.secrets.length} secret(s) not rotated in time: ${old.map((s) => `${s.name} (${s.ageDays} days)`).join(', ')}`
              : `all ${stale.secrets.length} secret(s) rotated in time`,
          },
    )
  }

  const all = allow.kept
  const bySeverity = (list: Finding[], severity: Severity) =>
    list.filter((f) => f.tool !== 'bandit' && effectiveSeverity(f, gate.unknownSeverity) === severity).length
  const tables: Table[] = [
    countsTable(all, gate),
    findingsTable(
      [...all].sort((a, b) =>
        compareSeverity(
          effectiveSeverity(b, gate.unknownSeverity),
          effectiveSeverity(a, gate.unknownSeverity),
        ),
      ),
      isNew,
      gate,
      !!baseline,
    ),
  ]
  if (outdated.length) tables.push(outdatedTable(outdated))
  if (stale?.secrets.length)
    tables.push({
      title: 'Actions secrets by age',
      columns: ['Secret', 'Updated', 'Age (days)', 'Stale'],
      rows: stale.secrets.map((s) => [s.name, s.updatedAt, String(s.ageDays), s.stale ? 'yes' : 'no']),
    })
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
  const report = createReport({
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
      fingerprints: [...new Set(keys.values())],
      findings: findings.map((f) => ({ ...f, fingerprint: keys.get(f) })),
    },
    startedAt,
  })
  return {
    report,
    counted: candidates,
    outputs: {
      status: report.status,
      vulnerabilities: vulnerabilities.length,
      critical: bySeverity(all, 'critical'),
      high: bySeverity(all, 'high'),
      moderate: bySeverity(all, 'moderate'),
      low: bySeverity(all, 'low'),
      'code-issues': all.length - vulnerabilities.length,
      outdated: outdated.length,
      new: candidates.length,
      'stale-secrets': stale?.secrets.filter((s) => s.stale).length ?? 0,
    },
  }
}

/**
 * The verdict over a kind of scan (dependencies, code). Findings at the gate fail whatever else
 * happened; otherwise a scan that did not finish makes the verdict unknown (on-tool-error decides fail
 * or warn), never "none": absence of evidence from a broken scanner is not evidence of absence.
 */
function judgeScans(scope: {
  id: string
  title: string
  runs: ToolRun[]
  failing: Finding[]
  found: Finding[]
  level: GateLevel
  belowGate?: string
  none: string
  unknownStatus: 'fail' | 'warn'
  recommendation: string
  /** Why nothing was scanned when no run of this kind was made at all. */
  notScanned?: string
  /** The input that says what to scan. */
  setInput: string
}): Check {
  const { id, title, runs, failing, found } = scope
  const broken = runs.filter((r) => r.incomplete)
  // Nothing to scan (no project found, no Python file) is not a clean scan: say so and name the input.
  const skipped = runs.filter((r) => r.notScanned).map((r) => r.notScanned!)
  if (!runs.length && scope.notScanned) skipped.push(scope.notScanned)
  const scanned = runs.filter((r) => !r.notScanned && !r.incomplete)
  if (skipped.length && !scanned.length && !broken.length && !found.length)
    return {
      id,
      title,
      status: 'warn',
      detail: `not scanned: ${skipped.join('; ')}`,
      recommendation: scope.setInput,
    }
  const why = broken.map((r) => `${r.tool} (${r.project}): ${r.incomplete}`).join('; ')
  const below = `${found.length} ${scope.belowGate ?? `below ${scope.level}`}`
  if (failing.length) {
    const more = failing.length > 5 ? ` and ${failing.length - 5} more` : ''
    const notKnown = broken.length
      ? `; not known for ${broken.map((r) => `${r.tool} (${r.project})`).join(', ')}`
      : ''
    return {
      id,
      title,
      status: 'fail',
      detail: `${failing.length} at or above ${scope.level}: ${failing.slice(0, 5).map(describe).join('; ')}${more}${notKnown}`,
    }
  }
  if (broken.length) {
    const what =
      broken.length === 1 && runs.length === 1
        ? `${broken[0].tool} (${broken[0].project}) did not finish: ${broken[0].incomplete}`
        : broken.length === runs.length
          ? `no ${id === 'code-issues' ? 'code' : 'dependency'} scan finished (${why})`
          : `${broken.length} of ${runs.length} ${id === 'code-issues' ? 'code' : 'dependency'} scans did not finish (${why})`
    const seen = found.length
      ? `; ${below} in the scans that finished: ${found.slice(0, 5).map(describe).join('; ')}`
      : ''
    return {
      id,
      title,
      status: scope.unknownStatus,
      detail: `unknown: ${what}${seen}`,
      recommendation: scope.recommendation,
    }
  }
  return {
    id,
    title,
    status: found.length ? 'warn' : 'pass',
    detail: found.length ? `${below}: ${found.slice(0, 5).map(describe).join('; ')}` : scope.none,
  }
}

function describe(f: Finding): string {
  if (f.tool === 'bandit') return `${f.id} ${f.title} at ${f.file}:${f.line}`
  return `${f.id} in ${f.package}${f.version ? `@${f.version}` : ''} (${f.severity})${f.fixAvailable ? '' : ', no fix yet'}`
}

function countsTable(findings: Finding[], gate: Gate): Table {
  const tools = [...new Set(findings.map((f) => f.tool))]
  const levels: Severity[] = ['critical', 'high', 'moderate', 'low']
  return {
    title: 'Findings by severity',
    columns: ['Tool', ...levels],
    rows: tools.map((tool) => [
      tool,
      ...levels.map((s) =>
        String(
          findings.filter((f) => f.tool === tool && effectiveSeverity(f, gate.unknownSeverity) === s).length,
        ),
      ),
    ]),
  }
}

/** The summary shows the worst findings; all of them are in the report JSON (and the SARIF). */
export const SUMMARY_FINDINGS = 500

function findingsTable(
  findings: Finding[],
  isNew: (f: Finding) => boolean,
  gate: Gate,
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
    title: `Findings, worst first${more}`,
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

function outdatedTable(rows: OutdatedRow[]): Table {
  return {
    title: 'Outdated packages',
    columns: ['Package', 'Current', 'Wanted', 'Latest', 'Update', 'Project'],
    rows: [...rows]
      .sort((a, b) => UPDATE_RANK[b.update] - UPDATE_RANK[a.update])
      .map((r) => [r.package, r.current ?? 'missing', r.wanted, r.latest, r.update, r.project]),
  }
}
