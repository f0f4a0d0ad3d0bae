import type { ListItem, Nodes, Root, RootContent } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'

/**
 * A pull-request body read as GitHub reads it (CommonMark plus GitHub's tables, task lists and
 * strikethrough), through a real parser: a `- [ ]` inside an HTML comment or a code block is then no task,
 * and a heading inside a fence no heading, which line-by-line regular expressions get wrong.
 */

/** A part of the body introduced by a heading (any level) or by a bold label (`**Rollback plan:**`). */
export interface Section {
  /** The heading's or label's text as written, without a trailing colon. */
  name: string
  /** The visible text under it: HTML comments left out, code kept. */
  text: string
}

export interface TaskItem {
  /** The item's own visible text (its nested lists not included). */
  text: string
  checked: boolean
  /** Struck through as a whole (`- [ ] ~~Docs updated~~`): the author says it does not apply. */
  struck: boolean
}

export interface ParsedBody {
  sections: Section[]
  tasks: TaskItem[]
  /** All visible text of the body (HTML comments left out), for the ticket search. */
  text: string
  /** The targets of its links (`[the ticket](https://…/browse/OPS-1)` names OPS-1 only there). */
  links: string[]
}

/**
 * `isSection` tells the names the caller looks for: a bold label with one of them ends the section before
 * it, so `## Rollback plan` then `**Test evidence:** ...` are two sections, while other labels under a
 * heading (`**Unit:** 42 passed`) stay part of it.
 */
export function parseBody(markdown: string, isSection: (name: string) => boolean = () => false): ParsedBody {
  const tree = parseMarkdown(markdown)
  return {
    sections: sectionsOf(tree, isSection),
    tasks: tasksOf(tree),
    text: visibleText(tree.children),
    links: linksOf(tree),
  }
}

function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
}

/**
 * The sections in order. A heading's section runs to the next heading of the same or a higher level (its
 * sub-headings belong to it) or to a label the caller looks for; a bold label's runs to the next heading
 * or label. A label is a paragraph that
 * starts with bold text: what follows on its line (`**Ticket:** ABC-1`) is part of its content.
 */
function sectionsOf(tree: Root, isSection: (name: string) => boolean): Section[] {
  const sections: Section[] = []
  const nodes = tree.children
  // Each node's label once: the scans below look at a node many times.
  const labels = nodes.map(boldLabel)
  const wantedLabel = (i: number) => {
    const label = labels[i]
    return label !== undefined && isSection(label.name)
  }
  nodes.forEach((node, index) => {
    if (node.type === 'heading') {
      const end = nodes.findIndex(
        (n, i) => i > index && ((n.type === 'heading' && n.depth <= node.depth) || wantedLabel(i)),
      )
      const content = nodes.slice(index + 1, end < 0 ? undefined : end)
      sections.push({ name: labelName(visibleText(node.children)), text: visibleText(content) })
      return
    }
    const label = labels[index]
    if (label === undefined) return
    const end = nodes.findIndex((n, i) => i > index && (n.type === 'heading' || labels[i] !== undefined))
    const content = nodes.slice(index + 1, end < 0 ? undefined : end)
    sections.push({ name: label.name, text: joinText([label.rest, visibleText(content)]) })
  })
  return sections
}

/** A paragraph that opens with bold text: the bold text as a name, the rest of the paragraph as content. */
function boldLabel(node: RootContent): { name: string; rest: string } | undefined {
  if (node.type !== 'paragraph') return undefined
  const [first, ...rest] = node.children
  if (first?.type !== 'strong') return undefined
  const name = labelName(visibleText(first.children))
  if (name === '') return undefined
  // `**Rollback plan**: revert` puts the colon after the bold text: it is punctuation, not content.
  return { name, rest: visibleText(rest).replace(/^\s*:/, '').trim() }
}

function labelName(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\s*:$/, '').trim()
}

function linksOf(tree: Root): string[] {
  const links: string[] = []
  const visit = (node: Nodes) => {
    if (node.type === 'link' || node.type === 'definition') links.push(node.url)
    if ('children' in node) for (const child of node.children) visit(child)
  }
  visit(tree)
  return links
}

/** Every task-list item, nested ones included; items inside HTML comments are not parsed as items at all. */
function tasksOf(tree: Root): TaskItem[] {
  const tasks: TaskItem[] = []
  const visit = (node: Nodes) => {
    if (node.type === 'listItem' && typeof node.checked === 'boolean') tasks.push(taskOf(node))
    if ('children' in node) for (const child of node.children) visit(child)
  }
  visit(tree)
  return tasks
}

function taskOf(item: ListItem): TaskItem {
  const own = item.children.filter((child) => child.type !== 'list')
  const text = visibleText(own)
  // Struck through when nothing visible is left once the struck parts are gone.
  const unstruck = visibleText(own, { skipStruck: true })
  return { text, checked: item.checked === true, struck: text !== '' && unstruck === '' }
}

interface TextOptions {
  skipStruck?: boolean
}

/**
 * The text a reader sees: HTML comments dropped (they are instructions to the author, hidden on GitHub),
 * other HTML reduced to its text, code kept (a log or a command is evidence), blocks on their own lines.
 */
function visibleText(nodes: readonly Nodes[], options: TextOptions = {}): string {
  const parts: string[] = []
  for (const node of nodes) {
    if (node.type === 'delete' && options.skipStruck) continue
    if (node.type === 'html') parts.push(htmlText(node.value))
    else if ('value' in node) parts.push(node.value)
    else if (node.type === 'image') parts.push(node.alt ?? '')
    else if (node.type === 'break') parts.push('\n')
    else if ('children' in node) {
      const inner = visibleText(node.children, options)
      parts.push(isBlock(node) ? `\n${inner}\n` : inner)
    }
  }
  return parts
    .join('')
    .replace(/[ \t]*\n\s*/g, '\n')
    .trim()
}

function joinText(parts: string[]): string {
  return parts.filter((part) => part !== '').join('\n')
}

function isBlock(node: Nodes): boolean {
  return !['emphasis', 'strong', 'delete', 'link', 'linkReference'].includes(node.type)
}

/** The text of raw HTML: comments (also one left open to the end) and tags removed. */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<[^>]*>/g, '')
    .trim()
}
