/**
 * A loopback login service for the smoke-flow tests: the login routes of the demo's stand-in
 * (scripts/demo/login-service.mjs: POST /auth/login, GET /api/me, GET /api/admin, POST /auth/logout) with
 * fixed accounts; GET /health is healthy. `flaws` break it the ways a deploy breaks a real one.
 */
import { Account, LoginFlaw, loginRoutes, send } from '../../scripts/demo/login-service.mjs'
import { LoopbackServer, startServer } from './servers.js'

export type { LoginFlaw }

export const ACCOUNTS: Record<string, Account> = {
  alice: { password: 'alice-Secret-9f3', admin: false },
  root: { password: 'root-Secret-4c1', admin: true },
}

export interface LoginService extends LoopbackServer {
  /** Tokens issued so far (the tests look for them in logs and reports: they must be masked). */
  issued: string[]
}

export async function startLoginService(flaws: LoginFlaw[] = []): Promise<LoginService> {
  const { handle, issued } = loginRoutes(ACCOUNTS, flaws)
  const server = await startServer((request, response) => {
    handle(request, response)
      .then((handled) => {
        if (handled) return
        if (request.method === 'GET' && request.url?.split('?')[0] === '/health')
          send(response, 200, { status: 'healthy' })
        else send(response, 404, { error: 'not found' })
      })
      .catch(() => send(response, 500, { error: 'test service failed' }))
  })
  return { ...server, issued }
}
