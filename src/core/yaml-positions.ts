/**
 * YAML files checked against a JSON Schema with every mistake reported at its line and column: the
 * health-gate smoke file and the runbook file. Parsing keeps the positions (a LineCounter) so an ajv
 * error's instance path can be walked back to the node it is about.
 */
import { ErrorObject } from 'ajv/dist/2020.js'
import { Document, LineCounter, Node, isMap, isSeq, parseDocument } from 'yaml'

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
    throw new ConfigurationError(`${label} ${at(syntax.pos[0])}: YAML syntax error: ${message}`)
  }
  return { doc, at }
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
