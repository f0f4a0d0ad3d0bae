/**
 * YAML files checked against a JSON Schema with every mistake reported at its line and column: the
 * health-gate smoke file and the runbook file. Parsing keeps the positions (a LineCounter) so an ajv
 * error's instance path can be walked back to the node it is about.
 */
import { ErrorObject } from 'ajv/dist/2020.js'
import { Document, LineCounter, Node, YAMLError, isMap, isSeq, parseDocument } from 'yaml'

import { ConfigurationError } from './errors.js'

export interface PositionedYaml {
  doc: Document.Parsed
  /** `<file>:<line>:<column>` of an offset in the text. */
  at: (offset: number) => string
}

/**
 * Parses `text`; a YAML syntax error throws one ConfigurationError, `<label> <file>:<line>:<col>: ...`.
 */
export function parseYamlWithPositions(text: string, file: string, label: string): PositionedYaml {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset)
    return `${file}:${line}:${col}`
  }
  const syntax = doc.errors[0]
  if (syntax) {
    const message = syntax.message.split('\n')[0]
    const fix = syntaxFix(syntax, text)
    throw new ConfigurationError(
      `${label} ${at(syntax.pos[0])}: YAML syntax error: ${message}${fix ? `: ${fix}` : ''}`,
    )
  }
  return { doc, at }
}

/** The fix for the YAML mistakes people make most, in words the parser's message leaves out. */
function syntaxFix(error: YAMLError, text: string): string | undefined {
  const lineStart = text.lastIndexOf('\n', error.pos[0] - 1) + 1
  const lineEnd = text.indexOf('\n', error.pos[0])
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd)
  // `{ url: ${{ env.URL }} }`: the expression's braces end the flow mapping early.
  if (error.code === 'UNEXPECTED_TOKEN' && line.includes('${{'))
    return `inside { } or [ ], quote an expression: '\${{ env.NAME }}'`
  // `-db-maintain: {}` below `- log-review: {}`: without a space the dash starts a key, out of line.
  if (/^\s*-[^\s-]/.test(line)) return `a list item needs a space after its dash: '- '`
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces'
    case 'DUPLICATE_KEY':
      return `'${duplicateKey(text, error.pos[0])}' is written twice at this level: keep one`
    case 'BAD_INDENT':
      return error.message.startsWith('All mapping items')
        ? 'indent this key by as many spaces as the keys beside it'
        : undefined
    case 'BLOCK_AS_IMPLICIT_KEY':
      return `a value holding ': ' needs quotes; inputs go on their own lines or in { }`
    default:
      return undefined
  }
}

/** An ajv error's instance path as segments (`/steps/0/name` -> ['steps', '0', 'name']). */
export function pathSegments(error: ErrorObject): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** Where an error points: at the offending key for unknown or misnamed keys, else at the value. */
export function offsetOf(root: Node | null, error: ErrorObject): number {
  const params = error.params as Record<string, unknown>
  const key =
    error.keyword === 'additionalProperties'
      ? String(params.additionalProperty)
      : error.keyword === 'propertyNames'
        ? String(params.propertyName)
        : undefined
  return offsetAt(root, pathSegments(error), key)
}

/** The offset of the node at `segments` (or of its key `key`), or of the nearest enclosing node found. */
export function offsetAt(root: Node | null, segments: (string | number)[], key?: string): number {
  let node: Node | null = root
  for (const segment of segments) {
    const next = childOf(node, segment)
    if (!next) break
    // A key written with no value (`status:`) has no value node: point at the key.
    node = next.value ?? next.key ?? null
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === key)
    const keyNode = pair?.key as Node | undefined
    if (keyNode?.range) return keyNode.range[0]
  }
  return node?.range?.[0] ?? 0
}

/** The node at `segments`, if there is one. */
export function nodeAt(root: Node | null, segments: (string | number)[]): Node | undefined {
  let node: Node | null = root
  for (const segment of segments) {
    const next = childOf(node, segment)
    if (!next?.value) return undefined
    node = next.value
  }
  return node ?? undefined
}

function childOf(node: Node | null, segment: string | number): { key?: Node; value?: Node } | undefined {
  if (isSeq(node)) {
    const item = node.items[Number(segment)] as Node | undefined
    return item ? { value: item } : undefined
  }
  if (isMap(node)) {
    const pair = node.items.find(
      (p) => String((p.key as { value?: unknown } | null)?.value) === String(segment),
    )
    return pair ? { key: pair.key as Node, value: (pair.value as Node | null) ?? undefined } : undefined
  }
  return undefined
}

/** The key written at `offset`, as it reads on its line (control characters shown as '?'). */
function duplicateKey(text: string, offset: number): string {
  const key = /^[^:\n]*/.exec(text.slice(offset))?.[0] ?? ''
  return key.trim().replace(/\p{Cc}/gu, '?')
}
