import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { JsonPath, parseJsonPath } from './json-path.js'
import { Vocabulary } from './health-body.js'
import { SmokeFlow, readSmokeFile } from './smoke-file.js'
import { StatusRanges, statusRangesOf } from './status-ranges.js'
import { ConfigurationError } from '../core/errors.js'
import { IncidentInputs, readIncidentInputs } from '../core/incident.js'
import { InputReader } from '../core/inputs.js'
import { addSecret, maskUnparsedUrl, maskUrl, safeDecode } from '../core/secrets.js'
import { invalidInput } from '../core/units.js'

export interface Target {
  url: URL
  /** The URL as it may be shown: password and token values masked. */
  display: string
}

export interface HealthGateInputs {
  targets: Target[]
  method: string
  headers: Record<string, string>
  body?: string
  expectedStatus: StatusRanges
  statusPath?: JsonPath
  vocabulary: Vocabulary
  failOnDegraded: boolean
  requiredChecks: string[]
  timeoutMs: number
  retries: number
  retryDelayMs: number
  waitMs: number
  samples: number
  concurrency: number
  maxP95Ms?: number
  maxP99Ms?: number
  maxErrorRate: number
  minUptimeMs?: number
  uptimePath?: JsonPath
  tlsWarnDays: number
  tlsFailDays: number
  insecure: boolean
  ca?: string
  /** Set when the run keeps an incident issue. */
  incident?: IncidentInputs
  reportPath?: string
  /** The report file of an earlier run to compare with (read with core readBaseline). */
  baseline?: string
  /** `max-regression` as a fraction (0.2 for 20%): the p95 worsening against the baseline that fails. */
  maxRegression?: number
  /** The steps of the `smoke` file, run against the origin of the first URL. */
  smoke?: SmokeFlow
}

// Kept importable from here, where they were first defined.
export { type StatusRanges, statusExpected } from './status-ranges.js'

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** Reads and validates every input before any request is sent. */
export function readInputs(
  input: InputReader,
  workspace = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): HealthGateInputs {
  const targets = input.list('url').map(parseTarget)
  if (targets.length === 0) throw new ConfigurationError(`input 'url' is required but was not set`)

  const headers = parseHeaders(input.lines('headers'))
  const statusPath = optionalPath(input, 'status-path')
  const uptimePath = optionalPath(input, 'uptime-path')
  const tlsWarnDays = input.integer('tls-warn-days', 21, { min: 0, max: 3650 })
  const tlsFailDays = input.integer('tls-fail-days', 7, { min: 0, max: 3650 })
  if (tlsFailDays > tlsWarnDays) {
    invalidInput('tls-fail-days', String(tlsFailDays), `use at most tls-warn-days (${tlsWarnDays})`)
  }
  const caPath = input.optional('ca-cert')
  const smokePath = input.optional('smoke')
  const baselinePath = input.optional('baseline')

  return {
    targets,
    method: input.enum('method', HTTP_METHODS, 'GET'),
    headers,
    body: input.optional('body'),
    expectedStatus: parseStatusRanges(input.string('expected-status', '200')),
    statusPath,
    vocabulary: {
      healthy: input.list('healthy-values', ['healthy', 'pass', 'ok', 'up']).map((v) => v.toLowerCase()),
      degraded: input.list('degraded-values', ['degraded', 'warn']).map((v) => v.toLowerCase()),
    },
    failOnDegraded: input.boolean('fail-on-degraded', false),
    requiredChecks: input.list('required-checks'),
    timeoutMs: input.duration('timeout', 10_000, { min: 1, max: 600_000 }),
    retries: input.integer('retries', 3, { min: 0, max: 100 }),
    retryDelayMs: input.duration('retry-delay', 2000, { min: 0, max: 3_600_000 }),
    waitMs: input.duration('wait', 0, { min: 0, max: 6 * 3_600_000 }),
    samples: input.integer('samples', 5, { min: 1, max: 10_000 }),
    concurrency: input.integer('concurrency', 1, { min: 1, max: 100 }),
    maxP95Ms: input.optionalDuration('max-p95'),
    maxP99Ms: input.optionalDuration('max-p99'),
    maxErrorRate: input.fraction('max-error-rate', 0),
    minUptimeMs: input.optionalDuration('min-uptime'),
    uptimePath,
    tlsWarnDays,
    tlsFailDays,
    insecure: input.boolean('insecure', false),
    ca: caPath === undefined ? undefined : readCa(caPath),
    incident: readIncidentInputs(input),
    reportPath: input.optional('report-path'),
    // Relative to the workspace, as the other actions read their baseline.
    baseline: baselinePath === undefined ? undefined : resolve(workspace, baselinePath),
    maxRegression:
      input.optional('max-regression') === undefined ? undefined : input.fraction('max-regression', 0),
    smoke: smokePath === undefined ? undefined : readSmokeFile(resolve(workspace, smokePath), smokePath, env),
  }
}

function parseTarget(text: string): Target {
  const display = maskUrl(text)
  let url: URL
  try {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new Error('no scheme')
    url = new URL(text)
  } catch {
    return invalidInput(
      'url',
      maskUnparsedUrl(text),
      'use a full http:// or https:// URL such as http://localhost:8007/health',
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return invalidInput(
      'url',
      display,
      `the scheme must be http or https, not ${url.protocol.replace(':', '')}`,
    )
  }
  maskUrlCredentials(url)
  return { url, display }
}

/**
 * Credentials in the URL go out as `Authorization: Basic base64(user:password)`, and an echoing service
 * or proxy sends that back in the body we show: mask `user:password` and its base64 form (with and
 * without padding) as well as the password, which maskUrl already did. A user name without a password
 * is a token (`https://<token>@host`), so it is a secret itself.
 */
function maskUrlCredentials(url: URL): void {
  if (!url.username) return
  const user = safeDecode(url.username)
  const password = safeDecode(url.password)
  if (!password) addSecret(user)
  const pair = `${user}:${password}`
  const basic = Buffer.from(pair).toString('base64')
  for (const secret of [pair, basic, basic.replace(/=+$/, '')]) addSecret(secret)
}

/** `Name: value` lines; values are secrets (tokens, API keys) and are masked at once. */
function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = colon > 0 ? line.slice(0, colon).trim() : ''
    const value = colon > 0 ? line.slice(colon + 1).trim() : ''
    addSecret(value)
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      // Without a colon the whole line may be a pasted token: show none of it.
      invalidInput('headers', colon > 0 ? `${name}: ***` : '***', 'use one "Name: value" header per line')
    }
    // Mask the value after "Bearer " too, in case a log shows the token alone.
    const scheme = /^(bearer|basic|token)\s+(.+)$/i.exec(value)
    if (scheme) addSecret(scheme[2])
    headers[name.toLowerCase()] = value
  }
  return headers
}

export function parseStatusRanges(text: string): StatusRanges {
  return (
    statusRangesOf(text) ??
    invalidInput('expected-status', text, 'use HTTP codes and ranges such as 200, 200-299, 2xx or 200,204')
  )
}

function optionalPath(input: InputReader, name: string): JsonPath | undefined {
  const text = input.optional(name)
  if (text === undefined || text.toLowerCase() === 'auto') return undefined
  const path = parseJsonPath(text)
  return typeof path === 'string' ? invalidInput(name, text, `${path}`) : path
}

function readCa(path: string): string {
  try {
    const pem = readFileSync(path, 'utf8')
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      invalidInput('ca-cert', path, 'the file holds no PEM certificate')
    return pem
  } catch (error) {
    if (error instanceof ConfigurationError) throw error
    return invalidInput('ca-cert', path, 'the file cannot be read; give the path of a PEM file')
  }
}
