/**
 * The runbook's job summary: the overview table, then each check's own section as its action renders it
 * (core renderSummary, its heading one level down), all within GitHub's limit. The budget is shared:
 * sections that fit their share are kept whole and what they leave goes to the others, so one huge
 * section (a log review of 10,000 groups) is cut, with its own note, instead of pushing the rest out.
 */
import { RunbookData } from './report.js'
import { Report } from '../core/report.js'
import { SUMMARY_LIMIT, renderSummary } from '../core/summary.js'

export function renderRunbookSummary(report: Report<RunbookData>, limit = SUMMARY_LIMIT): string {
  // The overview table already shows each check's status; the checks list would say it twice.
  const overview = renderSummary({ ...report, checks: [] }, limit)
  const reports = (report.data?.checks ?? []).map((c) => c.report)
  return overview + fitSections(reports, limit - Buffer.byteLength(overview)).join('')
}

/** Each check's section, the biggest ones cut to an even share of what the smaller ones leave. */
function fitSections(reports: Report<unknown>[], budget: number): string[] {
  const sections = reports.map((r) => section(r, budget))
  const bySize = sections.map((text, index) => ({ index, bytes: Buffer.byteLength(text) }))
  bySize.sort((a, b) => a.bytes - b.bytes)
  let left = budget
  for (let i = 0; i < bySize.length; i++) {
    const share = Math.floor(left / (bySize.length - i))
    const { index, bytes } = bySize[i]
    // Sorted by size: once one does not fit its share, none of the bigger ones does either.
    if (bytes > share) sections[index] = section(reports[index], share)
    left -= Buffer.byteLength(sections[index])
  }
  return sections
}

/** A check's own summary with its `##` heading demoted under the runbook's; the extra `#` is budgeted. */
function section(report: Report<unknown>, limit: number): string {
  return renderSummary(report, Math.max(0, limit - 1)).replace(/^## /, '### ')
}
