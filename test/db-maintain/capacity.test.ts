// The capacity review: a real database that grows between two reports, the second given the first as its
// baseline and run with the clock a day on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { changesSince } from '../../src/db-maintain/capacity.js'
import { CapacitySnapshot } from '../../src/db-maintain/data.js'
import { readInputs } from '../../src/db-maintain/inputs.js'
import { dbMaintain } from '../../src/db-maintain/report-and-maintain.js'
import { InputReader, objectInputGetter } from '../../src/core/inputs.js'
import { recordingLogger } from '../../src/core/logger.js'
import { cellText } from '../../src/core/report.js'
import { createTestDatabase } from '../support/postgres.js'
import { TestDatabase } from './fixture.js'

const DAY_MS = 86_400_000
const serverUrl = inject('databaseUrl')
let db: TestDatabase
let dir: string

beforeAll(async () => {
  db = await createTestDatabase(serverUrl, 'dbcap')
  dir = mkdtempSync(join(tmpdir(), 'dbcap-'))
})
afterAll(async () => {
  await db?.sql('DROP TABLE IF EXISTS growth_scratch')
  await db?.drop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function report(extra: Record<string, string> = {}, clock = () => new Date()) {
  const logger = recordingLogger()
  const inputs = readInputs(new InputReader(objectInputGetter({ 'database-url': db.url, ...extra })))
  const result = await dbMaintain(inputs, logger, { signal: new AbortController().signal, clock })
  return { ...result, warnings: logger.messages.filter((m) => m.startsWith('warning:')) }
}

function saveReport(name: string, report: unknown): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(report))
  return path
}

async function databaseSize(): Promise<number> {
  const { rows } = await db.sql('SELECT pg_database_size(current_database()) AS bytes')
  return Number((rows[0] as { bytes: string }).bytes)
}

describe('db-maintain capacity review', () => {
  it('measures the growth per day since the baseline and projects the days to max-database-size', async () => {
    // Sizes come from pg_class.relpages, which ANALYZE refreshes.
    await db.sql(`CREATE TABLE growth_scratch (id int, payload text);
      INSERT INTO growth_scratch SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 1000) g;
      ANALYZE growth_scratch`)
    const first = await report()
    const before = first.report.data!.capacity
    expect(before.largestTables.map((t) => t.table)).toContain('public.growth_scratch')
    const baseline = saveReport('first.json', first.report)

    // Grow by some megabytes, and leave a third of the new rows dead: a finding the baseline did not have.
    await db.sql(`INSERT INTO growth_scratch SELECT g, repeat(md5(g::text), 4) FROM generate_series(1001, 40000) g;
      DELETE FROM growth_scratch WHERE id % 3 = 0;
      ANALYZE growth_scratch`)
    const grown = (await databaseSize()) - before.databaseBytes
    expect(grown).toBeGreaterThan(2 * 1024 * 1024)
    // At this rate the limit is ten days away.
    const max = before.databaseBytes + 11 * grown

    const dayLater = () => new Date(Date.now() + DAY_MS)
    const second = await report({ baseline, 'max-database-size': `${max}B` }, dayLater)
    expect(second.warnings).toEqual([])
    const after = second.report.data!.capacity
    expect(after.databaseBytes - before.databaseBytes).toBe(grown)

    // One day (and the seconds the runs took) between the two snapshots: the growth per day is the growth.
    const perDay = Number(second.outputs['growth-per-day'])
    expect(perDay).toBeLessThanOrEqual(grown)
    expect(perDay).toBeGreaterThan(grown * 0.99)
    const days = Number(second.outputs['days-to-max-size'])
    expect(days).toBeGreaterThan(9.9)
    expect(days).toBeLessThan(10.1)

    const limit = second.report.checks.find((c) => c.id === 'database-size-limit')
    expect(limit?.status).toBe('warn')
    expect(limit?.detail).toContain('the limit is reached in 10 days')

    expect(second.outputs['new-findings']).toBe(1)
    const changes = second.report.tables.find((t) => t.title.startsWith('Changes since the baseline'))
    const row = (what: string) => changes?.rows.find((r) => cellText(r[0]) === what)?.map(cellText)
    expect(row('Database size')?.[4]).toMatch(/^\+\d/)
    const scratch = row('public.growth_scratch')
    expect(scratch?.[1]).not.toBe('—')
    expect(scratch?.[4]).toMatch(/^\+[\d.]+ MB\/day$/)
    expect(row('New findings')?.[2]).toBe('vacuum')
  })

  it('fails when the database is already over max-database-size, baseline or not', async () => {
    const result = await report({ 'max-database-size': '1MB' })
    const limit = result.report.checks.find((c) => c.id === 'database-size-limit')
    expect(limit?.status).toBe('fail')
    expect(result.report.status).toBe('fail')
    expect(result.outputs['growth-per-day']).toBeUndefined()
  })

  it('goes on with one warning when the baseline cannot be read or predates the capacity review', async () => {
    const missing = join(dir, 'missing.json')
    const unread = await report({ baseline: missing })
    expect(unread.warnings).toHaveLength(1)
    expect(unread.warnings[0]).toContain(missing)
    expect(unread.report.tables.some((t) => t.title.startsWith('Changes'))).toBe(false)
    expect(unread.outputs.status).toBe(unread.report.status)

    const { data, ...older } = unread.report
    const oldPath = saveReport('older.json', { ...older, data: { slowQueries: data?.slowQueries } })
    const old = await report({ baseline: oldPath })
    expect(old.warnings).toHaveLength(1)
    expect(old.warnings[0]).toContain('from before the capacity review')
    expect(old.outputs['growth-per-day']).toBeUndefined()
  })
})

describe('changesSince', () => {
  const snapshot = (takenAt: string, bytes: number, findings: [string, 'pass' | 'warn' | 'fail'][]) =>
    ({
      takenAt,
      databaseBytes: bytes,
      largestTables: [],
      connections: { used: 1, usable: 97 },
      findings: findings.map(([id, status]) => ({ id, status })),
    }) satisfies CapacitySnapshot

  it('counts findings new and fixed, and projects nothing for a database that shrank', () => {
    const changes = changesSince(
      snapshot('2026-01-01T00:00:00Z', 4000, [
        ['vacuum', 'warn'],
        ['connections', 'pass'],
      ]),
      snapshot('2026-01-05T00:00:00Z', 2000, [
        ['vacuum', 'pass'],
        ['connections', 'warn'],
      ]),
      10_000,
    )
    expect(changes).toEqual({
      days: 4,
      growthPerDay: -500,
      daysToMaxSize: undefined,
      newFindings: ['connections'],
      fixedFindings: ['vacuum'],
    })
  })

  it('refuses a baseline taken after this run', () => {
    const later = snapshot('2026-01-05T00:00:00Z', 1, [])
    expect(changesSince(later, snapshot('2026-01-01T00:00:00Z', 1, []))).toHaveProperty('unusable')
  })
})
