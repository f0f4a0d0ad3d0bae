/**
 * The candidate-line prefilter against the full parser, line by line: whenever it reads a line for its
 * time alone, the full parser must find that line uninteresting (neither a reviewed level nor slow)
 * with the same format, time and level; and the lines it hands on must be exactly the lines readLines
 * decodes.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { readFileLines, readLines } from '../../src/log-review/lines.js'
import { Level } from '../../src/log-review/model.js'
import { LineParser } from '../../src/log-review/parse.js'
import { FastLane } from '../../src/log-review/fast-lane.js'
import { CandidateLines, Decision } from '../../src/log-review/prefilter.js'
import { TimeParser } from '../../src/log-review/timestamps.js'
import { LOGHUB_DIR } from './loghub.js'
import { QuickRecord, sameQuietRecord } from './quiet-record.js'

const dir = mkdtempSync(join(tmpdir(), 'log-review-prefilter-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SLOW_MS = 1000
// The levels the review wants by default.
const reviewed = (level: Level) => level === 'error' || level === 'warning'

interface Outcome {
  lines: string[]
  decisions: Decision[]
  /** Lines read for their time alone that the full parser reads otherwise. */
  wrong: { line: string; full: unknown; quick: unknown }[]
}

/** Reads `path` through the prefilter, checking every time-only decision with the full parser. */
async function prefilter(path: string): Promise<Outcome> {
  const parser = new LineParser('auto', new TimeParser('UTC'), {
    level: reviewed,
    slow: (ms) => ms >= SLOW_MS,
  })
  const outcome: Outcome = { lines: [], decisions: [], wrong: [] }
  /** Whether the full parser reads `line` as `quick` says, and finds it uninteresting. */
  const check = (line: string, quick: QuickRecord) => {
    outcome.lines.push(line)
    const full = parser.parse(line)
    if (!sameQuietRecord(full, quick, parser.interest)) outcome.wrong.push({ line, full, quick })
  }
  const lane = new CheckedLane(parser)
  await readFileLines(
    path,
    undefined,
    (stats) =>
      new CandidateLines(
        stats,
        {
          line: (line) => outcome.lines.push(line),
          timeOnly: (line) => {
            const quick = parser.timeOnly(line)
            if (quick) check(line, quick)
            return quick
          },
          record: () => {},
          lane,
          light: ({ format, time, level }) => check(lane.line, { format, time, level }),
        },
        true,
        (decision) => outcome.decisions.push(decision),
      ),
  )
  return outcome
}

/** The parser's fast lane, keeping the last line it accepted to be checked. */
class CheckedLane extends FastLane {
  line = ''

  constructor(parser: LineParser) {
    super('auto', parser.times, parser.interest)
  }

  override read(text: string, start: number, end: number): boolean {
    const accepted = super.read(text, start, end)
    if (accepted) this.line = text.slice(start, end)
    return accepted
  }
}

async function decoded(path: string): Promise<string[]> {
  const lines: string[] = []
  await readLines(path, (line) => lines.push(line))
  return lines
}

describe('candidate-line prefilter', () => {
  const fixtures = readdirSync(LOGHUB_DIR).filter((name) => name.endsWith('.log'))
  it('has the Loghub samples to compare on', () => expect(fixtures.length).toBeGreaterThan(10))

  for (const name of fixtures) {
    it(`${name}: every time-only line is one the full parser finds uninteresting`, async () => {
      const path = join(LOGHUB_DIR, name)
      const outcome = await prefilter(path)
      expect(outcome.wrong).toEqual([])
      expect(outcome.lines).toEqual(await decoded(path))
      expect(outcome.decisions).toHaveLength(outcome.lines.length)
    })
  }

  it('on an application log mixing Python, JSON, logfmt and access lines', async () => {
    const lines = [
      '2026-11-20 10:00:00,123 INFO app.api: request handled for user 42',
      '2026-11-20 10:00:00,200 DEBUG app.db: pool size 5',
      '2026-11-20 10:00:01,000 INFO app.api: finished in 1234ms',
      '2026-11-20 10:00:01,100 INFO app.api: finished in 12ms',
      '2026-11-20 10:00:02,000 ERROR app.db: connection refused',
      'Traceback (most recent call last):',
      '  File "/srv/app/app/db.py", line 12, in connect',
      'psycopg2.OperationalError: FATAL: password authentication failed',
      '2026-11-20 10:00:03,000 WARNING app.cache: miss ratio high',
      '2026-11-20 10:00:03,500 - app.worker - INFO - job done',
      '{"time":"2026-11-20T10:00:04Z","level":"info","msg":"ok","duration_ms":12}',
      '{"time":"2026-11-20T10:00:04Z","level":50,"msg":"pino error"}',
      'time=2026-11-20T10:00:05Z level=info msg="cache warm" duration=0.012s',
      '10.0.0.1 - - [20/Nov/2026:10:00:06 +0000] "GET /api/users/7 HTTP/1.1" 200 512 0.004',
      '10.0.0.1 - - [20/Nov/2026:10:00:06 +0000] "GET /api/users/8 HTTP/1.1" 503 0 1.250',
      '[2026-11-20T10:00:07Z] [info] worker started',
      '[2026-11-20T10:00:07Z] [error] worker crashed',
    ]
    const path = join(dir, 'app.log')
    writeFileSync(path, lines.join('\n') + '\n')
    const outcome = await prefilter(path)
    expect(outcome.wrong).toEqual([])
    expect(outcome.lines).toEqual(lines)
    // The plain info lines are read for their time alone; errors and durations in text are not.
    expect(outcome.decisions).toEqual([
      'time-only',
      'time-only',
      'full', // 1234 ms: slow
      'time-only', // 12 ms: read from the message by the fast lane
      'full',
      'full',
      'full',
      'full',
      'full',
      'time-only',
      'time-only', // JSON info, 12 ms
      'full', // pino's 50
      'time-only', // logfmt info, 12 ms
      'time-only', // access, 200 in 4 ms (the fast lane)
      'full', // access, 503
      'time-only',
      'full',
    ])
  })

  it('on JSON and logfmt lines near the common layout', async () => {
    const t = '2026-11-20T10:00:00Z'
    const lines = [
      `{"time":"${t}","level":"info","nested":{"level":"error"}}`,
      `{"time":"${t}","level":"info","msg":"export","duration_ms":5000}`,
      `{"time":"${t}","level":"warn","msg":"slow disk"}`,
      `{"time":"","level":"info","ts":"${t}"}`,
      `{"time":"${t}","level":"info","msg":"cut short"`,
      `{"time":"${t}","level":"notice"}   `,
      `{"time":"${t}","level":"Info","duration":"0.2s"}`,
      `time=${t} level=info msg="ok" duration=0.012s`,
      `time=${t} level=info msg="export" duration=2.5s`,
      `time=${t} level=ERROR msg="db down"`,
      `time="${t}" level=info msg="quoted time"`,
      `time=${t}\tlevel=info msg="tab"`,
      `time=${t} level="debug" msg="quoted level"`,
      `time=${t} level=30 msg="pino number"`,
      `time=${t} level=info msg="GET / HTTP/1.1"`,
    ]
    const path = join(dir, 'structured.log')
    writeFileSync(path, lines.join('\n') + '\n')
    const outcome = await prefilter(path)
    expect(outcome.wrong).toEqual([])
    expect(outcome.lines).toEqual(lines)
    expect(outcome.decisions).toEqual([
      'time-only', // the first level is the one the parser reads
      'full', // slow
      'full', // warn
      'full', // empty time: the parser looks further
      'full', // not a whole object
      'time-only', // trailing spaces
      'time-only',
      'time-only',
      'full', // slow
      'full', // error
      'full', // quoted time
      'full', // a tab after the time
      'time-only',
      'full', // a number for a level
      'time-only', // HTTP/, but not an access line: logfmt (the fast lane)
    ])
  })

  it('on hostile lines: level words inside messages, non-UTF-8 bytes, CRLF, 100 KB lines', async () => {
    const stamp = '2026-11-20 10:00:00,123'
    const content = Buffer.concat([
      Buffer.from(`${stamp} INFO app: the user typed "error" in a form\n`),
      Buffer.from(`${stamp} INFO app: Warnings are off\n`),
      Buffer.from(`${stamp} INFO app: CRITICAL path computed\n`),
      Buffer.from(`${stamp} INFO app: retry took 2 s\n`),
      Buffer.from(`${stamp} INFO app: waited 3\tseconds\n`),
      Buffer.from(`${stamp} INFO app: probe "GET / HTTP/1.1" 500 0\n`),
      Buffer.from(`${stamp} INFO app: bytes `),
      Buffer.from([0xff, 0xfe, 0xc3, 0x0a]),
      Buffer.from(`${stamp} INFO app: café ERROR\n`),
      Buffer.from(`${stamp} INFO app: windows line\r\n`),
      Buffer.from(`${stamp} ERROR app: windows error\r\n`),
      Buffer.from(`${stamp} INFO app: ${'x'.repeat(100 * 1024)}\n`),
      Buffer.from(`${stamp} ERROR app: ${'y'.repeat(100 * 1024)} took 5s\n`),
      Buffer.from(`${stamp} INFO app: last line without newline`),
    ])
    const path = join(dir, 'hostile.log')
    writeFileSync(path, content)
    const outcome = await prefilter(path)
    expect(outcome.wrong).toEqual([])
    expect(outcome.lines).toEqual(await decoded(path))
    expect(outcome.decisions).toEqual([
      'time-only', // "error" in the message of an INFO line
      'time-only', // Warnings, ditto
      'time-only', // CRITICAL, ditto
      'full', // 2 s
      'time-only', // 3\tseconds: no duration word before it (the fast lane reads the message)
      'time-only', // HTTP/, but not an access line (the fast lane)
      'full', // invalid UTF-8
      'full', // é
      'time-only', // CRLF
      'full',
      'full', // 100 KB: cut
      'full',
      'time-only',
    ])
  })
})
