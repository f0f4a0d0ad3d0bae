import { createHash } from 'node:crypto'

/**
 * The one finding model of dep-audit. npm audit, pip-audit and bandit each speak their own vocabulary;
 * the parsers translate into this, so gating, allowlists, baselines, the summary and SARIF are written once.
 */

export type Severity = 'low' | 'moderate' | 'high' | 'critical' | 'unknown'

/** bandit's confidence in a code finding; the scanners of dependencies have none. */
export type Confidence = 'low' | 'medium' | 'high' | 'unknown'

export type Tool = 'npm-audit' | 'pip-audit' | 'bandit'

export interface Finding {
  tool: Tool
  /** GHSA, CVE or PYSEC id of an advisory, or a bandit test id such as B105. */
  id: string
  /** Other ids of the same advisory (CVE of a GHSA, …), without `id` itself. */
  aliases: string[]
  package?: string
  /** The installed version; npm 7+ reports do not say it, so it is missing there. */
  version?: string
  severity: Severity
  /** bandit only. */
  confidence?: Confidence
  /** Versions (pip-audit) or ranges (npm 6 `>=1.14.8`) that fix it; empty when none is known. */
  fixedVersions: string[]
  fixAvailable: boolean
  /** How to fix it, in words, when the tool says more than versions (`axios@0.26.0, a major update`). */
  fix?: string
  title: string
  url?: string
  /** The shortest npm dependency path (`github-build>axios>follow-redirects`), or a project folder. */
  path?: string
  /** Every npm dependency path that leads to the package, shortest first (capped). */
  paths?: string[]
  /** bandit: the file, relative and with `/` separators. */
  file?: string
  line?: number
  /** bandit: the source of the flagged lines, without line numbers; what the fingerprint uses. */
  code?: string
  /** The npm project folder, requirements file or bandit path that was scanned. */
  project: string
  /** After `dedupe`: every project the finding was seen in, when more than one. */
  projects?: string[]
}

/**
 * What every parser returns. `incomplete` says why the scan cannot be trusted (the tool failed, skipped
 * dependencies, could not read files): the gate must treat that as a failure, never as a clean result.
 */
export interface ParseResult {
  findings: Finding[]
  incomplete?: string
}

/**
 * Worst last. `unknown` ranks lowest so that a known severity always wins a merge (pip-audit's unknown
 * and npm's high give high); what unknown counts as at the gate is the `unknown-severity` input's call.
 */
export const SEVERITIES: readonly Severity[] = ['unknown', 'low', 'moderate', 'high', 'critical']

const RANK: Record<Severity, number> = { unknown: 0, low: 1, moderate: 2, high: 3, critical: 4 }

export function severityRank(severity: Severity): number {
  return RANK[severity]
}

/** For sorting worst first: `findings.sort((a, b) => compareSeverity(b.severity, a.severity))`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b]
}

/** The worst known severity, `unknown` when there is none. */
export function worstSeverity(severities: Iterable<Severity>): Severity {
  let worst: Severity = 'unknown'
  for (const severity of severities) if (RANK[severity] > RANK[worst]) worst = severity
  return worst
}

/** Whether `severity` reaches `threshold`; an unknown severity never does (map it before asking). */
export function atLeast(severity: Severity, threshold: Exclude<Severity, 'unknown'>): boolean {
  return severity !== 'unknown' && RANK[severity] >= RANK[threshold]
}

/**
 * Reads the severity words of every tool: npm's `info` counts as low (it is below low, and there is no
 * lower level to keep it apart), bandit's `MEDIUM` is moderate; anything else is unknown, never dropped.
 */
export function toSeverity(word: unknown): Severity {
  switch (typeof word === 'string' ? word.trim().toLowerCase() : '') {
    case 'info':
    case 'low':
      return 'low'
    case 'moderate':
    case 'medium':
      return 'moderate'
    case 'high':
      return 'high'
    case 'critical':
      return 'critical'
    default:
      return 'unknown'
  }
}

/** The page of an advisory id: GitHub for GHSA, OSV (which mirrors PYSEC, CVE and GHSA) for the rest. */
export function advisoryUrl(id: string): string | undefined {
  if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`
  if (/^(PYSEC|CVE|OSV|GSD|RUSTSEC|BIT)-/i.test(id)) return `https://osv.dev/vulnerability/${id}`
  return undefined
}

/** The ecosystem a package name belongs to: the same name on npm and PyPI is not the same package. */
function ecosystem(tool: Tool): string {
  return tool === 'npm-audit' ? 'npm' : tool === 'pip-audit' ? 'pypi' : 'code'
}

/** A PyPI name after PEP 503 normalisation (`Foo_Bar.baz` is `foo-bar-baz`): how pip compares names. */
export const normalizePypiName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-')

/** The Python that runs pip and venv: `python3` (Windows runners name it `python`). */
export const PYTHON = process.platform === 'win32' ? 'python' : 'python3'

/** PyPI names compare after PEP 503 normalisation; npm names are exact. */
function packageKey(finding: Finding): string {
  const name = finding.package ?? ''
  return finding.tool === 'pip-audit' ? normalizePypiName(name) : name
}

const idKey = (id: string) => id.trim().toUpperCase()

/**
 * Merges findings of the same advisory (ids or aliases overlap, transitively) for the same package and
 * version in the same ecosystem, across tools and projects; bandit findings merge when the same test fires
 * on the same file and line (overlapping bandit paths). The merged finding keeps the first one's fields
 * and input position, the worst severity, the union of aliases, fixes, paths and projects. A missing
 * version (npm 7+) only matches a missing version.
 */
export function dedupe(findings: readonly Finding[]): Finding[] {
  const parent = findings.map((_, index) => index)
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]]
    return index
  }
  let unions = 0
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)]
    if (ra === rb) return
    parent[Math.max(ra, rb)] = Math.min(ra, rb)
    unions++
  }

  const firstWith = new Map<string, number>()
  findings.forEach((finding, index) => {
    const where =
      finding.package === undefined
        ? `${ecosystem(finding.tool)}\0${finding.file ?? finding.project}\0${finding.line ?? ''}`
        : `${ecosystem(finding.tool)}\0${packageKey(finding)}\0${finding.version ?? ''}`
    for (const id of [finding.id, ...finding.aliases]) {
      const key = `${where}\0${idKey(id)}`
      const seen = firstWith.get(key)
      if (seen === undefined) firstWith.set(key, index)
      else union(seen, index)
    }
  })
  // Nothing to merge (one report, no overlap): every finding stays as it is, in its place.
  if (unions === 0) return [...findings]

  const groups = new Map<number, Finding[]>()
  findings.forEach((finding, index) => {
    const root = find(index)
    const group = groups.get(root)
    if (group) group.push(finding)
    else groups.set(root, [finding])
  })
  return [...groups.values()].map(merge)
}

function merge(group: Finding[]): Finding {
  const [first] = group
  if (group.length === 1) return first
  const union = (values: Iterable<string>) => [...new Set(values)]
  const ids = union(group.flatMap((f) => [f.id, ...f.aliases]))
  const projects = union(group.flatMap((f) => f.projects ?? [f.project]))
  const paths = union(group.flatMap((f) => f.paths ?? (f.path === undefined ? [] : [f.path])))
  const merged: Finding = {
    ...first,
    aliases: ids.filter((id) => idKey(id) !== idKey(first.id)),
    severity: worstSeverity(group.map((f) => f.severity)),
    fixedVersions: union(group.flatMap((f) => f.fixedVersions)),
    fixAvailable: group.some((f) => f.fixAvailable),
    url: first.url ?? group.find((f) => f.url)?.url,
    fix: first.fix ?? group.find((f) => f.fix)?.fix,
  }
  if (paths.length > 0 && first.package !== undefined) merged.paths = paths
  if (projects.length > 1) merged.projects = projects
  return merged
}

/** Trims each line, collapses runs of blanks, drops empty lines: re-indenting code is not a new finding. */
export function normaliseCode(code: string): string {
  return code
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n')
}

/**
 * The id a dependency finding is known by across runs: its GHSA id when it has one (npm always, pip-audit
 * in its aliases whichever service answered), else its CVE, else its own id.
 */
export function canonicalId(finding: Finding): string {
  // Without aliases the id is the only candidate (npm audit's findings): nothing to pick from.
  if (finding.aliases.length === 0) return idKey(finding.id)
  const ids = [finding.id, ...finding.aliases].map(idKey)
  const pick = (prefix: string) =>
    ids
      .filter((id) => id.startsWith(prefix))
      .sort()
      .at(0)
  return pick('GHSA-') ?? pick('CVE-') ?? idKey(finding.id)
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16)

/**
 * A stable key for baselines. A dependency finding is its ecosystem, project, package and canonical id:
 * not the version (upgrading within the vulnerable range is not a new problem) nor the dependency path.
 * A bandit finding is its file, test id and normalised code (or issue text): not the line, so code that
 * moved is not new. Two identical findings in one file share this key; `fingerprints` tells them apart.
 */
export function fingerprint(finding: Finding): string {
  if (finding.tool === 'bandit') {
    const text = normaliseCode(finding.code ?? '') || normaliseCode(finding.title)
    return `bandit:${finding.file ?? finding.project}:${finding.id}:${hash(text)}`
  }
  return `${ecosystem(finding.tool)}:${finding.project}:${packageKey(finding)}:${canonicalId(finding)}`
}

/**
 * Fingerprints of a list, occurrence-aware: the second identical finding in the same file (by line order)
 * gets `#2`, so it is not swallowed by the first, the weakness of bandit's own baseline (PyCQA/bandit#466).
 * Compute it on findings before `dedupe`, the same way for the baseline run and this one.
 */
export function fingerprints(findings: readonly Finding[]): string[] {
  const keys = findings.map(fingerprint)
  const order = findings.map((_, index) => index)
  // Only bandit findings have lines: a report of dependencies alone keeps its order, unsorted.
  if (findings.some((finding) => finding.line !== undefined))
    order.sort((a, b) => (findings[a].line ?? 0) - (findings[b].line ?? 0) || a - b)
  const seen = new Map<string, number>()
  const result = new Array<string>(findings.length)
  for (const index of order) {
    const count = (seen.get(keys[index]) ?? 0) + 1
    seen.set(keys[index], count)
    result[index] = count === 1 ? keys[index] : `${keys[index]}#${count}`
  }
  return result
}

/**
 * Parses a tool's stdout as JSON, or says why it is not a report. A tool that printed nothing or printed
 * text instead of JSON did not scan: that is an incomplete audit, not an empty one.
 */
export function readToolJson(
  text: string,
  tool: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, reason: `${tool} printed nothing instead of a JSON report` }
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown }
  } catch {
    return { ok: false, reason: `${tool} printed text instead of a JSON report: ${excerpt(trimmed)}` }
  }
}

/** The last line a tool printed (usually its error), at most 300 characters, for messages. */
export function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 300) ?? ''
}

/** The first line of a text, at most 200 characters, for messages. */
export function excerpt(text: string, max = 200): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? ''
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

export const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : []
