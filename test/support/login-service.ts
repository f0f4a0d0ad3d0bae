/**
 * A loopback login service for the smoke-flow tests: POST /auth/login issues a random token (in the
 * JSON body and as a `session` cookie), GET /api/me needs one, GET /api/admin needs an admin's,
 * POST /auth/logout revokes it; GET /health is healthy. `flaws` break it the ways a deploy breaks a real one.
 */
import { randomBytes } from 'node:crypto'
import * as http from 'node:http'

import { LoopbackServer, startServer } from './servers.js'

export type LoginFlaw =
  /** Every login answers 500. */
  | 'login-fails'
  /** /api/me answers anonymous requests (and forged tokens) as if alice asked. */
  | 'me-open'
  /** /api/admin lets ordinary users in. */
  | 'admin-open'
  /** Logout answers 204 but the token keeps working. */
  | 'logout-keeps-token'
  /** /api/me takes 300ms. */
  | 'slow-me'

export const ACCOUNTS: Record<string, { password: string; admin: boolean }> = {
  alice: { password: 'alice-Secret-9f3', admin: false },
  root: { password: 'root-Secret-4c1', admin: true },
}

export interface LoginService extends LoopbackServer {
  /** Tokens issued so far (the tests look for them in logs and reports: they must be masked). */
  issued: string[]
}

export async function startLoginService(flaws: LoginFlaw[] = []): Promise<LoginService> {
  const sessions = new Map<string, string>()
  const issued: string[] = []
  const has = (flaw: LoginFlaw) => flaws.includes(flaw)

  const userOf = (request: http.IncomingMessage): string | undefined => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    const cookie = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1]
    return sessions.get(bearer ?? cookie ?? '')
  }

  const send = (response: http.ServerResponse, status: number, body?: unknown, headers = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers })
    response.end(body === undefined ? undefined : JSON.stringify(body))
  }

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const route = `${request.method} ${new URL(request.url ?? '/', 'http://127.0.0.1').pathname}`
    const user = userOf(request)
    switch (route) {
      case 'GET /health':
        return send(response, 200, { status: 'healthy' })
      case 'POST /auth/login': {
        if (has('login-fails')) return send(response, 500, { error: 'database unavailable' })
        const form = parseBody(request, Buffer.concat(chunks).toString('utf8'))
        const account = ACCOUNTS[form.username ?? '']
        if (!account || account.password !== form.password)
          return send(response, 401, { error: 'bad credentials' })
        const token = randomBytes(18).toString('hex')
        sessions.set(token, form.username!)
        issued.push(token)
        return send(
          response,
          200,
          { token, name: form.username },
          { 'set-cookie': `session=${token}; HttpOnly; Path=/` },
        )
      }
      case 'GET /api/me': {
        if (has('slow-me')) await new Promise((resolve) => setTimeout(resolve, 300))
        const name = user ?? (has('me-open') ? 'alice' : undefined)
        return name
          ? send(response, 200, { name, admin: ACCOUNTS[name].admin })
          : send(response, 401, { error: 'log in first' })
      }
      case 'GET /api/admin': {
        if (!user) return send(response, 401, { error: 'log in first' })
        if (!ACCOUNTS[user].admin && !has('admin-open')) return send(response, 403, { error: 'admins only' })
        return send(response, 200, { users: Object.keys(ACCOUNTS) })
      }
      case 'POST /auth/logout': {
        const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
        if (token && !has('logout-keeps-token')) sessions.delete(token)
        response.writeHead(204, { 'set-cookie': 'session=; Max-Age=0; Path=/' })
        return response.end()
      }
      default:
        return send(response, 404, { error: 'not found' })
    }
  }

  const server = await startServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, { error: 'test service failed' }))
  })
  return { ...server, issued }
}

function parseBody(request: http.IncomingMessage, text: string): Record<string, string | undefined> {
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text))
  }
  try {
    return JSON.parse(text) as Record<string, string>
  } catch {
    return {}
  }
}
