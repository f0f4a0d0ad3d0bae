// A synthetic npm audit v2 report of any size for the dep-audit benchmark, made by replicating the real
// large report (test/fixtures/audit/npm-audit-v2-large.json, 71 vulnerable packages) until it holds at
// least a target number of findings. Copy 0 is the original; copy N (N >= 1) renames every package
// (`<name>-copyN`, in keys, `name`, `via` strings, `effects`, `nodes` and `fixAvailable.name`, so the
// via chains stay consistent within the copy) and every advisory (each GHSA id character shifted through
// GitHub's GHSA alphabet by the base-20 digits of N, a bijection per copy; `source` + N * 10^7), so no
// two copies share a package or an advisory.
import { readFileSync } from 'node:fs'

/** The characters of GHSA ids (GHSA-xxxx-xxxx-xxxx). */
const GHSA_ALPHABET = '23456789cfghjmpqrvwx'
const GHSA_IN_URL = /(\/advisories\/GHSA)((?:-[0-9a-z]{4}){3})\b/i
const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical']

export const renamePackage = (name, copy) => (copy === 0 ? name : `${name}-copy${copy}`)

/** `node_modules/a/node_modules/@s/b` with every package segment renamed. */
const renameNode = (node, copy) =>
  node.replace(
    /node_modules\/((?:@[^/]+\/)?[^/]+)/g,
    (_, name) => `node_modules/${renamePackage(name, copy)}`,
  )

/** The GHSA id of copy `copy`: character i shifted by the i-th base-20 digit of `copy`. */
export function renameGhsa(groups, copy) {
  let rest = copy
  return groups.replace(/[0-9a-z]/gi, (char) => {
    const digit = rest % GHSA_ALPHABET.length
    rest = Math.floor(rest / GHSA_ALPHABET.length)
    const at = GHSA_ALPHABET.indexOf(char.toLowerCase())
    return at < 0 || digit === 0 ? char : GHSA_ALPHABET[(at + digit) % GHSA_ALPHABET.length]
  })
}

function renameAdvisory(via, copy) {
  if (copy === 0) return via
  const out = { ...via }
  if (typeof out.name === 'string') out.name = renamePackage(out.name, copy)
  if (typeof out.dependency === 'string') out.dependency = renamePackage(out.dependency, copy)
  if (typeof out.url === 'string')
    out.url = out.url.replace(GHSA_IN_URL, (_, head, groups) => `${head}${renameGhsa(groups, copy)}`)
  if (typeof out.source === 'number') out.source += copy * 10_000_000
  return out
}

function copyPackage(entry, copy) {
  if (copy === 0) return entry
  const out = { ...entry, name: renamePackage(entry.name, copy) }
  out.via = entry.via.map((v) => (typeof v === 'string' ? renamePackage(v, copy) : renameAdvisory(v, copy)))
  out.effects = (entry.effects ?? []).map((e) => renamePackage(e, copy))
  out.nodes = (entry.nodes ?? []).map((n) => renameNode(n, copy))
  if (entry.fixAvailable && typeof entry.fixAvailable === 'object' && entry.fixAvailable.name)
    out.fixAvailable = { ...entry.fixAvailable, name: renamePackage(entry.fixAvailable.name, copy) }
  return out
}

/** Findings dep-audit makes of one package: one per distinct advisory id among its `via` objects. */
function findingsOf(entry) {
  const ids = new Set()
  for (const via of entry.via) {
    if (typeof via !== 'object' || via === null) continue
    const ghsa = GHSA_IN_URL.exec(via.url ?? '')
    ids.add(ghsa ? ghsa[2].toLowerCase() : `npm-${via.source}`)
  }
  return ids.size
}

/**
 * Builds the report: copies of `sourcePath` until at least `minFindings` findings and `minPackages`
 * vulnerable packages. Returns the JSON text and what it holds.
 */
export function buildLargeReport(sourcePath, { minFindings = 10_000, minPackages = 0 } = {}) {
  const source = JSON.parse(readFileSync(sourcePath, 'utf8'))
  const entries = Object.entries(source.vulnerabilities)
  const perCopy = entries.reduce((sum, [, entry]) => sum + findingsOf(entry), 0)
  const copies = Math.max(Math.ceil(minFindings / perCopy), Math.ceil(minPackages / entries.length), 1)

  const vulnerabilities = {}
  const advisoryIds = new Set()
  for (let copy = 0; copy < copies; copy++) {
    for (const [key, entry] of entries) {
      const renamed = copyPackage(entry, copy)
      const name = renamePackage(key, copy)
      if (name in vulnerabilities) throw new Error(`synthetic report: package ${name} twice`)
      vulnerabilities[name] = renamed
      for (const via of renamed.via) if (typeof via === 'object') advisoryIds.add(via.url)
    }
  }
  const originalIds = new Set(
    entries.flatMap(([, e]) => e.via.filter((v) => typeof v === 'object').map((v) => v.url)),
  )
  if (advisoryIds.size !== originalIds.size * copies)
    throw new Error(
      `synthetic report: ${advisoryIds.size} advisory URLs, expected ${originalIds.size} x ${copies}`,
    )

  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]))
  for (const entry of Object.values(vulnerabilities))
    counts[entry.severity] = (counts[entry.severity] ?? 0) + 1
  const dependencies = Object.fromEntries(
    Object.entries(source.metadata?.dependencies ?? {}).map(([k, v]) => [k, v * copies]),
  )
  const report = {
    auditReportVersion: 2,
    vulnerabilities,
    metadata: {
      vulnerabilities: { ...counts, total: Object.keys(vulnerabilities).length },
      dependencies,
    },
  }
  const text = JSON.stringify(report, null, 2)
  return {
    text,
    copies,
    packages: Object.keys(vulnerabilities).length,
    expectedFindings: perCopy * copies,
    advisories: advisoryIds.size,
    bytes: Buffer.byteLength(text),
  }
}
