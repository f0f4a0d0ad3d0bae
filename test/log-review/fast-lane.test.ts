/**
 * The fast lane against the full parser on lines made to sit near the edges of each layout it reads:
 * whatever line it accepts, the parser must read with the same format, time and level and find
 * uninteresting (not a reviewed level, not slow). The lines are read inside a piece of text, as the
 * prefilter gives them, so a lane that looked past a line's end would be caught. Which lines it accepts
 * is asserted too: a lane that declined everything would pass the first check and help no one.
 * (test/log-review/prefilter.test.ts runs the same comparison on the Loghub samples.)
 */
import { describe, expect, it } from 'vitest'

import { FastLane } from '../../src/log-review/fast-lane.js'
import { FormatChoice } from '../../src/log-review/inputs.js'
import { Level } from '../../src/log-review/model.js'
import { LineParser } from '../../src/log-review/parse.js'
import { TimeParser } from '../../src/log-review/timestamps.js'
import { sameQuietRecord } from './quiet-record.js'

const SLOW_MS = 1000
const interest = {
  level: (level: Level) => level === 'error' || level === 'warning',
  slow: (ms: number) => ms >= SLOW_MS,
}

interface Read {
  accepted: boolean[]
  /** Lines the lane accepted that the parser reads otherwise, or finds interesting. */
  wrong: { line: string; lane: unknown; parser: unknown }[]
}

/** Runs the lane in `choice` over `lines` joined as one piece, comparing each accepted line with the parser. */
function readLines(choice: FormatChoice, lines: string[], ending = '\n'): Read {
  const fast = new FastLane(choice, new TimeParser('UTC'), interest)
  const parser = new LineParser(choice, new TimeParser('UTC'), interest)
  const text = lines.join(ending) + ending
  const read: Read = { accepted: [], wrong: [] }
  let start = 0
  for (const line of lines) {
    const end = start + line.length
    const accepted = fast.read(text, start, end)
    start = end + ending.length
    read.accepted.push(accepted)
    if (!accepted) continue
    const full = parser.parse(line)
    if (!sameQuietRecord(full, { format: fast.format, time: fast.time, level: fast.level }, interest))
      read.wrong.push({
        line,
        lane: { format: fast.format, time: fast.time, level: fast.level },
        parser: full,
      })
  }
  return read
}

/** What the lane accepted of `lines`, after checking every accepted line against the parser. */
function lane(choice: FormatChoice, lines: string[], ending = '\n'): boolean[] {
  const { accepted, wrong } = readLines(choice, lines, ending)
  expect(wrong).toEqual([])
  return accepted
}

const T = '2026-11-20T10:00:00.123Z'
const STAMP = '2026-11-20 10:00:00,123'
const CLF = '[20/Nov/2026:10:00:00 +0000]'

describe('the fast lane reads exactly what the parser reads', () => {
  const access = [
    `10.0.0.1 - - ${CLF} "GET /api/users/7 HTTP/1.1" 200 512 "-" "curl/8.5.0" 0.004`,
    `10.0.0.1 - - ${CLF} "GET /api/users/7 HTTP/1.1" 304 - "-" "curl/8.5.0"`,
    `10.0.0.1 - - ${CLF} "POST /api/login HTTP/1.1" 503 0 "-" "curl/8.5.0" 0.100`, // 5xx: an error
    `10.0.0.1 - - ${CLF} "GET /export HTTP/1.1" 200 9 "-" "curl/8.5.0" 2.5`, // slow: 2.5 s
    `10.0.0.1 - - ${CLF} "GET /export HTTP/1.1" 200 9 1500000`, // 1.5 s in microseconds: slow
    `10.0.0.1 - - ${CLF} "GET /export HTTP/1.1" 200 9 999ms`,
    `::1 - alice ${CLF} "DELETE /api/x?y=1 HTTP/2.0" 204 0`,
    `10.0.0.1 - - [20/Foo/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1`, // no month: no time
    `10.0.0.1\t- - ${CLF} "GET / HTTP/1.1" 200 1`, // a tab is not the layout's space
    `10.0.0.1 - - ${CLF} "GET /" 200 1`, // no HTTP/: auto does not try it as an access line
    `10.0.0.1 - - ${CLF} "get / HTTP/1.1" 200 1`, // the method in capitals only
    `10.0.0.1 - - ${CLF} "GET / HTTP/1.1" 20 1`, // two digits
    `10.0.0.1 - - ${CLF} "GET / HTTP/1.1" 200 x`,
  ]

  // 200 with a size and a time, 304 with `-`, 999ms and the IPv6 host are read; the rest are not.
  const accessRead = [true, true, false, false, false, true, true, false, false, false, false, false, false]

  it('access lines, auto-detected', () => {
    expect(lane('auto', access)).toEqual(accessRead)
  })

  it('access lines, format: access (no HTTP/ needed)', () => {
    // The request without HTTP/ is an access line when the format is given.
    expect(lane('access', access)).toEqual(accessRead.map((read, i) => read || i === 9))
  })

  const json = [
    `{"time":"${T}","level":"info","msg":"ok"}`,
    `{"time":"${T}","level":"DEBUG","msg":"ok"}  `,
    `{"time":"${T}","level":"info","msg":"ok","duration_ms":12}`,
    `{"time":"${T}","level":"info","msg":"export","duration_ms":5000}`, // slow
    `{"time":"${T}","level":"info","took": "2s"}`, // slow, a string with its unit
    `{"time":"${T}","level":"info","took":"0.2s","duration_ms":5000}`, // the first field counts
    `{"time":"${T}","level":"info","latency":"soon"}`, // no number: no duration
    `{"time":"${T}","level":"warn","msg":"disk"}`,
    `{"time":"${T}","level":30,"msg":"pino"}`,
    `{"time":"2026-11-20T10:00:00+01:00","level":"info"}`, // an offset: the regex reads those
    `{"time":"1732096800","level":"info"}`,
    `{"time":"${T}","level":"info","msg":"cut"`,
    `{"time":"${T}","level":"info","msg":"GET / HTTP/1.1"}`,
  ]

  it('JSON lines', () => {
    const expected = [true, true, true, false, false, true, true, false, false, false, false, false, true]
    expect(lane('auto', json)).toEqual(expected)
    expect(lane('json', json)).toEqual(expected)
  })

  const logfmt = [
    `time=${T} level=info msg="ok"`,
    `time=${T} level=info msg="ok" duration=0.012s`,
    `time=${T} level=info msg="export" duration=2.5s`, // slow
    `time=${T} level=info took=5`, // bare seconds: 5 s, slow
    `time=${T} level=info msg="x" elapsed_ms="12"`,
    `time=${T} level="debug" msg="quoted level"`,
    `time=${T} level=error msg="down"`,
    `time="${T}" level=info`, // a quoted time
    `time=${T}\tlevel=info`,
    `time=${T} level=info msg="GET / HTTP/1.1"`,
    `time=${T} level=info msgduration=9s`, // not a key of its own
  ]

  it('logfmt lines', () => {
    const expected = [true, true, false, false, true, true, false, false, false, true, true]
    expect(lane('auto', logfmt)).toEqual(expected)
    expect(lane('logfmt', logfmt)).toEqual(expected)
  })

  const text = [
    `${STAMP} INFO app.api: request handled`,
    `${STAMP} INFO app.api: job finished in 440ms`,
    `${STAMP} INFO app.api: export took 2.5s`, // slow
    `${STAMP} INFO app.api: retrying in 5s`, // a wait, not a duration
    `${STAMP} INFO app.api: invoice 77312 sent`, // a digit and an s, no duration
    `${STAMP} INFO [worker-3] app.api: took 1200ms`, // slow, after the context in brackets
    `${STAMP} DEBUG app.db: pool`,
    `${STAMP} [info] started`,
    `${STAMP} info: started`,
    `${STAMP} info started`, // lower case without brackets or colon: the parser looks further
    `${STAMP} NOTICE app: hello`,
    `${STAMP} WARNING app: careful`,
    `${STAMP} ERROR app: down`,
    `${STAMP} INFO2 app: odd`,
    `${STAMP} - app.worker - INFO - done`,
    `2026-11-20 10:00:00.123 - app.worker - INFO - done`,
    `2026-11-20 10:00:00.123 INFO done`, // no comma: plain
    `2026-11-20 10:00:00.123 INFO worker - X - done`, // no comma, but Python's dashes
    `2026-11-20T10:00:00Z INFO done`,
    `2026-11-20 10:00:00 +0100 INFO done`, // an offset: the regex reads those
    `2026-11-20 10:00:00 UTC INFO done`,
    `${STAMP} INFO app: "GET / HTTP/1.1" 200`, // HTTP/, but not the access layout
    `2026-11-20 10:00:00,123 INFO [x] "GET / HTTP/1.1" 200 1`, // the access layout (a request) in auto
    `2026-11-20=10 INFO x`, // logfmt-looking
  ]

  it('text lines, auto-detected', () => {
    expect(lane('auto', text)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      true,
      false,
      true,
      false,
      false,
      false,
      false, // the level word is not right after the stamp: the parser searches for it
      false,
      true,
      true,
      true,
      false,
      false,
      true,
      false,
      false,
    ])
  })

  it('text lines, format: python, with CRLF line endings', () => {
    const accepted = lane('python', text, '\r\n')
    expect(accepted.filter(Boolean).length).toBeGreaterThan(10)
    // The access-looking line is plain text when the format is given.
    expect(accepted[22]).toBe(true)
  })

  it('reads every duration durationInText reads in a text message: the slow ones declined, in any unit', () => {
    const units = ['1500ms', '2s', '2 sec', '2secs', '2 seconds', '2000000us', '1 min', '2mins', '1 minutes']
    const slow = units.flatMap((value) => [
      `${STAMP} INFO app.api: export took ${value}`,
      `${STAMP} INFO app.api: export took ${value.toUpperCase()}.`,
      `${STAMP} INFO [ctx] app.api: sync done (${value}) for user 4`,
    ])
    expect(lane('auto', slow)).toEqual(slow.map(() => false))
    expect(lane('python', slow, '\r\n')).toEqual(slow.map(() => false))
    // Fast ones, and digits before words that only start like a unit, stay in the lane.
    const quiet = [
      `${STAMP} INFO app.api: export took 20ms`,
      `${STAMP} INFO app.api: export took 0.5 S`,
      `${STAMP} INFO app.api: invoice 77312 sent`,
      `${STAMP} INFO app.api: 3 users, 2 mice, 4 stores`,
      `${STAMP} INFO app.api: retrying in 5 minutes`,
    ]
    expect(lane('auto', quiet)).toEqual(quiet.map(() => true))
  })

  it('declines everything when info is reviewed', () => {
    const everyone = { level: () => true, slow: () => false }
    const fast = new FastLane('auto', new TimeParser('UTC'), everyone)
    const lines = [access[0], json[0], logfmt[0], text[0]]
    const piece = lines.join('\n') + '\n'
    let start = 0
    for (const line of lines) {
      expect(fast.read(piece, start, start + line.length)).toBe(false)
      start += line.length + 1
    }
  })

  it('on thousands of lines mutated from these: never a line read otherwise than the parser reads it', () => {
    // A seeded generator, so a failure can be repeated; the characters that move a line across a
    // layout's edges (separators, quotes, brackets, digits, unit letters, CR).
    let seed = 0x2545f491
    const random = (n: number) => {
      seed ^= seed << 13
      seed ^= seed >>> 17
      seed ^= seed << 5
      return (seed >>> 0) % n
    }
    const alphabet = ' \t"[]{}:=,.-/+0123456789aeimsuTZHE\r'
    const seeds = [...access, ...json, ...logfmt, ...text]
    const mutants: string[] = []
    for (let i = 0; i < 4000; i++) {
      let line = seeds[random(seeds.length)]
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(line.length + 1)
        const char = alphabet[random(alphabet.length)]
        const edit = random(4)
        if (edit === 0) line = line.slice(0, at) + char + line.slice(at + 1)
        else if (edit === 1) line = line.slice(0, at) + char + line.slice(at)
        else if (edit === 2) line = line.slice(0, at) + line.slice(at + 1)
        else line = line.slice(0, at)
      }
      mutants.push(line)
    }
    let accepted = 0
    for (const choice of ['auto', 'json', 'logfmt', 'access', 'python', 'plain'] as const) {
      const read = readLines(choice, mutants)
      expect(read.wrong).toEqual([])
      accepted += read.accepted.filter(Boolean).length
    }
    // Enough of them are still read by the lane for the comparison to mean something.
    expect(accepted).toBeGreaterThan(1000)
  })
})
