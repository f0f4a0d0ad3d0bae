import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import { AddressInfo, createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse, count: number) => void

export interface LoopbackServer {
  url: string
  port: number
  /** Requests seen so far. */
  requests: http.IncomingMessage[]
  close: () => Promise<void>
}

/** An HTTP (or, with `tls`, HTTPS) server on 127.0.0.1 and a free port: the only address tests use. */
export async function startServer(handler: Handler, options: { tls?: Certificate; port?: number } = {}) {
  const requests: http.IncomingMessage[] = []
  const listener: http.RequestListener = (request, response) => {
    requests.push(request)
    handler(request, response, requests.length)
  }
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : http.createServer(listener)
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const scheme = options.tls ? 'https' : 'http'
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  } satisfies LoopbackServer
}

/** A JSON responder. */
export function json(status: number, body: unknown, contentType = 'application/json'): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': contentType })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }
}

/** A port that nothing listens on right now (for "connection refused" and servers that start late). */
export async function freePort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface Certificate {
  key: string
  cert: string
  /** Path of the certificate file, usable as `ca-cert` since it is self-signed. */
  certPath: string
  dispose: () => void
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid from now for `days` days, made by openssl. */
export function makeCertificate(days: number): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'))
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      String(days),
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  )
  return {
    key: readFileSync(keyPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A chat incoming webhook (Slack, Discord, Teams) on 127.0.0.1: keeps the `text` of every message posted. */
export async function startWebhook(status = 204): Promise<LoopbackServer & { messages: string[] }> {
  const messages: string[] = []
  const server = await startServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      messages.push((JSON.parse(body) as { text: string }).text)
      response.writeHead(status).end(status === 204 ? undefined : 'ok')
    })
  })
  return Object.assign(server, { messages })
}
