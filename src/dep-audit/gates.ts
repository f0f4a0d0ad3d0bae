import { AllowlistOutcome } from './allowlist.js'
import { Baseline } from './changes.js'
import { DepAuditInputs, GateLevel } from './inputs.js'
import { Finding, Severity, atLeast } from './model.js'
import { OutdatedRow } from './parse-npm-outdated.js'
import { StaleSecretsResult } from './rotation.js'
import { ToolRun } from './scan.js'
import { Check, Table } from '../core/report.js'

/**
 * dep-audit's gates: each is a small function named for what it checks, returning its checks (and the
 * table that shows its rows). `evaluate` runs GATES in order, so the order of this list is the order
 * of the report's checks.
 */

/** The inputs that decide what fails. */
export type GateInputs = Pick<
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

/** What every gate sees: the scans, the findings after allowlist and baseline, and the inputs. */
export interface Scanned {
  runs: ToolRun[]
  allow: AllowlistOutcome
  baseline: Baseline | undefined
  stale: StaleSecretsResult | undefined
  gate: GateInputs
  /** The kept findings that may fail: new against the baseline, with a fix when `fixable-only`. */
  candidates: Finding[]
  /** Every outdated package of every list. */
  outdated: OutdatedRow[]
}

export interface GateResult {
  checks: Check[]
  tables?: Table[]
}

export type Gate = (scanned: Scanned) => GateResult

const CONFIDENCE_RANK: Record<string, number> = { unknown: 0, low: 1, medium: 2, high: 3 }
export const UPDATE_RANK: Record<string, number> = { none: 0, unknown: 0, patch: 1, minor: 2, major: 3 }

/** pip-audit reports no severity: count it as the `unknown-severity` input says. */
export function effectiveSeverity(finding: Finding, unknownAs: Exclude<GateLevel, 'none'>): Severity {
  return finding.severity === 'unknown' ? unknownAs : finding.severity
}

function reaches(severity: Severity, level: GateLevel): boolean {
  return level !== 'none' && atLeast(severity, level)
}

const isOutdatedList = (run: ToolRun) => run.tool === 'npm outdated' || run.tool === 'pip outdated'

/** One check per scanner run: what it found and how long it took, or why it did not scan or finish. */
export const scannerRuns: Gate = ({ runs, gate }) => ({
  checks: runs.map((run): Check => {
    const id = `tool:${run.tool}:${run.project}`
    const title = `${run.tool} (${run.project})`
    if (run.notScanned) return { id, title, status: 'warn', detail: `not scanned: ${run.notScanned}` }
    if (run.incomplete)
      return {
        id,
        title,
        status: gate.onToolError === 'fail' ? 'fail' : 'warn',
        detail: `incomplete: ${run.incomplete}`,
        recommendation: 'the audit did not finish, so it cannot be called clean',
      }
    const what = isOutdatedList(run)
      ? `${run.outdated.length} outdated package(s)`
      : run.tool === 'bandit'
        ? `${run.findings.length} code issue(s)`
        : `${run.findings.length} vulnerability(ies)`
    return {
      id,
      title,
      status: 'pass',
      detail: `${what}, in ${Math.round(run.durationMs / 100) / 10}s${run.note ? ` (${run.note})` : ''}`,
    }
  }),
})

/** Vulnerable dependencies (npm audit, pip-audit) at or above `fail-on`. */
export const vulnerabilities: Gate = ({ runs, allow, baseline, gate, candidates }) => {
  const deps = candidates.filter((f) => f.tool !== 'bandit')
  return {
    checks: [
      judgeScans({
        id: 'vulnerabilities',
        title: `Vulnerable dependencies (fail-on ${gate.failOn})`,
        runs: runs.filter((r) => r.tool === 'npm audit' || r.tool === 'pip-audit'),
        failing: deps.filter((f) => reaches(effectiveSeverity(f, gate.unknownSeverity), gate.failOn)),
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
    ],
  }
}

/** Code issues (bandit) at or above `bandit-fail-on` with at least `bandit-confidence`. */
export const codeIssues: Gate = ({ runs, baseline, gate, candidates }) => {
  const code = candidates.filter((f) => f.tool === 'bandit')
  return {
    checks: [
      judgeScans({
        id: 'code-issues',
        title: `Code issues (bandit-fail-on ${gate.banditFailOn}, confidence ${gate.banditConfidence})`,
        runs: runs.filter((r) => r.tool === 'bandit'),
        failing: code.filter(
          (f) =>
            reaches(f.severity, gate.banditFailOn) &&
            CONFIDENCE_RANK[f.confidence ?? 'unknown'] >= CONFIDENCE_RANK[gate.banditConfidence],
        ),
        found: code,
        level: gate.banditFailOn,
        belowGate: 'below the gate',
        none: `none${baseline ? ' new' : ''}`,
        unknownStatus: gate.onToolError,
        recommendation:
          'fix what stopped bandit (its own check above says why) and run again, or evaluate a saved report (bandit-report)',
        setInput: 'set bandit-paths to the folders of your Python code (relative to working-directory)',
      }),
    ],
  }
}

/** An allowlist entry past its date fails: the exception was granted until then. */
export const expiredAllowEntries: Gate = ({ allow }) => ({
  checks: allow.expired.length
    ? [
        {
          id: 'allowlist-expired',
          title: 'Expired allowlist entries',
          status: 'fail',
          detail: allow.expired
            .map((e) => `${e.id} expired on ${e.expires} (line ${e.line}: ${e.reason})`)
            .join('; '),
          recommendation: 'fix the finding, or renew the entry with a new reason and date',
        },
      ]
    : [],
})

/** An allowlist entry that matched nothing warns: the finding is gone and the entry should go too. */
export const unusedAllowEntries: Gate = ({ allow }) => ({
  checks: allow.unused.length
    ? [
        {
          id: 'allowlist-unused',
          title: 'Unused allowlist entries',
          status: 'warn',
          detail: allow.unused.map((e) => `${e.id} (line ${e.line}) matched nothing`).join('; '),
          recommendation: 'remove entries for findings that are gone',
        },
      ]
    : [],
})

/**
 * With a baseline: how many findings are new against it. One that cannot serve was a warning when it was
 * read (changes.ts) and is absent here: every finding then counts.
 */
export const baselineComparison: Gate = ({ baseline, allow, candidates }) => ({
  checks: baseline
    ? [
        {
          id: 'baseline',
          title: 'Baseline',
          status: 'pass',
          detail: `${candidates.length} new finding(s) against ${baseline.path} (${allow.kept.length - candidates.length} known or not gated)`,
        },
      ]
    : [],
})

/** Outdated packages, failing from `outdated-fail-on` up; the table lists every one, biggest update first. */
export const outdatedPackages: Gate = ({ runs, gate, outdated }) => {
  const tables = outdated.length ? [outdatedTable(outdated)] : []
  if (!gate.outdated) return { checks: [], tables }
  const over =
    gate.outdatedFailOn === 'none'
      ? []
      : outdated.filter((r) => UPDATE_RANK[r.update] >= UPDATE_RANK[gate.outdatedFailOn])
  const majors = outdated.filter((r) => r.update === 'major').length
  // A list that did not finish (an unreachable index) leaves the count unknown, not clean.
  const unfinished = runs
    .filter((r) => isOutdatedList(r) && r.incomplete)
    .map((r) => `${r.tool} (${r.project})`)
  const counted = `${outdated.length} outdated (${majors} major)`
  const check: Check = {
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
  }
  return { checks: [check], tables }
}

/** With `secrets-max-age`: Actions secrets not rotated in time warn, as does a listing that failed. */
export const secretRotation: Gate = ({ stale }) => {
  if (!stale) return { checks: [] }
  const old = stale.secrets.filter((s) => s.stale)
  const check: Check = stale.problem
    ? { id: 'secrets', title: 'Secret rotation', status: 'warn', detail: stale.problem }
    : {
        id: 'secrets',
        title: 'Secret rotation',
        status: old.length ? 'warn' : 'pass',
        detail: old.length
          ? `${old.length} of ${stale.secrets.length} secret(s) not rotated in time: ${old.map((s) => `${s.name} (${s.ageDays} days)`).join(', ')}`
          : `all ${stale.secrets.length} secret(s) rotated in time`,
      }
  const tables: Table[] = stale.secrets.length
    ? [
        {
          title: 'Actions secrets by age',
          columns: ['Secret', 'Updated', 'Age (days)', 'Stale'],
          rows: stale.secrets.map((s) => [s.name, s.updatedAt, String(s.ageDays), s.stale ? 'yes' : 'no']),
        },
      ]
    : []
  return { checks: [check], tables }
}

/** Every gate, in the order the report lists their checks. */
export const GATES: Gate[] = [
  scannerRuns,
  vulnerabilities,
  codeIssues,
  expiredAllowEntries,
  unusedAllowEntries,
  baselineComparison,
  outdatedPackages,
  secretRotation,
]

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

function outdatedTable(rows: OutdatedRow[]): Table {
  return {
    title: 'Outdated packages',
    columns: ['Package', 'Current', 'Wanted', 'Latest', 'Update', 'Project'],
    rows: [...rows]
      .sort((a, b) => UPDATE_RANK[b.update] - UPDATE_RANK[a.update])
      .map((r) => [r.package, r.current ?? 'missing', r.wanted, r.latest, r.update, r.project]),
  }
}
