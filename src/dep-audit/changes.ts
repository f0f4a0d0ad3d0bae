/**
 * dep-audit against its baseline (the report of an earlier run, e.g. on the base branch): which findings
 * are new since then and which were fixed, read through core readBaseline so that a baseline that cannot
 * serve is one warning, never a failure. Without one every finding counts, so the gate fails closed.
 */
import { Finding } from './model.js'
import { readBaseline } from '../core/baseline.js'
import { Logger } from '../core/logger.js'
import { Table } from '../core/report.js'

/** A finding as a report's data keeps it: with the fingerprint a later run matches it on. */
export type KeyedFinding = Finding & { fingerprint: string }

/** An earlier run's findings, from the `baseline` input: what "new" and "fixed" are measured against. */
export interface Baseline {
  path: string
  fingerprints: Set<string>
  findings: KeyedFinding[]
}

/** The title of the "what changed" table. */
export const CHANGES_TABLE = 'Changes since the baseline'

/** The summary lists this many changes; every finding is in the report JSON. */
const SHOWN_CHANGES = 200

/** The earlier run's findings, or undefined (one warning given) when the file cannot serve as baseline. */
export function readFindingsBaseline(path: string | undefined, logger: Logger): Baseline | undefined {
  const report = readBaseline<{ fingerprints?: unknown; findings?: unknown }>(path, 'dep-audit', logger)
  if (!report || !path) return undefined
  // Same action and format, but the file may be hand-edited: nothing in it is trusted before it is checked.
  const fingerprints = report.data?.fingerprints
  if (!Array.isArray(fingerprints)) {
    logger.alert(`baseline '${path}' has no findings fingerprints: nothing is compared; every finding counts`)
    return undefined
  }
  const findings = Array.isArray(report.data?.findings)
    ? (report.data.findings as unknown[]).filter(
        (f): f is KeyedFinding =>
          typeof f === 'object' && f !== null && typeof (f as KeyedFinding).fingerprint === 'string',
      )
    : []
  return { path, fingerprints: new Set(fingerprints.map(String)), findings }
}

/** New since the baseline (among the findings not allowlisted) and fixed since (gone from this run). */
export function changesSince(baseline: Baseline, kept: KeyedFinding[], all: KeyedFinding[]) {
  const now = new Set(all.map((f) => f.fingerprint))
  const fixed = new Map<string, KeyedFinding>()
  for (const f of baseline.findings) if (!now.has(f.fingerprint)) fixed.set(f.fingerprint, f)
  return {
    added: kept.filter((f) => !baseline.fingerprints.has(f.fingerprint)),
    fixed: [...fixed.values()],
  }
}

/** One row per new or fixed finding, new first. */
export function changesTable({ added, fixed }: ReturnType<typeof changesSince>): Table {
  const rows = [...added.map((f) => ['new', ...describe(f)]), ...fixed.map((f) => ['fixed', ...describe(f)])]
  const more =
    rows.length > SHOWN_CHANGES
      ? ` (the first ${SHOWN_CHANGES} of ${rows.length}; all in the report JSON)`
      : ''
  return {
    title: `${CHANGES_TABLE}: ${added.length} new, ${fixed.length} fixed${more}`,
    columns: ['Change', 'Tool', 'ID', 'Package / issue', 'Severity', 'Where'],
    rows: rows.slice(0, SHOWN_CHANGES),
  }
}

function describe(f: KeyedFinding): string[] {
  const where = f.tool === 'bandit' ? (f.file ?? '') : (f.path ?? f.project ?? '')
  return [String(f.tool), String(f.id), String(f.package ?? f.title ?? ''), String(f.severity), String(where)]
}
