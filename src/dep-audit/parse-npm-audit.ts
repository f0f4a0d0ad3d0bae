import {
  Finding,
  ParseResult,
  Severity,
  asString,
  asStrings,
  excerpt,
  isObject,
  readToolJson,
  toSeverity,
  worstSeverity,
} from './model.js'

/**
 * Reads `npm audit --json` of npm 7+ (`auditReportVersion: 2`) and npm 6 (`advisories`). One finding per
 * advisory and vulnerable package (npm 6: and installed version); packages that are only vulnerable
 * through a dependency (`via` holds a package name) carry no finding of their own, they are the paths.
 */

/** A package of an npm 7+ report with the advisories its `via` chain leads to. */
export interface NpmVulnerablePackage {
  name: string
  /** The worst of the advisories it leads to. npm's own `severity` can be lower: see `reportedSeverity`. */
  severity: Severity
  /**
   * What npm said. npm judges each installed copy separately, while `vulnerabilities` is keyed by name,
   * so resolving names over-approximates: `bull` (high) leads to lodash's critical advisory through a copy
   * of lodash that bull does not use.
   */
  reportedSeverity: Severity
  direct: boolean
  /** Advisory ids (GHSA, or the npm source number) reachable through `via`, own and transitive. */
  advisories: string[]
  fixAvailable: boolean
}

export interface NpmAuditResult extends ParseResult {
  /**
   * npm 7+ only: every package of the report, with its resolved advisories. Resolved on first read: the
   * gate only needs `findings`, and walking every `via` chain of a 10,000-finding report costs tens of ms.
   */
  readonly packages: NpmVulnerablePackage[]
  /** 2 for npm 7+, 1 for npm 6; missing when the report was unreadable. */
  reportVersion?: 1 | 2
}

/** At most this many dependency paths per finding: a deep tree has thousands, the shortest tell enough. */
export const MAX_PATHS = 10

const GHSA_IN_URL = /\/advisories\/(GHSA(?:-[0-9a-z]{4}){3})\b/i

/** The GHSA id in an advisory URL (`https://github.com/advisories/GHSA-…`); npm 7 drops the id field. */
export function ghsaFromUrl(url: string | undefined): string | undefined {
  const match = url ? GHSA_IN_URL.exec(url) : null
  return match ? `GHSA${match[1].slice(4).toLowerCase()}` : undefined
}

/**
 * Parses npm's stdout. A report with an `error` object, without the map it should have, or that is not JSON
 * is incomplete with npm's own message: an advisory service that refused the request prints valid JSON
 * with no `vulnerabilities` at all, and reading that as "nothing found" is exactly the bug to avoid.
 */
export function parseNpmAudit(text: string, project: string): NpmAuditResult {
  const json = readToolJson(text, 'npm audit')
  if (!json.ok) return { findings: [], packages: [], incomplete: json.reason }
  const report = json.value
  if (!isObject(report)) return incomplete(`npm audit printed JSON that is not a report: ${excerpt(text)}`)
  if (isObject(report.error) || asString(report.message) !== undefined)
    return incomplete(`npm audit failed: ${npmError(report)}`)
  if (report.auditReportVersion === 2 || isObject(report.vulnerabilities)) {
    if (!isObject(report.vulnerabilities))
      return incomplete('npm audit printed a report without its "vulnerabilities" map')
    return parseV2(report.vulnerabilities, project)
  }
  if (isObject(report.advisories)) return { ...parseV1(report.advisories, project), reportVersion: 1 }
  return incomplete(
    `npm audit printed JSON that is neither an npm 7+ nor an npm 6 report (keys: ${Object.keys(report).join(', ') || 'none'})`,
  )
}

const incomplete = (reason: string): NpmAuditResult => ({ findings: [], packages: [], incomplete: reason })

/**
 * npm's message: `error.code`, `error.summary` and `error.detail` when set (ENOLOCK, ENOAUDIT); an HTTP
 * failure leaves them empty and says what happened in the top-level `message` ("405 Method Not Allowed …").
 */
function npmError(report: Record<string, unknown>): string {
  const error = isObject(report.error) ? report.error : {}
  const parts = [asString(error.summary), asString(error.detail), asString(report.message)]
    .map((part) => part?.trim().replace(/\s*\n\s*/g, ' '))
    .filter((part): part is string => !!part)
  const code = asString(error.code)
  const message = [...new Set(parts)].join(' ') || 'npm printed an error without a message'
  return code ? `${code}: ${message}` : message
}

interface Advisory {
  id: string
  severity: Severity
  title: string
  url?: string
  source?: string
}

interface V2Package {
  name: string
  direct?: boolean
  reportedSeverity: Severity
  advisories: Advisory[]
  /** Names of the vulnerable packages this one depends on (the string entries of `via`). */
  dependsOn: string[]
  fixAvailable: boolean
  fix?: string
  /** The version to install when the fix is this package itself (not a parent). */
  fixedVersion?: string
}

function parseV2(vulnerabilities: Record<string, unknown>, project: string): NpmAuditResult {
  const packages = new Map<string, V2Package>()
  for (const key of Object.keys(vulnerabilities)) {
    const value = vulnerabilities[key]
    if (!isObject(value)) continue
    const name = asString(value.name) ?? key
    // One pass over `via`: advisory objects, and the names of the vulnerable packages it goes through.
    const advisories: Advisory[] = []
    const dependsOn: string[] = []
    for (const item of Array.isArray(value.via) ? (value.via as unknown[]) : []) {
      if (typeof item === 'string') dependsOn.push(item)
      else if (isObject(item)) advisories.push(toAdvisory(item))
    }
    packages.set(key, {
      name,
      direct: typeof value.isDirect === 'boolean' ? value.isDirect : undefined,
      reportedSeverity: toSeverity(value.severity),
      advisories,
      dependsOn,
      ...fixOf(value.fixAvailable, name),
    })
  }

  const pathsTo = dependencyPaths(packages)
  const findings: Finding[] = []
  for (const [key, pkg] of packages) {
    const found = pathsTo(key) ?? [pkg.name]
    pkg.advisories.forEach((advisory, index) => {
      // One finding per advisory: the first entry with its id (a package lists a handful, no Set needed).
      if (pkg.advisories.findIndex((other) => other.id === advisory.id) !== index) return
      const finding: Finding = {
        tool: 'npm-audit',
        id: advisory.id,
        aliases: [],
        package: pkg.name,
        severity: advisory.severity,
        fixedVersions: pkg.fixedVersion ? [pkg.fixedVersion] : [],
        fixAvailable: pkg.fixAvailable,
        title: advisory.title,
        path: found[0],
        paths: found,
        project,
      }
      if (advisory.url) finding.url = advisory.url
      if (pkg.fix) finding.fix = pkg.fix
      findings.push(finding)
    })
  }

  let summary: NpmVulnerablePackage[] | undefined
  return {
    findings,
    get packages() {
      return (summary ??= packageSummary(packages))
    },
    reportVersion: 2,
  }
}

/** Every package with the advisories its `via` chain leads to (NpmAuditResult.packages). */
function packageSummary(packages: Map<string, V2Package>): NpmVulnerablePackage[] {
  const resolved = new Map<string, Advisory[]>()
  return [...packages].map(([key, pkg]) => {
    const advisories = resolveVia(key, packages, resolved)
    return {
      name: pkg.name,
      severity: worstSeverity(advisories.map((a) => a.severity)),
      reportedSeverity: pkg.reportedSeverity,
      direct: pkg.direct ?? false,
      advisories: advisories.map((a) => a.id),
      fixAvailable: pkg.fixAvailable,
    }
  })
}

function toAdvisory(via: Record<string, unknown>): Advisory {
  const url = asString(via.url)
  const source =
    typeof via.source === 'number' || typeof via.source === 'string' ? String(via.source) : undefined
  // Early npm 7 linked npmjs.com advisories (no GHSA): the npm advisory number is then the id.
  const id = ghsaFromUrl(url) ?? (source ? `npm-${source}` : (url ?? asString(via.title) ?? 'npm-advisory'))
  return { id, severity: toSeverity(via.severity), title: asString(via.title) ?? id, url, source }
}

/** `fixAvailable` is `true` (npm audit fix), `false`, or `{name, version, isSemVerMajor?}` to install. */
function fixOf(value: unknown, name: string): Pick<V2Package, 'fixAvailable' | 'fix' | 'fixedVersion'> {
  if (value === true) return { fixAvailable: true, fix: 'npm audit fix' }
  if (!isObject(value)) return { fixAvailable: false }
  const target = asString(value.name)
  const version = asString(value.version)
  if (!target || !version) return { fixAvailable: true, fix: 'npm audit fix' }
  const major = value.isSemVerMajor === true ? ', a major update (npm audit fix --force)' : ''
  return {
    fixAvailable: true,
    fix: `install ${target}@${version}${major}`,
    fixedVersion: target === name ? version : undefined,
  }
}

/**
 * The advisories a package leads to: its own, and recursively those of the packages named in its `via`.
 * Memoised, and cycle-safe: a package met again on the current chain contributes nothing more there.
 * A result that leaned on a package still on the chain above (a → m → n → a: m's result lacks a's own
 * advisories) is right only from that entry point, so it is not memoised; the lowest chain depth the
 * recursion touched tells which those are, as in Tarjan's algorithm.
 */
function resolveVia(
  key: string,
  packages: Map<string, V2Package>,
  memo: Map<string, Advisory[]>,
): Advisory[] {
  const chain = new Map<string, number>()
  const visit = (at: string): { advisories: Advisory[]; low: number } => {
    const cached = memo.get(at)
    if (cached) return { advisories: cached, low: Infinity }
    const depth = chain.get(at)
    if (depth !== undefined) return { advisories: [], low: depth }
    const pkg = packages.get(at)
    if (!pkg) return { advisories: [], low: Infinity }
    const mine = chain.size
    chain.set(at, mine)
    const byId = new Map<string, Advisory>()
    for (const advisory of pkg.advisories) byId.set(advisory.id, advisory)
    let low = Infinity
    for (const dependency of pkg.dependsOn) {
      const found = visit(dependency)
      low = Math.min(low, found.low)
      for (const advisory of found.advisories) if (!byId.has(advisory.id)) byId.set(advisory.id, advisory)
    }
    chain.delete(at)
    const advisories = [...byId.values()]
    if (low >= mine) memo.set(at, advisories)
    return { advisories, low }
  }
  return visit(key).advisories
}

/**
 * Dependency paths (`a>b>c`) from each direct dependency down the `via` names to every package, shortest
 * first. Without `isDirect` (early npm 7), the roots are the packages no other vulnerable package names.
 * Breadth-first from each root, so cycles end and each root contributes its shortest path. Returns the
 * paths to a package (undefined when no root reaches it), made when asked: once per package.
 */
function dependencyPaths(packages: Map<string, V2Package>): (key: string) => string[] | undefined {
  // Only early npm 7 leaves `isDirect` out: the names in `via` are collected only then.
  let named: Set<string> | undefined
  const isNamed = (key: string) =>
    (named ??= new Set([...packages.values()].flatMap((pkg) => pkg.dependsOn))).has(key)
  const roots: string[] = []
  for (const [key, pkg] of packages)
    if (pkg.direct === true || (pkg.direct === undefined && !isNamed(key))) roots.push(key)
  const found = new Map<string, { path: string; depth: number }[]>()
  // The root whose search last reached each package: one map for all searches, not a set per root.
  const reachedFrom = new Map<string, string>()
  for (const root of roots.sort()) {
    reachedFrom.set(root, root)
    const queue = [{ key: root, path: root, depth: 1 }]
    for (let head = 0; head < queue.length; head++) {
      const from = queue[head]
      const list = found.get(from.key)
      if (list) list.push(from)
      else found.set(from.key, [from])
      for (const next of packages.get(from.key)?.dependsOn ?? []) {
        if (reachedFrom.get(next) === root || !packages.has(next)) continue
        reachedFrom.set(next, root)
        queue.push({ key: next, path: `${from.path}>${next}`, depth: from.depth + 1 })
      }
    }
  }
  return (key) => {
    const list = found.get(key)
    // Most packages are reached from one root only: nothing to sort or deduplicate.
    if (!list || list.length === 1) return list && [list[0].path]
    list.sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return [...new Set(list.slice(0, MAX_PATHS * 2).map((entry) => entry.path))].slice(0, MAX_PATHS)
  }
}

/** npm 6: `advisories` keyed by number, each with `findings[{version, paths}]` per installed version. */
function parseV1(advisories: Record<string, unknown>, project: string): NpmAuditResult {
  const findings: Finding[] = []
  for (const [key, value] of Object.entries(advisories)) {
    if (!isObject(value)) continue
    const url = asString(value.url)
    const id = asString(value.github_advisory_id) ?? ghsaFromUrl(url) ?? `npm-${asString(value.id) ?? key}`
    const patched = asString(value.patched_versions)
    // `<0.0.0` is how npm 6 says that no version is patched.
    const fixed = patched && patched !== '<0.0.0' ? [patched] : []
    const byVersion = new Map<string, string[]>()
    for (const found of Array.isArray(value.findings) ? value.findings : []) {
      if (!isObject(found)) continue
      const version = asString(found.version) ?? ''
      byVersion.set(version, [...(byVersion.get(version) ?? []), ...asStrings(found.paths)])
    }
    if (byVersion.size === 0) byVersion.set('', [])
    for (const [version, rawPaths] of byVersion) {
      const paths = [...new Set(rawPaths)]
        .sort((a, b) => a.split('>').length - b.split('>').length || a.localeCompare(b))
        .slice(0, MAX_PATHS)
      const finding: Finding = {
        tool: 'npm-audit',
        id,
        aliases: asStrings(value.cves).filter((cve) => cve !== id),
        package: asString(value.module_name) ?? key,
        severity: toSeverity(value.severity),
        fixedVersions: fixed,
        fixAvailable: fixed.length > 0,
        title: asString(value.title) ?? id,
        project,
      }
      if (version) finding.version = version
      if (url) finding.url = url
      if (paths.length > 0) {
        finding.path = paths[0]
        finding.paths = paths
      }
      const recommendation = asString(value.recommendation)
      if (recommendation) finding.fix = recommendation
      findings.push(finding)
    }
  }
  return { findings, packages: [] }
}
