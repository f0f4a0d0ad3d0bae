import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

import { afterAll, describe, expect, it } from 'vitest'

import { EventAssembler, LogEvent } from '../../src/log-review/events.js'
import { findLogFiles } from '../../src/log-review/files.js'
import { MAX_LINE_BYTES, readLines } from '../../src/log-review/lines.js'
import { LineParser } from '../../src/log-review/parse.js'
import { TimeParser } from '../../src/log-review/timestamps.js'

const dir = mkdtempSync(join(tmpdir(), 'log-review-stream-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function linesOf(
  name: string,
  content: Buffer | string,
): Promise<{ lines: string[]; stats: Awaited<ReturnType<typeof readLines>> }> {
  const path = join(dir, name)
  writeFileSync(path, content)
  const lines: string[] = []
  const stats = await readLines(path, (line) => lines.push(line))
  return { lines, stats }
}

describe('readLines', () => {
  it('splits on LF and CRLF and keeps a partial last line', async () => {
    const { lines, stats } = await linesOf('crlf.log', 'a\r\nb\nc')
    expect(lines).toEqual(['a', 'b', 'c'])
    expect(stats.lines).toBe(3)
  })

  it('cuts a line over 64 KiB for parsing and goes on with the next one', async () => {
    const long = 'x'.repeat(200 * 1024)
    const { lines, stats } = await linesOf('long.log', `first\n${long}\nlast\n${'y'.repeat(100_000)}`)
    expect(lines.map((l) => l.length)).toEqual([5, MAX_LINE_BYTES, 4, MAX_LINE_BYTES])
    expect(stats.cutLines).toBe(2)
  })

  it('turns invalid UTF-8 and binary garbage into replacement characters, not a crash', async () => {
    const garbage = Buffer.concat([
      Buffer.from('ok\n'),
      Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x0a]),
      Buffer.from('é\n'),
    ])
    const { lines } = await linesOf('garbage.log', garbage)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe('ok')
    expect(lines[1]).toContain('\uFFFD')
    expect(lines[2]).toBe('é')
  })

  it('reads gzip by its magic bytes, and a truncated one as far as it goes', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'z'.repeat(i % 50)}`).join('\n') + '\n'
    const whole = gzipSync(text)
    const full = await linesOf('whole.log.2.gz', whole)
    expect(full.stats.lines).toBe(20_000)
    expect(full.stats.damaged).toBeUndefined()
    const cut = await linesOf('cut.log.3.gz', whole.subarray(0, Math.floor(whole.length / 2)))
    expect(cut.stats.damaged).toMatch(/unexpected end of file/i)
    expect(cut.stats.lines).toBeGreaterThan(1000)
    expect(cut.lines.slice(0, 3)).toEqual(['line 0 ', 'line 1 z', 'line 2 zz'])
  })
})

describe('EventAssembler', () => {
  function assemble(text: string): LogEvent[] {
    const events: LogEvent[] = []
    const parser = new LineParser('auto', new TimeParser('UTC'), { level: () => true, slow: () => true })
    const assembler = new EventAssembler(
      (e) => events.push(e),
      () => true,
    )
    for (const line of text.split('\n')) {
      assembler.add(parser.parse(line), line)
    }
    assembler.end()
    return events
  }

  it('makes a traceback part of the error before it, naming the exception and the last in-app frame', () => {
    const events = assemble(
      [
        '2026-11-20 10:00:00,000 ERROR app.db: query failed',
        'Traceback (most recent call last):',
        '  File "/srv/app/app/views.py", line 40, in get_user',
        '    return repo.load(user_id)',
        '  File "/srv/app/app/repo.py", line 12, in load',
        '    cursor.execute(sql)',
        '  File "/usr/lib/python3.12/site-packages/psycopg2/extras.py", line 146, in execute',
        '    return super().execute(query, vars)',
        'psycopg2.errors.QueryCanceled: canceling statement due to statement timeout',
        '2026-11-20 10:00:01,000 INFO app: next',
      ].join('\n'),
    )
    expect(events).toHaveLength(2)
    expect(events[0].record.level).toBe('error')
    expect(events[0].traceback).toMatchObject({
      exception: 'psycopg2.errors.QueryCanceled',
      exceptionMessage: 'canceling statement due to statement timeout',
      frame: '/srv/app/app/repo.py:load',
    })
  })

  it('keeps an exception line that holds a level word (psycopg2: FATAL:) inside its traceback', () => {
    const events = assemble(
      [
        '2026-11-20 10:00:00,000 ERROR app.db: connect failed',
        'Traceback (most recent call last):',
        '  File "/app/app/db.py", line 3, in connect',
        'psycopg2.OperationalError: FATAL:  password authentication failed for user "app"',
        'ERROR:app.next:a record without a timestamp, after the traceback ended',
      ].join('\n'),
    )
    expect(events.map((e) => [e.record.message, e.traceback?.exception])).toEqual([
      ['connect failed', 'psycopg2.OperationalError'],
      ['a record without a timestamp, after the traceback ended', undefined],
    ])
  })

  it('takes the last exception of a chained traceback', () => {
    const [event] = assemble(
      [
        '2026-11-20 10:00:00,000 ERROR app: failed',
        'Traceback (most recent call last):',
        '  File "/app/a.py", line 1, in f',
        'KeyError: 1',
        '',
        'During handling of the above exception, another exception occurred:',
        '',
        'Traceback (most recent call last):',
        '  File "/app/b.py", line 2, in g',
        'ValueError: bad',
      ].join('\n'),
    )
    expect(event.traceback).toMatchObject({ exception: 'ValueError', frame: '/app/b.py:g' })
  })

  it('makes a traceback after an info line (or at the start) an error event of its own, at the time before it', () => {
    const events = assemble(
      [
        'Traceback (most recent call last):',
        '  File "/app/a.py", line 1, in f',
        'RuntimeError: at start',
        '2026-11-20 10:00:00,000 INFO app: worker started',
        'Traceback (most recent call last):',
        '  File "/app/w.py", line 9, in run',
        'ZeroDivisionError: division by zero',
      ].join('\n'),
    )
    expect(events.map((e) => [e.record.level, e.traceback?.exception, e.time])).toEqual([
      ['error', 'RuntimeError', undefined],
      ['info', undefined, Date.parse('2026-11-20T10:00:00Z')],
      ['error', 'ZeroDivisionError', Date.parse('2026-11-20T10:00:00Z')],
    ])
  })

  it('reads a traceback carried in a JSON field (structlog) like one in the file', () => {
    const [event] = assemble(
      JSON.stringify({
        level: 'error',
        event: 'job failed',
        exception:
          'Traceback (most recent call last):\n  File "/app/jobs.py", line 3, in run\nTimeoutError: took too long',
      }),
    )
    expect(event.traceback).toMatchObject({ exception: 'TimeoutError', frame: '/app/jobs.py:run' })
  })
})

describe('findLogFiles', () => {
  it('finds rotated siblings, oldest first, and reports patterns that match nothing', async () => {
    const logs = join(dir, 'logs')
    const names = [
      'app.log',
      'app.log.1',
      'app.log.2.gz',
      'app.log-20261120.gz',
      'app.log.2026-11-19',
      'app.logger',
      'other.log',
    ]
    const { mkdirSync } = await import('node:fs')
    mkdirSync(logs)
    names.forEach((name, i) => {
      writeFileSync(join(logs, name), 'x\n')
      // app.log is the newest; rotated ones older the further they are in the list.
      const t = new Date(Date.UTC(2026, 10, 20) - i * 3_600_000)
      utimesSync(join(logs, name), t, t)
    })
    const found = await findLogFiles(['logs/app.log', 'logs/missing*.log', 'logs/gone.log'], dir, true)
    expect(found.files.map((f) => f.path)).toEqual([
      'logs/app.log.2026-11-19',
      'logs/app.log-20261120.gz',
      'logs/app.log.2.gz',
      'logs/app.log.1',
      'logs/app.log',
    ])
    expect(found.missing).toEqual(['logs/missing*.log', 'logs/gone.log'])
    const plain = await findLogFiles(['logs/*.log'], dir, false)
    expect(plain.files.map((f) => f.path)).toEqual(['logs/other.log', 'logs/app.log'])
  })

  it('reads a file reached by two paths (a symlink, a hard link) once, by the first path', async () => {
    const { linkSync, mkdirSync, symlinkSync } = await import('node:fs')
    const both = join(dir, 'both')
    mkdirSync(both)
    writeFileSync(join(both, 'app.log'), 'x\n')
    symlinkSync(join(both, 'app.log'), join(both, 'current.log'))
    linkSync(join(both, 'app.log'), join(both, 'hard.log'))
    const found = await findLogFiles(['both/current.log', 'both/app.log', 'both/*.log'], dir, false)
    expect(found.files.map((f) => f.path)).toEqual(['both/current.log'])
  })
})
