/**
 * Reads a smoke file: YAML checked against schemas/smoke.schema.json (the schema editors use too), then
 * turned into steps ready to run. Every mistake is one ConfigurationError naming the file, the line and
 * column, and the fix, so it is found before any request is sent.
 */
import { readFileSync } from 'node:fs'

import { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'

import { JsonPath, parseJsonPath } from './json-path.js'
import { StatusRanges, statusRangesOf } from './status-ranges.js'
import { capturesUsed, expandEnv, mapStrings } from './smoke-template.js'
import schema from '../../schemas/smoke.schema.json' with { type: 'json' }
import { ConfigurationError } from '../core/errors.js'
import { parseDuration } from '../core/units.js'
import { offsetAt, offsetOf, parseYamlWithPositions } from '../core/yaml-positions.js'

export interface SmokeFlow {
  /** The path as the workflow gave it, for messages. */
  file: string
  cookies: boolean
  steps: SmokeStep[]
}

/** What a value found in a response must be; `equals` counts only when `hasEquals` (it may be null). */
export interface ValueExpectation {
  hasEquals: boolean
  equals?: unknown
  matches?: RegExp
  exists?: boolean
}

export type CaptureSource = { from: 'json'; path: JsonPath } | { from: 'header' | 'cookie'; name: string }

export interface SmokeStep {
  name: string
  /** authz: a 2xx answer means a protected path is open, the most serious failure. */
  kind: 'flow' | 'authz'
  method: string
  /** Path and header values with env placeholders filled in; `${{ captures.x }}` is filled when run. */
  path: string
  headers: [string, string][]
  body?: { type: 'json'; value: unknown } | { type: 'form'; fields: [string, string][] }
  expect: {
    status: StatusRanges
    json: [JsonPath, ValueExpectation][]
    headers: [string, ValueExpectation][]
    maxLatencyMs?: number
  }
  capture: [string, CaptureSource][]
  /** Captures this step's request uses: when an earlier step could not capture one, the step is skipped. */
  needs: string[]
}

/** The file as the schema describes it (the schema already checked the types). */
interface RawMatch {
  equals?: unknown
  matches?: string
  exists?: boolean
}
interface RawStep {
  name: string
  kind?: 'flow' | 'authz'
  method?: string
  path: string
  headers?: Record<string, string | number | boolean>
  json?: unknown
  form?: Record<string, string | number | boolean>
  expect?: {
    status?: number | string | (number | string)[]
    json?: Record<string, RawMatch>
    headers?: Record<string, RawMatch>
    'max-latency'?: string | number
  }
  capture?: Record<string, string>
}
interface RawFlow {
  cookies?: boolean
  steps: RawStep[]
}

/** Compiled on first use: a health-gate run without `smoke` does not pay for it. */
let validator: ValidateFunction<RawFlow> | undefined
function validate(value: unknown): value is RawFlow {
  validator ??= new Ajv2020({ allErrors: false, verbose: true, allowUnionTypes: true }).compile<RawFlow>(
    schema,
  )
  return validator(value)
}

/** Reads, validates and prepares the smoke file at `path`; `shownAs` is how messages name it. */
export function readSmokeFile(path: string, shownAs: string, env: NodeJS.ProcessEnv): SmokeFlow {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new ConfigurationError(
      `input 'smoke' is '${shownAs}': the file cannot be read; give a path relative to the workspace`,
    )
  }
  return parseSmokeFlow(text, shownAs, env)
}

export function parseSmokeFlow(text: string, file: string, env: NodeJS.ProcessEnv): SmokeFlow {
  const { doc, at } = parseYamlWithPositions(text, file, 'smoke file')
  const raw: unknown = doc.toJS()
  if (!validate(raw)) {
    const error = chooseError(validator?.errors ?? [])
    throw new ConfigurationError(`smoke file ${at(offsetOf(doc.contents, error))}: ${describe(error)}`)
  }
  const fail = (segments: (string | number)[], message: string, key?: string): never => {
    throw new ConfigurationError(`smoke file ${at(offsetAt(doc.contents, segments, key))}: ${message}`)
  }
  return { file, cookies: raw.cookies ?? false, steps: prepareSteps(raw.steps, env, fail) }
}

type Fail = (segments: (string | number)[], message: string, key?: string) => never

/** The checks a schema cannot make: paths, patterns, durations, placeholders, names, capture order. */
function prepareSteps(rawSteps: RawStep[], env: NodeJS.ProcessEnv, fail: Fail): SmokeStep[] {
  const names = new Set<string>()
  const captured = new Set<string>()
  return rawSteps.map((raw, index) => {
    const where = ['steps', index]
    if (names.has(raw.name))
      fail([...where, 'name'], `a second step named '${raw.name}': give each step its own name`)
    names.add(raw.name)

    const needs = new Set<string>()
    const expand = (text: string, segments: (string | number)[]): string => {
      const result = expandEnv(text, env)
      if ('error' in result) return fail(segments, result.error)
      for (const name of capturesUsed(text)) {
        if (!captured.has(name)) {
          fail(
            segments,
            `\${{ captures.${name} }} is not captured by an earlier step: add capture: { ${name}: .path } to one`,
          )
        }
        needs.add(name)
      }
      return result.text
    }

    const path = expand(raw.path, [...where, 'path'])
    const headers = Object.entries(raw.headers ?? {}).map(([name, value]): [string, string] => [
      name.toLowerCase(),
      expand(String(value), [...where, 'headers', name]),
    ])
    const body: SmokeStep['body'] =
      raw.json !== undefined
        ? { type: 'json', value: mapStrings(raw.json, (text) => expand(text, [...where, 'json'])) }
        : raw.form !== undefined
          ? {
              type: 'form',
              fields: Object.entries(raw.form).map(([name, value]): [string, string] => [
                name,
                expand(String(value), [...where, 'form', name]),
              ]),
            }
          : undefined

    const expectAt = [...where, 'expect']
    const status = prepareStatus(raw.expect?.status, [...expectAt, 'status'], fail)
    const json = Object.entries(raw.expect?.json ?? {}).map(([text, match]): [JsonPath, ValueExpectation] => [
      jsonPath(text, [...expectAt, 'json'], fail),
      valueExpectation(match, [...expectAt, 'json', text], fail),
    ])
    const expectedHeaders = Object.entries(raw.expect?.headers ?? {}).map(
      ([name, match]): [string, ValueExpectation] => [
        name.toLowerCase(),
        valueExpectation(match, [...expectAt, 'headers', name], fail),
      ],
    )
    const latency = raw.expect?.['max-latency']
    const maxLatencyMs = typeof latency === 'string' ? parseDuration(latency) : latency
    if (latency !== undefined && maxLatencyMs === undefined) {
      fail(
        [...expectAt, 'max-latency'],
        `'${latency}' is not a duration: use 500ms, 2s or a number of milliseconds`,
      )
    }

    const capture = Object.entries(raw.capture ?? {}).map(([name, source]): [string, CaptureSource] => {
      const [prefix, rest] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)]
      const from: CaptureSource =
        prefix === 'header' || prefix === 'cookie'
          ? { from: prefix, name: prefix === 'header' ? rest.trim().toLowerCase() : rest.trim() }
          : { from: 'json', path: jsonPath(source, [...where, 'capture', name], fail) }
      return [name, from]
    })
    for (const [name] of capture) captured.add(name)

    return {
      name: raw.name,
      kind: raw.kind ?? (refusalOnly(status) ? 'authz' : 'flow'),
      method: raw.method ?? 'GET',
      path,
      headers,
      body,
      expect: { status, json, headers: expectedHeaders, maxLatencyMs },
      capture,
      needs: [...needs],
    }
  })
}

function prepareStatus(
  status: number | string | (number | string)[] | undefined,
  segments: (string | number)[],
  fail: Fail,
): StatusRanges {
  if (status === undefined) return { text: '2xx', ranges: [[200, 299]] }
  const text = (Array.isArray(status) ? status : [status]).join(',')
  return statusRangesOf(text) ?? fail(segments, `'${text}' is not a status: use 200, [200, 204] or 200-299`)
}

/** A step that expects only 401 or 403 checks that a path refuses: an authorization check. */
function refusalOnly(status: StatusRanges): boolean {
  return status.ranges.every(([low, high]) => low >= 401 && high <= 403 && !(low <= 402 && high >= 402))
}

function jsonPath(text: string, segments: (string | number)[], fail: Fail): JsonPath {
  const path = parseJsonPath(text)
  return typeof path === 'string' ? fail(segments, `'${text}' is not a jq-style path: ${path}`, text) : path
}

function valueExpectation(raw: RawMatch, segments: (string | number)[], fail: Fail): ValueExpectation {
  let matches: RegExp | undefined
  if (raw.matches !== undefined) {
    try {
      matches = new RegExp(raw.matches)
    } catch (error) {
      fail([...segments, 'matches'], `not a regular expression: ${(error as Error).message}`)
    }
  }
  return { hasEquals: 'equals' in raw, equals: raw.equals, matches, exists: raw.exists }
}

/**
 * Ajv stops at the first error, but under `anyOf` that is the first alternative's complaint ("must be
 * integer" for a status written as a list): the anyOf error itself, with its description, says more.
 */
function chooseError(errors: ErrorObject[]): ErrorObject {
  return errors.find((e) => e.keyword === 'anyOf') ?? errors[0]
}

/** The error as a problem and its fix. */
function describe(error: ErrorObject): string {
  const parent = error.parentSchema as
    { properties?: Record<string, unknown>; description?: string } | undefined
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key '${String(params.additionalProperty)}': use one of ${Object.keys(parent?.properties ?? {}).join(', ')}`
    case 'required':
      return `'${String(params.missingProperty)}' is missing: ${describeProperty(parent, String(params.missingProperty))}`
    case 'enum':
      return `'${String(error.data)}' is not allowed: use one of ${(params.allowedValues as unknown[]).join(', ')}`
    case 'propertyNames':
      return `the key '${String(params.propertyName)}' is not allowed here: ${parent?.description ?? ''}`
    case 'anyOf':
      return `${JSON.stringify(error.data)} is not valid here: ${parent?.description ?? 'see the schema'}`
    case 'not':
      return `a step sends json or form, not both: keep one`
    default:
      return `${error.message ?? 'invalid'}${parent?.description ? `: ${parent.description}` : ''}`
  }
}

function describeProperty(
  parent: { properties?: Record<string, unknown> } | undefined,
  name: string,
): string {
  const property = parent?.properties?.[name] as { description?: string } | undefined
  return property?.description ?? 'add it'
}
