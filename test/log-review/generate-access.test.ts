import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { generateAccessLog } from '../../bench/log-review/generate.mjs'
import { readInputs } from '../../src/log-review/inputs.js'
import { reviewLogs } from '../../src/log-review/review.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'

// The benchmark compares log-review with GoAccess on this log and checks both against its truth, so the
// truth must be what the file holds, and what log-review's contract counts in it.

const dir = mkdtempSync(join(tmpdir(), 'log-review-access-gen-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface AccessTruth {
  bytes: number
  lines: number
  requests: number
  errors: number
  warnings: number
  timeouts: number
  slow: number
  byStatus: Record<string, number>
  spikes: { count: number }
}

// The gunicorn line the generator writes: combined format plus the response time in seconds.
const LINE = /^\S+ - - \[[^\]]+\] "[A-Z]+ \S+ HTTP\/1\.1" (\d{3}) \d+ "-" "[^"]*" (\d+\.\d{3})$/

describe('generateAccessLog', () => {
  it('writes the same bytes for the same seed, and its truth counts what the file holds', async () => {
    const targetBytes = 2 * 1024 * 1024
    const truth = (await generateAccessLog(join(dir, 'access.log'), {
      targetBytes,
      seed: 5,
    })) as unknown as AccessTruth
    await generateAccessLog(join(dir, 'again.log'), { targetBytes, seed: 5 })
    const text = readFileSync(join(dir, 'access.log'), 'utf8')
    expect(readFileSync(join(dir, 'again.log'), 'utf8')).toBe(text)
    expect(Buffer.byteLength(text)).toBe(truth.bytes)

    const lines = text.trimEnd().split('\n')
    const byStatus: Record<string, number> = {}
    let slow = 0
    for (const line of lines) {
      const m = LINE.exec(line)
      expect(m, line).not.toBeNull()
      byStatus[m![1]] = (byStatus[m![1]] ?? 0) + 1
      if (Number(m![2]) >= 1) slow++
    }
    expect(lines.length).toBe(truth.requests)
    expect(byStatus).toEqual(truth.byStatus)
    const count = (test: (status: number) => boolean) =>
      Object.entries(byStatus).reduce((n, [status, c]) => (test(Number(status)) ? n + c : n), 0)
    expect(truth.errors).toBe(count((s) => s >= 500))
    expect(truth.timeouts).toBe(count((s) => s === 504))
    expect(truth.slow).toBe(slow)
    // The spike hour is in the log at this size, so the spike check is not vacuous.
    expect(truth.errors).toBeGreaterThan(50)
    expect(truth.spikes.count).toBe(1)
  })

  it('is counted by log-review format: access exactly as its truth says', async () => {
    const truth = (await generateAccessLog(join(dir, 'review.log'), {
      targetBytes: 2 * 1024 * 1024,
      seed: 9,
    })) as unknown as AccessTruth
    const inputs = readInputs(
      new InputReader(
        objectInputGetter({
          paths: 'review.log',
          since: 'all',
          format: 'access',
          'slow-threshold': '1s',
          jobs: '1',
        }),
      ),
      new Date('2026-11-27T12:00:00Z'),
      dir,
    )
    const report = await reviewLogs(inputs, {
      logger: recordingLogger(),
      clock: () => new Date('2026-11-27T12:00:00Z'),
    })
    const counts = report.data!.counts
    expect({
      errors: counts.errors,
      warnings: counts.warnings,
      timeouts: counts.timeouts,
      slow: counts.slow,
      spikes: counts.spikes,
      lines: counts.lines,
    }).toEqual({
      errors: truth.errors,
      warnings: 0,
      timeouts: truth.timeouts,
      slow: truth.slow,
      spikes: truth.spikes.count,
      lines: truth.lines,
    })
  })
})
