/**
 * Runs a smoke flow: each step's request in order against the origin of the first `url`, through the
 * same HTTP code as the health request (its redirect, size and timeout rules), then its expectations.
 * A step stops at its first failed expectation: that is the one the summary shows.
 */
import { isDeepStrictEqual } from 'node:util'

import { MAX_BODY_BYTES } from './health-body.js'
import { HttpFailure, HttpResponse, httpRequest } from './http.js'
import { getAtPath } from './json-path.js'
import { CaptureSource, SmokeFlow, SmokeStep, ValueExpectation } from './smoke-file.js'
import { statusExpected } from './status-ranges.js'
import { fillCaptures, mapStrings } from './smoke-template.js'
import { Logger } from '../core/logger.js'
import { addSecret, redact } from '../core/secrets.js'
import { formatDuration } from '../core/units.js'

export interface SmokeSettings {
  origin: URL
  timeoutMs: number
  ca?: string
  insecure: boolean
}

export interface StepResult {
  step: SmokeStep
  outcome: 'passed' | 'failed' | 'skipped'
  /** An authorization step answered 2xx: a path that must refuse let the request in. */
  opened: boolean
  status?: number
  latencyMs?: number
  /** The first failed expectation with the value found, or why the step did not run; redacted. */
  problem?: string
}

/** Runs every step; a step whose captures an earlier step could not provide is skipped, not failed. */
export async function runSmokeFlow(
  flow: SmokeFlow,
  settings: SmokeSettings,
  logger: Logger,
): Promise<StepResult[]> {
  const captures = new Map<string, string>()
  const jar = new Map<string, string>()
  const results: StepResult[] = []
  for (const step of flow.steps) {
    const missing = step.needs.filter((name) => !captures.has(name))
    const result: StepResult =
      missing.length > 0
        ? {
            step,
            outcome: 'skipped',
            opened: false,
            problem: `not run: an earlier step did not capture ${missing.map((n) => `\${{ captures.${n} }}`).join(', ')}`,
          }
        : await runStep(step, settings, flow.cookies ? jar : undefined, captures)
    const figures =
      result.status === undefined ? '' : ` (HTTP ${result.status}, ${formatDuration(result.latencyMs ?? 0)})`
    logger.info(
      redact(
        `smoke step '${step.name}': ${result.outcome}${figures}${result.problem ? `: ${result.problem}` : ''}`,
      ),
    )
    results.push(result)
  }
  return results
}

async function runStep(
  step: SmokeStep,
  settings: SmokeSettings,
  jar: Map<string, string> | undefined,
  captures: Map<string, string>,
): Promise<StepResult> {
  const fill = (text: string) => fillCaptures(text, captures)
  const url = new URL(fill(step.path), settings.origin)
  // A captured value may hold '//host': the flow never leaves the origin it was given.
  if (url.origin !== settings.origin.origin) {
    return {
      step,
      outcome: 'failed',
      opened: false,
      problem: 'the path leaves the origin of url; use a path on it',
    }
  }
  const headers: Record<string, string> = Object.fromEntries(
    step.headers.map(([name, value]) => [name, fill(value)]),
  )
  let body: string | undefined
  if (step.body?.type === 'json') {
    body = JSON.stringify(mapStrings(step.body.value, fill))
    headers['content-type'] ??= 'application/json'
  } else if (step.body?.type === 'form') {
    body = new URLSearchParams(
      step.body.fields.map(([name, value]): [string, string] => [name, fill(value)]),
    ).toString()
    headers['content-type'] ??= 'application/x-www-form-urlencoded'
  }
  if (jar && jar.size > 0 && headers.cookie === undefined) {
    headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  let response: HttpResponse
  try {
    response = await httpRequest({
      url,
      method: step.method,
      headers,
      body,
      timeoutMs: settings.timeoutMs,
      maxBodyBytes: MAX_BODY_BYTES,
      maxRedirects: 5,
      ca: settings.ca,
      insecure: settings.insecure,
    })
  } catch (error) {
    const message = error instanceof HttpFailure ? error.message : String(error)
    return { step, outcome: 'failed', opened: false, problem: redact(message) }
  }

  const cookies = setCookies(response)
  for (const [name, value] of jar ? cookies : []) {
    if (value === undefined) jar?.delete(name)
    else jar?.set(name, value)
  }

  const base = { step, status: response.status, latencyMs: response.durationMs }
  const problem = firstProblem(step, response)
  if (problem !== undefined) {
    // The path itself let the request in. A 2xx reached by a redirect (to a login page, typically) is
    // the path refusing the way web apps do: a failed expectation, not an open path.
    const opened =
      step.kind === 'authz' && response.redirects === 0 && response.status >= 200 && response.status <= 299
    return { ...base, outcome: 'failed', opened, problem: redact(problem) }
  }
  for (const [name, source] of step.capture) {
    const value = captured(source, response, cookies)
    if (value === undefined) {
      return {
        ...base,
        outcome: 'failed',
        opened: false,
        problem: `capture ${name}: ${describeSource(source)} not found in the response`,
      }
    }
    // A captured token or id is as secret as a password: never in a log, report or summary.
    addSecret(value)
    captures.set(name, value)
  }
  return { ...base, outcome: 'passed', opened: false }
}

/** The first expectation the response does not meet, as "what was expected, what was found". */
function firstProblem(step: SmokeStep, response: HttpResponse): string | undefined {
  const { expect } = step
  if (!statusExpected(response.status, expect.status)) {
    const redirected =
      response.redirects > 0
        ? ` after ${response.redirects} redirect(s) to ${response.finalUrl.pathname}`
        : ''
    return `HTTP ${response.status}${redirected}, expected ${expect.status.text}`
  }
  if (expect.maxLatencyMs !== undefined && response.durationMs > expect.maxLatencyMs) {
    return `took ${formatDuration(response.durationMs)}, over max-latency ${formatDuration(expect.maxLatencyMs)}`
  }
  if (expect.json.length > 0) {
    const body = parseJson(response)
    if (body === undefined) return `the body is not JSON (content-type ${response.contentType || 'none'})`
    for (const [path, expectation] of expect.json) {
      const problem = mismatch(getAtPath(body.value, path), expectation)
      if (problem) return `${path.text}: ${problem}`
    }
  }
  for (const [name, expectation] of expect.headers) {
    const problem = mismatch(headerValue(response, name), expectation)
    if (problem) return `header ${name}: ${problem}`
  }
  return undefined
}

/** Why a value does not meet an expectation, or undefined when it does. */
function mismatch(value: unknown, expectation: ValueExpectation): string | undefined {
  if (expectation.exists === true && value === undefined) return 'absent, expected to exist'
  if (expectation.exists === false && value !== undefined) return `found ${shown(value)}, expected absent`
  if (expectation.hasEquals && !isDeepStrictEqual(value, expectation.equals)) {
    return `found ${shown(value)}, expected ${shown(expectation.equals)}`
  }
  if (expectation.matches) {
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    if (value === undefined || !expectation.matches.test(text)) {
      return `found ${shown(value)}, expected to match /${expectation.matches.source}/`
    }
  }
  return undefined
}

/** A value as the summary may show it: JSON, at most 80 characters, secrets and captures masked. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = redact(JSON.stringify(value))
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}

function parseJson(response: HttpResponse): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(response.body.toString('utf8')) as unknown }
  } catch {
    return undefined
  }
}

function headerValue(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** The cookies a response sets; undefined for one it deletes (Max-Age=0 or an Expires in the past). */
function setCookies(response: HttpResponse): Map<string, string | undefined> {
  const cookies = new Map<string, string | undefined>()
  for (const line of response.headers['set-cookie'] ?? []) {
    const [pair, ...attributes] = line.split(';')
    const equals = pair.indexOf('=')
    if (equals <= 0) continue
    const name = pair.slice(0, equals).trim()
    const value = pair.slice(equals + 1).trim()
    const deleted = attributes.some((attribute) => {
      const [key, setting = ''] = attribute.split('=').map((part) => part.trim())
      if (/^max-age$/i.test(key)) return Number(setting) <= 0
      if (/^expires$/i.test(key)) return Date.parse(setting) < Date.now()
      return false
    })
    // A session cookie is a credential: mask it wherever it could show up.
    if (!deleted) addSecret(value)
    cookies.set(name, deleted ? undefined : value)
  }
  return cookies
}

function captured(
  source: CaptureSource,
  response: HttpResponse,
  cookies: Map<string, string | undefined>,
): string | undefined {
  if (source.from !== 'json') {
    return source.from === 'header' ? headerValue(response, source.name) : cookies.get(source.name)
  }
  const body = parseJson(response)
  const value = body === undefined ? undefined : getAtPath(body.value, source.path)
  if (value === undefined || value === null) return undefined
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function describeSource(source: CaptureSource): string {
  return source.from === 'json' ? source.path.text : `${source.from} ${source.name}`
}
