import { isAbsolute, relative } from 'node:path'

import { Confidence, Finding, ParseResult, asString, isObject, readToolJson, toSeverity } from './model.js'

/** A file bandit could not scan (a syntax error, an encoding it could not read). */
export interface BanditError {
  file: string
  reason: string
}

export interface BanditResult extends ParseResult {
  errors: BanditError[]
  /**
   * How many files bandit read: its `metrics` has one entry per file besides `_totals`. 0 means it had
   * nothing to scan (an empty target gives `results: []`, `errors: []` and exit 0, like a clean scan).
   * Undefined when the report has no `metrics`.
   */
  files?: number
}

export interface BanditOptions {
  /** The bandit path that was scanned, for the finding's `project`. */
  project: string
  /** Absolute file names are made relative to this folder (the workspace), for annotations. */
  root?: string
}

/**
 * Reads `bandit -f json`. Severity LOW/MEDIUM/HIGH becomes low/moderate/high (UNDEFINED: unknown), the
 * confidence is kept for the `bandit-confidence` gate. `errors[]` are files bandit could not parse: they
 * do not change bandit's exit code, so they are how a scan that missed code is noticed (incomplete).
 */
export function parseBandit(text: string, options: BanditOptions): BanditResult {
  const json = readToolJson(text, 'bandit')
  if (!json.ok) return { findings: [], errors: [], incomplete: json.reason }
  const report = json.value
  if (!isObject(report) || !Array.isArray(report.results))
    return { findings: [], errors: [], incomplete: 'bandit printed JSON without a "results" list' }

  const file = (name: unknown) => normaliseFile(asString(name) ?? '(unknown file)', options.root)
  const findings: Finding[] = []
  for (const result of report.results) {
    if (!isObject(result)) continue
    const id = asString(result.test_id) ?? 'B000'
    const line = typeof result.line_number === 'number' ? result.line_number : undefined
    const finding: Finding = {
      tool: 'bandit',
      id,
      aliases: [],
      severity: toSeverity(result.issue_severity),
      confidence: toConfidence(result.issue_confidence),
      fixedVersions: [],
      fixAvailable: false,
      title: hidePassword(id, asString(result.issue_text) ?? asString(result.test_name) ?? id),
      file: file(result.filename),
      project: options.project,
    }
    if (line !== undefined) finding.line = line
    const url = asString(result.more_info)
    if (url) finding.url = url
    const code = flaggedCode(asString(result.code), result.line_range, line)
    if (code) finding.code = hidePassword(id, code)
    findings.push(finding)
  }

  const errors: BanditError[] = (Array.isArray(report.errors) ? report.errors : [])
    .filter(isObject)
    .map((error) => ({ file: file(error.filename), reason: asString(error.reason) ?? 'unknown error' }))
  const result: BanditResult = { findings, errors }
  if (isObject(report.metrics))
    result.files = Object.keys(report.metrics).filter((k) => k !== '_totals').length
  if (errors.length > 0)
    result.incomplete = `bandit could not scan ${errors.length} ${errors.length === 1 ? 'file' : 'files'}: ${errors
      .map((e) => `${e.file} (${e.reason})`)
      .join('; ')}`
  return result
}

function toConfidence(word: unknown): Confidence {
  const value = typeof word === 'string' ? word.toLowerCase() : ''
  return value === 'low' || value === 'medium' || value === 'high' ? value : 'unknown'
}

/**
 * Forward slashes (bandit keeps the runner's `\`), no leading `./`, relative to `root` when absolute and
 * inside it, so annotations land on the file and fingerprints match across machines.
 */
export function normaliseFile(name: string, root?: string): string {
  let file = name
  if (root && isAbsolute(file)) {
    const inside = relative(root, file)
    if (!inside.startsWith('..') && !isAbsolute(inside)) file = inside
  }
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
}

/**
 * The source of the flagged lines. bandit's `code` is the flagged lines plus context, each prefixed with
 * its number ("5     return eval(expression)"); the context changes when nearby code changes, so only
 * the lines of `line_range` (or `line_number`) are kept, without their numbers.
 */
export function flaggedCode(code: string | undefined, lineRange: unknown, line: number | undefined): string {
  if (!code) return ''
  const wanted = new Set(
    Array.isArray(lineRange) && lineRange.every((n) => typeof n === 'number')
      ? lineRange
      : line !== undefined
        ? [line]
        : [],
  )
  const kept: string[] = []
  for (const raw of code.split('\n')) {
    const match = /^(\d+) ?(.*)$/.exec(raw)
    if (match && wanted.has(Number(match[1]))) kept.push(match[2])
  }
  return kept.join('\n').trim()
}

/**
 * bandit's hard-coded password tests (B105-B107) quote the password in their message: the finding is
 * about a secret in the code, and the summary, annotations and SARIF must not repeat it.
 */
export function hidePassword(id: string, text: string): string {
  return /^B10[5-7]$/.test(id) ? text.replace(/(['"])(?:(?!\1)[^\\]|\\.)*\1/g, '$1***$1') : text
}
