// Types of scripts/demo/login-service.mjs, for the tests that import it (test/support/login-service.ts).
import type { IncomingMessage, ServerResponse } from 'node:http'

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

export interface Account {
  password: string
  admin: boolean
}

export function loginRoutes(
  accounts: Record<string, Account>,
  flaws?: LoginFlaw[],
): {
  /** Answers a login route and resolves true, or resolves false and writes nothing. */
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>
  /** Tokens issued so far. */
  issued: string[]
}

export function send(
  response: ServerResponse,
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
): true
