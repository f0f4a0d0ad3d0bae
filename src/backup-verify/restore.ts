import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'

import { BackupFile } from './discover.js'
import { DumpHeader } from './formats.js'
import { PlainDumpFilter, UnsafeDumpError } from './plain-safety.js'
import { pickTool, toolEnv } from './tools.js'
import { ConfigurationError } from '../core/errors.js'
import { ExecOptions, ExecResult, describeExit, execTool } from '../core/exec.js'
import { DbTarget, closeQuietly, connect, quoteIdent } from '../core/postgres.js'
import { redact } from '../core/secrets.js'

export const APPLICATION_NAME = 'runbook-actions/backup-verify'

/** What identifies this run's scratch database: its name, and the token of the marker set at creation. */
export interface ScratchState {
  name: string
  token: string
}

const cleanName = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')

/** `<db>_verify_<run id>_<random>`, lower-case letters, digits and underscores, within 63 bytes. */
export function scratchName(
  database: string | undefined,
  runId: string,
  random = randomBytes(4).toString('hex'),
): string {
  const suffix = `_verify_${cleanName(runId) || 'local'}_${random}`
  return (cleanName(database ?? '') || 'backup').slice(0, 63 - suffix.length) + suffix
}

/** Whether a name is one scratchName makes for this run id. */
export function isScratchName(name: string, runId: string): boolean {
  const suffix = `_verify_${cleanName(runId) || 'local'}_`
  const at = name.lastIndexOf(suffix)
  return at > 0 && /^[a-z0-9_]+$/.test(name) && /^[0-9a-f]{8}$/.test(name.slice(at + suffix.length))
}

/** The comment that marks a database as made by this run (the token is random, kept in the action's state). */
export function scratchMarker(token: string): string {
  return `${APPLICATION_NAME} scratch database, token ${token}`
}

/**
 * Creates the scratch database and marks it (COMMENT ON DATABASE with this run's token); refuses a name
 * that exists (it would be somebody's data). A database it created but could not mark is dropped again.
 */
export async function createScratch(server: DbTarget, scratch: ScratchState): Promise<void> {
  const client = await connect(server, { applicationName: APPLICATION_NAME })
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [scratch.name])
    if (rowCount)
      throw new ConfigurationError(
        `the scratch database ${scratch.name} already exists on ${server.host}:${server.port}: refusing to use it (and leaving it alone)`,
      )
    await client.query(`CREATE DATABASE ${quoteIdent(scratch.name)} TEMPLATE template0`)
    try {
      await client.query(
        `COMMENT ON DATABASE ${quoteIdent(scratch.name)} IS ${client.escapeLiteral(scratchMarker(scratch.token))}`,
      )
    } catch (error) {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch.name)}`).catch(() => {})
      throw error
    }
  } finally {
    await closeQuietly(client)
  }
}

/**
 * The post step's cleanup of a scratch database an interrupted main step left: it drops the database its
 * state names only when the name is this run's pattern and the database carries this run's marker, so a
 * database that existed before (the name was refused) or anything else a tampered state names is left
 * alone. Says what it did.
 */
export async function dropLeftScratch(server: DbTarget, state: ScratchState, runId: string): Promise<string> {
  if (!isScratchName(state.name, runId))
    return `not dropping ${state.name}: not a scratch database name of this run`
  const client = await connect(server, { applicationName: APPLICATION_NAME })
  let comment: string | null | undefined
  try {
    const { rows } = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [state.name],
    )
    comment = rows.length ? rows[0].comment : undefined
  } finally {
    await closeQuietly(client)
  }
  if (comment === undefined) return `the scratch database ${state.name} was already dropped`
  if (comment !== scratchMarker(state.token))
    return `not dropping ${state.name}: it does not carry this run's marker (not created by this run, or killed before it was marked)`
  await dropScratch(server, state.name)
  return `dropped the scratch database ${state.name} left by an interrupted run`
}

/** Drops the scratch database, ending any session left in it (they can only be this run's own). */
export async function dropScratch(server: DbTarget, name: string): Promise<void> {
  const client = await connect(server, { applicationName: APPLICATION_NAME })
  try {
    const { rows } = await client.query<{ v: number }>(
      `SELECT current_setting('server_version_num')::int AS v`,
    )
    // WITH (FORCE) exists from PostgreSQL 13; on 12 end the sessions first.
    if (rows[0].v >= 130000) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
    else {
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      )
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`)
    }
  } finally {
    await closeQuietly(client)
  }
}

/** libpq's environment for a database: the password never goes on a command line (ps would show it). */
export function libpqEnv(server: DbTarget, database: string): NodeJS.ProcessEnv {
  const url = new URL(server.url)
  const env: NodeJS.ProcessEnv = {
    ...toolEnv(),
    PGHOST: server.host,
    PGPORT: String(server.port),
    PGUSER: server.user,
    PGDATABASE: database,
    PGAPPNAME: APPLICATION_NAME,
    PGCONNECT_TIMEOUT: '10',
  }
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password)
  const sslmode = url.searchParams.get('sslmode')
  if (sslmode) env.PGSSLMODE = sslmode
  return env
}

export interface RestoreOutcome {
  ok: boolean
  seconds: number
  /** What failed, from the tool's own last error line, or what was run. */
  detail: string
  /** Why the restore stopped before the end of the backup when that was not the backup's fault: "was cancelled". */
  interrupted?: string
  /** For a plain dump: the last few KB of the SQL that psql was given, for pg_dump's trailer. */
  sqlTail?: string
  /** A plain dump refused by the scan before psql read the refused part (see plain-safety.ts): why. */
  unsafe?: string
}

/** How much of the end of the SQL given to psql is kept: pg_dump's trailer is followed by a few short lines. */
const TAIL_BYTES = 4096

export interface RestoreOptions {
  jobs: number
  timeoutMs: number
  signal: AbortSignal
  /** The longest line of SQL a plain dump may hold (see PlainDumpScanner). */
  maxLineBytes: number
}

/**
 * Restores a backup into the scratch database with the real tools: plain dumps with
 * `psql -v ON_ERROR_STOP=1 --single-transaction`, custom and directory dumps with
 * `pg_restore --exit-on-error --no-owner --no-privileges --jobs` (tar without --jobs), so the source's
 * roles need not exist. A plain dump reaches psql's stdin only through the scan of PlainDumpFilter (a
 * .sql.gz decompressed by zlib first), so psql never reads a meta-command or a line over the cap; the scan
 * is the restore's read, not a read of its own. The restore is also the full read of the backup (see
 * finishRead): zlib checks the gzip stream to its end (CRC and length), and the last lines psql was given
 * must hold pg_dump's trailer (`sqlTail`).
 */
export async function restoreBackup(
  backup: BackupFile,
  header: DumpHeader,
  server: DbTarget,
  scratch: string,
  options: RestoreOptions,
): Promise<RestoreOutcome> {
  const env = libpqEnv(server, scratch)
  const started = performance.now()
  const exec = { env, timeoutMs: options.timeoutMs, signal: options.signal, maxOutputBytes: 256 * 1024 }
  let run: ExecResult
  let tool: string
  let filter: PlainDumpFilter | undefined
  if (header.format === 'plain' || header.format === 'gzip') {
    const psql = await pickTool('psql', header.pgDumpMajor, backup.name)
    tool = `psql ${psql.version}`
    // A plain dump carries its owners (ALTER ... OWNER TO): restore it as a role that is a member of them
    // (see the README's restore role), or dump with --no-owner.
    const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', scratch, '-f', '-']
    filter = new PlainDumpFilter(options.maxLineBytes, TAIL_BYTES, CHUNK_BYTES)
    run = await restorePlain(psql.path, args, backup.path, header.format === 'gzip', filter, exec)
  } else {
    const pgRestore = await pickTool('pg_restore', header.pgDumpMajor, backup.name)
    tool = `pg_restore ${pgRestore.version}`
    const parallel = header.format === 'tar' ? [] : ['--jobs', String(options.jobs)]
    // The path is absolute (findBackups), so a name like `-l.dump` is never read as an option.
    run = await execTool(
      pgRestore.path,
      ['--exit-on-error', '--no-owner', '--no-privileges', ...parallel, '-d', scratch, backup.path],
      exec,
    )
  }
  const seconds = (performance.now() - started) / 1000
  const sqlTail = filter?.tail
  if (run.inputError instanceof UnsafeDumpError)
    return {
      ok: false,
      seconds,
      detail: `refused: ${run.inputError.message}`,
      unsafe: run.inputError.message,
    }
  if (run.exitCode === 0 && !run.inputError)
    return { ok: true, seconds, detail: `restored by ${tool}`, sqlTail }
  const cause = options.signal.aborted
    ? 'cancelled'
    : run.timedOut || run.inputError
      ? describeExit(tool.split(' ')[0], run, options.timeoutMs)
      : lastError(run.stderr) || describeExit(tool.split(' ')[0], run, options.timeoutMs)
  const interrupted = options.signal.aborted ? 'was cancelled' : run.timedOut ? 'timed out' : undefined
  return { ok: false, seconds, detail: redact(cause), interrupted, sqlTail }
}

/**
 * psql reading a plain dump from its stdin, the SQL read through the scan: from the file, or for a .sql.gz
 * decompressed by zlib on Node's thread pool (another core). A stream that fails (a truncated gzip) stops
 * psql and is its inputError, and the read is closed whatever happens.
 */
async function restorePlain(
  psql: string,
  args: string[],
  path: string,
  gzip: boolean,
  filter: PlainDumpFilter,
  exec: ExecOptions,
): Promise<ExecResult> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES })
  const input = gzip
    ? pipeline(file, createGunzip({ chunkSize: CHUNK_BYTES }), filter, () => {})
    : pipeline(file, filter, () => {})
  try {
    return await execTool(psql, args, { ...exec, input })
  } finally {
    file.destroy()
    filter.destroy()
  }
}

/** Reads of 1 MB: fewer hand-overs between the file, zlib, the scan and psql's pipe. */
const CHUNK_BYTES = 1024 * 1024

/** The tool's first ERROR line (the cause; what follows is fallout), else its last line. */
function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean)
  return (lines.find((l) => /ERROR|error:/.test(l)) ?? lines.at(-1) ?? '').trim().slice(0, 500)
}
