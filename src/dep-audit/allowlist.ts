import { LineCounter, parseDocument } from 'yaml'

import { Finding, canonicalId } from './model.js'
import { ConfigurationError } from '../core/errors.js'

/** An exception: a finding (by id) accepted for a reason until a date, optionally for one package or path. */
export interface AllowEntry {
  id: string
  package?: string
  path?: string
  reason: string
  /** YYYY-MM-DD; the entry stops suppressing (and fails the gate) after this day. */
  expires: string
  line: number
}

/**
 * Reads the allowlist YAML: a list of entries (or `{ allowlist: [...] }`), each with `id`, a required
 * `reason` and `expires`, and an optional `package` or `path` scope. Every mistake is a ConfigurationError
 * that names the file and line.
 */
export function parseAllowlist(text: string, file: string): AllowEntry[] {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter })
  if (doc.errors.length) {
    const error = doc.errors[0]
    const line = error.linePos?.[0].line ?? counter.linePos(error.pos[0]).line
    throw new ConfigurationError(
      `input 'allowlist': ${file} is not valid YAML at line ${line}: ${error.message.split('\n')[0]}`,
    )
  }
  const root = doc.contents as { items?: unknown[] } | null
  const list = doc.toJS() as unknown
  const entries = Array.isArray(list)
    ? list
    : list && typeof list === 'object' && Array.isArray((list as { allowlist?: unknown }).allowlist)
      ? (list as { allowlist: unknown[] }).allowlist
      : undefined
  if (!entries)
    throw new ConfigurationError(
      `input 'allowlist': ${file} must be a list of entries with id, reason and expires`,
    )
  const nodes =
    (Array.isArray(list)
      ? root?.items
      : (root as { get?: (k: string) => { items?: unknown[] } })?.get?.('allowlist')?.items) ?? []
  return entries.map((raw, index) => {
    const node = nodes[index] as { range?: [number, number, number] } | undefined
    const line = node?.range ? counter.linePos(node.range[0]).line : index + 1
    const where = `${file} line ${line}`
    const entry = (raw ?? {}) as Record<string, unknown>
    const text = (key: string) =>
      typeof entry[key] === 'string' || typeof entry[key] === 'number'
        ? String(entry[key]).trim()
        : entry[key] instanceof Date
          ? entry[key].toISOString().slice(0, 10)
          : ''
    if (!text('id'))
      throw new ConfigurationError(
        `input 'allowlist': the entry at ${where} has no id (a GHSA, CVE or PYSEC id, or a bandit test id such as B105)`,
      )
    if (!text('reason'))
      throw new ConfigurationError(
        `input 'allowlist': the entry ${text('id')} at ${where} has no reason: say why it is accepted`,
      )
    const expires = text('expires')
    if (!expires)
      throw new ConfigurationError(
        `input 'allowlist': the entry ${text('id')} at ${where} has no expires date (YYYY-MM-DD): every exception ends`,
      )
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
      throw new ConfigurationError(
        `input 'allowlist': the entry ${text('id')} at ${where} expires '${expires}': use a date such as 2027-03-31`,
      )
    }
    return {
      id: text('id'),
      package: text('package') || undefined,
      path: text('path') || undefined,
      reason: text('reason'),
      expires,
      line,
    }
  })
}

export interface AllowlistOutcome {
  /** Findings an entry accepts, with the entry. */
  suppressed: { finding: Finding; entry: AllowEntry }[]
  kept: Finding[]
  /** Entries past their date: they suppress nothing and fail the gate. */
  expired: AllowEntry[]
  /** Entries that matched nothing this run (fixed, or a typo): reported so the list stays short. */
  unused: AllowEntry[]
}

/** Whether an entry covers a finding: by id or alias, within its package or path scope when it has one. */
export function matches(entry: AllowEntry, finding: Finding): boolean {
  const ids = [finding.id, ...finding.aliases, canonicalId(finding)].map((id) => id.toUpperCase())
  if (!ids.includes(entry.id.toUpperCase())) return false
  if (entry.package && entry.package !== finding.package) return false
  if (entry.path) {
    const where = [finding.file, finding.path, finding.project, ...(finding.projects ?? [])].filter(
      Boolean,
    ) as string[]
    if (
      !where.some(
        (w) =>
          w === entry.path ||
          w.startsWith(`${entry.path!.replace(/\/$/, '')}/`) ||
          w.startsWith(`${entry.path}>`),
      )
    )
      return false
  }
  return true
}

export function applyAllowlist(findings: Finding[], entries: AllowEntry[], today: string): AllowlistOutcome {
  const active = entries.filter((e) => e.expires >= today)
  const expired = entries.filter((e) => e.expires < today)
  const used = new Set<AllowEntry>()
  const suppressed: AllowlistOutcome['suppressed'] = []
  const kept: Finding[] = []
  for (const finding of findings) {
    const entry = active.find((e) => matches(e, finding))
    if (entry) {
      used.add(entry)
      suppressed.push({ finding, entry })
    } else kept.push(finding)
  }
  return { suppressed, kept, expired, unused: active.filter((e) => !used.has(e)) }
}
