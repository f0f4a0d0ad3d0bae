import pg from 'pg'

import { ConfigurationError, getErrorMessage } from './errors.js'
import { maskUnparsedUrl, maskUrl, redact } from './secrets.js'
import { formatDuration, invalidInput } from './units.js'

/** A database named by a connection URL: the URL itself (secret) and how it may be shown. */
export interface DbTarget {
  url: string
  /** `postgres://user:***@host:5432/db`. */
  display: string
  host: string
  port: number
  database: string
  user: string
}

/**
 * Reads a `postgres://` URL from an input: masks its password at once, checks its shape, and fails with
 * the usual one-line input error (never showing the password) when it is not a database URL.
 */
export function parseDatabaseUrl(input: string, text: string): DbTarget {
  let url: URL
  try {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new Error('no scheme')
    url = new URL(text)
  } catch {
    return invalidInput(input, maskUnparsedUrl(text), 'use postgres://user:password@host:5432/database')
  }
  const display = maskUrl(text)
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return invalidInput(input, display, 'use postgres://user:password@host:5432/database')
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!database)
    return invalidInput(input, display, 'name the database: postgres://user:password@host:5432/database')
  return {
    url: text,
    display,
    host: url.hostname || 'localhost',
    port: Number(url.port || 5432),
    database,
    user: decodeURIComponent(url.username) || process.env.PGUSER || 'postgres',
  }
}

export interface ConnectOptions {
  /** Shown in pg_stat_activity, so a DBA sees who is asking. */
  applicationName: string
  connectTimeoutMs?: number
  /** Session settings applied right after connecting (`SET name = value`), e.g. lock_timeout. */
  settings?: Record<string, string>
}

/**
 * Connects with a timeout and turns every way of failing into one plain line that names the host and port
 * (never the password): refused, timed out, wrong password, no such database, not PostgreSQL at all.
 */
export async function connect(target: DbTarget, options: ConnectOptions): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: target.url,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  })
  // An idle client whose server goes away emits 'error'; without a listener that would crash the process.
  client.on('error', () => {})
  try {
    await client.connect()
    for (const [name, value] of Object.entries(options.settings ?? {})) {
      await client.query(`SELECT set_config($1, $2, false)`, [name, value])
    }
    return client
  } catch (error) {
    await client.end().catch(() => {})
    throw new ConfigurationError(describeConnectError(error, target, options.connectTimeoutMs ?? 10_000))
  }
}

/** One line for a failed connection. */
export function describeConnectError(error: unknown, target: DbTarget, timeoutMs: number): string {
  const where = `${target.host}:${target.port}`
  const e = error as { code?: string; message?: string }
  const message = redact(getErrorMessage(error))
  switch (e.code) {
    case 'ECONNREFUSED':
      return `could not connect to ${where}: connection refused (is PostgreSQL running there?)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not connect to ${where}: DNS lookup of ${target.host} failed`
    case 'ETIMEDOUT':
      return `could not connect to ${where}: timed out`
    case '28P01':
      return `password authentication failed for user "${target.user}" at ${where}`
    case '28000':
      return `${where} refused the connection: ${message}`
    case '3D000':
      return `database "${target.database}" does not exist at ${where}`
  }
  if (/timeout expired/i.test(message))
    return `could not connect to ${where}: timed out after ${formatDuration(timeoutMs)}`
  if (/terminated unexpectedly|ECONNRESET|unexpected message|invalid response/i.test(message)) {
    return `${where} did not answer as PostgreSQL (${message})`
  }
  return `could not connect to ${where}: ${message}`
}

/** A double-quoted SQL identifier, as node-postgres quotes it (quotes inside are doubled). */
export function quoteIdent(name: string): string {
  return pg.escapeIdentifier(name)
}

/** `"schema"."name"`, each part quoted. */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`
}

/** The SQLSTATE of a database error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/** Closes a client without throwing (cleanup paths must not mask the real error). */
export async function closeQuietly(client: pg.Client | undefined): Promise<void> {
  await client?.end().catch(() => {})
}
