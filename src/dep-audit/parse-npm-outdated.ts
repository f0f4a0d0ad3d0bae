import { asString, excerpt, isObject, readToolJson } from './model.js'

/** How far the latest version is from the installed one; `unknown` when either is not x.y.z or missing. */
export type UpdateType = 'major' | 'minor' | 'patch' | 'none' | 'unknown'

export interface OutdatedRow {
  package: string
  /** Missing when the package is not installed (npm's table shows MISSING). */
  current?: string
  /** The newest version the declared range allows. */
  wanted: string
  latest: string
  /** The package that depends on it (the project, or a workspace). */
  dependent?: string
  location?: string
  /** `dependencies`, `devDependencies`, …: only with `npm outdated --long`. */
  type?: string
  /** current → latest. */
  update: UpdateType
  /** Whether `npm update` would move it (wanted is newer than current, or it is missing). */
  inRange: boolean
  project: string
}

export interface OutdatedResult {
  rows: OutdatedRow[]
  incomplete?: string
}

/**
 * Reads `npm outdated --json`: an object keyed by package, whose value becomes an array when several
 * dependents (workspaces) have the package outdated (npm/cli `lib/commands/outdated.js`). npm prints `{}`
 * when nothing is outdated, so empty output or an `error` object is an incomplete check, not an empty one.
 */
export function parseNpmOutdated(text: string, project: string): OutdatedResult {
  const json = readToolJson(text, 'npm outdated')
  if (!json.ok) return { rows: [], incomplete: json.reason }
  const report = json.value
  if (!isObject(report))
    return { rows: [], incomplete: `npm outdated printed JSON that is not a report: ${excerpt(text)}` }
  if (isObject(report.error)) {
    const error = report.error
    const message = [asString(error.code), asString(error.summary), asString(error.detail)]
      .filter(Boolean)
      .join(': ')
    return {
      rows: [],
      incomplete: `npm outdated failed: ${message || 'npm printed an error without a message'}`,
    }
  }

  const rows: OutdatedRow[] = []
  for (const [name, value] of Object.entries(report)) {
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (!isObject(entry)) continue
      const current = asString(entry.current)
      const wanted = asString(entry.wanted) ?? ''
      const latest = asString(entry.latest) ?? ''
      const row: OutdatedRow = {
        package: name,
        wanted,
        latest,
        update: current ? updateType(current, latest) : 'unknown',
        inRange: current ? compareVersions(wanted, current) > 0 : true,
        project,
      }
      if (current) row.current = current
      for (const key of ['dependent', 'location', 'type'] as const) {
        const text = asString(entry[key])
        if (text) row[key] = text
      }
      rows.push(row)
    }
  }
  return { rows }
}

/** `1.2.3`, `v1.2.3`, `1.2.3-beta.1+build` → [1, 2, 3]; the prerelease and build are ignored. */
export function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^\s*v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?\s*$/.exec(version)
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined
}

/** Negative, zero or positive like a sort comparator; versions that are not x.y.z compare equal. */
export function compareVersions(a: string, b: string): number {
  const [va, vb] = [parseVersion(a), parseVersion(b)]
  if (!va || !vb) return 0
  return va[0] - vb[0] || va[1] - vb[1] || va[2] - vb[2]
}

/**
 * The first of major, minor, patch that differs between the two versions, read as plain x.y.z: moving
 * 0.4.x to 0.5.x is minor here, though npm's caret treats it as breaking.
 */
export function updateType(from: string, to: string): UpdateType {
  const [a, b] = [parseVersion(from), parseVersion(to)]
  if (!a || !b) return 'unknown'
  if (b[0] !== a[0]) return b[0] > a[0] ? 'major' : 'none'
  if (b[1] !== a[1]) return b[1] > a[1] ? 'minor' : 'none'
  if (b[2] !== a[2]) return b[2] > a[2] ? 'patch' : 'none'
  return 'none'
}
