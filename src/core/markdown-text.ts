/**
 * Outside text (a server's body, a table name, a check's detail) in Markdown we post to GitHub: it is data,
 * so it must not ping anyone, render as HTML, or fake the hidden markers by which we find our own issues
 * and comments again.
 */

const ZERO_WIDTH_SPACE = '\u200b'

/** Breaks `@name` and `<!--` with a zero-width space: no mention, no hidden comment, no marker look-alike. */
export function neutralise(text: string): string {
  return text.replace(/@(?=[\w-])/g, `@${ZERO_WIDTH_SPACE}`).replace(/<!--/g, `<${ZERO_WIDTH_SPACE}!--`)
}

/** Text as a fenced code block, the fence longer than any run of backticks inside so it cannot be closed early. */
export function codeBlock(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return `${fence}text\n${neutralise(text)}\n${fence}`
}

/** Text inline as code, for a short name in a sentence (a URL, a folder). */
export function inlineCode(text: string): string {
  const oneLine = neutralise(text.replace(/[\r\n]+/g, ' '))
  const longestRun = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((match) => match[0].length))
  const ticks = '`'.repeat(longestRun + 1)
  return `${ticks} ${oneLine} ${ticks}`
}
