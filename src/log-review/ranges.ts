/**
 * Cutting the files of a review into parts that workers can read on their own. A part of a plain file is
 * a byte range that starts at a line starting an event with a timestamp: such a line always starts a new
 * event (never inside a traceback or a record's continuation lines) and sets the time later lines
 * without one take, so every event falls in one part, read exactly as a read of the whole file reads it.
 */
import { FileHandle, open } from 'node:fs/promises'

import { LogFile } from './files.js'
import { ByteRange, isGzip, MAX_LINE_BYTES } from './lines.js'
import { LineParser } from './parse.js'

/** One part of the review: a whole file, or a range of a plain one. `file` indexes the file list. */
export interface WorkUnit {
  file: number
  path: string
  range?: ByteRange
}

/** How far past a nominal cut the next event start is looked for before that cut is given up. */
const SEARCH_BYTES = 4 * 1024 * 1024
const WINDOW_BYTES = 1024 * 1024
const NEWLINE = 0x0a

/**
 * A part is at most this big unless that would make parts smaller than the smallest one (review.ts's
 * MIN_RANGE_BYTES, the same 16 MiB: parts are then 16 to 32 MiB), so a large file gives many: the
 * events waiting for the parts before them (see parallel.ts) are a few parts' worth whatever the file's
 * size, and workers stay busy. 16 MiB parts hold the waiting batches at 5-10 MB on the 1 GiB benchmark
 * log (32 MiB ones: up to 15 MB more peak RSS), for no measurable time.
 */
export const MAX_PART_BYTES = 16 * 1024 * 1024

/**
 * The units of `files` (those with `read` true) in file order: a plain file of at least 2 x minBytes is
 * cut into at least `jobs` ranges (more when they would exceed maxBytes, the last few then halved: see
 * nominalCuts) of at least minBytes each; a gzip file is one unit (a stream cannot be entered in the
 * middle), and so is a smaller file.
 */
export async function workUnits(
  files: { file: LogFile; read: boolean }[],
  jobs: number,
  minBytes: number,
  parser: LineParser,
  maxBytes = MAX_PART_BYTES,
): Promise<WorkUnit[]> {
  const units: WorkUnit[] = []
  for (const [index, { file, read }] of files.entries()) {
    if (!read) continue
    const wanted = Math.max(jobs, Math.ceil(file.size / Math.max(minBytes, maxBytes)))
    const count = Math.min(wanted, Math.floor(file.size / minBytes))
    const cuts = count > 1 ? await plainFileCuts(file, nominalCuts(file.size, count, jobs), parser) : []
    const bounds = [0, ...cuts, file.size]
    if (cuts.length === 0) units.push({ file: index, path: file.absolute })
    else
      for (let i = 0; i + 1 < bounds.length; i++)
        units.push({ file: index, path: file.absolute, range: { start: bounds[i], end: bounds[i + 1] } })
  }
  return units
}

/**
 * The cuts of a plain file; none for a gzip file (by its magic bytes, as readFileLines tells), or one that
 * cannot be read here: read whole, its reader then says why it could not be read, as a review in one
 * thread does. One open for the magic bytes and the search.
 */
async function plainFileCuts(file: LogFile, nominal: number[], parser: LineParser): Promise<number[]> {
  let handle: FileHandle | undefined
  try {
    handle = await open(file.absolute, 'r')
    return (await isGzip(handle.fd)) ? [] : await eventCuts(handle, file.size, nominal, parser)
  } catch {
    return []
  } finally {
    await handle?.close().catch(() => {})
  }
}

/**
 * Where `count` parts of about equal size would be cut, except that with more parts than threads the
 * last `jobs` parts are cut in two: threads take parts as they finish, so at the end one may still read
 * a whole part while the others wait for nothing, and halves halve that wait. Halves may be smaller
 * than the smallest part a file is cut into (that size decides whether cutting pays at all, when a
 * thread starts for it), never smaller than half of it.
 */
export function nominalCuts(size: number, count: number, jobs: number): number[] {
  const halved = count > jobs ? jobs : 0
  const weights = [...Array<number>(count - halved).fill(1), ...Array<number>(2 * halved).fill(0.5)]
  const cuts: number[] = []
  let sum = 0
  for (const weight of weights.slice(0, -1)) {
    sum += weight
    cuts.push(Math.floor((size * sum) / count))
  }
  return cuts
}

/**
 * The cuts `nominal` (offsets in order), each moved forward to the start of the first line after it
 * that starts an event with a timestamp. A cut with no such line within SEARCH_BYTES is left out (its
 * neighbours' ranges grow), so a file of continuation lines stays whole.
 */
async function eventCuts(
  handle: FileHandle,
  size: number,
  nominal: number[],
  parser: LineParser,
): Promise<number[]> {
  const cuts: number[] = []
  const buffer = Buffer.alloc(WINDOW_BYTES)
  for (const offset of nominal) {
    const from = Math.max(offset, (cuts.at(-1) ?? 0) + 1)
    const cut = await nextEventStart(handle, buffer, from, Math.min(size, from + SEARCH_BYTES), parser)
    if (cut !== undefined && cut < size) cuts.push(cut)
  }
  return cuts
}

/** The offset of the first line starting in (from, limit) (or at from) that parses to a timed record. */
async function nextEventStart(
  handle: FileHandle,
  buffer: Buffer,
  from: number,
  limit: number,
  parser: LineParser,
): Promise<number | undefined> {
  // Read from the byte before `from`, so a line starting exactly at `from` is found by its newline.
  let position = from - 1
  while (position < limit) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position)
    if (bytesRead === 0) return undefined
    const window = buffer.subarray(0, bytesRead)
    let nl = window.indexOf(NEWLINE)
    while (nl >= 0) {
      const start = nl + 1
      nl = window.indexOf(NEWLINE, start)
      if (position + start >= limit) return undefined
      // Only whole lines of the window are tried; one longer than a parsed line is never a cut.
      if (nl < 0) break
      if (nl - start > MAX_LINE_BYTES) continue
      let line = window.toString('utf8', start, nl)
      if (line.endsWith('\r')) line = line.slice(0, -1)
      if (parser.parse(line)?.time !== undefined) return position + start
    }
    // Go on from the last newline seen, so a line cut by the window's end is tried whole next time.
    const last = window.lastIndexOf(NEWLINE)
    if (bytesRead < buffer.length) return undefined
    position += last > 0 ? last : bytesRead
  }
  return undefined
}
