import { Finding, ParseResult, advisoryUrl, asString, asStrings, isObject, readToolJson } from './model.js'

/** A dependency pip-audit could not audit (not on PyPI, a local path, an unresolvable version). */
export interface SkippedDependency {
  package: string
  reason: string
}

export interface PipAuditResult extends ParseResult {
  skipped: SkippedDependency[]
  /** How many dependencies were audited (skipped ones not counted). */
  audited: number
}

/** Titles come from the first line of a description that is often pages of Markdown. */
const MAX_TITLE = 160

/**
 * Reads `pip-audit -f json`: `{"dependencies": [...], "fixes": [...]}`, or the bare array of pip-audit
 * before 2.5. pip-audit reports no severity, so every finding is `unknown` and the `unknown-severity`
 * input decides. Skipped dependencies were not audited: the audit is incomplete, and says which.
 */
export function parsePipAudit(text: string, project: string): PipAuditResult {
  const json = readToolJson(text, 'pip-audit')
  if (!json.ok) return { findings: [], skipped: [], audited: 0, incomplete: json.reason }
  const report = json.value
  const dependencies = Array.isArray(report)
    ? report
    : isObject(report) && Array.isArray(report.dependencies)
      ? report.dependencies
      : undefined
  if (!dependencies)
    return {
      findings: [],
      skipped: [],
      audited: 0,
      incomplete: 'pip-audit printed JSON without a "dependencies" list',
    }

  const findings: Finding[] = []
  const skipped: SkippedDependency[] = []
  let audited = 0
  for (const dependency of dependencies) {
    if (!isObject(dependency)) continue
    const name = asString(dependency.name) ?? '(unnamed)'
    if (dependency.skip_reason !== undefined || !Array.isArray(dependency.vulns)) {
      skipped.push({ package: name, reason: asString(dependency.skip_reason) ?? 'no result' })
      continue
    }
    audited++
    const version = asString(dependency.version)
    for (const vuln of dependency.vulns) {
      if (!isObject(vuln)) continue
      const id = asString(vuln.id) ?? 'unknown'
      const fixedVersions = asStrings(vuln.fix_versions)
      const aliases = [...new Set(asStrings(vuln.aliases))].filter((alias) => alias !== id)
      const finding: Finding = {
        tool: 'pip-audit',
        id,
        aliases,
        package: name,
        severity: 'unknown',
        fixedVersions,
        fixAvailable: fixedVersions.length > 0,
        title: titleOf(asString(vuln.description)) ?? id,
        project,
      }
      if (version) finding.version = version
      const url = advisoryUrl(id) ?? aliases.map(advisoryUrl).find((u) => u !== undefined)
      if (url) finding.url = url
      findings.push(finding)
    }
  }

  const result: PipAuditResult = { findings, skipped, audited }
  if (skipped.length > 0)
    result.incomplete = `pip-audit skipped ${skipped.length} ${skipped.length === 1 ? 'dependency' : 'dependencies'}: ${skipped
      .map((s) => `${s.package} (${s.reason})`)
      .join('; ')}`
  return result
}

/**
 * A one-line title from a description that is often pages of Markdown, sometimes with its newlines lost
 * ("### Summary When parsing …  ### Details …"): the first sentence of the first paragraph that is not a
 * heading, with Markdown links reduced to their text, at most 160 characters.
 */
export function titleOf(description: string | undefined): string | undefined {
  if (!description) return undefined
  const text = description
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/#+\s*(summary|impact|description|details|overview)\b:?/gi, '\n')
  for (const paragraph of text.split(/\r?\n|\s#+\s|\s{2,}/)) {
    const line = paragraph
      .replace(/^#+\s*/, '')
      .replace(/\s+/g, ' ')
      .trim()
    if (line === '') continue
    const sentence = /^(.*?[.!?])(?:\s|$)/.exec(line)?.[1] ?? line
    return sentence.length > MAX_TITLE ? `${sentence.slice(0, MAX_TITLE - 1)}…` : sentence
  }
  return undefined
}
