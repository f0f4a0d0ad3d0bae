import { Chart } from '../core/report.js'
import { oneLine, width } from './terminal-text.js'

const BAR_WIDTH = 40

/**
 * A chart as text: a bar of █ per label with its value, and where the chart has a line (a threshold),
 * a │ at its place on each bar and its value, so a spike is seen crossing it.
 */
export function textChart(chart: Chart, indent = '  '): string[] {
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : 0)
  const top = Math.max(1, ...chart.bars.map(finite), ...(chart.line ?? []).map(finite))
  const columns = (v: number) => Math.round((Math.max(0, v) / top) * BAR_WIDTH)
  const labels = chart.labels.map((label) => oneLine(label, 30))
  const labelWidth = Math.max(0, ...labels.map(width))
  const lines = [`${oneLine(chart.title)} (${oneLine(chart.yLabel)}):`]
  chart.bars.forEach((value, i) => {
    const bar = [...'█'.repeat(columns(finite(value))).padEnd(BAR_WIDTH)]
    const line = chart.line?.[i]
    if (line !== undefined && Number.isFinite(line)) {
      const at = Math.min(BAR_WIDTH - 1, columns(line))
      if (bar[at] === ' ') bar[at] = '│'
    }
    const label = labels[i] ?? ''
    lines.push(`${indent}${label}${' '.repeat(labelWidth - width(label))}  ${bar.join('')} ${value}`)
  })
  const line = (chart.line ?? []).filter(Number.isFinite)
  if (line.length > 0) {
    const low = Math.min(...line)
    const high = Math.max(...line)
    lines.push(`${indent}│ line: ${low === high ? low : `${low} to ${high}`}`)
  }
  return lines
}
