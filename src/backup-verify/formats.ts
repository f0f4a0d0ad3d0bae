import { createReadStream } from 'node:fs'
import { open, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createGunzip } from 'node:zlib'

/** How a backup is stored; `gzip` wraps a plain SQL dump (`.sql.gz`). */
export type BackupFormat = 'plain' | 'gzip' | 'custom' | 'tar' | 'directory'

export interface DumpHeader {
  format: BackupFormat
  /** The major version of the pg_dump that made it (the restore tools must be at least this). */
  pgDumpMajor?: number
  /** The archive format version of custom, tar and directory dumps (`1.14`). */
  archiveVersion?: string
  /** The database the dump was taken from, when the header names it. */
  database?: string
}

const PGDMP = Buffer.from('PGDMP')

/**
 * Reads the first bytes of a backup (the toc.dat of a directory dump) and tells its format and the
 * pg_dump version that made it: from the custom header's version strings, or the plain dump's
 * "-- Dumped by pg_dump version 15.18" comment. Never reads more than the first 64 KB.
 */
export async function readHeader(path: string): Promise<DumpHeader> {
  if ((await stat(path)).isDirectory()) {
    const entries = await readdir(path)
    if (!entries.includes('toc.dat')) return { format: 'directory' }
    return { ...parseArchiveHeader(await head(join(path, 'toc.dat'), 4096)), format: 'directory' }
  }
  const bytes = await head(path, 64 * 1024)
  if (bytes[0] === 0x1f && bytes[1] === 0x8b)
    return { ...parsePlainHeader((await gunzipHead(path, 64 * 1024)).toString('utf8')), format: 'gzip' }
  if (bytes.subarray(0, 5).equals(PGDMP)) return { ...parseArchiveHeader(bytes), format: 'custom' }
  if (bytes.length >= 512 + 5 && bytes.subarray(257, 262).toString('latin1') === 'ustar') {
    // A tar dump: its first member is toc.dat, which starts with the same header as a custom dump.
    return { ...parseArchiveHeader(bytes.subarray(512)), format: 'tar' }
  }
  return { ...parsePlainHeader(bytes.toString('utf8')), format: 'plain' }
}

/** The first `size` bytes of a file (fewer if it is shorter). */
export async function head(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(size)
    const { bytesRead } = await handle.read(buffer, 0, size, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** The first decompressed bytes of a gzip file (a corrupt start yields what could be read). */
export async function gunzipHead(path: string, size: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  const gunzip = createReadStream(path).pipe(createGunzip())
  try {
    for await (const chunk of gunzip) {
      chunks.push(chunk as Buffer)
      length += (chunk as Buffer).length
      if (length >= size) break
    }
  } catch {
    // The readability check reports a corrupt stream; the header is only a hint.
  } finally {
    gunzip.destroy()
  }
  return Buffer.concat(chunks).subarray(0, size)
}

/** "-- Dumped by pg_dump version 15.18 (Debian ...)" in the first lines of a plain dump. */
export function parsePlainHeader(text: string): Omit<DumpHeader, 'format'> {
  const version = /^-- Dumped by pg_dump version (\d+)(?:\.\d+)?/m.exec(text)
  return version ? { pgDumpMajor: Number(version[1]) } : {}
}

/**
 * The header pg_dump writes at the start of a custom archive (and of toc.dat): "PGDMP", the archive
 * version, integer and offset sizes, the format, the compression, the creation time, then the database
 * name, the server version and the pg_dump version as length-prefixed strings.
 */
export function parseArchiveHeader(bytes: Buffer): Omit<DumpHeader, 'format'> {
  if (!bytes.subarray(0, 5).equals(PGDMP) || bytes.length < 12) return {}
  const [major, minor, revision, intSize] = [bytes[5], bytes[6], bytes[7], bytes[8]]
  const archiveVersion = `${major}.${minor}${revision ? `.${revision}` : ''}`
  let offset = 11
  const readInt = (): number | undefined => {
    if (offset + 1 + intSize > bytes.length) return undefined
    const negative = bytes[offset] !== 0
    let value = 0
    for (let i = 0; i < intSize; i++) value += bytes[offset + 1 + i] * 2 ** (8 * i)
    offset += 1 + intSize
    return negative ? -value : value
  }
  const readString = (): string | undefined => {
    const length = readInt()
    if (length === undefined || length < 0 || offset + length > bytes.length) return undefined
    const text = bytes.subarray(offset, offset + length).toString('utf8')
    offset += length
    return text
  }
  // Archive 1.15 (PostgreSQL 16) replaced the compression level (an int) by the algorithm (a byte).
  if (major > 1 || minor >= 15) offset += 1
  else readInt()
  for (let i = 0; i < 7; i++) readInt() // sec, min, hour, mday, mon, year, isdst
  const database = readString()
  readString() // the server's version
  const dumpVersion = readString()
  const pgDumpMajor = dumpVersion ? Number(/^(\d+)/.exec(dumpVersion)?.[1]) : undefined
  return { archiveVersion, database, pgDumpMajor: Number.isFinite(pgDumpMajor) ? pgDumpMajor : undefined }
}
