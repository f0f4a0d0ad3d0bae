import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { buildWorker } from './worker-build.js'
import { generateLog } from '../../bench/log-review/generate.mjs'
import { LogReviewInputs, readInputs } from '../../src/log-review/inputs.js'
import { parserFor } from '../../src/log-review/read-range.js'
import { nominalCuts, workUnits } from '../../src/log-review/ranges.js'
import { ReviewOptions, reviewLogs } from '../../src/log-review/review.js'
import { Aggregate } from '../../src/log-review/aggregate.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'

const LOGHUB = resolve('test/fixtures/log-review/loghub')
const dir = mkdtempSync(join(tmpdir(), 'log-review-parallel-'))
const NOW = new Date('2026-11-27T12:00:00Z')
let worker: Awaited<ReturnType<typeof buildWorker>>
beforeAll(async () => {
  worker = await buildWorker()
})
afterAll(() => {
  worker?.remove()
  rmSync(dir, { recursive: true, force: true })
})

function inputs(values: Record<string, string>, cwd = dir): LogReviewInputs {
  return readInputs(new InputReader(objectInputGetter({ since: 'all', ...values })), NOW, cwd)
}

/** A review's report without its timings, the one thing two runs may differ in. */
async function review(
  values: Record<string, string>,
  options: ReviewOptions = {},
  cwd = dir,
): Promise<Record<string, unknown>> {
  const logger = recordingLogger()
  const report = await reviewLogs(
    inputs(values, cwd),
    { logger, clock: () => NOW },
    {
      workerUrl: worker.url,
      ...options,
    },
  )
  const rest: Record<string, unknown> = { ...report }
  delete rest.startedAt
  delete rest.finishedAt
  return rest
}

/** Parts of a file as a review with `jobs` would cut it, with parts of at least minBytes. */
async function partsOf(path: string, jobs: number, minBytes: number, values: Record<string, string> = {}) {
  const { size } = await import('node:fs/promises').then((fs) => fs.stat(path))
  const given = inputs(values)
  const parser = parserFor(given, new Aggregate(given))
  const file = { path, absolute: path, size, mtimeMs: 0 }
  return workUnits([{ file, read: true }], jobs, minBytes, parser)
}

describe('log-review across workers', () => {
  it('cuts a file only at lines that start an event with a timestamp, never inside a traceback', async () => {
    const lines: string[] = []
    for (let i = 0; i < 4000; i++) {
      const at = `2026-11-20 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},000`
      lines.push(`${at} ERROR app.db: query ${i} failed`)
      // Long tracebacks whose exception line looks like a record (FATAL: is a level word).
      lines.push('Traceback (most recent call last):')
      for (let f = 0; f < 20; f++) lines.push(`  File "/srv/app/app/db${f}.py", line ${f}, in connect`)
      lines.push('psycopg2.OperationalError: FATAL: password authentication failed')
    }
    const path = join(dir, 'tracebacks.log')
    writeFileSync(path, lines.join('\n') + '\n')
    const units = await partsOf(path, 4, 64 * 1024)
    expect(units).toHaveLength(4)
    const text = readFileSync(path)
    for (const unit of units.slice(1)) {
      const start = unit.range!.start
      expect(text[start - 1]).toBe(0x0a)
      expect(text.toString('utf8', start, start + 40)).toMatch(/^2026-11-20 10:\d\d:\d\d,000 ERROR/)
    }
    // The parts cover the file, in order, without a gap.
    expect(units[0].range!.start).toBe(0)
    expect(units.at(-1)!.range!.end).toBe(text.length)
    for (let i = 1; i < units.length; i++) expect(units[i].range!.start).toBe(units[i - 1].range!.end)

    expect(await review({ paths: 'tracebacks.log', jobs: '3' }, { minRangeBytes: 64 * 1024 })).toEqual(
      await review({ paths: 'tracebacks.log', jobs: '1' }),
    )
  })

  it('halves the last parts when there are more parts than threads', async () => {
    // 5 parts of 200 bytes for 2 threads: 3 whole, then 4 halves, so no thread ends a whole part alone.
    expect(nominalCuts(1000, 5, 2)).toEqual([200, 400, 600, 700, 800, 900])
    // As many parts as threads: they end together anyway.
    expect(nominalCuts(1000, 2, 2)).toEqual([500])
    // With the action's proportions (smallest and largest part 16 MiB of a 300 MiB file): 18 parts,
    // the last 2 halved, 20 in all, covering the file without a gap.
    const path = join(dir, 'halves.log')
    writeFileSync(path, '2026-11-20 10:00:00,000 INFO app: ok\n'.repeat(100_000))
    const part = Math.floor((statSync(path).size * 16) / 300)
    const given = inputs({})
    const file = { path, absolute: path, size: statSync(path).size, mtimeMs: 0 }
    const units = await workUnits(
      [{ file, read: true }],
      2,
      part,
      parserFor(given, new Aggregate(given)),
      part,
    )
    expect(units).toHaveLength(20)
    const sizes = units.map((u) => u.range!.end - u.range!.start)
    expect(Math.min(...sizes.slice(0, 16))).toBeGreaterThanOrEqual(part)
    for (const half of sizes.slice(16)) expect(half).toBeLessThan(part)
    expect(units.at(-1)!.range!.end).toBe(file.size)
  })

  it('keeps a gzip file, a file without a timed line and one it cannot read whole', async () => {
    const gz = join(dir, 'big.log.gz')
    writeFileSync(gz, gzipSync(readFileSync(join(LOGHUB, 'BGL_2k.log'))))
    expect(await partsOf(gz, 4, 16)).toEqual([{ file: 0, path: gz }])
    // Listed, then gone before it was read: its reader says so, as in one thread.
    const vanished = join(dir, 'vanished.log')
    const file = { path: vanished, absolute: vanished, size: 1 << 30, mtimeMs: 0 }
    const given = inputs({})
    expect(await workUnits([{ file, read: true }], 2, 16, parserFor(given, new Aggregate(given)))).toEqual([
      { file: 0, path: vanished },
    ])
    const untimed = join(dir, 'untimed.log')
    writeFileSync(untimed, 'no time here\n'.repeat(100_000))
    expect(await partsOf(untimed, 4, 64 * 1024)).toEqual([{ file: 0, path: untimed }])
  })

  it.each(readdirSync(LOGHUB).filter((name) => name.endsWith('.log')))(
    'gives the same report with 3 jobs as with 1 on Loghub %s',
    async (name) => {
      const values = { paths: name, levels: 'error, warning, info', 'max-groups': '50' }
      const one = await review({ ...values, jobs: '1' }, {}, LOGHUB)
      const three = await review({ ...values, jobs: '3' }, { minRangeBytes: 16 * 1024 }, LOGHUB)
      expect(three).toEqual(one)
      // Many small parts: workers wait for the examined part to catch up, results do not change.
      const many = { minRangeBytes: 8 * 1024, maxRangeBytes: 16 * 1024 }
      expect(await review({ ...values, jobs: '2' }, many, LOGHUB)).toEqual(one)
    },
  )

  it('gives the same report with 3 jobs as with 1 on a generated multi-format log and its rotated files', async () => {
    // The benchmark's generator: Python logging, JSON, logfmt and access lines, tracebacks, timeouts,
    // slow operations (more than the reservoir keeps per operation), a spike hour.
    await generateLog(join(dir, 'app.log'), { targetBytes: 6 * 1024 * 1024, seed: 7 })
    await generateLog(join(dir, 'app.log.1'), { targetBytes: 1024 * 1024, seed: 8 })
    writeFileSync(join(dir, 'app.log.2.gz'), gzipSync(readFileSync(join(dir, 'app.log.1'))))
    const values = { paths: 'app.log', 'slow-threshold': '1s', 'max-groups': '200' }
    const units = await partsOf(join(dir, 'app.log'), 3, 1024 * 1024)
    expect(units.length).toBe(3)
    const one = await review({ ...values, jobs: '1' })
    const three = await review({ ...values, jobs: '3' }, { minRangeBytes: 1024 * 1024 })
    expect(three).toEqual(one)
    expect((one.data as { counts: { errors: number } }).counts.errors).toBeGreaterThan(100)
  })

  it('fails the review with a clear message when a worker dies, and never passes', async () => {
    const url = join(dir, 'crash.mjs')
    writeFileSync(url, "throw new Error('worker bug')\n")
    await expect(
      review(
        { paths: 'tracebacks.log', jobs: '2' },
        { minRangeBytes: 64 * 1024, workerUrl: new URL(`file://${url}`) },
      ),
    ).rejects.toThrow(/log-review worker failed reading .*tracebacks\.log \(bytes \d+-\d+\): worker bug/)
  })

  it('ends the workers and rejects when the run is cancelled', async () => {
    // A log long enough that the review is still running when the signal fires.
    const path = join(dir, 'long.log')
    const line = '2026-11-20 10:00:00,000 ERROR app: something failed for user 42\n'
    for (let i = 0; i < 8; i++) appendFileSync(path, line.repeat(50_000))
    const controller = new AbortController()
    const logger = recordingLogger()
    const started = reviewLogs(
      inputs({ paths: 'long.log', jobs: '2' }),
      { logger, clock: () => NOW, signal: controller.signal },
      { minRangeBytes: 1024 * 1024, workerUrl: worker.url },
    )
    controller.abort(new Error('the run was cancelled'))
    await expect(started).rejects.toThrow('the run was cancelled')
  })
})
