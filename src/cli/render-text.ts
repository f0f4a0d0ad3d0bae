// The whole report as terminal text, section for section as the job summary has it (core/summary.ts):
// checks with their recommendation and fixing SQL, metrics, charts, tables, details. Outside text is kept
// on its lines and stripped of terminal control sequences (terminal-text.ts).
import { Report, STATUS_ICON, byStatus, cellText } from '../core/report.js'
import { redactDeep } from '../core/secrets.js'
import { asFlags } from './flag-hints.js'
import { textChart } from './text-chart.js'
import { oneLine, textBlock, textTable } from './terminal-text.js'

/** `inputNames`: the check's inputs, which its details and recommendations name as flags (flag-hints.ts). */
export function renderText(report: Report<unknown>, inputNames: string[] = []): string {
  const hint = (text: string) => oneLine(asFlags(text, inputNames))
  // Secrets are masked before anything is cut, so no cut can leave part of a secret unmasked.
  const { title, status, checks, metrics, charts, tables, details } = redactDeep(report)
  const lines = [`${STATUS_ICON[status]} ${oneLine(title)}`, '']
  for (const check of byStatus(checks, (c) => c.status)) {
    lines.push(`  ${STATUS_ICON[check.status]} ${oneLine(check.title)}: ${hint(check.detail)}`)
    if (check.recommendation) lines.push(`      → ${hint(check.recommendation)}`)
    // As in the summary: a fix is shown for what needs fixing, never run.
    if (check.fix && check.status !== 'pass')
      lines.push('      fix (not run):', ...textBlock(check.fix, '        '))
  }
  if (metrics.length > 0) {
    const rows = metrics.map((m) => [m.name, `${m.value}${m.unit ? ` ${m.unit}` : ''}`])
    lines.push('', 'Metrics:', ...textTable(['Metric', 'Value'], rows))
  }
  for (const chart of charts ?? []) lines.push('', ...textChart(chart))
  for (const table of tables)
    lines.push(
      '',
      `${oneLine(table.title)}:`,
      ...textTable(
        table.columns,
        table.rows.map((row) => row.map(cellText)),
      ),
    )
  for (const detail of details) lines.push('', `${oneLine(detail.title)}:`, ...textBlock(detail.body))
  return lines.join('\n')
}
