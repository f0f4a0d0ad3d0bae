import { Transform, TransformCallback } from 'node:stream'

import { formatSize } from '../core/units.js'

/**
 * A plain SQL dump is a psql script, and psql runs more than SQL: a backslash outside a string starts a
 * meta-command (`\! cmd` runs a shell command on the runner, `\connect` switches database, `\o`, `\copy`,
 * `\i`, `\gexec`, `\setenv` ...). pg_dump writes none outside COPY data except its own `\restrict KEY` /
 * `\unrestrict KEY` pair, so a dump that holds any other is refused before psql reads it. A COPY other than
 * pg_dump's one-line `COPY ... FROM stdin;` (`TO PROGRAM`, to or from a server file) is refused too.
 *
 * The scan follows psql's own lexer (src/bin/psql/psqlscan.l) closely enough to know where strings,
 * quoted identifiers, dollar quotes, comments and COPY data begin and end; wherever psql versions or
 * settings could read the text differently (a backslash before a quote that standard_conforming_strings
 * decides, a dollar quote glued to a word), the dump is refused rather than guessed at. COPY data is
 * skipped with a native search for its `\.` end line, so the scan costs little next to the restore.
 *
 * It also caps the length of a line: psql holds a whole SQL line (and the server a whole COPY row) in
 * memory, so a gzip bomb of one endless line would cost gigabytes before any error.
 */
export class UnsafeDumpError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsafeDumpError'
  }
}

const NL = 0x0a
const CR = 0x0d
const BACKSLASH = 0x5c
const QUOTE = 0x27
const DQUOTE = 0x22
const DOLLAR = 0x24
const DASH = 0x2d
const SLASH = 0x2f
const STAR = 0x2a
const SEMI = 0x3b
const SPACE = 0x20
const LPAREN = 0x28
const RPAREN = 0x29
const COPY_END = Buffer.from('\n\\.')

type LexState = 'normal' | 'quote' | 'dquote' | 'dollar' | 'line-comment' | 'block-comment'

const isIdentStart = (c: number) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80
const isDigit = (c: number) => c >= 0x30 && c <= 0x39
const isIdentCont = (c: number) => isIdentStart(c) || isDigit(c) || c === DOLLAR
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === NL || c === CR || c === 0x0c || c === 0x0b

/** Words psql's lexer watches to tell `CREATE FUNCTION ... BEGIN ATOMIC ... END;` from the end of a statement. */
const TRACKED = new Set(['create', 'function', 'procedure', 'or', 'replace'])

export class PlainDumpScanner {
  private mode: 'sql' | 'copy' = 'sql'
  private state: LexState = 'normal'
  private dollarTag = Buffer.alloc(0)
  private commentDepth = 0
  private backslashRun = 0
  private prev = NL
  private parenDepth = 0
  private beginDepth = 0
  private identCount = 0
  private idents = ''
  /** Whether a statement has begun since the last top-level `;` (psql's query buffer is not empty). */
  private statementStarted = false
  /** The text of the statement so far, kept only while it is a COPY (to check it is pg_dump's FROM stdin). */
  private copyText: string | undefined
  private restrictKey: string | undefined
  private unrestricted = false
  /** Bytes of the stream before the start of the current buffer, for the offsets in messages. */
  private offset = 0
  private pending: Buffer[] = []
  private pendingBytes = 0
  /** Where each top-level statement ended (its `;`), when asked for: see splitStatements. */
  statementEnds: number[] | undefined

  constructor(private readonly maxLineBytes: number) {}

  /**
   * Scans the next piece of the stream; returns the bytes that are now safe to hand on (whole lines that
   * were scanned; a line cut by the chunk waits for its end). Throws UnsafeDumpError.
   */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = []
    let start = 0
    if (this.pendingBytes > 0) {
      const nl = chunk.indexOf(NL)
      if (nl === -1) {
        this.hold(chunk)
        return out
      }
      // The line that began in an earlier chunk: scanned on its own, then the rest of this chunk in place.
      const line = Buffer.concat([...this.pending, chunk.subarray(0, nl + 1)])
      this.checkLength(line.length)
      this.scan(line, 0, line.length)
      this.offset += line.length
      out.push(...this.pending, chunk.subarray(0, nl + 1))
      this.pending = []
      this.pendingBytes = 0
      start = nl + 1
    }
    const last = chunk.lastIndexOf(NL)
    if (last >= start) {
      // Lines inside one chunk are no longer than the chunk; only a line that spans chunks can grow.
      if (last + 1 - start > this.maxLineBytes) this.checkLines(chunk, start, last + 1)
      this.scan(chunk, start, last + 1)
      this.offset += last + 1 - start
      out.push(chunk.subarray(start, last + 1))
      start = last + 1
    }
    if (start < chunk.length) this.hold(chunk.subarray(start))
    return out
  }

  /** The end of the stream: its last line (without a newline) is scanned and handed on. */
  end(): Buffer[] {
    if (this.pendingBytes === 0) return []
    const line = Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    this.scan(line, 0, line.length)
    return [line]
  }

  private hold(piece: Buffer): void {
    this.pending.push(piece)
    this.pendingBytes += piece.length
    this.checkLength(this.pendingBytes)
  }

  private checkLength(bytes: number): void {
    if (bytes > this.maxLineBytes)
      this.fail(
        `a line of more than ${formatSize(this.maxLineBytes)} (max-line-size) at byte ${this.offset.toLocaleString('en-US')} of the SQL; psql would hold it all in memory (a gzip bomb?)`,
      )
  }

  /** Every line of buf[from, to) within the cap (only needed when the cap is below the chunk size). */
  private checkLines(buf: Buffer, from: number, to: number): void {
    let at = from
    while (at < to) {
      const nl = buf.indexOf(NL, at)
      const end = nl === -1 || nl >= to ? to : nl + 1
      this.checkLength(end - at)
      at = end
    }
  }

  private fail(message: string): never {
    throw new UnsafeDumpError(message)
  }

  /** buf[from, to) holds whole lines (to is just after a newline, or the end of the stream). */
  private scan(buf: Buffer, from: number, to: number): void {
    let at = from
    while (at < to) {
      if (this.mode === 'copy') at = this.skipCopyData(buf, at, to)
      else {
        let nl = buf.indexOf(NL, at)
        if (nl === -1 || nl >= to) nl = to - 1
        this.lexLine(buf, at, nl + 1, from)
        at = nl + 1
      }
    }
  }

  /** COPY data ends at a line that is exactly `\.` (psql's test, with or without a CR before the newline). */
  private skipCopyData(buf: Buffer, at: number, to: number): number {
    let line = at
    for (;;) {
      if (buf[line] === BACKSLASH && buf[line + 1] === 0x2e) {
        const after = buf[line + 2]
        if (after === NL || line + 2 >= to) return this.endCopy(line + 3)
        if (after === CR && (buf[line + 3] === NL || line + 3 >= to)) return this.endCopy(line + 4)
      }
      const next = buf.indexOf(COPY_END, line)
      if (next === -1 || next >= to - 1) return to
      line = next + 1
    }
  }

  private endCopy(at: number): number {
    this.mode = 'sql'
    this.prev = NL
    return at
  }

  /** One line of SQL, as psql's lexer reads it. `base` is where the buffer's offsets start counting. */
  private lexLine(buf: Buffer, from: number, to: number, base: number): void {
    const where = (i: number) => `at byte ${(this.offset + i - base).toLocaleString('en-US')} of the SQL`
    // psql reads a line as a C string: after a NUL it drops the rest of that piece of the line, so it would
    // not see a quote or a dollar quote that this scan sees, and the two would part ways.
    const nul = buf.subarray(from, to).indexOf(0)
    if (nul !== -1) this.fail(`a NUL byte ${where(from + nul)}: psql drops the rest of such a line`)
    let i = from
    let statementStart = -1
    while (i < to) {
      const c = buf[i]
      switch (this.state) {
        case 'line-comment':
          // psql's comment ends at a CR as well as a newline.
          if (c === NL || c === CR) this.state = 'normal'
          i++
          continue
        case 'block-comment':
          if (c === SLASH && buf[i + 1] === STAR) {
            this.commentDepth++
            i += 2
          } else if (c === STAR && buf[i + 1] === SLASH) {
            if (--this.commentDepth === 0) this.state = 'normal'
            i += 2
          } else i++
          continue
        case 'dquote':
          if (c === DQUOTE) this.state = 'normal'
          i++
          continue
        case 'quote':
          if (c === BACKSLASH) this.backslashRun++
          else {
            if (c === QUOTE) {
              // psql ends the string here unless it reads backslash escapes (E'', or standard_conforming_strings
              // off), where an odd run of backslashes escapes this quote: the two readings part ways.
              if (this.backslashRun % 2 === 1)
                this.fail(
                  `a string literal with a backslash before a quote ${where(i)}: psql reads where it ends differently depending on standard_conforming_strings`,
                )
              if (buf[i + 1] === QUOTE) i++
              else this.state = 'normal'
            }
            this.backslashRun = 0
          }
          i++
          continue
        case 'dollar': {
          const close = buf.indexOf(this.dollarTag, i)
          if (close === -1 || close >= to) {
            i = to
            continue
          }
          i = close + this.dollarTag.length
          this.state = 'normal'
          this.prev = SPACE
          continue
        }
      }
      // Normal SQL text. A backslash here starts a psql meta-command.
      if (c === BACKSLASH) {
        this.allowMetaCommand(buf, i, to, where(i))
        // An allowed \restrict or \unrestrict is the whole line.
        this.prev = NL
        return
      }
      if (!isSpace(c) && !this.statementStarted && !(c === DASH && buf[i + 1] === DASH)) {
        if (!(c === SLASH && buf[i + 1] === STAR)) {
          this.statementStarted = true
          statementStart = i
          if (/^copy\s/i.test(buf.toString('latin1', i, Math.min(i + 5, to)))) this.copyText = ''
        }
      }
      if (isIdentStart(c) && isDigit(this.prev) && this.inRoutine())
        this.fail(
          `a word glued to a number in a routine body ${where(i)}: psql versions split it differently`,
        )
      if (isIdentStart(c) && !isIdentCont(this.prev)) {
        let j = i + 1
        while (j < to && isIdentCont(buf[j])) j++
        this.identifier(buf.toString('latin1', i, j).toLowerCase())
        this.prev = buf[j - 1]
        i = j
        continue
      }
      if (c === DASH && buf[i + 1] === DASH) {
        this.state = 'line-comment'
        this.prev = SPACE
        i += 2
        continue
      }
      if (c === SLASH && buf[i + 1] === STAR) {
        this.state = 'block-comment'
        this.commentDepth = 1
        this.prev = SPACE
        i += 2
        continue
      }
      if (c === QUOTE) {
        this.state = 'quote'
        this.backslashRun = 0
      } else if (c === DQUOTE) this.state = 'dquote'
      else if (c === DOLLAR) {
        const tagEnd = this.dollarTagEnd(buf, i, to)
        if (tagEnd !== -1) {
          if (isIdentCont(this.prev))
            this.fail(`a dollar quote glued to a word ${where(i)}: psql versions read it differently`)
          this.dollarTag = Buffer.from(buf.subarray(i, tagEnd + 1))
          this.state = 'dollar'
          i = tagEnd + 1
          continue
        }
      } else if (c === LPAREN) this.parenDepth++
      else if (c === RPAREN) {
        if (this.parenDepth > 0) this.parenDepth--
      } else if (c === SEMI && this.parenDepth === 0 && this.beginDepth === 0) {
        this.statementEnds?.push(this.offset + i - base)
        this.endStatement(buf, statementStart === -1 ? from : statementStart, i, to, () => where(i))
      }
      this.prev = c
      i++
    }
    if (this.copyText !== undefined && this.statementStarted)
      this.copyText += buf.toString('utf8', statementStart === -1 ? from : statementStart, to)
  }

  /** `$tag$` or `$$` at i: the index of its closing `$`, or -1 (a parameter such as `$1`, or a lone `$`). */
  private dollarTagEnd(buf: Buffer, i: number, to: number): number {
    let j = i + 1
    if (j < to && buf[j] === DOLLAR) return j
    if (j >= to || !isIdentStart(buf[j])) return -1
    while (j < to && (isIdentStart(buf[j]) || isDigit(buf[j]))) j++
    return j < to && buf[j] === DOLLAR ? j : -1
  }

  /** psql's heuristic for `CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ... END` bodies. */
  private identifier(word: string): void {
    if (this.identCount === 0) this.idents = ''
    if (TRACKED.has(word) && this.identCount < 4)
      this.idents = this.idents.padEnd(this.identCount, ' ') + word[0]
    this.identCount++
    if (!this.inRoutine() || this.parenDepth !== 0) return
    if (word === 'begin') this.beginDepth++
    else if (word === 'case' && this.beginDepth >= 1) this.beginDepth++
    else if (word === 'end' && this.beginDepth > 0) this.beginDepth--
  }

  /** The statement so far is CREATE [OR REPLACE] FUNCTION or PROCEDURE. */
  private inRoutine(): boolean {
    return /^c(f|p|or(f|p))/.test(this.idents)
  }

  /** A top-level `;`: the statement psql sends. A COPY must be pg_dump's, with its data on the next line. */
  private endStatement(buf: Buffer, start: number, semi: number, to: number, where: () => string): void {
    const copy = this.copyText
    this.statementStarted = false
    this.copyText = undefined
    this.identCount = 0
    this.beginDepth = 0
    this.parenDepth = 0
    if (copy === undefined) return
    const text = (copy + buf.toString('utf8', start, semi + 1)).trim()
    const rest = buf.toString('latin1', semi + 1, to)
    if (!/^COPY\s[\s\S]*\sFROM\s+stdin\s*;$/i.test(text) || /\n[\s\S]/.test(text))
      this.fail(
        `${describe(text)} ${where()}: only pg_dump's one-line COPY ... FROM stdin may appear (COPY to or from a program or a server file runs on the database server)`,
      )
    if (!/^\r?\n?$/.test(rest))
      this.fail(
        `more after a COPY ... FROM stdin on its line ${where()}: pg_dump starts its data on the next line`,
      )
    this.mode = 'copy'
  }

  /** The one meta-command pair pg_dump writes, each alone on its line; anything else is refused. */
  private allowMetaCommand(buf: Buffer, i: number, to: number, where: string): void {
    const line = buf.toString('latin1', i, to).replace(/\r?\n$/, '')
    const m = /^\\(restrict|unrestrict) ([A-Za-z0-9]+)\s*$/.exec(line)
    const lineStart = i === 0 || buf[i - 1] === NL
    if (m && lineStart && !this.statementStarted) {
      if (m[1] === 'restrict' && this.restrictKey === undefined) {
        this.restrictKey = m[2]
        return
      }
      if (m[1] === 'unrestrict' && m[2] === this.restrictKey && !this.unrestricted) {
        this.unrestricted = true
        return
      }
    }
    const command = /^\\[^\s\\]{0,20}/.exec(line)?.[0] ?? '\\'
    this.fail(
      `the psql meta-command ${printable(command)} ${where}: a plain dump may hold none outside COPY data but pg_dump's own \\restrict/\\unrestrict pair`,
    )
  }
}

/**
 * The statements of a SQL text, split where psql would send them (a `;` outside strings, comments, dollar
 * quotes, parentheses and BEGIN ATOMIC bodies), with the same refusals as a dump (no meta-commands).
 */
export function splitStatements(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8')
  const scanner = new PlainDumpScanner(Math.max(bytes.length, 1))
  scanner.statementEnds = []
  scanner.push(bytes)
  scanner.end()
  const statements: string[] = []
  let start = 0
  for (const end of [...scanner.statementEnds, bytes.length - 1]) {
    const statement = bytes.toString('utf8', start, end + 1).trim()
    if (statement && !/^(\s|--[^\n]*|\/\*[\s\S]*?\*\/|;)*$/.test(statement)) statements.push(statement)
    start = end + 1
  }
  return statements
}

/** What a refused COPY statement was, shortened and with anything unprintable replaced. */
function describe(text: string): string {
  const flat = printable(text.replace(/\s+/g, ' '))
  return flat.length > 80 ? `"${flat.slice(0, 77)}..."` : `"${flat}"`
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
}

/**
 * A stream that lets through only what the scanner has passed: a psql reading from it never sees a line
 * that was refused. Keeps the last `tailBytes` of what went through (pg_dump's trailer is there).
 */
export class PlainDumpFilter extends Transform {
  private readonly scanner: PlainDumpScanner
  private tailBuffer = Buffer.alloc(0)

  constructor(
    maxLineBytes: number,
    private readonly tailBytes = 4096,
    highWaterMark = 16 * 1024,
  ) {
    super({ highWaterMark })
    this.scanner = new PlainDumpScanner(maxLineBytes)
  }

  /** The last bytes that went through. */
  get tail(): string {
    return this.tailBuffer.toString('utf8')
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      for (const piece of this.scanner.push(chunk)) this.pass(piece)
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      for (const piece of this.scanner.end()) this.pass(piece)
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  private pass(piece: Buffer): void {
    if (piece.length === 0) return
    this.tailBuffer =
      piece.length >= this.tailBytes
        ? Buffer.from(piece.subarray(piece.length - this.tailBytes))
        : Buffer.concat([this.tailBuffer, piece]).subarray(-this.tailBytes)
    this.push(piece)
  }
}
