/**
 * What changed since the baseline (the report of an earlier log-review run): error groups the baseline
 * did not have (Sentry's "new issue"), error groups that grew a lot, and the error rate then and now.
 * Only error groups are compared: a new warning is not what a person is woken for.
 */
import { Group, OTHER } from './aggregate.js'
import { oneVariableApart } from './fingerprint.js'
import { GroupChange, LogChanges, LogReviewData } from './report-data.js'
import { changesTitle, percentChange } from '../core/baseline.js'
import { Check, Report, Table } from '../core/report.js'

/** A group grew when it has at least GROWTH_FACTOR times its baseline count and GROWTH_MIN more. */
export const GROWTH_FACTOR = 3
/** Without a floor, 1 error becoming 3 would be named: noise, not a change. */
export const GROWTH_MIN = 10

type BaselineGroup = Pick<Group, 'fingerprint' | 'template' | 'level' | 'count'>

/** Compares this run's groups and error rate with the baseline's. */
export function compareWithBaseline(
  baseline: Report<LogReviewData>,
  groups: Group[],
  errorRate: number,
): LogChanges {
  // A hand-edited baseline is data, not a reason to fail: groups without the fields compared are left out.
  const groupsBefore: unknown[] = Array.isArray(baseline.data?.groups) ? baseline.data.groups : []
  const before = groupsBefore.filter(isErrorGroup)
  const newGroups: GroupChange[] = []
  const grownGroups: GroupChange[] = []
  for (const group of groups) {
    if (group.level !== 'error' || group.template === OTHER) continue
    const earlier = sameGroup(group, before)
    const change = {
      fingerprint: group.fingerprint,
      template: group.template,
      before: earlier?.count ?? 0,
      after: group.count,
    }
    if (!earlier) newGroups.push(change)
    else if (change.after >= GROWTH_FACTOR * change.before && change.after - change.before >= GROWTH_MIN)
      grownGroups.push(change)
  }
  const byCount = (a: GroupChange, b: GroupChange) => b.after - a.after
  return {
    baselineStartedAt: typeof baseline.startedAt === 'string' ? baseline.startedAt : '',
    newGroups: newGroups.sort(byCount),
    grownGroups: grownGroups.sort(byCount),
    errorRate: {
      before: typeof baseline.data?.errorRate === 'number' ? baseline.data.errorRate : 0,
      after: errorRate,
    },
    baselineCapped: before.some((g) => g.template === OTHER),
  }
}

function isErrorGroup(group: unknown): group is BaselineGroup {
  const g = group as Partial<BaselineGroup> | null
  return (
    typeof g === 'object' &&
    g !== null &&
    g.level === 'error' &&
    typeof g.fingerprint === 'string' &&
    typeof g.template === 'string' &&
    typeof g.count === 'number'
  )
}

/**
 * The baseline's group for this one. A group keeps the fingerprint of the first message that made it,
 * and a later message one variable apart joins it (aggregate.ts), so which fingerprint a group has can
 * depend on the order lines came in: the same fingerprint, the same template, or a template one
 * variable apart all mean the same group.
 */
function sameGroup(group: Group, baseline: BaselineGroup[]): BaselineGroup | undefined {
  const words = group.template.split(' ')
  return (
    baseline.find((g) => g.fingerprint === group.fingerprint || g.template === group.template) ??
    baseline.find((g) => g.template !== OTHER && oneVariableApart(g.template.split(' '), words) >= 0)
  )
}

/** Warns on new or grown error groups; fails on a new one when fail-on-new is set. */
export function changesCheck(changes: LogChanges, failOnNew: boolean): Check {
  const { newGroups, grownGroups, errorRate } = changes
  const parts = [
    newGroups.length > 0
      ? `${newGroups.length} new error group(s), most often ${newGroups[0].template} (${newGroups[0].after})`
      : 'no new error groups',
    grownGroups.length > 0
      ? `${grownGroups.length} grown at least ${GROWTH_FACTOR}x`
      : `none grew ${GROWTH_FACTOR}x`,
    `errors per hour ${errorRate.before} then, ${errorRate.after} now (${percentChange(errorRate.before, errorRate.after)})`,
  ]
  if (changes.baselineCapped && newGroups.length > 0)
    parts.push('the baseline hit max-groups, so some of these may have been among its (other)')
  const failed = failOnNew && newGroups.length > 0
  return {
    id: 'changes',
    title: changesTitle(changes.baselineStartedAt),
    status: failed ? 'fail' : newGroups.length > 0 || grownGroups.length > 0 ? 'warn' : 'pass',
    detail: parts.join('; ') + (failed ? '; fail-on-new is set' : ''),
    ...(newGroups.length > 0
      ? { recommendation: 'look at the new groups first: they are what the last change brought' }
      : {}),
  }
}

/** The error rate, then the new groups and the grown ones, the most frequent first, at most `top` each. */
export function changesTable(changes: LogChanges, top: number): Table {
  const { errorRate } = changes
  const row = (kind: string, g: GroupChange) => [
    kind,
    g.template,
    String(g.before),
    String(g.after),
    percentChange(g.before, g.after),
  ]
  return {
    title: 'Changes since the baseline',
    columns: ['Change', 'Error group', 'Baseline', 'Now', 'Change %'],
    rows: [
      [
        'error rate',
        'errors per hour',
        String(errorRate.before),
        String(errorRate.after),
        percentChange(errorRate.before, errorRate.after),
      ],
      ...changes.newGroups.slice(0, top).map((g) => row('new', g)),
      ...changes.grownGroups.slice(0, top).map((g) => row('grew', g)),
    ],
  }
}
