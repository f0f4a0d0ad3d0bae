import * as core from '@actions/core'

import { LocatedAnnotation, Report } from '../core/report.js'
import { redact } from '../core/secrets.js'

/** GitHub shows 10 annotations of each kind per step; the rest are lost, so we say how many there were. */
export const ANNOTATION_LIMIT = 10

/**
 * Emits an error annotation per failed check and a warning per warned check, each capped so that one
 * slot stays free (for `setFailed`'s own error, and for a notice that counts what was left out).
 */
export function annotate(report: Report<unknown>): void {
  const emit = (kind: 'error' | 'warning', fn: typeof core.error) => {
    const checks = report.checks.filter((c) => c.status === (kind === 'error' ? 'fail' : 'warn'))
    const shown = checks.slice(0, ANNOTATION_LIMIT - 2)
    for (const check of shown) fn(redact(check.detail), { title: redact(check.title) })
    if (checks.length > shown.length) {
      fn(
        `${checks.length - shown.length} more ${kind === 'error' ? 'failures' : 'warnings'}: see the job summary`,
        {
          title: `${report.action}: more ${kind === 'error' ? 'failures' : 'warnings'}`,
        },
      )
    }
  }
  emit('error', core.error)
  emit('warning', core.warning)
}

/**
 * Annotations on a file and line (bandit findings on the code that has them), at most `limit` of each
 * kind, then one line saying how many more there are in the summary.
 */
export function annotateLocations(items: LocatedAnnotation[], limit = ANNOTATION_LIMIT - 2): void {
  const emitters = { error: core.error, warning: core.warning, notice: core.notice }
  for (const kind of ['error', 'warning', 'notice'] as const) {
    const ofKind = items.filter((i) => i.kind === kind)
    for (const item of ofKind.slice(0, limit)) {
      emitters[kind](redact(item.message), {
        title: redact(item.title),
        file: item.file,
        startLine: item.line,
      })
    }
    if (ofKind.length > limit)
      emitters[kind](`${ofKind.length - limit} more: see the job summary`, { title: 'more findings' })
  }
}
