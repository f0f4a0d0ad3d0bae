import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'

import { BackupFile } from './discover.js'
import { DumpHeader, gunzipHead, head, readHeader } from './formats.js'
import { PlainDumpScanner, UnsafeDumpError } from './plain-safety.js'
import { Tool, pickTool, toolEnv } from './tools.js'
import { getErrorMessage } from '../core/errors.js'
import { describeExit, execTool } from '../core/exec.js'
import { formatSize } from '../core/units.js'

export interface Readability {
  header: DumpHeader
  /** It reads in full (a backup that is restored: in its restore) and its checksum, if it has one, matches. */
  readable: boolean
  /** Its content alone reads in full, whatever its checksum says: false for a broken or cut-short backup. */
  whole: boolean
  /** What was found, in one line: "gzip stream whole (412 MB of SQL), header and trailer present". */
  detail: string
  checksum: 'verified' | 'mismatch' | 'none'
  checksumDetail?: string
  /**
   * Set by checkBeforeRestore when the cheap checks passed and the full read is left to the restore, which
   * reads the backup whole anyway: the checksum to verify meanwhile, and the detail once the restore read it.
   */
  pending?: { expected: string | undefined; found: string; whenRead: string }
  /** The restore that was to read it in full stopped early (cancelled, timed out): neither read nor broken. */
  unread?: boolean
  /** A plain dump refused by the scan (a psql meta-command, a COPY that is not pg_dump's, a line over the cap). */
  unsafe?: boolean
}

const PLAIN_HEADER = '-- PostgreSQL database dump'
const PLAIN_TRAILER = '-- PostgreSQL database dump complete'
/** The trailer is followed by at most a few short lines (`\unrestrict <key>` since 2025's minor releases). */
const TAIL_BYTES = 4096

/**
 * Reads a backup completely, streaming (memory stays flat whatever its size): a gzip stream must
 * decompress to its end, a plain dump must start with pg_dump's header and end with its trailer, and a
 * custom, tar or directory dump must pass `pg_restore --list` and a full read (`pg_restore -f /dev/null`),
 * because `--list` alone passes a truncated archive. A checksum beside it is verified in the same pass.
 */
export async function checkReadable(
  backup: BackupFile,
  timeoutMs: number,
  maxLineBytes: number,
): Promise<Readability> {
  const expected = backup.isDirectory ? undefined : await expectedChecksum(backup.path)
  let header: DumpHeader = { format: 'plain' }
  try {
    header = await readHeader(backup.path)
    if (backup.size === 0) return result(header, false, 'the file is empty (0 bytes)', 'none')
    if (header.format === 'gzip' || header.format === 'plain') {
      const scan = await scanStream(
        backup.path,
        header.format === 'gzip',
        expected !== undefined,
        maxLineBytes,
      )
      const checksum = compare(expected, scan.sha256)
      if (scan.unsafe) return unsafeResult(header, scan.unsafe)
      if (scan.error)
        return result(
          header,
          false,
          `${header.format === 'gzip' ? 'the gzip stream is broken' : 'reading failed'} after ${formatSize(scan.bytes)}: ${scan.error}`,
          checksum.state,
          checksum.detail,
        )
      const problems = plainProblems(scan.head, scan.tail)
      const what =
        header.format === 'gzip'
          ? `gzip stream whole (${formatSize(scan.bytes)} of SQL)`
          : `${formatSize(scan.bytes)} of SQL`
      if (problems.length)
        return result(
          header,
          false,
          `${what}, but ${problems.join(' and ')}`,
          checksum.state,
          checksum.detail,
        )
      return result(header, true, `${what}, header and trailer present`, checksum.state, checksum.detail)
    }
    // Custom, tar and directory dumps are read by the pg_restore that can read them.
    const list = await listArchive(backup, header, timeoutMs)
    if (list.failed !== undefined) return result(header, false, list.failed, 'none')
    const { pgRestore, entries } = list
    const [full, hash] = await Promise.all([
      execTool(pgRestore.path, ['-f', '/dev/null', backup.path], {
        timeoutMs,
        maxOutputBytes: 64 * 1024,
        env: toolEnv(),
      }),
      expected === undefined ? Promise.resolve(undefined) : sha256(backup.path),
    ])
    const checksum = compare(expected, hash)
    if (full.exitCode !== 0) {
      return result(
        header,
        false,
        `pg_restore --list passes but a full read fails: ${lastLine(full.stderr) || describeExit('pg_restore', full, timeoutMs)}`,
        checksum.state,
        checksum.detail,
      )
    }
    return result(
      header,
      true,
      `${header.format} archive ${header.archiveVersion ?? ''} by pg_dump ${header.pgDumpMajor ?? '?'}: ${entries} entries, read in full by pg_restore ${pgRestore.version}`,
      checksum.state,
      checksum.detail,
    )
  } catch (error) {
    return result(header, false, getErrorMessage(error), 'none')
  }
}

/**
 * The cheap part of the readability check, for a backup that is about to be restored: the restore reads it
 * whole anyway, so a second full read beforehand only costs time. A plain dump's header and trailer are
 * read from the first and last few KB of the file; a .sql.gz's header from the start of its stream (the
 * gzip stream and the trailer are checked by the restore: see restoreBackup); a custom, tar or directory
 * dump must pass `pg_restore --list`. Anything amiss here gets the full read of checkReadable, whose detail
 * says what. What passes is `pending`: finishRead settles it once the restore is over.
 */
export async function checkBeforeRestore(
  backup: BackupFile,
  timeoutMs: number,
  maxLineBytes: number,
): Promise<Readability> {
  let header: DumpHeader = { format: 'plain' }
  try {
    const expected = backup.isDirectory ? undefined : await expectedChecksum(backup.path)
    header = await readHeader(backup.path)
    if (backup.size === 0) return result(header, false, 'the file is empty (0 bytes)', 'none')
    if (header.format === 'plain') {
      const [first, last] = await Promise.all([head(backup.path, 256), tail(backup.path, TAIL_BYTES)])
      if (plainProblems(first.toString('utf8'), last.toString('utf8')).length)
        return checkReadable(backup, timeoutMs, maxLineBytes)
      const what = `${formatSize(backup.size)} of SQL, header and trailer present`
      return pending(header, what, expected, `${what}, read in full by the restore`)
    }
    if (header.format === 'gzip') {
      if (!(await gunzipHead(backup.path, 256)).toString('utf8').includes(PLAIN_HEADER))
        return checkReadable(backup, timeoutMs, maxLineBytes)
      return pending(
        header,
        "pg_dump's header present",
        expected,
        'gzip stream whole, header and trailer present, read in full by the restore',
      )
    }
    const list = await listArchive(backup, header, timeoutMs)
    if (list.failed !== undefined) return result(header, false, list.failed, 'none')
    const what = `${header.format} archive ${header.archiveVersion ?? ''} by pg_dump ${header.pgDumpMajor ?? '?'}: ${list.entries} entries`
    return pending(
      header,
      what,
      expected,
      `${what}, read in full by the restore with pg_restore ${list.pgRestore.version}`,
    )
  } catch (error) {
    return result(header, false, getErrorMessage(error), 'none')
  }
}

/**
 * Settles a backup whose full read was left to its restore, once the restore is over. A restore that went
 * through read it whole (`pg_restore --exit-on-error` reads every data block, zlib checks a gzip stream
 * to its CRC, and the caller has made sure psql read the trailer); the checksum was hashed meanwhile. A
 * restore that failed gets the full read of checkReadable: it tells a broken or cut-short backup, reported
 * here as unreadable with its one-line detail, from a restore that failed for another reason (that read
 * costs time only then). A cancelled or timed-out restore leaves the backup unread.
 */
export async function finishRead(
  backup: BackupFile,
  before: Readability,
  restore: { ok: boolean; interrupted?: string; unsafe?: string },
  hashing: Promise<string | undefined>,
  timeoutMs: number,
  maxLineBytes: number,
): Promise<Readability> {
  if (!before.pending) return before
  // The scan in front of psql refused it: that is the finding, no second read needed.
  if (restore.unsafe !== undefined) return unsafeResult(before.header, restore.unsafe)
  if (restore.interrupted) {
    return {
      ...before,
      pending: undefined,
      readable: false,
      unread: true,
      detail: `${before.pending.found}; not read in full: the restore that reads it ${restore.interrupted}`,
    }
  }
  const hash = await hashing.catch(() => undefined)
  // A failed restore, or a checksum that could not be hashed: the full read says what is wrong.
  if (!restore.ok || (before.pending.expected !== undefined && hash === undefined))
    return checkReadable(backup, timeoutMs, maxLineBytes)
  const checksum = compare(before.pending.expected, hash)
  return result(before.header, true, before.pending.whenRead, checksum.state, checksum.detail)
}

/** Whether the last few KB of a plain dump hold pg_dump's trailer (the end of what psql read, for a .sql.gz). */
export function hasTrailer(tailText: string): boolean {
  return tailText.includes(PLAIN_TRAILER)
}

function unsafeResult(header: DumpHeader, why: string): Readability {
  return { ...result(header, false, `unsafe: ${why}`, 'none'), unsafe: true }
}

function pending(header: DumpHeader, found: string, expected: string | undefined, whenRead: string) {
  return {
    ...result(header, true, `${found}; the restore reads it in full`, 'none'),
    pending: { expected, found, whenRead },
  }
}

function plainProblems(headText: string, tailText: string): string[] {
  const problems: string[] = []
  if (!headText.includes(PLAIN_HEADER))
    problems.push(`it does not start with pg_dump's header "${PLAIN_HEADER}"`)
  if (!hasTrailer(tailText))
    problems.push(`it does not end with pg_dump's trailer "${PLAIN_TRAILER}" (cut short?)`)
  return problems
}

/** `pg_restore --list` of an archive (fast: the table of contents alone), by the pg_restore that can read it. */
async function listArchive(
  backup: BackupFile,
  header: DumpHeader,
  timeoutMs: number,
): Promise<{ failed: string } | { failed?: undefined; pgRestore: Tool; entries: number }> {
  const pgRestore = await pickTool('pg_restore', header.pgDumpMajor, backup.name)
  const list = await execTool(pgRestore.path, ['--list', backup.path], {
    timeoutMs,
    env: toolEnv(),
    maxOutputBytes: 1024 * 1024,
  })
  if (list.exitCode !== 0)
    return {
      failed: `pg_restore --list failed: ${lastLine(list.stderr) || describeExit('pg_restore', list, timeoutMs)}`,
    }
  return { pgRestore, entries: list.stdout.split('\n').filter((l) => /^\d+;/.test(l)).length }
}

/** The last `size` bytes of a file (all of it if it is shorter). */
async function tail(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const { size: length } = await handle.stat()
    const buffer = Buffer.alloc(Math.min(size, length))
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, length - buffer.length)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function result(
  header: DumpHeader,
  readable: boolean,
  detail: string,
  checksum: Readability['checksum'],
  checksumDetail?: string,
): Readability {
  return {
    header,
    readable: readable && checksum !== 'mismatch',
    whole: readable,
    detail,
    checksum,
    checksumDetail,
  }
}

function compare(
  expected: string | undefined,
  actual: string | undefined,
): { state: Readability['checksum']; detail?: string } {
  if (expected === undefined || actual === undefined) return { state: 'none' }
  return expected === actual
    ? { state: 'verified', detail: 'sha256 matches' }
    : { state: 'mismatch', detail: `sha256 is ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…` }
}

/** The expected SHA-256 from `<file>.sha256` or a `SHA256SUMS` beside it, if there is one. */
export async function expectedChecksum(path: string): Promise<string | undefined> {
  const own = `${path}.sha256`
  if (existsSync(own)) return /^[0-9a-f]{64}/i.exec((await readFile(own, 'utf8')).trim())?.[0].toLowerCase()
  const sums = join(dirname(path), 'SHA256SUMS')
  if (!existsSync(sums)) return undefined
  for (const line of (await readFile(sums, 'utf8')).split('\n')) {
    const m = /^([0-9a-f]{64})\s+\*?(.+)$/i.exec(line.trim())
    if (m && basename(m[2]) === basename(path)) return m[1].toLowerCase()
  }
  return undefined
}

/** The SHA-256 of a file, streamed; `signal` stops the read. */
export async function sha256(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(
    createReadStream(path),
    new Writable({ write: (chunk: Buffer, _e, done) => (hash.update(chunk), done()) }),
    { signal },
  )
  return hash.digest('hex')
}

/**
 * One streaming pass over a plain or gzipped dump: the hash of the file as stored, the first line(s) and
 * the last 4 KB of the SQL, and the byte count. Holds only those few KB, whatever the size.
 */
async function scanStream(path: string, gzip: boolean, hash: boolean, maxLineBytes: number) {
  const digest = hash ? createHash('sha256') : undefined
  const scanner = new PlainDumpScanner(maxLineBytes)
  let unsafe: string | undefined
  let head = ''
  let tail: Buffer = Buffer.alloc(0)
  let bytes = 0
  const source = createReadStream(path, { highWaterMark: 1024 * 1024 })
  if (digest) source.on('data', (chunk) => digest.update(chunk))
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        scanner.push(chunk)
      } catch (error) {
        // Refused: nothing after this matters, and reading a gzip bomb further only costs time.
        unsafe = getErrorMessage(error)
        return done(error as Error)
      }
      if (head.length < 256) head += chunk.subarray(0, 256).toString('utf8')
      bytes += chunk.length
      tail =
        chunk.length >= TAIL_BYTES
          ? chunk.subarray(chunk.length - TAIL_BYTES)
          : Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES)
      done()
    },
  })
  let error: string | undefined
  try {
    await (gzip ? pipeline(source, createGunzip({ chunkSize: 1024 * 1024 }), sink) : pipeline(source, sink))
    if (!unsafe) scanner.end()
  } catch (e) {
    if (e instanceof UnsafeDumpError) unsafe = e.message
    error =
      e instanceof Error && 'code' in e && e.code === 'Z_BUF_ERROR'
        ? 'unexpected end of file (truncated)'
        : getErrorMessage(e)
  }
  // A tail chunk may hold the only copy of the trailer; keep a fresh Buffer so nothing else holds the big chunk.
  tail = Buffer.from(tail)
  return {
    head,
    tail: tail.toString('utf8'),
    bytes,
    unsafe,
    error,
    sha256: digest && !error ? digest.digest('hex') : undefined,
  }
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .at(-1)
      ?.replace(/^pg_restore: /, '') ?? ''
  )
}
