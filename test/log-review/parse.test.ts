import { describe, expect, it } from 'vitest'

import { durationInText, parseDurationValue } from '../../src/log-review/durations.js'
import { endpoint, template } from '../../src/log-review/fingerprint.js'
import { FormatChoice } from '../../src/log-review/inputs.js'
import { Interest } from '../../src/log-review/model.js'
import { LineParser } from '../../src/log-review/parse.js'
import { redact } from '../../src/log-review/redact.js'
import { TimeParser } from '../../src/log-review/timestamps.js'

// Errors and warnings reviewed, 1 s slow threshold: the defaults a user gets.
const DEFAULT_INTEREST: Interest = {
  level: (l) => l === 'error' || l === 'warning',
  slow: (ms) => ms >= 1000,
}
const parser = (format: FormatChoice = 'auto', timeZone = 'UTC') =>
  new LineParser(format, new TimeParser(timeZone), DEFAULT_INTEREST)
const at = (iso: string) => Date.parse(iso)

describe('formats', () => {
  it('reads Python logging layouts, with and without a timestamp', () => {
    const p = parser()
    expect(p.parse('2026-11-20 10:00:00,123 ERROR app.db: could not connect')).toMatchObject({
      format: 'python',
      time: at('2026-11-20T10:00:00.123Z'),
      level: 'error',
      message: 'could not connect',
    })
    expect(p.parse('2026-11-20 10:00:01,000 - app.cache - WARNING - cache cold')).toMatchObject({
      format: 'python',
      level: 'warning',
      message: 'cache cold',
    })
    expect(p.parse('CRITICAL:app.worker:queue lost')).toMatchObject({
      format: 'python',
      time: undefined,
      level: 'error',
    })
  })

  it('reads plain text with a level word, but not ordinary words of a message', () => {
    const p = parser()
    expect(p.parse('[2026-11-20T10:00:00Z] [error] upstream closed')).toMatchObject({
      format: 'plain',
      level: 'error',
    })
    expect(p.parse('2026-11-20T10:00:00Z WARN disk 91% full')).toMatchObject({ level: 'warning' })
    // A timestamp without a level is an info event; "error" in lower case inside a message is not a level.
    expect(p.parse('2026-11-20T10:00:00Z user reported an error in the form')).toMatchObject({
      level: 'info',
    })
    // No timestamp and no level: the line continues the event before it.
    expect(p.parse('  File "/app/app/db.py", line 12, in connect')).toBeUndefined()
    expect(p.parse('psycopg2.OperationalError: could not connect')).toBeUndefined()
    expect(p.parse('')).toBeUndefined()
  })

  it('reads the layouts of the servers around a Python backend: gunicorn, celery, Django, nginx, PostgreSQL', () => {
    const p = parser()
    expect(p.parse('[2026-11-20 10:00:00 +0100] [7] [ERROR] Exception in worker process')).toMatchObject({
      time: at('2026-11-20T09:00:00Z'),
      level: 'error',
      message: 'Exception in worker process',
    })
    expect(
      p.parse('[2026-11-20 10:00:00,123: ERROR/MainProcess] Task sync raised: ValueError()'),
    ).toMatchObject({
      time: at('2026-11-20T10:00:00.123Z'),
      level: 'error',
    })
    expect(p.parse('ERROR 2026-11-20 10:00:00,123 views 12 34 Internal Server Error: /api/x')).toMatchObject({
      time: at('2026-11-20T10:00:00.123Z'),
      level: 'error',
      message: 'views 12 34 Internal Server Error: /api/x',
    })
    expect(
      p.parse('2026/11/20 10:00:00 [error] 31#31: *9 upstream timed out (110: Connection timed out)'),
    ).toMatchObject({
      time: at('2026-11-20T10:00:00Z'),
      level: 'error',
    })
    expect(
      p.parse('2026-11-20 10:00:00.123 UTC [1234] ERROR:  duplicate key value violates unique constraint'),
    ).toMatchObject({
      time: at('2026-11-20T10:00:00.123Z'),
      level: 'error',
      message: 'duplicate key value violates unique constraint',
    })
  })

  it('reads JSON lines: string and pino numeric levels, ISO and epoch times, durations by their unit', () => {
    const p = parser()
    expect(
      p.parse(
        '{"time":"2026-11-20T10:00:00.5+01:00","level":"error","msg":"payment failed","duration_ms":1500}',
      ),
    ).toMatchObject({
      format: 'json',
      time: at('2026-11-20T09:00:00.500Z'),
      level: 'error',
      durationMs: 1500,
    })
    expect(p.parse('{"level":50,"time":1763632800000,"msg":"boom"}')).toMatchObject({
      level: 'error',
      time: 1763632800000,
      message: 'boom',
    })
    expect(p.parse('{"level":40,"time":1763632800,"msg":"slow"}')).toMatchObject({
      level: 'warning',
      time: 1763632800000,
    })
    // Bare numbers of `duration` are seconds; a method and route name the operation.
    expect(p.parse('{"level":"info","duration":2.5,"method":"get","route":"/api/users/42"}')).toMatchObject({
      level: 'info',
      durationMs: 2500,
      operation: 'GET /api/users/<num>',
    })
    // Info lines that are not slow skip JSON.parse, yet keep their time and duration.
    expect(
      p.parse('{"time":"2026-11-20T10:00:00Z","level":"info","msg":"ok","elapsed_ms":12}'),
    ).toMatchObject({
      time: at('2026-11-20T10:00:00Z'),
      level: 'info',
      durationMs: 12,
    })
    // Not JSON after all: read as text.
    expect(p.parse('{broken 2026 ERROR x')).toMatchObject({ level: 'error', format: 'plain' })
  })

  it('reads logfmt, quoted values and escapes included', () => {
    expect(
      parser().parse(
        'time=2026-11-20T10:00:00Z level=error msg="db \\"main\\" down" duration=1.2s op=users_by_email',
      ),
    ).toMatchObject({
      format: 'logfmt',
      time: at('2026-11-20T10:00:00Z'),
      level: 'error',
      message: 'db "main" down',
      durationMs: 1200,
      operation: 'users_by_email',
    })
  })

  it('reads gunicorn/nginx and uvicorn access lines: 5xx are errors, response times by their unit', () => {
    const p = parser()
    const line = (status: number, tail: string) =>
      `10.0.0.1 - - [20/Nov/2026:10:00:00 +0100] "GET /api/users/123?x=1 HTTP/1.1" ${status} 512 "-" "curl/8.5"${tail}`
    expect(p.parse(line(500, ' 1.250'))).toMatchObject({
      format: 'access',
      time: at('2026-11-20T09:00:00Z'),
      level: 'error',
      status: 500,
      durationMs: 1250,
      template: 'HTTP 500 GET /api/users/<num>',
    })
    expect(p.parse(line(200, ' 1500000'))).toMatchObject({
      level: 'info',
      durationMs: 1500,
      operation: 'GET /api/users/<num>',
    })
    expect(p.parse(line(200, ''))).toMatchObject({ level: 'info', durationMs: undefined })
    // The last field is the response time only when it is all of a number and maybe a unit.
    for (const [tail, durationMs] of [
      [' 0.032', 32],
      [' 12ms', 12],
      [' 2s  ', 2000],
      [' 1.', undefined],
      [' 1.5.2', undefined],
      [' .5', undefined],
      [' 12 ms', undefined],
    ] as const)
      expect(p.parse(line(200, tail)), tail).toMatchObject({ durationMs })
    expect(
      p.parse('INFO:     127.0.0.1:5555 - "POST /api/login HTTP/1.1" 504 Gateway Timeout'),
    ).toMatchObject({
      format: 'access',
      level: 'error',
      status: 504,
    })
  })

  it('with a format named, reads only that format and takes other lines as continuations', () => {
    expect(parser('json').parse('2026-11-20 10:00:00,123 ERROR app: x')).toBeUndefined()
    expect(parser('python').parse('2026-11-20 10:00:00,123 ERROR app: x')).toMatchObject({ level: 'error' })
  })

  it('reads times without an offset in the configured zone, across a daylight-saving change', () => {
    const berlin = parser('auto', 'Europe/Berlin')
    expect(berlin.parse('2026-07-01 12:00:00,000 ERROR x')?.time).toBe(at('2026-07-01T10:00:00Z'))
    expect(berlin.parse('2026-12-01 12:00:00,000 ERROR x')?.time).toBe(at('2026-12-01T11:00:00Z'))
    expect(berlin.parse('10.0.0.1 - - [20/Nov/2026:10:00:00] "GET / HTTP/1.1" 200 1')?.time).toBe(
      at('2026-11-20T09:00:00Z'),
    )
  })
})

describe('durations', () => {
  it('finds durations in text, but not waits', () => {
    expect(durationInText('query users took 1.2s')).toBe(1200)
    expect(durationInText('request handled in 1234ms')).toBe(1234)
    expect(durationInText('sync done (2.5s)')).toBe(2500)
    expect(durationInText('elapsed=350ms')).toBe(350)
    expect(durationInText('retrying in 5s')).toBeUndefined()
    // The micro sign (U+00B5) and the Greek mu (U+03BC) that a case-insensitive match takes for it.
    expect(durationInText('took 1500000\u00b5s')).toBe(1500)
    expect(durationInText('took 1500000\u03bcs')).toBe(1500)
    expect(durationInText('user 42 logged in')).toBeUndefined()
  })

  it('reads a JSON log line JSON.parse refuses (NaN, a trailing comma) by its fields, not as a continuation', () => {
    const p = parser()
    expect(
      p.parse('{"time":"2026-11-20T10:00:00Z","level":"error","msg":"export \\"daily\\" failed","took":NaN}'),
    ).toMatchObject({
      format: 'json',
      time: at('2026-11-20T10:00:00Z'),
      level: 'error',
      message: 'export "daily" failed',
      durationMs: undefined,
    })
    expect(p.parse('{"level":"warning","message":"disk at 91%",}')).toMatchObject({
      level: 'warning',
      message: 'disk at 91%',
    })
  })

  it('reads the same duration in a JSON or logfmt line whatever its level (info lines are not parsed in full)', () => {
    const p = parser()
    const T = '2026-11-20T10:00:00Z'
    for (const [fields, durationMs] of [
      ['"duration_ms":1e3', 1000],
      ['"duration_ms":1.5E3', 1500],
      ['"took":2e-1', 200],
      ['"duration_ms":"1e3"', undefined],
      ['"duration":0.5,"duration_ms":1500', 500], // the first duration field in the line
      ['"duration_ms":-5', undefined],
    ] as const)
      for (const level of ['info', 'error']) {
        const line = `{"time":"${T}","level":"${level}","msg":"x",${fields}}`
        expect(p.parse(line), line).toMatchObject({ level, durationMs })
      }
    for (const level of ['info', 'error']) {
      const line = `time=${T} level=${level} msg=x duration=0.5s duration_ms=1500`
      expect(p.parse(line), line).toMatchObject({ level, durationMs: 500 })
    }
  })

  it('reads field values with and without units', () => {
    expect(parseDurationValue('350ms', 's')).toBe(350)
    expect(parseDurationValue('1.5', 's')).toBe(1500)
    expect(parseDurationValue('1.5', 'ms')).toBe(1.5)
    expect(parseDurationValue('soon', 's')).toBeUndefined()
    // Bare numbers and lower-case units are read without the expression; the rest with it, the same way.
    for (const [text, bareUnit, ms] of [
      ['86', 'ms', 86],
      ['86', 's', 86_000],
      ['542ms', 's', 542],
      ['0.25s', 'ms', 250],
      ['5m', 'ms', 300_000],
      [' 5 ms ', 's', 5],
      ['5MS', 's', 5],
      ['3µs', 'ms', 0.003],
      ['1.', 's', undefined],
      ['.5', 's', undefined],
      ['1.5.2', 's', undefined],
      ['12abc', 's', undefined],
      ['5constructor', 's', undefined],
      ['5toString', 's', undefined],
      ['', 's', undefined],
    ] as const)
      expect(parseDurationValue(text, bareUnit), `${text} (${bareUnit})`).toBe(ms)
  })
})

describe('fingerprints and redaction', () => {
  it('masks in linear time: a 200 KB run of word characters takes milliseconds, not seconds', () => {
    const long = 'x'.repeat(200_000)
    const started = performance.now()
    redact(long)
    template(long)
    // Quadratic patterns took about 6 s per pass here; linear ones take a few ms.
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('masks the variable parts, so messages that differ only in them are one group', () => {
    expect(template('user 123 not found')).toBe(template('user 456 not found'))
    expect(
      template(
        'login failed for bob@example.com from 10.1.2.3:5555 session 3f2a9c1d-1111-4b4b-8c8c-0123456789ab',
      ),
    ).toBe('login failed for <email> from <ip> session <uuid>')
    expect(template("cannot open 'a.txt': id deadbeef42")).toBe('cannot open <str>: id <hex>')
    expect(endpoint('GET', '/api/orders/981/items?page=2')).toBe('GET /api/orders/<num>/items')
  })

  it('redacts e-mails, credentials, tokens and long random strings', () => {
    const text =
      'user bob@example.com password=hunter2 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc token=abcd1234efgh ' +
      'key 0123456789abcdef0123456789abcdef db postgres://app:s3cret@db:5432/app blob QWxhZGRpbjpvcGVuIHNlc2FtZQ9x'
    const out = redact(text)
    for (const secret of [
      'bob@example.com',
      'hunter2',
      'eyJhbGciOiJIUzI1NiJ9',
      'abcd1234efgh',
      '0123456789abcdef0123',
      's3cret',
      'QWxhZGRpbjpvcGVu',
    ])
      expect(out).not.toContain(secret)
    expect(out).toContain('password=<redacted>')
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
    expect(redact(`rejected jwt ${jwt}`)).toBe('rejected jwt <jwt>')
    // A logger named auth is not a credential; ordinary long words and paths stay readable.
    expect(redact('app.auth:login throttled')).toBe('app.auth:login throttled')
    expect(redact('/usr/lib/python3/site-packages/sqlalchemy/engine/base.py')).toBe(
      '/usr/lib/python3/site-packages/sqlalchemy/engine/base.py',
    )
  })
})
