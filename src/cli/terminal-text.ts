// Text from outside (log lines, response bodies, SQL, file names) made safe and tidy for a terminal.

import { visibleControls } from '../core/visible-controls.js'

/** Longest table cell shown; the whole value is in the JSON report (--json, --report-path). */
export const MAX_CELL = 80

/** Cuts text to `max` characters (code points, so no emoji is split), ending with … when cut. */
export function cut(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…'
}

/** Text on one physical line: new lines shown as ⏎, tabs as a space, controls escaped, cut at `max`. */
export function oneLine(text: string, max = Infinity): string {
  const flat = text.replace(/\r\n|\r|\n/g, '⏎').replace(/\t/g, ' ')
  return cut(visibleControls(flat), max)
}

/** The width a terminal gives the text, counted in code points. */
export function width(text: string): number {
  return [...text].length
}

/** A table as aligned text: one line a row, every cell on one line and at most MAX_CELL wide. */
export function textTable(columns: string[], rows: string[][], indent = '  '): string[] {
  const cells = [columns, ...rows].map((row) => columns.map((_c, i) => oneLine(row[i] ?? '', MAX_CELL)))
  const widths = columns.map((_c, i) => Math.max(...cells.map((row) => width(row[i]))))
  return cells.map(
    (row) =>
      indent +
      row
        .map((cell, i) => cell + ' '.repeat(widths[i] - width(cell)))
        .join('  ')
        .trimEnd(),
  )
}

/** A block of text (a response body, a plan), bounded: its first lines, each cut, then how many more. */
export function textBlock(body: string, indent = '    ', maxLines = 40, maxWidth = 200): string[] {
  const lines = body.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')
  const shown = lines.slice(0, maxLines).map((line) => indent + cut(visibleControls(line), maxWidth))
  if (lines.length > maxLines)
    shown.push(`${indent}… ${lines.length - maxLines} more line(s): the whole text is in --json`)
  return shown
}
