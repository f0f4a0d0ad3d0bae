import { ParsedBody, Section, TaskItem, parseBody } from './markdown.js'
import { Check } from '../core/report.js'

/**
 * The runbook's change-management checklist as checks on a pull request: each required section holds real
 * content, a ticket is named, every task is ticked (or marked as not applying), the required labels are
 * on. One check per requirement; a failing one names what is missing and shows what would pass.
 */

export interface GateRules {
  /** Section names, matched without case against headings and bold labels. */
  requiredSections: string[]
  /** The fewest words a required section must hold. */
  minWords: number
  /** Undefined: no ticket is required. */
  ticketPattern?: RegExp
  checklist: boolean
  requiredLabels: string[]
  /** The pull-request templates' texts, to tell their placeholder text from an answer. */
  templates: string[]
}

export interface PullRequestText {
  title: string
  body: string
  labels: string[]
}

/** What `missing` names, in the order of the checks. */
export interface Evaluation {
  checks: Check[]
  missing: string[]
}

/**
 * The default ticket: a key such as ABC-123 (Jira, Linear, YouTrack), an issue reference #123 or
 * owner/repo#123, or a link to an issue. Keys that are names of standards (UTF-8, SHA-256, ISO-8601,
 * RFC-9110, CVE-2024-...) are not tickets. A link's length is bounded so that a long run of text
 * without spaces cannot make the search slow.
 */
export const DEFAULT_TICKET_PATTERN =
  /(?<![\w-])(?!(?:UTF|SHA|ISO|RFC|CVE|CWE|GHSA|AES|RSA|TLS|SSL|HTTP|PEP|ES)-)[A-Z][A-Z0-9]{1,9}-\d+(?![\w-])|(?<![\w&])(?:[\w.-]+\/[\w.-]+)?#\d+\b|https?:\/\/\S{1,300}?\/(?:issues|browse|ticket|tickets)\/[\w-]+/

/** Content that only says "nothing here". */
const FILLER = /^(?:n\/?a|tbd|tba|todo|none|nil|-+|—|\.+|_+|\?+)$/i

/** A task the author marked as not required: "(optional)", "N/A", "not applicable". */
const OPTIONAL_TASK = /\b(?:optional|not applicable)\b|(?<![\w/])n\/a(?![\w/])/i

export function evaluate(pullRequest: PullRequestText, rules: GateRules): Evaluation {
  const isRequired = (name: string) => rules.requiredSections.some((wanted) => sameName(name, wanted))
  const body = parseBody(pullRequest.body, isRequired)
  const templates = rules.templates.map((template) => parseBody(template, isRequired))
  const results: { check: Check; missing?: string }[] = [
    ...rules.requiredSections.map((name) => sectionCheck(name, body, templates, rules.minWords)),
    ...(rules.ticketPattern ? [ticketCheck(pullRequest.title, body, rules.ticketPattern)] : []),
    ...(rules.checklist ? [checklistCheck(body.tasks)] : []),
    ...rules.requiredLabels.map((label) => labelCheck(label, pullRequest.labels)),
  ]
  return {
    checks: results.map((result) => result.check),
    missing: results.flatMap((result) => (result.missing === undefined ? [] : [result.missing])),
  }
}

function sectionCheck(
  name: string,
  body: ParsedBody,
  templates: ParsedBody[],
  minWords: number,
): { check: Check; missing?: string } {
  const id = `section:${name.toLowerCase()}`
  const title = `Section "${name}"`
  const example =
    `e.g. a "## ${name}" heading (or a "**${name}:**" label) followed by at least ${minWords} ` +
    `word${minWords === 1 ? '' : 's'} of your own: ${sectionExample(name)}`
  const found = body.sections.filter((section) => sameName(section.name, name))
  if (found.length === 0)
    return fail(id, title, `no heading or bold label "${name}" in the description`, example, name)

  const placeholders = templates.flatMap((template) =>
    template.sections.filter((section) => sameName(section.name, name)).map((section) => section.text),
  )
  const answers = found.map((section) => answerOf(section, placeholders))
  const best = answers.reduce((a, b) => (b.words > a.words ? b : a))
  if (best.words >= minWords && !FILLER.test(best.text))
    return pass(id, title, `${best.words} word${best.words === 1 ? '' : 's'}`)

  const why = answers.some((a) => a.onlyPlaceholder)
    ? "holds only the template's placeholder text"
    : best.text === ''
      ? 'is empty (HTML comments do not count)'
      : FILLER.test(best.text)
        ? `says only "${best.text}"`
        : `has ${best.words} word${best.words === 1 ? '' : 's'}, fewer than ${minWords}`
  return fail(id, title, `"${name}" ${why}`, example, name)
}

/** A section's own words: a template's placeholder text, where the author kept it, does not count. */
function answerOf(
  section: Section,
  placeholders: string[],
): { text: string; words: number; onlyPlaceholder: boolean } {
  const text = normalise(section.text)
  let own = text
  for (const placeholder of placeholders.map(normalise))
    if (placeholder !== '') own = normalise(own.replace(placeholder, ' '))
  return { text: own, words: countWords(own), onlyPlaceholder: text !== '' && own === '' }
}

function ticketCheck(title: string, body: ParsedBody, pattern: RegExp): { check: Check; missing?: string } {
  const id = 'ticket'
  const found = [body.text, title, ...body.links].map((text) => pattern.exec(text)).find(Boolean)
  if (found) return pass(id, 'Ticket', `names ${found[0]}`)
  const wanted =
    pattern === DEFAULT_TICKET_PATTERN
      ? 'a key such as ABC-123, #123 or an issue link'
      : `/${pattern.source}/`
  return fail(
    id,
    'Ticket',
    `no ticket reference in the title or description (looked for ${wanted})`,
    'e.g. "Ticket: OPS-1234", "Fixes #123" or a link to the issue',
    'ticket',
  )
}

function checklistCheck(tasks: TaskItem[]): { check: Check; missing?: string } {
  const id = 'checklist'
  const required = tasks.filter((task) => !task.struck && !OPTIONAL_TASK.test(task.text))
  const open = required.filter((task) => !task.checked)
  if (tasks.length === 0) return pass(id, 'Checklist', 'no task list in the description')
  const exempt = tasks.length - required.length
  const exemptNote = exempt > 0 ? ` (${exempt} optional, N/A or struck through)` : ''
  if (open.length === 0)
    return pass(id, 'Checklist', `${required.length} of ${required.length} items ticked${exemptNote}`)
  const shown = open.slice(0, 5).map((task) => `"${shorten(task.text)}"`)
  const more = open.length > shown.length ? ` and ${open.length - shown.length} more` : ''
  return fail(
    id,
    'Checklist',
    `${open.length} of ${required.length} items not ticked: ${shown.join(', ')}${more}`,
    'tick each item ("- [x] ..."), or strike through one that does not apply ("- [ ] ~~...~~") or mark it "(N/A)"',
    'checklist',
  )
}

function labelCheck(label: string, labels: string[]): { check: Check; missing?: string } {
  const id = `label:${label.toLowerCase()}`
  const title = `Label "${label}"`
  if (labels.some((name) => name.toLowerCase() === label.toLowerCase())) return pass(id, title, 'is on')
  return fail(
    id,
    title,
    `the label "${label}" is not on the pull request`,
    `add the "${label}" label`,
    `label ${label}`,
  )
}

/** A sample answer for the known sections, so the example reads like something a reviewer would accept. */
function sectionExample(name: string): string {
  const key = name.toLowerCase()
  if (key.includes('rollback')) return '"Revert this pull request and redeploy the previous release."'
  if (key.includes('test')) return '"Ran the unit tests and checked the login flow on staging."'
  return '"What changed and why, in a sentence."'
}

/**
 * Whether a heading or label names a wanted section: the same words without case or a closing "?" or
 * ".", or those words followed by a remark in brackets or after a dash or colon ("Rollback plan (how to
 * undo it)", "Test evidence - screenshots welcome").
 */
function sameName(heading: string, wanted: string): boolean {
  const [h, w] = [heading, wanted].map((text) => normalise(text).toLowerCase().replace(/[?.]$/, ''))
  return h === w || (h.startsWith(w) && /^\s*[([\-–—:]/.test(h.slice(w.length)))
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0
}

function shorten(text: string): string {
  const line = normalise(text)
  return line.length > 80 ? `${line.slice(0, 77)}...` : line
}

function pass(id: string, title: string, detail: string): { check: Check } {
  return { check: { id, title, status: 'pass', detail } }
}

function fail(
  id: string,
  title: string,
  detail: string,
  recommendation: string,
  missing: string,
): { check: Check; missing: string } {
  return { check: { id, title, status: 'fail', detail, recommendation }, missing }
}
