import * as http from 'node:http'
import * as https from 'node:https'
import { setTimeout as sleep } from 'node:timers/promises'

import {
  BodyVerdict,
  Health,
  MAX_BODY_BYTES,
  describeStatus,
  failingComponents,
  findComponent,
  interpretBody,
} from './health-body.js'
import { HttpFailure, HttpRequest, HttpResponse, httpRequest } from './http.js'
import { HealthGateInputs, Target, statusExpected } from './inputs.js'
import { CertificateInfo, readCertificate } from './tls.js'
import { RunContext } from '../core/action.js'
import { Logger } from '../core/logger.js'
import { percentile } from '../core/stats.js'
import { formatDuration } from '../core/units.js'

export type ProbeSettings = Omit<HealthGateInputs, 'targets' | 'reportPath'>

/** What a probe takes from the run: where to log, and the clock a certificate's days left count from. */
export type ProbeContext = Pick<RunContext, 'logger' | 'clock'>

/** What one request told us. */
export interface Attempt {
  health: Health
  /** Why it is not healthy, in words a person acts on. */
  reason?: string
  /** Worth trying again: the network failed, or the server said 5xx, 408 or 429. */
  transient: boolean
  response?: HttpResponse
  failure?: HttpFailure
  verdict?: BodyVerdict
}

export interface Latency {
  samples: number
  errors: number
  /** Distinct error messages with how often each happened. */
  errorKinds: Record<string, number>
  p50?: number
  p95?: number
  p99?: number
  max?: number
}

export interface UrlResult {
  target: Target
  attempt: Attempt
  attempts: number
  elapsedMs: number
  latency?: Latency
  certificate?: CertificateInfo
  certificateError?: string
}

/** Checks one URL: the health request (with retries or waiting), the latency samples and the certificate. */
export async function probeUrl(
  target: Target,
  settings: ProbeSettings,
  { logger, clock }: ProbeContext,
): Promise<UrlResult> {
  const started = performance.now()
  const { attempt, attempts } = await untilSettled(target, settings, logger)
  const result: UrlResult = { target, attempt, attempts, elapsedMs: performance.now() - started }
  // No response, or one with a status the gate does not accept, means every sample fails for the same
  // reason the check already reports: skip them rather than report that cause a second time.
  if (attempt.response && statusExpected(attempt.response.status, settings.expectedStatus)) {
    result.latency = await sampleLatency(target, settings)
  }
  if (target.url.protocol === 'https:') {
    try {
      // Read the dates even from a certificate the request rejected: "expired 3 days ago" is the useful part.
      result.certificate = await readCertificate(target.url, {
        timeoutMs: settings.timeoutMs,
        insecure: true,
        now: clock(),
      })
    } catch (error) {
      result.certificateError = (error as Error).message
    }
  }
  return result
}

/**
 * Without `wait`: one request, retried with exponential backoff from `retry-delay` while the failure is
 * transient. With `wait`: polls every `retry-delay` until the service is acceptable or the wait runs out
 * (the post-deploy gate, where the service may not even listen yet).
 */
async function untilSettled(target: Target, settings: ProbeSettings, logger: Logger) {
  const deadline = performance.now() + settings.waitMs
  for (let attempts = 1; ; attempts++) {
    const attempt = await attemptOnce(target, settings)
    const acceptable =
      attempt.health === 'healthy' || (attempt.health === 'degraded' && !settings.failOnDegraded)
    if (acceptable) return { attempt, attempts }

    let delay: number
    if (settings.waitMs > 0) {
      const left = deadline - performance.now()
      if (left <= 0) return { attempt, attempts }
      delay = Math.min(settings.retryDelayMs, left)
    } else {
      if (!attempt.transient || attempts > settings.retries) return { attempt, attempts }
      delay = settings.retryDelayMs * 2 ** (attempts - 1)
    }
    logger.info(
      `${target.display}: ${attempt.reason}; trying again in ${formatDuration(delay)} (attempt ${attempts + 1})`,
    )
    await sleep(delay)
  }
}

/** The request the inputs describe; redirects are followed up to 5 and the body read up to 1 MiB. */
function requestFor(target: Target, settings: ProbeSettings, agent?: http.Agent): HttpRequest {
  return {
    url: target.url,
    method: settings.method,
    headers: settings.headers,
    body: settings.body,
    timeoutMs: settings.timeoutMs,
    maxBodyBytes: MAX_BODY_BYTES,
    maxRedirects: 5,
    agent,
    ca: settings.ca,
    insecure: settings.insecure,
  }
}

/** One health request, judged: HTTP status, the body's status, the required components. */
export async function attemptOnce(target: Target, settings: ProbeSettings): Promise<Attempt> {
  let response: HttpResponse
  try {
    response = await httpRequest(requestFor(target, settings))
  } catch (error) {
    const failure = error instanceof HttpFailure ? error : new HttpFailure('other', String(error))
    // A certificate or a downgrade redirect will not change by asking again.
    const transient = failure.kind !== 'tls' && failure.kind !== 'downgrade'
    return { health: 'unhealthy', reason: failure.message, transient, failure }
  }

  const verdict = interpretBody(response.body.toString('utf8'), response.contentType, response.truncated, {
    statusPath: settings.statusPath,
    uptimePath: settings.uptimePath,
    vocabulary: settings.vocabulary,
  })
  const transient = response.status >= 500 || response.status === 408 || response.status === 429
  if (!statusExpected(response.status, settings.expectedStatus)) {
    const expected = settings.expectedStatus.text
    // django-health-check, health-go and Kubernetes answer 500/503 with a body naming what failed: the
    // one failure this status causes says it, since the checks that read the body are not judged.
    const failing = verdict.problem ? undefined : failingComponents(verdict, { includeNamed: true })
    return {
      health: 'unhealthy',
      reason: `HTTP ${response.status} (expected ${expected})${failing ? `; ${failing}` : ''}`,
      transient,
      response,
      verdict,
    }
  }
  if (verdict.problem) return { health: 'unhealthy', reason: verdict.problem, transient, response, verdict }

  const missing = missingComponents(verdict, settings.requiredChecks)
  if (missing.length > 0)
    return { health: 'unhealthy', reason: missing.join('; '), transient, response, verdict }
  if (verdict.health !== 'healthy') {
    return {
      health: verdict.health,
      reason: describeStatus(verdict),
      transient,
      response,
      verdict,
    }
  }
  return { health: 'healthy', transient: false, response, verdict }
}

/** One line per required component that is absent or not healthy. */
export function missingComponents(verdict: BodyVerdict, required: string[]): string[] {
  const problems: string[] = []
  for (const name of required) {
    const component = findComponent(verdict, name)
    if (!component) {
      const reported = verdict.components.map((c) => c.name).join(', ') || 'none'
      problems.push(`component ${name} is not reported (reported: ${reported})`)
    } else if (component.health !== 'healthy') {
      problems.push(`component ${component.name} is ${component.status}`)
    }
  }
  return problems
}

/**
 * `samples` requests, `concurrency` at a time, on kept-alive connections as a browser would use them.
 * Latency is from sending the request to reading the whole body; a sample that fails (network error
 * or an unexpected status) counts toward the error rate, not the percentiles.
 */
export async function sampleLatency(target: Target, settings: ProbeSettings): Promise<Latency> {
  const options = { keepAlive: true, maxSockets: settings.concurrency }
  const agent = target.url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options)
  const durations: number[] = []
  const errorKinds: Record<string, number> = {}
  let next = 0
  const worker = async () => {
    while (next < settings.samples) {
      next++
      try {
        const response = await httpRequest(requestFor(target, settings, agent))
        if (statusExpected(response.status, settings.expectedStatus)) durations.push(response.durationMs)
        else errorKinds[`HTTP ${response.status}`] = (errorKinds[`HTTP ${response.status}`] ?? 0) + 1
      } catch (error) {
        const message = (error as Error).message
        errorKinds[message] = (errorKinds[message] ?? 0) + 1
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, settings.samples) }, worker))
  } finally {
    agent.destroy()
  }
  return {
    samples: settings.samples,
    errors: settings.samples - durations.length,
    errorKinds,
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    p99: percentile(durations, 99),
    max: durations.length ? Math.max(...durations) : undefined,
  }
}
