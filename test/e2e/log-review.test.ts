// The log-review bundle on Node 24, run as the GitHub runner runs it (action.yml defaults, INPUT_*
// variables, file commands), over log files written into a temp workspace. Timestamps are fixed (with
// since: all) so nothing depends on today's date, except the one test of the default 7d window.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { RunResult, readActionMetadata, runBundle } from '../support/runner.js'

const node = inject('node24')
const runs: RunResult[] = []
const workspaces: string[] = []
afterEach(() => {
  runs.splice(0).forEach((r) => r.cleanup())
  workspaces.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }))
})

interface Group {
  fingerprint: string
  template: string
  level: string
  count: number
  firstSeen?: string
  lastSeen?: string
  example: string
  timeouts: number
  exception?: string
  frame?: string
}

interface FileEntry {
  path: string
  format?: string
  formats: Record<string, number>
  lines: number
  bytes: number
  from?: string
  to?: string
  cutLines: number
  damaged?: string
  skipped?: string
  unreadable?: string
}

interface LogReport {
  status: string
  checks: { id: string; status: string; detail: string }[]
  data: {
    counts: Record<string, number>
    groups: Group[]
    slow: { operation: string; count: number; p50Ms: number; p95Ms: number; maxMs: number }[]
    hours: { hour: string; errors: number; warnings: number }[]
    spikes: { hour: string; errors: number; threshold: number }[]
    files: FileEntry[]
    span: { from?: string; to?: string }
  }
}

const logLines = (...text: string[]) => text.join('\n') + '\n'

/** A temp workspace holding these files (relative path: content); removed after the test. */
function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'log-review-e2e-'))
  workspaces.push(dir)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

/** Runs the bundle with `dir` as GITHUB_WORKSPACE (relative paths start there, as on a runner). */
async function review(dir: string, inputs: Record<string, string> = {}) {
  const result = await runBundle('log-review', {
    node,
    inputs: { since: 'all', ...inputs },
    env: { GITHUB_WORKSPACE: dir },
  })
  runs.push(result)
  return result
}

const reportOf = (result: RunResult): LogReport => JSON.parse(readFileSync(result.outputs.report, 'utf8'))

/**
 * The outputs a workflow reads, in one object so a mismatch shows all of them. Compared with expect.soft:
 * a wrong output is reported without hiding what the rest of the test checks (the report, the summary).
 */
function outputs(result: RunResult) {
  const { status, errors, warnings, timeouts, slow, groups, spikes } = result.outputs
  return { exitCode: result.exitCode, status, errors, warnings, timeouts, slow, groups, spikes }
}

const groupLike = (report: LogReport, pattern: RegExp) =>
  report.data.groups.filter((g) => pattern.test(g.template))
const fileNamed = (report: LogReport, path: string) => report.data.files.find((f) => f.path === path)
const iso = (text: string) => Date.parse(text)

// One file per format, each line a known kind of event. Totals: 12 errors, 7 warnings, 4 timeouts,
// 6 slow (>= 1s), 18 groups (the two "user N not found" errors are one).
const FORMATS: Record<string, string> = {
  'logs/python.log': logLines(
    '2026-11-20 10:00:00,123 INFO app.main: started in 0.2s',
    '2026-11-20 10:01:00,000 ERROR app.db: user 123 not found',
    '2026-11-20 10:02:00,000 ERROR app.db: user 456 not found',
    '2026-11-20 10:03:00,000 - app.cache - WARNING - cache nearly full',
    '2026-11-20 10:04:00,000 - app.api - ERROR - upstream call timed out',
    'WARNING:app.limits:login throttled for client',
    'CRITICAL:app.worker:worker crashed',
  ),
  'logs/json.log': logLines(
    '{"time":"2026-11-20T10:05:00Z","level":"error","msg":"payment failed for order 991"}',
    '{"time":"2026-11-20T10:06:00Z","level":"WARNING","msg":"retrying payment"}',
    `{"time":${iso('2026-11-20T10:07:00Z')},"level":50,"msg":"queue consumer crashed"}`,
    `{"time":${iso('2026-11-20T10:08:00Z')},"level":40,"msg":"queue lag high"}`,
    `{"time":${iso('2026-11-20T10:08:00Z')},"level":30,"msg":"request done","route":"/api/orders","method":"get","duration_ms":1500}`,
    '{"time":"2026-11-20T10:09:00Z","level":"info","msg":"report built","duration":"2.5s"}',
    '{"time":"2026-11-20T10:09:30Z","level":"error","msg":"deadline exceeded calling inventory"}',
    '{"time":"2026-11-20T10:09:45Z","level":"debug","msg":"cache stats"}',
  ),
  'logs/logfmt.log': logLines(
    'time=2026-11-20T10:10:00Z level=warn msg="cache miss storm" duration=1.2s',
    'time=2026-11-20T10:11:00Z level=error msg="smtp send failed" host=mail-1',
    'time=2026-11-20T10:12:00Z level=warn msg="connect ETIMEDOUT 10.0.0.9:5432"',
    'time=2026-11-20T10:13:00Z level=info msg="cron ok" duration=0.3s',
  ),
  'logs/access.log': logLines(
    '10.0.0.1 - - [20/Nov/2026:10:20:00 +0000] "GET /api/users/123?x=1 HTTP/1.1" 200 512 "-" "curl/8.4.0" 0.120',
    '10.0.0.1 - - [20/Nov/2026:10:20:01 +0000] "GET /api/users/456 HTTP/1.1" 200 512 "-" "curl/8.4.0" 2.400',
    '10.0.0.1 - - [20/Nov/2026:10:20:02 +0000] "POST /api/orders HTTP/1.1" 500 0 "-" "curl/8.4.0" 0.050',
    '10.0.0.1 - - [20/Nov/2026:10:20:03 +0000] "POST /api/orders HTTP/1.1" 504 0 "-" "curl/8.4.0" 30.001',
  ),
  'logs/uvicorn.log': logLines(
    'INFO:     127.0.0.1:54321 - "GET /api/items HTTP/1.1" 200 OK',
    'INFO:     127.0.0.1:54322 - "GET /api/items HTTP/1.1" 500 Internal Server Error',
  ),
  'logs/plain.log': logLines(
    '2026-11-20T10:30:00Z [error] disk /dev/sda1 is full',
    '2026-11-20T10:31:00Z WARN memory at 91%',
    '2026-11-20T10:32:00Z [info] all good',
    '2026-11-20T10:33:00Z sync took 3.2s',
  ),
}
const FORMAT_TOTALS = {
  exitCode: 0,
  status: 'warn',
  errors: '12',
  warnings: '7',
  timeouts: '4',
  slow: '6',
  groups: '18',
  spikes: '0',
}

/** The ERROR line and its traceback are one event; so are the second, at the same app frame. */
const TRACEBACKS = logLines(
  '2026-11-20 10:00:00,000 INFO app.main: request started',
  '2026-11-20 10:00:01,000 ERROR app.views: request failed',
  'Traceback (most recent call last):',
  '  File "/srv/app/app/views.py", line 42, in get_user',
  '    user = repo.load(user_id)',
  '  File "/srv/app/app/repo.py", line 17, in load',
  '    return session.execute(query).one()',
  '  File "/srv/app/.venv/lib/python3.12/site-packages/sqlalchemy/engine/base.py", line 1412, in execute',
  '    raise exc',
  'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly',
  '2026-11-20 10:05:00,000 ERROR app.views: request failed for user 7',
  'Traceback (most recent call last):',
  '  File "/srv/app/app/views.py", line 44, in get_user',
  '    user = repo.load(user_id)',
  '  File "/srv/app/app/repo.py", line 19, in load',
  '    return session.execute(query).one()',
  '  File "/srv/app/.venv/lib/python3.12/site-packages/sqlalchemy/engine/base.py", line 1500, in _execute',
  '    raise exc',
  'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server: Connection refused',
  '2026-11-20 10:10:00,000 INFO app.worker: job 7 picked up',
  'Traceback (most recent call last):',
  '  File "/srv/app/app/worker.py", line 88, in run',
  '    customer = payload["customer_id"]',
  "KeyError: 'customer_id'",
  '2026-11-20 10:15:00,000 ERROR app.jobs: sync failed',
  'Traceback (most recent call last):',
  '  File "/srv/app/app/jobs.py", line 12, in sync',
  '    session.execute(query)',
  '  File "/srv/app/.venv/lib/python3.12/site-packages/sqlalchemy/engine/base.py", line 1412, in execute',
  '    raise exc',
  'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly',
)

/** Two errors (one a timeout that took 5 s), two warnings (one a timeout). */
const NOISY = logLines(
  '2026-11-20T10:00:00Z [error] health check timed out (took 5.0s)',
  '2026-11-20T10:01:00Z [error] db down',
  '2026-11-20T10:02:00Z [warn] disk at 85%',
  '2026-11-20T10:03:00Z [warn] cache refresh timed out',
)

/** xorshift32 bytes: "random" garbage that is the same on every run, with a NUL every 97 bytes. */
function garbage(size: number): Buffer {
  const bytes = Buffer.alloc(size)
  let x = 0x12345678
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    bytes[i] = i % 97 === 0 ? 0 : x & 0xff
  }
  return bytes
}

/** A gzip file cut in the middle of its compressed bytes. */
function truncatedGzip(text: string): Buffer {
  const gz = gzipSync(text)
  return gz.subarray(0, Math.floor(gz.length / 2))
}

describe('log-review bundle on Node 24', () => {
  it('reads a large log in worker threads (the worker bundled beside it) to the same report as one thread', async () => {
    // 40 MiB of events (a day per copy), each error followed by a traceback: parts are cut between
    // events only. Workers start at 32 MiB (two parts of at least 16 MiB).
    const event = (i: number) => {
      const at = new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString()
      return i % 10 === 0
        ? logLines(
            `${at.replace('T', ' ').replace('Z', '')} ERROR app.db: query ${i % 7} failed`,
            'Traceback (most recent call last):',
            '  File "/srv/app/app/db.py", line 12, in connect',
            'psycopg2.OperationalError: FATAL: password authentication failed',
          )
        : `{"time":"${at}","level":"info","msg":"request done","route":"/api/items","duration_ms":${i % 1500}}\n`
    }
    const chunk = Array.from({ length: 20_000 }, (_, i) => event(i)).join('')
    const copies = Math.ceil((40 * 1024 * 1024) / chunk.length)
    const text = Array.from({ length: copies }, (_, c) =>
      chunk.replace(/2026-11-20/g, `2026-11-${String(1 + c).padStart(2, '0')}`),
    ).join('')
    const dir = workspace({ 'logs/app.log': text })
    const one = await review(dir, { paths: 'logs/app.log', jobs: '1' })
    const two = await review(dir, { paths: 'logs/app.log', jobs: '2' })
    expect(two.exitCode).toBe(0)
    expect(two.stdout).toMatch(/reading in \d+ parts with this thread and 1 worker thread\n/)
    const untimed = (result: RunResult) => {
      const report: Record<string, unknown> = { ...reportOf(result) }
      delete report.startedAt
      delete report.finishedAt
      return report
    }
    expect(untimed(two)).toEqual(untimed(one))
    expect(reportOf(two).data.counts.errors).toBe(copies * 2000)
  })

  it('runs on Node 24, the runtime action.yml declares', () => {
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./)
    expect(readActionMetadata('log-review').runs.using).toBe('node24')
  })

  describe('formats', () => {
    it('reads Python, JSON (pino too), logfmt, gunicorn and uvicorn access and plain logs: exact counts', async () => {
      const result = await review(workspace(FORMATS), { paths: 'logs/*.log' })
      expect.soft(outputs(result)).toEqual(FORMAT_TOTALS)
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      expect(report.data.counts).toMatchObject({
        errors: 12,
        warnings: 7,
        timeouts: 4,
        slow: 6,
        groups: 18,
        spikes: 0,
        lines: 29,
      })

      // user 123 / user 456 not found: one group of 2, the only group that mentions a user.
      const users = groupLike(report, /user/)
      expect(users).toHaveLength(1)
      expect(users[0]).toMatchObject({
        level: 'error',
        count: 2,
        firstSeen: '2026-11-20T10:01:00.000Z',
        lastSeen: '2026-11-20T10:02:00.000Z',
      })
      expect(users[0].template).toMatch(/user <num> not found$/)
      const byLevel = (level: string) => report.data.groups.filter((g) => g.level === level)
      expect(byLevel('error')).toHaveLength(11)
      expect(byLevel('error').reduce((sum, g) => sum + g.count, 0)).toBe(12)
      expect(byLevel('warning')).toHaveLength(7)
      expect(byLevel('warning').reduce((sum, g) => sum + g.count, 0)).toBe(7)
      const timeoutExamples = report.data.groups.filter((g) => g.timeouts > 0).map((g) => g.example)
      expect(timeoutExamples).toHaveLength(4)
      for (const text of ['upstream call timed out', 'deadline exceeded', 'ETIMEDOUT', '" 504 '])
        expect(timeoutExamples.filter((e) => e.includes(text))).toHaveLength(1)
      // pino's numeric levels: 50 is an error, 40 a warning, 30 (info) is not reviewed.
      expect(groupLike(report, /queue consumer crashed/)[0]).toMatchObject({ level: 'error', count: 1 })
      expect(groupLike(report, /queue lag high/)[0]).toMatchObject({
        level: 'warning',
        firstSeen: '2026-11-20T10:08:00.000Z', // from the epoch-ms time
      })
      expect(groupLike(report, /request done/)).toEqual([])
      // basicConfig's CRITICAL is an error; the uvicorn 500 is an error too.
      expect(groupLike(report, /worker crashed/)[0].level).toBe('error')
      expect(
        report.data.groups.some((g) => g.level === 'error' && g.example.includes('GET /api/items')),
      ).toBe(true)

      expect(
        report.data.slow
          .map(({ operation, count, p50Ms, maxMs }) => ({ operation, count, p50Ms, maxMs }))
          .sort((a, b) => b.maxMs - a.maxMs),
      ).toEqual([
        { operation: 'POST /api/orders', count: 1, p50Ms: 30001, maxMs: 30001 },
        { operation: 'sync took <num>s', count: 1, p50Ms: 3200, maxMs: 3200 },
        { operation: 'report built', count: 1, p50Ms: 2500, maxMs: 2500 },
        { operation: 'GET /api/users/<num>', count: 1, p50Ms: 2400, maxMs: 2400 },
        { operation: 'GET /api/orders', count: 1, p50Ms: 1500, maxMs: 1500 },
        { operation: 'cache miss storm', count: 1, p50Ms: 1200, maxMs: 1200 },
      ])

      const files = [...report.data.files].sort((a, b) => a.path.localeCompare(b.path))
      expect(
        files.map(({ path, format, formats, lines, cutLines }) => ({
          path,
          format,
          formats,
          lines,
          cutLines,
        })),
      ).toEqual([
        { path: 'logs/access.log', format: 'access', formats: { access: 4 }, lines: 4, cutLines: 0 },
        { path: 'logs/json.log', format: 'json', formats: { json: 8 }, lines: 8, cutLines: 0 },
        { path: 'logs/logfmt.log', format: 'logfmt', formats: { logfmt: 4 }, lines: 4, cutLines: 0 },
        { path: 'logs/plain.log', format: 'plain', formats: { plain: 4 }, lines: 4, cutLines: 0 },
        { path: 'logs/python.log', format: 'python', formats: { python: 7 }, lines: 7, cutLines: 0 },
        { path: 'logs/uvicorn.log', format: 'access', formats: { access: 2 }, lines: 2, cutLines: 0 },
      ])
      expect(fileNamed(report, 'logs/python.log')).toMatchObject({
        from: '2026-11-20T10:00:00.123Z',
        to: '2026-11-20T10:04:00.000Z',
      })
      expect(fileNamed(report, 'logs/access.log')).toMatchObject({
        from: '2026-11-20T10:20:00.000Z',
        to: '2026-11-20T10:20:03.000Z',
      })
      expect(report.data.span).toEqual({ from: '2026-11-20T10:00:00.123Z', to: '2026-11-20T10:33:00.000Z' })

      expect(result.summary).toMatch(/^## ⚠️ Log review: 12 errors, 7 warnings in 18 groups/)
      for (const [metric, value] of [
        ['Errors', 12],
        ['Warnings', 7],
        ['Timeouts', 4],
        ['Slow operations', 6],
        ['Groups', 18],
        ['Spike hours', 0],
      ])
        expect(result.summary).toContain(`<tr><td>${metric}</td><td>${value}</td></tr>`)
      expect(result.summary).toMatch(
        /<tr><td>error<\/td><td>2<\/td><td>[^<]*user &lt;num&gt; not found<\/td>/,
      )
      expect(result.summary).toMatch(/<tr><td>POST \/api\/orders<\/td><td>1<\/td>/)
      for (const file of Object.keys(FORMATS)) expect(result.summary).toContain(`<td>${file}</td>`)
    })

    it('reads the same lines mixed in one file line by line: the same counts, formats per line', async () => {
      const mixed = Object.values(FORMATS).join('')
      const result = await review(workspace({ 'mixed/app.log': mixed }), { paths: 'mixed/app.log' })
      expect.soft(outputs(result)).toEqual(FORMAT_TOTALS)
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      expect(report.data.files).toHaveLength(1)
      expect(report.data.files[0]).toMatchObject({
        path: 'mixed/app.log',
        format: 'json',
        formats: { python: 7, json: 8, logfmt: 4, access: 6, plain: 4 },
        lines: 29,
        cutLines: 0,
      })
      const users = groupLike(report, /user/)
      expect(users.map((g) => g.count)).toEqual([2])
      expect(report.data.span).toEqual({ from: '2026-11-20T10:00:00.123Z', to: '2026-11-20T10:33:00.000Z' })
    })
  })

  describe('Python tracebacks', () => {
    it('counts an ERROR line and its traceback as one error, grouped by exception and last app frame', async () => {
      const result = await review(workspace({ 'logs/app.log': TRACEBACKS }), { paths: 'logs/app.log' })
      // Two OperationalErrors at app/repo.py:load (one group), a KeyError after an INFO line (an error of
      // its own), an OperationalError at app/jobs.py:sync (another group).
      expect.soft(outputs(result)).toEqual({
        exitCode: 0,
        status: 'warn',
        errors: '4',
        warnings: '0',
        timeouts: '0',
        slow: '0',
        groups: '3',
        spikes: '0',
      })
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      expect(report.data.counts).toMatchObject({ errors: 4, events: 6, lines: 31 })

      const repo = report.data.groups.filter((g) => g.frame?.endsWith('app/repo.py:load'))
      expect(repo).toHaveLength(1)
      expect(repo[0]).toMatchObject({
        level: 'error',
        count: 2,
        exception: 'sqlalchemy.exc.OperationalError',
        firstSeen: '2026-11-20T10:00:01.000Z',
        lastSeen: '2026-11-20T10:05:00.000Z',
      })
      // In-app frame only: no site-packages frame, no line number in the fingerprint.
      for (const g of report.data.groups) {
        expect(g.fingerprint).not.toMatch(/site-packages|sqlalchemy\/engine|line \d|:\d+/)
        expect(g.frame).not.toMatch(/site-packages/)
      }

      const keyError = report.data.groups.filter((g) => g.exception === 'KeyError')
      expect(keyError).toHaveLength(1)
      expect(keyError[0]).toMatchObject({ level: 'error', count: 1, firstSeen: '2026-11-20T10:10:00.000Z' })
      expect(keyError[0].frame).toMatch(/app\/worker\.py:run$/)

      const jobs = report.data.groups.filter((g) => g.frame?.endsWith('app/jobs.py:sync'))
      expect(jobs).toHaveLength(1)
      expect(jobs[0]).toMatchObject({ count: 1, exception: 'sqlalchemy.exc.OperationalError' })
      expect(result.summary).toContain('sqlalchemy.exc.OperationalError')
    })

    it('keeps a traceback whose exception message has a capitalised level word (psycopg2 FATAL:) in its event', async () => {
      // psycopg2 raises `OperationalError: FATAL:  ...` for every refused PostgreSQL login: the exception
      // line closes the traceback, it does not start a new event.
      const log = logLines(
        '2026-11-20 10:20:00,000 ERROR app.db: connect failed',
        'Traceback (most recent call last):',
        '  File "/srv/app/app/db.py", line 30, in connect',
        '    return psycopg2.connect(dsn)',
        '  File "/srv/app/.venv/lib/python3.12/site-packages/psycopg2/__init__.py", line 122, in connect',
        '    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
        'psycopg2.OperationalError: FATAL:  password authentication failed for user "app"',
      )
      const result = await review(workspace({ 'logs/app.log': log }), { paths: 'logs/app.log' })
      expect(result.exitCode).toBe(0)
      const report = reportOf(result)
      expect(report.data.counts).toMatchObject({ errors: 1, groups: 1, events: 1 })
      expect(report.data.groups[0]).toMatchObject({ count: 1, exception: 'psycopg2.OperationalError' })
      expect(report.data.groups[0].frame).toMatch(/app\/db\.py:connect$/)
    })
  })

  it('finds the spike hour (20 errors against 1 an hour) and charts errors per hour', async () => {
    const quiet = Array.from({ length: 10 }, (_, h) => `2026-11-20T0${h}:15:00Z [error] job ${h} failed`)
    const burst = Array.from(
      { length: 20 },
      (_, i) => `2026-11-20T10:${String(i * 2).padStart(2, '0')}:00Z [error] db pool exhausted`,
    )
    const dir = workspace({ 'logs/app.log': logLines(...quiet, ...burst) })
    const result = await review(dir)
    expect.soft(outputs(result)).toEqual({
      exitCode: 0,
      status: 'warn',
      errors: '30',
      warnings: '0',
      timeouts: '0',
      slow: '0',
      groups: '2',
      spikes: '1',
    })
    const report = reportOf(result)
    expect(report.status).toBe('warn')
    // Median hour 1 error, so the threshold is max(spike-min 10, 5 x 1).
    expect(report.data.spikes).toEqual([{ hour: '2026-11-20T10:00:00.000Z', errors: 20, threshold: 10 }])
    expect(report.data.hours).toHaveLength(11)
    expect(report.data.hours.at(-1)).toEqual({ hour: '2026-11-20T10:00:00.000Z', errors: 20, warnings: 0 })
    expect(report.checks.find((c) => c.id === 'spikes')?.status).toBe('warn')
    expect(result.summary).toMatch(/```mermaid\nxychart-beta\n/)
    expect(result.summary).toContain('bar [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 20]')

    // The same hour under a higher spike-min is no spike.
    const calmer = await review(dir, { 'spike-min': '21' })
    expect(calmer.outputs.spikes).toBe('0')
    expect(reportOf(calmer).data.spikes).toEqual([])
  })

  describe('rotated files', () => {
    // 1, 2, 4, 8 and 16 errors: each file's share of the total is plain to see.
    const errorsAt = (hour: string, n: number) =>
      logLines(
        ...Array.from(
          { length: n },
          (_, i) => `2026-11-${hour}:${String(i).padStart(2, '0')}:00Z [error] e${i}`,
        ),
      )
    function rotatedWorkspace() {
      const dir = workspace({
        'logs/app.log': errorsAt('20T14', 1),
        'logs/app.log.1': errorsAt('20T13', 2),
        'logs/app.log.2.gz': gzipSync(errorsAt('20T12', 4)),
        'logs/app.log-20261119.gz': gzipSync(errorsAt('19T12', 8)),
        'logs/app.log.2026-11-18': errorsAt('18T12', 16),
        // Not rotations of app.log:
        'logs/app.log.bak': errorsAt('20T15', 32),
        'logs/other.log': errorsAt('20T15', 32),
      })
      // Older rotations were last written earlier, as on a server.
      const names = ['app.log-20261119.gz', 'app.log.2026-11-18', 'app.log.2.gz', 'app.log.1']
      names.forEach((name, i) =>
        utimesSync(join(dir, 'logs', name), new Date(2026, 10, 19 + i), new Date(2026, 10, 19 + i)),
      )
      return dir
    }

    it('reads app.log with app.log.1, app.log.2.gz and date-stamped rotations by default', async () => {
      const result = await review(rotatedWorkspace()) // default paths: logs/app.log
      expect(result.exitCode).toBe(0)
      expect(result.outputs.errors).toBe('31')
      const report = reportOf(result)
      expect(
        report.data.files
          .map(({ path, format, lines }) => ({ path, format, lines }))
          .sort((a, b) => a.path.localeCompare(b.path)),
      ).toEqual([
        { path: 'logs/app.log', format: 'plain', lines: 1 },
        { path: 'logs/app.log-20261119.gz', format: 'plain', lines: 8 },
        { path: 'logs/app.log.1', format: 'plain', lines: 2 },
        { path: 'logs/app.log.2.gz', format: 'plain', lines: 4 },
        { path: 'logs/app.log.2026-11-18', format: 'plain', lines: 16 },
      ])
      expect(report.data.span).toEqual({ from: '2026-11-18T12:00:00.000Z', to: '2026-11-20T14:00:00.000Z' })
    })

    it('with include-rotated: false reads app.log only', async () => {
      const result = await review(rotatedWorkspace(), { 'include-rotated': 'false' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.errors).toBe('1')
      expect(reportOf(result).data.files.map((f) => f.path)).toEqual(['logs/app.log'])
    })
  })

  describe('hostile input', () => {
    it('survives CRLF, invalid UTF-8, binary garbage, 200 KB and 1.5 MB lines, a partial last line, mixed zones', async () => {
      const dir = workspace({
        'hostile/crlf.log': [
          '2026-11-20T10:00:00Z [error] crlf plain line',
          '{"time":"2026-11-20T10:01:00Z","level":"error","msg":"crlf json line"}',
          'time=2026-11-20T10:02:00Z level=warn msg=crlf-logfmt-line',
          '',
        ].join('\r\n'),
        'hostile/bad-utf8.log': Buffer.concat([
          Buffer.from('2026-11-20T10:03:00Z [error] bad bytes '),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from(' in the middle\n'),
        ]),
        'hostile/garbage.log': garbage(64 * 1024),
        'hostile/long.log': logLines(
          '2026-11-20T10:04:00Z [error] before the long line',
          `2026-11-20T10:05:00Z [error] long ${'x'.repeat(200 * 1024)}`,
          '2026-11-20T10:06:00Z [warn] after the long line',
          // Longer than a read chunk (1 MiB): its end arrives in a later chunk.
          'y'.repeat(1536 * 1024),
          '2026-11-20T10:07:00Z [error] after the huge line',
        ),
        'hostile/partial.log': '2026-11-20T10:08:00Z [info] started\n2026-11-20T10:09:00Z [error] last words',
        // 09:50Z, 11:20Z and 11:00Z: read naively (offsets ignored) they would span 11:20 to 13:00.
        'hostile/tz.log': logLines(
          '2026-11-20T11:50:00+02:00 [error] zoned east',
          '2026-11-20T11:20:00Z [error] zoned utc',
          '2026-11-20T13:00:00+02:00 [warn] zoned east again',
        ),
      })
      // Lines are cut to 64 KiB so that a long one costs no more than a short one (cutLines below); how
      // long the run takes is the benchmark's business, not a test's on a shared machine.
      const result = await review(dir, { paths: 'hostile/*.log' })
      expect(result.stderr).toBe('')
      expect.soft(outputs(result)).toEqual({
        exitCode: 0,
        status: 'warn',
        errors: '9',
        warnings: '3',
        timeouts: '0',
        slow: '0',
        groups: '12',
        spikes: '0',
      })
      const report = reportOf(result)
      expect(report.status).toBe('warn')

      expect(fileNamed(report, 'hostile/crlf.log')).toMatchObject({
        lines: 3,
        formats: { plain: 1, json: 1, logfmt: 1 },
      })
      for (const g of report.data.groups) {
        expect(g.template).not.toMatch(/\r/)
        expect(g.example).not.toMatch(/\r/)
      }
      expect(groupLike(report, /^crlf-logfmt-line$/)).toHaveLength(1)

      expect(groupLike(report, /bad bytes/)[0].example).toContain('bad bytes \uFFFD')
      const junk = fileNamed(report, 'hostile/garbage.log')
      expect(junk?.lines).toBeGreaterThan(0)
      expect(junk?.formats).toEqual({})

      expect(fileNamed(report, 'hostile/long.log')).toMatchObject({ lines: 5, cutLines: 2 })
      const long = groupLike(report, /^long x/)
      expect(long).toHaveLength(1)
      expect(long[0].example.length).toBeLessThanOrEqual(500)
      expect(groupLike(report, /after the long line/)).toHaveLength(1)
      expect(groupLike(report, /after the huge line/)).toHaveLength(1)

      expect(fileNamed(report, 'hostile/partial.log')).toMatchObject({ lines: 2 })
      expect(groupLike(report, /^last words$/)).toHaveLength(1)

      expect(fileNamed(report, 'hostile/tz.log')).toMatchObject({
        from: '2026-11-20T09:50:00.000Z',
        to: '2026-11-20T11:20:00.000Z',
      })
      expect(report.data.span).toEqual({ from: '2026-11-20T09:50:00.000Z', to: '2026-11-20T11:20:00.000Z' })
      expect(groupLike(report, /^zoned east$/)[0].firstSeen).toBe('2026-11-20T09:50:00.000Z')

      // The summary shows examples, not the 200 KB line.
      expect(Buffer.byteLength(result.summary)).toBeLessThan(64 * 1024)
    })

    it('reads a truncated .gz up to the cut, counts those lines, and warns naming the damaged file', async () => {
      const archived = logLines(
        ...Array.from(
          { length: 2000 },
          (_, i) =>
            `2026-11-20T${String(10 + Math.floor(i / 600)).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}:00Z [warn] archived warning ${i} ${(i * 7919) % 100_003}`,
        ),
      )
      const dir = workspace({
        'logs/app.log': logLines('2026-11-20T14:00:00Z [info] up', '2026-11-20T14:01:00Z [info] ready'),
        'logs/archive.log.gz': truncatedGzip(archived),
      })
      const result = await review(dir, { paths: 'logs/app.log\nlogs/archive.log.gz' })
      expect(result.exitCode).toBe(0)
      expect.soft(result.outputs.status).toBe('warn')
      expect(result.outputs.errors).toBe('0')
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      const gz = fileNamed(report, 'logs/archive.log.gz')!
      expect(gz.lines).toBeGreaterThan(100)
      expect(gz.lines).toBeLessThan(2000)
      // Every whole line read is a warning; the cut last line may be too short to be one.
      const warnings = Number(result.outputs.warnings)
      expect(warnings === gz.lines || warnings === gz.lines - 1).toBe(true)
      expect(fileNamed(report, 'logs/app.log')).toMatchObject({ lines: 2 })
      const files = report.checks.find((c) => c.id === 'files')
      expect(files?.status).toBe('warn')
      expect(files?.detail).toMatch(/logs\/archive\.log\.gz.*damaged/)
      expect(
        result.annotations.some(
          (a) =>
            a.kind === 'warning' && a.message.includes('logs/archive.log.gz') && /damaged/.test(a.message),
        ),
      ).toBe(true)
      expect(result.summary).toMatch(/<td>logs\/archive\.log\.gz<\/td>.*damaged/)
    })

    it('names the damage of the truncated .gz in the report (data.files[].damaged)', async () => {
      const dir = workspace({
        'logs/archive.log.gz': truncatedGzip(
          logLines(
            ...Array.from({ length: 2000 }, (_, i) => `2026-11-20T10:00:00Z [warn] archived ${i * 7919}`),
          ),
        ),
      })
      const result = await review(dir, { paths: 'logs/archive.log.gz' })
      expect(result.exitCode).toBe(0)
      const gz = fileNamed(reportOf(result), 'logs/archive.log.gz')
      expect(gz?.damaged).toMatch(/unexpected end of file/i)
    })
  })

  describe('read failures', () => {
    /**
     * Root reads a chmod 000 file anyway, so as root the bundle runs without the two capabilities that
     * allow it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): the kernel then refuses it with EACCES as it
     * would refuse any other user. Not root (a GitHub runner): chmod 000 is enough. The wrapper is a
     * bash script: dash (/bin/sh) drops variables named with a hyphen, such as INPUT_FAIL-ON-ERRORS.
     */
    function unprivilegedNode(): string {
      if (process.getuid?.() !== 0) return node
      const dir = workspace({})
      const wrapper = join(dir, 'node-without-dac-override')
      const drop = '-dac_override,-dac_read_search'
      writeFileSync(
        wrapper,
        `#!/bin/bash\nexec setpriv --inh-caps=${drop} --bounding-set=${drop} '${node}' "$@"\n`,
      )
      chmodSync(wrapper, 0o755)
      return wrapper
    }

    const ERRORS = logLines(
      ...Array.from(
        { length: 1000 },
        (_, i) => `2026-11-20T10:${String(i % 60).padStart(2, '0')}:00Z [error] failure ${i}`,
      ),
    )

    /** A workspace with a readable file of info lines and a chmod 000 file of 1,000 errors. */
    function lockedWorkspace(): string {
      const dir = workspace({
        'logs/app.log': logLines('2026-11-20T09:00:00Z [info] up'),
        'logs/locked.log': ERRORS,
      })
      chmodSync(join(dir, 'logs/locked.log'), 0o000)
      return dir
    }

    /** 1,000 ERROR lines whose deflate data is corrupt from its first block: zlib inflates nothing. */
    function corruptGzip(): Buffer {
      const gz = gzipSync(ERRORS)
      gz[20] ^= 0xff
      return gz
    }

    const GATES: Record<string, string>[] = [{ 'fail-on-errors': '1' }, { 'max-error-rate': '1000' }]

    async function reviewAs(dir: string, inputs: Record<string, string>) {
      const result = await runBundle('log-review', {
        node: unprivilegedNode(),
        inputs: { since: 'all', ...inputs },
        env: { GITHUB_WORKSPACE: dir },
      })
      runs.push(result)
      return result
    }

    it('an unreadable file (EACCES) does not crash, is named in a check that is not pass, and errors are not called none', async () => {
      const result = await reviewAs(lockedWorkspace(), { paths: 'logs/*.log' })
      expect(result.stderr).not.toMatch(/Unhandled|EACCES.*\n\s+at /)
      expect(result.exitCode).toBe(0)
      expect.soft(result.outputs.status).toBe('warn')
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      const files = report.checks.find((c) => c.id === 'files')!
      expect(files.status).toBe('warn')
      expect(files.detail).toMatch(/logs\/locked\.log.*could not be read.*permission denied/i)
      const errors = report.checks.find((c) => c.id === 'errors')!
      expect(errors.status).toBe('warn')
      expect(errors.detail).toMatch(/not known.*logs\/locked\.log/)
      expect(fileNamed(report, 'logs/locked.log')?.unreadable).toMatch(/EACCES|permission denied/i)
      expect(fileNamed(report, 'logs/app.log')).toMatchObject({ lines: 1 })
      expect(result.summary).toMatch(/⚠️ warn<\/td>\s*<td>Errors<\/td>/)
      expect(
        result.annotations.some((a) => a.kind === 'warning' && a.message.includes('logs/locked.log')),
      ).toBe(true)
    })

    it('with fail-on-errors or max-error-rate set, an unreadable file fails the run', async () => {
      const dir = lockedWorkspace()
      for (const gate of GATES) {
        const result = await reviewAs(dir, { paths: 'logs/*.log', ...gate })
        expect(result.stderr).not.toMatch(/Unhandled/)
        expect(result.exitCode, JSON.stringify(gate)).toBe(1)
        expect.soft(result.outputs.status).toBe('fail')
        const report = reportOf(result)
        expect(report.status).toBe('fail')
        expect(report.checks.find((c) => c.id === 'files')?.status).toBe('fail')
        expect(result.annotations.filter((a) => a.kind === 'error').at(-1)?.message).toMatch(
          /^log-review: .*logs\/locked\.log/,
        )
      }
    })

    it('a folder it may enter but not list (mode 0311): app.log is read, the rotated files are named as unknown', async () => {
      const dir = workspace({ 'logs/app.log': logLines('2026-11-20T09:00:00Z [info] up') })
      chmodSync(join(dir, 'logs'), 0o311)
      try {
        const result = await reviewAs(dir, { paths: 'logs/app.log' })
        expect(result.stdout).not.toMatch(/unexpected error/)
        expect(result.exitCode).toBe(0)
        const report = reportOf(result)
        expect(fileNamed(report, 'logs/app.log')).toMatchObject({ lines: 1 })
        expect(report.checks.find((c) => c.id === 'files')).toMatchObject({ status: 'warn' })
        expect(report.checks.find((c) => c.id === 'files')?.detail).toMatch(
          /logs could not be listed, so its rotated files were not read: EACCES/,
        )
        expect(report.checks.find((c) => c.id === 'errors')?.status).toBe('warn')
        const gated = await reviewAs(dir, { paths: 'logs/app.log', 'fail-on-errors': '1' })
        expect(gated.exitCode).toBe(1)
        expect(reportOf(gated).checks.find((c) => c.id === 'files')?.status).toBe('fail')
      } finally {
        chmodSync(join(dir, 'logs'), 0o755)
      }
    })

    it('a corrupt .gz of 1,000 errors: warns that it could not be read in full, and fails with a gate set', async () => {
      const dir = workspace({
        'logs/app.log': logLines('2026-11-20T09:00:00Z [info] up'),
        'logs/app.log.1.gz': corruptGzip(),
      })
      const plain = await review(dir, { paths: 'logs/app.log' })
      expect(plain.exitCode).toBe(0)
      const report = reportOf(plain)
      expect(report.status).toBe('warn')
      expect(report.checks.find((c) => c.id === 'files')).toMatchObject({ status: 'warn' })
      expect(report.checks.find((c) => c.id === 'files')?.detail).toMatch(/logs\/app\.log\.1\.gz.*damaged/)
      expect(report.checks.find((c) => c.id === 'errors')).toMatchObject({ status: 'warn' })
      expect(fileNamed(report, 'logs/app.log.1.gz')?.damaged).toBeTruthy()

      for (const gate of GATES) {
        const gated = await review(dir, { paths: 'logs/app.log', ...gate })
        expect(gated.exitCode, JSON.stringify(gate)).toBe(1)
        expect.soft(gated.outputs.status).toBe('fail')
        expect(reportOf(gated).checks.find((c) => c.id === 'files')?.status).toBe('fail')
      }
    })
  })

  describe('secrets', () => {
    const SECRETS = [
      'hunter2secret',
      'eyJhbGciOiJIUzI1NiJ9.abcDEF123456789ghiJKL',
      'abcDEF123456789ghiJKL',
      'alice.smith@example.com',
      'abcdef0123456789abcdef0123456789',
      'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
    ]

    /** Everything a run leaves where people can read it. */
    const visible = (result: RunResult) =>
      [
        result.stdout,
        result.stderr,
        result.summary,
        readFileSync(join(result.dir, 'output'), 'utf8'),
        readFileSync(result.outputs.report, 'utf8'),
      ].join('\n')

    it('never shows a password, bearer token, e-mail, token= value or hex key: summary, report, outputs, log', async () => {
      const log = logLines(
        '2026-11-20T10:00:00Z [error] login failed for alice.smith@example.com with password=hunter2secret',
        '2026-11-20T10:01:00Z [error] upstream rejected Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcDEF123456789ghiJKL',
        '2026-11-20T10:02:00Z [warn] retry with token=abcdef0123456789abcdef0123456789',
        '2026-11-20T10:03:00Z [error] session a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 expired',
        '{"time":"2026-11-20T10:04:00Z","level":"error","msg":"signup rejected for alice.smith@example.com password=hunter2secret"}',
        'time=2026-11-20T10:05:00Z level=error msg="token=abcdef0123456789abcdef0123456789 refused"',
        '{"time":"2026-11-20T10:06:00Z","level":"info","msg":"export done","url":"/v1/export?token=abcdef0123456789abcdef0123456789","duration_ms":4000}',
        '10.0.0.1 - - [20/Nov/2026:10:07:00 +0000] "GET /reset?token=abcdef0123456789abcdef0123456789&email=alice.smith@example.com HTTP/1.1" 500 0 "-" "curl/8.4.0" 2.5',
        '2026-11-20 10:08:00,000 ERROR app.db: connect failed',
        'Traceback (most recent call last):',
        '  File "/srv/app/app/db.py", line 30, in connect',
        '    return psycopg2.connect("postgresql://app:hunter2secret@db:5432/app")',
        'psycopg2.OperationalError: could not connect to postgresql://app:hunter2secret@db:5432/app as alice.smith@example.com',
      )
      const result = await review(workspace({ 'logs/app.log': log }), { paths: 'logs/app.log' })
      expect(result.exitCode).toBe(0)
      expect(result.outputs.errors).toBe('7')
      expect(result.outputs.warnings).toBe('1')
      expect(result.outputs.slow).toBe('2')
      const shown = visible(result)
      expect(SECRETS.filter((secret) => shown.includes(secret))).toEqual([])
      // Still reviewed, just masked.
      const report = reportOf(result)
      expect(report.data.groups.some((g) => g.example.includes('<email>'))).toBe(true)
      expect(report.data.groups.some((g) => /Authorization: .*<redacted>/.test(g.example))).toBe(true)
      expect(report.data.groups.some((g) => g.example.includes('password=<redacted>'))).toBe(true)
    })

    it('masks what leaked before (--password, -p, %3D, sk_live_, Slack webhook, pass "...", jsessionid group names) and leaves "token verification failed" alone', async () => {
      const leaked = [
        'hunter2secret',
        'S3cretPass',
        'abcdefghijklmnopqrstuvwx',
        'my quoted value',
        'ABCDEFGHIJKLmnopqrst',
        'T01ABCDEF/B02GHIJKL',
      ]
      const log = logLines(
        '2026-11-20T10:00:00Z [error] backup failed: mysqldump --user app --password hunter2secret appdb',
        '2026-11-20T10:01:00Z [error] restore failed: mysql -uroot -pS3cretPass appdb',
        '2026-11-20T10:02:00Z [error] redirect loop at /login?next=%2Fhome%3Fpassword%3Dhunter2secret',
        '2026-11-20T10:03:00Z [error] charge failed with key sk_live_abcdefghijklmnopqrstuvwx',
        '2026-11-20T10:04:00Z [error] alert not sent to https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/abcdefghijklmnopqrstuvwx',
        '2026-11-20T10:05:00Z [error] smtp login pass "my quoted value" rejected',
        '2026-11-20T10:06:00Z [warn] token verification failed',
        '10.0.0.1 - - [20/Nov/2026:10:07:00 +0000] "GET /cart;jsessionid=ABCDEFGHIJKLmnopqrst HTTP/1.1" 500 0 "-" "curl/8.4.0" 0.2',
      )
      const result = await review(workspace({ 'logs/app.log': log }), {
        paths: 'logs/app.log',
        'fail-on-errors': '1',
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.errors).toBe('7')
      const shown = visible(result) + result.annotations.map((a) => `${a.title} ${a.message}`).join('\n')
      expect(leaked.filter((secret) => shown.includes(secret))).toEqual([])
      const report = reportOf(result)
      const templates = report.data.groups.map((g) => g.template)
      expect(templates).toContain('HTTP 500 GET /cart;jsessionid=<redacted>')
      expect(templates).toContain('token verification failed')
      expect(report.data.groups.every((g) => !g.fingerprint.includes('ABCDEFGHIJKL'))).toBe(true)
    })

    it('masks a JWT outside an Authorization header too (a long base64 string)', async () => {
      const jwt =
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
      const log = logLines(`2026-11-20T10:09:00Z [error] rejected jwt ${jwt}`)
      const result = await review(workspace({ 'logs/app.log': log }), { paths: 'logs/app.log' })
      expect(result.outputs.errors).toBe('1')
      const shown = visible(result)
      expect(jwt.split('.').filter((part) => shown.includes(part))).toEqual([])
    })
  })

  describe('bad input', () => {
    const ok = () => workspace({ 'logs/app.log': logLines('2026-11-20T10:00:00Z [info] up') })

    it('fails on a path that matches nothing: exit 1, one line naming the path and missing: warn', async () => {
      const result = await review(ok(), { paths: 'logs/app.log\nlogs/nope.log' })
      expect(result.exitCode).toBe(1)
      const errors = result.annotations.filter((a) => a.kind === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0].message).toMatch(/^log-review: /)
      expect(errors[0].message).toContain('logs/nope.log')
      expect(errors[0].message).toContain('missing: warn')
      expect(errors[0].message).not.toContain('\n')
      expect(result.stdout).not.toMatch(/\n\s+at /)
    })

    it('with missing: warn, reads the rest and warns about the missing path', async () => {
      const result = await review(ok(), { paths: 'logs/app.log\nlogs/nope.log', missing: 'warn' })
      expect.soft(outputs(result)).toEqual({
        exitCode: 0,
        status: 'warn',
        errors: '0',
        warnings: '0',
        timeouts: '0',
        slow: '0',
        groups: '0',
        spikes: '0',
      })
      expect(
        result.annotations.some(
          (a) => a.kind === 'warning' && a.message.includes("no file matches 'logs/nope.log'"),
        ),
      ).toBe(true)
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      expect(report.checks.find((c) => c.id === 'files')?.status).toBe('warn')
      expect(report.data.files.map((f) => f.path)).toEqual(['logs/app.log'])
    })

    it.each([
      [{ since: 'yesterday' }, "log-review: input 'since' is 'yesterday'"],
      [{ ignore: 'health(check' }, "log-review: input 'ignore' is 'health(check'"],
      [{ 'fail-on-errors': 'lots' }, "log-review: input 'fail-on-errors' is 'lots'"],
    ])('%o: exit 1, one line naming the input', async (inputs, message) => {
      const result = await review(ok(), inputs)
      expect(result.exitCode).toBe(1)
      const errors = result.annotations.filter((a) => a.kind === 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0].message.startsWith(message)).toBe(true)
      expect(errors[0].message).not.toContain('\n')
      expect(result.outputs.report).toBeUndefined()
    })
  })

  describe('gates and filters', () => {
    it('fail-on-errors: 1 fails the step on one error; 2 does not', async () => {
      const dir = workspace({
        'logs/app.log': logLines('2026-11-20T10:00:00Z [info] up', '2026-11-20T10:01:00Z [error] db down'),
      })
      const failed = await review(dir, { 'fail-on-errors': '1' })
      expect(failed.exitCode).toBe(1)
      expect.soft(failed.outputs.status).toBe('fail')
      expect(failed.outputs.errors).toBe('1')
      expect(reportOf(failed).status).toBe('fail')
      expect(failed.annotations.filter((a) => a.kind === 'error').at(-1)?.message).toMatch(
        /^log-review: .*fail-on-errors is 1/,
      )

      const passed = await review(dir, { 'fail-on-errors': '2' })
      expect(passed.exitCode).toBe(0)
      expect.soft(passed.outputs.status).toBe('warn')
      expect(reportOf(passed).status).toBe('warn')
    })

    it('max-error-rate: 6 errors over 2 hours (3 an hour) fail a limit of 2, not a limit of 3', async () => {
      const dir = workspace({
        'logs/app.log': logLines(
          ...['10:00', '10:30', '11:00', '11:30', '11:45', '12:00'].map(
            (t) => `2026-11-20T${t}:00Z [error] payment provider refused`,
          ),
        ),
      })
      const over = await review(dir, { 'max-error-rate': '2' })
      expect(over.exitCode).toBe(1)
      expect.soft(over.outputs.status).toBe('fail')
      expect(reportOf(over).status).toBe('fail')
      expect(reportOf(over).checks.find((c) => c.id === 'error-rate')?.status).toBe('fail')
      const at = await review(dir, { 'max-error-rate': '3' })
      expect(at.exitCode).toBe(0)
      expect.soft(at.outputs.status).toBe('warn')
      expect(reportOf(at).status).toBe('warn')
    })

    it('ignore drops a matching error from every count: errors, timeouts, slow, groups, hours', async () => {
      const dir = workspace({ 'logs/app.log': NOISY })
      const all = await review(dir)
      expect.soft(outputs(all)).toMatchObject({
        errors: '2',
        warnings: '2',
        timeouts: '2',
        slow: '1',
        groups: '4',
      })
      const result = await review(dir, { ignore: '^\\S+ \\[error\\] health check' })
      expect.soft(outputs(result)).toEqual({
        exitCode: 0,
        status: 'warn',
        errors: '1',
        warnings: '2',
        timeouts: '1',
        slow: '0',
        groups: '3',
        spikes: '0',
      })
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      expect(groupLike(report, /health/)).toEqual([])
      expect(report.data.slow).toEqual([])
      expect(report.data.hours).toEqual([{ hour: '2026-11-20T10:00:00.000Z', errors: 1, warnings: 2 }])
      expect(result.summary).not.toContain('health check')
    })

    it('levels: error reviews errors only: warnings 0, their timeouts and groups gone', async () => {
      const result = await review(workspace({ 'logs/app.log': NOISY }), { levels: 'error' })
      expect.soft(outputs(result)).toEqual({
        exitCode: 0,
        status: 'warn',
        errors: '2',
        warnings: '0',
        timeouts: '1',
        slow: '1', // slow is for every level
        groups: '2',
        spikes: '0',
      })
      const report = reportOf(result)
      expect(report.status).toBe('warn')
      expect(report.data.groups.map((g) => g.level)).toEqual(['error', 'error'])
    })

    it('slow-threshold: 500ms and 2s give 8 and 3 slow operations on the same file', async () => {
      const dir = workspace({
        'logs/app.log': logLines(
          '{"time":"2026-11-20T10:00:00Z","level":"info","msg":"render","duration_ms":700}',
          '{"time":"2026-11-20T10:00:01Z","level":"info","msg":"ping","duration_ms":499}',
          '{"time":"2026-11-20T10:00:02Z","level":"info","msg":"import","took_ms":2000}',
          'time=2026-11-20T10:00:03Z level=info msg="resize" duration=1.5s',
          '10.0.0.1 - - [20/Nov/2026:10:00:04 +0000] "GET /a HTTP/1.1" 200 1 "-" "curl/8.4.0" 0.800',
          '10.0.0.1 - - [20/Nov/2026:10:00:05 +0000] "GET /b HTTP/1.1" 200 1 "-" "curl/8.4.0" 2.500',
          // gunicorn %(D)s / Apache %D: whole microseconds.
          '10.0.0.1 - - [20/Nov/2026:10:00:06 +0000] "GET /c HTTP/1.1" 200 1 "-" "curl/8.4.0" 1200000',
          '2026-11-20T10:00:07Z [info] export took 3s',
          '2026-11-20 10:00:08,000 INFO app.cache: warmed in 600ms',
          '2026-11-20 10:00:09,000 WARNING app.net: retrying in 5s',
        ),
      })
      const fast = await review(dir, { 'slow-threshold': '500ms' })
      expect(fast.outputs.slow).toBe('8')
      expect(reportOf(fast).data.counts.slow).toBe(8)
      const slow = await review(dir, { 'slow-threshold': '2s' })
      expect(slow.outputs.slow).toBe('3')
      expect(
        reportOf(slow)
          .data.slow.map((s) => s.maxMs)
          .sort((a, b) => b - a),
      ).toEqual([3000, 2500, 2000])
      expect(slow.summary).toContain('Slow operations (at least 2s)')
      const byDefault = await review(dir)
      expect(byDefault.outputs.slow).toBe('5')
    })
  })

  it('by default (since: 7d) skips a line 8 days old and counts one an hour old', async () => {
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
    const dir = workspace({
      'logs/app.log': logLines(
        `${ago(8 * 86_400_000)} [error] stale failure from last week`,
        `${ago(3_600_000)} [error] fresh failure`,
      ),
    })
    const result = await runBundle('log-review', { node, env: { GITHUB_WORKSPACE: dir } })
    runs.push(result)
    expect.soft(outputs(result)).toMatchObject({ exitCode: 0, status: 'warn', errors: '1', groups: '1' })
    const report = reportOf(result)
    expect(report.status).toBe('warn')
    expect(report.data.counts).toMatchObject({ errors: 1, events: 1 })
    expect(report.data.groups.map((g) => g.template)).toEqual(['fresh failure'])
    expect(Date.parse(report.data.span.from!)).toBeGreaterThan(Date.now() - 2 * 3_600_000)
  })
})
