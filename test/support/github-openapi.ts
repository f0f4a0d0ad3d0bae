/**
 * GitHub's official REST description (the npm package @octokit/openapi, api.github.com) as a request checker
 * for the loopback GitHub API: a request must name an operation (method and path template), its path and
 * query parameters must fit the operation's parameter schemas, and its JSON body the operation's request-body
 * schema. So the stand-in answers only what GitHub would accept, and cannot drift from GitHub.
 *
 * The description uses OpenAPI 3.0 schemas; `nullable` becomes JSON Schema's `null` type, and only the
 * component schemas an operation reaches are converted and compiled, on first use.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: JsonObject
}

interface Operation {
  operationId: string
  parameters?: (Parameter | { $ref: string })[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonObject }> }
}

interface Description {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Json>; parameters: Record<string, Parameter> }
}

/** The operation a request names, or why it names none / does not fit. */
export type Check =
  | { ok: true; operationId: string; template: string; pathParams: Record<string, string> }
  | { ok: false; reason: string }

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options'])

let loaded: OpenApiChecker | undefined

/** The checker for api.github.com's description; parsed once per test file (the JSON is 13 MB). */
export function gitHubOpenApi(): OpenApiChecker {
  loaded ??= new OpenApiChecker(readDescription())
  return loaded
}

function readDescription(): Description {
  const require = createRequire(import.meta.url)
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
  return JSON.parse(readFileSync(file, 'utf8')) as Description
}

interface Route {
  template: string
  pattern: RegExp
  names: string[]
  /** Literal segments: `/issues/comments/{id}` is preferred over `/issues/{issue_number}` for `/issues/comments`. */
  literals: number
  operations: Record<string, Operation>
}

export class OpenApiChecker {
  private readonly routes: Route[]
  private readonly ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false })
  /** Parameters come as text (path, query): their schemas are checked with type coercion. */
  private readonly textAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: 'array' })
  private readonly bodies = new Map<string, ValidateFunction | undefined>()
  private readonly parameters = new Map<string, ValidateFunction>()

  private readonly description: Description

  constructor(description: Description) {
    this.description = description
    addFormats.default(this.ajv)
    addFormats.default(this.textAjv)
    this.routes = Object.entries(description.paths).map(([template, operations]) => {
      const names: string[] = []
      const source = template
        .split('/')
        .map((segment) =>
          segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
            if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
            names.push(name)
            return '([^/]+)'
          }),
        )
        .join('/')
      const literals = template.split('/').filter((s) => s !== '' && !s.includes('{')).length
      return { template, pattern: new RegExp(`^${source}$`), names, literals, operations }
    })
  }

  /** Checks one request: `query` as received (repeated names allowed), `body` parsed (undefined: none sent). */
  check(method: string, path: string, query: URLSearchParams, body: unknown): Check {
    const verb = method.toLowerCase()
    if (!METHODS.has(verb)) return { ok: false, reason: `${method} is not an HTTP method of the API` }
    const matches = this.routes
      .map((route) => ({ route, values: route.pattern.exec(path) }))
      .filter((m): m is { route: Route; values: RegExpExecArray } => m.values !== null)
    if (matches.length === 0) return { ok: false, reason: `no operation has the path ${path}` }
    const withMethod = matches.filter((m) => m.route.operations[verb] !== undefined)
    if (withMethod.length === 0)
      return {
        ok: false,
        reason: `${method.toUpperCase()} is not an operation of ${matches[0].route.template}`,
      }
    const { route, values } = withMethod.sort((a, b) => b.route.literals - a.route.literals)[0]
    const operation = route.operations[verb]
    const pathParams = Object.fromEntries(
      route.names.map((name, i) => [name, decodeURIComponent(values[i + 1])]),
    )

    const problems = [
      ...this.checkParameters(operation, pathParams, query),
      ...this.checkBody(operation, body),
    ]
    if (problems.length > 0) return { ok: false, reason: `${operation.operationId}: ${problems.join('; ')}` }
    return { ok: true, operationId: operation.operationId, template: route.template, pathParams }
  }

  private checkParameters(
    operation: Operation,
    pathParams: Record<string, string>,
    query: URLSearchParams,
  ): string[] {
    const problems: string[] = []
    const declared = (operation.parameters ?? []).map((p) => this.resolveParameter(p))
    const known = new Set(declared.filter((p) => p.in === 'query').map((p) => p.name))
    for (const name of new Set(query.keys()))
      if (!known.has(name)) problems.push(`the query parameter ${name} is not one of the operation's`)
    for (const parameter of declared) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue
      const text =
        parameter.in === 'path' ? pathParams[parameter.name] : (query.get(parameter.name) ?? undefined)
      if (text === undefined) {
        if (parameter.required) problems.push(`the ${parameter.in} parameter ${parameter.name} is missing`)
        continue
      }
      const validate = this.parameterValidator(parameter)
      const holder = { value: text }
      if (!validate(holder))
        problems.push(
          `the ${parameter.in} parameter ${parameter.name}=${text} ${(validate.errors ?? []).map((e) => e.message).join(', ')}`,
        )
    }
    return problems
  }

  private checkBody(operation: Operation, body: unknown): string[] {
    const requestBody = operation.requestBody
    if (body === undefined)
      return requestBody?.required ? ['the request body is required and none was sent'] : []
    if (!requestBody) return ['the operation takes no request body']
    const validate = this.bodyValidator(operation)
    if (!validate) return ['the operation takes no JSON request body']
    return validate(body)
      ? []
      : [`the request body ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`]
  }

  private resolveParameter(parameter: Parameter | { $ref: string }): Parameter {
    if (!('$ref' in parameter)) return parameter
    const name = parameter.$ref.replace('#/components/parameters/', '')
    return this.description.components.parameters[name]
  }

  private parameterValidator(parameter: Parameter): ValidateFunction {
    const key = JSON.stringify(parameter.schema ?? {})
    let validate = this.parameters.get(key)
    if (!validate) {
      const { schema, definitions } = this.convert(parameter.schema ?? {})
      validate = this.textAjv.compile({
        type: 'object',
        properties: { value: schema },
        definitions,
      })
      this.parameters.set(key, validate)
    }
    return validate
  }

  private bodyValidator(operation: Operation): ValidateFunction | undefined {
    if (!this.bodies.has(operation.operationId)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema
      if (!schema) this.bodies.set(operation.operationId, undefined)
      else {
        const converted = this.convert(schema)
        this.bodies.set(
          operation.operationId,
          this.ajv.compile({ ...(converted.schema as JsonObject), definitions: converted.definitions }),
        )
      }
    }
    return this.bodies.get(operation.operationId)
  }

  /**
   * An OpenAPI 3.0 schema as JSON Schema: `nullable: true` admits null, and every component it reaches
   * (`#/components/schemas/x`) is converted once into `definitions` beside it.
   */
  private convert(root: Json): { schema: Json; definitions: JsonObject } {
    const definitions: JsonObject = {}
    const components = this.description.components.schemas
    const walk = (node: Json): Json => {
      if (Array.isArray(node)) return node.map(walk)
      if (node === null || typeof node !== 'object') return node
      if (typeof node.$ref === 'string') {
        const name = node.$ref.replace('#/components/schemas/', '')
        if (!(name in definitions)) {
          definitions[name] = {} // a placeholder first: component schemas may refer to themselves
          definitions[name] = walk(components[name])
        }
        return { $ref: `#/definitions/${name}` }
      }
      const { nullable, ...rest } = node
      const out: JsonObject = {}
      for (const [key, value] of Object.entries(rest))
        // `properties` maps names to schemas; any other object value is a schema or a list of them.
        out[key] =
          key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, walk(schema)]))
            : key === 'example' || key === 'examples' || key === 'default'
              ? value
              : walk(value)
      if (nullable !== true) return out
      if (typeof out.type === 'string') {
        out.type = [out.type, 'null']
        if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
        return out
      }
      return { anyOf: [out, { type: 'null' }] }
    }
    return { schema: walk(root), definitions }
  }
}
