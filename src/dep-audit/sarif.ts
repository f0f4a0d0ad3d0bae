import { Finding, Severity, Tool, advisoryUrl, excerpt, fingerprints } from './model.js'

/**
 * SARIF 2.1.0 for `github/codeql-action/upload-sarif`: one run per scanner, one rule per advisory (GHSA,
 * CVE, PYSEC, npm source number) or bandit test id, one result per finding and project. Dependency findings
 * point at the manifest of their project (line 1: the reports do not say which line declares a package);
 * bandit findings at their file and line. Code scanning reads `properties.security-severity` (with the
 * `security` tag) for the alert's severity and `partialFingerprints` to follow an alert across runs.
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

export interface SarifOptions {
  /** The version of dep-audit that converted the reports; recorded as each run's `conversion.tool`. */
  toolVersion?: string
  /**
   * The manifest of each dependency project, keyed by `Finding.project`, relative to the repository root:
   * `{ frontend: 'frontend/package-lock.json', 'backend/requirements.txt': 'backend/requirements.txt' }`.
   * A project missing here falls back to `<project>/package-lock.json` (npm) or the project itself (pip).
   */
  manifests: Record<string, string>
  /**
   * The scanners that ran, findings or not. Each gets a run even when it found nothing, so that code
   * scanning closes the alerts it raised before; without this, only the scanners with findings get runs.
   */
  tools?: Tool[]
}

/** Code scanning's scale: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  moderate: '5.5',
  low: '3.0',
  unknown: '5.0',
}

type Level = 'error' | 'warning' | 'note'

export const LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  moderate: 'warning',
  low: 'note',
  unknown: 'warning',
}

const TOOLS: readonly Tool[] = ['npm-audit', 'pip-audit', 'bandit']

const DRIVERS: Record<Tool, { name: string; informationUri: string }> = {
  'npm-audit': { name: 'npm audit', informationUri: 'https://docs.npmjs.com/cli/commands/npm-audit' },
  'pip-audit': { name: 'pip-audit', informationUri: 'https://github.com/pypa/pip-audit' },
  bandit: { name: 'bandit', informationUri: 'https://bandit.readthedocs.io/' },
}

const RANK: Record<Severity, number> = { unknown: 0, low: 1, moderate: 2, high: 3, critical: 4 }

interface SarifRule {
  id: string
  shortDescription: { text: string }
  fullDescription?: { text: string }
  helpUri?: string
  help: { text: string; markdown: string }
  defaultConfiguration: { level: Level }
  properties: { 'security-severity': string; tags: string[]; aliases?: string[] }
}

export function toSarif(findings: Finding[], options: SarifOptions): object {
  const present = new Set<Tool>([...(options.tools ?? []), ...findings.map((finding) => finding.tool)])
  const runs = TOOLS.filter((tool) => present.has(tool)).map((tool) =>
    toRun(
      tool,
      findings.filter((finding) => finding.tool === tool),
      options,
    ),
  )
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs }
}

function toRun(tool: Tool, findings: Finding[], options: SarifOptions): object {
  // A finding merged across projects (`dedupe`) is an alert in each manifest: one result per project,
  // each with the fingerprint of its own project.
  const expanded = findings.flatMap((finding) =>
    finding.tool !== 'bandit' && finding.projects && finding.projects.length > 1
      ? finding.projects.map((project) => ({ ...finding, project, projects: undefined }))
      : [finding],
  )

  const rules: SarifRule[] = []
  const ruleIndex = new Map<string, number>()
  const worst = new Map<string, Severity>()
  for (const finding of expanded) {
    const known = ruleIndex.get(finding.id)
    if (known === undefined) {
      ruleIndex.set(finding.id, rules.length)
      rules.push(toRule(finding))
      worst.set(finding.id, finding.severity)
    } else if (RANK[finding.severity] > RANK[worst.get(finding.id) ?? 'unknown']) {
      // The same advisory on several packages or versions: the rule carries the worst severity.
      worst.set(finding.id, finding.severity)
      rules[known].properties['security-severity'] = SECURITY_SEVERITY[finding.severity]
      rules[known].defaultConfiguration.level = LEVEL[finding.severity]
    }
  }

  // Occurrence-aware: two identical bandit findings in one file are two alerts, not one.
  const keys = fingerprints(expanded)
  const results = expanded.map((finding, index) => ({
    ruleId: finding.id,
    ruleIndex: ruleIndex.get(finding.id) ?? 0,
    level: LEVEL[finding.severity],
    message: { text: messageOf(finding) },
    locations: [location(finding, options.manifests)],
    partialFingerprints: { 'runbook/v1': keys[index] },
    properties: propertiesOf(finding),
  }))

  const run: Record<string, unknown> = {
    tool: { driver: { ...DRIVERS[tool], rules } },
    results,
  }
  if (options.toolVersion)
    run.conversion = {
      tool: {
        driver: {
          name: 'runbook-actions dep-audit',
          version: options.toolVersion,
        },
      },
    }
  return run
}

function toRule(finding: Finding): SarifRule {
  const helpUri = finding.url ?? advisoryUrl(finding.id) ?? finding.aliases.map(advisoryUrl).find(Boolean)
  const title = finding.title || finding.id
  const aliases = finding.aliases.length > 0 ? ` (also ${finding.aliases.join(', ')})` : ''
  const subject = finding.tool === 'bandit' ? `bandit ${finding.id}` : `${finding.id}${aliases}`
  const rule: SarifRule = {
    id: finding.id,
    shortDescription: { text: excerpt(title, 200) },
    help: {
      text: `${subject}: ${title}${helpUri ? `\n${helpUri}` : ''}`,
      markdown: `**${escapeMarkdown(subject)}**: ${escapeMarkdown(title)}${helpUri ? `\n\n[${helpUri}](${helpUri})` : ''}`,
    },
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[finding.severity], tags: ['security'] },
  }
  if (title.length > 200) rule.fullDescription = { text: excerpt(title, 1000) }
  if (helpUri && isAbsoluteUri(helpUri)) rule.helpUri = helpUri
  if (finding.aliases.length > 0) rule.properties.aliases = [...finding.aliases]
  return rule
}

/** `follow-redirects@1.14.7: <title> (GHSA-…). Fix: upgrade to 1.15.6.` or `B602 …: <title>`. */
function messageOf(finding: Finding): string {
  if (finding.tool === 'bandit') {
    const confidence = finding.confidence ? `, confidence ${finding.confidence}` : ''
    return `${finding.id}: ${finding.title} (severity ${finding.severity}${confidence}).`
  }
  const name = finding.package ?? '(unknown package)'
  const subject = finding.version ? `${name}@${finding.version}` : `${name} (installed version not reported)`
  const where = finding.path && finding.path !== name ? `, through ${finding.path}` : ''
  return `${subject}: ${finding.title} (${finding.id}, ${finding.severity}${where}). Fix: ${fixOf(finding)}.`
}

function fixOf(finding: Finding): string {
  if (finding.fix) return finding.fix
  if (finding.fixedVersions.length > 0) return `upgrade to ${finding.fixedVersions.join(' or ')}`
  return finding.fixAvailable ? 'a fix is available' : 'no fixed version is known'
}

function propertiesOf(finding: Finding): Record<string, unknown> {
  const properties: Record<string, unknown> = { severity: finding.severity }
  if (finding.package !== undefined) properties.package = finding.package
  if (finding.version !== undefined) properties.version = finding.version
  if (finding.fixedVersions.length > 0) properties.fixedVersions = [...finding.fixedVersions]
  if (finding.confidence !== undefined) properties.confidence = finding.confidence
  if (finding.path !== undefined && finding.tool !== 'bandit') properties.path = finding.path
  return properties
}

function location(finding: Finding, manifests: Record<string, string>): object {
  const file =
    finding.tool === 'bandit'
      ? (finding.file ?? finding.project)
      : (manifests[finding.project] ??
        (finding.tool === 'npm-audit' ? `${finding.project}/package-lock.json` : finding.project))
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(file),
      region: { startLine: finding.tool === 'bandit' && finding.line && finding.line > 0 ? finding.line : 1 },
    },
  }
}

/**
 * A path as SARIF wants it: relative to `%SRCROOT%` (the checkout), `/` separators, each segment
 * percent-encoded (a space or `#` in a name is not a URI reference). An absolute path becomes a file URI.
 */
export function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  const slashed = path.replace(/\\/g, '/')
  const absolute = /^(\/|[A-Za-z]:\/)/.test(slashed)
  const segments = slashed.split('/').filter((segment, index) => {
    if (segment === '.') return false
    return segment !== '' || (absolute && index === 0)
  })
  const encoded = segments.map((segment) =>
    /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment),
  )
  if (absolute) return { uri: `file://${slashed.startsWith('/') ? '' : '/'}${encoded.join('/')}` }
  return { uri: encoded.join('/') || '.', uriBaseId: '%SRCROOT%' }
}

function isAbsoluteUri(text: string): boolean {
  try {
    return new URL(text).protocol.length > 1
  } catch {
    return false
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1')
}
