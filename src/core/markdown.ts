/**
 * Text from outside (pull-request titles, package names, server answers) placed in Markdown we post as a
 * comment or issue: it must stay text. HTML could hide content or fake our hidden marker, an @mention would
 * notify people, and a pipe or a newline would break the table it sits in.
 */

import { Cell, Table } from './report.js'
import { visibleControls } from './visible-controls.js'

/** A zero-width space: after `@` it keeps `@name` readable but no longer a mention (GitHub notifies no one). */
const ZERO_WIDTH_SPACE = '\u200B'

/** An `@` that starts a word and so a mention (`axios@1.2.0` is none). */
const MENTION = /(?<!\w)@(?=[A-Za-z0-9])/g

/** `text` as one line of inert Markdown: HTML escaped, mentions broken, pipes escaped, line breaks as spaces. */
export function markdownText(text: string): string {
  return visibleControls(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(MENTION, `@${ZERO_WIDTH_SPACE}`)
    .replaceAll('|', '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ')
}

/**
 * `text` as inline code for a table cell: a backtick run longer than any inside it, so nothing in it can
 * close the span, and pipes escaped (GFM ends a cell at a pipe even inside code).
 */
export function markdownCode(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ')
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${line.replaceAll('|', '\\|')}${pad}${fence}`
}

/** A link from outside as Markdown: only https becomes a link (never javascript: or data:), its text inert. */
export function markdownLink(text: string, href: string): string {
  const label = markdownText(text).replace(/[[\]]/g, '\\$&')
  if (!/^https:\/\/[^\s()<>]+$/i.test(href)) return label
  return `[${label}](${href})`
}

/** A report table as a GFM table of at most `maxRows` rows; every cell made inert. */
export function markdownTable(table: Table, maxRows = table.rows.length): string {
  const cell = (c: Cell) => (typeof c === 'string' ? markdownText(c) : markdownLink(c.text, c.href))
  const lines = [
    `| ${table.columns.map(markdownText).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.slice(0, maxRows).map((row) => `| ${row.map(cell).join(' | ')} |`),
  ]
  return lines.join('\n')
}

/**
 * `text` (many lines) as a fenced code block: the fence longer than any backtick run inside, so nothing in
 * it can close the block early. Mentions are broken even there, and `<!--` too, so a quoted body cannot
 * read as the hidden marker by which we find our own issue or comment again.
 */
export function markdownBlock(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}text\n${inertText(text)}\n${fence}`
}

/** `@name` and `<!--` broken by a zero-width space, the rest as it was (for code, and for chat messages). */
export function inertText(text: string): string {
  return text.replace(MENTION, `@${ZERO_WIDTH_SPACE}`).replaceAll('<!--', `<${ZERO_WIDTH_SPACE}!--`)
}
