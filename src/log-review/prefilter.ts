import { isAscii } from 'node:buffer'

import { FastLane } from './fast-lane.js'
import { forEachPiece, LineSink, MAX_LINE_BYTES, ReadStats } from './lines.js'
import { LogRecord } from './model.js'

const CR = 13

/** Bytes outside ASCII: a line holding one is decoded as UTF-8 (in latin1 its characters would differ). */
const NON_ASCII = /[\x80-\xff]/g

/** Where each line goes: the full parser, or the time-only reading of an uninteresting line. */
export interface CandidateHandler {
  /** A line as the full parser must see it: decoded, without its line ending. */
  line(line: string): void
  /** The record of an uninteresting line, undefined when the shortcut does not apply to it. */
  timeOnly(line: string): LogRecord | undefined
  /** Takes what `timeOnly` gave for `line`. */
  record(record: LogRecord, line: string): void
  /** The fast lane, tried on every ASCII line first; undefined: none. */
  lane?: FastLane
  /** Takes the line the lane just accepted (its format, level and time are in the lane). */
  light(lane: FastLane): void
}

/** What the prefilter decided for a line, for tests ('time-only' by the fast lane or by timeOnly). */
export type Decision = 'time-only' | 'full'

/**
 * A LineSink that decodes lines cheaply and gives the full parser only the lines that can matter. Pieces
 * of lines are decoded as latin1, where a character is a byte (a fast copy, and places in the text are
 * byte offsets); a piece that is not all ASCII (one native check) is scanned once for the lines that
 * are not, and those are decoded as UTF-8 and parsed in full. Every ASCII line is first offered to
 * `timeOnly`, which reads an uninteresting line for its time and format alone (see
 * LineParser.timeOnly). Counts lines and cut lines exactly as LineDecoder does.
 */
export class CandidateLines implements LineSink {
  constructor(
    private readonly stats: ReadStats,
    private readonly handler: CandidateHandler,
    /** Off when every line matters (info is reviewed): then every line is parsed in full. */
    private readonly shortcut: boolean,
    private readonly decided?: (decision: Decision) => void,
  ) {}

  lines(buf: Buffer, from: number, to: number): void {
    forEachPiece(buf, from, to, (start, end) => this.piece(buf, start, end, false))
  }

  last(buf: Buffer, from: number, to: number): void {
    this.piece(buf, from, to, true)
  }

  cut(buf: Buffer, from: number, to: number): void {
    this.stats.lines++
    this.stats.cutLines++
    this.full(buf.toString('utf8', from, to))
  }

  /** Lines buf[from, to), each ended by \n; with `unended` one line without it (the file's last). */
  private piece(buf: Buffer, from: number, to: number, unended: boolean): void {
    const text = buf.toString('latin1', from, to)
    const ascii = isAscii(buf.subarray(from, to))
    const lane = this.shortcut ? this.handler.lane : undefined
    NON_ASCII.lastIndex = 0
    let other = ascii ? null : NON_ASCII.exec(text)
    let start = 0
    while (start < text.length) {
      const end = unended ? text.length : text.indexOf('\n', start)
      let lineAscii = true
      for (; other !== null && other.index < end; other = NON_ASCII.exec(text))
        if (other.index >= start) lineAscii = false
      this.stats.lines++
      const lineEnd = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end
      if (end - start > MAX_LINE_BYTES) {
        // Cut as LineDecoder cuts: the first MAX_LINE_BYTES bytes, then a carriage return dropped.
        this.stats.cutLines++
        const line = buf.toString('utf8', from + start, from + start + MAX_LINE_BYTES)
        this.full(line.endsWith('\r') ? line.slice(0, -1) : line)
      } else if (!lineAscii) {
        this.full(buf.toString('utf8', from + start, from + lineEnd))
      } else if (lane?.read(text, start, lineEnd)) {
        this.decided?.('time-only')
        this.handler.light(lane)
      } else {
        // Only ASCII: the latin1 text is the UTF-8 text. Decoded on its own rather than sliced from the
        // piece's text: a slice would keep the whole 64 KiB piece alive as long as the line is kept.
        const line = buf.toString('latin1', from + start, from + lineEnd)
        const record = this.shortcut ? this.handler.timeOnly(line) : undefined
        if (record) {
          this.decided?.('time-only')
          this.handler.record(record, line)
        } else {
          this.full(line)
        }
      }
      start = end + 1
    }
  }

  private full(line: string): void {
    this.decided?.('full')
    this.handler.line(line)
  }
}
