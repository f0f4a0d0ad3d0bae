import { Cell, Chart, Report, STATUS_ICON, byStatus } from './report.js'
import { visibleControls } from './visible-controls.js'

/** GitHub rejects a step summary over 1 MiB; stay well under it so the truncation note always fits. */
export const SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024

/**
 * Escapes text for HTML: the summary is Markdown with HTML, and names or bodies come from outside.
 * Control characters are shown as escapes (`\x1b`), as the CLI shows them.
 */
export function escapeHtml(text: string): string {
  return visibleControls(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

function renderCell(cell: Cell): string {
  if (typeof cell === 'string') return escapeHtml(cell)
  // Only https links: a javascript: or data: URL from a report must never become clickable.
  if (!/^https:\/\//i.test(cell.href)) return escapeHtml(cell.text)
  return `<a href="${escapeHtml(cell.href)}">${escapeHtml(cell.text)}</a>`
}

function table(columns: string[], rows: Cell[][]): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${renderCell(cell)}</td>`).join('')}</tr>`)
  return `<table>\n${head}\n${body.join('\n')}\n</table>\n\n`
}

/**
 * Renders any Report as the job summary, so every action looks alike: a heading with the overall status,
 * the checks (failures first), the metrics, the report's tables and collapsed details. Text is
 * HTML-escaped. When the result would pass `limit` bytes, whole sections (and rows) are dropped from the
 * end and a note says so.
 */
export function renderSummary(report: Report<unknown>, limit = SUMMARY_LIMIT): string {
  const sections: string[] = []
  sections.push(`## ${STATUS_ICON[report.status]} ${escapeHtml(report.title)}\n\n`)

  if (report.checks.length > 0) {
    const rows = byStatus(report.checks, (c) => c.status).map((check) => [
      `${STATUS_ICON[check.status]} ${check.status}`,
      check.title,
      check.detail + (check.recommendation ? ` — ${check.recommendation}` : ''),
    ])
    sections.push(table(['Status', 'Check', 'Detail'], rows))
    const fixes = report.checks.filter((c) => c.fix && c.status !== 'pass')
    if (fixes.length > 0) {
      const body = fixes.map((c) => `-- ${c.title}\n${c.fix}`).join('\n\n')
      sections.push(details('Suggested fixes (not run)', body))
    }
  }
  if (report.metrics.length > 0) {
    sections.push(
      table(
        ['Metric', 'Value'],
        report.metrics.map((m) => [m.name, `${m.value}${m.unit ? ` ${m.unit}` : ''}`]),
      ),
    )
  }
  for (const c of report.charts ?? []) sections.push(chart(c))
  for (const t of report.tables) sections.push(`### ${escapeHtml(t.title)}\n\n` + table(t.columns, t.rows))
  for (const d of report.details) sections.push(details(d.title, d.body))

  return fitSections(sections, limit)
}

/** Mermaid has no escaping inside its strings: quotes and anything that could end the block are dropped. */
function mermaidText(text: string): string {
  return text.replace(/["`\\\n\r[\]]/g, '').slice(0, 100)
}

/**
 * Mermaid writes every category under its bar, overlapping past a few dozen (a week of hours is 168): more
 * bars than this get a numbered axis, named by the chart's `axis`, with the few numbers it has room for.
 */
const MAX_LABELS = 24

function chart(c: Chart): string {
  const numbers = (values: number[]) => `[${values.map((v) => (Number.isFinite(v) ? v : 0)).join(', ')}]`
  const top = Math.max(1, ...c.bars, ...(c.line ?? []))
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(c.title)}"`,
    c.labels.length > MAX_LABELS
      ? `  x-axis "${mermaidText(c.axis ?? '')}" 0 --> ${c.labels.length - 1}`
      : `  x-axis [${c.labels.map((l) => `"${mermaidText(l)}"`).join(', ')}]`,
    `  y-axis "${mermaidText(c.yLabel)}" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar ${numbers(c.bars)}`,
    ...(c.line ? [`  line ${numbers(c.line)}`] : []),
    '```',
  ]
  return `${lines.join('\n')}\n\n`
}

function details(title: string, body: string): string {
  return `<details><summary>${escapeHtml(title)}</summary>\n\n<pre>${escapeHtml(body)}</pre>\n\n</details>\n\n`
}

function fitSections(sections: string[], limit: number): string {
  const note = (dropped: number) =>
    `\n> [!NOTE]\n> The summary was cut to stay under GitHub's 1 MiB limit: ${dropped} section(s) left out. The full result is in the \`report\` JSON file.\n`
  // Byte counts are kept as running totals: measuring the growing text again for every line is quadratic,
  // which a 10,000-row table turns into seconds.
  let out = ''
  let used = 0
  for (let i = 0; i < sections.length; i++) {
    const room = limit - used - Buffer.byteLength(note(sections.length - i))
    const size = Buffer.byteLength(sections[i])
    if (size <= room) {
      out += sections[i]
      used += size
      continue
    }
    // Keep what fits of an oversized section at a line boundary, so a huge table still shows its top rows.
    let partial = ''
    let partialBytes = 0
    for (const line of sections[i].split('\n')) {
      const bytes = Buffer.byteLength(line) + 1
      if (partialBytes + bytes > room - 64) break
      partial += line + '\n'
      partialBytes += bytes
    }
    if (partial.includes('```mermaid') && !partial.trimEnd().endsWith('```')) partial = ''
    if (partial.includes('<table') && !partial.includes('</table>')) partial += '</table>\n'
    if (partial.includes('<details>') && !partial.includes('</details>'))
      partial += (partial.includes('<pre>') ? '</pre>\n' : '') + '</details>\n'
    return out + partial + note(sections.length - i)
  }
  return out
}
