import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { findSpikes } from '../../src/log-review/evaluate.js'
import { LogReviewInputs, readInputs } from '../../src/log-review/inputs.js'
import { reviewLogs } from '../../src/log-review/review.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { renderSummary } from '../../src/core/summary.js'
import { configError } from '../support/assertions.js'

const dir = mkdtempSync(join(tmpdir(), 'log-review-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const NOW = new Date('2026-11-27T12:00:00Z')
/** What the review takes from the run: a logger and a clock fixed at NOW. */
const run = () => ({ logger: recordingLogger(), clock: () => NOW })

function inputs(values: Record<string, string>): LogReviewInputs {
  return readInputs(new InputReader(objectInputGetter({ since: 'all', ...values })), NOW, dir)
}

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return name
}

/** `count` lines at minute steps from `start`, each made by `line(time, i)`. */
function times(start: string, count: number, stepMs = 60_000): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(start) + i * stepMs)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '')
      .replace('.', ','),
  )
}

describe('reviewLogs', () => {
  it('counts, groups and times a mixed log exactly', async () => {
    const file = write('mixed.log', [
      '2026-11-20 10:00:00,000 INFO app: started',
      '2026-11-20 10:01:00,000 ERROR app.users: user 123 not found',
      '2026-11-20 10:02:00,000 ERROR app.users: user 456 not found',
      '2026-11-20 10:03:00,000 WARNING app.http: upstream timed out after 30s',
      '2026-11-20 10:04:00,000 ERROR app.db: query failed',
      'Traceback (most recent call last):',
      '  File "/app/app/repo.py", line 12, in load',
      'psycopg2.OperationalError: server closed the connection',
      '{"time":"2026-11-20T10:05:00Z","level":"info","msg":"export done","duration_ms":2500,"route":"/api/export"}',
      '{"time":"2026-11-20T10:06:00Z","level":"info","msg":"export done","duration_ms":3500,"route":"/api/export"}',
      '10.0.0.1 - - [20/Nov/2026:10:07:00 +0000] "GET /api/users/7 HTTP/1.1" 504 0 "-" "curl" 30.000',
      '2026-11-20 10:08:00,000 DEBUG app: noise took 5s',
    ])
    const report = await reviewLogs(inputs({ paths: file }), run())
    expect(report.data?.counts).toMatchObject({
      errors: 4,
      warnings: 1,
      timeouts: 2,
      slow: 4,
      groups: 4,
      spikes: 0,
    })
    const groups = report.data?.groups ?? []
    expect(groups.map((g) => [g.level, g.template, g.count])).toEqual([
      ['error', 'user <num> not found', 2],
      ['error', 'HTTP 504 GET /api/users/<num>', 1],
      ['error', 'psycopg2.OperationalError in /app/app/repo.py:load', 1],
      ['warning', 'upstream timed out after <num>s', 1],
    ])
    expect(report.data?.slow).toEqual([
      { operation: '/api/export', count: 2, p50Ms: 2500, p95Ms: 3500, maxMs: 3500 },
      { operation: 'GET /api/users/<num>', count: 1, p50Ms: 30000, p95Ms: 30000, maxMs: 30000 },
      { operation: 'noise took <num>s', count: 1, p50Ms: 5000, p95Ms: 5000, maxMs: 5000 },
    ])
    expect(report.status).toBe('warn')
  })

  it('finds the spike hour against the median hour, and charts errors per hour with the threshold', async () => {
    const quiet = times('2026-11-20T00:30:00Z', 10, 3_600_000).map((t) => `${t} ERROR app: steady failure`)
    const burst = times('2026-11-20T12:00:00Z', 20, 60_000).map((t) => `${t} ERROR app: burst failure`)
    const file = write('spike.log', [...quiet, ...burst])
    const report = await reviewLogs(inputs({ paths: file }), run())
    expect(report.data?.spikes).toEqual([{ hour: '2026-11-20T12:00:00.000Z', errors: 20, threshold: 10 }])
    const summary = renderSummary(report)
    expect(summary).toContain('```mermaid\nxychart-beta')
    expect(summary).toContain('title "Errors per hour (line: spike threshold 10); spikes 11-20 12h"')
    expect(summary).toMatch(/bar \[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 20\]/)
    expect(summary).toMatch(/line \[10, 10,/)
  })

  it('computes spikes from the median of all hours, empty ones included', () => {
    const { spikes, threshold } = findSpikes(0, [0, 0, 0, 12, 2, 0, 9], 5, 10)
    expect(threshold).toBe(10)
    expect(spikes.map((s) => s.errors)).toEqual([12])
    expect(findSpikes(0, [4, 4, 4, 19, 20], 5, 10).spikes.map((s) => s.errors)).toEqual([20])
  })

  it('keeps the hourly series bounded when a garbled line is dated centuries away', async () => {
    const file = write('garbled.log', [
      '1826-11-20 10:00:00,000 ERROR app: from a broken clock',
      '2026-11-20 10:00:00,000 ERROR app: real',
    ])
    const report = await reviewLogs(inputs({ paths: file }), run())
    expect(report.data?.counts).toMatchObject({ errors: 2 })
    expect(report.charts?.[0].bars.length).toBeLessThanOrEqual(168)
  })

  it('numbers the bars of a week of hours under a named axis, rather than 168 overlapping labels', async () => {
    const file = write(
      'week.log',
      times('2026-11-20T00:30:00Z', 168, 3_600_000).map((t) => `${t} ERROR app: x`),
    )
    const report = await reviewLogs(inputs({ paths: file }), run())
    expect(report.charts?.[0]).toMatchObject({ axis: 'hours since 11-20 00h UTC' })
    expect(renderSummary(report)).toContain('\n  x-axis "hours since 11-20 00h UTC" 0 --> 167\n')
  })

  it('fails on fail-on-errors and max-error-rate, and ignore and levels narrow what counts', async () => {
    const file = write(
      'rate.log',
      times('2026-11-20T10:00:00Z', 6, 20 * 60_000).map(
        (t, i) => `${t} ${i % 2 ? 'ERROR' : 'WARNING'} app: thing ${i}`,
      ),
    )
    const review = (values: Record<string, string>) => reviewLogs(inputs({ paths: file, ...values }), run())
    expect((await review({ 'fail-on-errors': '3' })).status).toBe('fail')
    expect((await review({ 'fail-on-errors': '4' })).status).toBe('warn')
    // 3 errors over 1h40m: 1.8 per hour.
    const rate = await review({ 'max-error-rate': '1.5' })
    expect(rate.checks.find((c) => c.id === 'error-rate')).toMatchObject({ status: 'fail' })
    expect((await review({ 'max-error-rate': '2' })).status).toBe('warn')
    expect((await review({ ignore: 'thing [13]$' })).data?.counts).toMatchObject({ errors: 1, warnings: 3 })
    expect((await review({ levels: 'error' })).data?.counts).toMatchObject({
      errors: 3,
      warnings: 0,
      groups: 1,
    })
  })

  it('keeps at most max-groups groups and counts the rest as other, with a warning', async () => {
    const file = write(
      'many.log',
      Array.from(
        { length: 30 },
        (_, i) =>
          `2026-11-20 10:00:00,000 ERROR app: failure kind ${String.fromCharCode(97 + (i % 26))}${i >= 26 ? 'x' : ''}`,
      ),
    )
    const report = await reviewLogs(inputs({ paths: file, 'max-groups': '10' }), run())
    const groups = report.data?.groups ?? []
    expect(groups).toHaveLength(11)
    expect(groups.find((g) => g.template === '(other)')?.count).toBe(20)
    expect(report.checks.find((c) => c.id === 'groups-cap')?.status).toBe('warn')
  })

  it('reviews only the window of since, skipping files last written before it', async () => {
    const old = write('window.log.1', ['2026-11-01 10:00:00,000 ERROR app: ancient'])
    utimesSync(join(dir, old), new Date('2026-11-01T10:00:00Z'), new Date('2026-11-01T10:00:00Z'))
    const file = write('window.log', [
      '2026-11-19 10:00:00,000 ERROR app: too old',
      '2026-11-19 10:00:01,000 INFO app: continuation follows',
      '2026-11-21 10:00:00,000 ERROR app: recent',
    ])
    const report = await reviewLogs(inputs({ paths: file, since: '7d' }), run())
    expect(report.data?.counts).toMatchObject({ errors: 1, old: 2 })
    const files = report.data?.files ?? []
    expect(files.find((f) => f.path === 'window.log.1')?.skipped).toMatch(/before since/)
  })

  it('fails naming the path when a file is missing, or warns with missing: warn', async () => {
    await expect(reviewLogs(inputs({ paths: 'nope/app.log' }), run())).rejects.toThrow(
      /no file matches 'nope\/app.log'.*missing: warn/,
    )
    const report = await reviewLogs(inputs({ paths: 'nope/app.log', missing: 'warn' }), run())
    expect(report.status).toBe('warn')
    expect(report.checks.find((c) => c.id === 'files')?.detail).toContain("no file matches 'nope/app.log'")
  })

  it("dates the report by the run's clock", async () => {
    const file = write('dated.log', ['2026-11-20 10:00:00,000 ERROR boom'])
    const report = await reviewLogs(inputs({ paths: file }), run())
    expect(report.startedAt).toBe(NOW.toISOString())
  })
})

describe('readInputs', () => {
  it('names the input and the fix for bad values', () => {
    const read = (values: Record<string, string>) => () =>
      readInputs(new InputReader(objectInputGetter(values)), NOW, dir)
    expect(configError(read({ since: 'last week' }))).toMatch(/since.*7d/)
    expect(configError(read({ ignore: 'a(b' }))).toMatch(/ignore.*regular expression/)
    expect(configError(read({ 'fail-on-errors': 'lots' }))).toMatch(/fail-on-errors/)
    expect(configError(read({ levels: 'error,loud' }))).toMatch(/levels/)
    expect(configError(read({ timezone: 'Mars/Olympus' }))).toMatch(/timezone/)
    expect(configError(read({ format: 'xml' }))).toMatch(/format/)
  })

  it('reads since as a duration back from now, a date, or all', () => {
    const since = (text: string) =>
      readInputs(new InputReader(objectInputGetter({ since: text })), NOW, dir).since
    expect(since('7d')).toBe(Date.parse('2026-11-20T12:00:00Z'))
    expect(since('2026-11-20')).toBe(Date.parse('2026-11-20T00:00:00Z'))
    expect(since('2026-11-20T06:00:00+01:00')).toBe(Date.parse('2026-11-20T05:00:00Z'))
    expect(since('all')).toBeUndefined()
  })
})
