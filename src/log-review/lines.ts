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

/** Bytes [start, end) of a plain file; `start` is a line start, `end` one too or the file's end. */
export interface ByteRange {
  start: number
  end: number
}

/**
 * Receives a file's lines as bytes of one reused buffer (valid only during the call): `lines` gets whole
 * lines, each ended by \n (a \r before it is part of the line), `last` the file's last line when it has
 * no \n, `cut` the first MAX_LINE_BYTES of a longer line (the rest is skipped).
 */
export interface LineSink {
  lines(buf: Buffer, from: number, to: number): void
  last(buf: Buffer, from: number, to: number): void
  cut(buf: Buffer, from: number, to: number): void
}

/**
 * Reads a file, plain or gzip (by its magic bytes, whatever its name), and calls `onLine` for each line
 * without its line ending (\n or \r\n). Memory stays at one read buffer plus one line of at most
 * MAX_LINE_BYTES, however big the file or its lines. Invalid UTF-8 becomes U+FFFD; a partial last line
 * counts as a line. Never throws for the file's sake: a file that cannot be read (in full) comes back with
 * `unreadable` or `damaged` set.
 */
export async function readLines(path: string, onLine: (line: string) => void): Promise<ReadStats> {
  return readFileLines(path, undefined, (stats) => new LineDecoder(onLine, stats))
}

/**
 * Reads a file through `sink`: a plain file (bytes `range` of it, or all) with large reads into one
 * reused buffer, a gzip file (always whole: a range of a compressed stream means nothing) as a stream.
 */
export async function readFileLines(
  path: string,
  range: ByteRange | undefined,
  makeSink: (stats: ReadStats) => LineSink,
): Promise<ReadStats> {
  const stats: ReadStats = { bytes: 0, textBytes: 0, lines: 0, cutLines: 0 }
  // One open for the magic bytes and the reads: a stream that opened the file itself would raise a
  // failed open (EACCES) as an 'error' event no one listens to yet, which crashed the process.
  let fd: number
  let gzip: boolean
  try {
    fd = await openFile(path, 'r')
  } catch (error) {
    stats.unreadable = getErrorMessage(error)
    return stats
  }
  try {
    gzip = await isGzip(fd)
  } catch (error) {
    close(fd, () => {})
    stats.unreadable = getErrorMessage(error)
    return stats
  }
  const sink = makeSink(stats)
  if (gzip) await streamGzip(path, fd, stats, sink)
  else await readPlain(fd, range ?? { start: 0, end: Infinity }, stats, sink)
  return stats
}

/**
 * Bytes per read. Large reads into one buffer cost a fraction of a stream's (no chunk allocated per
 * read, no event per chunk); lines are decoded in pieces of at most DECODE_BYTES so no string outgrows
 * V8's young generation (with 1 MiB strings the peak memory on a 250 MB log was 270 MB, not 125 MB).
 */
export const READ_BYTES = 1024 * 1024
const DECODE_BYTES = 64 * 1024

/**
 * Cuts whole lines buf[from, to) into pieces [start, end) of at most DECODE_BYTES (or one longer line),
 * each ending after a \n, to be decoded one at a time.
 */
export function forEachPiece(
  buf: Buffer,
  from: number,
  to: number,
  piece: (start: number, end: number) => void,
): void {
  while (from < to) {
    let end = to
    if (to - from > DECODE_BYTES) {
      end = buf.lastIndexOf(NEWLINE, from + DECODE_BYTES - 1) + 1
      // One line longer than a piece: decoded whole (it ends before `to`).
      if (end <= from) end = buf.indexOf(NEWLINE, from + DECODE_BYTES) + 1
    }
    piece(from, end)
    from = end
  }
}

/** Reads bytes `range` of a plain file into one reused buffer and hands whole lines to `sink`. */
async function readPlain(fd: number, range: ByteRange, stats: ReadStats, sink: LineSink): Promise<void> {
  const buf = Buffer.allocUnsafe(READ_BYTES)
  /** buf[0, kept) holds the start of a line whose end is not read yet. */
  let kept = 0
  let position = range.start
  /** Inside an over-long line whose first MAX_LINE_BYTES were already passed on. */
  let skipping = false
  try {
    for (;;) {
      const want = Math.min(buf.length - kept, range.end - position)
      let bytesRead = 0
      try {
        if (want > 0) ({ bytesRead } = await readFile(fd, buf, kept, want, position))
      } catch (error) {
        // EIO and the like: what was read before stays read.
        stats.unreadable = getErrorMessage(error)
      }
      if (bytesRead === 0) break
      position += bytesRead
      stats.bytes += bytesRead
      stats.textBytes += bytesRead
      const end = kept + bytesRead
      let from = 0
      if (skipping) {
        const nl = buf.indexOf(NEWLINE, 0)
        if (nl < 0 || nl >= end) continue
        skipping = false
        from = nl + 1
      }
      const last = end > from ? buf.lastIndexOf(NEWLINE, end - 1) : -1
      if (last >= from) {
        sink.lines(buf, from, last + 1)
        from = last + 1
      }
      if (end - from > MAX_LINE_BYTES) {
        sink.cut(buf, from, from + MAX_LINE_BYTES)
        skipping = true
        kept = 0
      } else {
        buf.copyWithin(0, from, end)
        kept = end - from
      }
    }
  } finally {
    close(fd, () => {})
  }
  if (kept > 0 && !skipping) sink.last(buf, 0, kept)
}

/** A gzip file through zlib, in 64 KiB chunks handed to `sink` as whole lines. */
async function streamGzip(path: string, fd: number, stats: ReadStats, sink: LineSink): Promise<void> {
  const raw = createReadStream(path, { fd, highWaterMark: 64 * 1024, start: 0 })
  const source: Readable = raw.pipe(createGunzip())
  // A read error of the file itself ends the loop below through `source`.
  let readError: unknown
  raw.on('error', (error) => {
    readError = error
    source.destroy(error)
  })
  const splitter = new ChunkSplitter(sink, stats)
  try {
    for await (const chunk of source) splitter.push(chunk as Buffer)
  } catch (error) {
    if (readError !== undefined) stats.unreadable = getErrorMessage(readError)
    // zlib reports a truncated or corrupt stream (Z_BUF_ERROR, Z_DATA_ERROR) after handing over
    // everything it could inflate.
    else if (isZlibError(error)) stats.damaged = getErrorMessage(error)
    // Anything else came from the sink: a bug, not the file's fault.
    else throw error
  } finally {
    stats.bytes = raw.bytesRead
    raw.destroy()
  }
  splitter.end()
}

const openFile = promisify(open)
const readFile = promisify(read)

/** Whether an open file starts with gzip's magic bytes. */
export async function isGzip(fd: number): Promise<boolean> {
  const head = Buffer.alloc(2)
  const { bytesRead } = await readFile(fd, head, 0, 2, 0)
  return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.startsWith('Z_')
}

/** Cuts a stream's chunks (each a new Buffer) into whole lines for a LineSink. */
class ChunkSplitter {
  private carry: Buffer | undefined
  /** Inside an over-long line whose first MAX_LINE_BYTES were already passed on. */
  private skipping = false

  constructor(
    private readonly sink: LineSink,
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
      this.sink.lines(buf, 0, last + 1)
      buf = buf.subarray(last + 1)
    }
    if (buf.length > MAX_LINE_BYTES) {
      this.sink.cut(buf, 0, MAX_LINE_BYTES)
      this.skipping = true
    } else if (buf.length > 0) {
      // Copied so the carried bytes do not pin the whole chunk.
      this.carry = Buffer.from(buf)
    }
  }

  end(): void {
    if (this.carry) this.sink.last(this.carry, 0, this.carry.length)
    this.carry = undefined
  }
}

/**
 * Decodes whole lines into strings for `onLine`. Lines are decoded many at a time (a newline byte never
 * occurs inside a multi-byte UTF-8 character, so cutting at one is safe), which is far faster than
 * decoding line by line.
 */
export class LineDecoder implements LineSink {
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly stats: ReadStats,
  ) {}

  lines(buf: Buffer, from: number, to: number): void {
    forEachPiece(buf, from, to, (start, end) => this.emitText(buf.toString('utf8', start, end - 1)))
  }

  last(buf: Buffer, from: number, to: number): void {
    this.emit(buf.toString('utf8', from, to), false)
  }

  cut(buf: Buffer, from: number, to: number): void {
    this.emit(buf.toString('utf8', from, to), true)
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
