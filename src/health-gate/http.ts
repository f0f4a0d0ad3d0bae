import * as http from 'node:http'
import * as https from 'node:https'

import { redact } from '../core/secrets.js'
import { formatDuration } from '../core/units.js'

export interface HttpRequest {
  url: URL
  method: string
  headers: Record<string, string>
  body?: string
  /** For the whole exchange, redirects and body included. */
  timeoutMs: number
  /** Read at most this much of the body; the rest is dropped and the socket closed. */
  maxBodyBytes: number
  maxRedirects: number
  /** A keep-alive agent for latency samples; a fresh connection per request when absent. */
  agent?: http.Agent
  ca?: string
  insecure: boolean
}

export interface HttpResponse {
  status: number
  contentType: string
  /** The final response's headers (a smoke step checks and captures them). */
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** The body was longer than maxBodyBytes and was cut there. */
  truncated: boolean
  finalUrl: URL
  redirects: number
  durationMs: number
}

export type HttpFailureKind =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'tls'
  | 'reset'
  | 'redirects'
  /** A redirect from https to plain http: refused, since it would send the request unencrypted. */
  | 'downgrade'
  | 'other'

/** A request that got no usable HTTP response, with a message a person acts on. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
  ) {
    super(message)
    this.name = 'HttpFailure'
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * One HTTP(S) exchange with Node's own client: follows up to `maxRedirects` redirects (sending none of
 * the user's headers once the origin changes, and refusing https -> http), reads at most `maxBodyBytes`, and gives up after `timeoutMs`,
 * so a slow, huge or endless body can neither hang the action nor fill its memory.
 */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const started = performance.now()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), request.timeoutMs)
  try {
    let url = request.url
    let method = request.method
    let body = request.body
    let headers = request.headers
    for (let redirects = 0; ; redirects++) {
      const response = await exchange(request, url, method, headers, body, controller.signal)
      const location = response.location
      if (!REDIRECTS.has(response.status) || !location) {
        return { ...response, finalUrl: url, redirects, durationMs: performance.now() - started }
      }
      if (redirects >= request.maxRedirects) {
        throw new HttpFailure(
          'redirects',
          `more than ${request.maxRedirects} redirects (last to ${location})`,
        )
      }
      const next = new URL(location, url)
      if (url.protocol === 'https:' && next.protocol !== 'https:') {
        throw new HttpFailure(
          'downgrade',
          `refused a redirect from https to ${next.protocol.replace(':', '')} (${redact(next.origin)}): it would send the request unencrypted; use the https URL`,
        )
      }
      // Every header the user gave may carry a credential (x-api-key, a custom token header ...), not
      // only Authorization and Cookie: another origin (scheme, host or port) gets none of them.
      if (next.origin !== url.origin) headers = {}
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET'
        body = undefined
      }
      url = next
    }
  } catch (error) {
    if (controller.signal.aborted) {
      throw new HttpFailure('timeout', `timed out after ${formatDuration(request.timeoutMs)}`)
    }
    throw classify(error)
  } finally {
    clearTimeout(timer)
  }
}

interface RawResponse {
  status: number
  contentType: string
  headers: http.IncomingHttpHeaders
  location?: string
  body: Buffer
  truncated: boolean
}

function exchange(
  request: HttpRequest,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<RawResponse> {
  const client = url.protocol === 'https:' ? https : http
  const auth = url.username
    ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    : undefined
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method,
        headers:
          body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers,
        auth,
        signal,
        agent: request.agent ?? false,
        ca: request.ca,
        rejectUnauthorized: !request.insecure,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        let truncated = false
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            headers: res.headers,
            location: res.headers.location,
            body: Buffer.concat(chunks),
            truncated,
          })
        res.on('data', (chunk: Buffer) => {
          if (truncated) return
          const room = request.maxBodyBytes - size
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room))
            size += room
            truncated = true
            // Enough has been read: close the connection rather than drain an endless body.
            res.destroy()
            finish()
            return
          }
          chunks.push(chunk)
          size += chunk.length
        })
        res.on('end', finish)
        res.on('error', (error) => (truncated ? undefined : reject(error)))
        res.on('close', () => {
          if (!res.complete && !truncated)
            reject(new HttpFailure('reset', 'the connection closed before the body was complete'))
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const TLS_CODES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate not trusted (self-signed); set ca-cert, or insecure: true',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate not trusted (self-signed CA in the chain); set ca-cert',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted (unknown issuer); set ca-cert',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate not trusted (unknown issuer); set ca-cert',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
}

/** Maps Node's error codes to the words an operator acts on. */
export function classify(error: unknown): HttpFailure {
  if (error instanceof HttpFailure) return error
  const e = error as NodeJS.ErrnoException & { reason?: string }
  const code = e.code ?? ''
  if (code === 'ECONNREFUSED') return new HttpFailure('refused', 'connection refused')
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new HttpFailure('dns', `DNS lookup failed (${code})`)
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return new HttpFailure('reset', 'connection reset by the server')
  if (code === 'ETIMEDOUT') return new HttpFailure('timeout', 'connection timed out')
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new HttpFailure('refused', `host unreachable (${code})`)
  if (TLS_CODES[code]) return new HttpFailure('tls', TLS_CODES[code])
  if (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    /certificate|ssl|tls/i.test(e.message ?? '')
  ) {
    return new HttpFailure('tls', `TLS failed: ${e.message}`)
  }
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
    return new HttpFailure('other', `the server did not answer with valid HTTP (${code})`)
  }
  return new HttpFailure('other', e.message || String(error))
}
