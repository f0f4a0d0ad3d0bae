import { Report, STATUS_ICON, byStatus, cellText } from '../core/report.js'
import { redact } from '../core/secrets.js'

/** A Report as plain text for a terminal. */
export function renderText(report: Report<unknown>): string {
  const lines = [`${STATUS_ICON[report.status]} ${report.title}`, '']
  for (const check of byStatus(report.checks, (c) => c.status)) {
    lines.push(`  ${STATUS_ICON[check.status]} ${check.title}: ${check.detail}`)
  }
  for (const table of report.tables) {
    lines.push('', `${table.title}:`)
    const rows = [table.columns, ...table.rows.map((row) => row.map(cellText))]
    const widths = table.columns.map((_c, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
    for (const row of rows)
      lines.push(
        '  ' +
          row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join('  ')
            .trimEnd(),
      )
  }
  return redact(lines.join('\n'))
}
