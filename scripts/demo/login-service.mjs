// The login routes of a small Trusted Login stand-in, shared by the demo target (scripts/demo/target.mjs)
// and the smoke-flow tests (test/support/login-service.ts): POST /auth/login issues a random token (in the
// JSON body and as a `session` cookie), GET /api/me needs one, GET /api/admin needs an admin's,
// POST /auth/logout revokes it. `flaws` break it the ways a deploy breaks a real one. Plain JavaScript
// (types in login-service.d.mts) so `npm run demo` needs no build step.
import { randomBytes } from 'node:crypto'
import { URLSearchParams } from 'node:url'

/**
 * @typedef {import('./login-service.d.mts').LoginFlaw} LoginFlaw
 * @typedef {import('./login-service.d.mts').Account} Account
 */

/**
 * The login routes over `accounts`. `handle` answers a request that is one of them and returns true, or
 * returns false (and writes nothing) for any other route, so the caller can serve /health and a 404.
 * @param {Record<string, Account>} accounts
 * @param {LoginFlaw[]} [flaws]
 */
export function loginRoutes(accounts, flaws = []) {
  /** @type {Map<string, string>} token -> user name */
  const sessions = new Map()
  /** @type {string[]} */
  const issued = []
  /** @param {LoginFlaw} flaw */
  const has = (flaw) => flaws.includes(flaw)

  /** @param {import('node:http').IncomingMessage} request */
  const userOf = (request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    const cookie = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1]
    return sessions.get(bearer ?? cookie ?? '')
  }

  /**
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   * @returns {Promise<boolean>}
   */
  const handle = async (request, response) => {
    const route = `${request.method} ${new URL(request.url ?? '/', 'http://127.0.0.1').pathname}`
    const user = userOf(request)
    switch (route) {
      case 'POST /auth/login': {
        const text = await readBody(request)
        if (has('login-fails')) return send(response, 500, { error: 'database unavailable' })
        const form = parseBody(request, text)
        const account = accounts[form.username ?? '']
        if (!account || account.password !== form.password)
          return send(response, 401, { error: 'bad credentials' })
        const token = randomBytes(18).toString('hex')
        sessions.set(token, /** @type {string} */ (form.username))
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
          ? send(response, 200, { name, admin: accounts[name]?.admin ?? false })
          : send(response, 401, { error: 'log in first' })
      }
      case 'GET /api/admin': {
        if (!user) return send(response, 401, { error: 'log in first' })
        if (!accounts[user].admin && !has('admin-open')) return send(response, 403, { error: 'admins only' })
        return send(response, 200, { users: Object.keys(accounts) })
      }
      case 'POST /auth/logout': {
        const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
        if (token && !has('logout-keeps-token')) sessions.delete(token)
        response.writeHead(204, { 'set-cookie': 'session=; Max-Age=0; Path=/' })
        response.end()
        return true
      }
      default:
        return false
    }
  }
  return { handle, issued }
}

/**
 * A JSON answer; true, so a route can `return send(...)`.
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 */
export function send(response, status, body, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(body === undefined ? undefined : JSON.stringify(body))
  return true
}

/** @param {import('node:http').IncomingMessage} request */
async function readBody(request) {
  /** @type {Buffer[]} */
  const chunks = []
  for await (const chunk of request) chunks.push(/** @type {Buffer} */ (chunk))
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {string} text
 * @returns {Record<string, string | undefined>}
 */
function parseBody(request, text) {
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text))
  }
  try {
    return /** @type {Record<string, string>} */ (JSON.parse(text))
  } catch {
    return {}
  }
}
