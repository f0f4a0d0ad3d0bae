import { FastLane } from './fast-lane.js'
import { parseAccess } from './formats/access.js'
import { jsonTimeOnly, parseJson } from './formats/json.js'
import { logfmtTimeOnly, looksLikeLogfmt, parseLogfmt } from './formats/logfmt.js'
import { parseText, textTimeOnly } from './formats/text.js'
import { FormatChoice } from './inputs.js'
import { Interest, LogRecord } from './model.js'
import { TimeParser } from './timestamps.js'

/**
 * Turns a line into a LogRecord, or undefined when the line continues the event before it. With
 * `format: auto` each line is tried by the parsers its first characters point to, so a file that mixes
 * uvicorn's access lines with Python logging (the usual FastAPI log) is read right line by line.
 */
export class LineParser {
  constructor(
    private readonly format: FormatChoice,
    readonly times: TimeParser,
    readonly interest: Interest,
  ) {}

  /** A fast lane that reads lines exactly as this parser would (see fast-lane.ts). */
  fastLane(): FastLane {
    return new FastLane(this.format, this.times, this.interest)
  }

  parse(line: string): LogRecord | undefined {
    const c = line.charCodeAt(0)
    // Empty and indented lines (traceback frames, wrapped text) never start an event.
    if (Number.isNaN(c) || c === 32 || c === 9) return undefined
    switch (this.format) {
      case 'json':
        return parseJson(line, this.times, this.interest)
      case 'logfmt':
        return parseLogfmt(line, this.times, this.interest)
      case 'access':
        return parseAccess(line, this.times, this.interest)
      case 'python':
      case 'plain':
        return parseText(line, this.times)
    }
    if (c === 123 /* { */) return parseJson(line, this.times, this.interest) ?? parseText(line, this.times)
    if (line.includes(' HTTP/')) {
      const access = parseAccess(line, this.times, this.interest)
      if (access) return access
    }
    if (looksLikeLogfmt(line))
      return parseLogfmt(line, this.times, this.interest) ?? parseText(line, this.times)
    return parseText(line, this.times)
  }

  /**
   * The record of an uninteresting text line (a leading timestamp, a level not reviewed, no duration)
   * read for its format, time and level alone; undefined for any other line, which the caller then
   * parses in full. Exactly what parse gives such a line, but for the message no one reads.
   */
  timeOnly(line: string): LogRecord | undefined {
    const c = line.charCodeAt(0)
    switch (this.format) {
      case 'json':
        return jsonTimeOnly(line, this.times, this.interest)
      case 'logfmt':
        return logfmtTimeOnly(line, this.times, this.interest)
      case 'access':
        return undefined
      case 'python':
      case 'plain':
        return textTimeOnly(line, this.times, this.interest)
    }
    // format: auto, in parse's order: JSON, access, logfmt, text. A JSON-looking line that is not
    // read as JSON, or a line with ` HTTP/`, is parsed in full.
    if (c === 123) return jsonTimeOnly(line, this.times, this.interest)
    if (line.includes(' HTTP/')) return undefined
    if (looksLikeLogfmt(line)) return logfmtTimeOnly(line, this.times, this.interest)
    return textTimeOnly(line, this.times, this.interest)
  }
}
