/**
 * "What changed against the baseline", one short text per check, read from what each action already
 * computed in its report (src/<action>/changes.ts and health-gate's baseline.ts): nothing is compared
 * again here. '—' when the check compared no baseline.
 */
import { count } from './key-figures.js'
import { CheckOutcome } from './run.js'
import { percentChange } from '../core/baseline.js'

export const NO_BASELINE = '—'

type Changes = (outcome: CheckOutcome) => string | undefined

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

const CHANGES: Record<string, Changes> = {
  'health-gate': ({ report }) => {
    // A `regression:<url>` check exists per URL only when a baseline was compared.
    const regressions = report.checks.filter((c) => c.id.startsWith('regression:'))
    if (regressions.length === 0) return undefined
    const worse = regressions.filter((c) => c.status !== 'pass').length
    return worse === 0 ? 'p95 within the baseline' : `p95 worse on ${count(worse, 'URL')}`
  },
  'log-review': ({ report }) => {
    const changes = (report.data as { changes?: { newGroups?: unknown; grownGroups?: unknown } } | undefined)
      ?.changes
    if (!changes || !Array.isArray(changes.newGroups) || !Array.isArray(changes.grownGroups)) return undefined
    return `${count(changes.newGroups.length, 'new error group')}, ${changes.grownGroups.length} grown`
  },
  'dep-audit': ({ report, outputs }) => {
    // dep-audit adds its 'baseline' check only when the baseline could serve.
    if (!report.checks.some((c) => c.id === 'baseline')) return undefined
    return `${Number(outputs.new ?? 0)} new, ${Number(outputs.fixed ?? 0)} fixed`
  },
  'backup-verify': ({ report }) => {
    type Figures = {
      size?: { before?: unknown; after?: unknown }
      restoreSeconds?: { before?: unknown; after?: unknown }
    }
    const changes = (report.data as { changes?: Figures } | undefined)?.changes
    if (!changes) return undefined
    const parts: string[] = []
    const { size, restoreSeconds: restore } = changes
    if (size && isNumber(size.before) && isNumber(size.after))
      parts.push(`size ${percentChange(size.before, size.after)}`)
    if (restore && isNumber(restore.before) && isNumber(restore.after))
      parts.push(`restore ${percentChange(restore.before, restore.after)}`)
    return parts.length > 0 ? parts.join(', ') : 'nothing comparable'
  },
}

export function changesSinceBaseline(outcome: CheckOutcome): string {
  return CHANGES[outcome.check.action]?.(outcome) ?? NO_BASELINE
}
