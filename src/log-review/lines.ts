import { close, createReadStream, open, read } from 'node:fs'
import { promisify } from 'node:util'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

import { getErrorMessage } from '../core/errors.js'

/** Longer lines are cut to this many bytes for parsing: a 100 MB line of garbage must not cost 100 MB. */
export const MAX_LINE_BYTES = 64 * 1024

const NEWLINE = 0x0a

export interface ReadStats {
  /** Bytes read from the file (compressed size for .gz). */
  bytes: number
  /** Bytes after decompression. */
  textBytes: number
  lines: number
  cutLines: number
  /** Set when a compressed file ended early or is corrupt: what was there was still read. */
  damaged?: string
  /**
   * Set when the file could not be opened or a read failed (EACCES, EIO): the lines before the failure
   * were still read. The review then knows only part of the file, so it must not pass.
   */
  unreadable?: string
}

/** Bytes [start, end) of a plain file: a part of it reviewed on its own (see ranges.ts). */
export interface ByteRange {
  start: number
  end: number
}

/**
 * Streams a file, plain or gzip (by its magic bytes, whatever its name), and calls `onLine` for each line
 * without its line ending (\n or \r\n). Memory stays at one read buffer plus one line of at most
 * MAX_LINE_BYTES, however big the file or its lines. Invalid UTF-8 becomes U+FFFD; a partial last line
 * counts as a line. Never throws for the file's sake: a file that cannot be read (in full) comes back with
 * `unreadable` or `damaged` set. With `range` only those bytes of a plain file are read; the range starts
 * at a line's start, so its lines are the file's own.
 */
export async function readLines(
  path: string,
  onLine: (line: string) => void,
  range?: ByteRange,
): Promise<ReadStats> {
  const stats: ReadStats = { bytes: 0, textBytes: 0, lines: 0, cutLines: 0 }
  // One open for the magic bytes and the stream: a stream that opened the file itself would raise a
  // failed open (EACCES) as an 'error' event no one listens to yet, which crashed the process. A plain
  // descriptor, not a FileHandle: its stream reads with callbacks, as fast as a stream given the path.
  let fd: number
  let gzip: boolean
  try {
    fd = await openFile(path, 'r')
  } catch (error) {
    stats.unreadable = getErrorMessage(error)
    return stats
  }
  try {
    // A range is only ever cut in a plain file (a gzip stream cannot be entered in the middle).
    gzip = range === undefined && (await isGzip(fd))
  } catch (error) {
    close(fd, () => {})
    stats.unreadable = getErrorMessage(error)
    return stats
  }
  // 64 KiB reads: a chunk decoded to a string stays under V8's large-object size (128 KiB), so it dies
  // young; with 1 MiB reads the peak memory on a 250 MB log was 270 MB instead of 125 MB.
  const raw = createReadStream(path, {
    fd,
    highWaterMark: 64 * 1024,
    start: range?.start ?? 0,
    // The stream's end is inclusive (ranges are never empty).
    ...(range === undefined ? {} : { end: range.end - 1 }),
  })
  const source: Readable = gzip ? raw.pipe(createGunzip()) : raw
  // A read error of the file itself ends the loop below through `source`, plain or gzip.
  let readError: unknown
  raw.on('error', (error) => {
    readError = error
    if (source !== raw) source.destroy(error)
  })

  const splitter = new LineSplitter(onLine, stats)
  try {
    for await (const chunk of source) splitter.push(chunk as Buffer)
  } catch (error) {
    if (readError !== undefined) stats.unreadable = getErrorMessage(readError)
    // zlib reports a truncated or corrupt stream (Z_BUF_ERROR, Z_DATA_ERROR) after handing over
    // everything it could inflate.
    else if (gzip && isZlibError(error)) stats.damaged = getErrorMessage(error)
    // Anything else came from onLine: a bug, not the file's fault.
    else throw error
  } finally {
    stats.bytes = raw.bytesRead
    raw.destroy()
  }
  splitter.end()
  return stats
}

const openFile = promisify(open)
const readFile = promisify(read)

async function isGzip(fd: number): Promise<boolean> {
  const head = Buffer.alloc(2)
  const { bytesRead } = await readFile(fd, head, 0, 2, 0)
  return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.startsWith('Z_')
}

/**
 * Splits a byte stream into lines. Whole lines of a chunk are decoded in one call (a newline byte never
 * occurs inside a multi-byte UTF-8 character, so cutting at one is safe), which is far faster than
 * decoding line by line.
 */
class LineSplitter {
  private carry: Buffer | undefined
  /** Inside an over-long line whose first MAX_LINE_BYTES were already passed on. */
  private skipping = false

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly stats: ReadStats,
  ) {}

  push(chunk: Buffer): void {
    this.stats.textBytes += chunk.length
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk
    this.carry = undefined
    if (this.skipping) {
      const nl = buf.indexOf(NEWLINE)
      if (nl < 0) return
      this.skipping = false
      buf = buf.subarray(nl + 1)
    }
    const last = buf.lastIndexOf(NEWLINE)
    if (last >= 0) {
      this.emitText(buf.toString('utf8', 0, last))
      buf = buf.subarray(last + 1)
    }
    if (buf.length > MAX_LINE_BYTES) {
      this.emit(buf.toString('utf8', 0, MAX_LINE_BYTES), true)
      this.skipping = true
    } else if (buf.length > 0) {
      // Copied so the carried bytes do not pin the whole chunk.
      this.carry = Buffer.from(buf)
    }
  }

  end(): void {
    if (this.carry) this.emit(this.carry.toString('utf8'), false)
    this.carry = undefined
  }

  private emitText(text: string): void {
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      const line = nl < 0 ? text.slice(start) : text.slice(start, nl)
      // Characters, not bytes: a cheap upper bound check first (a char is at most 3 UTF-8 bytes here).
      if (line.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(line) > MAX_LINE_BYTES) {
        this.emit(Buffer.from(line).toString('utf8', 0, MAX_LINE_BYTES), true)
      } else {
        this.emit(line, false)
      }
      if (nl < 0) return
      start = nl + 1
    }
  }

  private emit(line: string, cut: boolean): void {
    this.stats.lines++
    if (cut) this.stats.cutLines++
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line)
  }
}
