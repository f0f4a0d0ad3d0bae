import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { percentChange, readBaseline } from '../../src/core/baseline.js'
import { recordingLogger } from '../../src/core/logger.js'
import { createReport } from '../../src/core/report.js'

const dir = mkdtempSync(join(tmpdir(), 'baseline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const report = (action: string) =>
  createReport({ action, title: 't', checks: [], startedAt: '2026-12-01T00:00:00Z' })

describe('readBaseline', () => {
  it('reads an earlier report of the same action and format', () => {
    const logger = recordingLogger()
    const path = file('ok.json', JSON.stringify(report('log-review')))
    expect(readBaseline(path, 'log-review', logger)?.action).toBe('log-review')
    expect(logger.messages).toEqual([])
  })

  it('says in one warning why a baseline cannot serve, and goes on without it', () => {
    const older = { ...report('log-review'), schemaVersion: undefined }
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /cannot be read/],
      [file('text.json', 'not json'), /is not JSON/],
      [file('array.json', '[1,2]'), /is not a runbook-actions report/],
      [
        file('other.json', JSON.stringify(report('health-gate'))),
        /is a health-gate report, not log-review's/,
      ],
      [file('older.json', JSON.stringify(older)), /report format from before versions, this run writes 1/],
    ]
    for (const [path, why] of cases) {
      const logger = recordingLogger()
      expect(readBaseline(path, 'log-review', logger)).toBeUndefined()
      expect(logger.messages).toHaveLength(1)
      expect(logger.messages[0]).toMatch(why)
      expect(logger.messages[0]).toMatch(/give the report file of an earlier log-review run$/)
    }
  })
})

describe('percentChange', () => {
  it('reads as people read a regression', () => {
    expect(percentChange(100, 125)).toBe('+25%')
    expect(percentChange(200, 190)).toBe('-5%')
    expect(percentChange(100, 100.01)).toBe('±0%')
    expect(percentChange(0, 5)).toBe('new')
  })
})
